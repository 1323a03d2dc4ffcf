"""The shared base of every PDF the project issues: official header, page numbers.

Modelled on pretix's ``BaseReportlabInvoiceRenderer``: page geometry, fonts and
paragraph styles are class attributes a subclass may override, the header and the
footer are hooks drawn on every page, and a document type only writes
``get_encabezado()`` and ``get_story()``. ``procedimientos/pdf/procedimiento.py``
subclasses it, and so do the record renderers of ``expedientes/pdf/`` (receipts,
letters, minutes), which pass in ``Encabezado`` the code and version of the
procedure their case runs under.

"Página X de Y" needs the page count before any page is final, so the canvas
(``_CanvasNumerado``) keeps every page until ``save()`` and only then draws the
header and the footer: one layout pass instead of ``multiBuild``'s two.

Fonts (DejaVu Sans, embedded; CJK in the PDF's standard CID fonts) and every
user string's way into a Paragraph (``escapar``, ``parrafo``, ``trozos``) are in
``texto.py``, and so is how a date is written (``fecha_corta``, ``fecha_pdf``):
re-exported here. reportlab's invariant mode keeps the subset names fixed, so the
same input still gives the same bytes; CreationDate and ModDate are the
document's own date (``BaseRenderer.get_fecha``: a record's moment of issue, a
procedure's approval), in Bogotá's time, not the clock's.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from io import BytesIO
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    PageTemplate,
    Paragraph,
    Table,
    TableStyle,
)

from .texto import (
    FUENTE,
    FUENTE_NEGRITA,
    SIN_APROBAR,
    en_bogota,
    escapar,
    fecha_corta,
    fecha_pdf,
    lineas,
    parrafo,
    registrar_fuentes,
    texto_plano,
    trozos,
)

__all__ = [
    "ESTILO_TABLA",
    "FUENTE",
    "FUENTE_NEGRITA",
    "PARTIR_FILA",
    "BaseRenderer",
    "Encabezado",
    "escapar",
    "en_bogota",
    "fecha_corta",
    "fecha_pdf",
    "lineas",
    "parrafo",
    "registrar_fuentes",
    "texto_plano",
    "trozos",
]

#: Grey of the label cells, as in the printed formats of the Gobernación.
GRIS_ETIQUETA = colors.HexColor("#e3e3e3")
GRIS_TEXTO = colors.HexColor("#555555")

#: Grid of every data table (procedure and records): thin black lines, as in the
#: printed format. Extra commands of one table go after it.
#: A table cell's left plus right padding (``ESTILO_TABLA``).
RELLENO_HORIZONTAL = 8
ESTILO_TABLA = [
    # Plain-string cells (numbers, dates) in the embedded font, not Helvetica.
    ("FONTNAME", (0, 0), (-1, -1), FUENTE),
    ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
    ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ("LEFTPADDING", (0, 0), (-1, -1), RELLENO_HORIZONTAL / 2),
    ("RIGHTPADDING", (0, 0), (-1, -1), RELLENO_HORIZONTAL / 2),
    ("TOPPADDING", (0, 0), (-1, -1), 3),
    ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
]
#: A row taller than the space left may break inside, if both parts are this tall:
#: a long description, a 10,000-character observation or a long list must not stop
#: the layout (reportlab's ``splitInRow``).
PARTIR_FILA = 40


@dataclass(frozen=True)
class Encabezado:
    """What the official header of every page shows.

    A procedure fills it from its own page; a case record fills it from the frozen
    version of the procedure the case was filed under, so the code, version and
    approval date printed are those the case follows.
    """

    titulo: str
    codigo: str
    #: 0 (or None) for a procedure never approved: printed "Sin aprobar".
    version: int | str | None
    fecha_aprobacion: datetime.date | None
    #: Left cell, top to bottom: e.g. "República de Colombia", "Gobernación de
    #: Santander". The first line is printed plain, the others in bold.
    entidad: tuple[str, ...] = ()


class _CanvasNumerado(Canvas):
    """Keeps every page until ``save()``, when the total is known, then paints them.

    ``pintar(canvas, pagina, total)`` draws the header and footer of each page.
    ``fecha``, a PDF date (``fecha_pdf``), is the document's CreationDate and
    ModDate; without it reportlab's invariant mode writes 1 January 2000.
    """

    def __init__(
        self,
        *args: Any,
        pintar: Callable[[Canvas, int, int], None],
        fecha: str | None = None,
        **kwargs: Any,
    ) -> None:
        # The canvas's initial font goes into every page's resources: make it
        # the embedded one, so no page names Helvetica.
        kwargs["initialFontName"] = kwargs.get("initialFontName") or FUENTE
        super().__init__(*args, **kwargs)
        self._pintar = pintar
        self._paginas: list[dict[str, Any]] = []
        if fecha:
            self.setDateFormatter(lambda *_reportlab: fecha)

    def showPage(self) -> None:
        self._paginas.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._paginas)
        for numero, estado in enumerate(self._paginas, start=1):
            self.__dict__.update(estado)
            self._pintar(self, numero, total)
            super().showPage()
        super().save()


class BaseRenderer:
    """A document with the official header on every page; subclasses fill the story.

    Subclasses implement ``get_encabezado()`` and ``get_story()``, and may override
    ``get_asunto()`` and ``get_autor()`` (PDF metadata) and ``lineas_pie()``
    (footer text). The base knows no model: who issues the document (the
    ``Entidad`` setting, or a record's snapshot of it) is the subclass's. Build the
    story with ``parrafo()`` so user text is always escaped.
    """

    #: Letter, the paper size of the Gobernación's printed formats.
    pagesize: tuple[float, float] = LETTER
    #: Page margins; the header sits inside the top margin's box, above the frame.
    margen_izquierdo: float = 16 * mm
    margen_derecho: float = 16 * mm
    margen_superior: float = 12 * mm
    margen_inferior: float = 12 * mm
    #: Space between the header and the text, and reserved at the foot for the footer.
    separacion_encabezado: float = 5 * mm
    alto_pie: float = 10 * mm
    #: DejaVu Sans, embedded (``texto.registrar_fuentes``). The styles below use
    #: the same names; a subclass changing fonts registers its own and overrides
    #: both.
    fuente: str = FUENTE
    fuente_negrita: str = FUENTE_NEGRITA
    #: Same input, same bytes (no timestamp or random id in the file), so a record's
    #: SHA-256 identifies its content and repeated renders are cache-friendly.
    invariante: bool = True
    #: Language tag written in the PDF catalogue, read by screen readers.
    idioma: str = "es-CO"
    #: The application that made the file (PDF "Creator" metadata).
    creador: str = "Portal de procedimientos y solicitudes"

    #: Running text of the body and of table cells.
    estilo_texto = ParagraphStyle(
        "texto", fontName=FUENTE, fontSize=8.5, leading=10.5, alignment=TA_LEFT
    )
    #: One of several items in a cell (areas, roles, records), a little apart.
    estilo_item = ParagraphStyle("item", parent=estilo_texto, spaceAfter=3)
    #: Bold labels of the grey cells (PROCESO, OBJETIVO…) and table headings.
    estilo_etiqueta = ParagraphStyle(
        "etiqueta", parent=estilo_texto, fontName=FUENTE_NEGRITA, fontSize=8
    )
    #: Column headings of tables, centred.
    estilo_columna = ParagraphStyle(
        "columna", parent=estilo_etiqueta, fontSize=7.5, leading=9, alignment=TA_CENTER
    )
    #: Title rows spanning a whole table (CONTROL DE CAMBIOS).
    estilo_titulo_tabla = ParagraphStyle(
        "titulo_tabla",
        parent=estilo_etiqueta,
        fontSize=8.5,
        leading=10.5,
        alignment=TA_CENTER,
    )
    #: Document title in the middle cell of the header.
    estilo_titulo = ParagraphStyle(
        "titulo",
        fontName=FUENTE_NEGRITA,
        fontSize=9,
        leading=11,
        alignment=TA_CENTER,
    )
    #: Entity lines in the left cell of the header (plain, then bold).
    estilo_entidad = ParagraphStyle(
        "entidad", fontName=FUENTE, fontSize=8, leading=10, alignment=TA_CENTER
    )
    estilo_entidad_nombre = ParagraphStyle(
        "entidad_nombre", parent=estilo_entidad, fontName=FUENTE_NEGRITA, fontSize=9
    )
    #: CÓDIGO / VERSIÓN / FECHA DE APROBACIÓN / PÁGINA and their values.
    estilo_dato_etiqueta = ParagraphStyle(
        "dato_etiqueta", fontName=FUENTE_NEGRITA, fontSize=7, leading=8.5
    )
    estilo_dato_valor = ParagraphStyle(
        "dato_valor", fontName=FUENTE, fontSize=8, leading=9.5, alignment=TA_CENTER
    )
    #: Widths of the header's columns as fractions of the frame: entity, title,
    #: label, value. The title takes what is left.
    proporciones_encabezado: tuple[float, float, float] = (0.24, 0.185, 0.135)
    #: Width of the grey label columns of label/value tables, as a fraction of the
    #: frame.
    columna_etiqueta: float = 0.2

    # --- what subclasses provide -------------------------------------------------

    def get_encabezado(self) -> Encabezado:
        raise NotImplementedError

    def get_story(self) -> list[Flowable]:
        raise NotImplementedError

    def get_fecha(self) -> datetime.date | None:
        """When the document was issued (PDF CreationDate and ModDate), from the
        data it prints, never the clock: the same data gives the same bytes. By
        default the approval date of the header; ``None`` leaves reportlab's."""
        return self.encabezado.fecha_aprobacion

    def get_asunto(self) -> str:
        """PDF "Subject"; by default the code and version of the header."""
        encabezado = self.encabezado
        return f"{encabezado.codigo} versión {encabezado.version or SIN_APROBAR}"

    def lineas_pie(self) -> tuple[str, ...]:
        """Footer lines under a thin rule; none by default."""
        return ()

    def get_autor(self) -> str:
        """PDF "Author": by default the last entity line of the header (its name)."""
        entidad = self.encabezado.entidad
        return entidad[-1] if entidad else ""

    # --- data shared by the hooks ------------------------------------------------

    @functools.cached_property
    def encabezado(self) -> Encabezado:
        return self.get_encabezado()

    @property
    def ancho_util(self) -> float:
        """Width of the frame, for tables and drawings that span it."""
        return self.pagesize[0] - self.margen_izquierdo - self.margen_derecho

    @functools.cached_property
    def alto_util(self) -> float:
        """Height of the frame, under the header and above the footer."""
        return (
            self.pagesize[1]
            - self.margen_superior
            - self._alto_encabezado()
            - self.separacion_encabezado
            - self.margen_inferior
            - self.alto_pie
        )

    # --- tables shared by every document ------------------------------------------

    def celda_etiqueta(self, texto: str) -> Paragraph:
        """A bold label of a grey cell (MUNICIPIO, OBJETIVO…)."""
        return parrafo(texto, self.estilo_etiqueta)

    def celda_texto(self, texto: object, *, vacio: str = "—") -> Paragraph:
        """A value cell, escaped; ``vacio`` stands for a missing value."""
        return parrafo(texto if texto not in (None, "") else vacio, self.estilo_texto)

    def anchos_etiquetados(self, columnas: int) -> list[float]:
        """Label, value (2 columns) or label, value, label, value (4 columns)."""
        etiqueta = self.columna_etiqueta * self.ancho_util
        if columnas == 2:
            return [etiqueta, self.ancho_util - etiqueta]
        valor = (self.ancho_util - 2 * etiqueta) / 2
        return [etiqueta, valor, etiqueta, valor]

    def tabla_etiquetada(
        self, filas: list[list[object]], extra: Sequence[tuple] = ()
    ) -> Table:
        """A table whose first column is grey labels, like the printed format."""
        tabla = Table(
            filas,
            colWidths=self.anchos_etiquetados(len(filas[0])),
            splitInRow=PARTIR_FILA,
        )
        tabla.setStyle(
            TableStyle(
                [
                    *ESTILO_TABLA,
                    ("BACKGROUND", (0, 0), (0, -1), GRIS_ETIQUETA),
                    *extra,
                ]
            )
        )
        return tabla

    def tabla_listado(
        self,
        titulo: str | None,
        columnas: Sequence[tuple[str, float]],
        filas: Sequence[Sequence[object]],
        *,
        vacio: str,
        extra: Sequence[tuple] = (),
    ) -> Table:
        """A list as a table: title row, column headings, a row per item.

        ``columnas`` are (heading, fraction of the frame). The title and heading
        rows repeat on every page the table runs onto; with no items, ``vacio``
        spans one row.
        """
        cabeza: list[list[object]] = []
        if titulo is not None:
            cabeza.append(
                [parrafo(titulo, self.estilo_titulo_tabla), *[""] * (len(columnas) - 1)]
            )
        cabeza.append([parrafo(nombre, self.estilo_columna) for nombre, _ in columnas])
        cuerpo = [list(fila) for fila in filas]
        propio: list[tuple] = []
        if not cuerpo:
            cuerpo = [[self.celda_texto(vacio), *[""] * (len(columnas) - 1)]]
            propio.append(("SPAN", (0, len(cabeza)), (-1, len(cabeza))))
        titulos = len(cabeza)
        tabla = Table(
            cabeza + cuerpo,
            colWidths=[fraccion * self.ancho_util for _, fraccion in columnas],
            repeatRows=titulos,
            splitInRow=PARTIR_FILA,
        )
        if titulo is not None:
            estilo = [
                ("SPAN", (0, 0), (-1, 0)),
                ("ALIGN", (0, 0), (-1, 0), "CENTER"),
            ]
        else:
            estilo = []
        tabla.setStyle(
            TableStyle(
                [
                    *ESTILO_TABLA,
                    *estilo,
                    ("BACKGROUND", (0, 0), (-1, titulos - 1), GRIS_ETIQUETA),
                    ("VALIGN", (0, titulos - 1), (-1, titulos - 1), "MIDDLE"),
                    *propio,
                    *extra,
                ]
            )
        )
        return tabla

    # --- header and footer hooks -------------------------------------------------

    def tabla_encabezado(self, pagina: int | None, total: int) -> Table:
        """The official header: entity | title | CÓDIGO, VERSIÓN, FECHA, PÁGINA.

        ``pagina=None`` leaves the PÁGINA value blank, for a renderer that draws
        the header once and only "X de Y" on each page (``expedientes/pdf/``).
        Every row is as tall as the others, so a cell's height is the table's over
        four.
        """
        encabezado = self.encabezado
        ancho = self.ancho_util
        entidad, etiqueta, valor = (f * ancho for f in self.proporciones_encabezado)
        titulo = ancho - entidad - etiqueta - valor
        celda_entidad = [
            parrafo(
                linea,
                self.estilo_entidad if i == 0 else self.estilo_entidad_nombre,
            )
            for i, linea in enumerate(encabezado.entidad)
        ]
        datos = [
            ("CÓDIGO", encabezado.codigo),
            ("VERSIÓN", encabezado.version or SIN_APROBAR),
            ("FECHA DE APROBACIÓN", fecha_corta(encabezado.fecha_aprobacion)),
            ("PÁGINA", f"{pagina} de {total}" if pagina is not None else ""),
        ]
        filas = [
            [
                celda_entidad if i == 0 else "",
                parrafo(encabezado.titulo, self.estilo_titulo) if i == 0 else "",
                parrafo(nombre, self.estilo_dato_etiqueta),
                parrafo(dato, self.estilo_dato_valor),
            ]
            for i, (nombre, dato) in enumerate(datos)
        ]
        alto_titulo = filas[0][1].wrap(titulo - 8, 1000)[1] + 10
        # A label may take two lines (FECHA DE APROBACIÓN in DejaVu Sans).
        alto_etiqueta = max(fila[2].wrap(etiqueta - 8, 1000)[1] for fila in filas) + 4
        alto_fila = max(15.0, alto_titulo / len(filas), alto_etiqueta)
        tabla = Table(
            filas,
            colWidths=[entidad, titulo, etiqueta, valor],
            rowHeights=[alto_fila] * len(filas),
        )
        tabla.setStyle(
            TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, -1), self.fuente),
                    ("SPAN", (0, 0), (0, -1)),
                    ("SPAN", (1, 0), (1, -1)),
                    ("GRID", (0, 0), (-1, -1), 0.75, colors.black),
                    ("BOX", (0, 0), (-1, -1), 1.25, colors.black),
                    ("BACKGROUND", (2, 0), (2, -1), GRIS_ETIQUETA),
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 4),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 4),
                    ("TOPPADDING", (0, 0), (-1, -1), 2),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                ]
            )
        )
        return tabla

    def dibujar_encabezado(self, canvas: Canvas, pagina: int, total: int) -> None:
        """Hook: draw the header at the top of the page (once the total is known)."""
        tabla = self.tabla_encabezado(pagina, total)
        _ancho, alto = tabla.wrapOn(canvas, self.ancho_util, self.pagesize[1])
        y = self.pagesize[1] - self.margen_superior - alto
        tabla.drawOn(canvas, self.margen_izquierdo, y)

    def dibujar_pie(self, canvas: Canvas, pagina: int, total: int) -> None:
        """Hook: draw the footer (entity and contact lines) under a thin rule."""
        lineas = self.lineas_pie()
        if not lineas:
            return
        y = self.margen_inferior + self.alto_pie - 3 * mm
        canvas.saveState()
        canvas.setStrokeColor(GRIS_TEXTO)
        canvas.setLineWidth(0.4)
        canvas.line(self.margen_izquierdo, y, self.pagesize[0] - self.margen_derecho, y)
        canvas.setFillColor(GRIS_TEXTO)
        canvas.setFont(self.fuente, 7)
        centro = self.pagesize[0] / 2
        for linea in lineas:
            y -= 9
            canvas.drawCentredString(centro, y, texto_plano(linea))
        canvas.restoreState()

    # --- building ----------------------------------------------------------------

    def _alto_encabezado(self) -> float:
        # Only the title wraps, and "Página 10 de 12" fits its cell like "1 de 1",
        # so every page's header is as tall as this one.
        tabla = self.tabla_encabezado(1, 1)
        return tabla.wrap(self.ancho_util, self.pagesize[1])[1]

    def _pintar_pagina(self, canvas: Canvas, pagina: int, total: int) -> None:
        self.dibujar_encabezado(canvas, pagina, total)
        self.dibujar_pie(canvas, pagina, total)

    def get_documento(self, destino: BytesIO) -> BaseDocTemplate:
        """The doc template: one frame under the header, metadata from the header."""
        encabezado = self.encabezado
        frame = Frame(
            self.margen_izquierdo,
            self.margen_inferior + self.alto_pie,
            self.ancho_util,
            self.alto_util,
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
            id="cuerpo",
        )
        return BaseDocTemplate(
            destino,
            pagesize=self.pagesize,
            pageTemplates=[PageTemplate(id="pagina", frames=[frame])],
            title=f"{encabezado.codigo} {encabezado.titulo}",
            author=self.get_autor(),
            subject=self.get_asunto(),
            creator=self.creador,
            lang=self.idioma,
            invariant=self.invariante,
        )

    def render(self) -> bytes:
        """The finished PDF."""
        destino = BytesIO()
        documento = self.get_documento(destino)
        fecha = self.get_fecha()
        documento.build(
            self.get_story(),
            canvasmaker=functools.partial(
                _CanvasNumerado,
                pintar=self._pintar_pagina,
                fecha=fecha_pdf(fecha) if fecha else None,
            ),
        )
        return destino.getvalue()
