"""Commitments of advisory sessions: due ones reminded once to whoever is
responsible; overdue ones on the case page and in the inbox (issue 17)."""

import dataclasses
import datetime
import io

import pytest

from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from expedientes import tasks
from expedientes.models import Compromiso, Notificacion
from expedientes.services import DatosCompromiso, sesion_registrar
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
