"""A formal version in the browser: the editor submits, the reviewer sends it back,
the editor corrects it, reviewer and Secretario approve, the public reads version 3."""

import re

import pytest
from playwright.sync_api import expect

from tests.factories import UsuarioFactory

pytestmark = pytest.mark.e2e

OBJETIVO = "Asesorar a los municipios en la revisión de su POT, PBOT o EOT."


def _entrar(pagina, base, usuario):
    pagina.context.clear_cookies()
    pagina.goto(base + "/admin/login/")
    pagina.fill("#id_username", usuario.username)
    pagina.fill("#id_password", "clave-de-prueba")
    pagina.locator("form button[type=submit]").click()
    pagina.wait_for_url(base + "/admin/")


def _enviar(pagina, descripcion):
    """Describe the change and submit the version open in the editor."""
    pagina.fill("textarea[name=descripcion_cambio]", descripcion)
    pagina.locator("footer [data-w-dropdown-target='toggle']").first.click()
    # "Enviar a Versión formal", or "Reenviar a Revisión" after changes were requested.
    pagina.get_by_role("button", name=re.compile("Versión formal|Reenviar")).click()
    pagina.wait_for_url(re.compile(r"/admin/pages/\d+/$"))


def _accion_del_panel(pagina, nombre):
    panel = pagina.locator("section", has_text="Esperando su revisión")
    panel.get_by_role("button", name="Acciones").first.click()
    pagina.get_by_role("button", name=nombre, exact=True).first.click()


def test_revision_devolucion_y_aprobacion(live_server, procedimiento, pagina):
    base = live_server.url
    editora = UsuarioFactory(editora=True, first_name="Ana", last_name="Pérez")
    revisor = UsuarioFactory(
        revisor=True, first_name="Edwin", last_name="Mendoza", cargo="Director"
    )
    secretario = UsuarioFactory(
        aprobador=True, first_name="Héctor", last_name="Fuentes"
    )

    _entrar(pagina, base, editora)
    pagina.goto(f"{base}/admin/pages/{procedimiento.pk}/edit/")
    pagina.fill("textarea[name=objetivo]", OBJETIVO)
    _enviar(pagina, "Objetivo más preciso.")

    _entrar(pagina, base, revisor)
    _accion_del_panel(pagina, "Solicitar cambios")
    dialogo = pagina.get_by_role("dialog")
    comentario = dialogo.locator("textarea[name=comment]")
    expect(comentario).to_be_visible()
    # Without saying what to change, the dialog does not let it go.
    dialogo.get_by_role("button", name=re.compile("Solicitar cambios")).click()
    expect(dialogo.get_by_text("Diga qué hay que cambiar")).to_be_visible()
    comentario.fill("Mencione también el EOT.")
    dialogo.get_by_role("button", name=re.compile("Solicitar cambios")).click()
    expect(pagina.get_by_text("Esperando su revisión")).to_have_count(0)

    _entrar(pagina, base, editora)
    pagina.goto(f"{base}/admin/pages/{procedimiento.pk}/edit/")
    expect(pagina.locator("textarea[name=objetivo]")).to_have_value(OBJETIVO)
    _enviar(pagina, "Objetivo más preciso, con el EOT.")

    for persona in (revisor, secretario):
        _entrar(pagina, base, persona)
        _accion_del_panel(pagina, "Aprobar")
        expect(pagina.get_by_text("Esperando su revisión")).to_have_count(0)

    pagina.context.clear_cookies()
    pagina.goto(base + "/procedimientos/es-pe-pr-31/")
    ficha = pagina.locator(".ficha").inner_text()
    assert re.search(r"VERSIÓN\s+3", ficha, re.IGNORECASE)
    expect(pagina.get_by_text(OBJETIVO)).to_be_visible()
    cambios = pagina.locator("table.tabla--cambios tbody tr").nth(2).inner_text()
    assert "Objetivo más preciso, con el EOT." in cambios
    assert "Edwin Mendoza" in cambios and "Héctor Fuentes" in cambios

    pagina.get_by_role("link", name="Versiones y cambios").first.click()
    pagina.get_by_role("button", name="Ver qué cambió").click()
    pagina.wait_for_url("**/comparar/2/3/")
    expect(pagina.get_by_role("heading", name="Objetivo")).to_be_visible()
    expect(pagina.locator("ins", has_text="POT, PBOT o EOT.")).to_be_visible()
