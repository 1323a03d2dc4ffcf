"""A citizen reads the procedure: home page -> procedure -> flowchart -> PDF."""

import pytest
from pypdf import PdfReader

from tests import semilla

pytestmark = pytest.mark.e2e


def test_de_la_portada_al_pdf(live_server, procedimiento, pagina):
    pagina.goto(live_server.url + "/")
    assert pagina.locator("h1").inner_text() == "Secretaría de Planeación"

    pagina.get_by_role("link", name=semilla.TITULO).click()
    pagina.wait_for_url("**/procedimientos/es-pe-pr-31/")
    assert pagina.locator("h1").inner_text() == semilla.TITULO

    flujograma = pagina.get_by_role("img", name="Flujograma del procedimiento")
    flujograma.scroll_into_view_if_needed()
    assert flujograma.is_visible()
    assert flujograma.locator("g.flujograma__nodo--actividad").count() == 6
    caja = flujograma.locator("g.flujograma__nodo--actividad").first.bounding_box()
    assert caja["width"] > 200  # drawn, not collapsed

    with pagina.expect_download() as descarga:
        pagina.get_by_role("link", name="Descargar el PDF oficial").click()
    archivo = descarga.value
    assert archivo.suggested_filename == "ES-PE-PR-31-v2.pdf"
    lector = PdfReader(archivo.path())
    texto = " ".join(p.extract_text() for p in lector.pages)
    assert "ES-PE-PR-31" in texto
    assert "Radicar la solicitud." in texto


def test_en_un_telefono_el_flujograma_cabe_en_la_pantalla(
    live_server, procedimiento, navegador
):
    contexto = navegador.new_context(viewport={"width": 360, "height": 740})
    pagina = contexto.new_page()
    pagina.goto(live_server.url + "/procedimientos/es-pe-pr-31/")
    svg = pagina.get_by_role("img", name="Flujograma del procedimiento")
    caja = svg.bounding_box()
    assert caja["x"] >= 0
    assert caja["x"] + caja["width"] <= 360
    ancho_documento = pagina.evaluate("document.documentElement.scrollWidth")
    assert ancho_documento <= 360  # nothing forces sideways scrolling
    contexto.close()
