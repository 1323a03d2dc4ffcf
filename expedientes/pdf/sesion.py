"""What the two records of an advisory session share (activity 5): its data table
and its attendees. Mixed into ``registro_asistencia.py`` and ``acta_reunion.py``.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.platypus import Spacer, Table

from ..registros import Asistente, SesionRegistro
from .base import RegistroRenderer, fecha_hora

__all__ = ["SesionRenderer"]


class SesionRenderer(RegistroRenderer):
    """A record of one session; ``sesion`` is the snapshot's ``SesionRegistro``."""

    @property
    def sesion(self) -> SesionRegistro:
        return self.registro.sesion

    def tabla_sesion(self, asunto: str | None = None) -> Table:
        """DATOS DE LA SESIÓN: number, date and time, modality, place, topics."""
        sesion = self.sesion
        comun = self.comun
        filas: list[list[tuple[str, object]]] = [
            [
                ("SESIÓN No.", sesion.numero),
                ("FECHA Y HORA", f"{fecha_hora(sesion.fecha)} (hora de Colombia)"),
            ],
            [("MODALIDAD", sesion.modalidad), ("LUGAR O ENLACE", sesion.lugar)],
            [("MUNICIPIO", f"{comun.municipio} (DIVIPOLA {comun.codigo_divipola})")],
        ]
        if asunto is not None:
            filas.append([("ASUNTO", asunto)])
        filas.append([("TEMAS", sesion.temas)])
        return self.tabla_seccion("DATOS DE LA SESIÓN", filas)

    def tabla_asistentes(
        self, asistentes: Sequence[Asistente], *, con_firma: bool
    ) -> Table:
        """One row per attendee; with ``con_firma`` a blank column to sign on the
        printed copy."""
        columnas = [
            ("No.", 0.06),
            ("NOMBRE", 0.3),
            ("INSTITUCIÓN", 0.24),
            ("CARGO O ROL", 0.4),
        ]
        if con_firma:
            columnas = [
                ("No.", 0.06),
                ("NOMBRE", 0.27),
                ("INSTITUCIÓN", 0.2),
                ("CARGO O ROL", 0.22),
                ("FIRMA", 0.25),
            ]
        filas = []
        for numero, asistente in enumerate(asistentes, start=1):
            fila: list[object] = [
                str(numero),  # plain text: a list of 500 is laid out much faster
                self.celda_texto(asistente.nombre),
                self.celda_texto(asistente.institucion),
                self.celda_texto(asistente.cargo),
            ]
            if con_firma:
                fila.append(Spacer(0, 18))
            filas.append(fila)
        return self.tabla_listado(
            f"ASISTENTES ({len(asistentes)})",
            columnas,
            filas,
            vacio="Sin asistentes registrados.",
            extra=[
                ("FONTNAME", (0, 2), (0, -1), self.fuente),
                ("FONTSIZE", (0, 2), (0, -1), self.estilo_texto.fontSize),
                ("ALIGN", (0, 2), (0, -1), "CENTER"),
                *([("VALIGN", (0, 2), (-1, -1), "MIDDLE")] if con_firma else []),
            ],
        )
