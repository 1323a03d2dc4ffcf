"""Activity 5, *Brindar el apoyo*: the minutes of one advisory session
(``registros.ActaReunion``), issued with the attendance list by
``services.sesion_registrar`` and e-mailed to the municipality.

Session data, attendees, topics, what was done, the commitments (what, who, by
when) and the next steps; signed by the professional who recorded it.
"""

from __future__ import annotations

from typing import ClassVar

from reportlab.platypus import Flowable, Spacer

from procedimientos.pdf.base import parrafo
from procedimientos.pdf.maquetacion import ConCola

from ..constants import TipoDocumento
from ..registros import ActaReunion
from .base import fecha_o_guion
from .sesion import SesionRenderer

__all__ = ["ActaReunionRenderer"]


class ActaReunionRenderer(SesionRenderer):
    tipo: ClassVar[str] = TipoDocumento.ACTA_REUNION
    registro: ActaReunion

    def get_cuerpo(self) -> list[Flowable]:
        acta = self.registro
        sesion = acta.sesion
        comun = acta.comun
        return [
            self.tabla_sesion(asunto=acta.asunto),
            Spacer(0, 8),
            self.tabla_asistentes(sesion.asistentes, con_firma=False),
            Spacer(0, 8),
            self.tabla_texto("DESARROLLO DE LA SESIÓN", sesion.desarrollo),
            Spacer(0, 8),
            self.tabla_listado(
                "COMPROMISOS",
                [
                    ("No.", 0.06),
                    ("COMPROMISO", 0.5),
                    ("RESPONSABLE", 0.26),
                    ("FECHA LÍMITE", 0.18),
                ],
                [
                    [
                        parrafo(numero, self.estilo_centrado),
                        self.celda_texto(compromiso.descripcion),
                        self.celda_texto(compromiso.responsable),
                        parrafo(
                            fecha_o_guion(compromiso.fecha_limite),
                            self.estilo_centrado,
                        ),
                    ]
                    for numero, compromiso in enumerate(sesion.compromisos, start=1)
                ],
                vacio="Sin compromisos.",
            ),
            Spacer(0, 8),
            ConCola(
                self.tabla_texto("PRÓXIMOS PASOS", sesion.proximos_pasos),
                [
                    Spacer(0, 6),
                    parrafo("Elaboró:", self.estilo_etiqueta),
                    self.tabla_firmas([(comun.emitido_por, comun.cargo)]),
                    Spacer(0, 10),
                    self.nota_verificacion(),
                ],
            ),
        ]
