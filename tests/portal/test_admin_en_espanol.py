"""The admin as each role meets it, in Spanish: no English words, no Wagtail.

Walks the pages every member of staff opens (dashboard, the requests' listing and a
case page, the account, the search, the page explorer, the sign-in page) and reads
what a person reads or hears: visible text, the hidden dialogs (keyboard
shortcuts), labels for screen readers, tooltips and placeholders, and the sidebar's
menu (drawn by JavaScript from the page's JSON). Strings Wagtail's Spanish leaves in
English are translated in ``locale/es``; links to Wagtail's English site are removed
(``portal/wagtail_hooks.py``).
"""

import json
import re

import pytest
from bs4 import BeautifulSoup

from tests.casos import radicar

pytestmark = pytest.mark.django_db

#: Words a Spanish reader must not meet. "Wagtail" included: staff work for the
#: Gobernación, not in a product.
INGLES = re.compile(
    r"\b(Wagtail|Shortcuts?|Keyboard|Images?|Documents?|Welcome|Editor Guide|"
    r"What's new|Help|Dashboard|Search|Pages?|Edit|Add|Actions|created in|"
    r"Usage count|Minimum|Maximum|Any|Show disabled|Page type|Has child pages|"
    r"Edited by|Date updated|Last login|Access level|System default|Light|Dark|"
    r"Snug|More contrast|Forgotten|Sign in|Remember me|Password|Sidebar|Account|"
    r"of \d+|across entire site|the|your|you)\b"
)


def _lo_que_se_lee(html: bytes) -> list[str]:
    sopa = BeautifulSoup(html, "html.parser")
    textos = []
    barra = sopa.find("script", id="wagtail-sidebar-props")
    if barra is not None:

        def etiquetas(nodo):
            if isinstance(nodo, dict):
                for clave, valor in nodo.items():
                    if clave in ("label", "name") and isinstance(valor, str):
                        textos.append(valor)
                    else:
                        etiquetas(valor)
            elif isinstance(nodo, list):
                for valor in nodo:
                    etiquetas(valor)

        etiquetas(json.loads(barra.string))
        textos = [t for t in textos if " " in t or t[:1].isupper()]
    for oculto in sopa(["script", "style"]):
        oculto.decompose()
    for plantilla in sopa("template"):
        textos.append(plantilla.get_text(" "))
    textos.append(sopa.get_text(" "))
    for elemento in sopa.find_all(True):
        for atributo in ("aria-label", "title", "placeholder", "alt"):
            if elemento.get(atributo):
                textos.append(elemento[atributo])
    return [re.sub(r"\s+", " ", t) for t in textos]


def _ingles_en(cliente, url: str) -> list[str]:
    respuesta = cliente.get(url, follow=True)
    assert respuesta.status_code == 200, url
    return sorted(
        {
            f"{url}: {coincidencia.group(0)!r} en «{texto[:120]}»"
            for texto in _lo_que_se_lee(respuesta.content)
            for coincidencia in INGLES.finditer(texto)
        }
    )


def test_el_ingreso_del_personal_en_espanol(client, inicio):
    encontrado = _ingles_en(client, "/admin/login/")
    assert encontrado == [], "\n".join(encontrado)


@pytest.mark.parametrize(
    "rol",
    ["ventanilla", "despacho", "secretario", "coordinador", "profesional", "archivo"],
)
def test_cada_rol_recorre_la_administracion_en_espanol(
    client, personal, usuario_municipal, rol
):
    solicitud = radicar(usuario_municipal)
    client.force_login(personal[rol])
    encontrado = []
    for url in (
        "/admin/",
        "/admin/solicitudes/",
        f"/admin/solicitudes/inspect/{solicitud.pk}/",
        "/admin/account/",
        "/admin/pages/search/?q=plan",
    ):
        encontrado += _ingles_en(client, url)
    assert encontrado == [], "\n".join(encontrado)


def test_el_administrador_recorre_la_administracion_en_espanol(
    admin_client, usuario_municipal, version_vigente
):
    solicitud = radicar(usuario_municipal)
    encontrado = []
    for url in (
        "/admin/",
        "/admin/solicitudes/",
        f"/admin/solicitudes/inspect/{solicitud.pk}/",
        "/admin/account/",
        "/admin/pages/",
        "/admin/pages/search/?q=plan",
        "/admin/users/",
    ):
        encontrado += _ingles_en(admin_client, url)
    assert encontrado == [], "\n".join(encontrado)


def test_el_ingreso_del_personal_habla_de_usted(client, inicio):
    sopa = BeautifulSoup(client.get("/admin/login/").content, "html.parser")
    assert sopa.find("input", {"name": "password"})["placeholder"] == (
        "Ingrese su contraseña"
    )
    assert "Introduce" not in str(sopa)


def test_el_listado_de_usuarios_dice_si_o_no(client, personal):
    from portal.models import Usuario

    Usuario.objects.filter(username="recepcion").update(is_active=False)
    client.force_login(Usuario.objects.create_superuser("jefe", "j@x.co", "clave-1"))
    sopa = BeautifulSoup(client.get("/admin/users/").content, "html.parser")
    titulos = [t.get_text(strip=True) for t in sopa.select("td.status .w-sr-only")]
    assert titulos and set(titulos) == {"Sí", "No"}
    assert "True" not in sopa.get_text() and "False" not in sopa.get_text()


def test_la_insignia_del_menu_en_espanol(client, personal):
    client.force_login(personal["despacho"])
    catalogo = client.get("/admin/jsi18n/").content.decode()
    assert "elementos nuevos en este men" in catalogo
    assert "nuevos items" not in catalogo


def test_el_message_id_lleva_el_dominio_del_sitio(settings):
    from django.core.mail import EmailMessage
    from django.core.mail.utils import DNS_NAME

    from portal.correo import fijar_dominio_de_message_id

    anterior = DNS_NAME._fqdn if hasattr(DNS_NAME, "_fqdn") else None
    settings.DEFAULT_FROM_EMAIL = "Planeación <no-responder@santander.gov.co>"
    try:
        fijar_dominio_de_message_id()
        assert (
            EmailMessage("a", "b", to=["c@example.com"])
            .message()["Message-ID"]
            .endswith("@santander.gov.co>")
        )
    finally:
        if anterior is not None:
            DNS_NAME._fqdn = anterior
