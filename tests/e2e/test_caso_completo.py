"""One case from filing to the archive group's inbox, each role in its own session.

A municipality files in the portal; then Secretaría del despacho (activity 2), the
Secretario (3), the Coordinador (4) and a professional (5: a session, then the
outcome) each log in to /admin/, find the case in their inbox on the dashboard
and act on the case page; finally Seguimiento y evaluación finds it in its inbox.
Screenshots go to ``E2E_CAPTURAS`` when set (to look at the screens).
"""

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from django.utils import timezone

from tests.factories import pdf_de_prueba

pytestmark = pytest.mark.e2e

CLAVE_MUNICIPAL = "clave-municipal-2026"
CLAVE_PERSONAL = "clave-de-prueba"
CAPTURAS = os.environ.get("E2E_CAPTURAS", "")


def capturar(pagina, nombre):
    if CAPTURAS:
        Path(CAPTURAS).mkdir(parents=True, exist_ok=True)
        # The admin scrolls inside its layout: a tall window shows the whole page.
        tamano = pagina.viewport_size
        pagina.set_viewport_size({"width": 1280, "height": 2600})
        pagina.screenshot(path=f"{CAPTURAS}/{nombre}.png", full_page=True)
        pagina.set_viewport_size(tamano)


def entrar_al_admin(pagina, url, usuario):
    pagina.context.clear_cookies()
    pagina.goto(url + "/admin/login/")
    pagina.locator("#id_username").fill(usuario.username)
    pagina.locator("#id_password").fill(CLAVE_PERSONAL)
    pagina.locator("button[type=submit]").click()
    pagina.wait_for_url(url + "/admin/")


def abrir_desde_la_bandeja(pagina, radicado):
    bandeja = pagina.locator("#bandeja")
    assert radicado in bandeja.inner_text()
    bandeja.get_by_role("link", name=radicado).click()
    pagina.wait_for_url("**/admin/solicitudes/inspect/**")


def exito(pagina, texto):
    """The success message after an action (the machine may be slow: 60 s)."""
    mensaje = pagina.locator(".messages .success")
    try:
        mensaje.wait_for(timeout=60_000)
    except PlaywrightTimeout:
        capturar(pagina, "fallo")
        raise AssertionError(pagina.locator("main").inner_text()) from None
    assert texto in mensaje.inner_text()


def test_un_caso_de_la_radicacion_a_la_bandeja_de_archivo(
    live_server, version_vigente, usuario_municipal, personal, pagina, tmp_path
):
    url = live_server.url
    oficio = tmp_path / "oficio.pdf"
    oficio.write_bytes(pdf_de_prueba(paginas=2))

    # 1. The municipality files its request in the portal.
    pagina.goto(url + "/cuenta/ingresar/?next=/solicitudes/nueva/")
    pagina.get_by_label("Usuario").fill(usuario_municipal.username)
    pagina.get_by_label("Contraseña").fill(CLAVE_MUNICIPAL)
    pagina.get_by_role("button", name="Ingresar").click()
    pagina.wait_for_url("**/solicitudes/nueva/")
    pagina.get_by_label("Teléfono").fill("607 633 7000")
    pagina.get_by_label("POT · Plan de ordenamiento territorial").check()
    pagina.get_by_label("Revisión general", exact=True).check()
    pagina.get_by_label("Asunto").fill("Revisión general del POT")
    pagina.get_by_label("Descripción").fill("Solicitamos asesoría para la revisión.")
    pagina.get_by_label("Oficio de solicitud (PDF)").set_input_files(oficio)
    pagina.get_by_label("Leí el aviso de tratamiento de datos personales").check()
    pagina.get_by_role("button", name="Radicar la solicitud").click()
    pagina.wait_for_url("**/radicada/")
    radicado = pagina.locator("h1").inner_text().split()[-1]
    assert re.fullmatch(r"SP-\d{4}-\d{6}", radicado)

    # A municipal account gets no admin.
    pagina.goto(url + "/admin/")
    assert "/admin/login/" in pagina.url or "403" in pagina.content()

    # 2. Secretaría del despacho: internal registry, routed to the Secretario.
    entrar_al_admin(pagina, url, personal["despacho"])
    capturar(pagina, "01-bandeja-despacho")
    abrir_desde_la_bandeja(pagina, radicado)
    capturar(pagina, "02-caso-actividad-2")
    accion = pagina.locator("#accion-completar")
    accion.get_by_label("Dirigida a").select_option(label="Secretario Prueba")
    accion.get_by_label("Observaciones").fill("Recibida completa, con su oficio.")
    accion.get_by_role("button", name=re.compile("Completar")).click()
    exito(pagina, "registrada con el número RI-")

    # 3. The Secretario defines the scope (the reply letter is issued).
    entrar_al_admin(pagina, url, personal["secretario"])
    abrir_desde_la_bandeja(pagina, radicado)
    accion = pagina.locator("#accion-completar")
    accion.get_by_label("Revisión general").check()
    accion.get_by_label("Componente general").check()
    accion.get_by_label("Componente urbano").check()
    accion.get_by_label("Mixta").check()
    accion.get_by_label("Duración estimada").fill("Seis meses")
    capturar(pagina, "03-caso-alcance")
    accion.get_by_role("button", name=re.compile("Completar")).click()
    exito(pagina, "Alcance definido")

    # 4. The Coordinador forms the team.
    entrar_al_admin(pagina, url, personal["coordinador"])
    abrir_desde_la_bandeja(pagina, radicado)
    accion = pagina.locator("#accion-completar")
    accion.get_by_label("Objeto del convenio o acta").fill("Acompañar la revisión.")
    accion.get_by_label("Compromisos de las partes").fill("Cada parte aporta.")
    accion.locator("[name=integrantes-0-nombre]").fill("Edwin Mendoza")
    accion.locator("[name=integrantes-0-institucion]").select_option("gobernacion")
    accion.locator("[name=integrantes-0-rol]").fill("Director de Prospectiva")
    accion.locator("[name=integrantes-0-coordina]").check()
    accion.locator("[name=integrantes-1-nombre]").fill("Luis Peña")
    accion.locator("[name=integrantes-1-institucion]").select_option("municipio")
    accion.locator("[name=integrantes-1-rol]").fill("Secretario municipal")
    accion.get_by_role("button", name=re.compile("Completar")).click()
    exito(pagina, "Equipo conformado")

    # 5. A professional registers a session, then records the outcome.
    entrar_al_admin(pagina, url, personal["profesional"])
    abrir_desde_la_bandeja(pagina, radicado)
    sesion = pagina.locator("#accion-registrar_sesion")
    if not sesion.evaluate("detalle => detalle.open"):
        sesion.locator("summary").click()
    # A session is recorded once it happened, not before the filing: the case was
    # filed moments ago, so it is dated now (to the minute, so never ahead).
    ahora = timezone.localtime()
    sesion.get_by_label("Fecha y hora").fill(ahora.strftime("%Y-%m-%dT%H:%M"))
    sesion.get_by_label("Presencial").check()
    sesion.get_by_label("Lugar o enlace").fill("Sala de juntas")
    sesion.get_by_label("Temas tratados").fill("Diagnóstico del componente urbano")
    sesion.locator("[name=asistentes-0-nombre]").fill("Luis Peña")
    sesion.locator("[name=asistentes-0-institucion]").select_option("municipio")
    sesion.locator("[name=compromisos-0-descripcion]").fill("Enviar cartografía")
    sesion.locator("[name=compromisos-0-responsable]").fill("Municipio")
    sesion.get_by_role("button", name="Registrar la sesión").click()
    exito(pagina, "Sesión 1 registrada")
    resultado = pagina.locator("#accion-completar")
    if not resultado.evaluate("detalle => detalle.open"):
        resultado.locator("summary").click()
    resultado.get_by_label("Si aún no hay Acuerdo, ¿por qué?").fill(
        "El concejo aún no lo aprueba."
    )
    resultado.get_by_role("button", name="Terminar la asesoría").click()
    exito(pagina, "Asesoría terminada")
    capturar(pagina, "04-caso-tras-actividad-5")
    texto = pagina.locator("main").inner_text()
    assert "Sesión 1" in texto and "Edwin Mendoza" in texto
    assert "Lo que puede hacer" not in texto

    # 6. The case waits in the inbox of Seguimiento y evaluación.
    entrar_al_admin(pagina, url, personal["archivo"])
    capturar(pagina, "05-bandeja-archivo")
    assert "Su bandeja: 1 solicitud" in pagina.locator("#bandeja").inner_text()
    abrir_desde_la_bandeja(pagina, radicado)
    assert "6. " in pagina.locator(".caso-resumen").inner_text()
