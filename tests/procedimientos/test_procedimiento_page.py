"""The procedure's public page: fidelity to the seed, flowchart, escaping, queries."""

import datetime

import pytest
from bs4 import BeautifulSoup

from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext

from procedimientos.models import ActividadProcedimiento, Definicion
from procedimientos.versiones import contenido_de_pagina
from tests import semilla
from tests.factories import VersionProcedimientoFactory, crear_procedimiento
from tests.utils import texto_visible

URL = "/procedimientos/es-pe-pr-31/"
MESES = [
    "enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
    "septiembre", "octubre", "noviembre", "diciembre",
]  # fmt: skip


def fecha_en_letras(anio: int, mes: int, dia: int) -> str:
    return f"{dia} de {MESES[mes - 1]} de {anio}"


@pytest.fixture
def pagina(client, procedimiento):
    respuesta = client.get(URL)
    assert respuesta.status_code == 200
    return respuesta


def test_el_encabezado_y_las_secciones_son_los_del_documento(pagina):
    texto = texto_visible(pagina.content)
    assert semilla.TITULO in texto
    for fragmento in semilla.ENCABEZADO:
        assert fragmento in texto
    assert "Versión 2" in texto
    assert fecha_en_letras(2017, 8, 25) in texto
    assert "Sin observaciones." in texto


def test_cada_actividad_con_sus_areas_cargos_controles_y_registros(pagina):
    sopa = BeautifulSoup(pagina.content, "html.parser")
    for numero, actividad in enumerate(semilla.ACTIVIDADES, start=1):
        fila = texto_visible(str(sopa.find(id=f"actividad-{numero}")))
        assert fila.startswith(f"{numero} ")
        assert actividad["descripcion"] in fila
        for clave in ("areas", "cargos", "control", "registros"):
            for valor in actividad[clave]:
                assert valor in fila, (numero, clave, valor)
    assert len(sopa.select("table.tabla--actividades tbody tr")) == 6


def test_los_plazos_internos_se_muestran_y_se_dice_que_son_por_defecto(pagina):
    """The seed states no internal terms: the loaded defaults say so."""
    sopa = BeautifulSoup(pagina.content, "html.parser")
    plazos = {
        numero: texto_visible(str(sopa.find(id=f"actividad-{numero}")))
        for numero in range(1, 7)
    }
    assert "Plazo interno" not in plazos[1]
    assert "Plazo interno: 2 días hábiles" in plazos[2]
    assert "Plazo interno: 120 días hábiles" in plazos[5]
    texto = texto_visible(pagina.content)
    assert "no fija plazos internos" in texto
    assert "valores por defecto" in texto


def test_definiciones_y_control_de_cambios(pagina):
    texto = texto_visible(pagina.content)
    for termino, definicion in semilla.DEFINICIONES:
        assert f"{termino} {definicion}" in texto
    sopa = BeautifulSoup(pagina.content, "html.parser")
    filas = sopa.select("table.tabla--cambios tbody tr")
    assert len(filas) == len(semilla.CONTROL_CAMBIOS)
    for fila, cambio in zip(filas, semilla.CONTROL_CAMBIOS, strict=True):
        texto_fila = texto_visible(str(fila))
        assert texto_fila.startswith(cambio["version"] + " ")
        assert fecha_en_letras(*cambio["fecha"]) in texto_fila
        assert cambio["descripcion"] in texto_fila
        for persona in cambio["personas"]:
            assert persona in texto_fila


def test_el_flujograma_tiene_inicio_fin_una_caja_por_actividad_y_texto_alternativo(
    pagina,
):
    sopa = BeautifulSoup(pagina.content, "html.parser")
    svg = sopa.select_one("figure.flujograma svg")
    assert svg["role"] == "img"
    assert svg.find("title").get_text() == "Flujograma del procedimiento"
    cajas = svg.select("g.flujograma__nodo--actividad")
    assert len(cajas) == 6
    assert "1. Radicar la solicitud" in cajas[0].get_text(" ")
    assert "Recepcionista" in cajas[0].get_text(" ")
    terminales = [
        g.get_text(" ").strip() for g in svg.select(".flujograma__nodo--terminal")
    ]
    assert terminales == ["Inicio", "Fin"]
    assert len(svg.select("line.flujograma__flecha")) == 7
    descripcion = svg.find("desc").get_text()
    assert descripcion.startswith("Inicio → 1. Radicar la solicitud (Recepcionista)")
    assert descripcion.endswith("Fin")
    # Coordinates must not be localised ("74,5" would break the drawing).
    assert "," not in svg["viewbox"]


def test_enlaza_el_pdf_oficial_y_muestra_migas(pagina):
    sopa = BeautifulSoup(pagina.content, "html.parser")
    assert sopa.find("a", string="Descargar el PDF oficial")["href"] == URL + "pdf/"
    migas = [li.get_text(strip=True) for li in sopa.select(".migas li")]
    assert migas == ["Inicio", "Procedimientos", "ES-PE-PR-31"]


def test_texto_peligroso_se_muestra_escapado(client, procedimiento):
    actividad = ActividadProcedimiento.objects.get(page=procedimiento, sort_order=0)
    actividad.descripcion = "<script>alert('x')</script> A & B < C"
    actividad.nombre = "<b>Radicar</b> & <sellar>"
    actividad.save()
    Definicion.objects.filter(termino="POT").update(
        definicion="Plan <script>alert(1)</script> & más < menos"
    )
    # Published as a revision: the live page reads what its live revision shows.
    procedimiento.refresh_from_db()
    procedimiento.save_revision().publish()
    html = client.get(URL).content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; A &amp; B &lt; C" in html
    assert "&lt;b&gt;Radicar&lt;/b&gt; &amp; &lt;sellar&gt;" in html
    assert "Plan &lt;script&gt;alert(1)&lt;/script&gt; &amp; más &lt; menos" in html


def _consultas_al_pedir(client, url: str) -> int:
    client.get(url)  # warm what every request shares (site root paths)
    with CaptureQueriesContext(connection) as contexto:
        assert client.get(url).status_code == 200
    return len(contexto.captured_queries)


def _consultas_al_renderizar(rf, pagina) -> int:
    """Queries of the page's own serve(), after Wagtail's routing found it."""
    pagina = type(pagina).objects.get(pk=pagina.pk)
    solicitud = rf.get(pagina.url)
    solicitud.user = AnonymousUser()
    with CaptureQueriesContext(connection) as contexto:
        respuesta = pagina.serve(solicitud)
        respuesta.render()
    return len(contexto.captured_queries)


def _congelar(pagina) -> None:
    """Freeze the page's live revision as its formal version, as an approval does."""
    pagina.refresh_from_db()
    VersionProcedimientoFactory(
        procedimiento=pagina,
        numero=pagina.version,
        contenido=contenido_de_pagina(pagina).a_json(),
        revision_id=pagina.live_revision_id,
    )


def test_las_consultas_no_crecen_con_las_actividades(client, rf, procedimiento, indice):
    # Pages with no frozen version read their tables: a fixed number of queries.
    pequena = crear_procedimiento(indice, actividades=2, definiciones=1)
    grande = crear_procedimiento(indice, actividades=60, definiciones=20)
    _consultas_al_renderizar(rf, pequena)  # warm what every render shares
    tablas_n = _consultas_al_renderizar(rf, pequena)
    assert tablas_n == _consultas_al_renderizar(rf, grande)
    assert tablas_n <= 11  # with the editorial notes of the glossary's terms
    # The live page of a formal version reads its snapshot: one query for the
    # content instead of the six of its tables (and none more for the version's
    # procedimiento_id, which the related manager reads).
    _congelar(grande)
    assert _consultas_al_pedir(client, URL) == _consultas_al_pedir(client, grande.url)
    semilla_n = _consultas_al_renderizar(rf, procedimiento)
    assert semilla_n == _consultas_al_renderizar(rf, grande)
    assert semilla_n == tablas_n - 6


def test_fechas_en_espanol(client, procedimiento):
    procedimiento.fecha_aprobacion = datetime.date(2026, 1, 2)
    procedimiento.save_revision().publish()
    assert "2 de enero de 2026" in texto_visible(client.get(URL).content)
