"""Layout rules the renderers share, so a PDF reads as a person expects.

* ``ConCola``: a closing (signatures, small print, the verification note) never
  starts a page of its own: when it does not fit under the content before it,
  the end of that content (the last rows of a table, the last lines of a text)
  goes over to the next page with it. ``KeepTogether`` would move the whole
  content instead, leaving half a page blank before a long table.
* ``cortes_de_correo``: where an e-mail address may break when it does not fit
  its cell: after "@" and before a ".", never inside a word (reportlab's own
  ``splitLongWords`` cuts it wherever the line ends: "gobernacion.go / v.co").

Used by the records of ``expedientes/pdf/`` (``ExpedienteRenderer.celda_correo``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable
from reportlab.platypus.flowables import _ContainerSpace, _listWrapOn

__all__ = ["ConCola", "cortes_de_correo"]

#: A closing taller than this share of the frame is not kept with anything: it
#: would leave most of a page blank (an acta signed by thirty people).
COLA_MAXIMA = 0.5


class ConCola(_ContainerSpace, Flowable):
    """``contenido`` followed by ``cola``, the cola never alone on a page.

    Like ``KeepTogether`` it is never drawn: the frame asks it to split and gets
    back the flowables to lay out. When both fit, they are laid out as they are;
    when only ``contenido`` fits (or not even that), ``contenido`` is split where
    its last part, at least a row or a line, can go over with the cola. A
    ``contenido`` that cannot split (a one-row table) goes over whole. The cola's
    flowables are kept together, so none of them may be a ``KeepTogether``; the
    last of them may be a ``ConCola`` (signatures whose last row keeps the note).
    """

    def __init__(self, contenido: Flowable, cola: Sequence[Flowable]) -> None:
        self.contenido = contenido
        self.cola = list(cola)
        self._alto_cola: float | None = None

    @property
    def _content(self) -> list[Flowable]:
        """What it holds, for ``_ContainerSpace`` and for whoever walks a story."""
        return [self.contenido, *self.cola]

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:
        return aW, 0xFFFFFF  # always split (as KeepTogether does)

    def split(self, aW: float, aH: float) -> list[Flowable]:
        contenido, cola = self.contenido, self.cola
        alto_contenido = contenido.wrapOn(self.canv, aW, aH)[1]
        marco = getattr(self, "_frame", None)
        arriba = bool(getattr(marco, "_atTop", False))
        if alto_contenido <= aH:
            # The cola's height is the same on every page: measured once.
            if self._alto_cola is None:
                self._alto_cola = self._alto(cola, aW)
            alto_marco = getattr(marco, "_height", aH)
            # With the space the frame leaves between them (a spaceAfter).
            hueco = max(contenido.getSpaceAfter(), cola[0].getSpaceBefore())
            juntos = alto_contenido + hueco + self._alto_cola
            if juntos <= aH or self._alto_cola > COLA_MAXIMA * alto_marco:
                return [contenido, *cola]
        # Only what fits stays here; the rest, at least its last row, goes on.
        partes = contenido.split(aW, min(aH, alto_contenido - 1))
        if len(partes) < 2:
            return [contenido, *cola] if arriba else []
        *antes, ultima = partes
        siguiente = ConCola(ultima, cola)
        siguiente._alto_cola = self._alto_cola
        return [*antes, siguiente]

    def _alto(self, flowables: Sequence[Flowable], aW: float) -> float:
        """The height ``flowables`` take one after the other in a frame, spaces
        between them included; a ``ConCola`` among them (its own ``wrap`` asks
        to be split) counts as what it holds."""
        planos: list[Flowable] = []
        for flowable in flowables:
            if isinstance(flowable, ConCola):
                planos += flowable._content
            else:
                planos.append(flowable)
        if any(isinstance(f, ConCola) for f in planos):
            return self._alto(planos, aW)
        return _listWrapOn(planos, aW, self.canv)[1]


#: Where an address may break: after "@", before each ".".
_CORTE_CORREO = re.compile(r"(?<=@)|(?=\.)")


def _en_lineas(
    piezas: list[str], ancho: float, fuente: str, tamano: float
) -> list[str]:
    """Pieces joined greedily into lines no wider than ``ancho``."""
    lineas: list[str] = []
    for pieza in piezas:
        if lineas and stringWidth(lineas[-1] + pieza, fuente, tamano) <= ancho:
            lineas[-1] += pieza
        else:
            lineas.append(pieza)
    return lineas


def cortes_de_correo(
    correo: str, ancho: float, fuente: str, tamano: float
) -> tuple[list[str], float]:
    """``correo`` in lines no wider than ``ancho``, broken only after "@" or
    before a ".", and the font size they need: ``tamano``, or smaller when one
    piece between two break points is wider than ``ancho`` on its own.

    The break after "@" comes first ("laura.rincon@" / "bucaramanga.gov.co"),
    then each side is broken at its dots if it still does not fit."""
    piezas = [p for p in _CORTE_CORREO.split(correo) if p]
    if not piezas:
        return [correo], tamano
    mas_ancha = max(stringWidth(p, fuente, tamano) for p in piezas)
    if mas_ancha > ancho:
        # A hair under, so the widest piece is not a rounding error too wide.
        tamano = tamano * ancho / mas_ancha * 0.999
    if stringWidth(correo, fuente, tamano) <= ancho:
        return [correo], tamano
    usuario, arroba, dominio = correo.rpartition("@")
    if not arroba:
        return _en_lineas(piezas, ancho, fuente, tamano), tamano
    lineas = []
    for parte in (usuario + arroba, dominio):
        lineas += _en_lineas(
            [p for p in _CORTE_CORREO.split(parte) if p], ancho, fuente, tamano
        )
    return lineas, tamano
