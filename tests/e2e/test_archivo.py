"""Activity 6 in the browser: Seguimiento y evaluación prints the working copy of
the hoja de control, archives a case from its inbox, downloads the issued hoja de
control and then the FUID of the archived case. Screenshots go to
``E2E_CAPTURAS`` when set (to look at the screens)."""

import datetime
import re
from pathlib import Path

import pytest

from django.utils import timezone

from expedientes.services import (
    DatosResultado,
    actividad_brindar_apoyo_completar,
    sesion_registrar,
)
from tests.casos import llevar_a, pdf, radicada_el, radicar, serie_trd, sesion
from tests.e2e.test_caso_completo import CAPTURAS, entrar_al_admin, exito

pytestmark = pytest.mark.e2e


def capturar(pagina, nombre, alto=5200):
    """A tall window (the admin scrolls inside its layout) shows the whole page."""
    if CAPTURAS:
        Path(CAPTURAS).mkdir(parents=True, exist_ok=True)
        tamano = pagina.viewport_size
        pagina.set_viewport_size({"width": 1280, "height": alto})
        pagina.screenshot(path=f"{CAPTURAS}/{nombre}.png", full_page=True)
        pagina.set_viewport_size(tamano)


def es_pdf(ruta) -> bool:
    with open(ruta, "rb") as archivo:
        return archivo.read(5) == b"%PDF-"


def test_seguimiento_archiva_un_caso_y_descarga_su_hoja_de_control_y_el_fuid(
    live_server, version_vigente, usuario_municipal, personal, pagina, tmp_path
):
    url = live_server.url
    serie_trd()
    # Filed before the Acuerdo of 20/11/2026 was adopted.
    caso = radicada_el(radicar(usuario_municipal), datetime.date(2026, 11, 3))
    caso = llevar_a(caso, 5, personal)
    sesion_registrar(
        solicitud=caso, actor=personal["profesional"], actividad=5, sesion=sesion()
    )
    actividad_brindar_apoyo_completar(
        solicitud=caso,
        actor=personal["profesional"],
        actividad=5,
        resultado=DatosResultado(
            acuerdo_numero="012",
            acuerdo_fecha=datetime.date(2026, 11, 20),
            acuerdo_tipo_plan="POT",
            acuerdo_pdf=pdf("acuerdo.pdf", "Acuerdo 012"),
        ),
    )
    caso.refresh_from_db()
    assert caso.actividad_actual == 6

    # The Secretario corrects the reply letter he issued: the new record
    # supersedes it.
    entrar_al_admin(pagina, url, personal["secretario"])
    pagina.goto(url + f"/admin/solicitudes/inspect/{caso.pk}/")
    fila = pagina.locator("#expediente tr", has_text="Oficio de respuesta")
    fila.locator("summary", has_text="Corregir").click()
    fila.get_by_label("Qué se corrige").fill(
        "Decía «seis meses»; la duración estimada es de cuatro meses."
    )
    capturar(pagina, "archivo-00-corregir")
    fila.get_by_role("button", name="Expedir la corrección").click()
    exito(pagina, "Se expidió la corrección")
    assert "Reemplazado" in pagina.locator("#expediente").inner_text()

    entrar_al_admin(pagina, url, personal["archivo"])
    pagina.locator("#bandeja").get_by_role("link", name=caso.radicado).click()
    pagina.wait_for_url("**/admin/solicitudes/inspect/**")
    expediente = pagina.locator("#expediente")
    assert "Oficio de solicitud" in expediente.inner_text()
    assert "Acuerdo municipal de adopción" in expediente.inner_text()
    capturar(pagina, "archivo-01-caso-en-actividad-6")

    # The working copy of the hoja de control (opens in a new tab): a PDF.
    enlace = expediente.get_by_role("link", name="Imprimir hoja de control")
    respuesta = pagina.request.get(url + enlace.get_attribute("href"))
    assert respuesta.ok and respuesta.body().startswith(b"%PDF-")

    # Archive it: without the confirmation the form says so.
    accion = pagina.locator("#accion-archivar")
    if not accion.evaluate("detalle => detalle.open"):
        accion.locator("summary").click()
    accion.get_by_label("Caja").fill("3")
    accion.get_by_label("Carpeta").fill("12")
    accion.get_by_label("Híbrido").check()
    accion.get_by_role("button", name="Archivar definitivamente").click()
    pagina.wait_for_load_state()
    assert "Confirme que desea archivar" in pagina.locator("main").inner_text()
    capturar(pagina, "archivo-02-falta-confirmar")
    pagina.get_by_label(re.compile("Entiendo que archivar es definitivo")).check()
    pagina.get_by_role("button", name="Archivar definitivamente").click()
    exito(pagina, "archivado")

    panel = pagina.locator("#archivo")
    texto = panel.inner_text()
    assert "Caja 3 · Carpeta 12" in texto and "1430.07.02" in texto
    assert "Acuerdo 012" in texto
    assert "Lo que puede hacer" not in pagina.locator("main").inner_text()
    assert pagina.locator("main form").count() == 0
    capturar(pagina, "archivo-03-caso-archivado")
    with pagina.expect_download() as descarga:
        panel.get_by_role("link", name="Descargar la hoja de control expedida").click()
    ruta = tmp_path / "hoja.pdf"
    descarga.value.save_as(ruta)
    assert es_pdf(ruta)

    # The FUID of the archived case, from the transfers screen.
    pagina.goto(url + "/admin/")
    pagina.get_by_role("link", name="Transferencias", exact=True).click()
    pagina.wait_for_url("**/transferencias/")
    hoy = timezone.localdate()
    pagina.get_by_label("Hasta").fill((hoy + datetime.timedelta(days=800)).isoformat())
    pagina.get_by_role("button", name="Filtrar").click()
    pagina.wait_for_url("**/transferencias/?*")
    # "Incluir todos" (static/js/transferencias.js) ticks every case file.
    pagina.get_by_label("Incluir todos").check()
    assert pagina.get_by_label(f"Incluir {caso.radicado}").is_checked()
    pagina.get_by_label("Número de transferencia").fill("TP-01")
    pagina.get_by_label("Recibido por: nombre").fill("Marta Díaz")
    pagina.get_by_label("Lugar").fill("Bucaramanga")
    capturar(pagina, "archivo-04-transferencias")
    with pagina.expect_download() as descarga:
        pagina.get_by_role("button", name="PDF", exact=True).click()
    assert descarga.value.suggested_filename.startswith("FUID-TP-01-")
    ruta = tmp_path / "fuid.pdf"
    descarga.value.save_as(ruta)
    assert es_pdf(ruta)
    with pagina.expect_download() as descarga:
        pagina.get_by_role("button", name="XLSX", exact=True).click()
    assert descarga.value.suggested_filename.endswith(".xlsx")

    # The TRD, as the archive group sees it.
    pagina.goto(url + "/admin/snippets/expedientes/seriedocumental/")
    assert "1430.07.02" in pagina.locator("main").inner_text()
    capturar(pagina, "archivo-05-trd")
