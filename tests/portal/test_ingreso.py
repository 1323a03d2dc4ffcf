"""Login attempts with absurd usernames are failed logins, not server errors
(portal/ingreso.py; found by tests/portal/test_fuzz_formularios.py)."""

import pytest
from axes.models import AccessAttempt

from django.core.cache import caches

from tests.utils import texto_visible

pytestmark = pytest.mark.django_db

LARGUISIMO = "planeacion." + "ñ" * 5_000


@pytest.fixture(autouse=True)
def sin_intentos():
    caches["default"].clear()
    yield
    caches["default"].clear()


def test_un_usuario_larguisimo_es_un_ingreso_fallido(client, usuario_municipal):
    url = "/cuenta/ingresar/"
    respuesta = client.post(url, {"username": LARGUISIMO, "password": "mala"})
    assert respuesta.status_code == 200
    assert "contraseña" in texto_visible(respuesta.content).lower()
    # Axes counts it under the first 255 characters, what its table holds.
    intento = AccessAttempt.objects.get()
    assert intento.username == LARGUISIMO[:255]
    assert intento.failures_since_start == 1
    client.post(url, {"username": LARGUISIMO + "x", "password": "mala"})
    assert AccessAttempt.objects.get().failures_since_start == 2


def test_en_el_admin_tambien(client, usuario_municipal):
    """Wagtail's login form refuses the name itself; nothing reaches axes."""
    datos = {"username": LARGUISIMO, "password": "mala"}
    assert client.post("/admin/login/", datos).status_code == 200
