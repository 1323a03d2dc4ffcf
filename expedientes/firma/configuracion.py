"""Who signs the records and whom ``/verificar/`` trusts, from the settings.

Production (``portal/settings/production.py`` refuses to start without them):
``FIRMA_PKCS12`` and ``FIRMA_PKCS12_CLAVE`` (the entity's certificate and key), or
a PKCS#11 token (``FIRMA_PKCS11_MODULO``, ``FIRMA_PKCS11_TOKEN``,
``FIRMA_PKCS11_PIN``, ``FIRMA_PKCS11_CERTIFICADO``, ``FIRMA_PKCS11_LLAVE``), and
``FIRMA_TSA_URL`` (the RFC 3161 timestamping authority). ``FIRMA_RAICES`` names the
root certificates the site trusts besides the root of its own certificate (the
TSA's root, the previous certificate's after a renewal). Under ``make run``
(``FIRMA_DEMO``) the demo PKI of ``demo.py``: its certificate and a local
timestamper in this process, both marked as demonstration.

``firmador()`` builds the ``Firmador`` once per process and configuration (the
key is read from its file or token once, not for every record); nothing else is
kept between calls.
"""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass
from pathlib import Path

from asn1crypto import cms, core
from asn1crypto import crl as asn1_crl
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
from pyhanko.keys import (
    load_cert_from_pemder,
    load_certs_from_pemder,
    load_private_key_from_pemder,
)
from pyhanko.sign.general import as_signing_certificate, simple_cms_attribute
from pyhanko.sign.signers import Signer, SimpleSigner
from pyhanko.sign.timestamps import DummyTimeStamper, TimeStamper
from pyhanko.sign.timestamps.requests_client import RequestsHTTPTimeStamper
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.registry import SimpleCertificateStore
from pyhanko_certvalidator.util import get_pyca_cryptography_hash

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from .demo import MARCA, pki_demo_leer

__all__ = ["FirmaNoConfigurada", "Firmador", "firma_configurada", "firmador"]

#: Seconds the TSA (and, at signing, OCSP and CRL servers) may take to answer.
ESPERA_SERVICIOS = 10


class SelladorLocal(DummyTimeStamper):
    """pyHanko's ``DummyTimeStamper`` (the local timestamper of ``make run`` and
    the tests) with its RSA key loaded once: the parent loads it, with
    cryptography's consistency checks, for every timestamp, a third of the
    time of signing a record."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._clave = serialization.load_der_private_key(
            self.tsa_key.dump(), password=None
        )

    def _sign_tst_info(self, tst_info_data, md_algorithm, dt):
        atributos = cms.CMSAttributes(
            [
                simple_cms_attribute("content_type", "tst_info"),
                simple_cms_attribute(
                    "signing_time", cms.Time({"utc_time": core.UTCTime(dt)})
                ),
                simple_cms_attribute(
                    "signing_certificate", as_signing_certificate(self.tsa_cert)
                ),
                simple_cms_attribute(
                    "message_digest",
                    hashlib.new(md_algorithm, tst_info_data).digest(),
                ),
            ]
        )
        firma = self._clave.sign(
            atributos.dump(), PKCS1v15(), get_pyca_cryptography_hash(md_algorithm)
        )
        return firma, atributos


class FirmaNoConfigurada(ImproperlyConfigured):
    """No certificate to sign with: the record stays pending (tasks.py)."""


@dataclass(frozen=True)
class Firmador:
    """The entity's signer, its timestamper and the roots the site trusts."""

    signer: Signer
    sellador: TimeStamper
    #: Roots a record's chain must end in to be "one the site trusts".
    raices: tuple[asn1_x509.Certificate, ...]
    #: The signer's chain (and the TSA's) besides the roots.
    intermedios: tuple[asn1_x509.Certificate, ...]
    #: Revocation lists at hand (the demo's): B-LT without the network.
    crls: tuple[asn1_crl.CertificateList, ...] = ()
    #: Whether OCSP and CRLs are fetched when signing (production).
    revocacion_en_linea: bool = False
    #: The demo PKI of ``make run`` and the tests: records signed with no legal value.
    demostracion: bool = False

    def contexto_firma(self) -> ValidationContext:
        """What pyHanko checks the chain with before signing and embeds (DSS):
        revocation data it can reach (fetched in production, the demo's CRL
        otherwise); none reachable leaves the record at B-T ("soft-fail")."""
        return ValidationContext(
            trust_roots=list(self.raices),
            other_certs=list(self.intermedios),
            crls=list(self.crls),
            allow_fetching=self.revocacion_en_linea,
            revocation_mode="soft-fail",
            fetcher_backend=None,
        )

    def es_demostracion(self, certificado: asn1_x509.Certificate) -> bool:
        """Whether a certificate belongs to the demo PKI (its names say so)."""
        return MARCA in certificado.subject.human_friendly or (
            MARCA in certificado.issuer.human_friendly
        )


def _claves_de_configuracion() -> tuple:
    nombres = (
        "FIRMA_PKCS12",
        "FIRMA_PKCS12_CLAVE",
        "FIRMA_PKCS11_MODULO",
        "FIRMA_PKCS11_TOKEN",
        "FIRMA_PKCS11_PIN",
        "FIRMA_PKCS11_CERTIFICADO",
        "FIRMA_PKCS11_LLAVE",
        "FIRMA_TSA_URL",
        "FIRMA_RAICES",
        "FIRMA_REVOCACION_EN_LINEA",
        "FIRMA_DEMO",
    )
    return tuple(
        (
            nombre,
            tuple(v)
            if isinstance(v := getattr(settings, nombre, ""), list | tuple)
            else v,
        )
        for nombre in nombres
    )


def firma_configurada() -> bool:
    """Whether records can be signed here (a certificate is configured)."""
    return bool(
        getattr(settings, "FIRMA_PKCS12", "")
        or getattr(settings, "FIRMA_PKCS11_MODULO", "")
        or (
            getattr(settings, "FIRMA_DEMO", "")
            and pki_demo_leer(Path(settings.FIRMA_DEMO))
        )
    )


def firmador() -> Firmador:
    """The signer of this configuration (raises ``FirmaNoConfigurada``)."""
    return _firmador(_claves_de_configuracion())


@functools.lru_cache(maxsize=4)
def _firmador(claves: tuple) -> Firmador:
    c = dict(claves)
    raices_extra = tuple(
        certificado
        for ruta in c["FIRMA_RAICES"] or ()
        for certificado in load_certs_from_pemder([ruta])
    )
    if c["FIRMA_PKCS12"] or c["FIRMA_PKCS11_MODULO"]:
        signer = (
            _signer_pkcs12(c["FIRMA_PKCS12"], c["FIRMA_PKCS12_CLAVE"])
            if c["FIRMA_PKCS12"]
            else _signer_pkcs11(c)
        )
        if not c["FIRMA_TSA_URL"]:
            raise FirmaNoConfigurada(
                "Falta FIRMA_TSA_URL: los registros se firman con sello de tiempo."
            )
        sellador: TimeStamper = RequestsHTTPTimeStamper(
            c["FIRMA_TSA_URL"], timeout=ESPERA_SERVICIOS
        )
        cadena = tuple(signer.cert_registry)
        return Firmador(
            signer=signer,
            sellador=sellador,
            raices=_raices(cadena) + raices_extra,
            intermedios=tuple(x for x in cadena if x.self_signed == "no"),
            revocacion_en_linea=bool(c["FIRMA_REVOCACION_EN_LINEA"]),
        )
    pki = pki_demo_leer(Path(c["FIRMA_DEMO"])) if c["FIRMA_DEMO"] else None
    if pki is None:
        raise FirmaNoConfigurada(
            "No hay certificado para firmar los registros: configure FIRMA_PKCS12 "
            "o FIRMA_PKCS11_MODULO (en desarrollo, `make run` crea uno de "
            "demostración)."
        )
    raiz = load_cert_from_pemder(str(pki.raiz))
    sello = load_cert_from_pemder(str(pki.sello))
    signer = SimpleSigner.load_pkcs12(
        str(pki.pkcs12), passphrase=pki.clave_pkcs12.encode()
    )
    return Firmador(
        signer=signer,
        sellador=SelladorLocal(
            tsa_cert=sello,
            tsa_key=load_private_key_from_pemder(str(pki.sello_clave), None),
            certs_to_embed=SimpleCertificateStore.from_certs([raiz]),
        ),
        raices=(raiz, *raices_extra),
        intermedios=(sello,),
        crls=(asn1_crl.CertificateList.load(pki.crl.read_bytes()),),
        demostracion=True,
    )


def _raices(cadena: tuple[asn1_x509.Certificate, ...]) -> tuple:
    return tuple(x for x in cadena if x.self_signed != "no")


def _signer_pkcs12(ruta: str, clave: str) -> Signer:
    signer = SimpleSigner.load_pkcs12(ruta, passphrase=(clave or "").encode() or None)
    if signer is None:
        raise FirmaNoConfigurada(
            f"No se pudo abrir el certificado {ruta} (¿FIRMA_PKCS12_CLAVE?)."
        )
    return signer


def _signer_pkcs11(c: dict) -> Signer:
    """A PKCS#11 token (``pip install python-pkcs11``; e.g. an HSM or a token the
    certification authority issued). The session stays open for the process.

    The digest is computed here and the token signs it with the raw mechanism
    (CKM_ECDSA, CKM_RSA_PKCS), which every token offers; many (SoftHSM, smart
    cards with EC keys) lack the hash-and-sign ones. The key never leaves it."""
    import pkcs11
    from pyhanko.config.pkcs11 import TokenCriteria
    from pyhanko.sign.pkcs11 import PKCS11Signer, open_pkcs11_session

    etiqueta = c["FIRMA_PKCS11_TOKEN"] or None
    try:
        sesion = open_pkcs11_session(
            c["FIRMA_PKCS11_MODULO"],
            token_criteria=TokenCriteria(label=etiqueta),
            user_pin=c["FIRMA_PKCS11_PIN"] or None,
        )
    except pkcs11.PinIncorrect as error:
        raise FirmaNoConfigurada(
            "El token PKCS#11 rechazó el PIN (FIRMA_PKCS11_PIN)."
        ) from error
    except pkcs11.NoSuchToken as error:
        raise FirmaNoConfigurada(
            f"No se encontró el token PKCS#11 «{etiqueta or '(cualquiera)'}» en "
            f"{c['FIRMA_PKCS11_MODULO']} (FIRMA_PKCS11_TOKEN)."
        ) from error
    except pkcs11.PKCS11Error as error:
        raise FirmaNoConfigurada(
            f"No se pudo abrir una sesión en el token PKCS#11 "
            f"«{etiqueta or '(cualquiera)'}»: {type(error).__name__}."
        ) from error
    except OSError as error:
        raise FirmaNoConfigurada(
            f"No se pudo cargar el módulo PKCS#11 {c['FIRMA_PKCS11_MODULO']}."
        ) from error
    return PKCS11Signer(
        sesion,
        cert_label=c["FIRMA_PKCS11_CERTIFICADO"] or None,
        key_label=c["FIRMA_PKCS11_LLAVE"] or None,
        use_raw_mechanism=True,
    )
