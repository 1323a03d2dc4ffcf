"""Durations in días hábiles, suspensions excluded, counted in the database.

A *stay* (``tramos``) is one passage of a case through an activity: it starts
with the event that moved the case into it (a completion or a step back, the
events with ``hacia``) and ends with the next event that moved it out or closed
the case (completed, stepped back, rejected, withdrawn, archived). Its business
days are ``habiles(end) - habiles(start)`` from the calendar table
(``calendario.habiles_de``), less the business days it was suspended: the
suspensions and resumptions inside it alternate, so that is
``sum(sign * (habiles(event) - habiles(end)))`` with sign +1 for a resumption and
-1 for a suspension (a stay closed while suspended counts up to its end), the
same count ``acciones._reanudar`` moves the deadlines by. Everything is a
correlated subquery of the stay's row: no Python loop over cases.

Percentiles: PostgreSQL's ``percentile_cont`` (an aggregate in the same query).
SQLite has none: there the one query fetches only the grouping key and the
durations (O(n) integers, still one query) and ``percentil_cont`` interpolates
them as PostgreSQL does. Stays still running (the current activity of an open
case) are not durations yet and are left out; report 1 shows them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from django.db.models import (
    Aggregate,
    Case,
    Exists,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.fields.json import KT
from django.db.models.functions import Cast, Coalesce

from expedientes.constants import TipoEvento
from expedientes.models import EventoSolicitud

from .calendario import habiles_de

#: Events that end a stay in an activity.
SALIDAS = (
    TipoEvento.COMPLETADA,
    TipoEvento.DEVUELTA,
    TipoEvento.RECHAZADA,
    TipoEvento.DESISTIDA,
    TipoEvento.ARCHIVADA,
)
#: Events that close a case (the first one ends its total time).
CIERRES = (TipoEvento.RECHAZADA, TipoEvento.DESISTIDA, TipoEvento.ARCHIVADA)
PAUSAS = (TipoEvento.SUSPENDIDA, TipoEvento.REANUDADA)


class PercentilCont(Aggregate):
    """PostgreSQL's ``percentile_cont(f) WITHIN GROUP (ORDER BY x)``."""

    function = "PERCENTILE_CONT"
    template = "%(function)s(%(fraccion)s) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()

    def __init__(self, expresion, fraccion: float, **extra):
        if not 0 <= fraccion <= 1:
            raise ValueError("fraccion entre 0 y 1")
        super().__init__(expresion, fraccion=repr(float(fraccion)), **extra)


def percentil_cont(valores: Sequence[float], fraccion: float) -> float | None:
    """What ``percentile_cont`` gives: linear interpolation at ``fraccion*(n-1)``."""
    if not valores:
        return None
    orden = sorted(valores)
    posicion = fraccion * (len(orden) - 1)
    abajo = int(posicion)
    arriba = min(abajo + 1, len(orden) - 1)
    return orden[abajo] + (orden[arriba] - orden[abajo]) * (posicion - abajo)


def _pausas(solicitud: str, desde: str | None, hasta: str, h_fin: str):
    """Business days suspended between the outer query's ``desde`` and ``hasta``
    (datetime fields or annotations), ``h_fin`` being ``habiles(hasta)``."""
    eventos = EventoSolicitud.objects.filter(
        solicitud=OuterRef(solicitud), tipo__in=PAUSAS, fecha__lte=OuterRef(hasta)
    )
    if desde:
        eventos = eventos.filter(fecha__gte=OuterRef(desde))
    signo = Case(
        When(tipo=TipoEvento.REANUDADA, then=Value(1)),
        default=Value(-1),
        output_field=IntegerField(),
    )
    suma = (
        eventos.annotate(h=habiles_de("fecha"))
        .values("solicitud")
        .annotate(s=Sum(signo * (F("h") - OuterRef(h_fin))))
        .values("s")
    )
    return Coalesce(Subquery(suma, output_field=IntegerField()), Value(0))


def _en_el_tramo(tipo: str):
    return EventoSolicitud.objects.filter(
        solicitud=OuterRef("solicitud"),
        tipo=tipo,
        fecha__gte=OuterRef("inicio"),
        fecha__lte=OuterRef("fecha"),
    )


def tramos(casos: QuerySet) -> QuerySet[EventoSolicitud]:
    """The finished stays of ``casos``: one row per event that ended one, with
    ``inicio`` (when it began), ``dias`` (business days, suspensions excluded),
    ``suspendida`` and ``prorrogada`` (whether it was), ``dias_prorroga``
    (business days its term was extended by). Filing (activity 1) is no stay:
    it has no event before it."""
    anterior = (
        EventoSolicitud.objects.filter(
            solicitud=OuterRef("solicitud"), hacia__isnull=False
        )
        .filter(
            Q(fecha__lt=OuterRef("fecha"))
            | Q(fecha=OuterRef("fecha"), pk__lt=OuterRef("pk"))
        )
        .order_by("-fecha", "-pk")
        .values("fecha")[:1]
    )
    # Archiving a rejected or withdrawn case ends no stay: the closing did.
    ya_cerrada = EventoSolicitud.objects.filter(
        solicitud=OuterRef("solicitud"),
        tipo__in=(TipoEvento.RECHAZADA, TipoEvento.DESISTIDA),
        fecha__lte=OuterRef("fecha"),
    )
    prorroga = (
        _en_el_tramo(TipoEvento.PRORROGADA)
        .values("solicitud")
        .annotate(d=Sum(Cast(KT("datos__dias"), IntegerField())))
        .values("d")
    )
    return (
        EventoSolicitud.objects.filter(
            solicitud__in=casos.values("pk"), tipo__in=SALIDAS
        )
        .exclude(Q(tipo=TipoEvento.ARCHIVADA) & Exists(ya_cerrada))
        .annotate(inicio=Subquery(anterior))
        .filter(inicio__isnull=False)
        .annotate(h_inicio=habiles_de("inicio"), h_fin=habiles_de("fecha"))
        .annotate(
            dias=F("h_fin")
            - F("h_inicio")
            - _pausas("solicitud", "inicio", "fecha", "h_fin"),
            suspendida=Exists(_en_el_tramo(TipoEvento.SUSPENDIDA)),
            prorrogada=Exists(_en_el_tramo(TipoEvento.PRORROGADA)),
            dias_prorroga=Coalesce(
                Subquery(prorroga, output_field=IntegerField()), Value(0)
            ),
        )
        .filter(dias__isnull=False)
    )


def totales(casos: QuerySet) -> QuerySet:
    """Closed cases with ``dias``: business days from filing to the first event
    that closed them (the rejection or withdrawal, or the archive), suspensions
    excluded."""
    cierre = (
        EventoSolicitud.objects.filter(solicitud=OuterRef("pk"), tipo__in=CIERRES)
        .order_by("fecha", "pk")
        .values("fecha")[:1]
    )
    return (
        casos.annotate(cierre=Subquery(cierre))
        .filter(cierre__isnull=False)
        .annotate(h_inicio=habiles_de("radicada_en"), h_fin=habiles_de("cierre"))
        .annotate(
            dias=F("h_fin") - F("h_inicio") - _pausas("pk", None, "cierre", "h_fin")
        )
        .filter(dias__isnull=False)
    )


def percentiles(
    filas: QuerySet, grupo: str | None, fracciones: Sequence[float] = (0.5, 0.9)
) -> dict:
    """``{group: (n, [percentile of each fraction])}`` of ``filas.dias`` in one
    query (``grupo`` None: one group, key None). See the module's doc for SQLite."""
    from django.db import connections

    if connections[filas.db].vendor == "postgresql":
        agregados = {
            f"p{i}": PercentilCont("dias", f) for i, f in enumerate(fracciones)
        }
        from django.db.models import Count

        if grupo is None:
            fila = filas.aggregate(n=Count("pk"), **agregados)
            if not fila["n"]:
                return {}
            return {None: (fila["n"], [fila[k] for k in agregados])}
        salida = {}
        for fila in filas.values(grupo).annotate(n=Count("pk"), **agregados):
            salida[fila[grupo]] = (fila["n"], [fila[k] for k in agregados])
        return salida
    valores: dict = defaultdict(list)
    if grupo is None:
        for dias in filas.values_list("dias", flat=True):
            valores[None].append(dias)
    else:
        for clave, dias in filas.values_list(grupo, "dias"):
            valores[clave].append(dias)
    return {
        clave: (len(lista), [percentil_cont(lista, f) for f in fracciones])
        for clave, lista in valores.items()
    }
