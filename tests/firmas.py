"""What the signature tests do to a signed PDF: a forger's signature, a change
appended after signing, one byte changed (tests/expedientes/test_firma.py,
test_integridad_firmas.py, tests/portal/test_verificar_firma.py)."""

from io import BytesIO
from pathlib import Path

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

from expedientes.firma import firmar
from expedientes.firma.demo import pki_demo_crear


def firmado_por_otra_autoridad(
    contenido: bytes, settings, carpeta: Path, *, raiz: str = "Otra autoridad"
) -> bytes:
    """``contenido`` signed, timestamp and all, by a CA of its own that the site
    does not trust (the session's test PKI stays the site's)."""
    otra = pki_demo_crear(carpeta, nombre_raiz=raiz)
    de_la_sesion = settings.FIRMA_DEMO
    settings.FIRMA_DEMO = str(otra.carpeta)
    try:
        firmado, _datos = firmar(contenido, motivo="Prueba")
    finally:
        settings.FIRMA_DEMO = de_la_sesion
    return firmado


def con_cambio_agregado(contenido: bytes, *, veces: int = 1) -> bytes:
    """``contenido`` with ``veces`` incremental updates appended (each changes the
    document's language), the signed bytes left as they were."""
    for numero in range(veces):
        escritor = IncrementalPdfFileWriter(BytesIO(contenido))
        escritor.root["/Lang"] = generic.TextStringObject(f"en-{numero}")
        escritor.update_root()
        salida = BytesIO()
        escritor.write(salida)
        contenido = salida.getvalue()
    return contenido


def un_byte_cambiado(contenido: bytes, en: bytes = b"ReportLab") -> bytes:
    """``contenido`` with one bit of the first ``en`` flipped: inside the part the
    signature covers (the document's producer)."""
    alterado = bytearray(contenido)
    alterado[contenido.index(en)] ^= 0x01
    return bytes(alterado)
