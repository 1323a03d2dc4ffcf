"""Throwaway data: the seed ES-PE-PR-31 and a generated procedure with 60 activities.

``python -m bench.datos`` migrates the database DATABASE_URL points at (a temporary
SQLite file made by ``bench/__main__.py``) and loads both; the queries and PDF parts
then read them with ``paginas()``. ``cargar_semilla()`` is also what the server part
loads into its own database. The parts that file under gunicorn (5 and 8) prepare
their site with ``sitio_preparar()`` and ``cuenta_municipal_con_sesion()``, and
check the cases they left with ``numeracion()`` and ``oficios_guardados()``. Call
these only after ``django.setup()``.
"""

from __future__ import annotations

import datetime
import sys
import time
from typing import TYPE_CHECKING, Any

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


def numeracion() -> dict[str, Any]:
    """How the filed cases are numbered: ``casos``; ``sin_huecos``, true when they
    are consecutivos 1..casos of one year, each once, with as many radicados and
    clave_envio and the radicado counter at ``casos`` (false with no case);
    ``contador``, ``claves_distintas``, and the ``primero`` and ``ultimo`` radicado."""
    from django.db.models import Count, Max, Min

    from expedientes.models import Contador, Solicitud

    casos = Solicitud.objects.count()
    numeros = Solicitud.objects.aggregate(
        primero=Min("consecutivo"),
        ultimo=Max("consecutivo"),
        distintos=Count("consecutivo", distinct=True),
        radicados=Count("radicado", distinct=True),
        anios=Count("anio", distinct=True),
        claves=Count("clave_envio", distinct=True),
    )
    contador = Contador.objects.filter(serie="radicado").aggregate(u=Max("ultimo"))["u"]
    sin_huecos = casos > 0 and (
        numeros["anios"] == 1
        and numeros["primero"] == 1
        and numeros["ultimo"] == casos
        and numeros["distintos"] == casos
        and numeros["radicados"] == casos
        and contador == casos
        and numeros["claves"] == casos
    )
    primero = Solicitud.objects.order_by("consecutivo").first()
    ultimo = Solicitud.objects.order_by("consecutivo").last()
    return {
        "casos": casos,
        "sin_huecos": sin_huecos,
        "contador": contador or 0,
        "claves_distintas": numeros["claves"],
        "primero": primero.radicado if primero else "-",
        "ultimo": ultimo.radicado if ultimo else "-",
    }


def oficios_guardados(sha256: str) -> tuple[int, int]:
    """(the oficios on record, those of them stored with this SHA-256 whose file
    is in the private storage)."""
    from expedientes.constants import TipoDocumento
    from expedientes.models import Documento
    from expedientes.storage import almacenamiento_privado

    oficios = Documento.objects.filter(tipo=TipoDocumento.OFICIO_SOLICITUD)
    almacen = almacenamiento_privado()
    intactos = sum(
        1
        for nombre, sha in oficios.values_list("archivo", "sha256")
        if sha == sha256 and nombre and almacen.exists(nombre)
    )
    return oficios.count(), intactos


#: When the records of parts 6 and 9 say they were issued.
EMITIDO = datetime.datetime(2026, 12, 2, 17, 31, tzinfo=datetime.UTC)


def comun_de_registro(
    tipo: str, titulo: str, numero: int, *, cargo: str = "Profesional universitaria"
):
    """What every record of parts 6 and 9 carries (``expedientes.registros.Comun``):
    case SP-2026-000123 of San Vicente de Chucurí under ES-PE-PR-31 v2, issued at
    EMITIDO, verification code ABCDE-``numero``. No database: renderers read only
    their snapshot."""
    from expedientes import registros as r

    codigo = f"ABCDE-{numero:05d}"
    return r.Comun(
        tipo=tipo,
        titulo=titulo,
        radicado="SP-2026-000123",
        municipio="San Vicente de Chucurí",
        codigo_divipola="68689",
        emitido_en=EMITIDO,
        emitido_por="María Fernanda Gómez Ardila",
        cargo=cargo,
        codigo_verificacion=codigo,
        url_verificacion=f"https://planeacion.santander.gov.co/verificar/{codigo}/",
        procedimiento=r.Procedimiento(
            codigo="ES-PE-PR-31",
            titulo="PROCEDIMIENTO PARA PRESTAR ASESORIA Y ASISTENCIA TECNICA A "
            "LOS MUNICIPIOS EN LA FORMULACIÓN DE LOS PLANES DE ORDENAMIENTO "
            "TERRITORIAL",
            version=2,
            fecha_aprobacion=datetime.date(2017, 8, 25),
        ),
        entidad=("República de Colombia", "Gobernación de Santander"),
        pie=(
            "Gobernación de Santander · Secretaría de Planeación",
            "NIT 890.201.235-6 · Calle 37 No. 10-30, Bucaramanga · 607 630 0000",
        ),
    )


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
