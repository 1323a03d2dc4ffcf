"""Anonymous visitors get cached pages; publishing empties the cache at once."""

import pytest

from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

PAGINAS = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "paginas": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "paginas-prueba",
    },
}


@pytest.fixture
def con_cache(settings):
    settings.CACHES = PAGINAS
    caches["paginas"].clear()
    yield
    caches["paginas"].clear()


def test_la_segunda_visita_no_toca_la_base_de_datos(client, procedimiento, con_cache):
    primera = client.get("/procedimientos/es-pe-pr-31/")
    with CaptureQueriesContext(connection) as consultas:
        segunda = client.get("/procedimientos/es-pe-pr-31/")
    assert segunda.content == primera.content
    assert len(consultas) == 0


def test_publicar_invalida_la_cache(client, procedimiento, con_cache):
    assert b"Brinda asesor" in client.get("/procedimientos/es-pe-pr-31/").content
    procedimiento.objetivo = "Objetivo recién aprobado."
    procedimiento.save_revision().publish()
    html = client.get("/procedimientos/es-pe-pr-31/").content.decode()
    assert "Objetivo recién aprobado." in html


def test_un_editor_no_recibe_la_copia_anonima(
    client, django_user_model, procedimiento, con_cache
):
    client.get("/procedimientos/es-pe-pr-31/")
    editor = django_user_model.objects.create_superuser("e", "e@example.com", "x")
    client.force_login(editor)
    html = client.get("/procedimientos/es-pe-pr-31/").content.decode()
    assert "wagtail-userbar" in html or "w-userbar" in html
