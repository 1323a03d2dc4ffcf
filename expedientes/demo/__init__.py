"""Demo and load cases, walked through the procedure by the real services.

Wired in three places: ``crear_admin_demo`` (``make run``: the role accounts and
``CASOS_DEMO``, a working office with a case in every activity and every deadline
state), ``manage.py generar_casos N`` (``generar``: N realistic cases; ``--rapido``:
``insertar_rapido``) and the bench (``bench/casos.py``: ``insertar_rapido`` for
100,000 cases).

What is where:

- ``personal.py``: the demo staff, one account per role (``PERSONAL``,
  ``personal_asegurar``), and the municipal account that files a municipality's
  generated cases (``cuenta_municipal``).
- ``reloj.py``: the fake clock. Business days back from today (``Calendario``),
  the moment of each step (``Relojero``) and ``reloj``, which makes
  ``timezone.now()`` that moment while a step's service runs (why, in its doc).
- ``pasos.py``: what a case is made of (``CasoDemo``, its steps ``Paso``), each
  step as a call to one service (``ACCIONES``) and ``caso_crear``, which files a
  case and runs its steps; ``pdf_demo`` stands for a scanned document.
- ``casos.py``: the fixed cases of ``make run`` (``CASOS_DEMO``,
  ``casos_demo_asegurar``).
- ``azar.py``: random realistic cases (``caso_al_azar``, ``casos_al_azar``) and
  ``generar``, which walks them through the services.
- ``rapido.py``: the same random cases as consistent rows in bulk
  (``insertar_rapido``), for 100,000 of them.

The names the rest of the project imports are re-exported here.
"""

from .azar import DESTINOS, casos_al_azar, generar
from .casos import CASOS_DEMO, casos_demo_asegurar
from .pasos import caso_crear, pdf_demo
from .personal import PERSONAL, cuenta_municipal, personal_asegurar
from .rapido import insertar_rapido
from .reloj import Calendario

__all__ = [
    "CASOS_DEMO",
    "DESTINOS",
    "PERSONAL",
    "Calendario",
    "caso_crear",
    "casos_al_azar",
    "casos_demo_asegurar",
    "cuenta_municipal",
    "generar",
    "insertar_rapido",
    "pdf_demo",
    "personal_asegurar",
]
