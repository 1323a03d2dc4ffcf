"""The law as data: constitutional periods and legal terms from ``data/*.tsv``.

Read by the data migration (with its historical models) and by
``leyes_asegurar`` (cargar_demo, tests after a flush). A row already in the
database is updated from the file: the file is the reviewed source.
"""

from __future__ import annotations

import csv
import datetime
from collections.abc import Iterator
from pathlib import Path

DATOS = Path(__file__).resolve().parent / "data"


def leer(nombre: str) -> Iterator[dict[str, str]]:
    with (DATOS / nombre).open(encoding="utf-8") as archivo:
        filas = (linea for linea in archivo if not linea.startswith("#"))
        yield from csv.DictReader(filas, delimiter="\t")


def cargar_leyes(Periodo, Plazo) -> None:
    """Load both tables into the given models (current or historical)."""
    for fila in leer("periodos-constitucionales.tsv"):
        Periodo.objects.update_or_create(
            inicio=datetime.date.fromisoformat(fila["inicio"]),
            defaults={
                "fin": datetime.date.fromisoformat(fila["fin"]),
                "norma": fila["norma"],
            },
        )
    for fila in leer("plazos-legales.tsv"):
        Plazo.objects.update_or_create(
            clave=fila["clave"],
            defaults={
                "nombre": fila["nombre"],
                "cantidad": int(fila["cantidad"]),
                "unidad": fila["unidad"],
                "norma": fila["norma"],
                "debate": fila["debate"],
            },
        )


def leyes_asegurar() -> None:
    from .models import PeriodoConstitucional, PlazoLegal

    cargar_leyes(PeriodoConstitucional, PlazoLegal)
