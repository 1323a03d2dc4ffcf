"""Deadlines in días hábiles: Monday to Friday, minus Colombia's holidays.

Ley 1755 de 2015, art. 14: terms run from the business day after filing.
"""

import datetime
from functools import lru_cache

import holidays


@lru_cache(maxsize=32)
def _festivos(anio: int) -> frozenset[datetime.date]:
    return frozenset(holidays.Colombia(years=anio))


def es_dia_habil(fecha: datetime.date) -> bool:
    return fecha.weekday() < 5 and fecha not in _festivos(fecha.year)


def sumar_dias_habiles(desde: datetime.date, dias: int) -> datetime.date:
    """The ``dias``-th business day after ``desde`` (``desde`` itself never counts)."""
    fecha = desde
    contados = 0
    while contados < dias:
        fecha += datetime.timedelta(days=1)
        if es_dia_habil(fecha):
            contados += 1
    return fecha


def dias_habiles_entre(desde: datetime.date, hasta: datetime.date) -> int:
    """Business days after ``desde`` up to ``hasta`` included (negative if past)."""
    if hasta < desde:
        return -dias_habiles_entre(hasta, desde)
    dias = 0
    fecha = desde
    while fecha < hasta:
        fecha += datetime.timedelta(days=1)
        if es_dia_habil(fecha):
            dias += 1
    return dias
