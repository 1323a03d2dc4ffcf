"""``procedimientos.rutas.servir``: the page, its breadcrumbs and whether anything
restricts it read in one query, and every restriction Wagtail enforces still
enforced: on the page, on an ancestor, above the site's root, by login, group or
password, and through an alias."""

import pytest
from bs4 import BeautifulSoup

from django.contrib.auth.models import Group
from django.core.cache import cache, caches
from django.test import Client
from wagtail.models import Page, PageViewRestriction, Site

from procedimientos import rutas
from procedimientos.models import GlosarioPage, ProcedimientoPage
from tests.factories import UsuarioFactory
from tests.portal.test_redis_caido import (  # noqa: F401 - a fixture
    caches_con_redis,
    redis_privado,
)

URL = "/procedimientos/es-pe-pr-31/"


@pytest.fixture
def publicado(procedimiento):
    return ProcedimientoPage.objects.get(pk=procedimiento.pk)


def _restringir(pagina, tipo, **campos):
    restriccion = PageViewRestriction.objects.create(
        page=pagina, restriction_type=tipo, **campos
    )
    return restriccion


def _pide_ingresar(respuesta, siguiente: str) -> bool:
    return respuesta.status_code == 302 and f"next={siguiente}" in respuesta["Location"]


def test_la_pagina_en_vigor_en_cinco_consultas(client, publicado):
    """Pins the uncached page: the page with its ancestors and their
    restrictions, its specific row, the frozen version, the editorial notes of
    its terms, the entity; the site comes from the shared cache. It was 10
    (the site, Wagtail's walk and restriction check, the breadcrumbs)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(URL)
    with CaptureQueriesContext(connection) as consultas:
        assert client.get(URL).status_code == 200
    assert len(consultas.captured_queries) == 5, [
        q["sql"][:120] for q in consultas.captured_queries
    ]


def test_las_migas_son_los_ancestros(client, publicado):
    sopa = BeautifulSoup(client.get(URL + "versiones/").content, "html.parser")
    migas = [
        (li.get_text(strip=True), a["href"] if (a := li.find("a")) else None)
        for li in sopa.select(".migas li")
    ]
    assert migas == [
        ("Inicio", "/"),
        ("Procedimientos", "/procedimientos/"),
        ("ES-PE-PR-31", URL),
        ("Versiones", None),
    ]
    sopa = BeautifulSoup(client.get("/glosario/").content, "html.parser")
    assert [li.get_text(strip=True) for li in sopa.select(".migas li")] == [
        "Inicio",
        "Glosario",
    ]


def test_restriccion_de_ingreso_en_un_ancestro(publicado, indice):
    _restringir(Page.objects.get(pk=indice.pk), PageViewRestriction.LOGIN)
    anonimo = Client()
    for url in (URL, URL + "pdf/", URL + "versiones/", URL + "version/2/"):
        assert _pide_ingresar(anonimo.get(url), url), url

    ingresado = Client()
    ingresado.force_login(UsuarioFactory())
    respuesta = ingresado.get(URL)
    assert respuesta.status_code == 200
    assert b"Descargar el PDF oficial" in respuesta.content


def test_restriccion_por_grupo_en_la_pagina(publicado):
    grupo = Group.objects.create(name="Lectores de prueba")
    restriccion = _restringir(publicado, PageViewRestriction.GROUPS)
    restriccion.groups.add(grupo)

    otro = Client()
    otro.force_login(UsuarioFactory())
    assert _pide_ingresar(otro.get(URL), URL)

    miembro = UsuarioFactory()
    miembro.groups.add(grupo)
    lector = Client()
    lector.force_login(miembro)
    assert lector.get(URL).status_code == 200


def test_restriccion_con_contrasena(publicado):
    _restringir(publicado, PageViewRestriction.PASSWORD, password="clave-secreta")
    respuesta = Client().get(URL)

    assert b"Descargar el PDF oficial" not in respuesta.content
    assert b'name="password"' in respuesta.content


def test_restriccion_sobre_la_raiz_del_sitio(publicado, inicio):
    """A restriction above the site's root page (on the tree's root) applies too."""
    _restringir(Page.objects.get(depth=1), PageViewRestriction.LOGIN)
    assert _pide_ingresar(Client().get(URL), URL)
    assert _pide_ingresar(Client().get("/"), "/")


def test_un_alias_tiene_las_restricciones_de_su_original(publicado, indice):
    glosario = GlosarioPage.objects.get()
    alias = glosario.create_alias(
        parent=Page.objects.get(pk=indice.pk), update_slug="glosario-copia"
    )
    url_alias = "/procedimientos/glosario-copia/"
    assert Client().get(url_alias).status_code == 200

    _restringir(glosario, PageViewRestriction.LOGIN)
    assert alias.alias_of_id == glosario.pk
    assert _pide_ingresar(Client().get(url_alias), url_alias)


def test_sin_restricciones_no_se_pide_nada(client, publicado):
    """The fast path (no restriction found) leaves nothing to check."""
    respuesta = client.get(URL)
    assert respuesta.status_code == 200
    pagina = respuesta.context["page"]
    assert pagina.sin_restricciones_de_vista
    assert [p.depth for p in pagina.ancestros_resueltos] == [1, 2, 3]
    # A restriction added now is read by the next request.
    _restringir(publicado, PageViewRestriction.LOGIN)
    assert _pide_ingresar(client.get(URL), URL)


def test_una_pagina_bajo_una_no_publicada_se_sirve_como_en_wagtail(publicado, indice):
    """Wagtail serves a live page under an unpublished one (its walk does not
    look at the parents' state): so does the one-query route."""
    Page.objects.filter(pk=indice.pk).update(live=False)
    assert Client().get(URL).status_code == 200
    assert Client().get("/procedimientos/").status_code == 404


# --- the site from the shared cache (rutas.sitio_para) -------------------------------


def _consultas_de_sitio(cliente, url, **extra) -> tuple[int, int]:
    """The status, and how many times the site was looked up for the host
    (Wagtail's ``get_site_for_hostname``: its CASE ranks the matches; Wagtail's
    own cache of the sites' root URLs reads the table too, differently)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as consultas:
        estado = cliente.get(url, **extra).status_code
    return estado, sum(
        '"wagtailcore_site"' in q["sql"] and "CASE WHEN" in q["sql"]
        for q in consultas.captured_queries
    )


def test_el_sitio_se_lee_una_vez_y_de_nuevo_tras_cambiar(client, publicado, indice):
    assert _consultas_de_sitio(client, URL) == (200, 1)
    assert _consultas_de_sitio(client, URL) == (200, 0)

    # A site of its own for another host, rooted at the catalogue: at once.
    Site.objects.create(
        hostname="127.0.0.1", port=80, root_page=Page.objects.get(pk=indice.pk)
    )
    assert _consultas_de_sitio(client, "/es-pe-pr-31/", HTTP_HOST="127.0.0.1") == (
        200,
        1,
    )
    assert client.get(URL, HTTP_HOST="127.0.0.1").status_code == 404
    # testserver: still the default site, read again in the new generation.
    assert _consultas_de_sitio(client, URL) == (200, 1)
    assert _consultas_de_sitio(client, URL) == (200, 0)

    Site.objects.get(hostname="127.0.0.1").delete()
    assert client.get(URL, HTTP_HOST="127.0.0.1").status_code == 200
    assert client.get("/es-pe-pr-31/", HTTP_HOST="127.0.0.1").status_code == 404


def test_la_raiz_renombrada_se_lee_de_nuevo(client, publicado, inicio):
    """The site is kept with its root page (its url_path is where the route
    starts): a new slug for the home page changes every url_path under it."""
    assert client.get(URL).status_code == 200
    raiz = Page.objects.get(pk=inicio.pk).specific
    raiz.slug = "inicio-nuevo"
    raiz.save()

    assert Page.objects.get(pk=publicado.pk).url_path.startswith("/inicio-nuevo/")
    # Read again (with a stale root the one-query route would find no chain and
    # leave the request to Wagtail's walk: served, but not by the fast path).
    assert _consultas_de_sitio(client, URL) == (200, 1)
    respuesta = client.get(URL)
    assert respuesta.context["page"].ancestros_resueltos is not None
    assert client.get("/").status_code == 200


def test_un_mapa_leido_antes_de_un_cambio_no_se_usa_despues(rf, publicado, indice):
    """The race the generations close: a request reads the sites, a change
    commits and renews the generation, then that request stores what it read.
    What it stored is under the old generation and is never served."""
    vieja = cache.get(rutas.CLAVE_GENERACION)
    if vieja is None:
        rutas.sitio_para(rf.get(URL))
        vieja = cache.get(rutas.CLAVE_GENERACION)
    ajeno = Site(hostname="ajeno", port=80, root_page=Page.objects.get(pk=indice.pk))
    rutas.sitios_olvidar()
    cache.set(rutas.CLAVE_SITIOS, (vieja, {("testserver", "80"): ajeno}))

    sitio = rutas.sitio_para(rf.get(URL))
    assert sitio.is_default_site and sitio.hostname != "ajeno"
    assert Client().get(URL).status_code == 200


def test_sin_cache_compartida_se_lee_la_base_de_datos(client, publicado, settings):
    """Redis down (CacheRedisTolerante answers as an empty cache): every request
    reads the site, and is served."""
    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
    }
    assert _consultas_de_sitio(client, URL) == (200, 1)
    assert _consultas_de_sitio(client, URL) == (200, 1)


def test_un_cambio_con_la_cache_caida_se_ve_cuando_vuelve(
    redis_privado,  # noqa: F811 - the fixture imported above
    settings,
    publicado,
    indice,
):
    """A site changed while Redis does not answer cannot renew the generation:
    the process that changed it does when Redis answers again, so the map kept
    in Redis from before is not served."""
    url, _parar, _arrancar = redis_privado
    settings.CACHES = {
        **caches_con_redis(url),
        # Pages rendered each time: what is under test is the route.
        "paginas": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
    }
    compartida = caches["default"]
    cliente = Client()
    assert _consultas_de_sitio(cliente, URL) == (200, 1)
    assert _consultas_de_sitio(cliente, URL) == (200, 0)  # from Redis

    # Unreachable for a moment, its data kept (CacheRedisTolerante's own
    # back-off: while it lasts Redis is not even tried).
    compartida.en_falla = True
    compartida._reintentar_desde = float("inf")
    sitio = Site.objects.get(is_default_site=True)
    sitio.root_page = Page.objects.get(pk=indice.pk)
    sitio.save()
    compartida._reintentar_desde = float("-inf")

    assert cliente.get("/es-pe-pr-31/").status_code == 200
    assert cliente.get(URL).status_code == 404


class _Revertir(Exception):
    pass


def test_un_sitio_de_una_transaccion_revertida_se_lee_de_nuevo(client, publicado):
    """A rollback sends no signal: a request inside the transaction kept the
    site with a root page that no longer exists after it. The route sees the
    root missing from the chain and reads the site again."""
    from django.db import transaction

    from portal.models import HomePage

    with pytest.raises(_Revertir), transaction.atomic():
        otra = HomePage(title="Otra", slug="otra")
        Page.get_first_root_node().add_child(instance=otra)
        sitio = Site.objects.get(is_default_site=True)
        sitio.root_page = otra
        sitio.save()
        assert client.get("/").context["page"].pk == otra.pk
        raise _Revertir

    assert client.get(URL).status_code == 200
    assert _consultas_de_sitio(client, URL) == (200, 0)  # and kept again
