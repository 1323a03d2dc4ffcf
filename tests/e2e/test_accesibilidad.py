"""axe-core (WCAG 2.1 A and AA, and its best practices) finds nothing on the
public pages and on the municipality's filing form and request page, at 1280 and
375 px (issue 13: two search landmarks with the same name on /buscar/, and the
procedures index skipping from h1 to h3). axe is vendored (``axe/``)."""

from pathlib import Path

import pytest

from tests.casos import radicar
from tests.e2e.test_tramite_municipio import CLAVE, ESCRITORIO

pytestmark = pytest.mark.e2e

AXE = (Path(__file__).parent / "axe" / "axe.min.js").read_text()
TELEFONO = {"width": 375, "height": 800}
REGLAS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
EXAMINAR = """async (reglas) => {
    const r = await axe.run(document, {runOnly: reglas});
    return r.violations.map(v => `${v.id} (${v.impact}): ` +
        v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', '));
}"""


def _violaciones(pagina, url: str) -> list[str]:
    respuesta = pagina.goto(url)
    assert respuesta.status == 200, url
    pagina.evaluate(AXE)
    return pagina.evaluate(EXAMINAR, REGLAS)


def _faltas(pagina, base: str, rutas: list[str]) -> dict[str, list[str]]:
    """What axe finds on each of ``rutas``, at both widths (none: ``{}``)."""
    faltas = {}
    for tamano in (ESCRITORIO, TELEFONO):
        pagina.set_viewport_size(tamano)
        for ruta in rutas:
            if encontradas := _violaciones(pagina, base + ruta):
                faltas[f"{tamano['width']} {ruta}"] = encontradas
    return faltas


def test_paginas_publicas_sin_faltas(live_server, version_vigente, pagina):
    rutas = [
        "/",
        "/buscar/?q=acta",
        "/procedimientos/",
        "/procedimientos/es-pe-pr-31/",
        "/procedimientos/es-pe-pr-31/versiones/",
        "/glosario/",
        "/consulta/",
        "/verificar/",
        "/planes/",
    ]
    assert _faltas(pagina, live_server.url, rutas) == {}


def test_formulario_y_solicitud_del_municipio_sin_faltas(
    live_server, version_vigente, usuario_municipal, pagina
):
    solicitud = radicar(usuario_municipal)
    pagina.goto(f"{live_server.url}/solicitudes/nueva/")
    pagina.get_by_label("Usuario").fill(usuario_municipal.username)
    pagina.get_by_label("Contraseña").fill(CLAVE)
    pagina.get_by_role("button", name="Ingresar").click()
    pagina.wait_for_url("**/solicitudes/nueva/")
    rutas = [
        "/solicitudes/",
        "/solicitudes/nueva/",
        f"/solicitudes/{solicitud.radicado}/",
    ]
    assert _faltas(pagina, live_server.url, rutas) == {}
