"""The stays and the cases' total times as SQL views, so the database counts
the business days of every row with set operations (one pass of window
functions over the history, lookups in the calendar by primary key) instead of
eight correlated subqueries per stay (bench part 12: 24-48 s at 100,000 cases
before). Only the stays of cases ever suspended or extended (a few in a
hundred) look those events up, with an indexed subquery each.

``informes_tramo`` (model ``models.Tramo``) has one row per finished stay and
``informes_tiempototal`` (``models.TiempoTotal``) one per closed case; their
meaning, the same figures ``tiempos.py`` describes, is spelled out on the
models. Both are built from one SQL text (``sql_crear``), the vendor's only
differences being the Bogotá date of a timestamp and an integer read from JSON.

Why not in a migration: a view pins the columns it reads, so PostgreSQL refuses
to alter or drop them ("cannot alter type of a column used by a view") and
SQLite's table rebuilds leave the view pointing at a dropped table. The views
are therefore derived objects like the calendar: ``al_empezar_migracion``
drops them before any real ``migrate`` (one with a plan) and
``al_terminar_migracion`` creates them from this module after it, both wired
in apps.py. Migration 0002 holds the unmanaged models' state only. A change
to this SQL takes effect at the next ``migrate`` that applies a migration:
ship it with one (an empty migration will do).
"""

from __future__ import annotations

import datetime
import functools
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connections

from expedientes.constants import TipoEvento

from . import calendario
from .tiempos import CIERRES, PAUSAS, SALIDAS

VISTAS = ("informes_tramo", "informes_tiempototal")
#: Tables the views read: without them (a database migrated backwards) there
#: is nothing to create.
TABLAS = (
    "expedientes_eventosolicitud",
    "expedientes_solicitud",
    "informes_diacalendario",
)


def _lista(tipos) -> str:
    return ", ".join(f"'{t.value}'" for t in tipos)


@functools.cache
def _desfase_fijo(zona: ZoneInfo) -> datetime.timedelta | None:
    """The zone's UTC offset if it is the same on every day of the calendar's
    range (Bogotá: -05:00 since 1993), else None."""
    desfases = set()
    dia = datetime.datetime.combine(calendario.DESDE, datetime.time(12))
    fin = datetime.datetime.combine(calendario.HASTA, datetime.time(12))
    while dia <= fin and len(desfases) < 2:
        desfases.add(dia.replace(tzinfo=zona).utcoffset())
        dia += datetime.timedelta(days=1)
    return desfases.pop() if len(desfases) == 1 else None


def _fecha_local(vendor: str, columna: str) -> str:
    """SQL for the date in ``settings.TIME_ZONE`` of the timestamp ``columna``,
    as ``calendario.habiles_de`` takes it (``TruncDate`` in that zone)."""
    nombre = settings.TIME_ZONE
    # A fixed offset where the zone has one: on PostgreSQL a named zone is
    # looked up for every row (about a third of the stays' scan at 100,000
    # cases); SQLite stores UTC text and has no time-zone data, so there the
    # other zones go through Django's own function (registered on its
    # connections).
    desfase = _desfase_fijo(ZoneInfo(nombre))
    if vendor == "postgresql":
        if desfase is None:
            return f"CAST({columna} AT TIME ZONE '{nombre}' AS date)"
        signo = "-" if desfase < datetime.timedelta(0) else "+"
        horas, resto = divmod(abs(int(desfase.total_seconds())) // 60, 60)
        return (
            f"CAST({columna} AT TIME ZONE INTERVAL '{signo}{horas:02d}:{resto:02d}'"
            " AS date)"
        )
    if desfase is None:
        return f"django_datetime_cast_date({columna}, '{nombre}', 'UTC')"
    minutos = int(desfase.total_seconds() // 60)
    return f"date({columna}, '{minutos:+d} minutes')"


def _entero_json(vendor: str, columna: str, clave: str) -> str:
    if vendor == "postgresql":
        return f"CAST({columna} ->> '{clave}' AS integer)"
    return f"CAST(json_extract({columna}, '$.{clave}') AS integer)"


def _marcas(local, dias_json: str, desde: str | None, hasta: str, h_fin: str):
    """Scalar subqueries over the case's suspensions, resumptions and extensions
    dated from ``desde`` (None: from filing) to ``hasta``, both included (SQL
    of the outer row): the business days suspended (``sum(sign *
    (habiles(event) - habiles(end)))``, sign +1 for a resumption, -1 for a
    suspension), whether it was suspended or extended, and the business days
    it was extended by. The index on (solicitud, tipo, actividad) finds them."""

    def sub(seleccion: str, tipos) -> str:
        desde_sql = f" AND p.fecha >= {desde}" if desde else ""
        return (
            f"(SELECT {seleccion} FROM expedientes_eventosolicitud p"  # noqa: S608
            f" WHERE p.solicitud_id = x.solicitud_id AND p.tipo IN ({_lista(tipos)})"
            f"{desde_sql} AND p.fecha <= {hasta})"
        )

    # The event's business days by primary key, as a scalar subquery rather
    # than a join: the subquery's plan then has no join for the planner to
    # pick a method for.
    habiles = (
        f"(SELECT c.habiles FROM informes_diacalendario c"  # noqa: S608
        f" WHERE c.fecha = {local('p.fecha')})"
    )
    pausa = (
        f"SUM(CASE p.tipo WHEN '{TipoEvento.REANUDADA.value}' THEN {habiles} - {h_fin}"
        f" WHEN '{TipoEvento.SUSPENDIDA.value}' THEN {h_fin} - {habiles} END)"
    )
    return {
        "suspendidos": f"COALESCE({sub(pausa, PAUSAS)}, 0)",
        "suspendida": f"{sub('COUNT(*)', (TipoEvento.SUSPENDIDA,))} > 0",
        "prorrogada": f"{sub('COUNT(*)', (TipoEvento.PRORROGADA,))} > 0",
        "dias_prorroga": (
            f"COALESCE({sub(f'SUM({dias_json})', (TipoEvento.PRORROGADA,))}, 0)"
        ),
    }


def sql_crear(vendor: str) -> list[str]:
    """The ``CREATE VIEW`` statements for ``vendor`` ("postgresql" or "sqlite").

    ``informes_tramo``: one window over each case's history (ordered by date
    and id, the rows before each) gives every event the latest earlier event
    with ``hacia`` (the beginning of its stay, whose date is the greatest), the
    business days up to that date (the greatest too: they never decrease),
    whether a rejection or withdrawal came before (an archive after one ends no
    stay), the date of the latest suspension, resumption or extension before
    it, and the date of the next event: one at the same instant (rare) is
    checked exactly by a subquery. Only the stays that may hold marks (the
    latest mark is not before the stay began, or the next event is at the
    same instant) look them up, with the subqueries of ``_marcas``; every
    other stay is two calendar numbers (a case suspended once marked all its
    later stays before: 15,000 stays at 100,000 cases, now 6,700). One
    window clause is one pass: PostgreSQL computes each distinct clause in a
    node of its own, which cost half the query with three.

    ``informes_tiempototal``: per closed case, the first closing event (one
    ``GROUP BY``), filing and closing in the calendar, and the marks up to the
    closing, looked up for the cases that have any.

    Dates outside the calendar have no row: the inner joins and the ``IS NOT
    NULL`` conditions leave those rows out, as the NULL durations were left
    out before.
    """
    if vendor not in ("postgresql", "sqlite"):
        raise ValueError(f"Sin vistas para {vendor}")

    def local(columna: str) -> str:
        return _fecha_local(vendor, columna)

    dias_json = _entero_json(vendor, "p.datos", "dias")
    salidas = _lista(SALIDAS)
    marcas = (TipoEvento.SUSPENDIDA, TipoEvento.REANUDADA, TipoEvento.PRORROGADA)
    previos = _lista((TipoEvento.RECHAZADA, TipoEvento.DESISTIDA))
    entrada = "e.hacia IS NOT NULL"
    m = _marcas(local, dias_json, "x.inicio", "x.fecha", "x.h_fin")
    # Marks of the stay, maybe: an earlier one, or any event at the same
    # instant after this one (``siguiente``); the subqueries then count exactly.
    marcada = "x.ultima_marca >= x.inicio OR x.siguiente = x.fecha"
    cerrada = (
        "CASE WHEN x.cerrada_antes = 1 THEN 1 WHEN x.siguiente = x.fecha AND EXISTS "  # noqa: S608
        "(SELECT 1 FROM expedientes_eventosolicitud r"
        " WHERE r.solicitud_id = x.solicitud_id"
        f" AND r.tipo IN ({previos}) AND r.fecha = x.fecha) THEN 1 ELSE 0 END"
    )
    # A fence: a query over a view otherwise gets the view's columns pasted
    # into each expression that uses them, so the marks' subqueries ran once
    # per aggregate reading ``dias`` (four times in punctuality, twice for the
    # percentiles) instead of once per row. An OFFSET keeps the view a
    # subquery of its own.
    sin_aplanar = "OFFSET 0" if vendor == "postgresql" else "LIMIT -1 OFFSET 0"
    tramo = f"""
CREATE VIEW informes_tramo AS
SELECT x.id AS evento_id, x.solicitud_id, x.tipo, x.actividad, x.inicio, x.fecha,
    x.h_fin - x.h_inicio
        - CASE WHEN {marcada} THEN {m["suspendidos"]} ELSE 0 END AS dias,
    CASE WHEN {marcada} THEN {m["suspendida"]} ELSE 0 = 1 END AS suspendida,
    CASE WHEN {marcada} THEN {m["prorrogada"]} ELSE 0 = 1 END AS prorrogada,
    CASE WHEN {marcada} THEN {m["dias_prorroga"]} ELSE 0 END AS dias_prorroga
FROM (
    SELECT e.id, e.solicitud_id, e.tipo, e.actividad, e.fecha, c.habiles AS h_fin,
        MAX(CASE WHEN {entrada} THEN e.fecha END) OVER antes AS inicio,
        MAX(CASE WHEN {entrada} THEN c.habiles END) OVER antes AS h_inicio,
        MAX(CASE WHEN e.tipo IN ({previos}) THEN 1 ELSE 0 END) OVER antes
            AS cerrada_antes,
        MAX(CASE WHEN e.tipo IN ({_lista(marcas)}) THEN e.fecha END) OVER antes
            AS ultima_marca,
        LEAD(e.fecha) OVER antes AS siguiente
    FROM expedientes_eventosolicitud e
    LEFT JOIN informes_diacalendario c ON c.fecha = {local("e.fecha")}
    WHERE e.tipo IN ({salidas}, {_lista(marcas)}) OR {entrada}
    WINDOW antes AS (
        PARTITION BY e.solicitud_id ORDER BY e.fecha, e.id
        ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING
    )
) x
WHERE x.tipo IN ({salidas}) AND x.inicio IS NOT NULL
    AND x.h_inicio IS NOT NULL AND x.h_fin IS NOT NULL
    AND NOT (x.tipo = '{TipoEvento.ARCHIVADA.value}' AND {cerrada} = 1)
{sin_aplanar}
"""  # noqa: S608 - this module's constants only
    t = _marcas(local, dias_json, None, "x.cierre", "fin.habiles")
    total = f"""
CREATE VIEW informes_tiempototal AS
SELECT x.solicitud_id, s.radicada_en, x.cierre,
    fin.habiles - ini.habiles
        - CASE WHEN x.marcada = 1 THEN {t["suspendidos"]} ELSE 0 END AS dias
FROM (
    SELECT solicitud_id,
        MIN(CASE WHEN tipo IN ({_lista(CIERRES)}) THEN fecha END) AS cierre,
        MAX(CASE WHEN tipo IN ({_lista(PAUSAS)}) THEN 1 ELSE 0 END) AS marcada
    FROM expedientes_eventosolicitud
    WHERE tipo IN ({_lista(CIERRES)}, {_lista(PAUSAS)})
    GROUP BY solicitud_id
) x
JOIN expedientes_solicitud s ON s.id = x.solicitud_id
JOIN informes_diacalendario ini ON ini.fecha = {local("s.radicada_en")}
JOIN informes_diacalendario fin ON fin.fecha = {local("x.cierre")}
{sin_aplanar}
"""  # noqa: S608 - this module's constants only
    return [tramo.strip(), total.strip()]


def sql_borrar() -> list[str]:
    return [f"DROP VIEW IF EXISTS {vista}" for vista in VISTAS]


def vistas_borrar(using: str = "default") -> None:
    with connections[using].cursor() as cursor:
        for sentencia in sql_borrar():
            cursor.execute(sentencia)


def vistas_crear(using: str = "default") -> bool:
    """(Re)create the views from this module's SQL; False if a table they read
    does not exist (nothing to count yet)."""
    conexion = connections[using]
    existentes = set(conexion.introspection.table_names())
    if not set(TABLAS) <= existentes:
        return False
    with conexion.cursor() as cursor:
        for sentencia in sql_borrar() + sql_crear(conexion.vendor):
            cursor.execute(sentencia)
    return True


def al_empezar_migracion(sender, using: str = "default", plan=None, **kwargs) -> None:
    """``pre_migrate`` receiver (apps.py): a migration may alter what they read."""
    if plan:
        vistas_borrar(using)


def al_terminar_migracion(sender, using: str = "default", plan=None, **kwargs) -> None:
    """``post_migrate`` receiver (apps.py)."""
    if plan:
        vistas_crear(using)
