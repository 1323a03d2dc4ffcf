"""Checks on uploaded files: a PDF is a PDF by its content, not its name.

Called by the forms (``forms.cargas.ArchivosAcotadosMixin`` inspects every PDF of a
request before any field is cleaned) and by the services (``validar_pdf``,
``validar_pdfs``); the result, accepted or refused, is kept on the file object so a
PDF is inspected once and a refusal logged once.

The bytes are inspected in a child process (``inspeccion_pdf``), all the files of a
request in the same one, with bounds the worker cannot be talked out of: pages,
objects and inflated bytes per file (``EXPEDIENTES_PDF_MAX_PAGINAS``,
``_MAX_OBJETOS``, ``_MAX_DESCOMPRIMIDO``), seconds per file
(``EXPEDIENTES_PDF_SEGUNDOS``), and for the request's files together a wall-clock
budget (``EXPEDIENTES_PDF_SEGUNDOS_PETICION``, the child killed past it), CPU
seconds and memory (``_CPU_PETICION``, ``_MEMORIA``: the kernel's limits on the
child). A file the budget did not reach is refused as such, never accepted.

A public office keeps what it receives and hands it on, so a PDF with active content
(JavaScript, actions that launch programs, send forms or open other files, embedded
files, multimedia, XFA forms, links that are not web pages or e-mail addresses),
compressed data that inflates past the bound, or that is at the same time a web
page (an HTML/PDF polyglot) is refused, with the way out a person can take:
printing it to PDF again keeps the pages and drops the rest.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import re
import signal
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .inspeccion_pdf import Limites

logger = logging.getLogger(__name__)

#: The child's program: run as a file with ``-I`` (isolated: no PYTHON* variables,
#: no current directory or project on ``sys.path``), it needs only pypdf.
PROGRAMA = Path(__file__).with_name("inspeccion_pdf.py")
#: Seconds the parent waits past the request's budget before it kills the child,
#: which stops itself at the budget (its start-up is counted in the budget).
MARGEN = 1.0


@dataclass(frozen=True)
class InfoPDF:
    sha256: str
    paginas: int
    tamano: int


def _imprimir_de_nuevo() -> str:
    """The way out of every refusal of content: print the document to PDF again."""
    return _(
        "Ábralo en su computador y use «Imprimir» → «Guardar como PDF» (o "
        "«Microsoft Print to PDF»): imprimir de nuevo a PDF conserva las páginas y "
        "quita lo demás."
    )


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
    active content; Spanish errors (``ValidationError``)."""
    return validar_pdfs([archivo])[0]


def validar_pdfs(archivos: Sequence[UploadedFile]) -> list[InfoPDF]:
    """``validar_pdf`` of several files, inspected together in one child process;
    raises the first file's error."""
    inspeccionar_juntos(archivos)
    for archivo in archivos:
        if (error := getattr(archivo, "_error_pdf", None)) is not None:
            raise error
    return [archivo._info_pdf for archivo in archivos]


def inspeccionar_juntos(archivos: Sequence[UploadedFile]) -> None:
    """Inspect the files not inspected yet, in one child for all of them, and keep
    on each its ``_info_pdf`` or its ``_error_pdf``; one log line per refusal."""
    pendientes = []
    for archivo in archivos:
        if hasattr(archivo, "_info_pdf") or hasattr(archivo, "_error_pdf"):
            continue
        datos, error = _leer(archivo)
        if error is not None:
            _rechazar(archivo, error, len(datos or b"") or archivo.size, None)
        else:
            pendientes.append((archivo, datos))
    if not pendientes:
        return
    resultados = _en_el_proceso_hijo([datos for _archivo, datos in pendientes])
    for (archivo, datos), resultado in zip(pendientes, resultados, strict=True):
        resumen = hashlib.sha256(datos).hexdigest()
        if resultado.get("resultado") == "ok":
            archivo._info_pdf = InfoPDF(
                sha256=resumen, paginas=int(resultado["paginas"]), tamano=len(datos)
            )
        else:
            error = _mensaje(_nombre(archivo), resultado)
            _rechazar(archivo, error, len(datos), resumen, resultado)


def _nombre(archivo: UploadedFile) -> str:
    return archivo.name or _("el archivo")


def _leer(archivo: UploadedFile) -> tuple[bytes | None, ValidationError | None]:
    """The file's bytes, or why they are not worth a child: too big, or not a PDF."""
    nombre = _nombre(archivo)
    if archivo.size is not None and archivo.size > tamano_maximo():
        return None, error_de_tamano(nombre, archivo.size)
    archivo.seek(0)
    datos = archivo.read(tamano_maximo() + 1)
    archivo.seek(0)
    if len(datos) > tamano_maximo():
        return datos, error_de_tamano(nombre, len(datos))
    if not datos.startswith(b"%PDF-"):
        return datos, ValidationError(
            _("«%(nombre)s» no es un PDF (su contenido no es de un PDF).")
            % {"nombre": nombre},
            code="no_pdf",
        )
    return datos, None


def _rechazar(archivo, error: ValidationError, tamano, resumen, resultado=None):
    archivo._error_pdf = error
    logger.warning(
        "PDF rechazado: %r, %s bytes, sha256 %s: %s %s",
        _nombre(archivo),
        tamano,
        resumen or "-",
        error.code,
        json.dumps(resultado or {}, ensure_ascii=False, separators=(",", ":")),
    )


def limites() -> Limites:
    """The child's bounds for a request that starts now (settings read each time:
    tests change them)."""
    segundos = float(settings.EXPEDIENTES_PDF_SEGUNDOS_PETICION)
    return Limites(
        max_paginas=int(settings.EXPEDIENTES_PDF_MAX_PAGINAS),
        max_objetos=int(settings.EXPEDIENTES_PDF_MAX_OBJETOS),
        max_descomprimido=int(settings.EXPEDIENTES_PDF_MAX_DESCOMPRIMIDO),
        segundos=float(settings.EXPEDIENTES_PDF_SEGUNDOS),
        plazo=time.monotonic() + segundos,
        cpu=max(1, math.ceil(settings.EXPEDIENTES_PDF_CPU_PETICION)),
        memoria=int(settings.EXPEDIENTES_PDF_MEMORIA),
    )


def _en_el_proceso_hijo(contenidos: list[bytes]) -> list[dict]:
    """One result per file, in order. A file the child did not report on (killed at
    the budget or by the kernel, or crashed) is refused with the reason; the ones
    after it were not reached."""
    bounds = limites()
    cabecera = json.dumps(
        {"limites": asdict(bounds), "tamanos": [len(d) for d in contenidos]}
    )
    entrada = cabecera.encode() + b"\n" + b"".join(contenidos)
    espera = max(0.0, bounds.plazo - time.monotonic()) + MARGEN
    causa = None
    try:
        proceso = subprocess.run(  # noqa: S603 -- our own program, no shell
            [sys.executable, "-I", str(PROGRAMA)],
            input=entrada,
            capture_output=True,
            timeout=espera,
            env={"LC_ALL": "C.UTF-8"},
            check=False,
        )
        salida, errores, codigo = proceso.stdout, proceso.stderr, proceso.returncode
    except subprocess.TimeoutExpired as vencido:
        salida, errores, codigo = vencido.stdout or b"", vencido.stderr or b"", None
        causa = "plazo"
    except OSError:
        logger.exception("No se pudo iniciar la revisión de PDF")
        return [{"resultado": "no_revisado"}] * len(contenidos)
    resultados = []
    for linea in salida.splitlines()[: len(contenidos)]:
        try:
            resultados.append(json.loads(linea))
        except ValueError:
            break
    if len(resultados) < len(contenidos):
        if causa is None:
            causa = _causa_de_salida(codigo, errores)
            if causa == "fallo":
                logger.error(
                    "La revisión de PDF terminó con %s: %s",
                    codigo,
                    errores[-2000:].decode("utf-8", "replace"),
                )
        resultados.append({"resultado": "complejo", "causa": causa})
        resultados += [{"resultado": "sin_revisar"}] * (
            len(contenidos) - len(resultados)
        )
    return resultados


def _causa_de_salida(codigo: int | None, errores: bytes) -> str:
    """Why the child stopped before the end: the kernel's CPU limit (SIGXCPU, then
    SIGKILL at the hard limit), its memory limit (a ``MemoryError`` where the child
    could not catch it), or something else, which is logged."""
    if codigo in (-signal.SIGXCPU, -signal.SIGKILL):
        return "cpu"
    if b"MemoryError" in errores[-2000:]:
        return "memoria"
    return "fallo"


#: Each verdict of the child: its message (%-template), its code, and whether it
#: ends with the way out (print it to PDF again). Unknown verdicts read "dañado".
MENSAJES = {
    "html": (
        gettext_lazy(
            "«%(nombre)s» no es solo un PDF: también contiene una página web. "
        ),
        "pdf_html",
        True,
    ),
    "activo": (
        gettext_lazy(
            "«%(nombre)s» trae %(que)s, que por seguridad no se reciben en un "
            "documento oficial. "
        ),
        "pdf_activo",
        True,
    ),
    "paginas": (
        gettext_lazy(
            "«%(nombre)s» tiene más de %(paginas)s páginas. Divídalo en varios "
            "archivos."
        ),
        "pdf_limite",
        False,
    ),
    "descomprimido": (
        gettext_lazy(
            "«%(nombre)s» trae datos comprimidos que al abrirlos ocupan más de "
            "%(descomprimido)s: así se bloquea el equipo de quien lo abre. "
        ),
        "pdf_limite",
        True,
    ),
    "complejo": (
        gettext_lazy(
            "«%(nombre)s» es demasiado complejo para revisarlo en un tiempo "
            "razonable. Divídalo en varios archivos o simplifíquelo. "
        ),
        "pdf_limite",
        True,
    ),
    "sin_revisar": (
        gettext_lazy(
            "«%(nombre)s» no se alcanzó a revisar: los archivos anteriores de este "
            "envío agotaron el tiempo de revisión (%(segundos)s s para todos "
            "juntos). Envíe este archivo aparte o con menos archivos."
        ),
        "pdf_limite",
        False,
    ),
    "cifrado": (
        gettext_lazy("«%(nombre)s» está protegido con contraseña. "),
        "pdf_cifrado",
        True,
    ),
    "vacio": (gettext_lazy("«%(nombre)s» no tiene páginas."), "vacio", False),
    "no_revisado": (
        gettext_lazy(
            "No se pudo revisar «%(nombre)s» en este momento. Intente de nuevo en "
            "unos minutos."
        ),
        "pdf_no_revisado",
        False,
    ),
    "danado": (
        gettext_lazy("«%(nombre)s» está dañado o no se puede leer como PDF."),
        "pdf_danado",
        False,
    ),
}


def _mensaje(nombre: str, resultado: dict) -> ValidationError:
    """The Spanish refusal for a child's verdict."""
    plantilla, codigo, reimprimir = MENSAJES.get(
        resultado.get("resultado"), MENSAJES["danado"]
    )
    texto = str(plantilla) % {
        "nombre": nombre,
        "que": resultado.get("que", _("contenido activo")),
        "paginas": int(settings.EXPEDIENTES_PDF_MAX_PAGINAS),
        "descomprimido": filesizeformat(settings.EXPEDIENTES_PDF_MAX_DESCOMPRIMIDO),
        "segundos": settings.EXPEDIENTES_PDF_SEGUNDOS_PETICION,
    }
    return ValidationError(
        texto + _imprimir_de_nuevo() if reimprimir else texto, code=codigo
    )


def nombre_de_descarga(nombre: str) -> str:
    """The uploader's file name as a download offers it again: no control
    characters or path separators, and a PDF's extension (every file a case keeps
    is a PDF). Django's ``FileResponse`` quotes it in the header."""
    nombre = re.sub(r"[\x00-\x1f\x7f/\\]", "", nombre).strip() or "documento.pdf"
    return nombre if nombre.lower().endswith(".pdf") else f"{nombre}.pdf"
