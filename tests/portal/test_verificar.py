"""/verificar/<código>/ (portal/verificacion.py): anyone checks an issued record."""

from urllib.parse import urlparse

import pytest

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import resolve

from expedientes.constants import TipoDocumento
from expedientes.models import Documento
from expedientes.tasks import procesar_solicitud
from tests.casos import llevar_a, radicar
from tests.factories import pdf_de_prueba
from tests.utils import texto_visible

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("limites_vacios")]


@pytest.fixture
def constancia(usuario_municipal, version_vigente):
    """The receipt of a filing, rendered and stored as after commit."""
    solicitud = radicar(usuario_municipal)
    procesar_solicitud(solicitud.pk)
    documento = solicitud.documentos.get(tipo=TipoDocumento.CONSTANCIA_RADICACION)
    assert documento.archivo and documento.codigo_verificacion
    return documento


def url(documento):
    return f"/verificar/{documento.codigo_verificacion}/"


def test_un_registro_expedido_se_verifica_sin_datos_personales(client, constancia):
    respuesta = client.get(url(constancia))
    assert respuesta.status_code == 200
    assert "no-store" in respuesta["Cache-Control"]
    texto = texto_visible(respuesta.content)
    assert "Registro auténtico y vigente." in texto
    assert "Constancia de radicación" in texto
    assert constancia.solicitud.radicado in texto
    assert constancia.codigo_verificacion in texto
    assert constancia.sha256 in texto
    assert "Secretaría de Planeación" in texto and "Gobernación de Santander" in texto
    assert f"Páginas {constancia.paginas}" in texto
    assert "Estado Vigente" in texto
    solicitud = constancia.solicitud
    for personal in (
        solicitud.nombre_solicitante,
        solicitud.correo_solicitante,
        solicitud.telefono_solicitante,
        solicitud.asunto,
        "Laura",
    ):
        assert personal not in texto


def test_el_codigo_se_acepta_como_se_escriba(client, constancia):
    codigo = constancia.codigo_verificacion
    escrito = codigo.replace("-", "").lower()
    respuesta = client.get(f"/verificar/{escrito}/")
    assert (respuesta.status_code, respuesta["Location"]) == (302, url(constancia))
    desde_el_formulario = client.get("/verificar/", {"codigo": f" {escrito[:4]} "})
    assert desde_el_formulario.status_code == 302  # any code: it is looked up there
    inicio = client.get("/verificar/", {"codigo": codigo.lower()})
    assert inicio["Location"] == url(constancia)
    assert "Código de verificación" in texto_visible(client.get("/verificar/").content)


def test_un_codigo_desconocido_no_se_encuentra(client, constancia):
    for codigo in ("ZZZZZ-ZZZZZ", "nada", "<script>"):
        respuesta = client.get(f"/verificar/{codigo}/")
        assert respuesta.status_code == 404, codigo
        texto = texto_visible(respuesta.content)
        assert "No encontramos ningún registro expedido con el código" in texto
    assert "<script>" not in client.get("/verificar/<script>/").content.decode()


def test_un_registro_aun_sin_pdf_no_se_encuentra(client, usuario_municipal, personal):
    """An issued record counts only once its PDF is stored."""
    solicitud = llevar_a(radicar(usuario_municipal), 3, personal)
    registro = solicitud.documentos.get(tipo=TipoDocumento.REGISTRO_INTERNO)
    Documento.objects.filter(pk=registro.pk).update(archivo="", sha256="")
    assert client.get(url(registro)).status_code == 404


def test_el_qr_de_los_registros_apunta_aqui(usuario_municipal, personal):
    solicitud = llevar_a(radicar(usuario_municipal), 3, personal)
    registro = solicitud.documentos.get(tipo=TipoDocumento.REGISTRO_INTERNO)
    direccion = registro.datos["comun"]["url_verificacion"]
    coincidencia = resolve(urlparse(direccion).path)
    assert coincidencia.url_name == "verificar"
    assert coincidencia.kwargs == {"codigo": registro.codigo_verificacion}


def test_el_mismo_pdf_coincide(client, constancia):
    contenido = constancia.archivo.open("rb").read()
    respuesta = client.post(
        url(constancia),
        {"archivo": SimpleUploadedFile("copia.pdf", contenido, "application/pdf")},
    )
    assert respuesta.status_code == 200
    texto = texto_visible(respuesta.content)
    assert "Coincide. El archivo que envió es, byte por byte, el registro" in texto
    assert "No coincide" not in texto


def test_otro_pdf_no_coincide(client, constancia):
    contenido = bytearray(constancia.archivo.open("rb").read())
    contenido[-10] ^= 1  # one bit changed
    for otro in (bytes(contenido), pdf_de_prueba(texto="Constancia falsa")):
        respuesta = client.post(
            url(constancia),
            {"archivo": SimpleUploadedFile("copia.pdf", otro, "application/pdf")},
        )
        texto = texto_visible(respuesta.content)
        assert "No coincide. El archivo que envió no es idéntico" in texto
        assert "Coincide. El archivo" not in texto


def test_la_comparacion_tiene_limite_de_tamano_y_pide_csrf(
    client, constancia, settings
):
    settings.EXPEDIENTES_TAMANO_MAXIMO = 100
    grande = SimpleUploadedFile("grande.pdf", b"%PDF-" + b"0" * 200)
    texto = texto_visible(client.post(url(constancia), {"archivo": grande}).content)
    assert "el máximo es 100" in texto
    assert "Coincide" not in texto
    # One byte over 10 MB says so in bytes, not "10,0 MB; el máximo es 10,0 MB".
    settings.EXPEDIENTES_TAMANO_MAXIMO = 10 * 1024 * 1024
    justo = SimpleUploadedFile("justo.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024 - 4))
    texto = texto_visible(client.post(url(constancia), {"archivo": justo}).content)
    assert "pesa 10.485.761 bytes; el máximo es 10.485.760 bytes" in texto
    sin_archivo = texto_visible(client.post(url(constancia)).content)
    assert "Elija el archivo PDF que quiere comparar." in sin_archivo

    con_csrf = Client(enforce_csrf_checks=True)
    archivo = SimpleUploadedFile("c.pdf", constancia.archivo.open("rb").read())
    assert con_csrf.post(url(constancia), {"archivo": archivo}).status_code == 403


def test_las_consultas_tienen_limite_por_direccion(client, constancia, settings):
    settings.PORTAL_LIMITE_CONSULTAS = "2/10m"
    assert client.get(url(constancia)).status_code == 200
    assert client.get("/verificar/ZZZZZ-ZZZZZ/").status_code == 404
    assert client.get(url(constancia)).status_code == 429


def test_un_registro_corregido_dice_que_fue_reemplazado(
    client, usuario_municipal, personal
):
    from expedientes.services import registro_corregir

    solicitud = llevar_a(radicar(usuario_municipal), 4, personal)
    procesar_solicitud(solicitud.pk)
    oficio = solicitud.documentos.get(tipo=TipoDocumento.OFICIO_RESPUESTA)
    nuevo = registro_corregir(
        documento=oficio, actor=personal["secretario"], motivo="Fecha errada"
    )
    # While the correction renders, the old record is still the one in force.
    texto = texto_visible(client.get(url(oficio)).content)
    assert "Registro auténtico y vigente." in texto
    procesar_solicitud(solicitud.pk)

    texto = texto_visible(client.get(url(oficio)).content)
    assert "Registro auténtico, reemplazado por una corrección." in texto
    assert "Estado Reemplazado" in texto
    assert nuevo.codigo_verificacion in texto
    # The old file still matches byte for byte: it never changed.
    with oficio.archivo.open("rb") as archivo:
        contenido = archivo.read()
    respuesta = client.post(
        url(oficio),
        {"archivo": SimpleUploadedFile("o.pdf", contenido, "application/pdf")},
    )
    assert "Coincide." in texto_visible(respuesta.content)

    texto = texto_visible(client.get(url(nuevo)).content)
    assert "Registro auténtico y vigente." in texto
    assert f"corrige y reemplaza el registro {oficio.codigo_verificacion}" in texto


def test_un_codigo_sin_letras_ni_numeros_es_un_error_del_formulario(client, db):
    """Found by the forms fuzzer: ``?codigo=:`` normalised to nothing and the
    redirect to ``/verificar/<código>/`` raised (HTTP 500)."""
    for codigo in (":", "--", " ¿? ", "\u00b7"):
        respuesta = client.get("/verificar/", {"codigo": codigo})
        assert respuesta.status_code == 200
        assert (
            "El código de verificación tiene letras y números, p. ej. ABCDE-FGH23."
            in texto_visible(respuesta.content)
        )
