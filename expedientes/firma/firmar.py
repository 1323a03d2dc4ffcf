"""Sign an issued record once, as PAdES, with the entity's certificate.

``firmar(contenido, motivo=...)`` takes the unsigned render (deterministic:
identical snapshots give identical bytes) and returns the signed file and what
the signature says (``DatosFirma``): a *certifying* signature (DocMDP "no
changes": any later change but validation data breaks it), PAdES baseline
(SubFilter ETSI.CAdES.detached) with an RFC 3161 timestamp from the TSA (B-T),
and the chain's revocation data in the document security store when it can be
reached (B-LT). The timestamp makes every signing unique: the record is signed
once, when its PDF is first stored (``tasks.generar_documento``), and the SHA-256
kept and shown by ``/verificar/`` is that of the signed bytes. Rendering a stored
record again never signs it again.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import datetime
from collections.abc import Callable
from dataclasses import asdict, dataclass
from io import BytesIO
from typing import TypeVar

from asn1crypto import x509 as asn1_x509
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.validation import DocumentSecurityStore
from pyhanko.sign.validation.errors import NoDSSFoundError

from .configuracion import firmador

__all__ = [
    "CAMPO_FIRMA",
    "DatosFirma",
    "firmar",
    "nivel_de",
    "nombre_en",
    "sello_de",
    "sin_bucle",
]

T = TypeVar("T")

#: The signature field every record carries (invisible: the footer, its QR code
#: and verification code say how to check it).
CAMPO_FIRMA = "FirmaSecretariaPlaneacion"


@dataclass(frozen=True)
class DatosFirma:
    """What a record's signature says, kept on its ``Documento`` (``firma``)."""

    #: The certificate's common name, its organisation, its issuer's common name.
    firmante: str
    entidad: str
    emisor: str
    #: The TSA's time, ISO 8601 in UTC.
    sellado_en: str
    #: "B-LT" with revocation data embedded, "B-T" without.
    nivel: str
    demostracion: bool

    def a_json(self) -> dict:
        return asdict(self)


def firmar(
    contenido: bytes, *, motivo: str, ubicacion: str = "Santander, Colombia"
) -> tuple[bytes, DatosFirma]:
    """The signed PDF of ``contenido`` and what its signature says."""
    return sin_bucle(lambda: _firmar(contenido, motivo=motivo, ubicacion=ubicacion))


def _firmar(
    contenido: bytes, *, motivo: str, ubicacion: str
) -> tuple[bytes, DatosFirma]:
    entidad = firmador()
    metadatos = signers.PdfSignatureMetadata(
        field_name=CAMPO_FIRMA,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        certify=True,
        docmdp_permissions=fields.MDPPerm.NO_CHANGES,
        embed_validation_info=True,
        validation_context=entidad.contexto_firma(),
        reason=motivo[:200],
        location=ubicacion[:200] or None,
    )
    escritor = IncrementalPdfFileWriter(BytesIO(contenido))
    firmado = signers.sign_pdf(
        escritor,
        metadatos,
        signer=entidad.signer,
        timestamper=entidad.sellador,
    ).getvalue()
    lector = PdfFileReader(BytesIO(firmado))
    firma = lector.embedded_signatures[0]
    sellado = sello_de(firma)
    certificado = firma.signer_cert
    return firmado, DatosFirma(
        firmante=nombre_en(certificado.subject, "common_name"),
        entidad=nombre_en(certificado.subject, "organization_name"),
        emisor=nombre_en(certificado.issuer, "common_name"),
        sellado_en=sellado.isoformat() if sellado else "",
        nivel=nivel_de(lector),
        demostracion=entidad.demostracion,
    )


def sello_de(firma) -> datetime.datetime | None:
    """The time in the signature's RFC 3161 timestamp token, if it has one."""
    atributos = firma.signer_info["unsigned_attrs"]
    if atributos.native is None:
        return None
    for atributo in atributos:
        if atributo["type"].native == "signature_time_stamp_token":
            token = atributo["values"][0]
            tst = token["content"]["encap_content_info"]["content"].parsed
            return tst["gen_time"].native
    return None


def nivel_de(lector: PdfFileReader) -> str:
    """ "B-LT" when the document security store holds revocation data."""
    try:
        dss = DocumentSecurityStore.read_dss(lector)
    except NoDSSFoundError:
        return "B-T"
    return "B-LT" if dss.crls or dss.ocsps else "B-T"


def nombre_en(nombre: asn1_x509.Name, campo: str) -> str:
    """One attribute of a certificate's name (``common_name``...), as text."""
    valor = nombre.native.get(campo, "")
    return ", ".join(valor) if isinstance(valor, list) else str(valor or "")


def sin_bucle(funcion: Callable[[], T]) -> T:
    """Run ``funcion`` (pyHanko's synchronous API calls ``asyncio.run``) in a
    thread of its own when this thread already runs an event loop (a browser
    test's Playwright), directly otherwise."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return funcion()
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as hilo:
        return hilo.submit(funcion).result()
