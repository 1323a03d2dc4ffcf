"""The inspection of uploaded PDFs, in a child process with hard limits.

``subidas.inspeccionar_juntos`` runs this file (``python -I …/inspeccion_pdf.py``)
once per request, with every PDF of the request on its standard input, and reads
one JSON line per file from its output. pypdf is pure Python: in the web worker a
hostile file held the worker (and, through the GIL, its other threads) for as long
as pypdf took, 12 s for one of 10 MB, whatever the per-file limit said, because the
time was spent inside pypdf, where nothing checked the clock. Here:

- each file has ``segundos`` (``EXPEDIENTES_PDF_SEGUNDOS``) of CPU time: a
  ``SIGPROF`` interrupts pypdf wherever it is (``_Tiempo`` is a ``BaseException``,
  so pypdf's own ``except Exception`` cannot swallow it). CPU, not wall-clock, time:
  on a loaded server a small file waiting for a CPU is not "too complex";
- the request has ``plazo`` (``EXPEDIENTES_PDF_SEGUNDOS_PETICION``, a moment on the
  monotonic clock, which the processes of one machine share) for all its files
  together, in wall-clock time, which bounds how long a worker waits: a ``SIGALRM``
  at that moment, and the parent kills the child past it, whatever the child does;
- the kernel ends the child past ``cpu`` seconds of CPU (``RLIMIT_CPU``) and refuses
  it memory past ``memoria`` bytes (``RLIMIT_AS``: a ``MemoryError`` here);
- pypdf's logger is off: it writes a warning per malformed object (200,003 lines for
  one 9.6 MB file); the parent logs one line per refused file.

Nothing here imports Django or the rest of the project (``-I`` leaves the project
off ``sys.path``): the child starts in about a tenth of a second. What a result
means for a person (the Spanish message) is the parent's business.

Protocol: a JSON line ``{"limites": {...}, "tamanos": [n, ...]}``, then the files'
bytes one after the other; out, per file and in order, ``{"resultado": "ok",
"paginas": n}`` or ``{"resultado": <motivo>, ...}`` (``MOTIVOS``).
"""

from __future__ import annotations

import io
import json
import logging
import re
import resource
import signal
import sys
import time
import warnings
import zlib
from dataclasses import dataclass

from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

#: What a refusal may be; the parent words each one (``subidas._mensaje``).
MOTIVOS = (
    "html",  # also a web page (a polyglot)
    "activo",  # active content; ``que`` says which
    "paginas",  # more than ``max_paginas``
    "complejo",  # too complex to inspect in time; ``causa`` says which bound
    "descomprimido",  # compressed data that inflates past ``max_descomprimido``
    "cifrado",  # needs a password
    "danado",  # pypdf cannot read it
    "vacio",  # no pages
)

#: Actions (``/S``) that run something, send something or open something else,
#: rather than show a page of this document. ``/URI`` is checked by its address.
ACCIONES_ACTIVAS = {
    "/JavaScript": "JavaScript",
    "/Launch": "acciones que abren programas",
    "/ImportData": "acciones que importan datos",
    "/SubmitForm": "formularios que envían datos a otro sitio",
    "/GoToR": "enlaces que abren otros archivos",
    "/GoToE": "archivos incrustados",
    "/RichMediaExecute": "contenido multimedia",
    "/Sound": "contenido multimedia",
    "/Movie": "contenido multimedia",
    "/Rendition": "contenido multimedia",
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
#: Web links stay: an oficio written in a word processor carries the municipality's
#: site and e-mail, and a viewer asks before opening them. Any other address
#: (``javascript:``, ``file:``, ``data:``, a ``\\\\server`` share that leaks the
#: reader's Windows credentials) is refused.
ESQUEMAS_PERMITIDOS = re.compile(r"\s*(?:https?://|mailto:)", re.IGNORECASE)
ENLACE_PELIGROSO = "enlaces que no van a una página web ni a un correo"

#: Active names spelt out in the bytes, for objects a lenient viewer finds though
#: the cross-reference table leaves them out. Long enough never to appear by
#: chance in compressed data (``/JS`` is not: it is caught when written escaped).
MARCAS_ACTIVAS = {
    b"/JavaScript": "JavaScript",
    b"/Launch": "acciones que abren programas",
    b"/EmbeddedFile": "archivos incrustados",
    b"/RichMedia": "contenido multimedia",
    b"/SubmitForm": "formularios que envían datos a otro sitio",
    b"/GoToR": "enlaces que abren otros archivos",
    b"/ImportData": "acciones que importan datos",
}
#: A name written with ``#xx`` escapes (``/Java#53cript`` is ``/JavaScript`` to a
#: viewer). Nobody escapes a plain letter but to hide it: decoded, it is compared
#: with every active name and action, short ones included.
_DELIMITADORES = rb"\x00\t\n\x0c\r /%()<>\[\]{}"
NOMBRE_CON_ESCAPES = re.compile(
    rb"/[^" + _DELIMITADORES + rb"]*#[0-9A-Fa-f]{2}[^" + _DELIMITADORES + rb"]*"
)
ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
NOMBRES_ESCONDIDOS = {
    **{n.encode(): que for n, que in NOMBRES_ACTIVOS.items()},
    **{n.encode(): que for n, que in ACCIONES_ACTIVAS.items()},
}

#: HTML in the first bytes makes the file a web page too (a polyglot)...
HTML_EN_CABECERA = re.compile(
    rb"<\s*(!doctype|html|head|body|script|iframe|svg|meta|object|embed|img|a\s)",
    re.IGNORECASE,
)
CABECERA = 1024
#: ... and so does, anywhere in the file, markup that runs or loads something: a
#: script, a frame or an embedded object, a redirect, an event handler on any tag
#: (``<svg onload=…>``, ``<img onerror=…>``), a ``javascript:`` link. Each needs
#: five or more precise bytes in a row: compressed data does not produce them by
#: chance (a bare ``<svg`` or ``<a`` would, a few times in a thousand files).
HTML_EN_CUALQUIER_PARTE = re.compile(
    rb"<\s*(?:script|iframe|frame|frameset|object|embed|applet|html|meta|base|form)"
    rb"[\s/>]"
    rb"|<[a-z][a-z0-9-]*[\s/][^<>]{0,512}?\bon[a-z]{3,}\s*="
    rb"|<[a-z][a-z0-9-]*[\s/][^<>]{0,512}?"
    rb"\b(?:href|src|action|data|formaction)\s*=\s*[\"']?\s*javascript:",
    re.IGNORECASE,
)

#: ``stream`` followed by its end of line (not the end of ``endstream``).
INICIO_DE_FLUJO = re.compile(rb"(?<!end)stream(?:\r\n|\n|\r)")
#: ``/Count n`` of the page tree and ``/N n`` of an object stream, as written.
CUENTA_DE_PAGINAS = re.compile(rb"/Count\s+(\d{1,9})")
OBJETOS_DEL_FLUJO = re.compile(rb"/N\s+(\d{1,9})")
#: Bytes fed to zlib at a time and the most it may give back at once: a stream is
#: inflated piece by piece and counted, never held whole.
ENTRADA = 64 * 1024
SALIDA = 1024 * 1024
#: Bytes of one piece kept to find a marker cut in two by the next.
SOLAPE = 64


@dataclass(frozen=True)
class Limites:
    max_paginas: int
    max_objetos: int
    max_descomprimido: int
    segundos: float
    #: The request's deadline on ``time.monotonic()``.
    plazo: float
    cpu: int
    memoria: int


class _Rechazo(Exception):
    def __init__(self, motivo: str, **detalle: str) -> None:
        super().__init__(motivo)
        self.resultado = {"resultado": motivo, **detalle}


class _Tiempo(BaseException):
    """Raised by a timer's signal inside pypdf; a ``BaseException`` so that no
    ``except Exception`` of pypdf's can swallow it. ``causa``: "tiempo" (the
    file's CPU time) or "plazo" (the request's deadline)."""

    def __init__(self, causa: str) -> None:
        super().__init__(causa)
        self.causa = causa


def _sin_tiempo(signum, frame):
    raise _Tiempo("tiempo")


def _sin_plazo(signum, frame):
    raise _Tiempo("plazo")


def inspeccionar(datos: bytes, limites: Limites) -> dict:
    """One file's result (a dict for JSON); never raises for a bad file."""
    resto = limites.plazo - time.monotonic()
    if resto <= 0:
        return {"resultado": "complejo", "causa": "plazo"}
    if limites.segundos <= 0:  # a zero timer would be no timer at all
        return {"resultado": "complejo", "causa": "tiempo"}
    signal.setitimer(signal.ITIMER_REAL, resto)
    signal.setitimer(signal.ITIMER_PROF, limites.segundos)
    try:
        return {"resultado": "ok", "paginas": _inspeccionar(datos, limites)}
    except _Tiempo as tiempo:
        return {"resultado": "complejo", "causa": tiempo.causa}
    except _Rechazo as rechazo:
        return rechazo.resultado
    except MemoryError:
        return {"resultado": "complejo", "causa": "memoria"}
    except RecursionError:
        return {"resultado": "danado"}
    except Exception:  # noqa: BLE001 -- whatever pypdf raises, the file is unreadable
        return {"resultado": "danado"}
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.setitimer(signal.ITIMER_REAL, 0)


def _inspeccionar(datos: bytes, limites: Limites) -> int:
    """The page count, after every check (raises ``_Rechazo``)."""
    if HTML_EN_CABECERA.search(datos, 0, CABECERA) or HTML_EN_CUALQUIER_PARTE.search(
        datos
    ):
        raise _Rechazo("html")
    _revisar_bytes(datos, limites)
    return _revisar_estructura(datos, limites)


# --- The bytes, before pypdf ---


def _buscar_marcas(datos: bytes) -> None:
    for marca, que in MARCAS_ACTIVAS.items():
        if marca in datos:
            raise _Rechazo("activo", que=que)
    if b"#" in datos:
        for nombre in NOMBRE_CON_ESCAPES.findall(datos):
            claro = _claro(nombre)
            if claro in NOMBRES_ESCONDIDOS:
                raise _Rechazo("activo", que=NOMBRES_ESCONDIDOS[claro])


def _revisar_bytes(datos: bytes, limites: Limites) -> None:
    """Active names in the whole file and in every compressed stream, inflated with
    a cap; objects and pages counted as written, so that a file too big to parse is
    refused before pypdf spends seconds on it (2 million objects in object streams
    took 12 s to parse)."""
    _buscar_marcas(datos)
    objetos = datos.count(b"obj") - datos.count(b"endobj")
    if objetos > limites.max_objetos:
        raise _Rechazo("complejo", causa="objetos")
    declaradas = max(map(int, CUENTA_DE_PAGINAS.findall(datos)), default=0)
    if declaradas > limites.max_paginas:
        raise _Rechazo("paginas")
    inflados = 0
    for numero, inicio in enumerate(INICIO_DE_FLUJO.finditer(datos), start=1):
        if numero > limites.max_objetos:
            raise _Rechazo("complejo", causa="objetos")
        diccionario = datos[max(0, inicio.start() - 2048) : inicio.start()]
        diccionario = _claro(diccionario[diccionario.rfind(b"obj") :])
        de_objetos = b"/ObjStm" in diccionario
        if de_objetos:
            declarados = OBJETOS_DEL_FLUJO.findall(diccionario)
            objetos += int(declarados[-1]) if declarados else 0
            if objetos > limites.max_objetos:
                raise _Rechazo("complejo", causa="objetos")
        inflados = _inflar(datos, inicio.end(), inflados, limites, de_objetos)


def _claro(datos: bytes) -> bytes:
    """``#xx`` escapes decoded (names only have them)."""
    if b"#" not in datos:
        return datos
    return ESCAPE.sub(lambda m: bytes([int(m[1], 16)]), datos)


def _inflar(
    datos: bytes, inicio: int, inflados: int, limites: Limites, buscar: bool
) -> int:
    """Inflates the zlib stream at ``inicio``, if there is one, and returns the
    bytes inflated so far in the file. Past ``max_descomprimido`` the file is
    refused: a stream of 1 MB that inflates to 1 GiB is a bomb for whoever opens
    it. ``buscar`` (an object stream, which hides whole objects): active names are
    looked for in what comes out; images and pages hide none, and are only
    counted."""
    descompresor = zlib.decompressobj()
    vista = memoryview(datos)
    anterior = b""
    posicion = inicio
    while posicion < len(datos) and not descompresor.eof:
        pendiente = vista[posicion : posicion + ENTRADA]
        posicion += len(pendiente)
        while pendiente and not descompresor.eof:
            try:
                salida = descompresor.decompress(pendiente, SALIDA)
            except zlib.error:
                return inflados  # not zlib, or damaged: pypdf judges it
            inflados += len(salida)
            if inflados > limites.max_descomprimido:
                raise _Rechazo("descomprimido")
            if buscar:
                _buscar_marcas(anterior + salida)
                anterior = salida[-SOLAPE:]
            pendiente = descompresor.unconsumed_tail
    return inflados


# --- The structure, with pypdf ---


def _revisar_estructura(datos: bytes, limites: Limites) -> int:
    lector = PdfReader(io.BytesIO(datos), strict=False)
    if lector.is_encrypted and not lector.decrypt(""):
        raise _Rechazo("cifrado")
    objetos = [
        IndirectObject(numero, generacion, lector)
        for generacion, tabla in lector.xref.items()
        for numero in tabla
    ] + [IndirectObject(numero, 0, lector) for numero in lector.xref_objStm]
    if len(objetos) > limites.max_objetos:
        raise _Rechazo("complejo", causa="objetos")
    paginas = _contar_paginas(lector, limites)
    for referencia in objetos:
        _buscar_contenido_activo(referencia.get_object())
    # The catalogue and the trailer, even if the table skips them.
    _buscar_contenido_activo(lector.trailer)
    if paginas < 1:
        raise _Rechazo("vacio")
    return paginas


def _contar_paginas(lector, limites: Limites) -> int:
    """Leaves of the page tree, walked with a bound (``len(reader.pages)`` is not:
    99,000 pages took seconds)."""
    raiz = lector.trailer["/Root"].get_object()
    declaradas = raiz["/Pages"].get_object().get("/Count", 0)
    if isinstance(declaradas, int) and declaradas > limites.max_paginas:
        raise _Rechazo("paginas")
    pendientes = [raiz["/Pages"]]
    vistos: set[int] = set()
    paginas = 0
    while pendientes:
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
        if paginas > limites.max_paginas:
            raise _Rechazo("paginas")
    return paginas


def _buscar_contenido_activo(objeto) -> None:
    """Walks one object's direct dictionaries and arrays (indirect ones are visited
    on their own); names come decoded (``/Java#53cript`` reads ``/JavaScript``)."""
    pendientes = [objeto]
    while pendientes:
        actual = pendientes.pop()
        if isinstance(actual, DictionaryObject):
            for clave, valor in actual.items():
                if clave in NOMBRES_ACTIVOS:
                    raise _Rechazo("activo", que=NOMBRES_ACTIVOS[clave])
                if clave in ("/S", "/Type", "/Subtype") and isinstance(valor, str):
                    if valor in ACCIONES_ACTIVAS:
                        raise _Rechazo("activo", que=ACCIONES_ACTIVAS[valor])
                    if valor in NOMBRES_ACTIVOS:
                        raise _Rechazo("activo", que=NOMBRES_ACTIVOS[valor])
                if isinstance(valor, (DictionaryObject, ArrayObject)):
                    pendientes.append(valor)
            if actual.get("/S") == "/URI":
                _revisar_enlace(actual.get("/URI"))
        elif isinstance(actual, ArrayObject):
            pendientes.extend(
                v for v in actual if isinstance(v, (DictionaryObject, ArrayObject))
            )


def _revisar_enlace(direccion) -> None:
    if hasattr(direccion, "get_object"):
        direccion = direccion.get_object()
    if isinstance(direccion, bytes):
        direccion = direccion.decode("latin-1")
    if not isinstance(direccion, str) or not ESQUEMAS_PERMITIDOS.match(direccion):
        raise _Rechazo("activo", que=ENLACE_PELIGROSO)


# --- The child process ---


def _limitar_proceso(limites: Limites) -> None:
    """The kernel's bounds, set by the child on itself (no ``preexec_fn``, which is
    not safe in a threaded server)."""
    resource.setrlimit(resource.RLIMIT_CPU, (limites.cpu, limites.cpu + 1))
    resource.setrlimit(resource.RLIMIT_AS, (limites.memoria, limites.memoria))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def main() -> int:
    entrada, salida = sys.stdin.buffer, sys.stdout
    cabecera = json.loads(entrada.readline())
    limites = Limites(**cabecera["limites"])
    _limitar_proceso(limites)
    logging.disable(logging.CRITICAL)
    warnings.simplefilter("ignore")
    signal.signal(signal.SIGPROF, _sin_tiempo)
    signal.signal(signal.SIGALRM, _sin_plazo)
    for tamano in cabecera["tamanos"]:
        datos = entrada.read(tamano)
        salida.write(json.dumps(inspeccionar(datos, limites)) + "\n")
        salida.flush()
        del datos
    return 0


if __name__ == "__main__":
    sys.exit(main())
