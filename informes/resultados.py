"""Outcomes of the advice (issue 16): for each archived advisory case whose
activity 5 was completed, whether an act adopting, revising or modifying the
municipality's plan was adopted after the advice, and the time from the case's
first held session to that adoption. Read by ``views.ResultadosView``.

Which act (issue 16: "outcomes (acts adopted after advice; time from first
session to adoption)"): the earliest act dated on or after the Bogotá day of
the case's first held session, among

* the Acuerdo the case itself recorded in activity 5 (the latest completion
  with an Acuerdo number, the event ``selectors.evento_del_acuerdo`` finds and
  archiving takes to the plan of record), and
* the acts in force in the municipality's plan of record (``planes.ActoPlan``
  not replaced by a correction, any kind: adoption, general or exceptional
  revision, exceptional modification), whatever their source: a case's
  Acuerdo, an act the municipality sent, a national register.

Before, only the case's own Acuerdo counted, so the advice was credited with no
outcome when the Concejo adopted after the case was archived (activity 5 closed
"the Concejo is still studying it") and the act reached the plan by another
path; and an Acuerdo dated before the first session counted as an act "after"
the advice. Now an act older than the first session is not an outcome of it.
``en_plan`` says whether that act is in the plan of record (the earliest act of
the plan from that day is the adoption): not when only the case recorded it
(the plan already rested on a later act, or staff corrected it since).

The time runs from the Bogotá date of the first held session (``SesionAsesoria``:
a session is recorded only once it happened) to the act's date, in calendar
days (how the Concejo's term of adoption runs for a revision, Ley 810 de 2003
art. 12, and what a municipality reads as elapsed time) and in business days
(``calendario``, comparable with the other reports).

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
    BooleanField,
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
from django.db.models.functions import Cast, Coalesce, Least, TruncDate
from django.utils.translation import gettext as _

from expedientes.constants import EstadoSolicitud, TipoEvento
from expedientes.models import EventoSolicitud, SesionAsesoria
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
    with ``adopcion`` (the date of the first act adopted on or after the day of
    the first held session, None without one: the module's doc), ``en_plan``,
    and ``dias_calendario`` and ``dias_habiles`` from the first held session to
    the adoption (None when not timed)."""
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
    del_plan = (
        ActoPlan.objects.filter(
            plan__municipio=OuterRef("municipio"),
            correccion__isnull=True,
            fecha__gte=OuterRef("primera_dia"),
        )
        .order_by("fecha")
        .values("fecha")[:1]
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
            acuerdo_fecha=Cast(_del_acuerdo("acuerdo_fecha"), DateField()),
            primera=Subquery(primera),
        )
        .annotate(
            primera_dia=TruncDate("primera", tzinfo=zona),
            habiles_primera=habiles_de("primera"),
        )
        .annotate(
            # The case's own Acuerdo only if not older than the first session.
            acuerdo_despues=Case(
                When(acuerdo_fecha__gte=F("primera_dia"), then=F("acuerdo_fecha")),
                output_field=DateField(),
            ),
            del_plan=Subquery(del_plan, output_field=DateField()),
        )
        .annotate(
            # LEAST is NULL on SQLite when either is: the COALESCE keeps the
            # other one, as PostgreSQL's LEAST does by itself.
            adopcion=Coalesce(
                Least("acuerdo_despues", "del_plan"), "acuerdo_despues", "del_plan"
            ),
        )
        .annotate(
            en_plan=Case(
                When(Q(del_plan__isnull=False, del_plan=F("adopcion")), then=True),
                default=False,
                output_field=BooleanField(),
            ),
        )
        .annotate(
            dias_calendario=Case(
                When(medible, then=DiasEntre(F("adopcion"), F("primera_dia"))),
                output_field=IntegerField(),
            ),
            dias_habiles=Case(
                When(medible, then=habiles_adopcion - F("habiles_primera")),
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
    """One query: the per-case rows as derived tables, aggregated by
    municipality with the total as ``ROLLUP``'s grand row. Aggregating the
    annotated queryset directly would repeat every correlated subquery (the
    Acuerdo's date, the first session, the plan's act, the calendar) in each
    expression that uses it: the ORM pastes an annotation's SQL wherever it is
    referenced (3.7 s against 1.2 s at 100,000 cases with the case's Acuerdo
    only; 3.1 s against 1.2 s once the plan's acts came in). So the ORM's SQL
    (its parameters bound) gives only the looked-up values, each once, and
    the comparisons run over them, each level fenced by ``OFFSET 0`` so that
    PostgreSQL does not paste them back: the same definitions as
    ``casos_con_resultado`` (the SQLite path), which tests/informes checks on
    both engines."""
    interno, parametros = (
        filas.annotate(nombre_municipio=F("municipio__nombre"))
        .values(
            "nombre_municipio", "acuerdo_fecha", "primera_dia", "del_plan",
            "habiles_primera",
        )
        .order_by()
        .query.sql_with_params()
    )  # fmt: skip
    # Dates of the first act from the first session on (both sources are
    # already NULL before it; LEAST skips a NULL), then the per-case figures.
    adopcion = (
        "SELECT i.*, LEAST(CASE WHEN i.acuerdo_fecha >= i.primera_dia"  # noqa: S608
        " THEN i.acuerdo_fecha END, i.del_plan) AS adopcion"
        f" FROM ({interno} OFFSET 0) AS i OFFSET 0"
    )
    por_caso = (
        "SELECT a.nombre_municipio, a.adopcion,"  # noqa: S608
        " (a.del_plan IS NOT NULL AND a.del_plan = a.adopcion) AS en_plan,"
        " a.adopcion - a.primera_dia AS dias_calendario,"
        " (SELECT c.habiles FROM informes_diacalendario c WHERE c.fecha = a.adopcion)"
        " - a.habiles_primera AS dias_habiles"
        f" FROM ({adopcion}) AS a"
    )
    columnas = ", ".join(sql for _clave, sql in AGREGADOS_PG)
    consulta = (
        # Only constants are formatted in; the values go as parameters.
        f"SELECT GROUPING(nombre_municipio), nombre_municipio, {columnas} "  # noqa: S608
        f"FROM ({por_caso}) AS casos GROUP BY ROLLUP(nombre_municipio) "
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
