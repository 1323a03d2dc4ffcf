"""Published procedures: pages, the snippets they share, and their formal versions.

Split by kind (STYLE.md: a package past 700 lines); import from here.
"""

from .paginas import (
    ActividadProcedimiento,
    CatalogoPermisos,
    ControlCambio,
    DefinicionProcedimiento,
    GlosarioPage,
    ProcedimientoIndexPage,
    ProcedimientoPage,
    ProcedimientoPermisos,
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
from .versiones_formales import (
    BloqueoVersionEnRevision,
    TareaVersionFormal,
    VersionProcedimiento,
)

__all__ = [
    "ActividadProcedimiento",
    "BloqueoVersionEnRevision",
    "Cargo",
    "CatalogoPermisos",
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
    "ProcedimientoPermisos",
    "TareaVersionFormal",
    "TipoDocumental",
    "VersionProcedimiento",
]
