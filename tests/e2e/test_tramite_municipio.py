"""A municipality answers a suspension from its request page and withdraws another.

Staff suspend one request in activity 3 (through the services); the municipality
logs in, reads why on the request's page, uploads two PDFs with a message and sees
the case resumed; then it withdraws a second request after confirming with a
reason; finally anyone verifies the receipt of the first at /verificar/<código>/.
Desktop and 360 px phone screenshots go to ``E2E_CAPTURAS`` when set.
"""

import os
import re
from pathlib import Path

import pytest

from expedientes.constants import EstadoSolicitud, TipoDocumento
from expedientes.services import solicitud_suspender
from tests.casos import llevar_a, radicar
from tests.factories import pdf_de_prueba

pytestmark = pytest.mark.e2e

CLAVE = "clave-municipal-2026"
CAPTURAS = os.environ.get("E2E_CAPTURAS", "")
MOTIVO = "Falta el acta del consejo territorial de planeación y el plano de usos."
ESCRITORIO = {"width": 1280, "height": 900}
TELEFONO = {"width": 360, "height": 780}


def capturar(pagina, nombre):
    """A full-page screenshot at desktop width and at a 360 px phone's."""
    if not CAPTURAS:
        return
    Path(CAPTURAS).mkdir(parents=True, exist_ok=True)
    for sufijo, tamano in (("escritorio", ESCRITORIO), ("telefono", TELEFONO)):
        pagina.set_viewport_size(tamano)
        pagina.screenshot(path=f"{CAPTURAS}/{nombre}-{sufijo}.png", full_page=True)
    pagina.set_viewport_size(ESCRITORIO)


def test_el_municipio_aporta_lo_pedido_y_desiste_de_otra(
    live_server, version_vigente, usuario_municipal, personal, pagina, tmp_path
):
    url = live_server.url
    suspendida = llevar_a(radicar(usuario_municipal), 3, personal)
    solicitud_suspender(
        solicitud=suspendida,
        actor=personal["secretario"],
        actividad=3,
        motivo=MOTIVO,
    )
    otra = radicar(usuario_municipal, asunto="Ajuste del perímetro urbano")
    acta = tmp_path / "acta del consejo.pdf"
    acta.write_bytes(pdf_de_prueba(paginas=2, texto="Acta del consejo"))
    plano = tmp_path / "plano de usos.pdf"
    plano.write_bytes(pdf_de_prueba(texto="Plano de usos"))

    pagina.set_viewport_size(ESCRITORIO)
    pagina.goto(f"{url}/solicitudes/{suspendida.radicado}/")
    pagina.wait_for_url("**/cuenta/ingresar/**")
    pagina.get_by_label("Usuario").fill(usuario_municipal.username)
    pagina.get_by_label("Contraseña").fill(CLAVE)
    pagina.get_by_role("button", name="Ingresar").click()
    pagina.wait_for_url(f"**/solicitudes/{suspendida.radicado}/")

    # Why it is suspended, and the form to answer.
    seccion = pagina.locator(".suspension")
    assert "La Secretaría espera documentos del municipio" in seccion.inner_text()
    assert MOTIVO in seccion.inner_text()
    assert "Suspendida" in pagina.locator(".linea__etapa--suspendida").inner_text()
    capturar(pagina, "1-suspendida")

    # Sent with nothing chosen: the form says so and nothing changes.
    pagina.get_by_role("button", name="Enviar los documentos").click()
    pagina.locator(".resumen-errores").wait_for()
    assert (
        "Adjunte al menos un documento en PDF."
        in pagina.locator(".resumen-errores").inner_text()
    )

    pagina.get_by_label("Documentos solicitados (PDF)").set_input_files([acta, plano])
    pagina.get_by_label("Mensaje para la Secretaría (opcional)").fill(
        "Enviamos el acta y el plano de usos."
    )
    pagina.get_by_role("button", name="Enviar los documentos").click()
    mensaje = pagina.locator(".mensaje--success")
    mensaje.wait_for()
    assert "Recibimos sus 2 documentos." in mensaje.inner_text()
    assert "se reanudó" in mensaje.inner_text()
    assert pagina.locator(".suspension").count() == 0
    assert "En curso" in pagina.locator(".linea__etapa--actual").inner_text()
    historial = pagina.locator(".historial").inner_text()
    assert "El municipio aportó 2 documentos." in historial
    assert "Trámite reanudado" in historial
    documentos = pagina.locator(".documentos").inner_text()
    assert "acta del consejo.pdf" in documentos and "plano de usos.pdf" in documentos
    capturar(pagina, "2-reanudada")
    suspendida.refresh_from_db()
    assert suspendida.estado == EstadoSolicitud.EN_TRAMITE

    # The other request: withdrawn after confirming with a reason.
    pagina.goto(f"{url}/solicitudes/{otra.radicado}/")
    pagina.get_by_role("link", name="Desistir de la solicitud").click()
    pagina.wait_for_url(f"**/solicitudes/{otra.radicado}/desistir/")
    assert "No se puede deshacer" in pagina.locator("main").inner_text()
    pagina.get_by_label("Motivo del desistimiento").fill(
        "El concejo municipal aplazó el ajuste para el próximo año."
    )
    capturar(pagina, "3-confirmar-desistimiento")
    pagina.get_by_role("button", name="Sí, desistir de la solicitud").click()
    pagina.wait_for_url(f"**/solicitudes/{otra.radicado}/")
    assert (
        f"Usted desistió de la solicitud {otra.radicado}."
        in pagina.locator(".mensaje--success").inner_text()
    )
    assert "Terminada: desistida" in pagina.locator(".linea").inner_text()
    assert pagina.get_by_role("link", name="Desistir de la solicitud").count() == 0
    capturar(pagina, "4-desistida")
    otra.refresh_from_db()
    assert otra.estado == EstadoSolicitud.DESISTIDA

    # Anyone verifies the first request's receipt, and the file downloaded from it.
    pagina.goto(f"{url}/solicitudes/{suspendida.radicado}/")
    with pagina.expect_download() as descarga:
        pagina.get_by_role(
            "link", name=re.compile("Descargar Constancia de radicación")
        ).click()
    constancia = suspendida.documentos.get(tipo=TipoDocumento.CONSTANCIA_RADICACION)
    pagina.context.clear_cookies()
    pagina.goto(f"{url}/verificar/")
    pagina.get_by_label("Código de verificación").fill(
        constancia.codigo_verificacion.lower().replace("-", "")
    )
    pagina.get_by_role("button", name="Verificar").click()
    pagina.wait_for_url(f"**/verificar/{constancia.codigo_verificacion}/")
    assert "Registro auténtico y vigente." in pagina.locator("main").inner_text()
    pagina.get_by_label("El PDF que recibió").set_input_files(descarga.value.path())
    pagina.get_by_role("button", name="Comparar").click()
    pagina.get_by_text("Coincide.", exact=True).wait_for()
    capturar(pagina, "5-verificado")
