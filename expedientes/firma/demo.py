"""A throwaway PKI for ``make run``, the tests and the bench: never for real records.

``pki_demo_crear(carpeta)`` writes, into a git-ignored folder made at run time
(``firma-demo/`` under ``make run``, a temporary one in the tests and the bench):

- ``raiz.pem``: a root CA named "DEMOSTRACIÓN" (no private key is kept: it signs
  its two certificates and its CRL here and is then thrown away);
- ``firmante.p12`` (password in ``firmante.clave``): the entity's signing key and
  certificate, with the root in the archive, as production's ``FIRMA_PKCS12`` is;
- ``sello.pem`` and ``sello.clave.pem``: the local timestamper's certificate
  (extended key usage *timeStamping*) and key, for pyHanko's ``DummyTimeStamper``;
- ``raiz.crl``: the root's (empty) revocation list, so that records are signed at
  B-LT offline (``configuracion.Firmador``), revocation data embedded.

Keys are EC P-256 (fast to make) except the timestamper's, RSA 2048
(``DummyTimeStamper`` signs with RSA only). Certificates are valid from five years
ago to five years ahead: tests that move the clock still sign. Certificates are
built with ``cryptography``'s X.509 builder; nothing here imports Django, so the
bench's orchestrator can call it.
"""

from __future__ import annotations

import datetime
import secrets
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

__all__ = [
    "ARCHIVOS",
    "PkiDemo",
    "entorno_de_servidor",
    "entorno_de_servidor_sin_firmas",
    "pki_demo_crear",
    "pki_demo_leer",
]

#: The files a demo PKI folder holds.
ARCHIVOS = (
    "raiz.pem",
    "raiz.crl",
    "firmante.p12",
    "firmante.clave",
    "sello.pem",
    "sello.clave.pem",
)
#: Marks every name of the demo PKI: what /verificar/ and the records' signature
#: panel show as the signer and its authority.
MARCA = "DEMOSTRACIÓN"
AÑOS = 5


@dataclass(frozen=True)
class PkiDemo:
    """Where a demo PKI's files are (``pki_demo_crear`` wrote them)."""

    carpeta: Path

    @property
    def raiz(self) -> Path:
        return self.carpeta / "raiz.pem"

    @property
    def crl(self) -> Path:
        return self.carpeta / "raiz.crl"

    @property
    def pkcs12(self) -> Path:
        return self.carpeta / "firmante.p12"

    @property
    def clave_pkcs12(self) -> str:
        return (self.carpeta / "firmante.clave").read_text().strip()

    @property
    def sello(self) -> Path:
        return self.carpeta / "sello.pem"

    @property
    def sello_clave(self) -> Path:
        return self.carpeta / "sello.clave.pem"


def _nombre(comun: str, *, unidad: str = "") -> x509.Name:
    atributos = [
        x509.NameAttribute(NameOID.COUNTRY_NAME, "CO"),
        x509.NameAttribute(NameOID.STATE_OR_PROVINCE_NAME, "Santander"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Gobernación de Santander"),
    ]
    if unidad:
        atributos.append(x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, unidad))
    atributos.append(x509.NameAttribute(NameOID.COMMON_NAME, comun))
    return x509.Name(atributos)


def _certificado(
    sujeto: x509.Name,
    clave_publica,
    emisor: x509.Name,
    clave_emisor,
    *,
    ahora: datetime.datetime,
    ca: bool,
    extensiones: list[tuple[x509.ExtensionType, bool]],
) -> x509.Certificate:
    constructor = (
        x509.CertificateBuilder()
        .subject_name(sujeto)
        .issuer_name(emisor)
        .public_key(clave_publica)
        .serial_number(x509.random_serial_number())
        .not_valid_before(ahora - datetime.timedelta(days=365 * AÑOS))
        .not_valid_after(ahora + datetime.timedelta(days=365 * AÑOS))
        .add_extension(
            x509.BasicConstraints(ca=ca, path_length=0 if ca else None), critical=True
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(clave_publica), False)
    )
    if clave_emisor.public_key() != clave_publica:
        constructor = constructor.add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(
                clave_emisor.public_key()
            ),
            critical=False,
        )
    for extension, critica in extensiones:
        constructor = constructor.add_extension(extension, critical=critica)
    return constructor.sign(clave_emisor, hashes.SHA256())


def _uso(**usos: bool) -> x509.KeyUsage:
    campos = (
        "digital_signature",
        "content_commitment",
        "key_encipherment",
        "data_encipherment",
        "key_agreement",
        "key_cert_sign",
        "crl_sign",
        "encipher_only",
        "decipher_only",
    )
    return x509.KeyUsage(**{campo: usos.get(campo, False) for campo in campos})


def pki_demo_crear(
    carpeta: Path, *, nombre_raiz: str = f"Autoridad de certificación ({MARCA})"
) -> PkiDemo:
    """Make a root, the entity's signing certificate and a timestamper in
    ``carpeta`` (created; files already there are replaced)."""
    carpeta.mkdir(parents=True, exist_ok=True)
    ahora = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
    clave_raiz = ec.generate_private_key(ec.SECP256R1())
    raiz_nombre = _nombre(nombre_raiz)
    raiz = _certificado(
        raiz_nombre,
        clave_raiz.public_key(),
        raiz_nombre,
        clave_raiz,
        ahora=ahora,
        ca=True,
        extensiones=[(_uso(key_cert_sign=True, crl_sign=True), True)],
    )
    clave_firmante = ec.generate_private_key(ec.SECP256R1())
    firmante = _certificado(
        _nombre(
            f"Secretaría de Planeación de Santander ({MARCA})",
            unidad="Secretaría de Planeación",
        ),
        clave_firmante.public_key(),
        raiz_nombre,
        clave_raiz,
        ahora=ahora,
        ca=False,
        extensiones=[(_uso(digital_signature=True, content_commitment=True), True)],
    )
    clave_sello = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    sello = _certificado(
        _nombre(f"Sello de tiempo local ({MARCA})"),
        clave_sello.public_key(),
        raiz_nombre,
        clave_raiz,
        ahora=ahora,
        ca=False,
        extensiones=[
            (_uso(digital_signature=True, content_commitment=True), True),
            (x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), True),
        ],
    )
    crl = (
        x509.CertificateRevocationListBuilder()
        .issuer_name(raiz_nombre)
        .last_update(ahora - datetime.timedelta(days=1))
        .next_update(ahora + datetime.timedelta(days=365 * AÑOS))
        .add_extension(x509.CRLNumber(1), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(clave_raiz.public_key()),
            critical=False,
        )
        .sign(clave_raiz, hashes.SHA256())
    )
    clave = secrets.token_urlsafe(18)
    pem = serialization.Encoding.PEM
    (carpeta / "raiz.pem").write_bytes(raiz.public_bytes(pem))
    (carpeta / "raiz.crl").write_bytes(crl.public_bytes(serialization.Encoding.DER))
    (carpeta / "sello.pem").write_bytes(sello.public_bytes(pem))
    _escribir_privado(
        carpeta / "sello.clave.pem",
        clave_sello.private_bytes(
            pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        ),
    )
    _escribir_privado(
        carpeta / "firmante.p12",
        pkcs12.serialize_key_and_certificates(
            b"firmante",
            clave_firmante,
            firmante,
            [raiz],
            serialization.BestAvailableEncryption(clave.encode()),
        ),
    )
    _escribir_privado(carpeta / "firmante.clave", clave.encode())
    return PkiDemo(carpeta)


def _escribir_privado(ruta: Path, contenido: bytes) -> None:
    ruta.touch(mode=0o600, exist_ok=True)
    ruta.chmod(0o600)
    ruta.write_bytes(contenido)


def pki_demo_leer(carpeta: Path) -> PkiDemo | None:
    """The demo PKI in ``carpeta``, if every file is there."""
    if all((carpeta / nombre).is_file() for nombre in ARCHIVOS):
        return PkiDemo(carpeta)
    return None


def entorno_de_servidor(carpeta: Path, *, tsa_url: str) -> dict[str, str]:
    """The ``FIRMA_*`` variables production settings require, for a throwaway
    server (the bench's, ``tests/servidor``'s stack): a demo PKI made in
    ``carpeta`` and the TSA at ``tsa_url``; ``sello_http.SelloHttp(carpeta, port)``
    serves this PKI's timestamper there, so that a worker signs its records."""
    pki = pki_demo_crear(carpeta)
    return {
        "FIRMA_PKCS12": str(pki.pkcs12),
        "FIRMA_PKCS12_CLAVE": pki.clave_pkcs12,
        "FIRMA_TSA_URL": tsa_url,
        "FIRMA_REVOCACION_EN_LINEA": "0",  # nothing to fetch: no network
    }


def entorno_de_servidor_sin_firmas(carpeta: Path) -> dict[str, str]:
    """``entorno_de_servidor`` with a TSA on a closed local port, for a server
    whose records need no signature (no worker runs under it). A worker under
    such a server cannot sign: its records stay pending, retried."""
    return entorno_de_servidor(carpeta, tsa_url="http://127.0.0.1:9/")
