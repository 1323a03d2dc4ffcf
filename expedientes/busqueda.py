"""The search box of the staff listing of requests (``viewsets.SolicitudIndexView``).

A person types a radicado (``SP-2026-000123``), a registro interno number, or part
of a municipality's or a requester's name or of the asunto, with or without
accents, in any case: "jose", "JOSÉ" and "José" find "José"; "penon" finds
"Peñón". Names are folded in the database by the same literal replacements on
SQLite and PostgreSQL, and the words typed by the same table in Python, so both
engines give the same results whatever their collation or ``lower()`` does with
letters beyond ASCII (SQLite's folds only ASCII): every letter of the table is
listed in both cases.
"""

from __future__ import annotations

import functools

from django.db.models import Q, QuerySet, Value
from django.db.models.expressions import Expression
from django.db.models.functions import Lower, Replace

from .models import Municipio, Solicitud

__all__ = ["buscar_solicitudes", "sin_tildes", "sin_tildes_texto"]

#: The letters with a diacritic of Spanish spelling, each with what it is
#: searched as: the plain lowercase letter. Spanish only: SQLite's parser refuses
#: an expression nested much deeper (three fields of 14 replacements each pass).
PLIEGUES = tuple(zip("ÁÉÍÓÚÜÑáéíóúüñ", "aeiouunaeiouun", strict=True))

#: Fields matched as typed, ignoring case (codes: letters, digits and dashes).
CAMPOS_CODIGO = ("radicado", "numero_registro")
#: Fields matched without accents or case.
CAMPOS_TEXTO = ("nombre_solicitante", "asunto")


def sin_tildes(campo: str) -> Expression:
    """``campo`` in lowercase without diacritics, computed in the database."""
    return functools.reduce(
        lambda expresion, par: Replace(expresion, Value(par[0]), Value(par[1])),
        PLIEGUES,
        Lower(campo),
    )


def sin_tildes_texto(texto: str) -> str:
    """What ``sin_tildes`` makes of ``texto``, in Python (for the words typed)."""
    texto = texto.lower()
    for letra, base in PLIEGUES:
        texto = texto.replace(letra, base)
    return texto


def buscar_solicitudes(
    casos: QuerySet[Solicitud], consulta: str
) -> QuerySet[Solicitud]:
    """The cases whose radicado, registro interno, municipality, requester or
    asunto contains ``consulta``. The municipality is looked up among the 87
    (a small subquery) rather than folded on every case's row."""
    consulta = consulta.strip()
    if not consulta:
        return casos
    plegada = sin_tildes_texto(consulta)
    condicion = Q()
    for campo in CAMPOS_CODIGO:
        condicion |= Q(**{f"{campo}__icontains": consulta})
    municipios = (
        Municipio.objects.alias(plegado=sin_tildes("nombre"))
        .filter(plegado__contains=plegada)
        .values("pk")
    )
    condicion |= Q(municipio__in=municipios)
    alias = {f"_plegado_{campo}": sin_tildes(campo) for campo in CAMPOS_TEXTO}
    for campo in CAMPOS_TEXTO:
        condicion |= Q(**{f"_plegado_{campo}__contains": plegada})
    return casos.alias(**alias).filter(condicion)
