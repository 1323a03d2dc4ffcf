"""The cases app's models, one module per part (DESIGN.md, layout of expedientes/)."""

from .actividades import (
    ArchivoExpediente,
    AsistenteSesion,
    Compromiso,
    SesionAsesoria,
)
from .documentos import Documento, Notificacion
from .municipios import Municipio
from .sesiones import InvitadoSesion, SesionProgramada
from .solicitudes import Contador, EventoSolicitud, Solicitud
from .trd import SerieDocumental

__all__ = [
    "ArchivoExpediente",
    "AsistenteSesion",
    "Compromiso",
    "Contador",
    "Documento",
    "EventoSolicitud",
    "InvitadoSesion",
    "Municipio",
    "Notificacion",
    "SerieDocumental",
    "SesionAsesoria",
    "SesionProgramada",
    "Solicitud",
]
