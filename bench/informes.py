"""Part 12: the Secretaría's reports (``informes``) with 100 and 100,000 cases.

``ejecutar`` (no Django) creates the part's own database,
``asesoria_bench_informes_<pid>`` in the local PostgreSQL (dropped at the end; a
SQLite file when PostgreSQL is missing or ``BENCH_SIN_POSTGRES`` is set), then
runs ``python -m bench.informes medir RESULT`` with ``bench.settings_casos``.

``medir`` migrates (which fills the business-day calendar), loads the seed, and
for each size (``casos.tamanos()``, ``BENCH_CASOS`` overrides) bulk-inserts the
cases missing (``insertar_rapido``) and gives one case in twenty of those in
activity 5 a held session with two commitments (bulk rows), and archives two in
three of those in activity 6 with their outcome (``resultados.py``). Then for each
report, as a superuser through Django's test client: two warm-up GETs, the
queries of one GET counted, ``casos.RONDAS`` GETs timed, interleaved with a bare
query doing the same aggregate without the report (``BASES``: for the
durations, calendar days between consecutive moves by a window function, with
no business days and no suspensions). Targets: the same number of queries at
both sizes (PASS/FAIL); the median and the ratio to the bare query are printed
(info: the bare query does less).
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import Any

from bench import resultados
from bench.casos import RONDAS, SETTINGS, _contar, tamanos
from bench.comun import (
    NO_CORRIO,
    anotar_contra_base,
    correr_en_proceso,
    filas_contra_base,
    intercalar_con_base,
    medir_en_base_propia,
    titulo,
    veredictos_de_consultas,
)

#: The reports' URLs (results only: what the filters reload).
INFORMES = {
    "por actividad": "/admin/informes/por-actividad/resultados/",
    "por mes": "/admin/informes/por-mes/resultados/",
    "tiempos": "/admin/informes/tiempos/resultados/",
    "puntualidad actividad": "/admin/informes/puntualidad/actividad/resultados/",
    "puntualidad municipio": "/admin/informes/puntualidad/municipio/resultados/",
    "sesiones": "/admin/informes/sesiones/resultados/",
    "resultados": "/admin/informes/resultados/resultados/",
}
LIMITE = 2400


def _elegidos() -> dict[str, str]:
    """The reports to measure: ``BENCH_INFORMES=tiempos,sesiones`` picks some
    (names as in ``INFORMES``), all by default."""
    valor = os.environ.get("BENCH_INFORMES")
    if not valor:
        return dict(INFORMES)
    nombres = [n.strip() for n in valor.split(",")]
    desconocidos = [n for n in nombres if n not in INFORMES]
    if desconocidos:
        raise SystemExit(f"BENCH_INFORMES: unknown reports {desconocidos}")
    return {n: INFORMES[n] for n in nombres}


def ejecutar(tmp: Path, ruta_resultado: Path) -> int:
    titulo("12. Reports of the Secretaría, 100 vs 100,000 cases")
    return medir_en_base_propia(
        "informes", "bench.informes", SETTINGS, tmp, ruta_resultado, LIMITE
    )


def filas_resumen(r: dict[str, Any] | None, fila) -> list[str]:
    if r is None:
        return [fila("12. reports", "did not run", "", "ERROR")]
    return filas_contra_base(r, fila, 12)


# --- Django side: python -m bench.informes medir RESULT.json ------------------------


def _sql_tramos(vendor: str) -> str:
    """Calendar days between each event that ends a stay and the move before it
    (a window function): the bare form of ``informes.tiempos.tramos``."""
    dias = (
        "CAST(fecha AS date) - CAST(antes AS date)"
        if vendor == "postgresql"
        else "julianday(fecha) - julianday(antes)"
    )
    return (
        f"SELECT actividad, {dias} AS dias FROM ("  # noqa: S608 - constants only
        "SELECT actividad, fecha, LAG(fecha) OVER (PARTITION BY solicitud_id "
        "ORDER BY fecha, id) AS antes FROM expedientes_eventosolicitud "
        "WHERE tipo IN ('completada', 'devuelta', 'rechazada', 'desistida', "
        "'archivada')) t WHERE antes IS NOT NULL"
    )


def _base(nombre: str):
    """A bare query doing the report's aggregate, as a callable."""
    from django.db import connection
    from django.db.models import Count, Q
    from django.db.models.functions import TruncMonth

    from expedientes.models import SesionAsesoria, Solicitud

    def tramos(agregado: str):
        def correr():
            with connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT actividad, {agregado} FROM "  # noqa: S608
                    f"({_sql_tramos(connection.vendor)}) s GROUP BY actividad"
                )
                return cursor.fetchall()

        return correr

    pg = connection.vendor == "postgresql"
    return {
        "por actividad": lambda: list(
            Solicitud.objects.filter(estado__in=("en_tramite", "suspendida"))
            .values("actividad_actual")
            .annotate(n=Count("pk"))
        ),
        "por mes": lambda: list(
            Solicitud.objects.annotate(m=TruncMonth("radicada_en"))
            .values("m")
            .annotate(n=Count("pk"))
        ),
        "tiempos": tramos(
            "percentile_cont(0.5) WITHIN GROUP (ORDER BY dias), "
            "percentile_cont(0.9) WITHIN GROUP (ORDER BY dias)"
            if pg
            else "COUNT(*), AVG(dias)"
        ),
        "puntualidad actividad": tramos(
            "COUNT(*), SUM(CASE WHEN dias > 10 THEN 1 END)"
        ),
        "puntualidad municipio": tramos(
            "COUNT(*), SUM(CASE WHEN dias > 10 THEN 1 END)"
        ),
        "sesiones": lambda: list(
            SesionAsesoria.objects.values("solicitud__municipio").annotate(
                n=Count("pk"), c=Count("compromisos", filter=Q())
            )
        ),
        "resultados": resultados.base(),
    }[nombre]


def _sesiones_en_bloque(admin, ya: set[int]) -> int:
    """One case in twenty in activity 5 (not given one yet) gets a session held
    a week ago with two commitments, one past its date."""
    import datetime

    from django.utils import timezone

    from expedientes.models import Compromiso, SesionAsesoria, Solicitud

    ahora = timezone.now()
    casos = [
        pk
        for pk in Solicitud.objects.filter(actividad_actual=5)
        .order_by("pk")
        .values_list("pk", flat=True)
        if pk not in ya and pk % 20 == 0
    ]
    sesiones = SesionAsesoria.objects.bulk_create(
        SesionAsesoria(
            solicitud_id=pk,
            numero=1,
            fecha=ahora - datetime.timedelta(days=7),
            modalidad="virtual",
            lugar="Reunión virtual",
            temas="Diagnóstico",
            registrada_por=admin,
            registrada_en=ahora - datetime.timedelta(days=7),
        )
        for pk in casos
    )
    hoy = timezone.localdate()
    Compromiso.objects.bulk_create(
        Compromiso(
            sesion=s,
            descripcion=f"Compromiso {i}",
            responsable="Municipio",
            fecha_limite=hoy + datetime.timedelta(days=(-3, 5)[i]),
        )
        for s in sesiones
        for i in range(2)
    )
    ya.update(casos)
    return len(casos)


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
    admin = get_user_model().objects.create_superuser(
        "bench-admin", "admin@localhost", None
    )
    cliente = Client()
    cliente.force_login(admin)
    print(f"  migrated and seeded in {time.perf_counter() - inicio:.0f} s")
    medidas: dict[str, dict[str, dict[str, Any]]] = {}
    sql: dict[str, dict[str, list[str]]] = {}
    con_sesion: set[int] = set()
    archivadas: set[int] = set()
    for tamano in tamanos():
        faltan = tamano - Solicitud.objects.count()
        inicio = time.perf_counter()
        insertar_rapido(faltan, semilla=tamano)
        n = _sesiones_en_bloque(admin, con_sesion)
        n_archivadas = resultados.resultados_en_bloque(admin, archivadas)
        print(
            f"  {tamano:>7,} cases: {faltan:,} inserted, {n} sessions and "
            f"{n_archivadas} archived with their outcome in "
            f"{time.perf_counter() - inicio:.1f} s"
        )
        for nombre, url in _elegidos().items():
            consultas = _contar(cliente, url)
            base = _base(nombre)
            base()
            ms, base_ms = intercalar_con_base(
                lambda u=url: cliente.get(u), base, RONDAS
            )
            anotar_contra_base(
                medidas, sql, nombre, tamano, consultas, ms, base_ms, ancho=22
            )
    veredictos_de_consultas(medidas, sql, [str(n) for n in tamanos()])
    return {"tamanos": tamanos(), "medidas": medidas, "rondas": RONDAS}


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] != "medir":
        print("usage: python -m bench.informes medir RESULT.json")
        sys.exit(NO_CORRIO)
    correr_en_proceso(medir, sys.argv[2])
