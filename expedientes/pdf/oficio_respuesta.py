"""Activity 3, *Definir el alcance*: the reply letter to the requester
(``registros.OficioRespuesta``), issued by ``services.actividad_definir_alcance``
(accepted, with the scope of the advice) or ``services.solicitud_rechazar``
(rejected, with the reason and its grounds). It answers the petition (Ley 1755 de
2015, art. 14) and is e-mailed to the municipality signed: the entity's digital
signature, applied when it is issued (``expedientes/firma/``), replaces the signed
scan this letter used to wait for. A letter also signed on paper can still have
its scan attached to the case (``oficio_firmado_adjuntar``).

A letter, not a form: place and date, addressee, reference, subject, the body as
prose, the scope as a small table, and the signature block.
"""

from __future__ import annotations

from typing import ClassVar

from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Spacer

from procedimientos.pdf.base import parrafo
from procedimientos.pdf.maquetacion import ConCola

from ..constants import TipoDocumento
from ..registros import OficioRespuesta
from .base import RegistroRenderer, fecha_corta, fecha_larga, lista

__all__ = ["OficioRespuestaRenderer"]


class OficioRespuestaRenderer(RegistroRenderer):
    tipo: ClassVar[str] = TipoDocumento.OFICIO_RESPUESTA
    registro: OficioRespuesta

    #: Where the Secretaría dates its letters: the seat of the Gobernación.
    lugar: ClassVar[str] = "Bucaramanga"

    estilo_fecha = ParagraphStyle(
        "fecha_oficio", parent=RegistroRenderer.estilo_prosa, alignment=TA_RIGHT
    )
    #: Addressee block and reference lines: close together, not justified.
    estilo_bloque = ParagraphStyle(
        "bloque", parent=RegistroRenderer.estilo_prosa, alignment=0, spaceAfter=0
    )
    estilo_destinatario = ParagraphStyle(
        "destinatario", parent=estilo_bloque, fontName=RegistroRenderer.fuente_negrita
    )

    def get_cuerpo(self) -> list[Flowable]:
        oficio = self.registro
        comun = oficio.comun
        destinatario = oficio.destinatario
        cuerpo: list[Flowable] = [
            parrafo(
                f"{self.lugar}, {fecha_larga(comun.emitido_en)}", self.estilo_fecha
            ),
            Spacer(0, 6),
            parrafo("Señor(a)", self.estilo_bloque),
            parrafo(destinatario.nombre, self.estilo_destinatario),
            parrafo(destinatario.cargo, self.estilo_bloque),
            parrafo(
                f"Municipio de {comun.municipio} (Santander), código DIVIPOLA "
                f"{comun.codigo_divipola}",
                self.estilo_bloque,
            ),
            parrafo(
                " · ".join(filter(None, [destinatario.correo, destinatario.telefono])),
                self.estilo_bloque,
            ),
            Spacer(0, 10),
            parrafo(
                f"Radicado {comun.radicado} del {fecha_corta(oficio.radicada_en)}"
                + (
                    f" · Registro interno {oficio.numero_registro}"
                    if oficio.numero_registro
                    else ""
                ),
                self.estilo_bloque,
                negrita="Referencia: ",
            ),
            parrafo(
                f"Respuesta a su solicitud «{oficio.asunto}»",
                self.estilo_bloque,
                negrita="Asunto: ",
            ),
            Spacer(0, 10),
            self.prosa(f"Respetado(a) señor(a) {destinatario.nombre}:"),
        ]
        if oficio.aceptada:
            cuerpo += self.aceptacion()
        else:
            cuerpo += self.rechazo()
        # The closing and the signature go with the end of the last paragraph.
        ultimo = cuerpo.pop()
        cuerpo.append(
            ConCola(
                ultimo,
                [
                    self.prosa("Cordialmente,"),
                    self.tabla_firmas(
                        [(oficio.firmante, oficio.cargo_firmante)],
                        firma_digital=True,
                    ),
                    Spacer(0, 12),
                    self.nota_verificacion(),
                ],
            )
        )
        return cuerpo

    def aceptacion(self) -> list[Flowable]:
        oficio = self.registro
        comun = oficio.comun
        return [
            self.prosa(
                f"En atención a su solicitud radicada con el número {comun.radicado} "
                f"el {fecha_corta(oficio.radicada_en)}, le informamos que la "
                "Secretaría de Planeación brindará la asesoría y asistencia técnica "
                f"solicitada al municipio de {comun.municipio}, conforme al "
                f"procedimiento {comun.procedimiento.codigo}, con el siguiente "
                "alcance:"
            ),
            self.tabla_seccion(
                "ALCANCE DE LA ASESORÍA",
                [
                    [("TIPO DE REVISIÓN", oficio.tipo_revision)],
                    [("COMPONENTES DEL PLAN", lista(oficio.componentes))],
                    [
                        ("MODALIDAD", oficio.modalidad),
                        ("DURACIÓN ESTIMADA", oficio.duracion_estimada),
                    ],
                    [("OBSERVACIONES", oficio.observaciones or "Sin observaciones.")],
                ],
            ),
            Spacer(0, 8),
            self.prosa(
                "El grupo de planificación conformará el equipo de trabajo "
                "interinstitucional y le comunicará el acta de compromiso y la "
                "programación de las sesiones de asesoría. Cite el número de "
                "radicado en toda comunicación sobre esta solicitud."
            ),
        ]

    def rechazo(self) -> list[Flowable]:
        oficio = self.registro
        comun = oficio.comun
        return [
            self.prosa(
                f"En atención a su solicitud radicada con el número {comun.radicado} "
                f"el {fecha_corta(oficio.radicada_en)}, le informamos que no es "
                "posible brindar la asesoría solicitada por el siguiente motivo: "
                f"{oficio.motivo_rechazo}."
            ),
            self.tabla_texto("FUNDAMENTOS", oficio.fundamentos),
            Spacer(0, 8),
            self.prosa(
                "Si lo estima pertinente, el municipio puede presentar una nueva "
                "solicitud que atienda lo expuesto."
            ),
        ]
