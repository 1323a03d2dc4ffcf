"""Bodies larger than the largest filing are refused before anything reads them."""

import io

import pytest

from django.core.handlers.exception import convert_exception_to_response
from django.http import HttpResponse
from django.test import Client

from expedientes.constants import MAX_ANEXOS
from portal.middleware import LimiteDeCuerpoMiddleware, limite_de_cuerpo
from tests.utils import texto_visible

URL = "/solicitudes/nueva/"


def test_el_limite_sale_de_los_ajustes_de_archivos(settings):
    assert limite_de_cuerpo() == (
        (1 + MAX_ANEXOS) * settings.EXPEDIENTES_TAMANO_MAXIMO
        + settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    )
    settings.EXPEDIENTES_TAMANO_MAXIMO = 1000
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 500
    assert limite_de_cuerpo() == (1 + MAX_ANEXOS) * 1000 + 500
    settings.PORTAL_TAMANO_MAXIMO_PETICION = 4096
    assert limite_de_cuerpo() == 4096


def _enorme(cliente, url=URL):
    """A POST announcing 1 byte over the limit, whose body is never sent.

    The test client's input holds no bytes: reading any would fail the request, so
    a 413 shows that nothing was read.
    """
    return cliente.generic(
        "POST",
        url,
        data=b"",
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(limite_de_cuerpo() + 1),
    )


@pytest.mark.parametrize("url", [URL, "/consulta/", "/cuenta/ingresar/", "/admin/"])
def test_un_cuerpo_enorme_anonimo_recibe_413_sin_leerlo(db, url):
    respuesta = _enorme(Client(enforce_csrf_checks=True), url)
    assert respuesta.status_code == 413
    texto = texto_visible(respuesta.content)
    assert "Envío demasiado grande" in texto
    assert "no se recibió ni se guardó nada" in texto
    assert b'lang="es-CO"' in respuesta.content  # the site's layout
    assert "Connection" not in respuesta  # hop-by-hop: wsgiref would refuse it


def test_un_cuerpo_enorme_con_sesion_tambien(
    client, usuario_municipal, version_vigente
):
    client.force_login(usuario_municipal)
    respuesta = _enorme(client)
    assert respuesta.status_code == 413
    assert "Envío demasiado grande" in texto_visible(respuesta.content)


def test_un_cuerpo_al_limite_se_lee(client, settings, db):
    settings.PORTAL_TAMANO_MAXIMO_PETICION = 64
    respuesta = client.post(
        "/consulta/", "radicado=SP&codigo=X", "application/x-www-form-urlencoded"
    )
    assert respuesta.status_code == 200


def test_una_longitud_invalida_es_400(client, db):
    respuesta = client.generic("POST", "/consulta/", b"", CONTENT_LENGTH="muchos")
    assert respuesta.status_code == 400
    assert "Solicitud incorrecta" in texto_visible(respuesta.content)


def test_se_cuenta_lo_leido_aunque_no_haya_longitud(rf, settings, db):
    """A server that passes the raw stream with no (or a false) Content-Length:
    reading stops at the limit and the answer is the same 413."""
    settings.PORTAL_TAMANO_MAXIMO_PETICION = 1000
    request = rf.post("/consulta/", b"a" * 5000, content_type="text/plain")
    del request.META["CONTENT_LENGTH"]
    request._stream = io.BytesIO(b"a" * 5000)
    leido = []

    def vista(request):
        leido.append(len(request.body))
        return HttpResponse("leído")

    middleware = LimiteDeCuerpoMiddleware(convert_exception_to_response(vista))
    respuesta = middleware(request)
    assert respuesta.status_code == 413
    assert leido == []  # the view never got the body

    pequeno = rf.post("/consulta/", b"a" * 500, content_type="text/plain")
    del pequeno.META["CONTENT_LENGTH"]
    pequeno._stream = io.BytesIO(b"a" * 500)
    assert middleware(pequeno).status_code == 200
    assert leido == [500]
