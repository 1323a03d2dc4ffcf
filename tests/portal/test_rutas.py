"""``HomePage.route``: a page found by its path in one query serves what
Wagtail's walk child by child served, and nothing more."""

import pytest

from procedimientos.models import ProcedimientoPage


@pytest.fixture
def publicado(procedimiento):
    return ProcedimientoPage.objects.get(pk=procedimiento.pk)


def test_cada_pagina_publicada_en_su_ruta(client, publicado, indice, inicio):
    for pagina in (inicio, indice, publicado):
        respuesta = client.get(pagina.url)
        assert respuesta.status_code == 200, pagina.url
        assert respuesta.context["page"].pk == pagina.pk
    # A procedure's own sub-routes are still its own.
    assert client.get(f"{publicado.url}versiones/").status_code == 200
    assert client.get(f"{publicado.url}pdf/")["Content-Type"] == "application/pdf"


def test_rutas_que_no_son_paginas(client, publicado, indice):
    assert client.get(f"{indice.url}no-existe/").status_code == 404
    assert client.get(f"{publicado.url}no-existe/").status_code == 404
    assert client.get(f"{publicado.url}versiones/no-existe/").status_code == 404
    # A slug of a page that is not under this path is not reached through it.
    assert client.get(f"/{publicado.slug}/").status_code == 404


def test_una_pagina_despublicada_no_se_sirve(client, publicado):
    url = publicado.url
    publicado.unpublish()
    assert client.get(url).status_code == 404


def test_pocas_consultas_por_pagina(client, publicado, django_assert_max_num_queries):
    """The procedure page in force: the page with its ancestors and their view
    restrictions (procedimientos/rutas.py), its class, the frozen version, the
    editorial notes of its terms, the entity; the site from the shared cache: 5
    (it was 12, then 10 with the route by url_path;
    tests/procedimientos/test_rutas.py pins it)."""
    client.get(publicado.url)
    with django_assert_max_num_queries(5):
        assert client.get(publicado.url).status_code == 200
