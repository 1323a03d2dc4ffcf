"""The flowchart of ``procedimientos/flujograma.py`` drawn in the official PDF.

The SVG of the web page and this Flowable read the same layout; here SVG's downward
y axis is turned upward, and a chart taller than a page is cut between boxes.
"""

from __future__ import annotations

import string

from reportlab.graphics import renderPDF
from reportlab.graphics.shapes import (
    Circle,
    Drawing,
    Group,
    Line,
    Polygon,
    Rect,
    Shape,
    String,
)
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

from ..flujograma import Flujograma, Nodo
from .base import FUENTE, FUENTE_NEGRITA, GRIS_ETIQUETA, GRIS_TEXTO, texto_plano

__all__ = ["FlujogramaPDF"]

#: Title bar and inner padding of each piece of the flowchart, in points.
BARRA = 15.0
RELLENO = 6.0
#: Off-page connector (a lettered circle) and the arrow joining it to a box, in
#: layout units (``procedimientos/flujograma.py``), scaled with the chart.
RADIO_CONECTOR = 9.0
FLECHA_CONECTOR = 14.0
ALTO_CONECTOR = 2 * RADIO_CONECTOR + FLECHA_CONECTOR
#: Font sizes of the box texts, in layout units; shrunk if a line is too wide.
TAMANO_TITULO = 11.0
TAMANO_ROL = 9.0
#: Arrow head, in layout units.
PUNTA = 6.0


def _letra(indice: int) -> str:
    """Connector labels: A…Z, then AA, AB…"""
    letras = string.ascii_uppercase
    etiqueta = ""
    while indice >= 0:
        etiqueta = letras[indice % 26] + etiqueta
        indice = indice // 26 - 1
    return etiqueta


class FlujogramaPDF(Flowable):
    """The flowchart of ``disenar_flujograma`` as a boxed reportlab ``Drawing``.

    It is kept whole when it fits a page; a longer one flows like text, cut between
    two boxes with ISO 5807 off-page connectors (a circle "A" at the foot of one
    piece, the same circle at the top of the next), so 60 activities are simply a
    few pages. The scale is fixed up front so that any two consecutive boxes and
    both connectors fit one page: every cut then has a place to go.
    """

    def __init__(
        self,
        flujograma: Flujograma,
        escala: float,
        alto_marco: float,
        desde: int = 0,
        hasta: int | None = None,
        corte: int = 0,
    ) -> None:
        super().__init__()
        self.flujograma = flujograma
        self.escala = escala
        self.alto_marco = alto_marco
        self.desde = desde
        self.hasta = len(flujograma.nodos) if hasta is None else hasta
        #: Cuts above this piece; its entry connector reads ``_letra(corte - 1)``.
        self.corte = corte

    @classmethod
    def para_marco(
        cls, flujograma: Flujograma, ancho: float, alto: float
    ) -> FlujogramaPDF:
        """A flowchart scaled for a frame of ``ancho`` x ``alto`` points."""
        nodos = flujograma.nodos
        par_mas_alto = max(
            siguiente.y + siguiente.alto - nodo.y + 2 * ALTO_CONECTOR
            for nodo, siguiente in zip(nodos, nodos[1:], strict=False)
        )
        escala = min(
            1.0,
            (ancho - 2 * RELLENO) / flujograma.ancho,
            (alto - BARRA - 2 * RELLENO) / par_mas_alto,
        )
        return cls(flujograma, escala, alto)

    # --- geometry ----------------------------------------------------------------

    @property
    def _total(self) -> int:
        return len(self.flujograma.nodos)

    def _limites(self, desde: int, hasta: int) -> tuple[float, float]:
        """Top and bottom, in layout units, of the piece with nodes desde..hasta-1."""
        primero = self.flujograma.nodos[desde]
        ultimo = self.flujograma.nodos[hasta - 1]
        arriba = primero.y - (ALTO_CONECTOR if desde > 0 else RELLENO)
        abajo = ultimo.y + ultimo.alto + (ALTO_CONECTOR if hasta < self._total else 0)
        return arriba, abajo + RELLENO

    def _alto(self, desde: int, hasta: int) -> float:
        arriba, abajo = self._limites(desde, hasta)
        return BARRA + RELLENO + (abajo - arriba) * self.escala

    def _pieza(self, desde: int, hasta: int, corte: int) -> FlujogramaPDF:
        return FlujogramaPDF(
            self.flujograma, self.escala, self.alto_marco, desde, hasta, corte
        )

    # --- Flowable protocol ------------------------------------------------------

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = availWidth
        self.height = self._alto(self.desde, self.hasta)
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        if self._alto(self.desde, self.hasta) <= availHeight:
            return [self]
        if self.desde == 0 and self._alto(0, self.hasta) <= self.alto_marco:
            return []  # it fits a page of its own: keep it whole on the next one
        cabe = [
            corte
            for corte in range(self.desde + 2, self.hasta)
            if self._alto(self.desde, corte) <= availHeight
        ]
        if not cabe:
            return []
        corte = cabe[-1]
        if corte == self.hasta - 1 and corte - 1 >= self.desde + 2:
            corte -= 1  # never leave "Fin" alone on a page
        return [
            self._pieza(self.desde, corte, self.corte),
            self._pieza(corte, self.hasta, self.corte + 1),
        ]

    def draw(self) -> None:
        renderPDF.draw(self.dibujo(self.width), self.canv, 0, 0)

    # --- drawing -------------------------------------------------------------------

    def dibujo(self, ancho: float) -> Drawing:
        """This piece as a Drawing: box, title bar, then the chart, y flipped."""
        alto = self._alto(self.desde, self.hasta)
        dibujo = Drawing(ancho, alto)
        dibujo.add(
            Rect(
                0,
                0,
                ancho,
                alto,
                strokeColor=colors.black,
                strokeWidth=0.5,
                fillColor=None,
            )
        )
        dibujo.add(
            Rect(
                0,
                alto - BARRA,
                ancho,
                BARRA,
                strokeColor=colors.black,
                strokeWidth=0.5,
                fillColor=GRIS_ETIQUETA,
            )
        )
        titulo = "FLUJOGRAMA" if self.desde == 0 else "FLUJOGRAMA (continuación)"
        dibujo.add(
            String(
                ancho / 2,
                alto - BARRA + 4.5,
                titulo,
                fontName=FUENTE_NEGRITA,
                fontSize=8.5,
                textAnchor="middle",
            )
        )
        arriba, abajo = self._limites(self.desde, self.hasta)
        grupo = Group()
        escala = self.escala
        grupo.transform = (
            escala,
            0,
            0,
            escala,
            (ancho - self.flujograma.ancho * escala) / 2,
            0,
        )
        for elemento in self._elementos(abajo):
            grupo.add(elemento)
        dibujo.add(grupo)
        return dibujo

    def _elementos(self, abajo: float) -> list[Shape]:
        """Shapes in layout units; ``abajo - y`` turns SVG's downward y upward."""
        nodos = self.flujograma.nodos
        centro = self.flujograma.ancho / 2
        elementos: list[Shape] = []
        for indice in range(self.desde, self.hasta):
            nodo = nodos[indice]
            elementos.extend(_nodo(nodo, abajo))
            if indice + 1 < self.hasta:
                siguiente = nodos[indice + 1]
                elementos.extend(
                    _flecha(centro, abajo - (nodo.y + nodo.alto), abajo - siguiente.y)
                )
        if self.desde > 0:
            primero = nodos[self.desde]
            y = abajo - (primero.y - ALTO_CONECTOR)
            elementos.extend(
                _conector(centro, y - RADIO_CONECTOR, _letra(self.corte - 1))
            )
            elementos.extend(_flecha(centro, y - 2 * RADIO_CONECTOR, abajo - primero.y))
        if self.hasta < self._total:
            ultimo = nodos[self.hasta - 1]
            y = abajo - (ultimo.y + ultimo.alto)
            elementos.extend(_flecha(centro, y, y - FLECHA_CONECTOR))
            elementos.extend(
                _conector(
                    centro, y - FLECHA_CONECTOR - RADIO_CONECTOR, _letra(self.corte)
                )
            )
        return elementos


def _tamano(texto: str, fuente: str, tamano: float, ancho: float) -> float:
    """The font size at which ``texto`` fits ``ancho`` (never larger than asked)."""
    medida = stringWidth(texto, fuente, tamano)
    return tamano if medida <= ancho else tamano * ancho / medida


def _nodo(nodo: Nodo, abajo: float) -> list[Shape]:
    terminal = nodo.forma == "terminal"
    radio = nodo.alto / 2 if terminal else 4
    formas: list[Shape] = [
        Rect(
            nodo.x,
            abajo - nodo.y - nodo.alto,
            nodo.ancho,
            nodo.alto,
            rx=radio,
            ry=radio,
            strokeColor=colors.black,
            strokeWidth=0.9,
            fillColor=GRIS_ETIQUETA if terminal else colors.white,
        )
    ]
    for base, texto, clase in nodo.lineas:
        titulo = clase == "titulo"
        fuente = FUENTE_NEGRITA if titulo else FUENTE
        limpio = texto_plano(texto)
        tamano = _tamano(
            limpio, fuente, TAMANO_TITULO if titulo else TAMANO_ROL, nodo.ancho - 12
        )
        formas.append(
            String(
                nodo.centro_x,
                abajo - base,
                limpio,
                fontName=fuente,
                fontSize=tamano,
                fillColor=colors.black if titulo else GRIS_TEXTO,
                textAnchor="middle",
            )
        )
    return formas


def _flecha(x: float, y1: float, y2: float) -> list[Shape]:
    """A downward arrow from y1 to y2 (upward coordinates), head at y2."""
    return [
        Line(x, y1, x, y2 + PUNTA, strokeColor=colors.black, strokeWidth=0.9),
        Polygon(
            [x - PUNTA / 2, y2 + PUNTA, x + PUNTA / 2, y2 + PUNTA, x, y2],
            fillColor=colors.black,
            strokeColor=colors.black,
            strokeWidth=0.5,
        ),
    ]


def _conector(x: float, y: float, letra: str) -> list[Shape]:
    """An off-page connector: a circle with the letter that pairs it with another."""
    return [
        Circle(
            x,
            y,
            RADIO_CONECTOR,
            strokeColor=colors.black,
            strokeWidth=0.9,
            fillColor=colors.white,
        ),
        String(
            x, y - 3.2, letra, fontName=FUENTE_NEGRITA, fontSize=9, textAnchor="middle"
        ),
    ]
