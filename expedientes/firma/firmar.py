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

Where the record prints a signature line for the entity (the oficio de
respuesta), the renderer says where it landed (``LugarFirma``) and the signature
is visible there: a stamp with the signer and the time in Bogotá over the line.
Elsewhere the field is invisible: the footer, its QR code and verification code
say how to check it.
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
from pyhanko import stamp
from pyhanko.pdf_utils import layout
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.pdf_utils.text import TextBoxStyle
from pyhanko.sign import fields, signers
from pyhanko.sign.validation import DocumentSecurityStore
from pyhanko.sign.validation.errors import NoDSSFoundError

from django.utils import timezone

from procedimientos.pdf.texto import en_bogota

from .configuracion import firmador

__all__ = [
    "CAMPO_FIRMA",
    "DatosFirma",
    "LugarFirma",
    "firmar",
    "nivel_de",
    "nombre_en",
    "sello_de",
    "sin_bucle",
]

T = TypeVar("T")

#: The signature field every record carries.
CAMPO_FIRMA = "FirmaSecretariaPlaneacion"
#: The visible stamp's text (pyHanko fills ``signer``; ``fecha`` is Bogotá's).
TEXTO_SELLO = "Firmado digitalmente por\n%(signer)s\n%(fecha)s (hora de Colombia)"


@dataclass(frozen=True)
class LugarFirma:
    """Where a visible signature goes: the page (from 1) and the box, in PDF
    points from the page's lower left corner (x1, y1, x2, y2)."""

    pagina: int
    caja: tuple[float, float, float, float]


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
    contenido: bytes,
    *,
    motivo: str,
    ubicacion: str = "Santander, Colombia",
    lugar: LugarFirma | None = None,
) -> tuple[bytes, DatosFirma]:
    """The signed PDF of ``contenido`` and what its signature says; visible at
    ``lugar`` if given."""
    return sin_bucle(
        lambda: _firmar(contenido, motivo=motivo, ubicacion=ubicacion, lugar=lugar)
    )


def _estilo_sello() -> stamp.TextStampStyle:
    return stamp.TextStampStyle(
        stamp_text=TEXTO_SELLO,
        background=None,
        border_width=0,
        inner_content_layout=layout.SimpleBoxLayoutRule(
            x_align=layout.AxisAlignment.ALIGN_MID,
            y_align=layout.AxisAlignment.ALIGN_MID,
        ),
        # pyHanko's standard Courier (WinAnsi: Spanish letters print); DejaVu,
        # the records' font, would need pyHanko's [opentype] extra (HarfBuzz).
        text_box_style=TextBoxStyle(font_size=7),
    )


def _firmar(
    contenido: bytes, *, motivo: str, ubicacion: str, lugar: LugarFirma | None
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
    visible = {}
    if lugar is not None:
        visible = {
            "stamp_style": _estilo_sello(),
            "new_field_spec": fields.SigFieldSpec(
                CAMPO_FIRMA,
                on_page=lugar.pagina - 1,
                box=tuple(round(v) for v in lugar.caja),
            ),
        }
    firmante = signers.PdfSigner(
        metadatos, signer=entidad.signer, timestamper=entidad.sellador, **visible
    )
    firmado = firmante.sign_pdf(
        escritor,
        appearance_text_params={
            "fecha": f"{en_bogota(timezone.now()):%d/%m/%Y %H:%M}",
        },
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
