"""Public routes of ``ProcedimientoPage`` (its ``@path`` methods call these).

The page renders through ``templates/includes/procedimiento.html`` and the PDF
renderer, both from a ``versiones.Contenido``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.http import HttpResponse

from .flujograma import disenar_flujograma
from .pdf.procedimiento import ProcedimientoRenderer
from .versiones import Contenido

if TYPE_CHECKING:
    from django.http import HttpRequest

    from .models import ProcedimientoPage


def contexto_contenido(contenido: Contenido) -> dict[str, Any]:
    """What ``includes/procedimiento.html`` needs besides the page's URLs."""
    return {
        "contenido": contenido,
        "flujograma": disenar_flujograma(contenido.actividades),
    }


def pdf(
    request: HttpRequest, pagina: ProcedimientoPage, contenido: Contenido
) -> HttpResponse:
    respuesta = HttpResponse(
        ProcedimientoRenderer(contenido).render(), content_type="application/pdf"
    )
    version = f"v{contenido.version}" if contenido.version else "sin-aprobar"
    respuesta["Content-Disposition"] = (
        f'inline; filename="{contenido.codigo}-{version}.pdf"'
    )
    return respuesta
