"""Part 13: the public board of the plans (``portal/tablero.py``, "Estado de los
planes de ordenamiento territorial de Santander") and its open data, with 100 and
100,000 cases.

``ejecutar`` (no Django) creates the part's own database,
``asesoria_bench_tablero_<pid>`` in the local PostgreSQL (dropped at the end; a
SQLite file when PostgreSQL is missing or ``BENCH_SIN_POSTGRES`` is set), then runs
``python -m bench.tablero medir RESULT`` with ``bench.settings_casos`` (test
settings: the anonymous page cache is a DummyCache, so every GET renders; in
production the page cache serves the repeats).

``medir`` migrates, loads the seed and the 87 plans, records an act for every
municipality through ``planes.services.acto_registrar`` (so every row has its act,
period and terms to render) and opens the demo's revisions (``planes.demo``), then
for each size (``casos.tamanos()``, ``BENCH_CASOS`` overrides) bulk-inserts the
cases missing (``insertar_rapido``). Each URL (``URLS``), anonymously through
Django's test client: two warm-up GETs, the queries of one GET counted,
``casos.RONDAS`` GETs timed, interleaved with a bare queryset doing the same read
(the municipalities with their plan, act and period by ``select_related``, with
the same filter, evaluated, nothing rendered). Targets: the same number of
queries at both sizes (PASS/FAIL); median and ratio to the bare read printed
(info). The board reads the 87 municipalities, never the cases: both sizes
should read alike, and that is what this part checks.
"""

from __future__ import annotations

import datetime
import sys
import time
from pathlib import Path
from typing import Any

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

#: The public URLs measured, and the filter their bare read applies.
URLS = {
    "board": ("/planes/", {}),
    "board, CDMB by state": (
        "/planes/?autoridad=CDMB&orden=estado",
        {"autoridad_ambiental": "CDMB"},
    ),
    "planes.csv": ("/planes/datos/planes.csv", {}),
    "planes.json": ("/planes/datos/planes.json", {}),
}
LIMITE = 2400


def ejecutar(tmp: Path, ruta_resultado: Path) -> int:
    titulo("13. Public board of the plans and its open data, 100 vs 100,000 cases")
    return medir_en_base_propia(
        "tablero", "bench.tablero", SETTINGS, tmp, ruta_resultado, LIMITE
    )


def filas_resumen(r: dict[str, Any] | None, fila) -> list[str]:
    if r is None:
        return [fila("13. public board", "did not run", "", "ERROR")]
    return filas_contra_base(r, fila, 13)


# --- Django side: python -m bench.tablero medir RESULT.json -------------------------


def _base(filtro: dict[str, str]):
    """The bare read of the board: the same rows and relations, evaluated."""
    from expedientes.models import Municipio

    def correr():
        return list(
            Municipio.objects.select_related(
                "plan__acto_base", "plan__periodo_adopcion"
            ).filter(**filtro)
        )

    return correr


def _planes_con_acto(admin) -> int:
    """An act for every municipality without one, through the service (the
    source a municipality's own act would have), dated so the terms differ."""
    from expedientes.models import Municipio
    from planes.constants import ClaseActo, FuenteRegistro, TipoActo, TipoPlan
    from planes.demo import revisiones_demo_asegurar
    from planes.services import DatosActo, acto_registrar, planes_asegurar

    planes_asegurar()
    tipos = TipoPlan.values
    n = 0
    for i, municipio in enumerate(
        Municipio.objects.filter(plan__acto_base__isnull=True).order_by("pk")
    ):
        acto_registrar(
            municipio=municipio,
            datos=DatosActo(
                tipo=TipoActo.ADOPCION,
                tipo_plan=tipos[i % len(tipos)],
                clase=ClaseActo.ACUERDO,
                numero=f"{i + 1:03d}",
                fecha=datetime.date(2000 + i % 25, 1 + i % 12, 1 + i % 28),
                fuente=FuenteRegistro.ACTO_DEL_MUNICIPIO,
                fuente_detalle="Bench",
            ),
            actor=admin,
        )
        n += 1
    revisiones_demo_asegurar(admin)
    return n


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
    actos = _planes_con_acto(admin)
    cliente = Client()  # anonymous: the public's view
    print(
        f"  migrated, seeded and {actos} acts recorded in "
        f"{time.perf_counter() - inicio:.0f} s"
    )
    medidas: dict[str, dict[str, dict[str, Any]]] = {}
    sql: dict[str, dict[str, list[str]]] = {}
    for tamano in tamanos():
        faltan = tamano - Solicitud.objects.count()
        inicio = time.perf_counter()
        insertar_rapido(faltan, semilla=tamano)
        print(
            f"  {tamano:>7,} cases: {faltan:,} inserted in "
            f"{time.perf_counter() - inicio:.1f} s"
        )
        for nombre, (url, filtro) in URLS.items():
            consultas = _contar(cliente, url)
            base = _base(filtro)
            base()
            ms, base_ms = intercalar_con_base(
                lambda u=url: cliente.get(u), base, RONDAS
            )
            anotar_contra_base(
                medidas, sql, nombre, tamano, consultas, ms, base_ms, ancho=24
            )
    veredictos_de_consultas(medidas, sql, [str(n) for n in tamanos()])
    return {"tamanos": tamanos(), "medidas": medidas, "rondas": RONDAS}


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] != "medir":
        print("usage: python -m bench.tablero medir RESULT.json")
        sys.exit(NO_CORRIO)
    correr_en_proceso(medir, sys.argv[2])
