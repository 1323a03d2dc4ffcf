"""Part 3: time to generate the procedure PDF, in-process.

``python -m bench.pdf RESULT.json`` (test settings, throwaway SQLite). Times
``ProcedimientoRenderer(pagina.contenido).render()`` ``CORRIDAS`` times after one
warm-up, for the seed and for the 60-activity procedure. Each run gets the page fresh
from the database (outside the timer), as the PDF view does, so cached properties of
one run do not speed up the next; the queries that copy the page's content and the
renderer's own are inside the timer.
"""

from __future__ import annotations

import sys
import time
from typing import Any

from bench.comun import correr_en_proceso, mediana, paginas_pdf

CORRIDAS = 20


def _bytes(salida: Any) -> bytes:
    if isinstance(salida, bytes | bytearray):
        return bytes(salida)
    if hasattr(salida, "getvalue"):
        return salida.getvalue()
    raise TypeError(f"render() returned {type(salida).__name__}, not bytes")


def medir(pk: int) -> dict[str, Any]:
    from procedimientos.models import ProcedimientoPage
    from procedimientos.pdf.procedimiento import ProcedimientoRenderer

    contenido = _bytes(
        ProcedimientoRenderer(ProcedimientoPage.objects.get(pk=pk).contenido).render()
    )
    if not contenido.startswith(b"%PDF"):
        raise RuntimeError("render() did not return a PDF")
    tiempos = []
    for _ in range(CORRIDAS):
        pagina = ProcedimientoPage.objects.get(pk=pk)
        inicio = time.perf_counter()
        ProcedimientoRenderer(pagina.contenido).render()
        tiempos.append(time.perf_counter() - inicio)
    return {
        "mediana_ms": mediana(tiempos) * 1000,
        "min_ms": min(tiempos) * 1000,
        "max_ms": max(tiempos) * 1000,
        "corridas": CORRIDAS,
        "bytes": len(contenido),
        "paginas": paginas_pdf(contenido),
    }


def main() -> dict[str, Any]:
    from bench.datos import paginas

    medidas = {}
    for etiqueta, pagina in paginas():
        medidas[etiqueta] = medida = medir(pagina.pk)
        print(
            f"  {etiqueta:<16} median {medida['mediana_ms']:7.1f} ms "
            f"(min {medida['min_ms']:.1f}, max {medida['max_ms']:.1f}, "
            f"{CORRIDAS} runs) {medida['bytes']} bytes, "
            f"{medida['paginas']} page(s)"
        )
    return {"medidas": medidas}


if __name__ == "__main__":
    correr_en_proceso(main, sys.argv[1])
