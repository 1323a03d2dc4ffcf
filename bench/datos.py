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


def sitio_preparar() -> None:
    """What a served site needs before the benches that start gunicorn (parts 5
    and 8): migrations, the cache table, static files and the seed in force."""
    from django.core.management import call_command

    from expedientes.selectors import version_vigente

    call_command("migrate", interactive=False, verbosity=0)
    call_command("createcachetable", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    cargar_semilla()
    if version_vigente() is None:
        raise RuntimeError("the seed left no procedure version in force")


def cuenta_municipal_con_sesion(usuario: str, correo: str, municipio) -> dict[str, str]:
    """A municipal account with no usable password, logged in server-side (the
    session row ``Client.force_login`` leaves) and a CSRF secret and token for it:
    ``{"sesion", "secreto", "token"}``, what a load client sends as cookies."""
    from django.conf import settings
    from django.http import HttpRequest
    from django.middleware.csrf import get_token
    from django.test import Client

    from portal.models import Usuario

    cuenta = Usuario.objects.create_user(
        usuario,
        correo,
        None,  # unusable password: nobody logs in with it
        first_name="Laura",
        last_name="Rincón",
        cargo="Secretaria de Planeación municipal",
        municipio=municipio,
    )
    cliente = Client()
    cliente.force_login(cuenta)
    peticion = HttpRequest()
    token = get_token(peticion)
    return {
        "sesion": cliente.cookies[settings.SESSION_COOKIE_NAME].value,
        "secreto": peticion.META["CSRF_COOKIE"],
        "token": token,
    }


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
