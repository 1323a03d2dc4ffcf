"""The end of a legal term (``PlazoLegal``) and of a plan's contents.

Business days are those of ``expedientes.plazos`` (Monday to Friday minus
Colombia's holidays, the ``holidays`` library): one calendar for the whole site.
That module is plain calendar arithmetic with no models, so reading it keeps the
arrow of DESIGN.md (nothing here touches a case).
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from expedientes.plazos import es_dia_habil, sumar_dias_habiles

from .constants import UnidadPlazo


def vencimiento(*, cantidad: int, unidad: str, desde: datetime.date) -> datetime.date:
    """The last day of a term of ``cantidad`` days that starts the day after
    ``desde`` (Ley 4 de 1913, arts. 62 and 70 read together: the first day does not
    count).

    Business days skip weekends and holidays, so such a term always ends on a
    business day. A term in calendar days whose last day is not a business day is
    extended to the next business day, as art. 62 does for months and years: that
    reading is debated for days (the term's row says so on the public page).
    """
    if unidad == UnidadPlazo.DIAS_HABILES:
        return sumar_dias_habiles(desde, cantidad)
    if unidad == UnidadPlazo.DIAS_CALENDARIO:
        fecha = desde + datetime.timedelta(days=cantidad)
        while not es_dia_habil(fecha):
            fecha += datetime.timedelta(days=1)
        return fecha
    raise ValueError(f"Un plazo en {unidad} no se cuenta en días.")


@dataclass(frozen=True)
class Vigencias:
    """What an adoption on a date means for the plan's contents."""

    periodo: int | None  #: index of the adoption's period in the list given
    fin_corto: datetime.date | None
    fin_mediano: datetime.date | None
    fin_largo: datetime.date | None


def vigencias(
    fecha: datetime.date,
    periodos: Sequence[tuple[datetime.date, datetime.date]],
    corto: int,
    mediano: int,
    largo: int,
) -> Vigencias:
    """The end of the short-, medium- and long-term contents of a plan adopted on
    ``fecha`` (Ley 388 de 1997, art. 28): the end of the ``corto``-th, ``mediano``-th
    and ``largo``-th whole constitutional period after the one of the adoption, so
    that each revision falls at the start of a new administration. ``periodos``:
    (start, end) in order. ``None`` where the periods loaded do not reach."""
    indice = next(
        (i for i, (inicio, fin) in enumerate(periodos) if inicio <= fecha <= fin),
        None,
    )
    if indice is None:
        return Vigencias(None, None, None, None)

    def fin_de(n: int) -> datetime.date | None:
        destino = indice + n
        return periodos[destino][1] if destino < len(periodos) else None

    return Vigencias(indice, fin_de(corto), fin_de(mediano), fin_de(largo))
