"""Activity 4, *Organizar los equipos de trabajo interinstitucional*: the
*convenio o acta de compromiso* (``registros.ActaCompromiso``), issued by
``services.actividad_conformar_equipo`` and e-mailed to the municipality and to
the team.

The team (institution, name, role) and who coordinates it, the object of the
advice, what the parties commit to, and a signature line per member. The members'
e-mails are internal and are not in the snapshot.
"""

from __future__ import annotations

from typing import ClassVar

from reportlab.platypus import Flowable, Spacer

from procedimientos.pdf.base import parrafo
from procedimientos.pdf.maquetacion import ConCola

from ..constants import TipoDocumento
from ..registros import ActaCompromiso
from .base import RegistroRenderer, fecha_hora

__all__ = ["ActaCompromisoRenderer"]


class ActaCompromisoRenderer(RegistroRenderer):
    tipo: ClassVar[str] = TipoDocumento.ACTA_COMPROMISO
    registro: ActaCompromiso

    def get_cuerpo(self) -> list[Flowable]:
        acta = self.registro
        comun = acta.comun
        coordinan = [i for i in acta.integrantes if i.coordina]
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
                    [("ASUNTO", acta.asunto)],
                    [
                        ("TIPO DE REVISIÓN", acta.tipo_revision),
                        ("MODALIDAD", acta.modalidad),
                    ],
                    [
                        ("FECHA", fecha_hora(comun.emitido_en)),
                        ("ELABORÓ", f"{comun.emitido_por}, {comun.cargo}".strip(", ")),
                    ],
                ],
            ),
            Spacer(0, 8),
            self.tabla_listado(
                "EQUIPO DE TRABAJO INTERINSTITUCIONAL",
                [
                    ("No.", 0.06),
                    ("INSTITUCIÓN", 0.26),
                    ("NOMBRE", 0.28),
                    ("ROL EN EL EQUIPO", 0.28),
                    ("COORDINA", 0.12),
                ],
                [
                    [
                        parrafo(numero, self.estilo_centrado),
                        self.celda_texto(integrante.institucion),
                        self.celda_texto(integrante.nombre),
                        self.celda_texto(integrante.rol),
                        parrafo(
                            "Sí" if integrante.coordina else "", self.estilo_centrado
                        ),
                    ]
                    for numero, integrante in enumerate(acta.integrantes, start=1)
                ],
                vacio="Sin integrantes.",
            ),
            Spacer(0, 4),
            parrafo(
                ", ".join(f"{i.nombre} ({i.institucion})" for i in coordinan) or "—",
                self.estilo_texto,
                negrita="Coordina el equipo: ",
            ),
            Spacer(0, 8),
            self.tabla_texto("OBJETO", acta.objeto),
            Spacer(0, 8),
            # The signatures go with the end of the commitments, and the note
            # with the last row of signatures.
            ConCola(
                self.tabla_texto("COMPROMISOS DE LAS PARTES", acta.compromisos),
                [
                    Spacer(0, 10),
                    parrafo("En constancia firman las partes:", self.estilo_texto),
                    ConCola(
                        self.tabla_firmas(
                            [
                                (
                                    integrante.nombre,
                                    f"{integrante.rol} · {integrante.institucion}",
                                )
                                for integrante in acta.integrantes
                            ]
                        ),
                        [Spacer(0, 12), self.nota_verificacion()],
                    ),
                ],
            ),
        ]
