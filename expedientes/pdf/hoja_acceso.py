"""The *hoja de acceso*: the printed sheet the Ventanilla única hands to whoever
files a request on paper, with the access code for public tracking.

Rendered on the fly by ``ventanilla.HojaAccesoView`` right after filing and never
stored: the access code exists in plaintext only in the clerk's browser and on
this sheet (the database keeps its hash, ``codigos.cifrar_codigo``). It stands on
the record base (``pdf/base.py``) like every record, with the header and footer of
the request's receipt, but it is not a record of the case: it has no
``Documento``, no verification code and no QR code.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import ClassVar

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Spacer, Table, TableStyle

from procedimientos.pdf.base import BaseRenderer, parrafo

from ..registros import Comun, Constancia
from .base import RegistroRenderer, fecha_hora

__all__ = ["HojaAcceso", "HojaAccesoRenderer"]

TITULO = "HOJA DE ACCESO A LA CONSULTA PÚBLICA"


@dataclass(frozen=True)
class HojaAcceso:
    """What the sheet prints: the receipt's common data and the code."""

    comun: Comun
    asunto: str
    codigo_acceso: str
    url_consulta: str

    @classmethod
    def desde_constancia(
        cls, constancia: Constancia, *, codigo_acceso: str, url_consulta: str
    ) -> HojaAcceso:
        """The sheet of a request from its receipt's snapshot: same header,
        radicado and municipality; no verification code (it verifies nothing)."""
        comun = dataclasses.replace(
            constancia.comun, titulo=TITULO, codigo_verificacion="", url_verificacion=""
        )
        return cls(
            comun=comun,
            asunto=constancia.asunto,
            codigo_acceso=codigo_acceso,
            url_consulta=url_consulta,
        )


class HojaAccesoRenderer(RegistroRenderer):
    """``HojaAccesoRenderer.desde_registro(HojaAcceso(...)).render()``."""

    registro: HojaAcceso

    #: Not a record type: nothing maps it to a ``Documento``.
    tipo: ClassVar[str] = ""

    estilo_codigo = ParagraphStyle(
        "codigo_acceso",
        fontName="Courier-Bold",
        fontSize=26,
        leading=32,
        alignment=TA_CENTER,
    )
    estilo_etiqueta_centrada = ParagraphStyle(
        "etiqueta_centrada",
        parent=BaseRenderer.estilo_etiqueta,
        alignment=TA_CENTER,
    )
    estilo_paso = ParagraphStyle(
        "paso", parent=RegistroRenderer.estilo_prosa, leftIndent=12, spaceAfter=4
    )

    def get_asunto(self) -> str:
        return f"Hoja de acceso · radicado {self.comun.radicado}"

    def get_cuerpo(self) -> list[Flowable]:
        hoja, comun = self.registro, self.comun
        return [
            parrafo(
                f"Radicado el {fecha_hora(comun.emitido_en)} en la Ventanilla única. "
                f"Asunto: {hoja.asunto}",
                self.estilo_prosa,
            ),
            Spacer(0, 6),
            self.recuadro_codigo(),
            Spacer(0, 12),
            parrafo("CÓMO CONSULTAR EN QUÉ VA LA SOLICITUD", self.estilo_etiqueta),
            Spacer(0, 4),
            parrafo(f"1. Entre a {hoja.url_consulta}", self.estilo_paso),
            parrafo(
                f"2. Escriba el número de radicado {comun.radicado}.", self.estilo_paso
            ),
            parrafo(
                "3. Escriba el código de acceso de esta hoja, con o sin guiones.",
                self.estilo_paso,
            ),
            Spacer(0, 6),
            parrafo(
                "Verá cada actividad del procedimiento, la actual con su plazo en "
                "días hábiles, sin datos personales. La constancia de radicación y "
                "los avisos de cada paso llegan al correo que usted indicó; por "
                "seguridad, el código no figura en ellos: solo está en esta hoja.",
                self.estilo_prosa,
            ),
            parrafo(
                "Guarde esta hoja en un lugar seguro y no comparta el código: con el "
                "radicado, permite ver el avance de la solicitud. Si la pierde, "
                "acérquese a la Ventanilla única con el número de radicado.",
                self.estilo_prosa,
            ),
        ]

    def recuadro_codigo(self) -> Table:
        """The radicado and the code, large, in a box the requester can find."""
        hoja, comun = self.registro, self.comun
        tabla = Table(
            [
                [parrafo("RADICADO No.", self.estilo_etiqueta_centrada)],
                [parrafo(comun.radicado, self.estilo_codigo)],
                [parrafo("CÓDIGO DE ACCESO", self.estilo_etiqueta_centrada)],
                [parrafo(hoja.codigo_acceso, self.estilo_codigo)],
                [parrafo(f"Municipio de {comun.municipio}", self.estilo_centrado)],
            ],
            colWidths=[self.ancho_util * 0.8],
        )
        tabla.setStyle(
            TableStyle(
                [
                    ("BOX", (0, 0), (-1, -1), 1.2, colors.black),
                    ("TOPPADDING", (0, 0), (-1, -1), 5),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
                ]
            )
        )
        return tabla
