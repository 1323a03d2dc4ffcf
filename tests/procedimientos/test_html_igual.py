"""Issue 18 made the page cheaper, not different: the seed's pages served by
``rutas.servir`` with the article from its memo are byte for byte what Wagtail's
own serve view gives with the article rendered anew each time."""

from django.template import engines
from django.test import Client, override_settings

from procedimientos.congelados import Memo
from procedimientos.templatetags.procedimientos_tags import CongeladoNode

URL = "/procedimientos/es-pe-pr-31/"
PAGINAS = ("/", "/procedimientos/", URL, URL + "versiones/", URL + "version/2/")


def _memo_del_articulo(tamano: int) -> Memo:
    plantilla = engines["django"].engine.get_template("includes/procedimiento.html")
    (nodo,) = [n for n in plantilla.nodelist if isinstance(n, CongeladoNode)]
    nodo.memo = Memo(tamano)
    return nodo.memo


def test_las_paginas_son_las_mismas_que_sin_memo_ni_ruta_propia(procedimiento):
    cliente = Client()
    # Fast path: the route in one query, the article from its memo (2nd GET).
    memo = _memo_del_articulo(32)
    rapidas = {}
    for url in PAGINAS:
        cliente.get(url)
        respuesta = cliente.get(url)
        assert respuesta.resolver_match.func.__module__ == "procedimientos.rutas"
        rapidas[url] = respuesta
    assert len(memo) == 2  # the page in force and version 2, each kept

    # Wagtail's serve and walk, the article rendered anew (a memo of 0 keeps
    # nothing).
    _memo_del_articulo(0)
    try:
        with override_settings(ROOT_URLCONF="tests.procedimientos.urls_solo_wagtail"):
            for url in PAGINAS:
                lenta = cliente.get(url)
                assert lenta.resolver_match.func.__module__ == "wagtail.views"
                assert lenta.status_code == rapidas[url].status_code == 200, url
                assert lenta.content == rapidas[url].content, url
    finally:
        _memo_del_articulo(32)
