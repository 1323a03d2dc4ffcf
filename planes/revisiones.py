"""The legal clocks of a revision under way, from its milestones.

Which milestone starts and which stops each term is data
(``data/relojes-revision.tsv``), the terms themselves are ``PlazoLegal`` rows
(length, business or calendar days, the norm), and the days are counted by
``plazos.vencimiento`` on the site's one calendar. Nothing here queries the
database: the selectors and the admin pass what they read, so the tests check
the arithmetic against an independent calendar.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import cache

from django.utils.translation import gettext as _

from expedientes.plazos import DIAS_VENCE_PRONTO, dias_habiles_entre

from .constants import TipoRevision
from .datos import leer
from .plazos import vencimiento


@dataclass(frozen=True)
class Regla:
    """One row of ``relojes-revision.tsv``."""

    plazo: str  #: ``PlazoLegal.clave``
    desde: str  #: ``TipoHito`` that starts the term
    hasta: str  #: ``TipoHito`` that meets it
    aplica: str  #: todos, metropolitano, plan_nuevo, revision


@cache
def reglas() -> tuple[Regla, ...]:
    return tuple(Regla(**fila) for fila in leer("relojes-revision.tsv"))


@cache
def metropolitanos() -> frozenset[str]:
    """DIVIPOLA codes of the Área Metropolitana de Bucaramanga."""
    return frozenset(f["codigo_divipola"] for f in leer("area-metropolitana.tsv"))


def aplica(regla: Regla, *, tipo_revision: str, metropolitano: bool) -> bool:
    if regla.aplica == "metropolitano":
        return metropolitano
    if regla.aplica == "plan_nuevo":
        return tipo_revision == TipoRevision.PLAN_NUEVO
    if regla.aplica == "revision":
        return tipo_revision != TipoRevision.PLAN_NUEVO
    return True


class EstadoReloj(StrEnum):
    CORRE = "corre"
    VENCE_PRONTO = "vence_pronto"
    VENCIDO = "vencido"
    CUMPLIDO = "cumplido"
    CUMPLIDO_TARDE = "cumplido_tarde"

    @property
    def etiqueta(self) -> str:
        return {
            EstadoReloj.CORRE: _("Corre"),
            EstadoReloj.VENCE_PRONTO: _("Vence pronto"),
            EstadoReloj.VENCIDO: _("Vencido"),
            EstadoReloj.CUMPLIDO: _("Cumplido a tiempo"),
            EstadoReloj.CUMPLIDO_TARDE: _("Cumplido fuera del término"),
        }[self]


@dataclass(frozen=True)
class Reloj:
    """A legal term started by a milestone: when it ends and where it stands."""

    clave: str
    nombre: str
    cantidad: int
    unidad: str
    unidad_texto: str
    norma: str
    debate: str
    desde: datetime.date
    vence: datetime.date
    cumplido_el: datetime.date | None
    estado: EstadoReloj
    #: Business days from today to the end (negative once past); None when met.
    dias_habiles_restantes: int | None


def relojes(
    *,
    hitos: Mapping[str, datetime.date],
    plazos: Mapping[str, object],
    tipo_revision: str,
    metropolitano: bool,
    hoy: datetime.date,
) -> list[Reloj]:
    """The clocks started by the milestones in force (``hitos``: type -> date),
    in the order of the rules. ``plazos``: ``PlazoLegal`` rows by key; a rule
    whose term is missing from the table is left out (the table is the law)."""
    salida = []
    for regla in reglas():
        plazo = plazos.get(regla.plazo)
        desde = hitos.get(regla.desde)
        if plazo is None or desde is None:
            continue
        if not aplica(regla, tipo_revision=tipo_revision, metropolitano=metropolitano):
            continue
        vence = vencimiento(cantidad=plazo.cantidad, unidad=plazo.unidad, desde=desde)
        cumplido = hitos.get(regla.hasta)
        restantes = None
        if cumplido is not None:
            estado = (
                EstadoReloj.CUMPLIDO
                if cumplido <= vence
                else EstadoReloj.CUMPLIDO_TARDE
            )
        else:
            restantes = dias_habiles_entre(hoy, vence)
            if vence < hoy:
                estado = EstadoReloj.VENCIDO
            elif restantes <= DIAS_VENCE_PRONTO:
                estado = EstadoReloj.VENCE_PRONTO
            else:
                estado = EstadoReloj.CORRE
        salida.append(
            Reloj(
                clave=regla.plazo,
                nombre=plazo.nombre,
                cantidad=plazo.cantidad,
                unidad=plazo.unidad,
                unidad_texto=str(plazo.get_unidad_display()),
                norma=plazo.norma,
                debate=plazo.debate,
                desde=desde,
                vence=vence,
                cumplido_el=cumplido,
                estado=estado,
                dias_habiles_restantes=restantes,
            )
        )
    return salida
