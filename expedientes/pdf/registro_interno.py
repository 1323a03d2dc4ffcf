"""Activity 2, *Recepcionar la solicitud y registro interno*: the internal registry
record (``registros.RegistroInterno``), issued by ``services.actividad_registrar``.

Internal: it stays in the case file for staff (``para_municipio=False``), so it is
never attached to the municipality's e-mails nor listed on its request page.
"""

from __future__ import annotations

from typing import ClassVar

from reportlab.platypus import Flowable, Spacer

from procedimientos.pdf.base import parrafo
from procedimientos.pdf.maquetacion import ConCola

from ..constants import TipoDocumento
from ..registros import RegistroInterno
from .base import RegistroRenderer, fecha_hora

__all__ = ["RegistroInternoRenderer"]


class RegistroInternoRenderer(RegistroRenderer):
    tipo: ClassVar[str] = TipoDocumento.REGISTRO_INTERNO
    registro: RegistroInterno

    def get_cuerpo(self) -> list[Flowable]:
        registro = self.registro
        comun = registro.comun
        solicitante = registro.solicitante
        return [
            self.tabla_seccion(
                "DATOS DEL REGISTRO",
                [
                    [
                        ("No. DE REGISTRO INTERNO", registro.numero_registro),
                        ("FECHA DE REGISTRO", fecha_hora(comun.emitido_en)),
                    ],
                    [
                        ("RADICADO", comun.radicado),
                        ("RADICADA EL", fecha_hora(registro.radicada_en)),
                    ],
                    [
                        ("CANAL", registro.canal),
                        ("QUÉ SOLICITA", registro.tipo_solicitud),
                    ],
                    [
                        (
                            "MUNICIPIO",
                            f"{comun.municipio} (DIVIPOLA {comun.codigo_divipola})",
                        )
                    ],
                    [("ASUNTO", registro.asunto)],
                ],
            ),
            Spacer(0, 8),
            self.tabla_seccion(
                "SOLICITANTE",
                [
                    [("NOMBRE", solicitante.nombre), ("CARGO", solicitante.cargo)],
                    [
                        ("CORREO ELECTRÓNICO", solicitante.correo),
                        ("TELÉFONO", solicitante.telefono),
                    ],
                ],
            ),
            Spacer(0, 8),
            self.tabla_seccion(
                "TRÁMITE INTERNO",
                [
                    [
                        ("REGISTRÓ", comun.emitido_por),
                        ("CARGO", comun.cargo),
                    ],
                    [
                        (
                            "DIRIGIDA A",
                            registro.dirigida_a or "Al grupo de la actividad siguiente",
                        )
                    ],
                    [("OBSERVACIONES", registro.observaciones)],
                ],
            ),
            Spacer(0, 8),
            ConCola(
                self.tabla_listado(
                    "DOCUMENTOS DEL EXPEDIENTE AL REGISTRAR",
                    [("No.", 0.06), ("DOCUMENTO", 0.94)],
                    [
                        [
                            parrafo(numero, self.estilo_centrado),
                            self.celda_texto(documento),
                        ]
                        for numero, documento in enumerate(registro.documentos, start=1)
                    ],
                    vacio="Sin documentos.",
                ),
                [
                    Spacer(0, 10),
                    parrafo(
                        "Registro interno de la Secretaría: no se entrega al "
                        "municipio.",
                        self.estilo_nota,
                    ),
                    self.nota_verificacion(),
                ],
            ),
        ]
