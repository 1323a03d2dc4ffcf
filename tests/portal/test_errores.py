"""Every error page in Spanish with the site's layout, and none that fails in turn."""

from unittest import mock

import pytest

from django.db import OperationalError, connection
from django.test import Client

from portal import errores
from tests.utils import texto_visible

FORMULARIOS = [
    "/consulta/",
    "/cuenta/ingresar/",
    "/solicitudes/nueva/",
    "/admin/login/",
]


def _cliente_con_csrf(url):
    """A browser: CSRF checked, with the cookie and token a real form carries."""
    cliente = Client(enforce_csrf_checks=True, raise_request_exception=False)
    cliente.get("/cuenta/ingresar/")
    return cliente, cliente.cookies["csrftoken"].value


@pytest.mark.parametrize("url", FORMULARIOS)
@pytest.mark.parametrize("juego", ["latin-1", "iso-8859-1", "no-existe"])
def test_un_formulario_en_otra_codificacion_da_400_en_espanol(inicio, url, juego):
    cliente, token = _cliente_con_csrf(url)
    cuerpo = f"csrfmiddlewaretoken={token}&username=Jos%E9&radicado=%E9".encode()
    respuesta = cliente.generic(
        "POST",
        url,
        cuerpo,
        content_type=f"application/x-www-form-urlencoded; charset={juego}",
    )
    if juego == "no-existe":
        # Django ignores a charset it does not know and reads UTF-8: never a 5xx.
        assert respuesta.status_code < 500
        return
    assert respuesta.status_code == 400
    texto = texto_visible(respuesta.content)
    assert "Solicitud incorrecta" in texto
    assert "Bad Request" not in texto
    assert b'lang="es-CO"' in respuesta.content


def test_csrf_fallido_en_espanol(inicio):
    cliente = Client(enforce_csrf_checks=True)
    respuesta = cliente.post("/consulta/", {"radicado": "SP", "codigo": "X"})
    assert respuesta.status_code == 403
    texto = texto_visible(respuesta.content)
    assert "El formulario caducó" in texto
    assert "CSRF" not in texto


def test_403_en_espanol(rf, inicio):
    respuesta = errores.acceso_denegado(rf.get("/"))
    assert respuesta.status_code == 403
    assert "Acceso no permitido" in texto_visible(respuesta.content)


def test_el_admin_sin_permiso_habla_espanol(client, usuario_municipal):
    client.force_login(usuario_municipal)
    respuesta = client.get("/admin/", follow=True)
    texto = texto_visible(respuesta.content)
    assert "Su cuenta no tiene permiso para entrar a la administración." in texto
    assert "You do not have permission" not in texto


def test_404_en_espanol(client, inicio):
    respuesta = client.get("/no-existe/")
    assert respuesta.status_code == 404
    assert "Página no encontrada" in texto_visible(respuesta.content)


def test_500_en_espanol_con_el_diseno_del_sitio(rf, inicio):
    respuesta = errores.error_del_servidor(rf.get("/"))
    assert respuesta.status_code == 500
    assert "Algo salió mal" in texto_visible(respuesta.content)
    assert b'class="cabecera"' in respuesta.content


def _caida(*args, **kwargs):
    raise OperationalError("could not connect to server: Connection refused")


@pytest.fixture
def base_de_datos_caida(inicio):
    """Every query fails, as with PostgreSQL stopped (undone before the test's
    transaction is rolled back)."""
    with mock.patch.object(connection, "cursor", _caida):
        yield


@pytest.mark.parametrize("plantilla", ["400.html", "403.html", "404.html", "500.html"])
def test_las_paginas_de_error_no_fallan_sin_base_de_datos(
    rf, inicio, base_de_datos_caida, plantilla
):
    """Their layout reads the entity's settings from the database: without it they
    still render, with the entity's name written in portal/errores.py."""
    respuesta = errores.pagina_de_error(rf.get("/"), plantilla, 418)
    texto = texto_visible(respuesta.content)
    assert "Gobernación de Santander" in texto
    assert b'class="cabecera"' in respuesta.content


def test_una_plantilla_rota_da_una_pagina_minima(rf, db):
    respuesta = errores.pagina_de_error(rf.get("/"), "no-existe.html", 500)
    assert respuesta.status_code == 500
    assert "Algo salió mal" in texto_visible(respuesta.content)


@pytest.mark.parametrize("url", ["/", "/procedimientos/", "/consulta/"])
def test_con_la_base_de_datos_caida_503_y_retry_after(inicio, base_de_datos_caida, url):
    cliente = Client(raise_request_exception=False)
    respuesta = cliente.get(url)
    assert respuesta.status_code == 503
    assert respuesta["Retry-After"] == str(errores.REINTENTAR_EN)
    texto = texto_visible(respuesta.content)
    assert "Servicio no disponible por un momento" in texto
    assert "no-store" in respuesta["Cache-Control"]


def test_un_error_de_base_de_datos_fuera_de_una_vista_tambien_es_503(
    rf, inicio, base_de_datos_caida
):
    try:
        raise OperationalError("server closed the connection unexpectedly")
    except OperationalError:
        respuesta = errores.error_del_servidor(rf.get("/"))
    assert respuesta.status_code == 503
    assert "Retry-After" in respuesta


def test_el_sitio_se_recupera_solo(inicio):
    cliente = Client(raise_request_exception=False)
    with mock.patch.object(connection, "cursor", _caida):
        assert cliente.get("/").status_code == 503
    assert cliente.get("/").status_code == 200


@pytest.mark.parametrize(
    "url",
    ["/procedimientos/%00/", "/buscar/?q=%00", "/solicitudes/SP%00/", "/?a=b%00c"],
)
def test_un_nul_en_la_direccion_es_400(client, inicio, url):
    """PostgreSQL refuses NUL in a query (a 500 there); SQLite does not."""
    respuesta = client.get(url)
    assert respuesta.status_code == 400
    assert "Solicitud incorrecta" in texto_visible(respuesta.content)


def test_un_host_no_permitido_es_400_en_espanol(inicio):
    """The layout's site settings ask for the host again: the page still renders."""
    respuesta = Client(raise_request_exception=False).get("/", HTTP_HOST="evil.example")
    assert respuesta.status_code == 400
    assert "Solicitud incorrecta" in texto_visible(respuesta.content)
