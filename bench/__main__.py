"""``make bench``: every part, then a summary table.

Each part runs with its own environment: the queries and PDF parts in subprocesses
with test settings on a throwaway SQLite file, the server and filing parts with
production settings on bench databases of their own, the cases part (7) on a
database of its own with 100,000 bulk-inserted cases. Exit 0 when everything ran,
whatever the PASS/FAIL lines say; 1 when some part could not run.

``python -m bench [consultas] [servidor] [pdf] [versiones] [radicacion]
[registros] [casos] [carga] [archivo] [aguante] [subidas] [informes] [tablero]``
runs only the parts named; ``carga`` (part 8) is the load and fault bench: 50
clients, then PostgreSQL restarted mid-run; ``archivo`` (part 9) times activity
6's big PDFs; ``aguante`` (part 10) runs the load behind nginx through heavy
uploads, slow clients, Redis stopped and PostgreSQL restarted; ``subidas`` (part
11) hostile uploads over HTTP, ``main``'s code next to this tree's; ``tablero``
(part 13) the public board of the plans and its open data.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
import traceback
from pathlib import Path
from typing import Any

from bench import (
    aguante,
    carga,
    casos,
    informes,
    radicacion,
    servidor,
    subidas,
    tablero,
)
from bench.comun import (
    CORRIO,
    ejecutar_modulo,
    entorno,
    leer_resultado,
    titulo,
    veredicto,
)

PARTES = (
    "consultas",
    "servidor",
    "pdf",
    "versiones",
    "radicacion",
    "registros",
    "casos",
    "carga",
    "archivo",
    "aguante",
    "subidas",
    "informes",
    "tablero",
)
#: Parts that run in a subprocess, ``python -m bench.<parte> RESULT.json`` with test
#: settings, and their headings.
EN_PROCESO = {
    "consultas": "1. Queries to render the procedure page",
    "pdf": "3. Procedure PDF (in-process)",
    "versiones": "4. Queries of the formal-version pages, 2 vs 50 versions",
    "registros": "6. Record PDFs next to bare reportlab (in-process)",
    "archivo": "9. Activity 6 PDFs next to bare reportlab (in-process)",
}
#: Those of them that read the throwaway SQLite database; the others render
#: snapshots built in memory and get an empty database file each.
EN_SQLITE = ("consultas", "pdf", "versiones")
#: Parts that set up their own database (and servers), and the function that runs
#: each.
CON_SERVIDOR = {
    "servidor": servidor.ejecutar,
    "radicacion": radicacion.ejecutar,
    "casos": casos.ejecutar,
    "carga": carga.ejecutar,
    "aguante": aguante.ejecutar,
    "subidas": subidas.ejecutar,
    "informes": informes.ejecutar,
    "tablero": tablero.ejecutar,
}


def _parte_en_proceso(
    parte: str, env: dict[str, str], tmp: Path
) -> dict[str, Any] | None:
    titulo(EN_PROCESO[parte])
    ruta = tmp / f"{parte}.json"
    if ejecutar_modulo(f"bench.{parte}", str(ruta), env=env) != CORRIO:
        return None
    return leer_resultado(ruta)


def _fila(medida: str, valor: str, objetivo: str = "", resultado: str = "") -> str:
    return f"{medida:<40} {valor:<28} {objetivo:<12} {resultado}"


def resumen(resultados: dict[str, dict[str, Any] | None]) -> list[str]:
    filas = [_fila("measure", "value", "target", "result"), "-" * 88]
    if "consultas" in resultados:
        r = resultados["consultas"]
        if r is None:
            filas.append(_fila("1. queries per page", "did not run", "", "ERROR"))
        else:
            for etiqueta, n in r["cuentas"].items():
                filas.append(
                    _fila(
                        f"1. render queries, {etiqueta}",
                        str(n),
                        f"<= {r['limite']}",
                        veredicto(n <= r["limite"]),
                    )
                )
            filas.append(
                _fila(
                    "1. whole request (info)",
                    " vs ".join(str(n) for n in r["peticion"].values()),
                )
            )
            filas.append(
                _fila(
                    "1. queries independent of activities",
                    " vs ".join(str(n) for n in r["cuentas"].values()),
                    "equal",
                    veredicto(r["iguales"]),
                )
            )
    if "servidor" in resultados:
        r = resultados["servidor"]
        if r is None:
            filas.append(_fila("2. gunicorn", "did not run", "", "ERROR"))
        else:
            for nombre, m in r["medianas"].items():
                filas.append(
                    _fila(
                        f"2. {nombre} (median)",
                        f"{m['rps']:.0f} req/s, p50 {m['p50_ms']:.2f} ms",
                        "",
                        "" if not m["no_2xx"] else f"{m['no_2xx']} non-2xx!",
                    )
                )
            filas += [
                _fila(
                    "2. cached / static",
                    f"{r['cacheada_sobre_estatica']:.2f} (rounds "
                    f"{min(r['cacheada_sobre_estatica_por_ronda']):.2f}-"
                    f"{max(r['cacheada_sobre_estatica_por_ronda']):.2f})",
                    f">= {r['objetivo']}",
                    veredicto(r["cacheada_sobre_estatica"] >= r["objetivo"]),
                ),
                _fila(
                    "2. uncached / static",
                    f"{r['sin_cache_sobre_estatica']:.3f}",
                    f">= {r['objetivo_sin_cache']}",
                    veredicto(r["sin_cache_sobre_estatica"] >= r["objetivo_sin_cache"]),
                ),
                _fila(
                    "2. 2nd anonymous GET is a cache hit",
                    "",
                    "yes",
                    veredicto(r["acierto"]),
                ),
                _fila(
                    "2. publish empties the page cache",
                    "",
                    "yes",
                    veredicto(r["invalidacion"]),
                ),
                _fila(
                    "2. PDF URL under gunicorn (smoke)",
                    "",
                    "200 PDF",
                    veredicto(r["pdf_url"]),
                ),
                _fila(
                    "2. database / cache",
                    r["motor"].split(" (")[0],
                    "",
                    r["cache"].split(" (")[0],
                ),
            ]
    if "pdf" in resultados:
        r = resultados["pdf"]
        if r is None:
            filas.append(_fila("3. procedure PDF", "did not run", "", "ERROR"))
        else:
            for etiqueta, m in r["medidas"].items():
                filas.append(
                    _fila(
                        f"3. PDF, {etiqueta} (median of {m['corridas']})",
                        f"{m['mediana_ms']:.1f} ms, {m['paginas']} page(s)",
                        "info",
                    )
                )
    if "versiones" in resultados:
        r = resultados["versiones"]
        if r is None:
            filas.append(_fila("4. version pages", "did not run", "", "ERROR"))
        else:
            for nombre, cuentas in r["cuentas"].items():
                filas.append(
                    _fila(
                        f"4. queries, {nombre} (2 vs {r['versiones']} versions)",
                        " vs ".join(str(n) for n in cuentas.values()),
                        "equal",
                        veredicto(r["iguales"][nombre]),
                    )
                )
    if "radicacion" in resultados:
        filas += _filas_radicacion(resultados["radicacion"])
    if "casos" in resultados:
        filas += casos.filas_resumen(resultados["casos"], _fila)
    if "informes" in resultados:
        filas += informes.filas_resumen(resultados["informes"], _fila)
    if "tablero" in resultados:
        filas += tablero.filas_resumen(resultados["tablero"], _fila)
    if "registros" in resultados:
        filas += _filas_contra_reportlab(
            resultados["registros"],
            6,
            "record PDFs",
            nuestro="registro_ms",
            bare="reportlab_ms",
        )
        if resultados["registros"] is not None:
            filas += [
                _fila(
                    f"6. {etiqueta} signing / render",
                    f"{m['razon_firma']:.2f} ({m['firma_ms']:.0f} vs "
                    f"{m['registro_ms']:.0f} ms)",
                    "info",
                )
                for etiqueta, m in resultados["registros"]["medidas"].items()
            ]
    if "carga" in resultados:
        filas += carga.filas_resumen(resultados["carga"], _fila)
    if "archivo" in resultados:
        filas += _filas_contra_reportlab(
            resultados["archivo"],
            9,
            "activity 6 PDFs",
            nuestro="nuestro_ms",
            bare="bare_ms",
        )
    if "aguante" in resultados:
        filas += aguante.filas_resumen(resultados["aguante"], _fila)
    if "subidas" in resultados:
        filas += subidas.filas_resumen(resultados["subidas"], _fila)
    return filas


def _filas_contra_reportlab(
    r: dict[str, Any] | None, numero: int, nombre: str, *, nuestro: str, bare: str
) -> list[str]:
    """Parts 6 and 9: each PDF's median time over the same content in bare
    reportlab's; ``nuestro`` and ``bare`` are the keys of the two medians."""
    if r is None:
        return [_fila(f"{numero}. {nombre}", "did not run", "", "ERROR")]
    return [
        _fila(
            f"{numero}. {etiqueta} / bare",
            f"{m['razon']:.2f} ({m[nuestro]:.0f} vs {m[bare]:.0f} ms)",
            f"<= {r['objetivo']}",
            veredicto(m["razon"] <= r["objetivo"]),
        )
        for etiqueta, m in r["medidas"].items()
    ]


def _filas_radicacion(r: dict[str, Any] | None) -> list[str]:
    if r is None:
        return [_fila("5. filing under gunicorn", "did not run", "", "ERROR")]
    radicar, insertar = r["medianas"]["radicar"], r["medianas"]["insertar"]
    return [
        _fila(
            "5. filings (median)",
            f"{radicar['rps']:.1f}/s, p50 {radicar['p50_ms']:.0f} ms",
        ),
        _fila(
            "5. bare inserts (median)",
            f"{insertar['rps']:.0f}/s, p50 {insertar['p50_ms']:.1f} ms",
        ),
        _fila(
            "5. filings / inserts",
            f"{r['razon']:.3f} (rounds {min(r['razon_por_ronda']):.3f}-"
            f"{max(r['razon_por_ronda']):.3f})",
            f">= {r['objetivo']}",
            veredicto(r["razon"] >= r["objetivo"]),
        ),
        _fila(
            "5. each confirmed filing is one case",
            f"{r['confirmados']} 302s, {r['casos']} cases",
            "no gap",
            veredicto(r["correcto"]),
        ),
        _fila(
            "5. unexpected responses, socket errors",
            f"{r['inesperadas']}, {r['errores']}",
            "0, 0",
            veredicto(r["inesperadas"] == 0 and r["errores"] == 0),
        ),
        _fila(
            "5. database / cache",
            r["motor"].split(" (")[0],
            "",
            r["cache"].split(" (")[0],
        ),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("partes", nargs="*", choices=[*PARTES, []], default=[])
    partes = parser.parse_args(argv).partes or list(PARTES)
    inicio = time.monotonic()
    tmp = Path(tempfile.mkdtemp(prefix="bench-"))
    resultados: dict[str, dict[str, Any] | None] = {}
    try:
        en_sqlite = [p for p in partes if p in EN_SQLITE]
        if en_sqlite:
            (tmp / "static-sqlite").mkdir()
            env = entorno(
                DJANGO_SETTINGS_MODULE="portal.settings.test",
                DATABASE_URL=f"sqlite:///{tmp / 'bench.sqlite3'}",
                STATIC_ROOT=str(tmp / "static-sqlite"),
                MEDIA_ROOT=str(tmp / "media-sqlite"),
            )
            titulo("0. Throwaway SQLite database (test settings)")
            if ejecutar_modulo("bench.datos", env=env) != CORRIO:
                print("  could not prepare the throwaway database")
                resultados.update(dict.fromkeys(en_sqlite))
                en_sqlite = []
        for parte in partes:
            if parte in CON_SERVIDOR:
                ruta = tmp / f"{parte}.json"
                try:
                    ok = CON_SERVIDOR[parte](tmp, ruta) == CORRIO
                except Exception:  # noqa: BLE001 - report it and go on to the next part
                    traceback.print_exc()
                    ok = False
                resultados[parte] = leer_resultado(ruta) if ok else None
            elif parte in EN_SQLITE:
                if parte in en_sqlite:  # the throwaway database is ready
                    resultados[parte] = _parte_en_proceso(parte, env, tmp)
            else:
                # Renderers read only snapshots: test settings, no database.
                env_propio = entorno(
                    DJANGO_SETTINGS_MODULE="portal.settings.test",
                    DATABASE_URL=f"sqlite:///{tmp / f'{parte}.sqlite3'}",
                )
                resultados[parte] = _parte_en_proceso(parte, env_propio, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    titulo(f"Summary ({time.monotonic() - inicio:.0f} s)")
    for fila in resumen(resultados):
        print(fila)
    no_corrieron = [p for p, r in resultados.items() if r is None]
    if no_corrieron:
        print(f"\nCould not run: {', '.join(no_corrieron)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
