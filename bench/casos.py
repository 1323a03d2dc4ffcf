"""Part 7: the cases listing and each role's inbox, with 100 and with 100,000 cases.

``ejecutar`` (no Django; ``bench/__main__.py`` calls it) creates the part's own
database, ``asesoria_bench_casos_<pid>`` in the local PostgreSQL (dropped at the
end; a SQLite file in the temporary directory when PostgreSQL is missing or
``BENCH_SIN_POSTGRES`` is set), then runs ``python -m bench.casos medir RESULT``
with ``bench.settings_casos``: test settings plus a bare Django admin of
``Solicitud`` at ``/django-admin/`` (``bench/urls_casos.py``).

``medir`` migrates, loads the seed, and for each size (``TAMANOS``; the
environment's ``BENCH_CASOS=100,5000`` overrides them) bulk-inserts the cases
missing (``expedientes.demo.insertar_rapido``: consistent rows, every activity
and state, timed), then, through Django's test client:

* **listado**: the Wagtail listing ``/admin/solicitudes/`` with filters
  (``FILTROS``), as a superuser, next to the bare admin changelist with the same
  filters as ``list_filter`` lookups;
* **bandeja <grupo>**: the admin dashboard ``/admin/`` of one account of each
  role, whose panel lists ``selectors.bandeja(user)`` (``expedientes/dashboard.py``),
  next to the bare changelist of the same rows (``grupo_actual``, by due date);
* **caso grande (admin)**: the admin's case page of one case given
  ``ANEXOS_CASO`` files and ``SESIONES_CASO`` advisory sessions (with attendees
  and commitments; ``_caso_grande``), next to a bare view that reads the same
  rows (``bench/urls_casos.py``);
* **portal lista** and **portal solicitud**: the municipality's request list
  ``/solicitudes/`` and that case's page ``/solicitudes/<radicado>/``, as its
  municipality's account, next to bare views that read the same rows.

Each URL: two warm-up GETs, the queries of one GET counted, then ``RONDAS`` timed
GETs, the Wagtail page and its baseline interleaved. Targets: the same number
of queries at both sizes; at the largest size, the median time within ``RAZON``
times the baseline's.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import Any

from bench.comun import (
    NO_CORRIO,
    correr_en_proceso,
    filas_contra_base,
    mediana,
    medir_en_base_propia,
    titulo,
    veredictos_de_consultas,
)

TAMANOS = (100, 100_000)
RONDAS = int(os.environ.get("BENCH_RONDAS_CASOS", "7"))
RAZON = 2.0
SETTINGS = "bench.settings_casos"
#: The listing's filters: open requests for a general revision, overdue.
FILTROS = {
    "estado": "en_tramite",
    "tipo_solicitud": "revision_general",
    "plazo": "vencida",
}
#: Column of ``vence_el`` in the bare changelist's ``list_display`` (its ``o=``).
COLUMNA_VENCE_EL = 5
#: The big case of the case pages: its files and its sessions.
ANEXOS_CASO = 500
SESIONES_CASO = 50
#: Seconds the measuring subprocess may take (100,000 rows on a busy machine).
LIMITE = 1500


def tamanos() -> list[int]:
    valor = os.environ.get("BENCH_CASOS")
    if not valor:
        return list(TAMANOS)
    return sorted(int(n) for n in valor.split(","))


# --- Orchestrator side (no Django) ----------------------------------------------------


def ejecutar(tmp: Path, ruta_resultado: Path) -> int:
    titulo("7. Cases listing and inboxes, 100 vs 100,000 cases")
    return medir_en_base_propia(
        "casos", "bench.casos", SETTINGS, tmp, ruta_resultado, LIMITE
    )


def filas_resumen(r: dict[str, Any] | None, fila) -> list[str]:
    """The summary table's rows of this part (``bench/__main__.py``)."""
    if r is None:
        return [fila("7. cases listing / inboxes", "did not run", "", "ERROR")]
    grande = str(r["tamanos"][-1])
    filas = [
        fila(
            f"7. bulk insert of {int(grande):,} cases",
            f"{r['generacion_s'][grande]:.0f} s",
            "info",
        )
    ]
    return filas + filas_contra_base(r, fila, 7, razon_maxima=r["razon"])


# --- Django side: python -m bench.casos medir RESULT.json ---------------------------


def _contar(cliente, url: str) -> list[str]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _calentar in range(2):
        respuesta = cliente.get(url)
        if respuesta.status_code != 200:
            raise RuntimeError(f"GET {url} -> {respuesta.status_code}")
    with CaptureQueriesContext(connection) as capturadas:
        cliente.get(url)
    return [q["sql"] for q in capturadas.captured_queries]


def _tiempos(pares: list[tuple[Any, str]]) -> list[float]:
    """Median ms of each (client, url), ``RONDAS`` rounds, interleaved."""
    medidas: list[list[float]] = [[] for _par in pares]
    for ronda in range(RONDAS):
        orden = list(range(len(pares)))
        if ronda % 2:
            orden.reverse()
        for i in orden:
            cliente, url = pares[i]
            inicio = time.perf_counter()
            respuesta = cliente.get(url)
            medidas[i].append((time.perf_counter() - inicio) * 1000)
            if respuesta.status_code != 200:
                raise RuntimeError(f"GET {url} -> {respuesta.status_code}")
    return [mediana(m) for m in medidas]


def _urls() -> dict[str, tuple[str, str, str | None]]:
    """name -> (Wagtail URL, bare admin URL, username of who looks)."""
    from urllib.parse import urlencode

    from django.utils import timezone

    from expedientes.demo import PERSONAL

    base = "/django-admin/expedientes/solicitud/"
    urls = {
        "listado": (
            f"/admin/solicitudes/?{urlencode(FILTROS)}",
            base
            + "?"
            + urlencode(
                {
                    "estado__exact": FILTROS["estado"],
                    "tipo_solicitud__exact": FILTROS["tipo_solicitud"],
                    "vence_el__lt": timezone.localdate().isoformat(),
                }
            ),
            None,
        )
    }
    for _clave, usuario, *_datos, grupo in PERSONAL:
        urls[f"bandeja {usuario}"] = (
            "/admin/",
            base
            + "?"
            + urlencode({"grupo_actual__exact": grupo, "o": str(COLUMNA_VENCE_EL)}),
            usuario,
        )
    return urls


def _caso_grande(admin) -> Any:
    """One case in activity 5 (any, if none is) given ``ANEXOS_CASO`` files the
    municipality may download (one stored PDF, the rows pointing at it, as a
    copy would) and ``SESIONES_CASO`` held sessions of four attendees and two
    commitments each: what a long advisory leaves on its case page."""
    import datetime
    import hashlib

    from django.core.files.base import ContentFile
    from django.utils import timezone

    from expedientes.constants import Institucion, Modalidad, TipoDocumento
    from expedientes.models import (
        AsistenteSesion,
        Compromiso,
        Documento,
        SesionAsesoria,
        Solicitud,
    )
    from tests.factories import pdf_de_prueba

    caso = (
        Solicitud.objects.filter(actividad_actual=5).order_by("pk").first()
        or Solicitud.objects.order_by("pk").first()
    )
    filing = caso.eventos.order_by("fecha", "pk").first()
    contenido = pdf_de_prueba()
    comun = {
        "solicitud": caso,
        "tipo": TipoDocumento.ANEXO,
        "sha256": hashlib.sha256(contenido).hexdigest(),
        "paginas": 1,
        "tamano": len(contenido),
        "evento": filing,
        "creado_por": admin,
    }
    primero = Documento(nombre_original="anexo-001.pdf", **comun)
    primero.archivo.save("anexo-001.pdf", ContentFile(contenido), save=True)
    Documento.objects.bulk_create(
        Documento(
            archivo=primero.archivo.name, nombre_original=f"anexo-{i:03}.pdf", **comun
        )
        for i in range(2, ANEXOS_CASO + 1)
    )
    inicio = timezone.now() - datetime.timedelta(days=SESIONES_CASO * 7)
    sesiones = SesionAsesoria.objects.bulk_create(
        SesionAsesoria(
            solicitud=caso,
            numero=n,
            fecha=inicio + datetime.timedelta(days=7 * n),
            modalidad=Modalidad.values[0],
            lugar="Sala de juntas de la Secretaría de Planeación",
            temas=f"Revisión del componente {n} del plan.",
            desarrollo="Se revisó el avance y se acordaron ajustes.",
            registrada_por=admin,
            registrada_en=inicio + datetime.timedelta(days=7 * n, hours=2),
        )
        for n in range(1, SESIONES_CASO + 1)
    )
    AsistenteSesion.objects.bulk_create(
        AsistenteSesion(
            sesion=sesion,
            nombre=f"Asistente {i} de la sesión {sesion.numero}",
            institucion=Institucion.values[i % len(Institucion.values)],
            cargo="Profesional",
        )
        for sesion in sesiones
        for i in range(4)
    )
    Compromiso.objects.bulk_create(
        Compromiso(
            sesion=sesion,
            descripcion=f"Ajustar el documento técnico, punto {i}.",
            responsable="Municipio",
            fecha_limite=(sesion.fecha + datetime.timedelta(days=14)).date(),
        )
        for sesion in sesiones
        for i in range(2)
    )
    return caso


def _urls_del_caso(caso, usuario: str) -> dict[str, tuple[str, str, str | None]]:
    from django.urls import reverse

    return {
        "caso grande (admin)": (
            reverse("solicitudes:inspect", args=[caso.pk]),
            f"/bare/caso/{caso.pk}/",
            None,
        ),
        "portal lista": ("/solicitudes/", "/bare/solicitudes/", usuario),
        "portal solicitud": (
            reverse("solicitud_detalle", args=[caso.radicado]),
            f"/bare/solicitudes/{caso.pk}/",
            usuario,
        ),
    }


def medir() -> dict[str, Any]:
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test import Client

    from bench.datos import cargar_semilla
    from expedientes.demo import insertar_rapido, personal_asegurar
    from expedientes.models import Solicitud

    inicio = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    cargar_semilla()
    personal_asegurar(con_clave=False)
    User = get_user_model()
    admin = User.objects.create_superuser("bench-admin", "admin@localhost", None)
    print(f"  migrated and seeded in {time.perf_counter() - inicio:.0f} s")

    urls = _urls()
    clientes = {None: Client()}
    clientes[None].force_login(admin)
    for _nombre, (_w, _b, usuario) in urls.items():
        if usuario and usuario not in clientes:
            clientes[usuario] = Client()
            clientes[usuario].force_login(User.objects.get(username=usuario))

    generacion: dict[str, float] = {}
    medidas: dict[str, dict[str, dict[str, Any]]] = {}
    sql: dict[str, dict[str, list[str]]] = {}
    caso = None
    for tamano in tamanos():
        faltan = tamano - Solicitud.objects.count()
        inicio = time.perf_counter()
        insertar_rapido(faltan, semilla=tamano)
        generacion[str(tamano)] = time.perf_counter() - inicio
        print(
            f"  {tamano:>7,} cases: {faltan:,} inserted in "
            f"{generacion[str(tamano)]:.1f} s"
        )
        if caso is None:
            caso = _caso_grande(admin)
            cuenta = User.objects.filter(municipio=caso.municipio).first()
            clientes[cuenta.username] = Client()
            clientes[cuenta.username].force_login(cuenta)
            urls.update(_urls_del_caso(caso, cuenta.username))
        for nombre, (wagtail, base, usuario) in urls.items():
            cliente = clientes[usuario]
            consultas = _contar(cliente, wagtail)
            # The bare admin as the superuser; the bare views as who looks.
            cliente_base = cliente if base.startswith("/bare/") else clientes[None]
            base_consultas = _contar(cliente_base, base)
            ms, base_ms = _tiempos([(cliente, wagtail), (cliente_base, base)])
            m = medidas.setdefault(
                nombre,
                {"consultas": {}, "ms": {}, "base_consultas": {}, "base_ms": {}},
            )
            m["consultas"][str(tamano)] = len(consultas)
            m["base_consultas"][str(tamano)] = len(base_consultas)
            m["ms"][str(tamano)] = ms
            m["base_ms"][str(tamano)] = base_ms
            sql.setdefault(nombre, {})[str(tamano)] = consultas
            print(
                f"  {tamano:>7,} {nombre:<22} {len(consultas):>3} queries "
                f"{ms:>7.1f} ms | bare {len(base_consultas):>3} queries "
                f"{base_ms:>7.1f} ms"
            )
    veredictos_de_consultas(medidas, sql, [str(n) for n in tamanos()])
    return {
        "tamanos": tamanos(),
        "generacion_s": generacion,
        "medidas": medidas,
        "razon": RAZON,
        "rondas": RONDAS,
        "filtros": FILTROS,
    }


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] != "medir":
        print("usage: python -m bench.casos medir RESULT.json")
        sys.exit(NO_CORRIO)
    correr_en_proceso(medir, sys.argv[2])
