"""The base of every PDF of a case file, on the procedure's base
(``procedimientos.pdf.base.BaseRenderer``): the records of a case
(``base.RegistroRenderer``) and the FUID of archived ones (``fuid.py``).

What they share and the procedure's PDF does not: the official header drawn once
per document as a form XObject with only its page number drawn page by page, and
the tables of case files (label/value pairs under a title, cells fitted to their
column, e-mail addresses broken where they may break). Moved out of ``base.py``
(which re-exports it) to keep each module under 700 lines.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, Table

from procedimientos.pdf.base import (
    GRIS_ETIQUETA,
    RELLENO_HORIZONTAL,
    BaseRenderer,
    escapar,
    parrafo,
    texto_plano,
    trozos,
)
from procedimientos.pdf.maquetacion import cortes_de_correo
from procedimientos.pdf.texto import ASIATICO

__all__ = ["FORMA_ENCABEZADO", "EntidadEmisora", "ExpedienteRenderer"]

#: Name of the official header's form XObject (all of it but the page number).
FORMA_ENCABEZADO = "EncabezadoOficial"

#: A value that is one e-mail address (``ExpedienteRenderer.celda_correo``).
_CORREO = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


@dataclass(frozen=True)
class EntidadEmisora:
    """The part of the ``Entidad`` setting a record needs, from its snapshot."""

    nombre: str


class ExpedienteRenderer(BaseRenderer):
    """What the PDFs of case files share on the procedure's base: the records of
    a case (``RegistroRenderer``) and the FUID of archived ones (``fuid.py``).

    Their header is the same on every page but for its page number: it is drawn
    once per document as a form XObject the pages reuse, and only the number page
    by page (``dibujar_encabezado``; a subclass draws the fixed part in
    ``dibujar_encabezado_fijo`` and says where the number goes). A 24-page
    attendance list would otherwise lay out the same table 24 times
    (``bench/registros.py``). And the tables only they print: label/value pairs
    under a title (``tabla_seccion``), cells fitted to their column
    (``celda_ajustada``), e-mail addresses broken where they may break
    (``celda_correo``).
    """

    #: Name of the header's form XObject.
    forma_encabezado: str = FORMA_ENCABEZADO

    def numero_de_pagina(self, pagina: int, total: int) -> str:
        """The text drawn in the header's page cell on each page."""
        return f"{pagina} de {total}"

    @property
    def estilo_numero_pagina(self) -> ParagraphStyle:
        return self.estilo_dato_valor

    def dibujar_encabezado_fijo(
        self, canvas: Canvas, total: int
    ) -> tuple[float, float, float, float]:
        """Draw the header but its page number; return the cell (x, y, width,
        height) the number is centred in."""
        raise NotImplementedError

    def dibujar_encabezado(self, canvas: Canvas, pagina: int, total: int) -> None:
        if not canvas.hasForm(self.forma_encabezado):
            canvas.beginForm(self.forma_encabezado)
            self._celda_pagina = self.dibujar_encabezado_fijo(canvas, total)
            canvas.endForm()
        canvas.doForm(self.forma_encabezado)
        x, y, ancho, alto = self._celda_pagina
        estilo = self.estilo_numero_pagina
        canvas.saveState()
        canvas.setFont(estilo.fontName, estilo.fontSize)
        canvas.drawCentredString(
            x + ancho / 2,
            y + (alto - estilo.fontSize) / 2 + 1.5,
            self.numero_de_pagina(pagina, total),
        )
        canvas.restoreState()

    # --- tables of the case files -------------------------------------------------

    def celda_ajustada(
        self,
        texto: object,
        ancho: float,
        estilo: ParagraphStyle | None = None,
        *,
        vacio: str = "—",
    ) -> object:
        """A value cell of a column ``ancho`` wide: a plain string when it fits on
        one line (drawn as is, so no markup is read and there is nothing to escape,
        and a listing of hundreds of rows lays out several times faster), else an
        escaped Paragraph in ``estilo`` that wraps. The table's FONTNAME and
        FONTSIZE must be ``estilo``'s for the plain strings to match. Text in a
        script the embedded font lacks (CJK) is always a Paragraph, which switches
        font for it.
        """
        estilo = estilo or self.estilo_texto
        texto = str(texto) if texto not in (None, "") else vacio
        plano = texto_plano(texto)
        libre = ancho - RELLENO_HORIZONTAL
        if (
            plano == texto
            and not ASIATICO.search(plano)
            and pdfmetrics.stringWidth(plano, estilo.fontName, estilo.fontSize) <= libre
        ):
            return plano
        return parrafo(texto, estilo)

    def celda_correo(
        self, correo: str, ancho: float, estilo: ParagraphStyle | None = None
    ) -> Paragraph:
        """An e-mail address in a cell ``ancho`` wide: on one line when it fits,
        else broken after "@" or before a "." (``maquetacion.cortes_de_correo``),
        set smaller when even a piece between those points does not fit; never
        cut inside a word, as reportlab cuts a word wider than its line."""
        estilo = estilo or self.estilo_texto
        lineas_correo, tamano = cortes_de_correo(
            texto_plano(correo),
            ancho - RELLENO_HORIZONTAL,
            estilo.fontName,
            estilo.fontSize,
        )
        if tamano < estilo.fontSize:
            estilo = ParagraphStyle(
                f"{estilo.name}-{tamano:.2f}",
                parent=estilo,
                fontSize=tamano,
                leading=estilo.leading * tamano / estilo.fontSize,
            )
        marcado = "<br/>".join(escapar(linea) for linea in lineas_correo)
        return Paragraph(marcado, estilo)

    def tabla_seccion(
        self, titulo: str | None, filas: Sequence[Sequence[tuple[str, object]]]
    ) -> Table:
        """Label/value pairs in four columns under a grey title row.

        Each row is one pair (its value spans the three columns left) or two pairs
        side by side. A value that is not a Flowable (or a list of them) is printed
        with ``celda_texto``: escaped, "—" when empty.
        """
        tabla: list[list[object]] = []
        extra: list[tuple] = []
        anchos = self.anchos_etiquetados(4)
        if titulo is not None:
            tabla.append([parrafo(titulo, self.estilo_titulo_tabla), "", "", ""])
            extra += [
                ("SPAN", (0, 0), (-1, 0)),
                ("BACKGROUND", (0, 0), (-1, 0), GRIS_ETIQUETA),
            ]
        for pares in filas:
            numero = len(tabla)
            if (
                len(pares) == 1
                and isinstance(pares[0][1], str)
                and not _CORREO.fullmatch(pares[0][1])
            ):
                # A long text goes on in rows of its own, with no rule between.
                etiqueta, valor = pares[0]
                for i, trozo in enumerate(trozos(valor)):
                    fila = len(tabla)
                    if i:
                        extra += self.sin_raya_encima(fila, 4)
                    tabla.append(
                        [
                            self.celda_etiqueta(etiqueta) if i == 0 else "",
                            self.celda_texto(trozo),
                            "",
                            "",
                        ]
                    )
                    extra.append(("SPAN", (1, fila), (3, fila)))
                continue
            celdas: list[object] = []
            for i, (etiqueta, valor) in enumerate(pares):
                # One pair's value spans the three columns left.
                ancho = sum(anchos[1:]) if len(pares) == 1 else anchos[2 * i + 1]
                celdas += [self.celda_etiqueta(etiqueta), self._celda(valor, ancho)]
            if len(pares) == 1:
                celdas += ["", ""]
                extra.append(("SPAN", (1, numero), (3, numero)))
            else:
                extra.append(("BACKGROUND", (2, numero), (2, numero), GRIS_ETIQUETA))
            tabla.append(celdas)
        return self.tabla_etiquetada(tabla, extra)

    def sin_raya_encima(self, fila: int, columnas: int) -> list[tuple]:
        """Style commands that hide the rule above ``fila`` (a text continued from
        the row above): grey over the label column, white over the others."""
        return [
            ("LINEABOVE", (0, fila), (0, fila), 0.6, GRIS_ETIQUETA),
            ("LINEABOVE", (1, fila), (columnas - 1, fila), 0.6, colors.white),
        ]

    def _celda(self, valor: object, ancho: float) -> object:
        if isinstance(valor, Flowable) or (
            isinstance(valor, list)
            and all(isinstance(v, Flowable) for v in valor)
            and valor
        ):
            return valor
        if isinstance(valor, str) and _CORREO.fullmatch(valor):
            return self.celda_correo(valor, ancho)
        return self.celda_texto(valor)
