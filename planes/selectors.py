"""Reads of the plans of record shared by the views above this app (the portal's
board and open data): the state of a plan's terms as SQL, so filters, sorting and
counts are done by the database, the same on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime

from django.db.models import Case, CharField, Value, When

from .constants import EstadoVigencia

#: Most urgent first: revision due, then the terms in order, unknown last.
ORDEN_DE_ESTADOS = [
    EstadoVigencia.LARGO_CUMPLIDO,
    EstadoVigencia.MEDIANO_CUMPLIDO,
    EstadoVigencia.CORTO_CUMPLIDO,
    EstadoVigencia.CORTO,
    EstadoVigencia.SIN_DATOS,
]


def estado_vigencia(hoy: datetime.date, prefijo: str = "") -> Case:
    """``PlanMunicipal.estado(hoy)`` as a SQL expression; ``prefijo`` is the path
    to the plan from the queried model (``"plan__"`` from a municipality)."""
    return Case(
        When(
            **{f"{prefijo}fin_corto__isnull": True},
            then=Value(EstadoVigencia.SIN_DATOS.value),
        ),
        When(
            **{f"{prefijo}fin_corto__gte": hoy}, then=Value(EstadoVigencia.CORTO.value)
        ),
        When(
            **{f"{prefijo}fin_mediano__gte": hoy},
            then=Value(EstadoVigencia.CORTO_CUMPLIDO.value),
        ),
        When(
            **{f"{prefijo}fin_largo__gte": hoy},
            then=Value(EstadoVigencia.MEDIANO_CUMPLIDO.value),
        ),
        default=Value(EstadoVigencia.LARGO_CUMPLIDO.value),
        output_field=CharField(),
    )


def orden_de_estado(campo: str = "estado") -> Case:
    return Case(
        *(When(**{campo: e}, then=Value(i)) for i, e in enumerate(ORDEN_DE_ESTADOS)),
        default=Value(len(ORDEN_DE_ESTADOS)),
    )
