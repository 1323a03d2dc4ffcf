"""The demo timestamper over HTTP (expedientes/firma/sello_http.py): a server on
production settings signs with ``FIRMA_PKCS12`` and ``FIRMA_TSA_URL`` only, as the
bench's stack does (part 10), and the record's timestamp comes from that TSA."""

from io import BytesIO
from pathlib import Path

import pytest
import requests
from pyhanko.keys import load_cert_from_pemder
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from bench.comun import puerto_libre
from expedientes.firma import firmar
from expedientes.firma.demo import entorno_de_servidor
from expedientes.firma.firmar import sin_bucle
from expedientes.firma.sello_http import PETICION, SelloHttp
from tests.factories import pdf_de_prueba


@pytest.fixture
def sello(tmp_path):
    puerto = puerto_libre()
    entorno = entorno_de_servidor(tmp_path, tsa_url=f"http://127.0.0.1:{puerto}/")
    servidor = SelloHttp(tmp_path, puerto)
    try:
        yield servidor, entorno
    finally:
        servidor.parar()


def test_un_servidor_de_produccion_firma_con_el_sello_por_http(sello, settings):
    servidor, entorno = sello
    settings.FIRMA_DEMO = ""
    settings.FIRMA_PKCS12 = entorno["FIRMA_PKCS12"]
    settings.FIRMA_PKCS12_CLAVE = entorno["FIRMA_PKCS12_CLAVE"]
    settings.FIRMA_TSA_URL = entorno["FIRMA_TSA_URL"]
    firmado, datos = firmar(
        pdf_de_prueba(texto="Constancia de prueba"), motivo="Prueba"
    )
    # Production's path: B-T (no revocation data fetched), the demo's names.
    assert datos.sellado_en and datos.nivel == "B-T"
    assert "DEMOSTRACIÓN" in datos.firmante
    (firma,) = PdfFileReader(BytesIO(firmado)).embedded_signatures
    raiz = load_cert_from_pemder(str(Path(entorno["FIRMA_PKCS12"]).parent / "raiz.pem"))
    estado = sin_bucle(
        lambda: validate_pdf_signature(firma, ValidationContext(trust_roots=[raiz]))
    )
    assert estado.intact and estado.valid and estado.trusted
    assert estado.timestamp_validity is not None
    assert estado.timestamp_validity.valid and estado.timestamp_validity.trusted
    assert "Sello de tiempo local" in (
        estado.timestamp_validity.signing_cert.subject.human_friendly
    )


def test_lo_que_no_es_una_solicitud_rfc_3161_es_400(sello):
    servidor, _ = sello
    assert requests.get(servidor.url, timeout=5).status_code == 501
    assert requests.post(servidor.url, data=b"x", timeout=5).status_code == 400
    respuesta = requests.post(
        servidor.url, data=b"basura", headers={"Content-Type": PETICION}, timeout=5
    )
    assert respuesta.status_code == 400
