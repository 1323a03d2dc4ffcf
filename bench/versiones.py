"""Part 4: SQL queries of the formal-version pages, 2 versions against 50.

``python -m bench.versiones RESULT.json`` (test settings, the throwaway SQLite of
``bench/__main__.py``, after ``bench.datos``). The seed ES-PE-PR-31 has two versions
(v1 of unknown content, v2 frozen); a generated procedure gets 50 (v1 unknown, v2 to
v50 frozen, written as rows with ``tests.factories.VersionProcedimientoFactory``).
For each, one warm-up GET then a counted GET through Django's test client of:
the list (``versiones/``), a version (``version/2/``), and the comparison of the last
two versions (``comparar/<n-1>/<n>/``). Target: the same count for 2 and 50 versions
on every route (a count that grows with the versions is an N+1).
"""

from __future__ import annotations

import dataclasses
import sys
from typing import Any

from bench.comun import correr_en_proceso, veredicto

CODIGO = "BENCH-VERSIONES"
VERSIONES = 50
#: Characters of each query printed when a target is missed.
ANCHO_SQL = 120


def contar(url: str) -> dict[str, Any]:
    """The queries of a second GET of ``url`` (the first warms Wagtail's caches)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    cliente = Client()
    for intento in range(2):
        with CaptureQueriesContext(connection) as capturadas:
            respuesta = cliente.get(url)
        if respuesta.status_code != 200:
            raise RuntimeError(f"GET {url} -> {respuesta.status_code} ({intento})")
    return {"url": url, "consultas": [q["sql"] for q in capturadas.captured_queries]}


def imprimir_consultas(etiqueta: str, consultas: list[str]) -> None:
    print(f"  queries of {etiqueta} ({len(consultas)}):")
    for sql in consultas:
        print(f"       {sql[:ANCHO_SQL]}")


def preparar():
    """The seed, and a generated procedure at version ``VERSIONES``."""
    from procedimientos.models import ProcedimientoIndexPage, ProcedimientoPage
    from tests.factories import VersionProcedimientoFactory, crear_procedimiento

    semilla = ProcedimientoPage.objects.get(codigo="ES-PE-PR-31")
    grande = ProcedimientoPage.objects.filter(codigo=CODIGO).first()
    if grande is None:
        grande = crear_procedimiento(
            ProcedimientoIndexPage.objects.get(),
            actividades=6,
            definiciones=0,  # the factory's terms would clash with bench.datos's
            codigo=CODIGO,
            slug="bench-versiones",
            title=f"Procedimiento generado con {VERSIONES} versiones",
        )
        contenido = ProcedimientoPage.objects.get(pk=grande.pk).contenido
        for numero in range(1, VERSIONES + 1):
            VersionProcedimientoFactory(
                procedimiento=grande,
                numero=numero,
                contenido=(
                    dataclasses.replace(contenido, version=numero).a_json()
                    if numero > 1
                    else None
                ),
            )
        ProcedimientoPage.objects.filter(pk=grande.pk).update(version=VERSIONES)
    return [(2, semilla.url), (VERSIONES, grande.url)]


def rutas(total: int) -> dict[str, str]:
    return {
        "list": "versiones/",
        "version": "version/2/",
        "compare": f"comparar/{total - 1}/{total}/",
    }


def main() -> dict[str, Any]:
    medidas: dict[str, dict[int, dict[str, Any]]] = {}
    for total, url in preparar():
        for nombre, sufijo in rutas(total).items():
            medida = contar(url + sufijo)
            medidas.setdefault(nombre, {})[total] = medida
            print(
                f"  {nombre:<8} {total:>2} versions  {medida['url']:<52} "
                f"{len(medida['consultas']):>3} queries"
            )

    cuentas = {
        nombre: {str(total): len(m["consultas"]) for total, m in por_total.items()}
        for nombre, por_total in medidas.items()
    }
    iguales = {nombre: len(set(c.values())) == 1 for nombre, c in cuentas.items()}
    for nombre, ok in iguales.items():
        print(f"  {veredicto(ok)} {nombre}: same count for 2 and {VERSIONES} versions")
        if not ok:
            for total, medida in medidas[nombre].items():
                imprimir_consultas(f"{nombre}, {total} versions", medida["consultas"])

    return {"versiones": VERSIONES, "cuentas": cuentas, "iguales": iguales}


if __name__ == "__main__":
    correr_en_proceso(main, sys.argv[1])
