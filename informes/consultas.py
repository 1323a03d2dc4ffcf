"""The reports' figures as database aggregates: each function runs a fixed
number of queries whatever the number of cases (tests/informes check it, the
bench measures it against a bare queryset)."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncMonth

from expedientes.constants import EstadoSolicitud, TipoEvento
from expedientes.models import EventoSolicitud
from expedientes.selectors import contenido_de_version, version_vigente

ABIERTAS = (EstadoSolicitud.EN_TRAMITE, EstadoSolicitud.SUSPENDIDA)
#: The events that close a case.
CIERRES = (TipoEvento.ARCHIVADA, TipoEvento.RECHAZADA, TipoEvento.DESISTIDA)


def nombres_de_actividades() -> dict[int, str]:
    version = version_vigente()
    if version is None:
        return {}
    return {a.numero: a.nombre for a in contenido_de_version(version).actividades}


def por_actividad(casos: QuerySet, hoy: datetime.date) -> list[dict]:
    """Open cases in each activity now: total, suspended, overdue. Two queries."""
    nombres = nombres_de_actividades()
    filas = (
        casos.filter(estado__in=ABIERTAS)
        .values("actividad_actual")
        .annotate(
            total=Count("pk"),
            suspendidas=Count("pk", filter=Q(estado=EstadoSolicitud.SUSPENDIDA)),
            vencidas=Count(
                "pk",
                filter=Q(estado=EstadoSolicitud.EN_TRAMITE, vence_el__lt=hoy),
            ),
        )
        .order_by("actividad_actual")
    )
    return [
        {
            "actividad": f["actividad_actual"],
            "nombre": nombres.get(f["actividad_actual"], ""),
            "total": f["total"],
            "suspendidas": f["suspendidas"],
            "vencidas": f["vencidas"],
        }
        for f in filas
    ]


def meses(desde: datetime.date, hasta: datetime.date) -> list[datetime.date]:
    """First days of the months from ``desde``'s to ``hasta``'s (at most 36)."""
    mes, salida = desde.replace(day=1), []
    while mes <= hasta and len(salida) < 36:
        salida.append(mes)
        mes += relativedelta(months=1)
    return salida


def por_mes(casos: QuerySet, desde: datetime.date, hasta: datetime.date) -> list[dict]:
    """Filed and closed per month in the period and in the same months a year
    before (months in Bogotá). Two queries: one per aggregate."""
    lista = meses(desde, hasta)
    if not lista:
        return []
    zona = ZoneInfo(settings.TIME_ZONE)
    inicio = lista[0] - relativedelta(years=1)
    fin = lista[-1] + relativedelta(months=1)
    radicadas = dict(
        casos.filter(radicada_en__date__gte=inicio, radicada_en__date__lt=fin)
        .annotate(mes=TruncMonth("radicada_en", tzinfo=zona))
        .values("mes")
        .annotate(n=Count("pk"))
        .values_list("mes", "n")
    )
    cerradas = dict(
        EventoSolicitud.objects.filter(
            solicitud__in=casos.values("pk"),
            tipo__in=CIERRES,
            fecha__date__gte=inicio,
            fecha__date__lt=fin,
        )
        .annotate(mes=TruncMonth("fecha", tzinfo=zona))
        .values("mes")
        .annotate(n=Count("pk"))
        .values_list("mes", "n")
    )
    radicadas = {_dia(k): v for k, v in radicadas.items()}
    cerradas = {_dia(k): v for k, v in cerradas.items()}
    filas = []
    for mes in lista:
        antes = mes - relativedelta(years=1)
        filas.append(
            {
                "mes": mes.strftime("%Y-%m"),
                "radicadas": radicadas.get(mes, 0),
                "radicadas_anio_anterior": radicadas.get(antes, 0),
                "cerradas": cerradas.get(mes, 0),
                "cerradas_anio_anterior": cerradas.get(antes, 0),
            }
        )
    return filas


def _dia(valor) -> datetime.date:
    return valor.date() if isinstance(valor, datetime.datetime) else valor
