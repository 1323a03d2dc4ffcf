"""The *constancia de radicación*: the first record of a case (activity 1).

``ConstanciaRenderer(documento).render()`` prints the receipt from
``documento.datos``, the snapshot ``services.datos_constancia`` copies when the
request is filed. Nothing here reads the live request or municipality: a receipt
rendered again next year says what it said on the day of filing (DESIGN.md,
decision 9). The only other source is the ``Entidad`` setting of the header and
footer, as for every official PDF. Called by ``tasks.generar_documento`` through
``renderer_para``.

The access code for public tracking is never printed: it is shown once on screen
and stored hashed; this document is e-mailed and downloaded.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from io import BytesIO
from typing import TYPE_CHECKING, Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    KeepTogether,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from django.conf import settings
from django.utils import timezone

from procedimientos.pdf.base import (
    GRIS_ETIQUETA,
    GRIS_TEXTO,
    BaseRenderer,
    Encabezado,
    fecha_corta,
    parrafo,
)

if TYPE_CHECKING:
    from ..models import Documento

__all__ = ["ConstanciaRenderer"]

#: Thin black grid of the data tables, as in the procedure's own PDF.
ESTILO_TABLA = [
    ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ("LEFTPADDING", (0, 0), (-1, -1), 4),
    ("RIGHTPADDING", (0, 0), (-1, -1), 4),
    ("TOPPADDING", (0, 0), (-1, -1), 3),
    ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
]
#: A table row taller than the space left may break inside (a very long subject).
PARTIR_FILA = 40
#: Characters of a SHA-256 per printed line: two lines of 32 fit a narrow column
#: and are still easy to compare with ``sha256sum``.
HUELLA_POR_LINEA = 32


def _huella(sha256: str) -> str:
    """The hex digest in lines of ``HUELLA_POR_LINEA`` characters."""
    return "\n".join(
        sha256[i : i + HUELLA_POR_LINEA]
        for i in range(0, len(sha256), HUELLA_POR_LINEA)
    )


class ConstanciaRenderer(BaseRenderer):
    """The receipt of a filed request, from its ``Documento``'s snapshot."""

    #: "CONSTANCIA DE RADICACIÓN" over the body.
    estilo_titulo_documento = ParagraphStyle(
        "titulo_documento",
        fontName=BaseRenderer.fuente_negrita,
        fontSize=14,
        leading=17,
        alignment=TA_CENTER,
        spaceAfter=2,
    )
    estilo_subtitulo = ParagraphStyle(
        "subtitulo",
        parent=BaseRenderer.estilo_texto,
        alignment=TA_CENTER,
        textColor=GRIS_TEXTO,
    )
    #: The radicado number, large: what the municipality quotes from now on.
    estilo_radicado = ParagraphStyle(
        "radicado",
        fontName=BaseRenderer.fuente_negrita,
        fontSize=20,
        leading=24,
        alignment=TA_CENTER,
    )
    estilo_radicado_etiqueta = ParagraphStyle(
        "radicado_etiqueta",
        parent=BaseRenderer.estilo_etiqueta,
        fontSize=7.5,
        leading=9,
        alignment=TA_CENTER,
    )
    estilo_centrado = ParagraphStyle(
        "centrado", parent=BaseRenderer.estilo_texto, alignment=TA_CENTER
    )
    #: SHA-256 digests: monospace, so two digests line up character by character.
    estilo_huella = ParagraphStyle(
        "huella", fontName="Courier", fontSize=7.5, leading=9
    )
    estilo_nota = ParagraphStyle("nota", parent=BaseRenderer.estilo_texto, spaceAfter=3)
    estilo_pie_nota = ParagraphStyle(
        "pie_nota",
        parent=BaseRenderer.estilo_texto,
        fontSize=7,
        leading=8.5,
        textColor=GRIS_TEXTO,
    )
    #: Width of the grey label columns, as a fraction of the frame.
    columna_etiqueta: float = 0.2
    #: DOCUMENTOS RECIBIDOS: No., TIPO, NOMBRE DEL ARCHIVO, PÁGS., SHA-256 (the
    #: last one fits 32 Courier characters).
    columnas_archivos: tuple[float, ...] = (0.05, 0.17, 0.41, 0.065, 0.305)

    def __init__(self, documento: Documento) -> None:
        self.documento = documento
        #: The snapshot, and nothing else of the case.
        self.datos: Mapping[str, Any] = documento.datos or {}

    # --- header and metadata -----------------------------------------------------

    def get_encabezado(self) -> Encabezado:
        procedimiento = self.datos["procedimiento"]
        fecha = procedimiento.get("fecha_aprobacion")
        return Encabezado(
            titulo=procedimiento["titulo"],
            codigo=procedimiento["codigo"],
            version=procedimiento["version"],
            fecha_aprobacion=datetime.date.fromisoformat(fecha) if fecha else None,
            entidad=self.lineas_entidad(),
        )

    def get_asunto(self) -> str:
        return f"Constancia de radicación {self.datos['radicado']}"

    def get_documento(self, destino: BytesIO) -> BaseDocTemplate:
        documento = super().get_documento(destino)
        documento.title = f"Constancia de radicación {self.datos['radicado']}"
        return documento

    # --- body --------------------------------------------------------------------

    def get_story(self) -> list[Flowable]:
        datos = self.datos
        return [
            parrafo("CONSTANCIA DE RADICACIÓN", self.estilo_titulo_documento),
            parrafo(
                "Solicitud de asesoría y asistencia técnica en el plan de "
                "ordenamiento territorial",
                self.estilo_subtitulo,
            ),
            Spacer(0, 8),
            self.tabla_radicado(),
            Spacer(0, 8),
            self.tabla_solicitud(),
            Spacer(0, 8),
            self.tabla_solicitante(),
            Spacer(0, 8),
            self.tabla_plazo(),
            Spacer(0, 8),
            self.tabla_archivos(datos.get("archivos") or []),
            Spacer(0, 10),
            KeepTogether(self.nota_seguimiento()),
        ]

    def _etiqueta(self, texto: str) -> Paragraph:
        return parrafo(texto, self.estilo_etiqueta)

    def _texto(self, texto: object) -> Paragraph:
        return parrafo(texto if texto not in (None, "") else "—", self.estilo_texto)

    def _titulo_seccion(self, texto: str, columnas: int) -> list[object]:
        return [parrafo(texto, self.estilo_titulo_tabla), *[""] * (columnas - 1)]

    def _anchos_etiquetados(self) -> list[float]:
        etiqueta = self.columna_etiqueta * self.ancho_util
        valor = (self.ancho_util - 2 * etiqueta) / 2
        return [etiqueta, valor, etiqueta, valor]

    def _tabla_seccion(self, filas: list[list[object]], extra: Sequence) -> Table:
        """Four columns (label, value, label, value) under a grey title row."""
        tabla = Table(
            filas, colWidths=self._anchos_etiquetados(), splitInRow=PARTIR_FILA
        )
        tabla.setStyle(
            TableStyle(
                [
                    *ESTILO_TABLA,
                    ("SPAN", (0, 0), (-1, 0)),
                    ("BACKGROUND", (0, 0), (-1, 0), GRIS_ETIQUETA),
                    ("BACKGROUND", (0, 1), (0, -1), GRIS_ETIQUETA),
                    *extra,
                ]
            )
        )
        return tabla

    def fecha_hora_radicacion(self) -> str:
        """dd/mm/yyyy hh:mm in Bogotá, whatever the time zone of the process."""
        radicada_en = datetime.datetime.fromisoformat(self.datos["radicada_en"])
        local = timezone.localtime(radicada_en, timezone.get_default_timezone())
        return local.strftime("%d/%m/%Y %H:%M")

    def tabla_radicado(self) -> Table:
        """RADICADO No. in large type, beside the date, time and channel."""
        datos = self.datos
        ancho = self.ancho_util
        filas = [
            [
                [
                    parrafo("RADICADO No.", self.estilo_radicado_etiqueta),
                    parrafo(datos["radicado"], self.estilo_radicado),
                ],
                self._etiqueta("FECHA Y HORA DE RADICACIÓN"),
                self._texto(f"{self.fecha_hora_radicacion()} (hora de Colombia)"),
            ],
            ["", self._etiqueta("CANAL"), self._texto(datos.get("canal"))],
        ]
        tabla = Table(filas, colWidths=[0.4 * ancho, 0.25 * ancho, 0.35 * ancho])
        tabla.setStyle(
            TableStyle(
                [
                    *ESTILO_TABLA,
                    ("SPAN", (0, 0), (0, -1)),
                    ("BOX", (0, 0), (0, -1), 1.25, colors.black),
                    ("BACKGROUND", (1, 0), (1, -1), GRIS_ETIQUETA),
                    ("TOPPADDING", (1, 0), (-1, -1), 6),
                    ("BOTTOMPADDING", (1, 0), (-1, -1), 7),
                ]
            )
        )
        return tabla

    def tabla_solicitud(self) -> Table:
        """DATOS DE LA SOLICITUD: municipality, plan, what is requested, subject."""
        datos = self.datos
        municipio = datos.get("municipio") or "—"
        if datos.get("codigo_divipola"):
            municipio = f"{municipio} (DIVIPOLA {datos['codigo_divipola']})"
        tipo = datos.get("tipo_solicitud") or "—"
        if datos.get("tipo_solicitud_otra"):
            tipo = f"{tipo}: {datos['tipo_solicitud_otra']}"
        filas: list[list[object]] = [
            self._titulo_seccion("DATOS DE LA SOLICITUD", 4),
            [self._etiqueta("MUNICIPIO"), self._texto(municipio), "", ""],
            [
                self._etiqueta("PLAN VIGENTE"),
                self._texto(datos.get("plan_vigente")),
                self._etiqueta("QUÉ SOLICITA"),
                self._texto(tipo),
            ],
            [self._etiqueta("ASUNTO"), self._texto(datos.get("asunto")), "", ""],
        ]
        return self._tabla_seccion(
            filas,
            [
                ("SPAN", (1, 1), (3, 1)),
                ("BACKGROUND", (2, 2), (2, 2), GRIS_ETIQUETA),
                ("SPAN", (1, 3), (3, 3)),
            ],
        )

    def tabla_solicitante(self) -> Table:
        """SOLICITANTE: name and role, e-mail and phone."""
        solicitante = self.datos.get("solicitante") or {}
        filas: list[list[object]] = [
            self._titulo_seccion("SOLICITANTE", 4),
            [
                self._etiqueta("NOMBRE"),
                self._texto(solicitante.get("nombre")),
                self._etiqueta("CARGO"),
                self._texto(solicitante.get("cargo")),
            ],
            [
                self._etiqueta("CORREO ELECTRÓNICO"),
                self._texto(solicitante.get("correo")),
                self._etiqueta("TELÉFONO"),
                self._texto(solicitante.get("telefono")),
            ],
        ]
        return self._tabla_seccion(
            filas, [("BACKGROUND", (2, 1), (2, -1), GRIS_ETIQUETA)]
        )

    def tabla_plazo(self) -> Table:
        """TÉRMINO DE RESPUESTA: the deadline and how it is counted."""
        datos = self.datos
        limite = datos.get("fecha_limite")
        fecha = fecha_corta(datetime.date.fromisoformat(limite)) if limite else "—"
        dias = datos.get("dias_respuesta")
        termino = (
            f"{dias} días hábiles, contados desde el día hábil siguiente a la "
            "radicación (Ley 1755 de 2015, art. 14)."
            if dias
            else "—"
        )
        filas: list[list[object]] = [
            self._titulo_seccion("TÉRMINO DE RESPUESTA", 4),
            [
                self._etiqueta("FECHA LÍMITE"),
                parrafo(fecha, self.estilo_etiqueta),
                self._etiqueta("TÉRMINO"),
                self._texto(termino),
            ],
        ]
        return self._tabla_seccion(
            filas, [("BACKGROUND", (2, 1), (2, 1), GRIS_ETIQUETA)]
        )

    def tabla_archivos(self, archivos: Sequence[Mapping[str, Any]]) -> Table:
        """DOCUMENTOS RECIBIDOS: each file with its pages and SHA-256 fingerprint."""
        columna = self.estilo_columna
        filas: list[list[object]] = [
            self._titulo_seccion("DOCUMENTOS RECIBIDOS", 5),
            [
                parrafo(titulo, columna)
                for titulo in (
                    "No.",
                    "TIPO",
                    "NOMBRE DEL ARCHIVO",
                    "PÁGS.",
                    "HUELLA SHA-256",
                )
            ],
        ]
        for numero, archivo in enumerate(archivos, start=1):
            filas.append(
                [
                    parrafo(numero, self.estilo_centrado),
                    self._texto(archivo.get("tipo")),
                    self._texto(archivo.get("nombre")),
                    parrafo(archivo.get("paginas") or "—", self.estilo_centrado),
                    parrafo(_huella(archivo.get("sha256") or ""), self.estilo_huella),
                ]
            )
        extra = []
        if not archivos:
            filas.append([self._texto("Sin documentos."), "", "", "", ""])
            extra.append(("SPAN", (0, 2), (-1, 2)))
        tabla = Table(
            filas,
            colWidths=[f * self.ancho_util for f in self.columnas_archivos],
            repeatRows=2,
            splitInRow=PARTIR_FILA,
        )
        tabla.setStyle(
            TableStyle(
                [
                    *ESTILO_TABLA,
                    ("SPAN", (0, 0), (-1, 0)),
                    ("BACKGROUND", (0, 0), (-1, 1), GRIS_ETIQUETA),
                    *extra,
                ]
            )
        )
        return tabla

    def nota_seguimiento(self) -> list[Flowable]:
        """How to follow the request; the access code is deliberately absent."""
        datos = self.datos
        radicado = datos["radicado"]
        portal = (datos.get("url_portal") or settings.WAGTAILADMIN_BASE_URL).rstrip("/")
        procedimiento = datos["procedimiento"]
        nota = self.estilo_nota
        return [
            parrafo("SEGUIMIENTO DE LA SOLICITUD", self.estilo_etiqueta),
            Spacer(0, 3),
            parrafo(
                f"Con la cuenta del municipio, en {portal}/solicitudes/{radicado}/ "
                "puede ver el avance de cada actividad y descargar los documentos "
                "que se le expidan.",
                nota,
                negrita="En el portal: ",
            ),
            parrafo(
                f"En {portal}/consulta/, con el número de radicado {radicado} y el "
                "código de acceso que se mostró una sola vez al radicar. Por "
                "seguridad, el código no figura en esta constancia ni en los "
                "correos: guárdelo en un lugar seguro y no lo comparta.",
                nota,
                negrita="Sin cuenta: ",
            ),
            parrafo(
                "Cite siempre el número de radicado. La solicitud se tramita según "
                f"el procedimiento {procedimiento['codigo']}, versión "
                f"{procedimiento['version']}, vigente al momento de radicar.",
                nota,
            ),
            Spacer(0, 4),
            parrafo(
                "Constancia expedida electrónicamente; no requiere firma. Cada "
                "documento recibido se identifica por su huella SHA-256: un archivo "
                "con otra huella no es el que se radicó. Los datos personales se "
                "tratan conforme a la Ley 1581 de 2012.",
                self.estilo_pie_nota,
            ),
        ]
