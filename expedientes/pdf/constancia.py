"""The *constancia de radicación*: the first record of a case (activity 1).

``ConstanciaRenderer(documento).render()`` prints the receipt from its snapshot,
``registros.Constancia``, which ``services.datos_constancia`` copies when the
request is filed; it stands on the record base (``pdf/base.py``) like every other
record: official header, footer with radicado, verification code and QR code.
Nothing here reads the live request or municipality: a receipt rendered again next
year says what it said on the day of filing (DESIGN.md, decision 9). Receipts
stored before the snapshot carried the entity's lines and a verification code take
the lines from the ``Entidad`` setting and print no code. Called by
``tasks.generar_documento`` through ``renderer_para``.

The access code for public tracking is never printed: it is shown once on screen
and stored hashed; this document is e-mailed and downloaded.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table, TableStyle

from django.conf import settings

from procedimientos.pdf.base import (
    ESTILO_TABLA,
    GRIS_ETIQUETA,
    BaseRenderer,
    fecha_corta,
    parrafo,
)

from ..constants import Canal, TipoDocumento
from ..registros import ArchivoRecibido, Constancia
from .base import RegistroRenderer, fecha_hora

__all__ = ["ConstanciaRenderer"]

#: Characters of a SHA-256 per printed line: two lines of 32 fit a narrow column
#: and are still easy to compare with ``sha256sum``.
HUELLA_POR_LINEA = 32


def _huella(sha256: str) -> str:
    """The hex digest in lines of ``HUELLA_POR_LINEA`` characters."""
    return "\n".join(
        sha256[i : i + HUELLA_POR_LINEA]
        for i in range(0, len(sha256), HUELLA_POR_LINEA)
    )


class ConstanciaRenderer(RegistroRenderer):
    """The receipt of a filed request, from its ``Documento``'s snapshot."""

    tipo: ClassVar[str] = TipoDocumento.CONSTANCIA_RADICACION
    registro: Constancia

    #: "CONSTANCIA DE RADICACIÓN" over the body.
    estilo_titulo_registro = ParagraphStyle(
        "titulo_constancia",
        parent=RegistroRenderer.estilo_titulo_registro,
        fontSize=14,
        leading=17,
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
    #: SHA-256 digests: monospace, so two digests line up character by character.
    estilo_huella = ParagraphStyle(
        "huella", fontName="Courier", fontSize=7.5, leading=9
    )
    estilo_nota_seguimiento = ParagraphStyle(
        "nota_seguimiento", parent=BaseRenderer.estilo_texto, spaceAfter=3
    )
    #: DOCUMENTOS RECIBIDOS: No., TIPO, NOMBRE DEL ARCHIVO, PÁGS., SHA-256 (the
    #: last one fits 32 Courier characters).
    columnas_archivos: tuple[float, ...] = (0.05, 0.17, 0.41, 0.065, 0.305)
    #: Between the receipt's tables: tight enough that a filing with its
    #: description and one file still fits on one page.
    separacion_tablas: float = 6

    def get_asunto(self) -> str:
        return f"Constancia de radicación {self.registro.radicado}"

    def donde_codigo(self) -> str:
        """Where the requester finds the access code: a paper request's requester
        never saw the clerk's screen, only the sheet printed for them
        (``pdf/hoja_acceso.py``)."""
        # The snapshot keeps the channel's label ("Ventanilla única (en papel)").
        if self.registro.canal in (Canal.VENTANILLA, str(Canal.VENTANILLA.label)):
            return (
                "que figura en la hoja de acceso impresa que le entregaron en la "
                "Ventanilla única"
            )
        return "que se mostró una sola vez al radicar"

    # --- body --------------------------------------------------------------------

    def titulo_registro(self) -> list[Flowable]:
        """The receipt names the service instead of repeating the radicado, which
        its first table prints large."""
        return [
            parrafo(self.comun.titulo, self.estilo_titulo_registro),
            parrafo(
                "Solicitud de asesoría y asistencia técnica en el plan de "
                "ordenamiento territorial",
                self.estilo_subtitulo,
            ),
            Spacer(0, self.separacion_tablas),
        ]

    def get_cuerpo(self) -> list[Flowable]:
        return [
            self.tabla_radicado(),
            Spacer(0, self.separacion_tablas),
            self.tabla_solicitud(),
            Spacer(0, self.separacion_tablas),
            self.tabla_solicitante(),
            Spacer(0, self.separacion_tablas),
            self.tabla_plazo(),
            Spacer(0, self.separacion_tablas),
            self.tabla_archivos(self.registro.archivos),
            Spacer(0, self.separacion_tablas),
            # How to follow the request, with the small print at its foot: kept
            # together, not with the table (a table of one file cannot split,
            # and moving it would leave half a page blank).
            KeepTogether(self.nota_seguimiento()),
        ]

    def tabla_radicado(self) -> Table:
        """RADICADO No. in large type, beside the date, time, channel and, when
        the receipt has one, its verification code."""
        constancia = self.registro
        ancho = self.ancho_util
        filas: list[list[object]] = [
            [
                [
                    parrafo("RADICADO No.", self.estilo_radicado_etiqueta),
                    parrafo(constancia.radicado, self.estilo_radicado),
                ],
                self.celda_etiqueta("FECHA Y HORA DE RADICACIÓN"),
                self.celda_texto(
                    f"{fecha_hora(constancia.radicada_en)} (hora de Colombia)"
                ),
            ],
            ["", self.celda_etiqueta("CANAL"), self.celda_texto(constancia.canal)],
        ]
        if constancia.codigo_verificacion:
            filas.append(
                [
                    "",
                    self.celda_etiqueta("CÓDIGO DE VERIFICACIÓN"),
                    self.celda_texto(constancia.codigo_verificacion),
                ]
            )
        tabla = Table(filas, colWidths=[0.4 * ancho, 0.25 * ancho, 0.35 * ancho])
        tabla.setStyle(
            TableStyle(
                [
                    *ESTILO_TABLA,
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                    ("SPAN", (0, 0), (0, -1)),
                    ("BOX", (0, 0), (0, -1), 1.25, colors.black),
                    ("BACKGROUND", (1, 0), (1, -1), GRIS_ETIQUETA),
                    ("TOPPADDING", (1, 0), (-1, -1), 4),
                    ("BOTTOMPADDING", (1, 0), (-1, -1), 5),
                ]
            )
        )
        return tabla

    def tabla_solicitud(self) -> Table:
        """DATOS DE LA SOLICITUD: municipality, plan, what is requested, subject
        and description (up to 4,000 characters, in rows that break between pages;
        a receipt stored before it carried one prints none)."""
        constancia = self.registro
        municipio = constancia.municipio or "—"
        if constancia.codigo_divipola:
            municipio = f"{municipio} (DIVIPOLA {constancia.codigo_divipola})"
        tipo = constancia.tipo_solicitud or "—"
        if constancia.tipo_solicitud_otra:
            tipo = f"{tipo}: {constancia.tipo_solicitud_otra}"
        return self.tabla_seccion(
            "DATOS DE LA SOLICITUD",
            [
                [("MUNICIPIO", municipio)],
                [("PLAN VIGENTE", constancia.plan_vigente), ("QUÉ SOLICITA", tipo)],
                [("ASUNTO", constancia.asunto)],
                *(
                    [[("DESCRIPCIÓN", constancia.descripcion)]]
                    if constancia.descripcion
                    else []
                ),
            ],
        )

    def tabla_solicitante(self) -> Table:
        """SOLICITANTE: name and role, e-mail and phone."""
        solicitante = self.registro.solicitante
        return self.tabla_seccion(
            "SOLICITANTE",
            [
                [("NOMBRE", solicitante.nombre), ("CARGO", solicitante.cargo)],
                [
                    ("CORREO ELECTRÓNICO", solicitante.correo),
                    ("TELÉFONO", solicitante.telefono),
                ],
            ],
        )

    def tabla_plazo(self) -> Table:
        """TÉRMINO DE RESPUESTA: the deadline and how it is counted."""
        constancia = self.registro
        limite = constancia.fecha_limite
        dias = constancia.dias_respuesta
        termino = (
            f"{dias} días hábiles, contados desde el día hábil siguiente a la "
            "radicación (Ley 1755 de 2015, art. 14)."
            if dias
            else "—"
        )
        return self.tabla_seccion(
            "TÉRMINO DE RESPUESTA",
            [
                [
                    (
                        "FECHA LÍMITE",
                        parrafo(
                            fecha_corta(limite) if limite else "—",
                            self.estilo_etiqueta,
                        ),
                    ),
                    ("TÉRMINO", termino),
                ]
            ],
        )

    def tabla_archivos(self, archivos: Sequence[ArchivoRecibido]) -> Table:
        """DOCUMENTOS RECIBIDOS: each file with its pages and SHA-256 fingerprint.

        Number, pages and digest are plain table strings (no markup to parse, and
        nothing of the user's): a filing with many annexes lays out faster.
        """
        encabezados = ("No.", "TIPO", "NOMBRE DEL ARCHIVO", "PÁGS.", "HUELLA SHA-256")
        return self.tabla_listado(
            "DOCUMENTOS RECIBIDOS",
            list(zip(encabezados, self.columnas_archivos, strict=True)),
            [
                [
                    str(numero),
                    self.celda_texto(archivo.tipo),
                    self.celda_texto(archivo.nombre),
                    str(archivo.paginas or "—"),
                    _huella(archivo.sha256 or ""),
                ]
                for numero, archivo in enumerate(archivos, start=1)
            ],
            vacio="Sin documentos.",
            extra=[
                ("FONTNAME", (0, 2), (3, -1), self.fuente),
                ("FONTSIZE", (0, 2), (3, -1), self.estilo_texto.fontSize),
                ("ALIGN", (0, 2), (0, -1), "CENTER"),
                ("ALIGN", (3, 2), (3, -1), "CENTER"),
                ("FONTNAME", (4, 2), (4, -1), self.estilo_huella.fontName),
                ("FONTSIZE", (4, 2), (4, -1), self.estilo_huella.fontSize),
                ("LEADING", (4, 2), (4, -1), self.estilo_huella.leading),
            ],
        )

    def nota_seguimiento(self) -> list[Flowable]:
        """How to follow the request; the access code is deliberately absent."""
        constancia = self.registro
        radicado = constancia.radicado
        portal = (constancia.url_portal or settings.WAGTAILADMIN_BASE_URL).rstrip("/")
        procedimiento = constancia.procedimiento
        nota = self.estilo_nota_seguimiento
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
                f"código de acceso {self.donde_codigo()}. Por seguridad, el código "
                "no figura en esta constancia ni en los correos: guárdelo en un "
                "lugar seguro y no lo comparta.",
                nota,
                negrita="Sin cuenta: ",
            ),
            parrafo(
                "Cite siempre el número de radicado. La solicitud se tramita según "
                f"el procedimiento {procedimiento.codigo}, versión "
                f"{procedimiento.version}, vigente al momento de radicar.",
                nota,
            ),
            Spacer(0, 4),
            parrafo(
                "Constancia expedida electrónicamente; no requiere firma. Cada "
                "documento recibido se identifica por su huella SHA-256: un archivo "
                "con otra huella no es el que se radicó. Los datos personales se "
                "tratan conforme a la Ley 1581 de 2012.",
                self.estilo_nota,
            ),
        ]
