"""/verificar/<código>/ validates the digital signature of the PDF it is given, as a
citizen holding a record would, and as someone trying to pass a forgery would.

The site trusts the session's test PKI (tests/conftest.py); a forger's PDF is
signed here with a PKI of its own, made in the test.
"""

import datetime

import pytest

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from expedientes.constants import TipoDocumento
from expedientes.pdf import renderer_para
from expedientes.tasks import procesar_solicitud
from tests.casos import radicar
from tests.factories import pdf_de_prueba
from tests.firmas import (
    con_cambio_agregado,
    firmado_por_otra_autoridad,
    un_byte_cambiado,
)
from tests.utils import texto_visible

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("limites_vacios")]


@pytest.fixture
def constancia(usuario_municipal, version_vigente):
    solicitud = radicar(usuario_municipal)
    procesar_solicitud(solicitud.pk)
    return solicitud.documentos.get(tipo=TipoDocumento.CONSTANCIA_RADICACION)


def _contenido(documento) -> bytes:
    with documento.archivo.open("rb") as archivo:
        return archivo.read()


def _enviar(client, documento, contenido: bytes) -> str:
    respuesta = client.post(
        f"/verificar/{documento.codigo_verificacion}/",
        {"archivo": SimpleUploadedFile("registro.pdf", contenido, "application/pdf")},
    )
    assert respuesta.status_code == 200
    return texto_visible(respuesta.content)


def test_la_pagina_dice_quien_firmo_el_registro_y_cuando(client, constancia):
    texto = texto_visible(
        client.get(f"/verificar/{constancia.codigo_verificacion}/").content
    )
    assert "Firmado digitalmente por Secretaría de Planeación de Santander" in texto
    sellado = timezone.localtime(
        datetime.datetime.fromisoformat(constancia.firma["sellado_en"])
    )
    assert f"Sello de tiempo: {sellado.day} de" in texto
    assert "(hora de Colombia)" in texto
    assert "PAdES B-LT" in texto
    assert "Certificado de demostración" in texto
    assert "Es la huella del archivo firmado" in texto
    assert constancia.sha256 in texto


def test_el_ciudadano_sube_el_registro_que_recibio(client, constancia):
    texto = _enviar(client, constancia, _contenido(constancia))
    assert "Coincide." in texto
    assert "Firma válida." in texto
    assert "Lo firmó Secretaría de Planeación de Santander" in texto
    assert "el archivo no cambió después de firmado" in texto
    assert "una autoridad que este sitio reconoce" in texto
    assert "(hora de Colombia), según su sello de tiempo" in texto
    assert "no tiene validez legal" in texto  # the test PKI is a demo one


def test_un_byte_cambiado_se_dice_alterado(client, constancia):
    texto = _enviar(client, constancia, un_byte_cambiado(_contenido(constancia)))
    assert "No coincide." in texto
    assert "La firma no corresponde al contenido." in texto
    assert "Firma válida" not in texto


def test_algo_agregado_despues_de_firmar_se_dice(client, constancia):
    texto = _enviar(client, constancia, con_cambio_agregado(_contenido(constancia)))
    assert "No coincide." in texto
    assert "El archivo cambió después de firmado." in texto


def test_una_falsificacion_firmada_por_otra_autoridad(
    client, constancia, settings, tmp_path
):
    """The forger renders the same record (same snapshot, same text, same code
    and QR) and signs it with a certificate whose names copy the entity's."""
    falsificado = firmado_por_otra_autoridad(
        renderer_para(constancia).render(),
        settings,
        tmp_path / "falsa",
        raiz="Autoridad de certificación",
    )
    texto = _enviar(client, constancia, falsificado)
    assert "No coincide." in texto
    assert "Firmado con un certificado que este sitio no reconoce." in texto
    assert "Firma válida" not in texto


def test_un_pdf_sin_firma_y_uno_que_no_es_pdf(client, constancia):
    texto = _enviar(client, constancia, pdf_de_prueba(texto="Constancia"))
    assert "El archivo no tiene firma digital." in texto
    texto = _enviar(client, constancia, b"%PDF-1.7\n" + b"\x00" * 2000)
    assert "No se pudo leer la firma." in texto


def test_un_pdf_con_demasiadas_revisiones_no_se_analiza(client, constancia):
    contenido = con_cambio_agregado(_contenido(constancia), veces=9)
    texto = _enviar(client, constancia, contenido)
    assert "No se pudo leer la firma." in texto
