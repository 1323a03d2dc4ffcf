"""Commitments of advisory sessions: due ones reminded once to whoever is
responsible; overdue ones on the case page and in the inbox (issue 17)."""

import dataclasses
import datetime
import io

import pytest

from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import ModelLogEntry

from expedientes import tasks
from expedientes.constants import TipoEvento
from expedientes.demo.reloj import reloj
from expedientes.models import Compromiso, EventoSolicitud, Notificacion
from expedientes.selectors import compromisos_vencidos
from expedientes.services import (
    DatosCompromiso,
    SolicitudError,
    compromiso_cumplir,
    sesion_registrar,
)
from tests.casos import llevar_a, radicada_el, radicar, sesion
from tests.utils import texto_visible

pytestmark = pytest.mark.django_db


@pytest.fixture
def caso(usuario_municipal, personal):
    caso = llevar_a(radicar(usuario_municipal), 5, personal)
    caso = radicada_el(caso, timezone.localdate() - datetime.timedelta(days=40))
    hoy = timezone.localdate()
    sesion_registrar(
        solicitud=caso,
        actor=personal["profesional"],
        actividad=5,
        sesion=dataclasses.replace(
            sesion(),
            compromisos=[
                DatosCompromiso(
                    "Enviar la cartografía",
                    "Luis Peña",
                    hoy - datetime.timedelta(days=2),
                    "luis@bucaramanga.gov.co",
                ),
                DatosCompromiso(
                    "Revisar el DTS", "Equipo", hoy + datetime.timedelta(days=1)
                ),
                DatosCompromiso(
                    "Concertación ambiental", "CDMB", hoy + datetime.timedelta(days=60)
                ),
            ],
        ),
    )
    return caso


def _recordar() -> str:
    salida = io.StringIO()
    call_command("recordar_compromisos", stdout=salida)
    for pk in Notificacion.objects.filter(
        asunto__icontains="compromiso", estado="pendiente"
    ).values_list("pk", flat=True):
        tasks.enviar_notificacion(pk)
    return salida.getvalue()


def test_cada_compromiso_que_vence_se_recuerda_una_vez(caso, personal):
    assert "puestos en cola: 2" in _recordar()
    correos = {m.to[0]: m for m in mail.outbox if "ompromiso" in m.subject}
    # The responsible's own e-mail; with none, whoever recorded the session.
    assert set(correos) == {"luis@bucaramanga.gov.co", "profesional@example.com"}
    vencido = correos["luis@bucaramanga.gov.co"]
    assert vencido.subject.startswith("Compromiso vencido el")
    assert "Enviar la cartografía" in vencido.body and "ya pasó" in vencido.body
    assert "No hay compromisos por recordar." in _recordar()
    assert len([m for m in mail.outbox if "ompromiso" in m.subject]) == 2
    assert Compromiso.objects.filter(recordado_en__isnull=True).count() == 1


def test_los_vencidos_se_ven_en_el_caso_y_en_la_bandeja(client, caso, personal):
    from tests.expedientes.test_admin_caso import caso_url

    client.force_login(personal["profesional"])
    texto = texto_visible(client.get(caso_url(caso)).content)
    assert "Compromisos vencidos" in texto
    assert "Enviar la cartografía — Luis Peña" in texto
    assert "Revisar el DTS — Equipo" not in texto.split("Compromisos vencidos")[1][:200]
    inicio = texto_visible(client.get("/admin/").content)
    assert "1 compromiso vencido" in inicio


def test_la_demo_tiene_una_sesion_programada_y_compromisos_vencidos(personal):
    from expedientes.demo.casos import CASOS_DEMO
    from expedientes.demo.pasos import caso_crear
    from expedientes.demo.reloj import Calendario
    from expedientes.selectors import compromisos_vencidos, proximas_sesiones

    demo = next(c for c in CASOS_DEMO if c.clave == "apoyo-con-sesiones")
    solicitud, _codigo = caso_crear(demo, personal, calendario=Calendario())
    assert solicitud.actividad_actual == 5
    [proxima] = proximas_sesiones(solicitud)
    assert proxima.inicio > timezone.now()
    assert proxima.invitados.exists()
    assert compromisos_vencidos().filter(sesion__solicitud=solicitud).exists()


def _compromiso(descripcion: str) -> Compromiso:
    return Compromiso.objects.get(descripcion=descripcion)


def test_un_compromiso_cumplido_no_vence_ni_se_recuerda_y_marcarlo_otra_vez_no_repite(
    caso, personal
):
    cartografia = _compromiso("Enviar la cartografía")
    dts = _compromiso("Revisar el DTS")
    assert cartografia in compromisos_vencidos()
    # 23:30 in Bogotá is already tomorrow in UTC: the page says Bogotá's day.
    noche = datetime.datetime.combine(
        timezone.localdate(),
        datetime.time(23, 30),
        tzinfo=timezone.get_current_timezone(),
    )
    with reloj(noche):
        fila = compromiso_cumplir(
            solicitud=caso, actor=personal["profesional"], compromiso=cartografia.pk
        )
    assert fila.cumplido_en == noche
    assert fila.cumplido_por == personal["profesional"]
    compromiso_cumplir(solicitud=caso, actor=personal["profesional"], compromiso=dts.pk)
    assert not compromisos_vencidos().filter(sesion__solicitud=caso).exists()
    # Neither is reminded; the one not fulfilled, due in 60 days, is not due yet.
    assert "No hay compromisos por recordar." in _recordar()
    assert not [m for m in mail.outbox if "ompromiso" in m.subject]

    # Again, by someone else (the form sent twice, two people at once): the
    # same row, who fulfilled it first, nothing written again.
    otra_vez = compromiso_cumplir(
        solicitud=caso, actor=personal["profesional2"], compromiso=cartografia.pk
    )
    assert (otra_vez.cumplido_por, otra_vez.cumplido_en) == (
        personal["profesional"],
        noche,
    )
    [evento, _dts] = EventoSolicitud.objects.filter(
        solicitud=caso, tipo=TipoEvento.COMPROMISO_CUMPLIDO
    ).order_by("pk")
    assert evento.actor == personal["profesional"]
    assert "Enviar la cartografía" in evento.texto_publico  # the municipality sees it
    assert (
        ModelLogEntry.objects.filter(
            action="expedientes.cumplir_compromiso", object_id=str(caso.pk)
        ).count()
        == 2
    )


def test_solo_el_grupo_de_la_actividad_5_marca_cumplido(
    caso, personal, usuario_municipal
):
    cartografia = _compromiso("Enviar la cartografía")
    for actor in (personal["coordinador"], usuario_municipal):
        with pytest.raises(SolicitudError, match="Su rol no permite"):
            compromiso_cumplir(solicitud=caso, actor=actor, compromiso=cartografia.pk)
    cartografia.refresh_from_db()
    assert cartografia.cumplido_en is None
    assert not EventoSolicitud.objects.filter(
        tipo=TipoEvento.COMPROMISO_CUMPLIDO
    ).exists()


def test_marcar_cumplido_desde_la_pagina_del_caso(client, caso, personal):
    from tests.expedientes.test_admin_caso import accion_url, caso_url

    cartografia = _compromiso("Enviar la cartografía")
    client.force_login(personal["profesional"])
    pagina = client.get(caso_url(caso))
    # A button on each commitment of the sessions, and on the overdue one.
    assert pagina.content.decode().count('id="cumplir-') == 3 + 1
    respuesta = client.post(
        accion_url(caso, "cumplir_compromiso"),
        {"actividad": 5, "compromiso": cartografia.pk},
        follow=True,
    )
    texto = texto_visible(respuesta.content)
    assert "Compromiso «Enviar la cartografía» marcado como cumplido." in texto
    assert "Compromisos vencidos" not in texto
    cartografia.refresh_from_db()
    cuando = timezone.localtime(cartografia.cumplido_en).strftime("%d/%m/%Y %H:%M")
    assert (
        f"Enviar la cartografía — Luis Peña, {cartografia.fecha_limite:%d/%m/%Y} "
        f"Cumplido el {cuando} · Profesional Prueba Revisar el DTS"
    ) in texto
    assert respuesta.content.decode().count('id="cumplir-') == 2
    assert "compromiso vencido" not in texto_visible(client.get("/admin/").content)
    # Sent again (a second tab): no error, who did it first.
    respuesta = client.post(
        accion_url(caso, "cumplir_compromiso"),
        {"actividad": 5, "compromiso": cartografia.pk},
        follow=True,
    )
    assert "ya estaba cumplido: lo marcó Profesional Prueba" in texto_visible(
        respuesta.content
    )
    # Someone without the role gets the page with the reason, nothing changes.
    dts = _compromiso("Revisar el DTS")
    client.force_login(personal["coordinador"])
    respuesta = client.post(
        accion_url(caso, "cumplir_compromiso"),
        {"actividad": 5, "compromiso": dts.pk},
    )
    assert respuesta.status_code == 403
    assert "Su rol no permite" in texto_visible(respuesta.content)
    dts.refresh_from_db()
    assert dts.cumplido_en is None
