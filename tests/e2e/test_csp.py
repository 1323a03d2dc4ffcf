"""The Content-Security-Policy in a real browser: nothing on the public site, the
portal or the admin is blocked by it, and what they run still runs.

Chromium reports every blocked script, style, frame or resource on the console
("… violates the following Content Security Policy directive …"), and fires a
`securitypolicyviolation` event, which an init script (not subject to the page's
policy) also writes there. Any such message, or any uncaught page error, fails the
test. The headers themselves are checked in tests/portal/test_csp.py.
"""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

VIGIA = """
document.addEventListener("securitypolicyviolation", (e) => {
    const bloqueado = `${e.violatedDirective} bloqueó ${e.blockedURI}`;
    console.error(`Content Security Policy: ${bloqueado}`);
});
"""


@pytest.fixture
def vigilada(pagina):
    """The page, and the list of CSP messages and page errors seen on it."""
    problemas = []

    def consola(mensaje):
        if "Content Security Policy" in mensaje.text:
            problemas.append(f"{pagina.url}: {mensaje.text}")

    pagina.add_init_script(VIGIA)
    pagina.on("console", consola)
    pagina.on("pageerror", lambda error: problemas.append(f"{pagina.url}: {error}"))
    return pagina, problemas


def _visitar(pagina, url):
    respuesta = pagina.goto(url)
    assert respuesta.status == 200, url
    pagina.wait_for_load_state("networkidle")


def test_el_vigia_ve_lo_que_la_politica_bloquea(live_server, inicio, vigilada):
    """The watcher is not blind: a script added inline without the nonce is
    blocked, and reported."""
    pagina, problemas = vigilada
    _visitar(pagina, live_server.url + "/")
    pagina.evaluate(
        """() => {
            const s = document.createElement("script");
            s.textContent = "window.sinNonce = true";
            document.body.append(s);
        }"""
    )
    pagina.wait_for_timeout(200)
    assert pagina.evaluate("() => window.sinNonce") is None
    assert any("script-src" in p for p in problemas), problemas


def test_sitio_y_portal_sin_bloqueos(
    live_server, procedimiento, usuario_municipal, vigilada
):
    pagina, problemas = vigilada
    base = live_server.url
    for url in ("/", "/procedimientos/es-pe-pr-31/", "/consulta/", "/glosario/"):
        _visitar(pagina, base + url)
    expect(pagina.locator("h1")).to_be_visible()

    # The filing form, and its script (static/js/solicitudes.js) at work: an empty
    # submission comes back with the error summary, which the script focuses.
    _visitar(pagina, base + "/cuenta/ingresar/?next=/solicitudes/nueva/")
    pagina.get_by_label("Usuario").fill(usuario_municipal.username)
    pagina.get_by_label("Contraseña").fill("clave-municipal-2026")
    pagina.get_by_role("button", name="Ingresar").click()
    pagina.wait_for_url("**/solicitudes/nueva/")
    pagina.get_by_role("button", name="Radicar la solicitud").click()
    resumen = pagina.locator(".resumen-errores")
    expect(resumen).to_have_attribute("tabindex", "-1")
    expect(resumen).to_be_focused()
    assert problemas == []


def test_el_admin_sin_bloqueos(live_server, procedimiento, django_user_model, vigilada):
    pagina, problemas = vigilada
    base = live_server.url
    django_user_model.objects.create_superuser(
        "admin-csp", "admin@localhost", "clave-de-prueba"
    )
    _visitar(pagina, base + "/admin/login/")
    pagina.fill("#id_username", "admin-csp")
    pagina.fill("#id_password", "clave-de-prueba")
    pagina.locator("form button[type=submit]").click()
    pagina.wait_for_url(base + "/admin/")
    pagina.wait_for_load_state("networkidle")
    # The cases' styles load from their file (static/css/admin.css): the logo's margin.
    margen = pagina.locator(".marca-entidad").first.evaluate(
        "(e) => getComputedStyle(e).marginTop"
    )
    assert margen not in ("", "0px")

    # The page editor. Its preview opens in a frame of the same site
    # (frame-ancestors 'self') ...
    _visitar(pagina, f"{base}/admin/pages/{procedimiento.pk}/edit/")
    pagina.locator("[data-side-panel-toggle='preview']").first.click()
    vista = pagina.frame_locator("#w-preview-iframe")
    # Wagtail renders the preview after a pause; a busy machine makes it longer.
    expect(vista.locator("h1")).to_contain_text(
        re.compile("PROCEDIMIENTO", re.I), timeout=20_000
    )
    # ... and Wagtail's inline scripts run: InlinePanel adds an activity.
    total = pagina.locator("input[name='actividades-TOTAL_FORMS']")
    antes = int(total.input_value())
    pagina.locator("#id_actividades-ADD").click()
    expect(total).to_have_value(str(antes + 1))
    # A snippet chooser (its inline script, then the modal it opens).
    pagina.locator("[data-chooser-action-choose]").first.evaluate("(b) => b.click()")
    dialogo = pagina.get_by_role("dialog")
    expect(dialogo.get_by_text("Seleccionar")).to_be_visible(timeout=15_000)
    expect(dialogo.get_by_text("POT", exact=True)).to_be_visible()

    for url in (
        "/admin/pages/",
        "/admin/snippets/",
        "/admin/snippets/procedimientos/definicion/",
        "/admin/snippets/expedientes/municipio/",
        "/admin/solicitudes/",
        "/admin/documents/",
        "/admin/users/",
    ):
        _visitar(pagina, base + url)
    # The public page an editor sees, with Wagtail's userbar on it.
    _visitar(pagina, base + "/procedimientos/es-pe-pr-31/")
    expect(pagina.locator("wagtail-userbar")).to_have_count(1)
    assert problemas == []
