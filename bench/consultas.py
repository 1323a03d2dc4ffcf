"""Part 1: SQL queries to render the procedure page.

``python -m bench.consultas RESULT.json`` (test settings, throwaway SQLite; see
``bench/__main__.py``). A full GET through Django's test client, after one warm-up
GET, counted with CaptureQueriesContext, for the seed procedure and for one with 60
activities. Target: the same count for both, at most ``LIMITE``.
"""

from __future__ import annotations

import sys
from collections import Counter
from typing import Any

from bench.comun import CORRIO, NO_CORRIO, escribir_resultado, veredicto

LIMITE = 10
#: Characters of each query printed when a target is missed.
ANCHO_SQL = 120


def contar(url: str) -> dict[str, Any]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    cliente = Client()
    calentamiento = cliente.get(url)
    if calentamiento.status_code != 200:
        raise RuntimeError(f"GET {url} -> {calentamiento.status_code}")
    with CaptureQueriesContext(connection) as capturadas:
        respuesta = cliente.get(url)
    if respuesta.status_code != 200:
        raise RuntimeError(f"GET {url} -> {respuesta.status_code}")
    return {
        "url": url,
        "bytes": len(respuesta.content),
        "consultas": [q["sql"] for q in capturadas.captured_queries],
    }


def imprimir_consultas(etiqueta: str, consultas: list[str]) -> None:
    """Queries in order, identical ones folded with a count (an N+1 shows as xN)."""
    print(f"  queries of {etiqueta} ({len(consultas)}):")
    veces = Counter(sql[:ANCHO_SQL] for sql in consultas)
    vistas: set[str] = set()
    for sql in consultas:
        corta = sql[:ANCHO_SQL]
        if corta in vistas:
            continue
        vistas.add(corta)
        prefijo = f"x{veces[corta]}" if veces[corta] > 1 else "  "
        print(f"    {prefijo:>4} {corta}")


def main(ruta: str) -> int:
    import django

    django.setup()
    from bench.datos import paginas

    medidas: dict[str, dict[str, Any]] = {}
    for etiqueta, pagina in paginas():
        medidas[etiqueta] = contar(pagina.get_url())
        print(
            f"  {etiqueta:<16} {medidas[etiqueta]['url']:<34} "
            f"{len(medidas[etiqueta]['consultas']):>3} queries "
            f"({medidas[etiqueta]['bytes']} bytes of HTML)"
        )

    cuentas = {e: len(m["consultas"]) for e, m in medidas.items()}
    bajo_limite = all(n <= LIMITE for n in cuentas.values())
    iguales = len(set(cuentas.values())) == 1
    print(f"  {veredicto(bajo_limite)} at most {LIMITE} queries per page: {cuentas}")
    print(f"  {veredicto(iguales)} same count whatever the number of activities")
    if not (bajo_limite and iguales):
        for etiqueta, medida in medidas.items():
            imprimir_consultas(etiqueta, medida["consultas"])

    escribir_resultado(
        ruta,
        {
            "cuentas": cuentas,
            "limite": LIMITE,
            "bajo_limite": bajo_limite,
            "iguales": iguales,
            "consultas": {e: m["consultas"] for e, m in medidas.items()},
        },
    )
    return CORRIO


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1]))
    except (RuntimeError, ImportError, LookupError) as error:
        print(f"  could not run: {error}")
        sys.exit(NO_CORRIO)
