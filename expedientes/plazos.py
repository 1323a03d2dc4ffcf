"""Deadlines in días hábiles: Monday to Friday, minus Colombia's holidays.

Ley 1755 de 2015, art. 14: terms run from the business day after filing. The
deadline state (on time, due soon, overdue) is computed here only, for the portal,
the admin listing, the case page and the inboxes.
"""

import datetime
from enum import StrEnum
from functools import lru_cache

import holidays

from django.utils import timezone
from django.utils.translation import gettext as _


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


#: Business days before a deadline when a case is flagged "vence pronto".
DIAS_VENCE_PRONTO = 3


class EstadoPlazo(StrEnum):
    """What a deadline means today; shared by the portal and the admin."""

    A_TIEMPO = "a_tiempo"
    VENCE_PRONTO = "vence_pronto"
    VENCIDA = "vencida"

    @property
    def etiqueta(self) -> str:
        return {
            EstadoPlazo.A_TIEMPO: _("A tiempo"),
            EstadoPlazo.VENCE_PRONTO: _("Vence pronto"),
            EstadoPlazo.VENCIDA: _("Vencida"),
        }[self]


def estado_plazo(
    fecha_limite: datetime.date | None, hoy: datetime.date | None = None
) -> EstadoPlazo | None:
    """On time, due within ``DIAS_VENCE_PRONTO`` business days, or overdue.

    ``None`` when there is no deadline running (closed or suspended cases).
    """
    if fecha_limite is None:
        return None
    hoy = hoy or timezone.localdate()
    if fecha_limite < hoy:
        return EstadoPlazo.VENCIDA
    if fecha_limite <= limite_vence_pronto(hoy):
        return EstadoPlazo.VENCE_PRONTO
    return EstadoPlazo.A_TIEMPO


def limite_vence_pronto(hoy: datetime.date | None = None) -> datetime.date:
    """The last date that counts as "vence pronto" today (for database filters)."""
    return sumar_dias_habiles(hoy or timezone.localdate(), DIAS_VENCE_PRONTO)


def mover(fecha: datetime.date | None, dias_habiles: int) -> datetime.date | None:
    """A deadline moved forward by ``dias_habiles`` (suspensions, extensions)."""
    if fecha is None or dias_habiles <= 0:
        return fecha
    return sumar_dias_habiles(fecha, dias_habiles)
