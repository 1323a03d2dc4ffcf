"""Checks on uploaded files: a PDF is a PDF by its content, not its name.

Called by the filing forms and by the services (``validar_pdf``); the result is kept
on the file object so a PDF is inspected once. The inspection is bounded, so that no
file can keep a worker busy: at most ``EXPEDIENTES_PDF_MAX_PAGINAS`` pages,
``EXPEDIENTES_PDF_MAX_OBJETOS`` objects and ``EXPEDIENTES_PDF_SEGUNDOS`` seconds
each (an oficio and ten annexes at that limit stay well under gunicorn's 30 s).

A public office keeps what it receives and hands it on, so a PDF with active content
(JavaScript, actions that launch programs, embedded files, multimedia, XFA forms) or
that is at the same time a web page (an HTML/PDF polyglot) is refused, with the way
out a person can take: printing it to PDF again keeps the pages and drops the rest.
"""

from __future__ import annotations

import hashlib
import io
import re
import time
from dataclasses import dataclass

from pypdf import PdfReader
from pypdf.errors import PyPdfError
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

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


#: What pypdf may raise on a malformed file.
ERRORES_DE_LECTURA = (
    PyPdfError,
    ValueError,
    KeyError,
    TypeError,
    AttributeError,
    OSError,
    RecursionError,
)

#: Actions (``/S``) that run something rather than show a page.
ACCIONES_ACTIVAS = {
    "/JavaScript": "JavaScript",
    "/Launch": "acciones que abren programas",
    "/ImportData": "acciones que importan datos",
    "/GoToE": "archivos incrustados",
    "/RichMediaExecute": "contenido multimedia",
}
#: Keys or types that carry active content wherever they appear.
NOMBRES_ACTIVOS = {
    "/JS": "JavaScript",
    "/JavaScript": "JavaScript",
    "/EmbeddedFiles": "archivos incrustados",
    "/EmbeddedFile": "archivos incrustados",
    "/EF": "archivos incrustados",
    "/FileAttachment": "archivos incrustados",
    "/RichMedia": "contenido multimedia",
    "/RichMediaContent": "contenido multimedia",
    "/XFA": "formularios XFA",
}
#: The same, spelt out in the bytes: catches objects outside the cross-reference
#: table (which a lenient viewer may still find). Long enough never to appear by
#: chance in compressed data.
MARCAS_ACTIVAS = {
    b"/JavaScript": "JavaScript",
    b"/Launch": "acciones que abren programas",
    b"/EmbeddedFile": "archivos incrustados",
    b"/RichMedia": "contenido multimedia",
}
#: HTML in the first bytes makes the file a web page too (a polyglot).
HTML_EN_CABECERA = re.compile(
    rb"<\s*(!doctype|html|head|body|script|iframe|svg|meta|object|embed|img|a\s)",
    re.IGNORECASE,
)
HTML_EN_CUALQUIER_PARTE = re.compile(rb"<\s*(script|html)[\s>/]", re.IGNORECASE)
CABECERA = 1024
#: ``/Count n`` of the page tree, as written in an uncompressed file.
CUENTA_DE_PAGINAS = re.compile(rb"/Count\s+(\d{1,9})")


def _imprimir_de_nuevo() -> str:
    """The way out of every refusal of content: print the document to PDF again."""
    return _(
        "Ábralo en su computador y use «Imprimir» → «Guardar como PDF» (o "
        "«Microsoft Print to PDF»): imprimir de nuevo a PDF conserva las páginas y "
        "quita lo demás."
    )


class _FueraDeLimite(Exception):
    """The inspection would exceed its bounds; the message is for a person."""


def tamano_maximo() -> int:
    """``EXPEDIENTES_TAMANO_MAXIMO`` in bytes (10 MB unless set)."""
    return settings.EXPEDIENTES_TAMANO_MAXIMO


def _bytes(n: int) -> str:
    return f"{n:,}".replace(",", ".") + " bytes"


def error_de_tamano(nombre: str, tamano: int) -> ValidationError:
    """Too big, said so a person sees the difference (in bytes when the rounded
    sizes would read the same)."""
    pesa, maximo = filesizeformat(tamano), filesizeformat(tamano_maximo())
    if pesa == maximo:  # "pesa 10,0 MB; el máximo es 10,0 MB" says nothing
        pesa, maximo = _bytes(tamano), _bytes(tamano_maximo())
    return ValidationError(
        _("«%(nombre)s» pesa %(tamano)s; el máximo es %(maximo)s.")
        % {"nombre": nombre, "tamano": pesa, "maximo": maximo},
        code="tamano",
    )


def validar_pdf(archivo: UploadedFile) -> InfoPDF:
    """Size, ``%PDF-`` signature, a structure pypdf can read within bounds, and no
    active content; Spanish errors.

    The result is kept on the file object: the form and the service both check,
    the PDF is read once.
    """
    if (ya := getattr(archivo, "_info_pdf", None)) is not None:
        return ya
    nombre = archivo.name or _("el archivo")
    if archivo.size > tamano_maximo():
        raise error_de_tamano(nombre, archivo.size)
    archivo.seek(0)
    datos = archivo.read(tamano_maximo() + 1)
    archivo.seek(0)
    if len(datos) > tamano_maximo():
        raise error_de_tamano(nombre, len(datos))
    if not datos.startswith(b"%PDF-"):
        raise ValidationError(
            _("«%(nombre)s» no es un PDF (su contenido no es de un PDF).")
            % {"nombre": nombre},
            code="no_pdf",
        )
    if HTML_EN_CABECERA.search(datos[:CABECERA]) or HTML_EN_CUALQUIER_PARTE.search(
        datos
    ):
        raise ValidationError(
            _("«%(nombre)s» no es solo un PDF: también contiene una página web. ")
            % {"nombre": nombre}
            + _imprimir_de_nuevo(),
            code="pdf_html",
        )
    try:
        paginas = _inspeccionar(datos)
    except _FueraDeLimite as limite:
        raise ValidationError(
            str(limite) % {"nombre": nombre}, code="pdf_limite"
        ) from None
    except _ContenidoActivo as activo:
        raise ValidationError(
            _(
                "«%(nombre)s» trae %(que)s, que por seguridad no se reciben en un "
                "documento oficial. "
            )
            % {"nombre": nombre, "que": activo.que}
            + _imprimir_de_nuevo(),
            code="pdf_activo",
        ) from None
    except _Cifrado:
        raise ValidationError(
            _("«%(nombre)s» está protegido con contraseña. ") % {"nombre": nombre}
            + _imprimir_de_nuevo(),
            code="pdf_cifrado",
        ) from None
    except ERRORES_DE_LECTURA as error:
        raise ValidationError(
            _("«%(nombre)s» está dañado o no se puede leer como PDF.")
            % {"nombre": nombre},
            code="pdf_danado",
        ) from error
    if paginas < 1:
        raise ValidationError(
            _("«%(nombre)s» no tiene páginas.") % {"nombre": nombre}, code="vacio"
        )
    archivo._info_pdf = InfoPDF(
        sha256=hashlib.sha256(datos).hexdigest(), paginas=paginas, tamano=len(datos)
    )
    return archivo._info_pdf


# --- The bounded inspection ---------------------------------------------------------


class _ContenidoActivo(Exception):
    def __init__(self, que: str) -> None:
        super().__init__(que)
        self.que = que


class _Cifrado(Exception):
    pass


class _Reloj:
    """Seconds left for one file; checked every few steps, not on each."""

    def __init__(self) -> None:
        self.fin = time.monotonic() + float(settings.EXPEDIENTES_PDF_SEGUNDOS)
        self.pasos = 0

    def revisar(self, cada: int = 64) -> None:
        self.pasos += 1
        if self.pasos % cada == 0 and time.monotonic() > self.fin:
            raise _FueraDeLimite(_demasiado_complejo())

    def ahora(self) -> None:
        if time.monotonic() > self.fin:
            raise _FueraDeLimite(_demasiado_complejo())


def _demasiado_complejo() -> str:
    """A %-template: ``validar_pdf`` puts the file's name in."""
    return (
        _(
            "«%(nombre)s» es demasiado complejo para revisarlo en un tiempo razonable. "
            "Divídalo en varios archivos o simplifíquelo. "
        )
        + _imprimir_de_nuevo()
    )


def _inspeccionar(datos: bytes) -> int:
    """The page count, after checking bounds and active content (raises)."""
    reloj = _Reloj()
    for marca, que in MARCAS_ACTIVAS.items():
        if marca in datos:
            raise _ContenidoActivo(que)
    _contar_en_los_bytes(datos)
    lector = PdfReader(io.BytesIO(datos), strict=False)
    reloj.ahora()
    if lector.is_encrypted and not lector.decrypt(""):
        raise _Cifrado
    objetos = [
        IndirectObject(numero, generacion, lector)
        for generacion, tabla in lector.xref.items()
        for numero in tabla
    ] + [IndirectObject(numero, 0, lector) for numero in lector.xref_objStm]
    maximo = int(settings.EXPEDIENTES_PDF_MAX_OBJETOS)
    if len(objetos) > maximo:
        raise _FueraDeLimite(_demasiado_complejo())
    paginas = _contar_paginas(lector, reloj)
    for referencia in objetos:
        reloj.revisar()
        _buscar_contenido_activo(referencia.get_object(), reloj)
    # The catalogue and the trailer, even if the table skips them.
    _buscar_contenido_activo(lector.trailer, reloj)
    return paginas


def _contar_en_los_bytes(datos: bytes) -> None:
    """Objects and declared pages counted in the bytes, before pypdf parses them:
    reading the cross-reference table of 99,000 pages alone takes most of a second.
    Objects compressed in object streams are not seen here; the table is checked
    again after parsing."""
    objetos = datos.count(b"obj") - datos.count(b"endobj")
    if objetos > int(settings.EXPEDIENTES_PDF_MAX_OBJETOS):
        raise _FueraDeLimite(_demasiado_complejo())
    declaradas = max(map(int, CUENTA_DE_PAGINAS.findall(datos)), default=0)
    if declaradas > int(settings.EXPEDIENTES_PDF_MAX_PAGINAS):
        raise _FueraDeLimite(_demasiadas_paginas())


def _demasiadas_paginas() -> str:
    """A %-template: ``validar_pdf`` puts the file's name in."""
    return _(
        "«%(nombre)s» tiene más de {maximo} páginas. Divídalo en varios archivos."
    ).format(maximo=int(settings.EXPEDIENTES_PDF_MAX_PAGINAS))


def _contar_paginas(lector: PdfReader, reloj: _Reloj) -> int:
    """Leaves of the page tree, walked with a bound (``len(reader.pages)`` is not:
    99,000 pages took seconds)."""
    maximo = int(settings.EXPEDIENTES_PDF_MAX_PAGINAS)
    demasiadas = _demasiadas_paginas()
    raiz = lector.trailer["/Root"].get_object()
    declaradas = raiz["/Pages"].get_object().get("/Count", 0)
    if isinstance(declaradas, int) and declaradas > maximo:
        raise _FueraDeLimite(demasiadas)
    pendientes = [raiz["/Pages"]]
    vistos: set[int] = set()
    paginas = 0
    while pendientes:
        reloj.revisar()
        referencia = pendientes.pop()
        if isinstance(referencia, IndirectObject):
            if referencia.idnum in vistos:
                continue  # a loop in the tree
            vistos.add(referencia.idnum)
        nodo = referencia.get_object()
        if not isinstance(nodo, DictionaryObject):
            continue
        hijos = nodo.get("/Kids")
        if hijos is not None and nodo.get("/Type") != "/Page":
            pendientes.extend(reversed(list(hijos.get_object())))
            continue
        paginas += 1
        if paginas > maximo:
            raise _FueraDeLimite(demasiadas)
    return paginas


def _buscar_contenido_activo(objeto, reloj: _Reloj) -> None:
    """Walks one object's direct dictionaries and arrays (indirect ones are visited
    on their own), never decoding a stream."""
    pendientes = [objeto]
    while pendientes:
        reloj.revisar(cada=1024)
        actual = pendientes.pop()
        if isinstance(actual, DictionaryObject):
            for clave, valor in actual.items():
                if clave in NOMBRES_ACTIVOS:
                    raise _ContenidoActivo(NOMBRES_ACTIVOS[clave])
                if clave in ("/S", "/Type", "/Subtype") and isinstance(valor, str):
                    if valor in ACCIONES_ACTIVAS:
                        raise _ContenidoActivo(ACCIONES_ACTIVAS[valor])
                    if valor in NOMBRES_ACTIVOS:
                        raise _ContenidoActivo(NOMBRES_ACTIVOS[valor])
                if isinstance(valor, (DictionaryObject, ArrayObject)):
                    pendientes.append(valor)
        elif isinstance(actual, ArrayObject):
            pendientes.extend(
                v for v in actual if isinstance(v, (DictionaryObject, ArrayObject))
            )
