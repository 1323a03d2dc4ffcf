"""Activity 6: the *hoja de control* of a case file (``registros.HojaControl``), as
archivists know it from Acuerdo AGN 002 de 2014 (art. 12): who produced the file
(entity, unidad administrativa and oficina productora with their TRD codes), its
series and subseries, its name and number, its dates, where it is kept, then every
document in the order it joined the file with its folios, the total and who is
responsible.

Two uses, one layout:

* the record issued by ``services.archivo.solicitud_archivar`` (stored, with a
  verification code and QR, rendered after commit through ``RENDERERS``);
* the working copy printed while the case is open (``render_hoja_control`` of the
  snapshot ``services.archivo.hoja_control_borrador`` builds, never stored): no
  code, no QR, and "Copia de trabajo: no es un registro expedido" under the title
  and across every page.
"""

from __future__ import annotations

import dataclasses
import functools
from typing import ClassVar

from reportlab.lib import colors
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Spacer, Table

from procedimientos.pdf.base import parrafo
from procedimientos.pdf.maquetacion import ConCola

from ..constants import TipoDocumento
from ..registros import Comun, HojaControl
from .base import RegistroRenderer, fecha_o_guion

__all__ = ["HojaControlRenderer", "render_hoja_control"]

#: Printed on the working copy, boxed under the title and across each page.
COPIA_DE_TRABAJO = "Copia de trabajo: no es un registro expedido"


def _con_codigo(codigo: str, nombre: str) -> str:
    """ "100.31 · Secretaría de Planeación": a TRD name with its code first."""
    return " · ".join(parte for parte in (codigo, nombre) if parte) or "—"


class HojaControlRenderer(RegistroRenderer):
    tipo: ClassVar[str] = TipoDocumento.HOJA_CONTROL
    registro: HojaControl

    #: ÍTEM | FECHA | TIPO DOCUMENTAL | FOLIO DESDE | FOLIO HASTA | OBSERVACIONES.
    columnas: tuple[tuple[str, float], ...] = (
        ("ÍTEM", 0.07),
        ("FECHA", 0.12),
        ("TIPO DOCUMENTAL", 0.33),
        ("FOLIO DESDE", 0.1),
        ("FOLIO HASTA", 0.1),
        ("OBSERVACIONES", 0.28),
    )

    @property
    def expedida(self) -> bool:
        return self.registro.expedida

    @functools.cached_property
    def comun(self) -> Comun:
        """The working copy prints no code and no QR, whatever its snapshot says:
        only an issued record can be verified."""
        comun = self.registro.comun
        if self.expedida:
            return comun
        return dataclasses.replace(comun, codigo_verificacion="", url_verificacion="")

    @property
    def emitido_el(self) -> str:  # type: ignore[override]
        return "Expedido el" if self.expedida else "Copia impresa el"

    def get_asunto(self) -> str:
        asunto = super().get_asunto()
        return asunto if self.expedida else f"{asunto} · {COPIA_DE_TRABAJO}"

    @functools.cached_property
    def lineas_pie_registro(self) -> tuple[str, ...]:
        lineas = super().lineas_pie_registro
        if self.expedida:
            return lineas
        return (*lineas[:-1], f"{lineas[-1]} · {COPIA_DE_TRABAJO}")

    def titulo_registro(self) -> list[Flowable]:
        titulo = super().titulo_registro()
        if self.expedida:
            return titulo
        aviso = self.recuadro([parrafo(COPIA_DE_TRABAJO, self.estilo_titulo_tabla)])
        return [*titulo[:-1], Spacer(0, 4), aviso, titulo[-1]]

    def _pintar_pagina(self, canvas: Canvas, pagina: int, total: int) -> None:
        super()._pintar_pagina(canvas, pagina, total)
        if not self.expedida:
            self.dibujar_marca(canvas)

    def dibujar_marca(self, canvas: Canvas) -> None:
        """ "COPIA DE TRABAJO" in light grey across the page, over the text (it
        must show on a photocopy too; light enough to read through)."""
        canvas.saveState()
        canvas.setFillColor(colors.Color(0.6, 0.6, 0.6, alpha=0.25))
        canvas.setFont(self.fuente_negrita, 48)
        canvas.translate(self.pagesize[0] / 2, self.pagesize[1] / 2)
        canvas.rotate(35)
        canvas.drawCentredString(0, 0, "COPIA DE TRABAJO")
        canvas.restoreState()

    # --- the story ----------------------------------------------------------------

    def get_cuerpo(self) -> list[Flowable]:
        hoja = self.registro
        comun = self.comun
        entidad = comun.entidad[-1] if comun.entidad else self.entidad.nombre
        fecha_final = fecha_o_guion(hoja.fecha_final)
        if hoja.fecha_final is None:
            fecha_final = "— (expediente abierto)"
        return [
            self.tabla_seccion(
                "IDENTIFICACIÓN DEL EXPEDIENTE",
                [
                    [("ENTIDAD", entidad)],
                    [
                        (
                            "UNIDAD ADMINISTRATIVA",
                            _con_codigo(hoja.codigo_unidad, hoja.unidad_administrativa),
                        ),
                        (
                            "OFICINA PRODUCTORA",
                            _con_codigo(hoja.codigo_dependencia, hoja.dependencia),
                        ),
                    ],
                    [
                        ("SERIE", _con_codigo(hoja.codigo_serie, hoja.serie)),
                        ("SUBSERIE", _con_codigo(hoja.codigo_subserie, hoja.subserie)),
                    ],
                    [("NOMBRE DEL EXPEDIENTE", hoja.nombre_expediente)],
                    [
                        ("NÚMERO DEL EXPEDIENTE", comun.radicado),
                        (
                            "MUNICIPIO",
                            f"{comun.municipio} (DIVIPOLA {comun.codigo_divipola})",
                        ),
                    ],
                    [
                        ("FECHA INICIAL", fecha_o_guion(hoja.fecha_inicial)),
                        ("FECHA FINAL", fecha_final),
                    ],
                    [
                        ("UNIDAD DE CONSERVACIÓN", hoja.unidad_conservacion),
                        ("SOPORTE", hoja.soporte),
                    ],
                ],
            ),
            Spacer(0, 8),
            # The totals, the signature and the note go with the index's last rows.
            ConCola(
                self.tabla_indice(),
                [
                    Spacer(0, 4),
                    self.tabla_seccion(
                        None,
                        [
                            [
                                ("TOTAL DE DOCUMENTOS", len(hoja.filas)),
                                ("TOTAL DE FOLIOS", hoja.total_folios),
                            ]
                        ],
                    ),
                    Spacer(0, 8),
                    parrafo("Responsable:", self.estilo_etiqueta),
                    self.tabla_firmas([(comun.emitido_por, comun.cargo)], por_fila=2),
                    Spacer(0, 10),
                    self.nota_verificacion(),
                ],
            ),
        ]

    def tabla_indice(self) -> Table:
        """One row per document; the title and the column headings repeat on every
        page. Numbers and dates are plain strings, and so are the tipo documental
        and observations when they fit on one line (``celda_ajustada``: a
        500-document file lays out much faster); longer ones are escaped
        Paragraphs that wrap.
        """
        ancho_tipo, ancho_observaciones = (
            self.columnas[i][1] * self.ancho_util for i in (2, 5)
        )
        filas = [
            [
                str(fila.item),
                fecha_o_guion(fila.fecha),
                self.celda_ajustada(fila.tipo_documental, ancho_tipo),
                "—" if fila.folio_desde is None else str(fila.folio_desde),
                "—" if fila.folio_hasta is None else str(fila.folio_hasta),
                self.celda_ajustada(fila.observaciones, ancho_observaciones, vacio=""),
            ]
            for fila in self.registro.filas
        ]
        return self.tabla_listado(
            "ÍNDICE DE DOCUMENTOS DEL EXPEDIENTE",
            list(self.columnas),
            filas,
            vacio="El expediente aún no tiene documentos.",
            extra=[
                ("FONTNAME", (0, 2), (-1, -1), self.fuente),
                ("FONTSIZE", (0, 2), (-1, -1), self.estilo_texto.fontSize),
                ("ALIGN", (0, 2), (1, -1), "CENTER"),
                ("ALIGN", (3, 2), (4, -1), "CENTER"),
            ],
        )


def render_hoja_control(hoja: HojaControl) -> bytes:
    """The PDF of a hoja de control snapshot that is not stored: the working copy
    of an open case (``hoja_control_borrador``), or any snapshot in memory. Reads
    nothing but ``hoja``; the same snapshot gives the same bytes."""
    return HojaControlRenderer.desde_registro(hoja).render()
