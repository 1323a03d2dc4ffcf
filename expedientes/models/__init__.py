"""The cases app's models, one module per part (DESIGN.md, layout of expedientes/)."""

from .actividades import AsistenteSesion, Compromiso, SesionAsesoria
from .documentos import Documento, Notificacion
from .municipios import Municipio
from .solicitudes import Contador, EventoSolicitud, Solicitud

__all__ = [
    "AsistenteSesion",
    "Compromiso",
    "Contador",
    "Documento",
    "EventoSolicitud",
    "Municipio",
    "Notificacion",
    "SesionAsesoria",
    "Solicitud",
]
