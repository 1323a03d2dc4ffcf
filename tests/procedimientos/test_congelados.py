"""The procedure's article is rendered once per set of inputs (``{% congelado %}``,
``procedimientos/congelados.py``) and never shows anything but what those inputs
say now: a new formal version, an editorial note, the entity's name and the page's
URL each reach the next request; the block sees no request, user or session."""

import dataclasses

import pytest
from bs4 import BeautifulSoup

from django.template import engines
from django.test import Client

from procedimientos.congelados import Memo, clave
from procedimientos.models import Definicion, Entidad, ProcedimientoPage
from procedimientos.templatetags.procedimientos_tags import CongeladoNode
from tests.procedimientos.flujo import aprobar_cambio
from tests.utils import texto_visible

URL = "/procedimientos/es-pe-pr-31/"


def _nodos_congelados():
    """The ``{% congelado %}`` node of includes/procedimiento.html, as the cached
    template loader keeps it between requests."""
    plantilla = engines["django"].engine.get_template("includes/procedimiento.html")
    return [n for n in plantilla.nodelist if isinstance(n, CongeladoNode)]


@pytest.fixture
def memo_vacio():
    """Each test starts with the article's memo empty, so a hit is this test's."""
    (nodo,) = _nodos_congelados()
    nodo.memo = Memo(nodo.memo.tamano)
    return nodo.memo


def _articulo(respuesta) -> str:
    assert respuesta.status_code == 200
    return str(BeautifulSoup(respuesta.content, "html.parser").select_one("article"))


# --- the key -------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class _Congelado:
    texto: str
    partes: tuple


@dataclasses.dataclass
class _Mutable:
    texto: str


def test_la_clave_acepta_solo_valores_inmutables(procedimiento):
    contenido = ProcedimientoPage.objects.get(pk=procedimiento.pk).contenido
    assert clave(contenido) is contenido
    assert clave(("a", 1, None, _Congelado("x", (2, "y")))) is not None

    for mutable in (
        ["lista"],
        {"a": 1},
        _Mutable("x"),
        _Congelado("x", ([],)),  # frozen, but holding a list
        procedimiento,  # a model instance compares by pk alone
        ProcedimientoPage.objects.all(),
    ):
        with pytest.raises(TypeError):
            clave(mutable)


def test_el_memo_guarda_los_ultimos_y_descarta_el_mas_antiguo():
    memo = Memo(2)
    calculos = []

    def calcular(valor):
        calculos.append(valor)
        return valor * 2

    assert memo.obtener("a", lambda: calcular(1)) == 2
    assert memo.obtener("b", lambda: calcular(2)) == 4
    assert memo.obtener("a", lambda: calcular(99)) == 2  # hit: not computed
    assert memo.obtener("c", lambda: calcular(3)) == 6  # "b" is the oldest now
    assert memo.obtener("b", lambda: calcular(4)) == 8
    assert calculos == [1, 2, 3, 4]
    assert len(memo) == 2


def test_el_bloque_no_ve_mas_que_sus_variables(rf, django_user_model):
    plantilla = engines["django"].from_string(
        "{% load procedimientos_tags %}"
        "{% congelado titulo %}[{{ titulo }}|{{ user }}|{{ request.path }}|"
        "{{ otro }}]{% endcongelado %}"
    )
    peticion = rf.get("/ruta/")
    peticion.user = django_user_model(username="ana")
    contexto = {"titulo": "T", "otro": "O", "user": peticion.user}

    assert plantilla.render(contexto, request=peticion) == "[T|||]"


def test_el_bloque_rechaza_una_variable_mutable():
    plantilla = engines["django"].from_string(
        "{% load procedimientos_tags %}{% congelado filas %}{{ filas }}"
        "{% endcongelado %}"
    )
    with pytest.raises(TypeError):
        plantilla.render({"filas": ["a"]})


# --- the page ------------------------------------------------------------------------


def test_un_acierto_da_el_mismo_html_que_renderizar(procedimiento, memo_vacio):
    cliente = Client()
    primera = cliente.get(URL)
    assert len(memo_vacio) == 1
    segunda = cliente.get(URL)
    assert len(memo_vacio) == 1

    assert segunda.content == primera.content
    texto = texto_visible(segunda.content)
    assert "República de Colombia · Gobernación de Santander" in texto
    assert "Descargar el PDF oficial" in texto
    assert "Solicitar asesoría" in texto


def test_una_version_nueva_se_ve_en_la_siguiente_peticion(
    procedimiento, editora, revisor, secretario, memo_vacio
):
    cliente = Client()
    antes = _articulo(cliente.get(URL))
    assert "Versión 3" not in antes

    def cambiar(borrador):
        actividad = borrador.actividades.all()[0]
        actividad.nombre = "Recibir la solicitud (v3)"

    aprobar_cambio(
        procedimiento,
        cambiar,
        descripcion="Nombre más claro de la actividad 1.",
        editora=editora,
        revisor=revisor,
        secretario=secretario,
    )

    despues = _articulo(cliente.get(URL))
    assert "Recibir la solicitud (v3)" in despues  # the flowchart
    assert "Nombre más claro de la actividad 1." in despues  # the change control
    # The version before is still its own page, from the same memo.
    assert "Recibir la solicitud (v3)" not in _articulo(cliente.get(URL + "version/2/"))


def test_una_nota_editorial_nueva_se_ve_en_la_siguiente_peticion(
    procedimiento, memo_vacio
):
    cliente = Client()
    assert "Nota de prueba" not in _articulo(cliente.get(URL))
    Definicion.objects.filter(termino="POT").update(nota_editorial="Nota de prueba")

    assert "Nota editorial: Nota de prueba" in texto_visible(
        _articulo(cliente.get(URL))
    )


def test_el_nombre_de_la_entidad_se_ve_en_la_siguiente_peticion(
    procedimiento, memo_vacio
):
    cliente = Client()
    cliente.get(URL)
    entidad = Entidad.load()
    entidad.nombre = "Gobernación de Prueba"
    entidad.save()

    assert "Gobernación de Prueba" in texto_visible(_articulo(cliente.get(URL)))


def test_la_direccion_nueva_de_la_pagina_se_ve_en_la_siguiente_peticion(
    procedimiento, memo_vacio
):
    cliente = Client()
    cliente.get(URL)
    pagina = ProcedimientoPage.objects.get(pk=procedimiento.pk)
    pagina.slug = "es-pe-pr-31-b"
    pagina.save_revision().publish()
    nueva = "/procedimientos/es-pe-pr-31-b/"

    sopa = BeautifulSoup(cliente.get(nueva).content, "html.parser")
    enlaces = [a["href"] for a in sopa.select("article a[href^='/procedimientos/']")]
    assert enlaces
    assert all(enlace.startswith(nueva) for enlace in enlaces)
