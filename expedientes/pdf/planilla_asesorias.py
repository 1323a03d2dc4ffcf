"""Activity 5's control point: the *planilla de asesorías y atención técnica* of a
case (``registros.PlanillaAsesorias``), one row per advisory session and the
outcome, issued by ``services.actividad_brindar_apoyo_completar``.

Internal (``para_municipio=False``): it is the Secretaría's control of the advice
given; the municipality has each session's minutes instead.
"""

from __future__ import annotations

from typing import ClassVar

from reportlab.platypus import Flowable, Spacer

from procedimientos.pdf.base import parrafo
from procedimientos.pdf.maquetacion import ConCola

from ..constants import TipoDocumento
from ..registros import PlanillaAsesorias
from .base import RegistroRenderer, fecha_hora

__all__ = ["PlanillaAsesoriasRenderer"]


class PlanillaAsesoriasRenderer(RegistroRenderer):
    tipo: ClassVar[str] = TipoDocumento.PLANILLA_ASESORIAS
    registro: PlanillaAsesorias

    #: No., FECHA, MODALIDAD, TEMAS, ASISTENTES, COMPROMISOS, PROFESIONAL.
    columnas: tuple[tuple[str, float], ...] = (
        ("No.", 0.05),
        ("FECHA", 0.11),
        ("MODALIDAD", 0.12),
        ("TEMAS TRATADOS", 0.29),
        ("ASISTENTES", 0.12),
        # "COMPROMISOS" on one line (a narrower column cut it "COMPROMISO / S").
        ("COMPROMISOS", 0.14),
        ("PROFESIONAL", 0.17),
    )

    def get_cuerpo(self) -> list[Flowable]:
        planilla = self.registro
        comun = planilla.comun
        centrado = self.estilo_centrado
        return [
            self.tabla_seccion(
                "DATOS DE LA ASESORÍA",
                [
                    [
                        (
                            "MUNICIPIO",
                            f"{comun.municipio} (DIVIPOLA {comun.codigo_divipola})",
                        )
                    ],
                    [("ASUNTO", planilla.asunto)],
                    [
                        ("SESIONES", len(planilla.filas)),
                        ("FECHA DE CORTE", fecha_hora(comun.emitido_en)),
                    ],
                ],
            ),
            Spacer(0, 8),
            self.tabla_listado(
                "SESIONES DE ASESORÍA Y ATENCIÓN TÉCNICA",
                list(self.columnas),
                [
                    [
                        parrafo(fila.numero, centrado),
                        parrafo(fecha_hora(fila.fecha), centrado),
                        self.celda_texto(fila.modalidad),
                        self.celda_texto(fila.temas),
                        parrafo(fila.asistentes, centrado),
                        parrafo(fila.compromisos, centrado),
                        self.celda_texto(fila.profesional),
                    ]
                    for fila in planilla.filas
                ],
                vacio="Sin sesiones registradas.",
            ),
            Spacer(0, 8),
            ConCola(
                self.tabla_texto("RESULTADO", planilla.resultado),
                [
                    Spacer(0, 10),
                    parrafo(
                        f"Elaboró: {comun.emitido_por}"
                        + (f", {comun.cargo}" if comun.cargo else "")
                        + ". Planilla interna de la Secretaría: no se entrega al "
                        "municipio.",
                        self.estilo_nota,
                    ),
                    self.nota_verificacion(),
                ],
            ),
        ]
