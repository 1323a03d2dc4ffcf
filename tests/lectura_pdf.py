"""Checks of a PDF as a person reads it, shared by the record and procedure tests.

``palabras_partidas(renderer)`` lays out nothing: it walks every table a renderer
draws (the page header, a heading drawn with it, every table of the story, nested
tables too) and measures each word of each cell with reportlab's ``stringWidth``
in the cell's own font against the room the cell has (its columns, spans
included, less its padding). A word wider than that is what reportlab splits
mid-word ("NÚMER / O DE FOLIOS"); a plain-string cell wider than that runs over
its border. URLs are left out: reportlab breaks them at a "/" when they do not
fit, which is where a reader expects it.

``ultima_pagina_sola(crear, letra_menuda)`` pushes the story down (a blank space
at its top, found by bisection) to the point where it first needs one more page,
and a little further, and returns the least that last page says besides its
header, its footer and the record's small print: an empty string means a page
with nothing but the verification note.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from io import BytesIO
from typing import Any

from pypdf import PdfReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph, Spacer, Table

#: reportlab splits these at a "/" (``paragraph._uri_split_pairs``), not mid-word.
_URL = re.compile(r"^[a-z][a-z0-9+.-]*://", re.I)
_ESPACIO = re.compile(r"(\s+)")


def _hijos(flowable: object) -> Iterator[object]:
    """What a container holds: a list of flowables, a KeepTogether's content."""
    if isinstance(flowable, list | tuple):
        yield from flowable
    contenido = getattr(flowable, "_content", None)
    if isinstance(contenido, list | tuple):
        yield from contenido


def tablas(flowables: object) -> Iterator[Table]:
    """Every Table in ``flowables``, nested ones included (cells too)."""
    pendientes = [flowables]
    while pendientes:
        actual = pendientes.pop()
        if isinstance(actual, Table):
            yield actual
            pendientes += [celda for fila in actual._cellvalues for celda in fila]
        else:
            pendientes += list(_hijos(actual))


def _palabras_de_parrafo(parrafo: Paragraph) -> list[tuple[str, float]]:
    """Each word of a Paragraph (runs of text between spaces or ``<br/>``, across
    font changes) with its width in the fonts it is set in."""
    palabras: list[tuple[str, float]] = []
    texto, ancho = "", 0.0

    def cerrar() -> None:
        nonlocal texto, ancho
        if texto:
            palabras.append((texto, ancho))
        texto, ancho = "", 0.0

    for frag in parrafo.frags:
        if getattr(frag, "lineBreak", False):
            cerrar()
            continue
        for parte in _ESPACIO.split(getattr(frag, "text", "") or ""):
            if not parte:
                continue
            if parte.isspace():
                cerrar()
                continue
            texto += parte
            ancho += stringWidth(parte, frag.fontName, frag.fontSize)
    cerrar()
    return palabras


def _espacio(tabla: Table, fila: int, columna: int) -> float:
    """The room for text in a cell: its columns (all of a span) less padding."""
    filas, columnas = len(tabla._cellvalues), len(tabla._argW)
    hasta = columna
    for _nombre, (c0, f0), (c1, _f1), *_resto in tabla._spanCmds:
        if (c0 % columnas, f0 % filas) == (columna, fila):
            hasta = c1 % columnas
    ancho = sum(tabla._argW[columna : hasta + 1])
    estilo = tabla._cellStyles[fila][columna]
    return ancho - estilo.leftPadding - estilo.rightPadding


def _en_celda(
    valor: object, espacio: float, fuente: str, tamano: float
) -> Iterator[tuple[str, float]]:
    """(word or line, width) of what a cell holds that must fit in ``espacio``."""
    if isinstance(valor, str):
        for linea in valor.split("\n"):
            yield linea, stringWidth(linea, fuente, tamano)
    elif isinstance(valor, Paragraph):
        estilo = valor.style
        sangria = estilo.leftIndent + estilo.rightIndent
        for palabra, ancho in _palabras_de_parrafo(valor):
            yield palabra, ancho + sangria
    elif not isinstance(valor, Table):
        for hijo in _hijos(valor):
            yield from _en_celda(hijo, espacio, fuente, tamano)


def palabras_partidas_en(flowables: object) -> list[str]:
    """Every word of a table cell in ``flowables`` wider than its cell."""
    partidas = []
    for tabla in tablas(flowables):
        for f, fila in enumerate(tabla._cellvalues):
            for c, valor in enumerate(fila):
                if valor in ("", None):
                    continue
                estilo = tabla._cellStyles[f][c]
                espacio = _espacio(tabla, f, c)
                for palabra, ancho in _en_celda(
                    valor, espacio, estilo.fontname, estilo.fontsize
                ):
                    if ancho > espacio + 0.01 and not _URL.match(palabra):
                        partidas.append(
                            f"{palabra!r}: {ancho:.1f} pt en una celda de "
                            f"{espacio:.1f} pt"
                        )
    return partidas


def tablas_del_documento(renderer: Any) -> list[object]:
    """What a renderer draws in tables: the page header (and the FUID's table
    heading, drawn with it) and the story."""
    dibujadas: list[object] = [renderer.tabla_encabezado(1, 1)]
    if hasattr(renderer, "tabla_cabeza"):
        dibujadas.append(renderer.tabla_cabeza())
    return [*dibujadas, renderer.get_story()]


def palabras_partidas(renderer: Any) -> list[str]:
    """``palabras_partidas_en`` over everything ``renderer`` draws in tables."""
    return palabras_partidas_en(tablas_del_documento(renderer))


# --- the last page ----------------------------------------------------------------


def _plano(texto: str) -> str:
    return re.sub(r"\s+", "", texto)


def paginas(contenido: bytes) -> list[str]:
    return [pagina.extract_text() for pagina in PdfReader(BytesIO(contenido)).pages]


def _con_espacio_arriba(crear: Callable[[], Any], alto: float) -> bytes:
    renderer = crear()
    propia = renderer.get_story

    def get_story() -> list[Flowable]:
        return [Spacer(0, alto), *propia()]

    renderer.get_story = get_story
    return renderer.render()


def ultima_pagina_sola(crear: Callable[[], Any], letra_menuda: list[str]) -> str:
    """What the last page says, other than what every page says and the small
    print ``letra_menuda``, when a blank space at the top of the story pushes it
    onto one more page than it needs: the least such space (found by bisection)
    and a few points more, the page that says least.

    ``crear`` returns a fresh renderer (a renderer caches what it laid out)."""
    base = len(paginas(crear().render()))
    # A little less than the frame: reportlab refused a spacer as tall as it.
    bajo, alto = 0.0, 0.95 * crear().alto_util
    assert len(paginas(_con_espacio_arriba(crear, alto))) > base
    while alto - bajo > 0.5:
        medio = (bajo + alto) / 2
        if len(paginas(_con_espacio_arriba(crear, medio))) > base:
            alto = medio
        else:
            bajo = medio
    restos = []
    for mas in (0, 3, 8, 15, 30):
        textos = paginas(_con_espacio_arriba(crear, alto + mas))
        comunes = set(textos[0].splitlines())
        propias = [
            linea
            for linea in textos[-1].splitlines()
            if linea not in comunes and not re.search(r"PÁGINA|\d+ de \d+$", linea)
        ]
        resto = _plano("".join(propias))
        for nota in letra_menuda:
            resto = resto.replace(_plano(nota), "")
        restos.append(resto)
    return min(restos, key=len)
