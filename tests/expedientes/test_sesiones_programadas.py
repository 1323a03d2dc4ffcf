"""Sessions scheduled before they happen (issue 17): the invitation each invited
person receives, parsed back with ``icalendar``; rescheduling and cancelling keep
one identity (UID) and raise SEQUENCE; the e-mail's MIME structure as the mail
clients read it; who may act; a session in the future is never recorded as held,
and recording starts from what was scheduled."""

from __future__ import annotations

import datetime
import email

import pytest
from icalendar import Calendar

from django.core import mail
from django.utils import timezone

from expedientes import tasks
from expedientes.constants import EstadoSesion, Institucion, Modalidad, TipoEvento
from expedientes.demo.reloj import reloj
from expedientes.models import (
    EventoSolicitud,
    Notificacion,
    SesionAsesoria,
    SesionProgramada,
)
from expedientes.services import (
    DatosInvitado,
    DatosProgramacion,
    SolicitudError,
    sesion_cancelar,
    sesion_programar,
    sesion_registrar,
    sesion_reprogramar,
)
from tests.casos import llevar_a, radicar, sesion
from tests.utils import texto_visible

pytestmark = pytest.mark.django_db

BOGOTA = datetime.timezone(datetime.timedelta(hours=-5))
INVITADOS = (
    DatosInvitado("Edwin Mendoza", "edwin@santander.example", Institucion.GOBERNACION),
    DatosInvitado("Laura Rincón", "planeacion@bucaramanga.gov.co", "municipio"),
)


def _en_bogota(dia, hora, minuto=0):
    return datetime.datetime.combine(dia, datetime.time(hora, minuto), tzinfo=BOGOTA)


def programacion(inicio, **cambios) -> DatosProgramacion:
    datos = {
        "inicio": inicio,
        "fin": inicio + datetime.timedelta(hours=2),
        "modalidad": Modalidad.VIRTUAL,
        "lugar": "https://meet.example/pot-bucaramanga",
        "temas": "Componente rural <y> amenazas & riesgos",
        "invitados": INVITADOS,
        **cambios,
    }
    return DatosProgramacion(**datos)


@pytest.fixture
def caso(usuario_municipal, personal):
    return llevar_a(radicar(usuario_municipal), 5, personal)


def _programar(caso, personal, inicio=None, **cambios):
    inicio = inicio or _en_bogota(timezone.localdate() + datetime.timedelta(days=7), 9)
    return sesion_programar(
        solicitud=caso,
        actor=personal["profesional"],
        actividad=5,
        datos=programacion(inicio, **cambios),
    )


def _invitaciones(caso, destinatario="edwin@santander.example"):
    """The e-mails to ``destinatario`` that carry an invitation, in order, sent
    as the worker sends them (``tasks.enviar_notificacion``; the case's records
    are not rendered here) and parsed as the receiving client does."""
    for pk in (
        tasks.notificaciones_pendientes()
        .exclude(calendario="")
        .values_list("pk", flat=True)
    ):
        assert tasks.enviar_notificacion(pk) == tasks.Envio.ENVIADA
    return [
        email.message_from_bytes(m.message().as_bytes())
        for m in mail.outbox
        if m.to == [destinatario] and "invitacion.ics" in m.message().as_string()
    ]


def _partes(mensaje):
    calendario = adjunto = None
    for parte in mensaje.walk():
        if parte.get_content_type() == "text/calendar":
            calendario = parte
        if parte.get_filename() == "invitacion.ics":
            adjunto = parte
    return calendario, adjunto


def _ics(mensaje) -> Calendar:
    calendario, _adjunto = _partes(mensaje)
    return Calendar.from_ical(calendario.get_payload(decode=True))


def test_la_invitacion_se_lee_con_icalendar_y_el_correo_tiene_su_estructura(
    caso, personal
):
    hoy = timezone.localdate()
    # At 23:30 in Bogotá it is already tomorrow in UTC: a session tomorrow at
    # 00:10 Bogotá is stated in Bogotá's time, with its zone, not UTC's day.
    noche = _en_bogota(hoy, 23, 30)
    inicio = _en_bogota(hoy + datetime.timedelta(days=1), 0, 10)
    with reloj(noche):
        programada = _programar(caso, personal, inicio)
    assert programada.secuencia == 0
    [mensaje] = _invitaciones(caso)
    assert mensaje.get_content_type() == "multipart/mixed"
    alternativa = mensaje.get_payload()[0]
    assert alternativa.get_content_type() == "multipart/alternative"
    tipos = [p.get_content_type() for p in alternativa.get_payload()]
    assert tipos == ["text/plain", "text/calendar"]
    calendario, adjunto = _partes(mensaje)
    assert calendario.get_param("method") == "REQUEST"
    assert adjunto.get_content_type() == "application/ics"
    assert adjunto.get_content_disposition() == "attachment"
    # The same text (the text part's lines end as the MIME text they travel in).
    assert adjunto.get_payload(decode=True).replace(
        b"\r\n", b"\n"
    ) == calendario.get_payload(decode=True).replace(b"\r\n", b"\n")
    texto = alternativa.get_payload()[0].get_payload(decode=True).decode()
    fecha = f"{inicio:%d/%m/%Y}"
    assert fecha in texto and "de 00:10 a 02:10 (hora de Bogotá)" in texto

    ics = _ics(mensaje)
    assert ics["method"] == "REQUEST"
    [tz] = ics.walk("VTIMEZONE")
    assert tz["tzid"] == "America/Bogota"
    [evento] = ics.events
    assert evento["uid"] == f"{programada.uid}@localhost"
    assert evento["sequence"] == 0
    assert evento.start == inicio
    assert evento.start.tzinfo.key == "America/Bogota"
    assert evento.start.date() == hoy + datetime.timedelta(days=1)
    assert (
        "DTSTART;TZID=America/Bogota:" in calendario.get_payload(decode=True).decode()
    )
    assert evento.end - evento.start == datetime.timedelta(hours=2)
    assert str(evento["organizer"]) == "mailto:profesional@example.com"
    asistentes = sorted(str(a) for a in evento["attendee"])
    assert asistentes == [
        "mailto:edwin@santander.example",
        "mailto:planeacion@bucaramanga.gov.co",
    ]
    assert evento["location"] == "https://meet.example/pot-bucaramanga"
    # Text as typed: iCalendar escapes it, nothing is lost or turned to HTML.
    assert "Componente rural <y> amenazas & riesgos" in str(evento["description"])
    # One e-mail per invited person; the history says so publicly.
    assert (
        Notificacion.objects.filter(solicitud=caso).exclude(calendario="").count() == 2
    )
    assert EventoSolicitud.objects.filter(
        solicitud=caso, tipo=TipoEvento.SESION_PROGRAMADA
    ).exists()


def test_reprogramar_mantiene_el_uid_y_sube_la_secuencia(caso, personal):
    programada = _programar(caso, personal)
    nuevo = programada.inicio + datetime.timedelta(days=2, hours=5)
    sesion_reprogramar(
        solicitud=caso,
        actor=personal["profesional2"],
        actividad=5,
        sesion=programada.pk,
        secuencia=0,
        datos=programacion(nuevo, lugar="Sala de juntas", invitados=()),
        motivo="El alcalde viaja",
    )
    primera, segunda = (_ics(m).events[0] for m in _invitaciones(caso))
    assert segunda["uid"] == primera["uid"]
    assert (primera["sequence"], segunda["sequence"]) == (0, 1)
    assert segunda.start == nuevo
    assert segunda["location"] == "Sala de juntas"
    # The organizer stays who scheduled it (RFC 5546): not who rescheduled.
    assert str(segunda["organizer"]) == "mailto:profesional@example.com"
    # Someone acting on what they saw before the change is told who changed it.
    with pytest.raises(SolicitudError, match="Profesional2 Prueba la reprogramó"):
        sesion_reprogramar(
            solicitud=caso,
            actor=personal["profesional"],
            actividad=5,
            sesion=programada.pk,
            secuencia=0,
            datos=programacion(nuevo + datetime.timedelta(hours=1), invitados=()),
        )
    assert SesionProgramada.objects.get(pk=programada.pk).secuencia == 1


def test_cancelar_envia_method_cancel_una_sola_vez(caso, personal):
    programada = _programar(caso, personal)
    sesion_cancelar(
        solicitud=caso,
        actor=personal["profesional"],
        sesion=programada.pk,
        secuencia=0,
        motivo="Paro de transporte",
    )
    invitacion, cancelacion = _invitaciones(caso)
    calendario, _adjunto = _partes(cancelacion)
    assert calendario.get_param("method") == "CANCEL"
    ics = _ics(cancelacion)
    assert ics["method"] == "CANCEL"
    [evento] = ics.events
    assert evento["uid"] == _ics(invitacion).events[0]["uid"]
    assert evento["sequence"] == 1
    assert evento["status"] == "CANCELLED"
    texto = cancelacion.get_payload()[0].get_payload()[0].get_payload(decode=True)
    assert "Motivo: Paro de transporte" in texto.decode()
    antes = len(mail.outbox)
    # The only one it had: the rule's guard says so before the service would.
    with pytest.raises(SolicitudError, match="se registraron o se cancelaron"):
        sesion_cancelar(
            solicitud=caso,
            actor=personal["profesional2"],
            sesion=programada.pk,
            secuencia=1,
            motivo="Otra vez",
        )
    # With another one scheduled, the service says who cancelled it.
    _programar(caso, personal)
    with pytest.raises(SolicitudError, match="ya fue cancelada por Profesional"):
        sesion_cancelar(
            solicitud=caso,
            actor=personal["profesional2"],
            sesion=programada.pk,
            secuencia=1,
            motivo="Otra vez",
        )
    assert len(_invitaciones(caso)) == 3  # the new session's invitation only
    assert len(mail.outbox) == antes + 2


@pytest.mark.parametrize("momento", ["pasado", "misma_hora"])
def test_lo_que_no_se_programa(caso, personal, momento):
    programada = _programar(caso, personal)
    antes = Notificacion.objects.count()
    inicio = (
        timezone.now() - datetime.timedelta(hours=1)
        if momento == "pasado"
        else programada.inicio
    )
    with pytest.raises(SolicitudError) as error:
        _programar(caso, personal, inicio)
    assert error.value.campo == "fecha"
    assert ("ya pasó" if momento == "pasado" else "Ya hay una sesión") in str(
        error.value
    )
    assert SesionProgramada.objects.filter(solicitud=caso).count() == 1
    assert Notificacion.objects.count() == antes


def test_un_correo_invalido_se_rechaza_sin_guardar_nada(caso, personal):
    with pytest.raises(SolicitudError, match="«edwin@» , de Edwin|no es un correo"):
        _programar(caso, personal, invitados=(DatosInvitado("Edwin", "edwin@"),))
    assert not SesionProgramada.objects.exists()


def test_quien_puede_programar(caso, personal, usuario_municipal, otro_municipio):
    from tests.factories import UsuarioFactory

    de_giron = UsuarioFactory(username="giron", municipio=otro_municipio)
    for actor in (personal["coordinador"], usuario_municipal, de_giron):
        with pytest.raises(SolicitudError, match="Su rol no permite"):
            sesion_programar(
                solicitud=caso,
                actor=actor,
                actividad=5,
                datos=programacion(timezone.now() + datetime.timedelta(days=3)),
            )
    assert not SesionProgramada.objects.exists()
    assert not Notificacion.objects.exclude(calendario="").exists()


def test_una_sesion_futura_no_se_registra_y_al_llegar_se_registra_desde_lo_programado(
    client, caso, personal
):
    from tests.expedientes.test_admin_caso import accion_url, caso_url

    programada = _programar(caso, personal)
    datos = sesion()
    with pytest.raises(SolicitudError, match="aún no ha llegado"):
        sesion_registrar(
            solicitud=caso,
            actor=personal["profesional"],
            actividad=5,
            sesion=type(datos)(**{**vars(datos), "programada": programada.pk}),
        )
    assert not SesionAsesoria.objects.exists()

    # Its time comes: the case page's form starts from it.
    despues = programada.inicio + datetime.timedelta(hours=3)
    with reloj(despues):
        client.force_login(personal["profesional"])
        pagina = client.get(caso_url(caso))
        form = next(
            a for a in pagina.context["acciones"] if a["accion"] == "registrar_sesion"
        )
        assert form["form"].initial["programada"] == programada.pk
        # Its form is the one open: the session waits to be recorded.
        assert form["abierta"]
        assert [a["accion"] for a in pagina.context["acciones"] if a["abierta"]] == [
            "registrar_sesion"
        ]
        assert form["form"].initial["lugar"] == programada.lugar
        filas = form["formsets"]["asistentes"].forms
        assert [f.initial["nombre"] for f in filas[:2]] == [
            "Edwin Mendoza",
            "Laura Rincón",
        ]
        assert "Por registrar" in texto_visible(pagina.content)
        respuesta = client.post(
            accion_url(caso, "registrar_sesion"),
            {
                "actividad": 5,
                "programada": programada.pk,
                "fecha": timezone.localtime(programada.inicio).strftime(
                    "%Y-%m-%dT%H:%M"
                ),
                "modalidad": programada.modalidad,
                "lugar": programada.lugar,
                "temas": programada.temas,
                "asistentes-TOTAL_FORMS": 1,
                "asistentes-INITIAL_FORMS": 0,
                "asistentes-0-nombre": "Edwin Mendoza",
                "asistentes-0-institucion": "gobernacion",
                "compromisos-TOTAL_FORMS": 0,
                "compromisos-INITIAL_FORMS": 0,
            },
        )
        assert respuesta.status_code == 302, respuesta.context["form"].errors
    realizada = SesionAsesoria.objects.get(solicitud=caso)
    assert realizada.programada == programada
    programada.refresh_from_db()
    assert programada.estado == EstadoSesion.REALIZADA
    # Held: it is neither rescheduled nor cancelled any more.
    with pytest.raises(SolicitudError, match="no tiene sesiones programadas"):
        sesion_cancelar(
            solicitud=caso,
            actor=personal["profesional"],
            sesion=programada.pk,
            secuencia=0,
            motivo="x",
        )


def test_la_actividad_no_se_completa_con_sesiones_pendientes(caso, personal):
    from expedientes.services import DatosResultado, actividad_brindar_apoyo_completar

    sesion_registrar(
        solicitud=caso, actor=personal["profesional"], actividad=5, sesion=sesion()
    )
    _programar(caso, personal)
    with pytest.raises(SolicitudError, match="sigue pendiente"):
        actividad_brindar_apoyo_completar(
            solicitud=caso,
            actor=personal["profesional"],
            actividad=5,
            resultado=DatosResultado(sin_acuerdo_motivo="Aún no"),
        )
    caso.refresh_from_db()
    assert caso.actividad_actual == 5


def test_con_una_sesion_pendiente_la_pagina_no_invita_a_terminar(
    client, caso, personal
):
    """The case page says why the advice cannot be finished yet and opens no form
    first (the first was "Terminar la asesoría", refused once filled in)."""
    from tests.expedientes.test_admin_caso import caso_url

    sesion_registrar(
        solicitud=caso, actor=personal["profesional"], actividad=5, sesion=sesion()
    )
    programada = _programar(caso, personal)
    client.force_login(personal["profesional"])
    pagina = client.get(caso_url(caso))
    assert not [a for a in pagina.context["acciones"] if a["abierta"]]
    fecha = timezone.localtime(programada.inicio).strftime("%d/%m/%Y %H:%M")
    assert f"La sesión programada para el {fecha} sigue pendiente" in texto_visible(
        pagina.content
    )


def test_programar_desde_el_admin(client, caso, personal):
    from tests.expedientes.test_admin_caso import accion_url, caso_url

    client.force_login(personal["profesional"])
    pagina = client.get(caso_url(caso))
    form = next(
        a["form"]
        for a in pagina.context["acciones"]
        if a["accion"] == "programar_sesion"
    )
    sugeridos = dict(form.fields["invitados"].choices)
    assert "edwin@santander.example" in sugeridos
    assert "planeacion@bucaramanga.gov.co" in sugeridos
    manana = timezone.localdate() + datetime.timedelta(days=1)
    datos = {
        "actividad": 5,
        "fecha": f"{manana:%Y-%m-%d}T23:30",
        "duracion": 60,
        "modalidad": "presencial",
        "lugar": "Sala de juntas",
        "temas": "Cartografía",
        "invitados": ["edwin@santander.example"],
        "otros_invitados": "esto no es un correo",
    }
    respuesta = client.post(accion_url(caso, "programar_sesion"), datos)
    assert respuesta.status_code == 200
    assert "Línea 1" in " ".join(respuesta.context["form"].errors["otros_invitados"])
    assert not SesionProgramada.objects.exists()
    datos["otros_invitados"] = "Rosa Díaz <rosa@cas.example>"
    respuesta = client.post(accion_url(caso, "programar_sesion"), datos, follow=True)
    assert "Sesión programada para el" in texto_visible(respuesta.content)
    programada = SesionProgramada.objects.get()
    assert timezone.localtime(programada.inicio).strftime("%d/%m/%Y %H:%M") == (
        f"{manana:%d/%m/%Y} 23:30"
    )
    assert sorted(programada.invitados.values_list("correo", flat=True)) == [
        "edwin@santander.example",
        "rosa@cas.example",
    ]
    texto = texto_visible(client.get(caso_url(caso)).content)
    assert "Próximas sesiones" in texto and f"{manana:%d/%m/%Y} 23:30" in texto


def test_los_invitados_sugeridos_se_nombran_como_en_todo_el_sitio(
    caso, django_user_model, usuario_municipal
):
    """The municipality's accounts by ``Usuario.nombre``: full name, or the
    username when the account has none."""
    from expedientes.forms import invitados_sugeridos

    django_user_model.objects.create_user(
        "sin.nombre", "sin.nombre@bucaramanga.gov.co", municipio=caso.municipio
    )
    django_user_model.objects.create_user(
        "ana",
        "ana@bucaramanga.gov.co",
        municipio=caso.municipio,
        first_name="Ana",
        last_name="Gómez",
    )
    nombres = {i.correo: i.nombre for i in invitados_sugeridos(caso)}
    assert nombres["sin.nombre@bucaramanga.gov.co"] == "sin.nombre"
    assert nombres["ana@bucaramanga.gov.co"] == "Ana Gómez"
