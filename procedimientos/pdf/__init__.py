"""PDFs with the official header of the Gobernación.

``base`` holds the renderer every document type builds on (also those of
``expedientes/pdf/``); ``procedimiento`` renders a published procedure, served by
the ``pdf/`` route of ``ProcedimientoPage``.
"""

from .base import BaseRenderer, Encabezado, escapar, fecha_corta, parrafo
from .procedimiento import ProcedimientoRenderer

__all__ = [
    "BaseRenderer",
    "Encabezado",
    "ProcedimientoRenderer",
    "escapar",
    "fecha_corta",
    "parrafo",
]
