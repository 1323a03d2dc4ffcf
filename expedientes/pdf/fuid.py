"""The *formato único de inventario documental* (FUID, Acuerdo AGN 042 de 2002,
art. 7) of a chosen set of archived case files, from the snapshot
``services.archivo.fuid_construir`` builds (``registros.Fuid``), as a landscape
PDF (``render_fuid``). Its columns, header fields and signature block are the
FUID's own, in ``expedientes/fuid.py``, which also writes its CSV and XLSX.

The PDF has the FUID's header on every page (entity, title, entidad remitente and
productora, unidad administrativa and oficina productora with their codes, the
objeto with the chosen one marked, "Hoja N de M" and the receiving archive's
registro de entrada: año, mes, día, N.T.), the table with its two-level heading
repeated on every page, and the signature block (elaborado, entregado, recibido
por) at the end. As for the records, the header is drawn once as a form XObject
and only "Hoja N de M" page by page (``expediente.ExpedienteRenderer``).

A FUID is not a record: it has no verification code and is not stored.
"""

from __future__ import annotations

import datetime
import functools
import io
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import LETTER, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from procedimientos.pdf.base import (
    ESTILO_TABLA,
    GRIS_ETIQUETA,
    PARTIR_FILA,
    BaseRenderer,
    Encabezado,
    parrafo,
)

from ..constants import ObjetoTransferencia
from ..exportacion import FORMATO_FECHA
from ..fuid import (
    CAMPOS_FIRMA,
    COLUMNAS,
    FIRMAS,
    GRUPOS,
    TITULO,
    cabecera,
    registro_de_entrada,
    valores,
)
from ..registros import Firma, Fuid
from .base import fecha_hora, fecha_o_guion
from .expediente import EntidadEmisora, ExpedienteRenderer

__all__ = ["FuidRenderer", "render_fuid"]


def _texto(valor: Any) -> str:
    """A plain cell: a date as people write it here, nothing for ``None``."""
    if isinstance(valor, datetime.date):
        return valor.strftime(FORMATO_FECHA)
    return "" if valor is None else str(valor)


class FuidRenderer(ExpedienteRenderer):
    """The FUID of a ``registros.Fuid`` snapshot; reads nothing else."""

    pagesize = landscape(LETTER)
    margen_izquierdo = 10 * mm
    margen_derecho = 10 * mm
    margen_superior = 10 * mm
    margen_inferior = 8 * mm
    alto_pie = 7 * mm
    #: The table's heading is drawn with the header: the rows start right under it.
    separacion_encabezado = 0
    #: Between the header and the table's heading.
    separacion_cabeza: float = 3 * mm
    #: Rows per table of the story (``tabla_inventario``).
    filas_por_tabla: int = 25
    #: Height of the header's top band (entity, title, "Hoja N de M").
    alto_banda: float = 13 * mm
    #: Width of the "Hoja N de M" cell, as a fraction of the frame.
    ancho_hoja: float = 0.13

    estilo_celda = ParagraphStyle(
        "celda_fuid", parent=BaseRenderer.estilo_texto, fontSize=7, leading=8.5
    )
    estilo_celda_centrada = ParagraphStyle(
        "celda_fuid_centrada", parent=estilo_celda, alignment=TA_CENTER
    )
    estilo_columna_fuid = ParagraphStyle(
        "columna_fuid", parent=BaseRenderer.estilo_columna, fontSize=6, leading=7.5
    )
    estilo_titulo_fuid = ParagraphStyle(
        "titulo_fuid", parent=BaseRenderer.estilo_titulo, fontSize=11, leading=13
    )

    def __init__(self, fuid: Fuid) -> None:
        self.fuid = fuid

    # --- from the snapshot -----------------------------------------------------------

    @functools.cached_property
    def entidad(self) -> Any:
        nombre = self.fuid.entidad[-1] if self.fuid.entidad else ""
        return EntidadEmisora(nombre=nombre or self.fuid.entidad_productora)

    def get_autor(self) -> str:
        return self.entidad.nombre

    def get_encabezado(self) -> Encabezado:
        procedimiento = self.fuid.procedimiento
        return Encabezado(
            titulo=TITULO,
            codigo=procedimiento.codigo if procedimiento else "FUID",
            version=procedimiento.version if procedimiento else None,
            fecha_aprobacion=procedimiento.fecha_aprobacion if procedimiento else None,
            entidad=self.fuid.entidad,
        )

    def get_fecha(self) -> datetime.datetime:
        """When the inventory was drawn up: the PDF's CreationDate."""
        return self.fuid.elaborado_en

    def get_asunto(self) -> str:
        fuid = self.fuid
        asunto = f"{fuid.objeto} · {len(fuid.filas)} expedientes"
        if fuid.numero_transferencia:
            asunto += f" · N.T. {fuid.numero_transferencia}"
        return asunto

    def get_documento(self, destino: io.BytesIO) -> Any:
        documento = super().get_documento(destino)
        documento.title = TITULO.capitalize()
        return documento

    def lineas_pie(self) -> tuple[str, ...]:
        return (
            "Formato único de inventario documental (Acuerdo AGN 042 de 2002) · "
            f"elaborado el {fecha_hora(self.fuid.elaborado_en)}",
        )

    # --- header, on every page -----------------------------------------------------

    def celda_fuid(self, texto: object) -> Paragraph:
        return parrafo(texto if texto not in (None, "") else "—", self.estilo_celda)

    def _etiqueta_fuid(self, texto: str) -> Paragraph:
        return parrafo(texto, self.estilo_columna_fuid)

    def objetos(self) -> list[Paragraph]:
        """Every objeto of Acuerdo 042, the chosen one marked [X]."""
        etiquetas = [str(o.label) for o in ObjetoTransferencia]
        if self.fuid.objeto not in etiquetas:
            etiquetas.append(self.fuid.objeto)
        return [
            parrafo(
                f"[{'X' if etiqueta == self.fuid.objeto else ' '}] {etiqueta}",
                self.estilo_celda,
            )
            for etiqueta in etiquetas
        ]

    def tabla_encabezado(self, pagina: int | None, total: int) -> Table:
        """Entity | title | "Hoja N de M", then the identification fields on the
        left and the receiving archive's registro de entrada on the right.

        ``pagina=None`` leaves the sheet number blank (drawn page by page). The
        top band has a fixed height, so the blank cell's place is known."""
        fuid = self.fuid
        ancho = self.ancho_util
        hoja = self.ancho_hoja * ancho
        entrada = 0.3 * ancho
        etiqueta = 0.17 * ancho
        valor = ancho - entrada - etiqueta
        entrada_datos = registro_de_entrada(fuid)
        celdas_entrada = Table(
            [
                [self._etiqueta_fuid("REGISTRO DE ENTRADA"), "", "", ""],
                [self._etiqueta_fuid(nombre) for nombre, _valor in entrada_datos],
                [self.celda_fuid(valor) for _nombre, valor in entrada_datos],
            ],
            colWidths=[(entrada - 8) / 4] * 4,
        )
        celdas_entrada.setStyle(
            TableStyle(
                [
                    *ESTILO_TABLA,
                    ("SPAN", (0, 0), (-1, 0)),
                    ("BACKGROUND", (0, 0), (-1, 1), GRIS_ETIQUETA),
                ]
            )
        )
        datos = cabecera(fuid)
        filas: list[list[object]] = [
            [
                [
                    parrafo(
                        linea,
                        self.estilo_entidad if i == 0 else self.estilo_entidad_nombre,
                    )
                    for i, linea in enumerate(fuid.entidad)
                ],
                parrafo(TITULO, self.estilo_titulo_fuid),
                "",
                parrafo(
                    f"Hoja {pagina} de {total}" if pagina is not None else "",
                    self.estilo_titulo_tabla,
                ),
            ]
        ]
        for i, (nombre, dato) in enumerate(datos):
            filas.append(
                [
                    self._etiqueta_fuid(nombre),
                    self.celda_fuid(dato),
                    celdas_entrada if i == 0 else "",
                    "",
                ]
            )
        objetos = self.objetos()
        por_fila = 3
        rejilla = [
            objetos[i : i + por_fila]
            + [""] * (por_fila - len(objetos[i : i + por_fila]))
            for i in range(0, len(objetos), por_fila)
        ]
        filas.append(
            [
                self._etiqueta_fuid("OBJETO"),
                Table(
                    rejilla,
                    colWidths=[(ancho - etiqueta - 8) / por_fila] * por_fila,
                    style=[
                        ("FONTNAME", (0, 0), (-1, -1), self.fuente),
                        ("LEFTPADDING", (0, 0), (-1, -1), 0),
                        ("TOPPADDING", (0, 0), (-1, -1), 0),
                        ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
                    ],
                ),
                "",
                "",
            ]
        )
        n = len(filas)
        tabla = Table(
            filas,
            colWidths=[etiqueta, valor, entrada - hoja, hoja],
            rowHeights=[self.alto_banda] + [None] * (n - 1),
        )
        tabla.setStyle(
            TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, -1), self.fuente),
                    ("GRID", (0, 0), (-1, -1), 0.75, colors.black),
                    ("BOX", (0, 0), (-1, -1), 1.25, colors.black),
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 4),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 4),
                    ("TOPPADDING", (0, 0), (-1, -1), 2),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                    ("SPAN", (1, 0), (2, 0)),
                    ("BACKGROUND", (0, 1), (0, -1), GRIS_ETIQUETA),
                    # Registro de entrada: right of the four identification rows.
                    ("SPAN", (2, 1), (3, n - 2)),
                    ("VALIGN", (2, 1), (3, n - 2), "TOP"),
                    ("SPAN", (1, n - 1), (3, n - 1)),
                ]
            )
        )
        return tabla

    def _alto_encabezado(self) -> float:
        """The header, a gap, and the table's heading under it (the frame starts
        right under the heading, so the rows continue it)."""
        cabeza = self.tabla_cabeza().wrap(self.ancho_util, self.pagesize[1])[1]
        return super()._alto_encabezado() + self.separacion_cabeza + cabeza

    #: Its header's form XObject (all of it but "Hoja N de M").
    forma_encabezado = "EncabezadoFuid"

    def numero_de_pagina(self, pagina: int, total: int) -> str:
        return f"Hoja {pagina} de {total}"

    @property
    def estilo_numero_pagina(self) -> ParagraphStyle:
        return self.estilo_titulo_tabla

    def dibujar_encabezado_fijo(
        self, canvas: Canvas, total: int
    ) -> tuple[float, float, float, float]:
        """The header and the table's heading under it; "Hoja N de M" goes in
        the top band's right cell."""
        tabla = self.tabla_encabezado(None, total)
        _ancho, alto = tabla.wrapOn(canvas, self.ancho_util, self.pagesize[1])
        cabeza = self.tabla_cabeza()
        _ancho, alto_cabeza = cabeza.wrapOn(canvas, self.ancho_util, self.pagesize[1])
        y = self.pagesize[1] - self.margen_superior - alto
        tabla.drawOn(canvas, self.margen_izquierdo, y)
        cabeza.drawOn(
            canvas, self.margen_izquierdo, y - self.separacion_cabeza - alto_cabeza
        )
        ancho = self.ancho_hoja * self.ancho_util
        return (
            self.pagesize[0] - self.margen_derecho - ancho,
            self.pagesize[1] - self.margen_superior - self.alto_banda,
            ancho,
            self.alto_banda,
        )

    # --- the story ------------------------------------------------------------------

    def get_story(self) -> list[Flowable]:
        tablas, ultimas = self.tabla_inventario()
        return [
            *tablas,
            KeepTogether([ultimas, Spacer(0, 8), self.tabla_firmas_fuid()]),
        ]

    @functools.cached_property
    def anchos(self) -> list[float]:
        """Width of each of the table's 13 columns."""
        return [c.ancho_pdf * self.ancho_util for c in COLUMNAS]

    def tabla_cabeza(self) -> Table:
        """The table's two-level heading: drawn with the page header (the same
        on every page), not as rows of the story."""
        arriba: list[object] = []
        abajo: list[object] = []
        estilo: list[tuple] = []
        for grupo, subs in GRUPOS:
            inicio = len(arriba)
            for i, columna in enumerate(subs):
                arriba.append(self._etiqueta_fuid(grupo) if i == 0 else "")
                abajo.append(self._etiqueta_fuid(columna.sub) if columna.sub else "")
            if len(subs) > 1:
                estilo.append(("SPAN", (inicio, 0), (len(arriba) - 1, 0)))
            else:
                estilo.append(("SPAN", (inicio, 0), (inicio, 1)))
        tabla = Table([arriba, abajo], colWidths=self.anchos)
        tabla.setStyle(
            TableStyle(
                [
                    *ESTILO_TABLA,
                    ("BACKGROUND", (0, 0), (-1, -1), GRIS_ETIQUETA),
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                    *estilo,
                ]
            )
        )
        return tabla

    def celda_inventario(self, texto: str, columna: int, *, centrada: bool = False):
        """``celda_ajustada`` for column ``columna`` of the inventory."""
        estilo = self.estilo_celda_centrada if centrada else self.estilo_celda
        return self.celda_ajustada(texto, self.anchos[columna], estilo)

    def filas_inventario(self) -> list[list[object]]:
        """One row per case file, each cell as its column says (``COLUMNAS``)."""
        filas = []
        for fila in self.fuid.filas:
            celdas: list[object] = []
            for indice, (columna, valor) in enumerate(
                zip(COLUMNAS, valores(fila), strict=True)
            ):
                texto = _texto(valor)
                if columna.celda_pdf == "ajustada" or (
                    columna.celda_pdf == "centrada" and texto
                ):
                    centrada = columna.celda_pdf == "centrada"
                    celdas.append(
                        self.celda_inventario(texto, indice, centrada=centrada)
                    )
                else:
                    celdas.append(texto)
            filas.append(celdas)
        return filas

    def tabla_filas(self, filas: list[list[object]]) -> Table:
        tabla = Table(filas, colWidths=self.anchos, splitInRow=PARTIR_FILA)
        tabla.setStyle(
            TableStyle(
                [
                    *ESTILO_TABLA,
                    ("FONTSIZE", (0, 0), (-1, -1), self.estilo_celda.fontSize),
                    ("LEADING", (0, 0), (-1, -1), self.estilo_celda.leading),
                    *[
                        ("ALIGN", (i, 0), (i, -1), "CENTER")
                        for i, columna in enumerate(COLUMNAS)
                        if columna.celda_pdf != "ajustada"
                    ],
                ]
            )
        )
        return tabla

    def tabla_inventario(self) -> tuple[list[Table], Table]:
        """One row per case file, in tables of ``filas_por_tabla`` rows that
        follow each other with no gap (a single table of 1,000 rows is laid out
        again from each page break on, as reportlab splits it page by page, which
        made a big inventory take many times as long); and apart, the last rows,
        which keep to the signature block so no page holds only the signatures.
        """
        filas = self.filas_inventario()
        if not filas:
            vacia = self.tabla_filas([["Sin expedientes.", *[""] * 12]])
            vacia.setStyle([("SPAN", (0, 0), (-1, 0))])
            return [], vacia
        cuerpo, ultimas = filas[:-3], filas[-3:]
        n = self.filas_por_tabla
        tablas = [self.tabla_filas(cuerpo[i : i + n]) for i in range(0, len(cuerpo), n)]
        return tablas, self.tabla_filas(ultimas)

    def tabla_firmas_fuid(self) -> Table:
        """ELABORADO POR | ENTREGADO POR | RECIBIDO POR: name, role, signature,
        place, date; blank where the snapshot has none, to fill in by hand."""
        firmas: list[tuple[str, Firma]] = [
            (rol, getattr(self.fuid, campo)) for rol, campo in FIRMAS
        ]
        etiqueta = 0.08 * self.ancho_util
        ancho = (self.ancho_util - 3 * etiqueta) / 3
        filas: list[list[object]] = []
        for nombre, atributo in CAMPOS_FIRMA:
            fila: list[object] = []
            for _rol, firma in firmas:
                if atributo is None:
                    valor: object = Spacer(0, 22)
                elif atributo == "fecha":
                    valor = self.celda_fuid(
                        fecha_o_guion(firma.fecha) if firma.fecha else ""
                    )
                else:
                    valor = parrafo(getattr(firma, atributo), self.estilo_celda)
                fila += [self._etiqueta_fuid(nombre), valor]
            filas.append(fila)
        cabeza: list[object] = []
        for rol, _firma in firmas:
            cabeza += [self._etiqueta_fuid(rol), ""]
        tabla = Table(
            [cabeza, *filas],
            colWidths=[etiqueta, ancho] * 3,
        )
        tabla.setStyle(
            TableStyle(
                [
                    *ESTILO_TABLA,
                    *[("SPAN", (c, 0), (c + 1, 0)) for c in (0, 2, 4)],
                    ("BACKGROUND", (0, 0), (-1, 0), GRIS_ETIQUETA),
                    *[
                        ("BACKGROUND", (c, 1), (c, -1), GRIS_ETIQUETA)
                        for c in (0, 2, 4)
                    ],
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ]
            )
        )
        return tabla


def render_fuid(fuid: Fuid) -> bytes:
    """The FUID as a landscape PDF (same snapshot, same bytes)."""
    return FuidRenderer(fuid).render()
