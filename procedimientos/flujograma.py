"""The flowchart of a procedure, laid out once from its activities.

The seed's FLUJOGRAMA column is empty, so we draw it: start, one box per activity
(number, name, responsible roles), end, arrows between them, top to bottom so it
fits a phone. It reads the activities of a ``versiones.Contenido`` (the live page or
any past version). The layout is plain geometry; two renderers read it: the inline
SVG in ``templates/includes/flujograma.html`` and the PDF in ``pdf/procedimiento.py``.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from .versiones import Actividad

ANCHO = 360
MARGEN = 8
ALTO_LINEA = 18
ALTO_LINEA_ROL = 16
RELLENO = 10
SEPARACION = 30
ALTO_TERMINAL = 36
ANCHO_TERMINAL = 120
#: Characters per line that fit the box at the font sizes of the SVG and the PDF.
CARACTERES_POR_LINEA = 38


@dataclass(frozen=True)
class Nodo:
    forma: Literal["terminal", "actividad"]
    x: float
    y: float
    ancho: float
    alto: float
    titulo: tuple[str, ...]
    roles: tuple[str, ...] = ()

    @property
    def centro_x(self) -> float:
        return self.x + self.ancho / 2

    @property
    def lineas(self) -> list[tuple[float, str, str]]:
        """(baseline y, text, css class) for each line, centred in the box."""
        total = len(self.titulo) * ALTO_LINEA + len(self.roles) * ALTO_LINEA_ROL
        y = self.y + (self.alto - total) / 2 + ALTO_LINEA - 5
        filas = []
        for texto in self.titulo:
            filas.append((y, texto, "titulo"))
            y += ALTO_LINEA
        for texto in self.roles:
            filas.append((y, texto, "rol"))
            y += ALTO_LINEA_ROL
        return filas


@dataclass(frozen=True)
class Flecha:
    x: float
    y1: float
    y2: float


@dataclass(frozen=True)
class Flujograma:
    ancho: float
    alto: float
    nodos: tuple[Nodo, ...]
    flechas: tuple[Flecha, ...]
    descripcion: str


def _envolver(texto: str) -> tuple[str, ...]:
    return tuple(textwrap.wrap(texto, CARACTERES_POR_LINEA)) or ("",)


def disenar_flujograma(actividades: Iterable[Actividad]) -> Flujograma:
    """Lay out start, each activity and end in one column, with arrows between."""
    nodos: list[Nodo] = []
    y = MARGEN
    nodos.append(
        Nodo(
            "terminal",
            (ANCHO - ANCHO_TERMINAL) / 2,
            y,
            ANCHO_TERMINAL,
            ALTO_TERMINAL,
            (_("Inicio"),),
        )
    )
    y += ALTO_TERMINAL + SEPARACION
    pasos = []
    for actividad in actividades:
        titulo = _envolver(f"{actividad.numero}. {actividad.nombre}")
        cargos = list(actividad.cargos)
        roles = _envolver(", ".join(cargos)) if cargos else ()
        alto = len(titulo) * ALTO_LINEA + len(roles) * ALTO_LINEA_ROL + 2 * RELLENO
        ancho = ANCHO - 2 * MARGEN
        nodos.append(Nodo("actividad", MARGEN, y, ancho, alto, titulo, roles))
        y += alto + SEPARACION
        responsables = ", ".join(cargos) or _("sin responsable")
        pasos.append(f"{actividad.numero}. {actividad.nombre} ({responsables})")
    nodos.append(
        Nodo(
            "terminal",
            (ANCHO - ANCHO_TERMINAL) / 2,
            y,
            ANCHO_TERMINAL,
            ALTO_TERMINAL,
            (_("Fin"),),
        )
    )
    flechas = tuple(
        Flecha(ANCHO / 2, anterior.y + anterior.alto, siguiente.y)
        for anterior, siguiente in zip(nodos, nodos[1:], strict=False)
    )
    descripcion = " → ".join([_("Inicio"), *pasos, _("Fin")])
    return Flujograma(
        ancho=ANCHO,
        alto=y + ALTO_TERMINAL + MARGEN,
        nodos=tuple(nodos),
        flechas=flechas,
        descripcion=descripcion,
    )
