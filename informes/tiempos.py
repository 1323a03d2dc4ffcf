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
same count ``acciones._reanudar`` moves the deadlines by. The database computes
every stay and every closed case's total in one pass, as the SQL views
``models.Tramo`` and ``models.TiempoTotal`` (``vistas.py``): no Python loop over
cases, and no subquery per row.

Percentiles: PostgreSQL's ``percentile_cont`` (an aggregate in the same query).
SQLite has none: there the one query fetches only the grouping key and the
durations (O(n) integers, still one query) and ``percentil_cont`` interpolates
them as PostgreSQL does. Stays still running (the current activity of an open
case) are not durations yet and are left out; report 1 shows them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from django.db import connections, transaction
from django.db.models import Aggregate, FloatField, QuerySet

from expedientes.constants import TipoEvento

from .calendario import calendario_listo
from .models import TiempoTotal, Tramo

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


@contextmanager
def plan_de_informe(using: str) -> Iterator[None]:
    """Queries over the views run with two of PostgreSQL's planner settings
    changed, until the end of the transaction this opens (``set_config(...,
    true)`` is ``SET LOCAL``; one query whatever the number of cases, nothing
    on SQLite):

    * ``jit`` off: the plan is estimated expensive (a subquery per marked
      stay), so the server compiled and optimised some 200 expressions, which
      took longer than the query itself (4.3 s against 2.3 s for punctuality
      at 100,000 cases);
    * ``enable_nestloop`` off: the planner cannot estimate how many stays the
      window leaves (it guessed 1,500 of 250,000), so it joined them to the
      cases of the filter and to the case's row one index probe per stay; a
      hash join reads the cases once (a third of the punctuality query at
      100,000 cases). The views' own lookups are scalar subqueries, which
      this setting leaves alone.
    """
    conexion = connections[using]
    if conexion.vendor != "postgresql":
        yield
        return
    with transaction.atomic(using=using):
        with conexion.cursor() as cursor:
            cursor.execute(
                "SELECT set_config('jit', 'off', true),"
                " set_config('enable_nestloop', 'off', true)"
            )
        yield


def tramos(casos: QuerySet) -> QuerySet[Tramo]:
    """The finished stays of ``casos`` (``models.Tramo``): ``inicio`` (when it
    began), ``dias`` (business days, suspensions excluded), ``suspendida`` and
    ``prorrogada`` (whether it was), ``dias_prorroga`` (business days its term
    was extended by). Filing (activity 1) is no stay: it has no event before
    it. Fills the calendar first if a ``flush`` emptied it (one query)."""
    calendario_listo(casos.db)
    return Tramo.objects.using(casos.db).filter(solicitud__in=casos.values("pk"))


def totales(casos: QuerySet) -> QuerySet[TiempoTotal]:
    """Closed cases with ``dias``: business days from filing to the first event
    that closed them (the rejection or withdrawal, or the archive), suspensions
    excluded (``models.TiempoTotal``)."""
    calendario_listo(casos.db)
    return TiempoTotal.objects.using(casos.db).filter(solicitud__in=casos.values("pk"))


def percentiles(
    filas: QuerySet, grupo: str | None, fracciones: Sequence[float] = (0.5, 0.9)
) -> dict:
    """``{group: (n, [percentile of each fraction])}`` of ``filas.dias`` in one
    query (``grupo`` None: one group, key None). See the module's doc for SQLite."""
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
