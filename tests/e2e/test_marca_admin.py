"""The admin's mark, as a screen reader gets it (Chromium's accessibility tree
through Playwright's roles), not only as the HTML says: in the sidebar the mark is
decorative and its link is named "Panel de control"; on the sign-in page the mark
is an image named after the entity (templates/wagtailadmin/_marca_entidad.svg.html)."""

import re

import pytest

pytestmark = pytest.mark.e2e

ENTIDAD = "Secretaría de Planeación · Gobernación de Santander"


def test_la_marca_del_admin_tiene_nombre_accesible(
    live_server, inicio, pagina, django_user_model
):
    base = live_server.url
    django_user_model.objects.create_superuser(
        "admin-marca", "admin@example.com", "clave-de-prueba"
    )
    pagina.goto(base + "/admin/login/")
    marca = pagina.get_by_role("img", name=ENTIDAD)
    assert marca.count() == 1
    assert marca.is_visible()

    pagina.get_by_label("Nombre de usuario").fill("admin-marca")
    pagina.locator("#id_password").fill("clave-de-prueba")
    pagina.locator("form button[type=submit]").click()
    pagina.wait_for_url(base + "/admin/")
    barra = pagina.locator("aside, [data-side-panel], .sidebar").first
    enlace = barra.get_by_role("link", name="Panel de control", exact=True)
    assert enlace.count() == 1
    assert enlace.is_visible()
    assert enlace.get_attribute("href") == "/admin/"
    # The mark inside it is decorative: no image with a name of its own there.
    assert barra.get_by_role("img", name=re.compile(r"\S")).count() == 0
