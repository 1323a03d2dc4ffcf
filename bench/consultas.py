"""Part 1: SQL queries to render the procedure page.

``python -m bench.consultas RESULT.json`` (test settings, throwaway SQLite; see
``bench/__main__.py``), for the seed procedure and for one with 60 activities, each
counted with CaptureQueriesContext after a warm-up GET:

* **render**: the page's own ``serve()`` once Wagtail's routing has found it (the
  template, its context, the flowchart). Target: the same count for both, at most
  ``LIMITE``.
* **request**: the whole GET through Django's test client, which adds Wagtail's
  site lookup, routing and view-restriction checks (about 8 queries that do not
  depend on the page). Information, and it must not grow with the activities.
"""

from __future__ import annotations

import sys
from collections import Counter
from typing import Any

from bench.comun import correr_en_proceso, veredicto

LIMITE = 10
#: Characters of each query printed when a target is missed.
ANCHO_SQL = 120


def contar(pagina) -> dict[str, Any]:
    from django.contrib.auth.models import AnonymousUser
    from django.db import connection
    from django.test import Client, RequestFactory
    from django.test.utils import CaptureQueriesContext

    url = pagina.get_url()
    cliente = Client()
    calentamiento = cliente.get(url)
    if calentamiento.status_code != 200:
        raise RuntimeError(f"GET {url} -> {calentamiento.status_code}")
    with CaptureQueriesContext(connection) as peticion:
        respuesta = cliente.get(url)
    if respuesta.status_code != 200:
        raise RuntimeError(f"GET {url} -> {respuesta.status_code}")

    encontrada = type(pagina).objects.get(pk=pagina.pk)  # as routing hands it over
    solicitud = RequestFactory().get(url)
    solicitud.user = AnonymousUser()
    with CaptureQueriesContext(connection) as render:
        encontrada.serve(solicitud).render()
    return {
        "url": url,
        "bytes": len(respuesta.content),
        "consultas": [q["sql"] for q in render.captured_queries],
        "peticion": [q["sql"] for q in peticion.captured_queries],
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


def main() -> dict[str, Any]:
    from bench.datos import paginas

    medidas: dict[str, dict[str, Any]] = {}
    for etiqueta, pagina in paginas():
        medidas[etiqueta] = medida = contar(pagina)
        print(
            f"  {etiqueta:<16} {medida['url']:<34} render {len(medida['consultas']):>3}"
            f" queries, whole request {len(medida['peticion']):>3} "
            f"({medida['bytes']} bytes of HTML)"
        )

    cuentas = {e: len(m["consultas"]) for e, m in medidas.items()}
    peticion = {e: len(m["peticion"]) for e, m in medidas.items()}
    bajo_limite = all(n <= LIMITE for n in cuentas.values())
    iguales = len(set(cuentas.values())) == 1 and len(set(peticion.values())) == 1
    print(f"  {veredicto(bajo_limite)} render: at most {LIMITE} queries: {cuentas}")
    print(
        f"  {veredicto(iguales)} same counts whatever the number of activities "
        f"(render {cuentas}, request {peticion})"
    )
    if not (bajo_limite and iguales):
        for etiqueta, medida in medidas.items():
            imprimir_consultas(f"{etiqueta} (render)", medida["consultas"])
            imprimir_consultas(f"{etiqueta} (request)", medida["peticion"])

    return {
        "cuentas": cuentas,
        "peticion": peticion,
        "limite": LIMITE,
        "bajo_limite": bajo_limite,
        "iguales": iguales,
        "consultas": {e: m["consultas"] for e, m in medidas.items()},
    }


if __name__ == "__main__":
    correr_en_proceso(main, sys.argv[1])
