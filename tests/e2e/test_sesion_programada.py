"""An advisory session from its invitation to its record (issue 17).

A professional schedules a session on a case in activity 5 from the case page;
each invited person's e-mail is in the outbox with its text/calendar part
(METHOD:REQUEST); the municipality sees the next session on its request page and
downloads its .ics (METHOD:PUBLISH, the same UID); once its time has come (the
clock moved past it with ``reloj``, as the demo and the unit tests do: a session
is never scheduled in the past) the professional records it from the schedule.
Screenshots go to ``E2E_CAPTURAS`` when set.
"""

import datetime
import email
from pathlib import Path

import pytest
from icalendar import Calendar

from django.core import mail
from django.utils import timezone

from expedientes.constants import EstadoSesion
from expedientes.demo.reloj import reloj
from expedientes.models import SesionAsesoria, SesionProgramada
from tests.casos import llevar_a, radicar
from tests.e2e.test_caso_completo import capturar, entrar_al_admin, exito

pytestmark = pytest.mark.e2e

CLAVE_MUNICIPAL = "clave-municipal-2026"


def _calendario(mensaje) -> Calendar | None:
    for parte in email.message_from_bytes(mensaje.message().as_bytes()).walk():
        if parte.get_content_type() == "text/calendar":
            return Calendar.from_ical(parte.get_payload(decode=True))
    return None


def test_programar_convocar_descargar_y_registrar_una_sesion(
    live_server, version_vigente, usuario_municipal, personal, pagina, tmp_path
):
    url = live_server.url
    caso = llevar_a(radicar(usuario_municipal), 5, personal)
    mail.outbox.clear()
    manana = timezone.localdate() + datetime.timedelta(days=1)
    inicio = datetime.datetime.combine(
        manana, datetime.time(9, 30), tzinfo=timezone.get_current_timezone()
    )

    # 1. The professional schedules it from the case page.
    entrar_al_admin(pagina, url, personal["profesional"])
    pagina.goto(f"{url}/admin/solicitudes/inspect/{caso.pk}/")
    accion = pagina.locator("#accion-programar_sesion")
    if not accion.evaluate("detalle => detalle.open"):
        accion.locator("summary").click()
    accion.get_by_label("Fecha y hora (hora de Bogotá)").fill(
        inicio.strftime("%Y-%m-%dT%H:%M")
    )
    accion.get_by_label("Duración").select_option("120")
    accion.get_by_label("Virtual").check()
    accion.get_by_label("Lugar o enlace").fill("https://meet.example/pot")
    accion.get_by_label("Temas a tratar").fill("Componente rural y amenazas")
    capturar(pagina, "sesion-1-programar")
    accion.get_by_role("button", name="Programar y enviar las invitaciones").click()
    exito(pagina, f"Sesión programada para el {inicio:%d/%m/%Y} 09:30")
    assert "Próximas sesiones" in pagina.locator("main").inner_text()
    programada = SesionProgramada.objects.get(solicitud=caso)

    # 2. Each invited person's e-mail carries the invitation as text/calendar.
    [invitacion] = [m for m in mail.outbox if m.to == ["edwin@santander.example"]]
    ics = _calendario(invitacion)
    assert ics is not None and ics["method"] == "REQUEST"
    [evento] = ics.events
    assert evento["uid"] == f"{programada.uid}@localhost"
    assert evento.start == inicio and evento.start.tzinfo.key == "America/Bogota"
    assert caso.correo_solicitante in {d for m in mail.outbox for d in m.to}

    # 3. The municipality sees it on its request page and downloads its .ics.
    pagina.context.clear_cookies()
    pagina.goto(f"{url}/cuenta/ingresar/?next=/solicitudes/{caso.radicado}/")
    pagina.get_by_label("Usuario").fill(usuario_municipal.username)
    pagina.get_by_label("Contraseña").fill(CLAVE_MUNICIPAL)
    pagina.get_by_role("button", name="Ingresar").click()
    pagina.wait_for_url(f"**/solicitudes/{caso.radicado}/")
    seccion = pagina.locator("section", has=pagina.locator("#t-sesiones"))
    assert "de 09:30 a 11:30 (hora de Bogotá)" in seccion.inner_text()
    capturar(pagina, "sesion-2-portal")
    with pagina.expect_download() as descarga:
        seccion.get_by_role("link", name=f"sesión del {inicio:%d/%m/%Y}").click()
    publicada = Calendar.from_ical(Path(descarga.value.path()).read_bytes())
    assert publicada["method"] == "PUBLISH"
    assert publicada.events[0]["uid"] == f"{programada.uid}@localhost"
    assert publicada.events[0].start == inicio

    # 4. Its time comes: the professional records it from the schedule.
    with reloj(inicio + datetime.timedelta(hours=3)):
        entrar_al_admin(pagina, url, personal["profesional"])
        pagina.goto(f"{url}/admin/solicitudes/inspect/{caso.pk}/")
        assert "Por registrar" in pagina.locator("#programadas").inner_text()
        registrar = pagina.locator("#accion-registrar_sesion")
        if not registrar.evaluate("detalle => detalle.open"):
            registrar.locator("summary").click()
        # Started from what was scheduled: its time, place and invited people.
        assert registrar.get_by_label("Lugar o enlace").input_value() == (
            "https://meet.example/pot"
        )
        assert (
            registrar.locator("[name=asistentes-0-nombre]").input_value()
            == "Edwin Mendoza"
        )
        capturar(pagina, "sesion-3-registrar")
        registrar.get_by_role("button", name="Registrar la sesión").click()
        exito(pagina, "Sesión 1 registrada")
    realizada = SesionAsesoria.objects.get(solicitud=caso)
    assert realizada.programada_id == programada.pk
    assert realizada.fecha == inicio
    programada.refresh_from_db()
    assert programada.estado == EstadoSesion.REALIZADA
