"""The plans board in the browser at 1280 and 375 px: it fits (the municipalities'
table scrolls in its own box), filters by its GET form without JavaScript, and
prints without the form. axe-core is not vendored in this repository, so the
accessibility checks here are the structural ones: a label per control, headers
with scope, the table region named and focusable."""

import datetime

import pytest

from planes.datos import leyes_asegurar
from planes.services import planes_asegurar
from tests.planes.casos import con_plan

pytestmark = pytest.mark.e2e

ANCHO = "() => document.documentElement.scrollWidth"


@pytest.fixture
def tablero(live_server, inicio, municipios):
    leyes_asegurar()
    planes_asegurar()
    con_plan(
        municipios.get(codigo_divipola="68307"),
        numero="100",
        fecha=datetime.date(2010, 8, 2),
    )
    return live_server.url + "/planes/"


@pytest.mark.parametrize("ancho", [1280, 375])
def test_el_tablero_cabe_y_filtra(tablero, pagina, ancho):
    pagina.set_viewport_size({"width": ancho, "height": 900})
    pagina.goto(tablero)
    assert pagina.evaluate(ANCHO) <= ancho
    assert pagina.locator(".tabla-planes tbody tr").count() == 87
    for control in pagina.locator(".filtros select").all():
        ident = control.get_attribute("id")
        assert pagina.locator(f"label[for='{ident}']").count() == 1
    encabezados = pagina.locator(".tabla-planes thead th[scope='col']")
    assert encabezados.count() == 10  # the revision under way is the tenth
    assert encabezados.nth(9).inner_text() == "Revisión en curso"
    assert pagina.locator(".tabla-desplazable[role='region'][tabindex='0']").count()
    pagina.select_option("#id_estado", "largo_cumplido")
    pagina.click("text=Aplicar")
    assert "estado=largo_cumplido" in pagina.url
    filas = pagina.locator(".tabla-planes tbody tr")
    assert filas.count() == 1 and "Girón" in filas.inner_text()
    assert "revisión general debida" in filas.inner_text()
    pagina.emulate_media(media="print")
    assert not pagina.locator(".filtros").is_visible()
