"""Validate the signatures of a PDF: ``/verificar/`` and ``verificar_integridad``.

``revisar_firmas(contenido)`` reads a PDF (an upload of anyone's, or a stored
record) with pyHanko and validates each signature with pyHanko's validation API:
whether the signed bytes are intact and the signature matches them, whether
anything but validation data was added after signing (the certifying signature's
DocMDP and pyHanko's difference analysis), whether the signer's chain ends in a
root the site trusts (``configuracion.Firmador.raices``; never the operating
system's), and the RFC 3161 timestamp's time. Nothing is fetched from the network:
revocation data is what the file's document security store carries, so an upload
cannot make the server call out. A file with more revisions than a record can have
(``MAX_REVISIONES``), or that pyHanko cannot read, is answered as unreadable
rather than analysed at length.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass
from enum import StrEnum
from io import BytesIO

from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.validation import (
    DocumentSecurityStore,
    SignatureCoverageLevel,
    validate_pdf_signature,
)
from pyhanko.sign.validation.errors import NoDSSFoundError
from pyhanko_certvalidator import ValidationContext

from .configuracion import Firmador, firmador
from .firmar import nivel_de, nombre_en, sin_bucle

__all__ = ["FirmaRevisada", "RevisionFirmas", "Veredicto", "revisar_firmas"]

logger = logging.getLogger(__name__)

#: A record has two revisions (the render, then its signature and validation data);
#: a few more leave room for a later document timestamp. Past this, unread.
MAX_REVISIONES = 8


class Veredicto(StrEnum):
    """What a person is told about a signature, worst first."""

    ILEGIBLE = "ilegible"
    SIN_FIRMA = "sin_firma"
    #: The signature does not match the bytes it covers: they were changed.
    INVALIDA = "invalida"
    #: Intact, but something was added to the file after it was signed.
    MODIFICADA = "modificada"
    #: Intact and unchanged, by a certificate the site does not trust.
    NO_CONFIABLE = "no_confiable"
    VALIDA = "valida"


@dataclass(frozen=True)
class FirmaRevisada:
    """One signature of a PDF, as validated."""

    firmante: str
    entidad: str
    emisor: str
    #: The time of its RFC 3161 timestamp, when the timestamp validates and its
    #: authority is trusted; ``sello_presente`` says whether it had one at all.
    sellado_en: datetime.datetime | None
    sello_presente: bool
    #: The time the signer's computer wrote (not proof of anything).
    declarada_en: datetime.datetime | None
    intacta: bool
    sin_cambios: bool
    confiable: bool
    certificada: bool
    demostracion: bool
    nivel: str

    @property
    def veredicto(self) -> Veredicto:
        if not self.intacta:
            return Veredicto.INVALIDA
        if not self.sin_cambios:
            return Veredicto.MODIFICADA
        if not self.confiable:
            return Veredicto.NO_CONFIABLE
        return Veredicto.VALIDA


@dataclass(frozen=True)
class RevisionFirmas:
    """Every signature of one PDF, or why it could not be read."""

    firmas: tuple[FirmaRevisada, ...] = ()
    legible: bool = True

    @property
    def firma(self) -> FirmaRevisada | None:
        """The first signature: a record's, which certifies it."""
        return self.firmas[0] if self.firmas else None

    @property
    def veredicto(self) -> Veredicto:
        if not self.legible:
            return Veredicto.ILEGIBLE
        if not self.firmas:
            return Veredicto.SIN_FIRMA
        return min((f.veredicto for f in self.firmas), key=list(Veredicto).index)

    @property
    def valida(self) -> bool:
        return self.veredicto == Veredicto.VALIDA


def revisar_firmas(
    contenido: bytes, *, entidad: Firmador | None = None
) -> RevisionFirmas:
    """Validate every signature in ``contenido`` against the roots the site trusts."""
    entidad = entidad or firmador()
    return sin_bucle(lambda: _revisar(contenido, entidad))


def _revisar(contenido: bytes, entidad: Firmador) -> RevisionFirmas:
    try:
        lector = PdfFileReader(BytesIO(contenido), strict=False)
        if lector.xrefs.total_revisions > MAX_REVISIONES:
            return RevisionFirmas(legible=False)
        firmas = lector.embedded_signatures
        if not firmas:
            return RevisionFirmas()
        contexto = _contexto(lector, entidad)
        nivel = nivel_de(lector)
        return RevisionFirmas(
            firmas=tuple(
                _revisar_una(firma, contexto, entidad, nivel) for firma in firmas
            )
        )
    except Exception as error:  # noqa: BLE001 - anything unreadable is "ilegible"
        logger.info(
            "PDF cuya firma no se pudo leer: %s: %s", type(error).__name__, error
        )
        return RevisionFirmas(legible=False)


def _contexto(lector: PdfFileReader, entidad: Firmador) -> ValidationContext:
    opciones = {
        "trust_roots": list(entidad.raices),
        "allow_fetching": False,
        "revocation_mode": "soft-fail",
    }
    try:
        dss = DocumentSecurityStore.read_dss(lector)
    except NoDSSFoundError:
        return ValidationContext(**opciones)
    return dss.as_validation_context(opciones)


def _revisar_una(
    firma, contexto: ValidationContext, entidad: Firmador, nivel: str
) -> FirmaRevisada:
    estado = validate_pdf_signature(firma, contexto)
    sello = estado.timestamp_validity
    nivel_cambios = estado.modification_level
    sin_cambios = estado.coverage == SignatureCoverageLevel.ENTIRE_FILE or (
        nivel_cambios is not None
        and nivel_cambios <= ModificationLevel.LTA_UPDATES
        and estado.docmdp_ok is not False
    )
    certificado = estado.signing_cert
    return FirmaRevisada(
        firmante=nombre_en(certificado.subject, "common_name"),
        entidad=nombre_en(certificado.subject, "organization_name"),
        emisor=nombre_en(certificado.issuer, "common_name"),
        sellado_en=sello.timestamp if sello and sello.valid and sello.trusted else None,
        sello_presente=sello is not None,
        declarada_en=estado.signer_reported_dt,
        intacta=bool(estado.intact and estado.valid),
        sin_cambios=bool(sin_cambios),
        confiable=bool(estado.trusted),
        certificada=firma.docmdp_level is not None,
        demostracion=entidad.es_demostracion(certificado),
        nivel=nivel if nivel_cambios is not None else "",
    )
