"""Business days counted in the database: ``models.DiaCalendario`` holds, for every
date, the business days since ``DESDE``; a duration is a difference of two
lookups by primary key (``habiles_de``), so the reports never loop over cases or
dates in Python.

Filled from ``expedientes.plazos.es_dia_habil`` (the one definition of a business
day) by ``calendario_asegurar``, which ``apps.InformesConfig`` runs after every
real ``migrate`` (one that applied migrations; deploys run it): a new version of
``holidays`` that moves a holiday rewrites the table. Checking it reads and
recomputes some 18,600 rows, so it is not done after a ``flush`` (which sends
``post_migrate`` too, after every transactional test); a table left empty by
one is filled by the first report that counts with it (``calendario_listo``).
Dates outside ``DESDE``..``HASTA`` have no row: their durations are NULL and the
reports leave them out.
"""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.db.models import (
    DateTimeField,
    ExpressionWrapper,
    IntegerField,
    OuterRef,
    Subquery,
)
from django.db.models.functions import TruncDate

from expedientes.plazos import es_dia_habil

from .models import DiaCalendario

DESDE = datetime.date(2000, 1, 1)
HASTA = datetime.date(2050, 12, 31)


def filas_esperadas(
    desde: datetime.date = DESDE, hasta: datetime.date = HASTA
) -> list[tuple[datetime.date, int, bool]]:
    """``(fecha, habiles, es_habil)`` for every date of the range."""
    salida, habiles, fecha = [], 0, desde
    un_dia = datetime.timedelta(days=1)
    while fecha <= hasta:
        habil = es_dia_habil(fecha)
        habiles += habil
        salida.append((fecha, habiles, habil))
        fecha += un_dia
    return salida


def calendario_asegurar(using: str = "default") -> bool:
    """Make the table equal to ``filas_esperadas()``; True if it was rewritten."""
    esperadas = filas_esperadas()
    actuales = list(
        DiaCalendario.objects.using(using)
        .order_by("fecha")
        .values_list("fecha", "habiles", "es_habil")
    )
    if actuales == esperadas:
        return False
    with transaction.atomic(using=using):
        DiaCalendario.objects.using(using).all().delete()
        DiaCalendario.objects.using(using).bulk_create(
            [DiaCalendario(fecha=f, habiles=h, es_habil=e) for f, h, e in esperadas],
            batch_size=2000,
        )
    return True


def calendario_listo(using: str = "default") -> None:
    """Fill the table if it is empty (after a ``flush``): one cheap query
    otherwise. The reports call it before they count with the calendar."""
    if not DiaCalendario.objects.using(using).exists():
        calendario_asegurar(using)


def al_migrar(sender, using: str = "default", plan=None, **kwargs) -> None:
    """``post_migrate`` receiver (wired in apps.py): only when migrations were
    applied (``plan`` not empty); ``flush`` sends none."""
    if plan:
        calendario_asegurar(using)


def habiles_de(campo: str) -> Subquery:
    """Business days since ``DESDE`` up to the Bogotá date of the datetime field
    ``campo`` of the outer query (a name, or an ``OuterRef`` path inside a
    subquery): one lookup by primary key."""
    zona = ZoneInfo(settings.TIME_ZONE)
    return Subquery(
        DiaCalendario.objects.filter(
            fecha=TruncDate(
                # TruncDate needs its argument's type; an OuterRef has none.
                ExpressionWrapper(OuterRef(campo), output_field=DateTimeField()),
                tzinfo=zona,
            )
        ).values("habiles")[:1],
        output_field=IntegerField(),
    )
