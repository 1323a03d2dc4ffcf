"""``make run`` (DEBUG) answers with the site's Spanish error pages, not Django's
technical ones (unless ``DJANGO_PAGINA_TECNICA=1``), and a 405 is never blank."""

import subprocess
import sys

import pytest

from django.conf import settings
from django.test import Client, override_settings

from tests.casos import radicar
from tests.utils import texto_visible

pytestmark = pytest.mark.django_db

EN_DESARROLLO = {"DEBUG": True, "PAGINA_TECNICA": False}


def _cliente(**opciones) -> Client:
    # A new Client loads the middlewares again, under the overridden settings.
    return Client(raise_request_exception=False, **opciones)


@override_settings(**EN_DESARROLLO)
@pytest.mark.parametrize(
    "url",
    [
        "/no-existe/",  # a view (Wagtail's serve) raises Http404
        "/no-existe.txt",  # no URL pattern matches: Django's resolver
        "/procedimientos/no-existe/",
    ],
)
def test_el_404_de_make_run_es_la_pagina_del_sitio(inicio, url):
    respuesta = _cliente().get(url)
    assert respuesta.status_code == 404
    texto = texto_visible(respuesta.content)
    assert "Página no encontrada" in texto
    assert "Using the URLconf" not in texto
    assert "Page not found" not in texto
    assert b'lang="es-CO"' in respuesta.content


@override_settings(**EN_DESARROLLO, ROOT_URLCONF="tests.portal.urls_con_falla")
def test_el_500_de_make_run_es_la_pagina_del_sitio(inicio):
    respuesta = _cliente().get("/falla/")
    assert respuesta.status_code == 500
    texto = texto_visible(respuesta.content)
    assert "Algo salió mal" in texto
    assert "RuntimeError" not in texto
    assert "Traceback" not in texto


@override_settings(**EN_DESARROLLO)
@pytest.mark.parametrize("url", ["/consulta/", "/cuenta/ingresar/", "/admin/login/"])
def test_un_formulario_en_otra_codificacion_da_400_en_espanol_en_make_run(inicio, url):
    cliente = _cliente(enforce_csrf_checks=True)
    cliente.get("/cuenta/ingresar/")
    token = cliente.cookies["csrftoken"].value
    respuesta = cliente.generic(
        "POST",
        url,
        f"csrfmiddlewaretoken={token}&username=Jos%E9&radicado=%E9".encode(),
        content_type="application/x-www-form-urlencoded; charset=latin-1",
    )
    assert respuesta.status_code == 400
    texto = texto_visible(respuesta.content)
    assert "Solicitud incorrecta" in texto
    assert "must be UTF-8" not in texto


@override_settings(DEBUG=True, PAGINA_TECNICA=True)
def test_quien_pide_la_pagina_tecnica_la_tiene(inicio):
    respuesta = _cliente().get("/no-existe.txt")
    assert respuesta.status_code == 404
    assert "Using the URLconf" in texto_visible(respuesta.content)


def test_make_run_lee_la_pagina_tecnica_del_entorno():
    def pagina_tecnica(**entorno) -> str:
        return subprocess.run(
            [
                sys.executable,
                "manage.py",
                "shell",
                "-c",
                "from django.conf import settings; print(settings.PAGINA_TECNICA)",
            ],
            cwd=settings.BASE_DIR,
            env={
                "PATH": "/usr/bin:/bin",
                "DJANGO_SETTINGS_MODULE": "portal.settings.dev",
                **entorno,
            },
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()[-1]

    assert pagina_tecnica() == "False"
    assert pagina_tecnica(DJANGO_PAGINA_TECNICA="1") == "True"


# --- 405 ------------------------------------------------------------------------


def _pagina_405(respuesta, permitidos: str) -> str:
    assert respuesta.status_code == 405
    assert respuesta["Allow"] == permitidos
    texto = texto_visible(respuesta.content)
    assert "Esta dirección no se abre así" in texto
    assert "No se hizo ningún cambio" in texto
    return texto


@pytest.mark.parametrize("depuracion", [False, True])
def test_un_get_a_la_carga_del_portal_da_la_pagina_405(
    client, usuario_municipal, version_vigente, depuracion
):
    solicitud = radicar(usuario_municipal)
    with override_settings(DEBUG=depuracion, PAGINA_TECNICA=False):
        cliente = _cliente()
        cliente.force_login(usuario_municipal)
        respuesta = cliente.get(f"/solicitudes/{solicitud.radicado}/aportar/")
    texto = _pagina_405(respuesta, "POST")
    assert "sus solicitudes" in texto


@pytest.mark.parametrize(
    "accion",
    ["completar", "suspender", "devolver", "rechazar", "reasignar", "archivar"],
)
def test_un_get_a_una_accion_del_admin_da_la_pagina_405(
    client, personal, usuario_municipal, accion
):
    solicitud = radicar(usuario_municipal)
    client.force_login(personal["ventanilla"])
    respuesta = client.get(f"/admin/solicitudes/{accion}/{solicitud.pk}/")
    texto = _pagina_405(respuesta, "POST")
    assert "vaya a la administración" in texto
