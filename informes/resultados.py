"""Outcomes of the advice (issue 16): the archived advisory cases whose activity 5
recorded the municipal Acuerdo adopting the plan, and the time from the case's
first held session to that adoption. Read by ``views.ResultadosView``.

Which act: the one archiving takes to the plan of record
(``expedientes.services.archivo._acuerdo_al_municipio``, through
``selectors.evento_del_acuerdo``): the latest completion that recorded an
Acuerdo number, with its date. ``en_plan`` says whether that act is in the
municipality's plan of record as the case's Acuerdo (``planes.ActoPlan``, source
``acuerdo_del_caso``, same number and date, not replaced by a correction): it is
not when the plan already rested on a later act, or staff corrected it since.

The time runs from the Bogotá date of the first held session (``SesionAsesoria``:
a session is recorded only once it happened) to the Acuerdo's date, in calendar
days (how the Concejo's term of adoption runs for a revision, Ley 810 de 2003
art. 12, and what a municipality reads as elapsed time) and in business days
(``calendario``, comparable with the other reports). An Acuerdo dated before the
first session was not adopted after this advice: counted as an act, not timed.

Everything is aggregated in the database. PostgreSQL: one query, the per-case
rows as a derived table grouped by municipality with ``ROLLUP`` for the total
and ``percentile_cont`` (``_en_postgresql`` says why not the ORM's aggregate).
SQLite has no percentile: one grouped query for the counts and one fetching the
durations (two integers a timed case), interpolated as PostgreSQL does
(``tiempos.percentil_cont``). The same number of queries whatever the number of
cases.
"""

from __future__ import annotations

from collections import defaultdict
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connections
from django.db.models import (
    Case,
    Count,
    DateField,
    Exists,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    When,
)
from django.db.models.fields.json import KT
from django.db.models.functions import Cast, TruncDate
from django.utils.translation import gettext as _

from expedientes.constants import EstadoSolicitud, TipoEvento
from expedientes.models import EventoSolicitud, SesionAsesoria
from planes.constants import ClaseActo, FuenteRegistro
from planes.models import ActoPlan

from .calendario import habiles_de
from .models import DiaCalendario
from .tiempos import percentil_cont

#: ``(clave, fracción)`` of the percentiles, for both kinds of days.
PERCENTILES = (("mediana", 0.5), ("p90", 0.9))
DIAS = ("calendario", "habiles")


class DiasEntre(Func):
    """Calendar days from the date ``inicio`` to the date ``fin``."""

    arity = 2
    template = "(%(expressions)s)"
    arg_joiner = " - "
    output_field = IntegerField()

    def __init__(self, fin, inicio, **extra):
        super().__init__(fin, inicio, **extra)

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(
            compiler,
            connection,
            template="CAST(julianday(%(expressions)s) AS INTEGER)",
            arg_joiner=") - julianday(",
            **extra,
        )


def _del_acuerdo(clave: str) -> Subquery:
    """``datos[clave]`` of the case's event that recorded the Acuerdo (the same
    event ``selectors.evento_del_acuerdo`` finds)."""
    return Subquery(
        EventoSolicitud.objects.filter(
            solicitud=OuterRef("pk"),
            tipo=TipoEvento.COMPLETADA,
            datos__has_key="acuerdo_numero",
        )
        .exclude(datos__acuerdo_numero="")
        .order_by("-fecha", "-pk")
        .values(v=KT(f"datos__{clave}"))[:1]
    )


def casos_con_resultado(casos: QuerySet) -> QuerySet:
    """The archived cases of ``casos`` whose advice (activity 5) was completed,
    with ``adopcion`` (the Acuerdo's date, None without one), ``en_plan``, and
    ``dias_calendario`` and ``dias_habiles`` from the first held session to the
    adoption (None when not timed)."""
    zona = ZoneInfo(settings.TIME_ZONE)
    asesoria = EventoSolicitud.objects.filter(
        solicitud=OuterRef("pk"),
        tipo=TipoEvento.COMPLETADA,
        datos__has_key="acuerdo_numero",
    )
    primera = (
        SesionAsesoria.objects.filter(solicitud=OuterRef("pk"))
        .order_by("fecha")
        .values("fecha")[:1]
    )
    en_el_plan = ActoPlan.objects.filter(
        plan__municipio=OuterRef("municipio"),
        fuente=FuenteRegistro.ACUERDO_DEL_CASO,
        clase=ClaseActo.ACUERDO,
        numero=OuterRef("acuerdo_numero"),
        fecha=OuterRef("adopcion"),
        correccion__isnull=True,
    )
    habiles_adopcion = Subquery(
        DiaCalendario.objects.filter(fecha=OuterRef("adopcion")).values("habiles")[:1],
        output_field=IntegerField(),
    )
    medible = Q(adopcion__isnull=False, primera__isnull=False) & Q(
        adopcion__gte=F("primera_dia")
    )
    return (
        casos.filter(estado=EstadoSolicitud.ARCHIVADA)
        .filter(Exists(asesoria))
        .annotate(
            acuerdo_numero=_del_acuerdo("acuerdo_numero"),
            adopcion=Cast(_del_acuerdo("acuerdo_fecha"), DateField()),
            primera=Subquery(primera),
        )
        .annotate(
            primera_dia=TruncDate("primera", tzinfo=zona),
            en_plan=Exists(en_el_plan),
        )
        .annotate(
            dias_calendario=Case(
                When(medible, then=DiasEntre(F("adopcion"), F("primera_dia"))),
                output_field=IntegerField(),
            ),
            dias_habiles=Case(
                When(medible, then=habiles_adopcion - habiles_de("primera")),
                output_field=IntegerField(),
            ),
        )
    )


def _conteos() -> dict:
    return {
        "terminadas": Count("pk"),
        "con_acto": Count("pk", filter=Q(adopcion__isnull=False)),
        "en_plan": Count("pk", filter=Q(adopcion__isnull=False, en_plan=True)),
        "medidas": Count("dias_calendario"),
    }


def _fila(municipio: str, valores: dict) -> dict:
    fila = {"municipio": municipio}
    for clave in ("terminadas", "con_acto", "en_plan", "medidas"):
        fila[clave] = valores.get(clave) or 0
    for dias in DIAS:
        for clave, _f in PERCENTILES:
            valor = valores.get(f"{clave}_{dias}")
            fila[f"{clave}_{dias}"] = None if valor is None else round(valor, 1)
    return fila


#: The aggregates over the per-case rows of ``_en_postgresql``, in its order.
AGREGADOS_PG = (
    ("terminadas", "COUNT(*)"),
    ("con_acto", "COUNT(adopcion)"),
    ("en_plan", "COUNT(*) FILTER (WHERE en_plan AND adopcion IS NOT NULL)"),
    ("medidas", "COUNT(dias_calendario)"),
    *(
        (f"{clave}_{dias}", f"percentile_cont({fraccion}) WITHIN GROUP "
         f"(ORDER BY dias_{dias})")
        for dias in DIAS
        for clave, fraccion in PERCENTILES
    ),
)  # fmt: skip


def _en_postgresql(filas: QuerySet) -> tuple[dict, dict]:
    """One query: the per-case rows (the ORM's SQL, its parameters bound) as a
    derived table, aggregated by municipality with the total as ``ROLLUP``'s
    grand row. Aggregating the annotated queryset directly would repeat every
    correlated subquery (the Acuerdo's date, the first session, the calendar)
    in each aggregate that uses it: about thirty lookups a case instead of
    seven, 3.7 s against 1.2 s at 100,000 cases (bench part 12's data, one
    run)."""
    interno, parametros = (
        filas.annotate(nombre_municipio=F("municipio__nombre"))
        .values(
            "nombre_municipio", "adopcion", "en_plan", "dias_calendario",
            "dias_habiles",
        )
        .order_by()
        .query.sql_with_params()
    )  # fmt: skip
    columnas = ", ".join(sql for _clave, sql in AGREGADOS_PG)
    consulta = (
        # Only constants are formatted in; the values go as parameters.
        f"SELECT GROUPING(nombre_municipio), nombre_municipio, {columnas} "  # noqa: S608
        f"FROM ({interno}) AS casos GROUP BY ROLLUP(nombre_municipio) "
        "ORDER BY GROUPING(nombre_municipio), nombre_municipio"
    )
    por_municipio, total = {}, {}
    with connections[filas.db].cursor() as cursor:
        cursor.execute(consulta, parametros)
        for es_total, nombre, *valores in cursor.fetchall():
            fila = dict(zip((c for c, _s in AGREGADOS_PG), valores, strict=True))
            if es_total:
                total = fila
            else:
                por_municipio[nombre] = fila
    return por_municipio, total


def resultados(casos: QuerySet) -> list[dict]:
    """By municipality (by name) and a last row for all: archived cases whose
    advice was completed, of them with an adopted act, with that act in the plan
    of record, and timed; median and 90th percentile of the calendar and the
    business days from the first held session to the adoption. One query on
    PostgreSQL, two on SQLite."""
    filas = casos_con_resultado(casos)
    campo = "municipio__nombre"
    if connections[filas.db].vendor == "postgresql":
        por_municipio, total = _en_postgresql(filas)
    else:
        por_municipio = {
            f[campo]: f
            for f in filas.values(campo).annotate(**_conteos()).order_by(campo)
        }
        duraciones: dict = defaultdict(lambda: {d: [] for d in DIAS})
        for nombre, calendario, habiles in filas.filter(
            dias_calendario__isnull=False
        ).values_list(campo, "dias_calendario", "dias_habiles"):
            for destino in (duraciones[nombre], duraciones[None]):
                destino["calendario"].append(calendario)
                destino["habiles"].append(habiles)

        def percentiles(clave) -> dict:
            return {
                f"{p}_{dias}": percentil_cont(duraciones[clave][dias], fraccion)
                for dias in DIAS
                for p, fraccion in PERCENTILES
            }

        for nombre, fila in por_municipio.items():
            fila.update(percentiles(nombre))
        total = {
            clave: sum(f[clave] for f in por_municipio.values()) for clave in _conteos()
        }
        total.update(percentiles(None))
    if not por_municipio:
        return []
    salida = [_fila(nombre, f) for nombre, f in por_municipio.items()]
    salida.append(_fila(_("Total"), total))
    return salida
