"""Anonymous visitors get cached pages; publishing empties the cache everywhere."""

import secrets

import pytest

from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from portal.cache import CacheEnDosNiveles

PAGINAS = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "paginas": {
        "BACKEND": "portal.cache.CacheEnDosNiveles",
        "OPTIONS": {"COMPARTIDA": "default", "REVALIDAR": 0},
    },
}


@pytest.fixture
def con_cache(settings):
    settings.CACHES = PAGINAS
    caches["default"].clear()
    caches["paginas"].clear()
    yield
    caches["default"].clear()


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


def test_otro_proceso_ve_la_invalidacion_al_revalidar(con_cache, monkeypatch):
    """Two workers: each has its own memory; they share only the default cache."""
    opciones = {"OPTIONS": {"COMPARTIDA": "default", "REVALIDAR": 1.0}}
    uno = CacheEnDosNiveles("uno", opciones)
    otro = CacheEnDosNiveles("otro", opciones)
    reloj = [100.0]
    monkeypatch.setattr("portal.cache.time.monotonic", lambda: reloj[0])

    uno.set("pagina", "versión 1")
    assert otro.get("pagina") == "versión 1"  # from the shared cache, then memory
    uno.clear()  # a page was published in the first worker
    uno.set("pagina", "versión 2")
    assert uno.get("pagina") == "versión 2"
    assert otro.get("pagina") == "versión 1"  # still within REVALIDAR
    reloj[0] += 1.0
    assert otro.get("pagina") == "versión 2"


def _entradas() -> int:
    """Keys in the shared cache (locmem here): pages, header lists, the token."""
    return len(caches["default"]._cache)


def test_cookies_que_no_se_leen_no_crean_entradas(client, procedimiento, con_cache):
    """300 visitors with 300 different cookies (analytics, a load balancer's…) get
    one cached copy of the page, not 300."""
    url = "/procedimientos/es-pe-pr-31/"
    primera = client.get(url)
    antes = _entradas()
    for numero in range(300):
        visitante = Client(HTTP_COOKIE=f"_ga=GA1.{numero}.{secrets.token_hex(8)}")
        respuesta = visitante.get(url)
        assert respuesta.content == primera.content
    assert _entradas() == antes
    with CaptureQueriesContext(connection) as consultas:
        Client(HTTP_COOKIE="otra=1; csrftoken=" + "a" * 32).get(url)
    assert len(consultas) == 0  # served from the cache


def test_una_sesion_o_un_mensaje_no_usan_la_cache(
    client, django_user_model, procedimiento, con_cache
):
    """Whoever carries a session or a pending message sees their own page, and
    leaves nothing in the cache (not even one entry per session cookie)."""
    url = "/procedimientos/es-pe-pr-31/"
    client.get(url)
    antes = _entradas()
    for numero in range(20):
        Client(HTTP_COOKIE=f"sessionid=falsa{numero}").get(url)
        Client(HTTP_COOKIE=f"messages=falso{numero}").get(url)
    assert _entradas() == antes
