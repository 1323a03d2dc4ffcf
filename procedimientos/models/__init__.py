"""Published procedures: pages, the snippets they share, and their formal versions.

Split by kind (STYLE.md: a package past 700 lines); import from here.
"""

# Snippets first: the page module imports the public views, which read the
# entity's settings (``Entidad``) from this package while it is being built.
from .snippets import (
    Cargo,
    Definicion,
    DefinicionQuerySet,
    Dependencia,
    Entidad,
    NombreSnippet,
    TipoDocumental,
)

# isort: split
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
