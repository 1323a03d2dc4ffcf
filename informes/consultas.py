"""The reports' figures as database aggregates: each function runs a fixed
number of queries whatever the number of cases (tests/informes check it, the
bench measures it against a bare queryset)."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta

from django.conf import settings
from django.db.models import Case, Count, F, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext as _

from expedientes.constants import EstadoSolicitud, TipoEvento
from expedientes.models import Compromiso, EventoSolicitud, SesionAsesoria
from expedientes.selectors import contenido_de_version, version_vigente
from procedimientos.models import VersionProcedimiento

from . import tiempos as tiempos_bd

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


def tiempos(casos: QuerySet) -> list[dict]:
    """Median and 90th percentile of the business days of each activity's
    finished stays, and of the total of the closed cases (suspensions
    excluded; ``tiempos.py``). Two queries (and ``tiempos.plan_de_informe``'s), plus
    the activities' names."""
    nombres = nombres_de_actividades()
    with tiempos_bd.plan_de_informe(casos.db):
        por_actividad = tiempos_bd.percentiles(tiempos_bd.tramos(casos), "actividad")
        total = tiempos_bd.percentiles(tiempos_bd.totales(casos), None)
    filas = [
        {
            "actividad": str(numero),
            "nombre": nombres.get(numero, ""),
            "n": n,
            "mediana": _redondo(mediana),
            "p90": _redondo(p90),
        }
        for numero, (n, (mediana, p90)) in sorted(por_actividad.items())
    ]
    if total:
        n, (mediana, p90) = total[None]
        filas.append(
            {
                "actividad": _("Total"),
                "nombre": _("De la radicación al cierre (solicitudes cerradas)"),
                "n": n,
                "mediana": _redondo(mediana),
                "p90": _redondo(p90),
            }
        )
    return filas


def _redondo(valor: float | None) -> float | None:
    return None if valor is None else round(valor, 1)


def plazos_de_actividades() -> Case:
    """The internal term of each activity in each formal version (the one a
    stay's case was filed under), as a ``Case`` over the stay's row: one query
    for the versions, whatever the number of cases."""
    cuando = []
    versiones = VersionProcedimiento.objects.filter(
        procedimiento__codigo=settings.EXPEDIENTES_PROCEDIMIENTO,
        contenido__isnull=False,
    )
    for version in versiones:
        for actividad in contenido_de_version(version).actividades:
            if actividad.plazo_dias:
                cuando.append(
                    When(
                        solicitud__version_procedimiento_id=version.pk,
                        actividad=actividad.numero,
                        then=Value(actividad.plazo_dias),
                    )
                )
    return Case(*cuando, default=Value(None), output_field=IntegerField())


#: Punctuality of a stay, against its term (the activity's, plus the business
#: days it was extended by in that stay): disjoint, they add up to ``n``.
PUNTUALIDAD = {
    "sin_plazo": Q(plazo__isnull=True),
    "a_tiempo": Q(dias__lte=F("termino")),
    "tarde": Q(dias__gt=F("termino"), dias__lte=2 * F("termino")),
    "muy_tarde": Q(dias__gt=2 * F("termino")),
}


def puntualidad(casos: QuerySet, grupo: str) -> list[dict]:
    """Finished stays by ``grupo`` (``"actividad"`` or ``"municipio"``): on time,
    late up to twice the term, late over twice the term, without a term;
    extended and suspended (overlapping the others). Two queries (the versions'
    terms, the aggregate; and ``tiempos.plan_de_informe``'s)."""
    campo = {"actividad": "actividad", "municipio": "solicitud__municipio__nombre"}[
        grupo
    ]
    nombres = nombres_de_actividades() if grupo == "actividad" else {}
    filas = (
        tiempos_bd.tramos(casos)
        .annotate(plazo=plazos_de_actividades())
        .annotate(termino=F("plazo") + F("dias_prorroga"))
        .values(campo)
        .annotate(
            n=Count("pk"),
            **{clave: Count("pk", filter=q) for clave, q in PUNTUALIDAD.items()},
            prorrogadas=Count("pk", filter=Q(prorrogada=True)),
            suspendidas=Count("pk", filter=Q(suspendida=True)),
        )
        .order_by(campo)
    )
    salida = []
    with tiempos_bd.plan_de_informe(casos.db):
        filas = list(filas)
    for fila in filas:
        clave = fila.pop(campo)
        cabeza = {grupo: clave}
        if grupo == "actividad":
            cabeza["nombre"] = nombres.get(clave, "")
        salida.append({**cabeza, **fila})
    return salida


def sesiones(casos: QuerySet, ahora: datetime.datetime) -> list[dict]:
    """By municipality: advisory sessions held (up to ``ahora``) and the cases
    they belong to; commitments open (not marked fulfilled, of a case still
    open) and of those the ones past their date. Two queries, merged by
    municipality."""
    hoy = ahora.astimezone(ZoneInfo(settings.TIME_ZONE)).date()
    filas: dict[str, dict] = {}

    def fila(nombre: str) -> dict:
        return filas.setdefault(
            nombre,
            {
                "municipio": nombre,
                "sesiones": 0,
                "casos": 0,
                "compromisos_abiertos": 0,
                "compromisos_vencidos": 0,
            },
        )

    for f in (
        SesionAsesoria.objects.filter(
            solicitud__in=casos.values("pk"), fecha__lte=ahora
        )
        .values("solicitud__municipio__nombre")
        .annotate(n=Count("pk"), casos=Count("solicitud", distinct=True))
    ):
        destino = fila(f["solicitud__municipio__nombre"])
        destino.update(sesiones=f["n"], casos=f["casos"])
    for f in (
        Compromiso.objects.filter(
            cumplido_en__isnull=True,
            sesion__solicitud__in=casos.filter(estado__in=ABIERTAS).values("pk"),
        )
        .values("sesion__solicitud__municipio__nombre")
        .annotate(n=Count("pk"), vencidos=Count("pk", filter=Q(fecha_limite__lt=hoy)))
    ):
        destino = fila(f["sesion__solicitud__municipio__nombre"])
        destino.update(compromisos_abiertos=f["n"], compromisos_vencidos=f["vencidos"])
    return [filas[nombre] for nombre in sorted(filas)]
