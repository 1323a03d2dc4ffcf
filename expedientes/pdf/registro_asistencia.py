"""Activity 5, *Brindar el apoyo*: the attendance list of one advisory session
(``registros.RegistroAsistencia``), issued with the minutes by
``services.sesion_registrar``.

One row per attendee with a blank signature column: printed, it is signed in the
room; the PDF is what the system recorded.
"""

from __future__ import annotations

from typing import ClassVar

from reportlab.platypus import Flowable, Spacer

from procedimientos.pdf.base import parrafo
from procedimientos.pdf.maquetacion import ConCola

from ..constants import TipoDocumento
from ..registros import RegistroAsistencia
from .sesion import SesionRenderer

__all__ = ["RegistroAsistenciaRenderer"]


class RegistroAsistenciaRenderer(SesionRenderer):
    tipo: ClassVar[str] = TipoDocumento.REGISTRO_ASISTENCIA
    registro: RegistroAsistencia

    def get_cuerpo(self) -> list[Flowable]:
        comun = self.comun
        return [
            self.tabla_sesion(),
            Spacer(0, 8),
            ConCola(
                self.tabla_asistentes(self.sesion.asistentes, con_firma=True),
                [
                    Spacer(0, 10),
                    parrafo(
                        f"Registró: {comun.emitido_por}"
                        + (f", {comun.cargo}" if comun.cargo else "")
                        + ". Con su firma, cada asistente deja constancia de su "
                        "participación en la sesión.",
                        self.estilo_nota,
                    ),
                    self.nota_verificacion(),
                ],
            ),
        ]
