"""Records signed with the entity's key on a PKCS#11 token (FIRMA_PKCS11_*), as an
HSM or the token a certification authority issues would hold it.

The token is SoftHSM (Debian's ``softhsm2``, installed by ``make test``), made in
a temporary folder: the demo PKI's signing key and certificate are put in it, the
key marked not extractable, and the site signs through pyHanko's PKCS#11 signer
with the TSA served over HTTP, as production does.
"""

import subprocess
from io import BytesIO
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.serialization import pkcs12
from pyhanko.keys import load_cert_from_pemder
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from bench.comun import puerto_libre
from expedientes.firma import Veredicto, firmar, revisar_firmas
from expedientes.firma.configuracion import (
    FirmaNoConfigurada,
    _firmador,
    firmador,
)
from expedientes.firma.demo import entorno_de_servidor
from expedientes.firma.firmar import sin_bucle
from expedientes.firma.sello_http import SelloHttp
from tests.factories import pdf_de_prueba

pkcs11 = pytest.importorskip("pkcs11", reason="python-pkcs11 (extra «dev»)")
MODULO = "/usr/lib/softhsm/libsofthsm2.so"
PIN = "246810"


@pytest.fixture
def token(tmp_path, monkeypatch):
    if not Path(MODULO).exists():
        pytest.fail("Falta SoftHSM: `make test` instala softhsm2.")
    fichas = tmp_path / "fichas"
    fichas.mkdir()
    conf = tmp_path / "softhsm2.conf"
    conf.write_text(f"directories.tokendir = {fichas}\nobjectstore.backend = file\n")
    # SoftHSM reads its configuration when the module initialises; each test
    # gets its own token folder, and pyHanko opens a new session per signer.
    monkeypatch.setenv("SOFTHSM2_CONF", str(conf))
    subprocess.run(  # noqa: S603 - softhsm2-util, fixed args
        ["softhsm2-util", "--init-token", "--free", "--label", "Gobernacion"]
        + ["--so-pin", "13579111", "--pin", PIN],
        check=True,
        capture_output=True,
    )
    puerto = puerto_libre()
    entorno = entorno_de_servidor(tmp_path, tsa_url=f"http://127.0.0.1:{puerto}/")
    clave, certificado, _ = pkcs12.load_key_and_certificates(
        Path(entorno["FIRMA_PKCS12"]).read_bytes(),
        entorno["FIRMA_PKCS12_CLAVE"].encode(),
    )
    llave = tmp_path / "llave.pem"
    llave.write_bytes(
        clave.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    subprocess.run(  # noqa: S603 - softhsm2-util, fixed args
        ["softhsm2-util", "--import", str(llave), "--token", "Gobernacion"]
        + ["--label", "firmante", "--id", "01", "--pin", PIN],
        check=True,
        capture_output=True,
    )
    llave.unlink()  # the key now lives only in the token
    pkcs11.unload(MODULO)  # loaded again below, with this test's SOFTHSM2_CONF
    with (
        pkcs11.lib(MODULO)
        .get_token(token_label="Gobernacion")
        .open(user_pin=PIN, rw=True) as sesion
    ):
        sesion.create_object(
            {
                pkcs11.Attribute.CLASS: pkcs11.ObjectClass.CERTIFICATE,
                pkcs11.Attribute.CERTIFICATE_TYPE: pkcs11.CertificateType.X_509,
                pkcs11.Attribute.TOKEN: True,
                pkcs11.Attribute.LABEL: "firmante",
                pkcs11.Attribute.ID: b"\x01",
                pkcs11.Attribute.SUBJECT: certificado.subject.public_bytes(),
                pkcs11.Attribute.VALUE: certificado.public_bytes(
                    serialization.Encoding.DER
                ),
            }
        )
        (privada,) = sesion.get_objects(
            {pkcs11.Attribute.CLASS: pkcs11.ObjectClass.PRIVATE_KEY}
        )
        assert privada[pkcs11.Attribute.SENSITIVE]  # SoftHSM never hands it out
    servidor = SelloHttp(tmp_path, puerto)
    try:
        yield {
            "FIRMA_PKCS11_MODULO": MODULO,
            "FIRMA_PKCS11_TOKEN": "Gobernacion",
            "FIRMA_PKCS11_PIN": PIN,
            "FIRMA_PKCS11_CERTIFICADO": "firmante",
            "FIRMA_PKCS11_LLAVE": "firmante",
            "FIRMA_TSA_URL": entorno["FIRMA_TSA_URL"],
            # The token holds only the entity's certificate: its root is named.
            "FIRMA_RAICES": [str(tmp_path / "raiz.pem")],
        }
    finally:
        servidor.parar()
        _firmador.cache_clear()  # its PKCS#11 session belongs to this token
        pkcs11.unload(MODULO)


def _configurar(settings, valores: dict) -> None:
    settings.FIRMA_DEMO = ""
    settings.FIRMA_PKCS12 = ""
    settings.FIRMA_REVOCACION_EN_LINEA = False
    for nombre, valor in valores.items():
        setattr(settings, nombre, valor)


def test_firma_con_la_llave_del_token_y_el_sello_por_http(token, settings):
    _configurar(settings, token)
    firmado, datos = firmar(
        pdf_de_prueba(texto="Oficio de respuesta de prueba"),
        motivo="Oficio de respuesta",
    )
    assert datos.sellado_en and datos.nivel == "B-T"
    assert "Secretaría de Planeación" in datos.firmante
    (firma,) = PdfFileReader(BytesIO(firmado)).embedded_signatures
    raiz = load_cert_from_pemder(token["FIRMA_RAICES"][0])
    estado = sin_bucle(
        lambda: validate_pdf_signature(firma, ValidationContext(trust_roots=[raiz]))
    )
    assert estado.intact and estado.valid and estado.trusted, (
        estado.pretty_print_details()
    )
    assert estado.timestamp_validity and estado.timestamp_validity.trusted
    # The site's own check (/verificar/) says the same, in words.
    assert revisar_firmas(firmado).veredicto == Veredicto.VALIDA


def test_un_pin_equivocado_se_dice_en_espanol(token, settings):
    _configurar(settings, {**token, "FIRMA_PKCS11_PIN": "000000"})
    with pytest.raises(FirmaNoConfigurada) as error:
        firmador()
    assert "PKCS#11" in str(error.value) and "PIN" in str(error.value)
    assert PIN not in str(error.value) and "000000" not in str(error.value)


def test_un_token_que_no_esta_se_dice_en_espanol(token, settings):
    _configurar(settings, {**token, "FIRMA_PKCS11_TOKEN": "Otra"})
    with pytest.raises(FirmaNoConfigurada) as error:
        firmador()
    assert "Otra" in str(error.value)
