"""Published procedures: pages and the snippets they share.

Split by kind (STYLE.md: a package past 700 lines); import from here.
"""

from .paginas import (
    ActividadProcedimiento,
    ControlCambio,
    DefinicionProcedimiento,
    GlosarioPage,
    ProcedimientoIndexPage,
    ProcedimientoPage,
)
from .snippets import (
    Cargo,
    Definicion,
    DefinicionQuerySet,
    Dependencia,
    Entidad,
    NombreSnippet,
    TipoDocumental,
)

__all__ = [
    "ActividadProcedimiento",
    "Cargo",
    "ControlCambio",
    "Definicion",
    "DefinicionProcedimiento",
    "DefinicionQuerySet",
    "Dependencia",
    "Entidad",
    "GlosarioPage",
    "NombreSnippet",
    "ProcedimientoIndexPage",
    "ProcedimientoPage",
    "TipoDocumental",
]
