"""Reads of the plans of record shared by the views above this app (the portal's
board and open data): the state of a plan's terms as SQL, so filters, sorting and
counts are done by the database, the same on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Case, CharField, Exists, OuterRef, Subquery, Value, When

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


# --- The revision under way ---------------------------------------------------


def etapa_en_curso(prefijo: str = "") -> Subquery:
    """The stage of the open revision of a plan, as SQL (``None`` when the
    municipality is not revising); ``prefijo`` is the path to the plan's pk
    (``"plan__"`` from a municipality)."""
    from .models import RevisionPlan

    return Subquery(
        RevisionPlan.objects.filter(
            plan=OuterRef(f"{prefijo}pk" if prefijo else "pk"),
            adoptada_el__isnull=True,
        ).values("etapa")[:1]
    )


def solicitudes_de_revision(revision):
    """The advisory cases of the municipality filed since the revision began and,
    once it was adopted, up to the adoption: derived, nothing stored on the case."""
    from expedientes.models import Solicitud

    casos = Solicitud.objects.filter(
        municipio_id=revision.plan.municipio_id,
        radicada_en__date__gte=revision.inicio,
    )
    if revision.adoptada_el:
        casos = casos.filter(radicada_en__date__lte=revision.adoptada_el)
    return casos.order_by("radicada_en")


@dataclass(frozen=True)
class FichaRevision:
    """What the admin shows of a revision: milestones (all, replaced marked),
    the clocks they started, and the cases linked."""

    revision: object
    hitos: list
    relojes: list
    metropolitano: bool


def ficha_revision(revision, hoy: datetime.date) -> FichaRevision:
    from .models import PlazoLegal
    from .revisiones import metropolitanos, relojes

    hitos = list(
        revision.hitos.select_related("registrado_por", "corrige")
        .annotate(reemplazado=Exists(revision.hitos.filter(corrige=OuterRef("pk"))))
        .order_by("fecha", "pk")
    )
    metropolitano = revision.plan.municipio.codigo_divipola in metropolitanos()
    return FichaRevision(
        revision=revision,
        hitos=hitos,
        relojes=relojes(
            hitos={h.tipo: h.fecha for h in hitos if not h.reemplazado},
            plazos={p.clave: p for p in PlazoLegal.objects.all()},
            tipo_revision=revision.tipo,
            metropolitano=metropolitano,
            hoy=hoy,
        ),
        metropolitano=metropolitano,
    )
