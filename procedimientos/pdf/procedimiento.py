"""The official PDF of a procedure: the live page (``pdf/``) or any formal version
(``version/<n>/pdf/``), served by ``views.py``.

It follows the layout of the printed format (``shared/seed/ES-PE-PR-31.txt``): the
identification table (PROCESO, SECRETARÍA U OFICINA, PROCEDIMIENTO, OBJETIVO,
ALCANCE), the flowchart, the ACTIVIDADES table, SALIDA, DEFINICIONES,
OBSERVACIONES and CONTROL DE CAMBIOS, under the official header of ``base.py``.
Everything comes from a ``versiones.Contenido`` (a frozen version, or one copied from
the live page by ``contenido_de_pagina``): no query but the entity's settings.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import TYPE_CHECKING

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from ..flujograma import disenar_flujograma
from .base import (
    ESTILO_TABLA,
    GRIS_ETIQUETA,
    PARTIR_FILA,
    BaseRenderer,
    Encabezado,
    fecha_corta,
    lineas,
    parrafo,
)
from .flujograma import FlujogramaPDF

if TYPE_CHECKING:
    from ..models import Entidad
    from ..versiones import Actividad, Cambio, Contenido, Persona

__all__ = ["ProcedimientoRenderer"]


class ProcedimientoRenderer(BaseRenderer):
    """``ProcedimientoRenderer(contenido).render()``: the procedure as an official PDF.

    ``contenido`` is a ``versiones.Contenido``; for a page, pass ``pagina.contenido``.
    """

    #: Several people in one REVISÓ / APROBÓ cell, a little apart.
    estilo_persona = ParagraphStyle(
        "persona", parent=BaseRenderer.estilo_item, fontSize=8, spaceAfter=4
    )
    #: Columns of ACTIVIDADES as fractions of the frame: No., ACTIVIDAD, ÁREA, CARGO,
    #: PUNTOS DE CONTROL, REGISTROS.
    columnas_actividades: tuple[float, ...] = (0.05, 0.29, 0.17, 0.17, 0.16, 0.16)
    #: Columns of CONTROL DE CAMBIOS: VERSIÓN, FECHA, DESCRIPCIÓN, REVISÓ, APROBÓ.
    columnas_cambios: tuple[float, ...] = (0.09, 0.11, 0.28, 0.26, 0.26)

    def __init__(self, contenido: Contenido) -> None:
        self.contenido = contenido

    @functools.cached_property
    def entidad(self) -> Entidad:
        """The issuing entity (site setting), read once per render."""
        # Read when rendering, not imported with the module: the page models
        # import the views that serve this PDF.
        from ..models import Entidad

        return Entidad.load()

    def get_encabezado(self) -> Encabezado:
        contenido = self.contenido
        return Encabezado(
            titulo=contenido.titulo,
            codigo=contenido.codigo,
            version=contenido.version,
            fecha_aprobacion=contenido.fecha_aprobacion,
            entidad=self.entidad.lineas_encabezado(),
        )

    def get_autor(self) -> str:
        return self.entidad.nombre

    def lineas_pie(self) -> tuple[str, ...]:
        return self.entidad.lineas_pie()

    def get_asunto(self) -> str:
        return self.contenido.procedimiento

    def get_story(self) -> list[Flowable]:
        actividades = self.contenido.actividades
        return [
            self.tabla_identificacion(),
            Spacer(0, 8),
            FlujogramaPDF.para_marco(
                disenar_flujograma(actividades), self.ancho_util, self.alto_util
            ),
            Spacer(0, 8),
            self.tabla_actividades(actividades),
            Spacer(0, 8),
            self.tabla_cierre(),
            Spacer(0, 8),
            self.tabla_control_cambios(self.contenido.control_cambios),
        ]

    # --- sections ----------------------------------------------------------------

    def _etiqueta(self, texto: str) -> Paragraph:
        return self.celda_etiqueta(texto)

    def _texto(self, texto: str) -> Paragraph:
        return self.celda_texto(texto, vacio="")

    def tabla_identificacion(self) -> Table:
        """PROCESO / SECRETARÍA U OFICINA, then PROCEDIMIENTO, OBJETIVO, ALCANCE."""
        contenido = self.contenido
        filas: list[list[object]] = [
            [
                self._etiqueta("PROCESO"),
                self._texto(contenido.proceso),
                self._etiqueta("SECRETARÍA U OFICINA"),
                self._texto(contenido.secretaria),
            ],
        ]
        for etiqueta, valor in (
            ("PROCEDIMIENTO", contenido.procedimiento),
            ("OBJETIVO", contenido.objetivo),
            ("ALCANCE", contenido.alcance),
        ):
            filas.append([self._etiqueta(etiqueta), self._texto(valor), "", ""])
        return self.tabla_etiquetada(
            filas,
            [
                ("BACKGROUND", (2, 0), (2, 0), GRIS_ETIQUETA),
                ("SPAN", (1, 1), (3, 1)),
                ("SPAN", (1, 2), (3, 2)),
                ("SPAN", (1, 3), (3, 3)),
            ],
        )

    def tabla_actividades(self, actividades: Sequence[Actividad]) -> Table:
        """ACTIVIDADES, RESPONSABLES over ÁREA and CARGO; both heading rows repeat."""
        columna = self.estilo_columna
        texto = self.estilo_texto
        item = self.estilo_item
        filas: list[list[object]] = [
            [
                parrafo("No.", columna),
                parrafo("ACTIVIDAD", columna),
                parrafo("RESPONSABLES", columna),
                "",
                parrafo("PUNTOS DE CONTROL", columna),
                parrafo("REGISTROS", columna),
            ],
            ["", "", parrafo("ÁREA", columna), parrafo("CARGO", columna), "", ""],
        ]
        for actividad in actividades:
            filas.append(
                [
                    parrafo(actividad.numero, columna),
                    parrafo(actividad.descripcion, texto),
                    lineas(actividad.dependencias, item),
                    lineas(actividad.cargos, item),
                    lineas(actividad.puntos_de_control, item),
                    lineas([str(registro) for registro in actividad.registros], item),
                ]
            )
        extra = []
        if not actividades:
            filas.append([self._texto("Sin actividades registradas."), *[""] * 5])
            extra.append(("SPAN", (0, 2), (-1, 2)))
        tabla = Table(
            filas,
            colWidths=[f * self.ancho_util for f in self.columnas_actividades],
            repeatRows=2,
            splitInRow=PARTIR_FILA,
        )
        tabla.setStyle(
            TableStyle(
                [
                    *ESTILO_TABLA,
                    ("SPAN", (0, 0), (0, 1)),
                    ("SPAN", (1, 0), (1, 1)),
                    ("SPAN", (2, 0), (3, 0)),
                    ("SPAN", (4, 0), (4, 1)),
                    ("SPAN", (5, 0), (5, 1)),
                    ("BACKGROUND", (0, 0), (-1, 1), GRIS_ETIQUETA),
                    ("VALIGN", (0, 0), (-1, 1), "MIDDLE"),
                    *extra,
                ]
            )
        )
        return tabla

    def tabla_cierre(self) -> Table:
        """SALIDA DE LA ACTIVIDAD, DEFINICIONES (term: text) and OBSERVACIONES."""
        contenido = self.contenido
        definiciones = [
            parrafo(
                definicion.definicion,
                self.estilo_item,
                negrita=f"{definicion.termino}: ",
            )
            for definicion in contenido.definiciones
        ] or [self._texto("Sin definiciones.")]
        filas: list[list[object]] = [
            [
                self._etiqueta("SALIDA DE LA ACTIVIDAD"),
                self._texto(contenido.salida or "—"),
            ],
            [self._etiqueta("DEFINICIONES"), definiciones],
            [
                self._etiqueta("OBSERVACIONES"),
                self._texto(contenido.observaciones or "Sin observaciones."),
            ],
        ]
        return self.tabla_etiquetada(filas, [])

    def tabla_control_cambios(self, cambios: Sequence[Cambio]) -> Table:
        """CONTROL DE CAMBIOS: a row per formal version, who reviewed and approved."""
        columna = self.estilo_columna
        filas = [
            [
                parrafo(cambio.version, columna),
                parrafo(fecha_corta(cambio.fecha), self.estilo_texto),
                parrafo(cambio.descripcion, self.estilo_texto),
                self._personas(cambio.revisaron),
                self._personas(cambio.aprobaron),
            ]
            for cambio in cambios
        ]
        encabezados = (
            "VERSIÓN",
            "FECHA",
            "DESCRIPCIÓN DEL CAMBIO",
            "REVISÓ",
            "APROBÓ",
        )
        return self.tabla_listado(
            "CONTROL DE CAMBIOS",
            list(zip(encabezados, self.columnas_cambios, strict=True)),
            filas,
            vacio="Sin versiones registradas.",
        )

    def _personas(self, personas: Sequence[Persona]) -> list[Paragraph]:
        """NOMBRE in bold over its cargo, for each reviewer or approver."""
        return [
            parrafo(persona.cargo, self.estilo_persona, negrita=f"{persona.nombre}\n")
            for persona in personas
        ]
