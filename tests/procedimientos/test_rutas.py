"""``procedimientos.rutas.servir``: the page, its breadcrumbs and whether anything
restricts it read in one query, and every restriction Wagtail enforces still
enforced: on the page, on an ancestor, above the site's root, by login, group or
password, and through an alias."""

import pytest
from bs4 import BeautifulSoup

from django.contrib.auth.models import Group
from django.test import Client
from wagtail.models import Page, PageViewRestriction

from procedimientos.models import GlosarioPage, ProcedimientoPage
from tests.factories import UsuarioFactory

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


def test_la_pagina_en_vigor_en_seis_consultas(client, publicado):
    """Pins the uncached page: the site with its root, the page with its ancestors
    and their restrictions, its specific row, the frozen version, the editorial
    notes of its terms, the entity. It was 10 (Wagtail's walk and restriction
    check, and the breadcrumbs' own query)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(URL)
    with CaptureQueriesContext(connection) as consultas:
        assert client.get(URL).status_code == 200
    assert len(consultas.captured_queries) == 6, [
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
