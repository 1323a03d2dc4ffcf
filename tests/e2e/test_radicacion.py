"""A municipality files a request and follows it; then anyone tracks it with the code.

Log in -> file with a PDF -> radicado and access code (once) -> e-mail with the
receipt -> /solicitudes/ -> the request's page and its receipt -> log out ->
/consulta/ with the code.
"""

import re

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from django.core import mail

from tests.factories import pdf_de_prueba

pytestmark = pytest.mark.e2e

CLAVE = "clave-municipal-2026"


def test_radicar_y_seguir_una_solicitud(
    live_server, version_vigente, usuario_municipal, pagina, tmp_path
):
    oficio = tmp_path / "oficio de solicitud.pdf"
    oficio.write_bytes(pdf_de_prueba(paginas=2))
    anexo = tmp_path / "anexo técnico.pdf"
    anexo.write_bytes(pdf_de_prueba(texto="Anexo técnico"))

    # Filing needs an account: the form sends us to log in, then back.
    pagina.goto(live_server.url + "/solicitudes/nueva/")
    pagina.wait_for_url("**/cuenta/ingresar/**")
    pagina.get_by_label("Usuario").fill(usuario_municipal.username)
    pagina.get_by_label("Contraseña").fill(CLAVE)
    pagina.get_by_role("button", name="Ingresar").click()
    pagina.wait_for_url("**/solicitudes/nueva/")
    assert pagina.locator("h1").inner_text() == "Nueva solicitud de asesoría"
    assert pagina.get_by_label("Nombre de quien solicita").input_value() == (
        "Laura Rincón"
    )

    pagina.get_by_label("Teléfono").fill("607 633 7000")
    pagina.get_by_label("PBOT · Plan básico de ordenamiento territorial").check()
    pagina.get_by_label("Revisión general", exact=True).check()
    pagina.get_by_label("Asunto").fill("Revisión general del PBOT")
    pagina.get_by_label("Descripción").fill(
        "Solicitamos asesoría para la revisión general del plan."
    )
    pagina.get_by_label("Oficio de solicitud (PDF)").set_input_files(oficio)
    pagina.get_by_label("Anexos (PDF, opcionales)").set_input_files(anexo)
    pagina.get_by_label("Leí el aviso de tratamiento de datos personales").check()
    pagina.get_by_role("button", name="Radicar la solicitud").click()

    # The confirmation: radicado, and the access code this once.
    pagina.wait_for_url("**/radicada/")
    radicado = pagina.locator("h1").inner_text().split()[-1]
    assert re.fullmatch(r"SP-\d{4}-000001", radicado)
    codigo = pagina.locator("#codigo-acceso").inner_text()
    assert re.fullmatch(r"[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}", codigo)
    assert "Anótelo: no se volverá a mostrar." in pagina.content()
    pagina.reload()
    assert pagina.locator("#codigo-acceso").count() == 0
    assert codigo not in pagina.content()

    # The e-mail with the receipt (the live server shares the locmem outbox).
    assert len(mail.outbox) == 1
    correo = mail.outbox[0]
    assert correo.to == ["planeacion@bucaramanga.gov.co"]
    assert radicado in correo.subject
    nombre, contenido, tipo = correo.attachments[0]
    assert (nombre, tipo) == (f"constancia-{radicado}.pdf", "application/pdf")
    assert contenido.startswith(b"%PDF-")

    # The municipality's requests, then this one.
    pagina.get_by_role("link", name="Mis solicitudes").first.click()
    pagina.wait_for_url("**/solicitudes/")
    fila = pagina.locator("tr", has_text=radicado)
    assert "Revisión general del PBOT" in fila.inner_text()
    fila.get_by_role("link", name=radicado).click()
    pagina.wait_for_url(f"**/solicitudes/{radicado}/")
    etapas = pagina.locator(".linea__etapa")
    assert etapas.count() == 6
    assert "Completada el" in etapas.nth(0).inner_text()
    assert "En curso" in etapas.nth(1).inner_text()
    with pagina.expect_download() as descarga:
        pagina.get_by_role("link", name=re.compile("Constancia de radicación")).click()
    texto = "".join(p.extract_text() for p in PdfReader(descarga.value.path()).pages)
    assert radicado in texto

    # Out, and back in as anyone: the radicado and the code.
    pagina.get_by_role("button", name="Salir").click()
    pagina.wait_for_url(live_server.url + "/")
    pagina.goto(live_server.url + "/consulta/")
    pagina.get_by_label("Número de radicado").fill(radicado)
    pagina.get_by_label("Código de acceso").fill(codigo.lower())
    pagina.get_by_role("button", name="Consultar").click()
    # The answer comes back on the same URL: wait for it, not for a navigation.
    expect(pagina.locator(".linea__etapa")).to_have_count(6)
    assert "Radicar la solicitud" in pagina.locator(".linea").inner_text()
    contenido = pagina.content()
    assert radicado in contenido
    assert "Laura Rincón" not in contenido
    assert "planeacion@bucaramanga.gov.co" not in contenido
