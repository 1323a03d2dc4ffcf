"""Records of a case as PDFs with the official header.

Layering (pretix's): ``procedimientos.pdf.base.BaseRenderer`` -> the record base
``base.RegistroRenderer`` -> one small module per record, each writing only its
story from the ``Documento``'s snapshot (``documento.datos``, typed by
``registros.REGISTROS``). ``renderer_para`` picks the module by the document's
type; ``tasks.generar_documento`` calls it after the issuing transaction commits.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .acta_compromiso import ActaCompromisoRenderer
from .acta_reunion import ActaReunionRenderer
from .base import RegistroRenderer
from .constancia import ConstanciaRenderer
from .hoja_control import HojaControlRenderer
from .oficio_respuesta import OficioRespuestaRenderer
from .planilla_asesorias import PlanillaAsesoriasRenderer
from .registro_asistencia import RegistroAsistenciaRenderer
from .registro_interno import RegistroInternoRenderer

if TYPE_CHECKING:
    from ..models import Documento

#: The renderer of each record type issued as a PDF; uploaded files have none.
RENDERERS: dict[str, type[RegistroRenderer]] = {
    clase.tipo: clase
    for clase in (
        ConstanciaRenderer,
        RegistroInternoRenderer,
        OficioRespuestaRenderer,
        ActaCompromisoRenderer,
        RegistroAsistenciaRenderer,
        ActaReunionRenderer,
        PlanillaAsesoriasRenderer,
        HojaControlRenderer,
    )
}

__all__ = [
    "RENDERERS",
    "ActaCompromisoRenderer",
    "ActaReunionRenderer",
    "ConstanciaRenderer",
    "HojaControlRenderer",
    "OficioRespuestaRenderer",
    "PlanillaAsesoriasRenderer",
    "RegistroAsistenciaRenderer",
    "RegistroInternoRenderer",
    "RegistroRenderer",
    "renderer_para",
]


def renderer_para(documento: Documento) -> RegistroRenderer:
    """The renderer of an issued record, by its type; uploaded files have none."""
    try:
        clase = RENDERERS[documento.tipo]
    except KeyError:
        raise ValueError(f"El tipo {documento.tipo!r} no se genera como PDF.") from None
    return clase(documento)
