"""Checks on uploaded files: a PDF is a PDF by its content, not its name."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from pypdf import PdfReader
from pypdf.errors import PyPdfError

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class InfoPDF:
    sha256: str
    paginas: int
    tamano: int


def tamano_maximo() -> int:
    """``EXPEDIENTES_TAMANO_MAXIMO`` in bytes (10 MB unless set)."""
    return settings.EXPEDIENTES_TAMANO_MAXIMO


def validar_pdf(archivo: UploadedFile) -> InfoPDF:
    """Size, ``%PDF-`` signature and a structure pypdf can read; Spanish errors.

    The result is kept on the file object: the form and the service both check,
    the PDF is read once.
    """
    if (ya := getattr(archivo, "_info_pdf", None)) is not None:
        return ya
    nombre = archivo.name or _("el archivo")
    if archivo.size > tamano_maximo():
        raise ValidationError(
            _("«%(nombre)s» pesa %(tamano)s; el máximo es %(maximo)s.")
            % {
                "nombre": nombre,
                "tamano": filesizeformat(archivo.size),
                "maximo": filesizeformat(tamano_maximo()),
            },
            code="tamano",
        )
    archivo.seek(0)
    if archivo.read(5) != b"%PDF-":
        raise ValidationError(
            _("«%(nombre)s» no es un PDF (su contenido no es de un PDF).")
            % {"nombre": nombre},
            code="no_pdf",
        )
    archivo.seek(0)
    try:
        paginas = len(PdfReader(archivo).pages)
    except (PyPdfError, ValueError, KeyError, TypeError, OSError) as error:
        raise ValidationError(
            _("«%(nombre)s» está dañado o no se puede leer como PDF.")
            % {"nombre": nombre},
            code="pdf_danado",
        ) from error
    if paginas < 1:
        raise ValidationError(
            _("«%(nombre)s» no tiene páginas.") % {"nombre": nombre}, code="vacio"
        )
    archivo.seek(0)
    resumen = hashlib.sha256()
    for trozo in archivo.chunks():
        resumen.update(trozo)
    archivo.seek(0)
    archivo._info_pdf = InfoPDF(
        sha256=resumen.hexdigest(), paginas=paginas, tamano=archivo.size
    )
    return archivo._info_pdf
