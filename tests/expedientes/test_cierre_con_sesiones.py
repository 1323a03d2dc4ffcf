"""A case closed (withdrawn from the portal or the admin, rejected, archived) with
sessions still scheduled: they are cancelled in the same transaction and every
invited person gets the METHOD:CANCEL once, parsed back with ``icalendar``
(issue 17, follow-up)."""

from __future__ import annotations

import pytest

from django.core import mail
from wagtail.models import ModelLogEntry

from expedientes.constants import EstadoSesion, MotivoRechazo, TipoEvento
from expedientes.models import EventoSolicitud, SesionProgramada
from expedientes.services import (
    SolicitudError,
    solicitud_archivar,
    solicitud_desistir,
    solicitud_devolver,
    solicitud_rechazar,
)
from tests.casos import datos_archivo, llevar_a, radicar
from tests.expedientes.test_sesiones_programadas import (
    _ics,
    _invitaciones,
    _programar,
)

pytestmark = pytest.mark.django_db

INVITADOS = ("edwin@santander.example", "planeacion@bucaramanga.gov.co")


@pytest.fixture
def caso(usuario_municipal, personal):
    return llevar_a(radicar(usuario_municipal), 5, personal)


def _cancelaciones(caso, programada, motivo: str) -> None:
    """Each invited person: the invitation then one cancellation of the same
    event, SEQUENCE raised, with why."""
    for correo in INVITADOS:
        invitacion, cancelacion = _invitaciones(caso, correo)
        ics = _ics(cancelacion)
        assert ics["method"] == "CANCEL"
        [evento] = ics.events
        assert evento["uid"] == _ics(invitacion).events[0]["uid"]
        assert evento["uid"] == f"{programada.uid}@localhost"
        assert evento["sequence"] == 1
        assert evento["status"] == "CANCELLED"
        texto = cancelacion.get_payload()[0].get_payload()[0].get_payload(decode=True)
        assert f"Motivo: {motivo}" in texto.decode()
    programada.refresh_from_db()
    assert programada.estado == EstadoSesion.CANCELADA
    assert programada.secuencia == 1


def test_el_municipio_desiste_desde_el_portal_y_se_cancela_la_sesion(
    client, caso, personal, usuario_municipal
):
    programada = _programar(caso, personal)
    client.force_login(usuario_municipal)
    respuesta = client.post(
        f"/solicitudes/{caso.radicado}/desistir/", {"motivo": "Ya no aplica."}
    )
    assert respuesta.status_code == 302
    _cancelaciones(
        caso, programada, f"La solicitud {caso.radicado} terminó por desistimiento."
    )
    cancelada = EventoSolicitud.objects.get(
        solicitud=caso, tipo=TipoEvento.SESION_CANCELADA
    )
    assert cancelada.actor == usuario_municipal and cancelada.texto_publico
    entrada = ModelLogEntry.objects.get(
        action="expedientes.desistir", object_id=str(caso.pk)
    )
    assert entrada.data["sesiones_canceladas"] == [str(programada.uid)]
    # Once: archiving afterwards sends nothing more to the invited.
    solicitud_archivar(solicitud=caso, actor=personal["archivo"], datos=datos_archivo())
    assert all(len(_invitaciones(caso, correo)) == 2 for correo in INVITADOS)


def test_rechazar_tras_una_devolucion_cancela_las_sesiones(caso, personal):
    primera = _programar(caso, personal)
    segunda = _programar(caso, personal, primera.inicio.replace(hour=15))
    solicitud_devolver(
        solicitud=caso,
        actor=personal["profesional"],
        actividad=5,
        hacia=3,
        motivo="Revisar el alcance",
    )
    solicitud_rechazar(
        solicitud=caso,
        actor=personal["secretario"],
        actividad=3,
        motivo=MotivoRechazo.FUERA_DE_ALCANCE,
        fundamentos="No es un plan de ordenamiento.",
    )
    assert not SesionProgramada.objects.filter(
        solicitud=caso, estado=EstadoSesion.PROGRAMADA
    ).exists()
    for correo in INVITADOS:
        mensajes = _invitaciones(caso, correo)
        metodos = sorted(
            (_ics(m).events[0]["uid"], _ics(m)["method"]) for m in mensajes
        )
        assert metodos == sorted(
            (f"{s.uid}@localhost", m)
            for s in (primera, segunda)
            for m in ("REQUEST", "CANCEL")
        )
    texto = next(
        m for m in _invitaciones(caso, INVITADOS[0]) if _ics(m)["method"] == "CANCEL"
    )
    assert f"La solicitud {caso.radicado} fue rechazada." in (
        texto.get_payload()[0].get_payload()[0].get_payload(decode=True).decode()
    )


def test_una_negativa_no_cancela_nada(caso, personal):
    """Nothing half-done: a closing action refused leaves its sessions as they
    were and sends nothing."""
    programada = _programar(caso, personal)
    antes = len(mail.outbox)
    with pytest.raises(SolicitudError):
        solicitud_desistir(solicitud=caso, actor=personal["profesional"], motivo="")
    with pytest.raises(SolicitudError, match="Su rol no permite"):
        solicitud_desistir(solicitud=caso, actor=personal["archivo"], motivo="x")
    programada.refresh_from_db()
    assert programada.estado == EstadoSesion.PROGRAMADA
    assert len(mail.outbox) == antes


def test_archivar_cancela_una_sesion_que_quedo_programada(
    caso, personal, usuario_municipal
):
    """A case withdrawn before withdrawals cancelled its sessions kept them
    scheduled; archiving it calls them off. That state is rebuilt here: a session
    scheduled, the case withdrawn, the session's row set back as it was then."""
    programada = _programar(caso, personal)
    solicitud_desistir(solicitud=caso, actor=usuario_municipal, motivo="x")
    SesionProgramada.objects.filter(pk=programada.pk).update(
        estado=EstadoSesion.PROGRAMADA, secuencia=0, motivo_cambio=""
    )
    _invitaciones(caso)  # what was sent so far, out of the way
    mail.outbox.clear()
    solicitud_archivar(solicitud=caso, actor=personal["archivo"], datos=datos_archivo())
    motivo = f"El expediente de la solicitud {caso.radicado} se archivó."
    for correo in INVITADOS:
        [cancelacion] = _invitaciones(caso, correo)
        ics = _ics(cancelacion)
        assert ics["method"] == "CANCEL"
        assert ics.events[0]["uid"] == f"{programada.uid}@localhost"
        assert ics.events[0]["sequence"] == 1
        texto = cancelacion.get_payload()[0].get_payload()[0].get_payload(decode=True)
        assert f"Motivo: {motivo}" in texto.decode()
    programada.refresh_from_db()
    assert programada.estado == EstadoSesion.CANCELADA
