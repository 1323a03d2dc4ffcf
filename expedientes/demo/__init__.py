"""Demo and load cases, walked through the procedure by the real services.

For now everything is in ``pasos.py`` (the former ``expedientes/demo.py``); the
names the rest of the project imports are re-exported here.
"""

from .pasos import (
    CASOS_DEMO,
    DESTINOS,
    PERSONAL,
    Calendario,
    _Filas,
    _Numerador,
    caso_crear,
    casos_al_azar,
    casos_demo_asegurar,
    cuenta_municipal,
    generar,
    insertar_rapido,
    pdf_demo,
    personal_asegurar,
)

__all__ = [
    "CASOS_DEMO",
    "DESTINOS",
    "PERSONAL",
    "Calendario",
    "_Filas",
    "_Numerador",
    "caso_crear",
    "casos_al_azar",
    "casos_demo_asegurar",
    "cuenta_municipal",
    "generar",
    "insertar_rapido",
    "pdf_demo",
    "personal_asegurar",
]
