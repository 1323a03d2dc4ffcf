"""Throwaway data: the seed ES-PE-PR-31 and a generated procedure with 60 activities.

``python -m bench.datos`` migrates the database DATABASE_URL points at (a temporary
SQLite file made by ``bench/__main__.py``) and loads both; the queries and PDF parts
then read them with ``paginas()``. ``cargar_semilla()`` is also what the server part
loads into its own database. Call these only after ``django.setup()``.
"""

from __future__ import annotations

import sys
import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from procedimientos.models import ProcedimientoPage

SEMILLA = "ES-PE-PR-31"
GENERADO = "BENCH-60"
ACTIVIDADES = 60


def cargar_semilla() -> ProcedimientoPage:
    from portal.services import inicio_asegurar
    from procedimientos.services import DATOS, leer_datos, procedimiento_cargar

    inicio_asegurar()
    pagina, _creada = procedimiento_cargar(datos=leer_datos(DATOS / "es-pe-pr-31.json"))
    return pagina


def cargar() -> None:
    from django.core.management import call_command

    from procedimientos.models import ProcedimientoIndexPage, ProcedimientoPage
    from tests.factories import crear_procedimiento

    call_command("migrate", interactive=False, verbosity=0)
    cargar_semilla()
    if not ProcedimientoPage.objects.filter(codigo=GENERADO).exists():
        crear_procedimiento(
            ProcedimientoIndexPage.objects.get(),
            actividades=ACTIVIDADES,
            codigo=GENERADO,
            slug="bench-60",
            title=f"Procedimiento generado con {ACTIVIDADES} actividades",
        )


def paginas() -> list[tuple[str, ProcedimientoPage]]:
    """(label, page) for the seed and the generated procedure, in that order."""
    from procedimientos.models import ProcedimientoPage

    return [
        (SEMILLA, ProcedimientoPage.objects.get(codigo=SEMILLA)),
        (
            f"{ACTIVIDADES} activities",
            ProcedimientoPage.objects.get(codigo=GENERADO),
        ),
    ]


if __name__ == "__main__":
    import django

    django.setup()
    inicio = time.perf_counter()
    cargar()
    print(
        f"  throwaway SQLite database migrated and loaded in "
        f"{time.perf_counter() - inicio:.1f} s"
    )
    sys.exit(0)
