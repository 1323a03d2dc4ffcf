"""Records of a case as PDFs with the official header (procedimientos.pdf.base).

One module per record type, each reading only the Documento's snapshot
(``documento.datos``); ``renderer_para`` picks the module by the document's type.
"""

from ..constants import TipoDocumento
from .constancia import ConstanciaRenderer

RENDERERS = {TipoDocumento.CONSTANCIA_RADICACION: ConstanciaRenderer}

__all__ = ["RENDERERS", "ConstanciaRenderer", "renderer_para"]


def renderer_para(documento):
    """The renderer of an issued record; uploaded files have none."""
    try:
        clase = RENDERERS[documento.tipo]
    except KeyError:
        raise ValueError(f"El tipo {documento.tipo!r} no se genera como PDF.") from None
    return clase(documento)
