"""Hostile PDFs, made in the test that uses them (issue 14): raw bytes written here,
or a real PDF changed with pypdf. Each one is what a viewer would still open.

- ``pdf_crudo``: a PDF written byte by byte, with objects left out of its
  cross-reference table and a ``startxref`` that may point nowhere;
- ``javascript_escondido``: a JavaScript OpenAction outside the table, its names
  written with ``#xx`` escapes (``/Java#53cript``), plain or inside a compressed
  object stream that the table leaves out too;
- ``muchos_objetos_en_flujos``: millions of objects in object streams and a wrong
  ``startxref`` (the issue's 10 MB file took 12-13 s in pypdf);
- ``bomba``: a content stream that inflates to 1 GiB;
- ``con_html``: a real PDF with markup after its first 1,024 bytes.
"""

from __future__ import annotations

import functools
import zlib

from tests.factories import pdf_de_prueba

CATALOGO = b"<< /Type /Catalog /Pages 2 0 R >>"
PAGINAS = b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"
PAGINA = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>"


def flujo(contenido: bytes, diccionario: bytes = b"", *, comprimir=True) -> bytes:
    """A stream object's body."""
    if comprimir:
        contenido = zlib.compress(contenido)
        diccionario += b" /Filter /FlateDecode"
    return (
        b"<< /Length %d %s >>\nstream\n" % (len(contenido), diccionario)
        + contenido
        + b"\nendstream"
    )


def pdf_crudo(
    objetos: list[bytes],
    *,
    fuera_de_la_tabla: tuple[int, ...] = (),
    startxref_falso: bool = False,
) -> bytes:
    """Objects numbered from 1 (the first is the catalogue), a classic table that
    marks ``fuera_de_la_tabla`` as free, and a trailer."""
    salida = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    posiciones = []
    for numero, cuerpo in enumerate(objetos, start=1):
        posiciones.append(len(salida))
        salida += b"%d 0 obj\n" % numero + cuerpo + b"\nendobj\n"
    tabla = len(salida)
    salida += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objetos) + 1)
    for numero, posicion in enumerate(posiciones, start=1):
        if numero in fuera_de_la_tabla:
            salida += b"0000000000 65535 f \n"
        else:
            salida += b"%010d 00000 n \n" % posicion
    salida += b"trailer\n<< /Size %d /Root 1 0 R >>\n" % (len(objetos) + 1)
    salida += b"startxref\n%d\n%%%%EOF\n" % (tabla + 7 if startxref_falso else tabla)
    return bytes(salida)


def flujo_de_objetos(primero: int, cuerpos: list[bytes]) -> bytes:
    """An object stream (``/Type /ObjStm``) holding ``cuerpos`` as objects
    ``primero``, ``primero + 1``…"""
    cabecera, datos = bytearray(), bytearray()
    for numero, cuerpo in enumerate(cuerpos, start=primero):
        cabecera += b"%d %d " % (numero, len(datos))
        datos += cuerpo + b" "
    return flujo(
        bytes(cabecera) + bytes(datos),
        b"/Type /ObjStm /N %d /First %d" % (len(cuerpos), len(cabecera)),
    )


ACCION_ESCONDIDA = b"<< /Type /Action /#53 /Java#53cript /J#53 (app.alert\\(1\\)) >>"


def javascript_escondido(*, comprimido: bool = False) -> bytes:
    """The catalogue opens with object 4, a JavaScript action the table leaves
    out; ``comprimido``: object 4 is inside object stream 5, left out too."""
    catalogo = b"<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>"
    if not comprimido:
        return pdf_crudo(
            [catalogo, PAGINAS, PAGINA, ACCION_ESCONDIDA], fuera_de_la_tabla=(4,)
        )
    return pdf_crudo(
        [catalogo, PAGINAS, PAGINA, b"null", flujo_de_objetos(4, [ACCION_ESCONDIDA])],
        fuera_de_la_tabla=(4, 5),
    )


def muchos_objetos_en_flujos(
    n: int, *, por_flujo: int = 10_000, startxref_falso: bool = True
) -> bytes:
    """One page, then ``n`` null objects in object streams of ``por_flujo`` each;
    ``startxref`` points past the table, so a reader rebuilds it by scanning."""
    objetos = [CATALOGO, PAGINAS, PAGINA]
    primero = 3 + (n + por_flujo - 1) // por_flujo + 1
    for inicio in range(0, n, por_flujo):
        cuantos = min(por_flujo, n - inicio)
        objetos.append(flujo_de_objetos(primero + inicio, [b"null"] * cuantos))
    return pdf_crudo(objetos, startxref_falso=startxref_falso)


@functools.cache
def bomba(inflado: int = 1024**3) -> bytes:
    """A page whose content stream is ``inflado`` bytes of spaces (valid content:
    nothing to draw), in about a thousandth of that. Written without compressing
    1 GiB: after a full flush zlib forgets what came before, so one MiB of spaces
    compresses to the same block every time; the checksum is of the whole."""
    trozo = b" " * (1024 * 1024)
    veces = inflado // len(trozo)
    compresor = zlib.compressobj(9)
    primero = compresor.compress(trozo) + compresor.flush(zlib.Z_FULL_FLUSH)
    bloque = compresor.compress(trozo) + compresor.flush(zlib.Z_FULL_FLUSH)
    ultimo = compresor.compress(trozo) + compresor.flush()
    suma = 1
    for _ in range(veces):
        suma = zlib.adler32(trozo, suma)
    comprimido = primero + bloque * (veces - 2) + ultimo[:-4] + suma.to_bytes(4, "big")
    contenido = (
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(comprimido)
        + comprimido
        + b"\nendstream"
    )
    pagina = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>"
    return pdf_crudo([CATALOGO, PAGINAS, pagina, contenido])


def con_html(marca: bytes) -> bytes:
    """A real PDF with ``marca`` in a comment after its end (a viewer ignores it;
    a browser sniffing the bytes reads markup), well past the first 1,024 bytes."""
    pdf = pdf_de_prueba()
    return pdf + b"%" + b"-" * 2048 + b"\n%" + marca + b"\n"
