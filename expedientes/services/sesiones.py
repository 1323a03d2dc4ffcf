"""Advisory sessions of activity 5 (*Brindar el apoyo*): scheduled before they
happen, rescheduled or cancelled, recorded once held, and their commitments
reminded when due (issue 17).

A session has one identity from its invitation to its minutes: the
``SesionProgramada`` row, whose UID and SEQUENCE are the calendar invitation's
(``expedientes.calendario``). ``sesion_programar``, ``sesion_reprogramar`` and
``sesion_cancelar`` stand on ``base.transicion`` (the case locked, the rows
``programar_sesion``, ``reprogramar_sesion`` and ``cancelar_sesion`` of
``reglas.REGLAS``) and write one e-mail per invited person, with the invitation,
in the same transaction (``cancelar_programadas`` does the cancelling for the
actions that close a case): two people acting at once give one change and one set of
e-mails, the other is told who acted first. ``sesion_registrar`` records a held
session (attendance list and minutes), from its schedule when it had one, and
never before its time. Their commitments are reminded by ``compromisos.py``.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from email.utils import parseaddr

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models import Max
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import calendario
from ..constants import (
    EstadoSesion,
    Institucion,
    Modalidad,
    TipoDocumento,
    TipoEvento,
)
from ..models import (
    AsistenteSesion,
    Compromiso,
    InvitadoSesion,
    SesionAsesoria,
    SesionProgramada,
    Solicitud,
)
from ..notificaciones import asunto_de, aviso_al_municipio
from ..registros import (
    ActaReunion,
    Asistente,
    CompromisoSesion,
    RegistroAsistencia,
    SesionRegistro,
)
from .base import SolicitudError, Transicion, transicion

logger = logging.getLogger(__name__)

#: The longest session that may be scheduled (a working day).
DURACION_MAXIMA = datetime.timedelta(hours=10)


def _texto(valor: str, largo: int = 10_000) -> str:
    return (valor or "").strip()[:largo]


def _fecha_de(fecha: datetime.date) -> str:
    """A date as a person reads it here: Bogotá's day, with the time if it has one."""
    if isinstance(fecha, datetime.datetime):
        return timezone.localtime(fecha).strftime("%d/%m/%Y %H:%M")
    return fecha.strftime("%d/%m/%Y")


def _exigir_ocurrida(
    t: Transicion, fecha: datetime.date, *, que: str, campo: str
) -> None:
    """Only what already happened becomes a record: ``fecha`` (a session's
    moment or an Acuerdo's day) not after today in Bogotá, nor before the day the
    request was filed. Scheduling what is yet to come is not recording it."""
    radicada = timezone.localdate(t.solicitud.radicada_en)
    dia = timezone.localdate(fecha) if isinstance(fecha, datetime.datetime) else fecha
    if dia > t.hoy or (isinstance(fecha, datetime.datetime) and fecha > t.ahora):
        raise SolicitudError(
            _(
                "%(que)s: el %(fecha)s aún no ha llegado. Solo se registra lo que ya "
                "ocurrió, hasta hoy, %(hoy)s."
            )
            % {"que": que, "fecha": _fecha_de(fecha), "hoy": _fecha_de(t.hoy)},
            campo=campo,
        )
    if dia < radicada:
        raise SolicitudError(
            _(
                "%(que)s: el %(fecha)s es anterior a la radicación de la solicitud, "
                "el %(radicada)s."
            )
            % {
                "que": que,
                "fecha": _fecha_de(fecha),
                "radicada": _fecha_de(radicada),
            },
            campo=campo,
        )


# --- Scheduling --------------------------------------------------------------------


@dataclass(frozen=True)
class DatosInvitado:
    nombre: str
    correo: str
    institucion: str = ""
    cargo: str = ""


@dataclass(frozen=True)
class DatosProgramacion:
    """A session to schedule, or its new time and place (``invitados`` empty on
    rescheduling: the same people are invited again)."""

    inicio: datetime.datetime
    fin: datetime.datetime
    modalidad: str
    lugar: str
    temas: str
    invitados: Sequence[DatosInvitado] = ()


def _validar(datos: DatosProgramacion, *, con_invitados: bool) -> list[DatosInvitado]:
    if datos.modalidad not in Modalidad.values:
        raise SolicitudError(_("Elija la modalidad de la sesión."), campo="modalidad")
    if not datos.lugar.strip():
        raise SolicitudError(
            _("Escriba el lugar o el enlace de la sesión."), campo="lugar"
        )
    if not datos.temas.strip():
        raise SolicitudError(_("Escriba los temas a tratar."), campo="temas")
    if datos.fin <= datos.inicio or datos.fin - datos.inicio > DURACION_MAXIMA:
        raise SolicitudError(
            _("La sesión debe durar más de cero minutos y a lo sumo diez horas."),
            campo="duracion",
        )
    invitados: dict[str, DatosInvitado] = {}
    for invitado in datos.invitados:
        correo = invitado.correo.strip().lower()
        try:
            validate_email(correo)
        except ValidationError:
            raise SolicitudError(
                _("«%(correo)s», de %(nombre)s, no es un correo válido.")
                % {"correo": invitado.correo, "nombre": invitado.nombre or "—"},
                campo="invitados",
            ) from None
        if invitado.institucion and invitado.institucion not in Institucion.values:
            raise SolicitudError(_("Elija la institución de cada invitado."))
        invitados.setdefault(
            correo,
            DatosInvitado(
                nombre=_texto(invitado.nombre, 150) or correo,
                correo=correo,
                institucion=invitado.institucion,
                cargo=_texto(invitado.cargo, 150),
            ),
        )
    if con_invitados and not invitados:
        raise SolicitudError(
            _("Invite al menos a una persona: el equipo o el municipio."),
            campo="invitados",
        )
    return list(invitados.values())


def _exigir_futura(t: Transicion, inicio: datetime.datetime) -> None:
    if inicio <= t.ahora:
        raise SolicitudError(
            _(
                "Fecha y hora: el %(fecha)s ya pasó. Se programa una sesión que aún "
                "no ocurre; una que ya se realizó se registra."
            )
            % {"fecha": _fecha_de(inicio)},
            campo="fecha",
        )


def _exigir_hora_libre(
    t: Transicion, inicio: datetime.datetime, excepto: SesionProgramada | None = None
) -> None:
    """One scheduled session per case and start: a second person scheduling the
    same session at the same moment is told it exists (the database's
    ``sesion_programada_unica_por_hora`` backs this up)."""
    otra = (
        t.solicitud.sesiones_programadas.filter(
            estado=EstadoSesion.PROGRAMADA, inicio=inicio
        )
        .exclude(pk=excepto.pk if excepto else None)
        .select_related("programada_por")
        .first()
    )
    if otra is not None:
        raise SolicitudError(
            _(
                "Ya hay una sesión programada el %(fecha)s en esta solicitud "
                "(la programó %(quien)s): cámbiela o elija otra hora."
            )
            % {"fecha": _fecha_de(inicio), "quien": otra.programada_por.nombre},
            campo="fecha",
        )


def _sesion_vigente(t: Transicion, pk: int, secuencia: int) -> SesionProgramada:
    """The scheduled session ``pk`` of the locked case, as the actor saw it
    (``secuencia``): refused, saying why, if it was cancelled, held or changed
    by someone else since."""
    sesion = (
        SesionProgramada.objects.select_for_update()
        .filter(solicitud=t.solicitud, pk=pk)
        .first()
    )
    if sesion is None:
        raise SolicitudError(
            _("Esa sesión no es de la solicitud %(radicado)s.")
            % {"radicado": t.solicitud.radicado},
            campo="sesion",
        )
    datos = {
        "fecha": _fecha_de(sesion.inicio),
        "quien": (sesion.modificada_por or sesion.programada_por).nombre,
        "cuando": _fecha_de(sesion.modificada_en or sesion.programada_en),
    }
    if sesion.estado == EstadoSesion.CANCELADA:
        raise SolicitudError(
            _("La sesión del %(fecha)s ya fue cancelada por %(quien)s el %(cuando)s.")
            % datos,
            campo="sesion",
        )
    if sesion.estado == EstadoSesion.REALIZADA:
        raise SolicitudError(
            _("La sesión del %(fecha)s ya se registró como realizada.") % datos,
            campo="sesion",
        )
    if sesion.secuencia != secuencia:
        raise SolicitudError(
            _(
                "La sesión cambió mientras usted la veía: %(quien)s la reprogramó el "
                "%(cuando)s para el %(fecha)s. Revise la nueva fecha."
            )
            % datos,
            campo="sesion",
        )
    return sesion


def _convocar(t: Transicion, sesion: SesionProgramada, *, metodo: str) -> None:
    """One e-mail per invited person with the invitation as it stands now (the
    same text for all of them: one event, one UID, one SEQUENCE)."""
    ics = calendario.invitacion(sesion, metodo=metodo)
    contexto = {**calendario.contexto_de(sesion), "metodo": metodo}
    asunto = asunto_de("expedientes/correos/sesion_asunto.txt", contexto)
    for invitado in sesion.invitados.all():
        t.notificar(
            asunto=asunto,
            cuerpo=render_to_string(
                "expedientes/correos/sesion.txt", {**contexto, "invitado": invitado}
            ),
            destinatarios=[invitado.correo],
            calendario=ics,
        )


def _organizador(actor) -> tuple[str, str]:
    """The invitation's ORGANIZER: the professional who schedules it, or the
    site's own address when they have none."""
    correo = actor.email or parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
    return actor.nombre, correo


def sesion_programar(
    *,
    solicitud: Solicitud | int,
    actor,
    actividad: int,
    datos: DatosProgramacion,
) -> SesionProgramada:
    """Schedule an advisory session: its row, a history event the municipality
    sees, and an invitation (METHOD:REQUEST, SEQUENCE 0) to each invited person."""
    invitados = _validar(datos, con_invitados=True)
    with transicion(
        solicitud, actor=actor, accion="programar_sesion", actividad=actividad
    ) as t:
        _exigir_futura(t, datos.inicio)
        _exigir_hora_libre(t, datos.inicio)
        organizador_nombre, organizador_correo = _organizador(actor)
        sesion = SesionProgramada.objects.create(
            solicitud=t.solicitud,
            inicio=datos.inicio,
            fin=datos.fin,
            modalidad=datos.modalidad,
            lugar=_texto(datos.lugar, 300),
            temas=_texto(datos.temas),
            organizador_nombre=organizador_nombre[:150],
            organizador_correo=organizador_correo,
            programada_por=actor,
            programada_en=t.ahora,
        )
        InvitadoSesion.objects.bulk_create(
            InvitadoSesion(sesion=sesion, **vars(i)) for i in invitados
        )
        t.evento(
            TipoEvento.SESION_PROGRAMADA,
            texto_publico=_(
                "Sesión de asesoría programada para el %(fecha)s (%(modalidad)s)."
            )
            % {
                "fecha": _fecha_de(sesion.inicio),
                "modalidad": sesion.get_modalidad_display().lower(),
            },
            datos={"uid": str(sesion.uid), "secuencia": 0},
        )
        t.datos_log.update(uid=str(sesion.uid), secuencia=0)
        _convocar(t, sesion, metodo=calendario.REQUEST)
    return sesion


def sesion_reprogramar(
    *,
    solicitud: Solicitud | int,
    actor,
    actividad: int,
    sesion: int,
    secuencia: int,
    datos: DatosProgramacion,
    motivo: str = "",
) -> SesionProgramada:
    """A new time, place or topics for a scheduled session: the same UID, the
    SEQUENCE raised, the invitation sent again to the same people."""
    _validar(datos, con_invitados=False)
    with transicion(
        solicitud, actor=actor, accion="reprogramar_sesion", actividad=actividad
    ) as t:
        fila = _sesion_vigente(t, sesion, secuencia)
        _exigir_futura(t, datos.inicio)
        _exigir_hora_libre(t, datos.inicio, excepto=fila)
        antes = fila.inicio
        fila.inicio, fila.fin = datos.inicio, datos.fin
        fila.modalidad = datos.modalidad
        fila.lugar = _texto(datos.lugar, 300)
        fila.temas = _texto(datos.temas)
        fila.secuencia += 1
        fila.modificada_por, fila.modificada_en = actor, t.ahora
        fila.motivo_cambio = _texto(motivo)
        fila.save()
        t.evento(
            TipoEvento.SESION_REPROGRAMADA,
            texto_publico=_(
                "La sesión de asesoría del %(antes)s se reprogramó para el %(fecha)s."
            )
            % {"antes": _fecha_de(antes), "fecha": _fecha_de(fila.inicio)},
            motivo=fila.motivo_cambio,
            datos={"uid": str(fila.uid), "secuencia": fila.secuencia},
        )
        t.datos_log.update(uid=str(fila.uid), secuencia=fila.secuencia)
        _convocar(t, fila, metodo=calendario.REQUEST)
    return fila


def sesion_cancelar(
    *,
    solicitud: Solicitud | int,
    actor,
    sesion: int,
    secuencia: int,
    motivo: str,
) -> SesionProgramada:
    """Cancel a scheduled session: SEQUENCE raised, METHOD:CANCEL to everyone
    invited. Allowed wherever the case is (a case stepped back or suspended
    still has its sessions to call off), by the group of activity 5."""
    if not motivo.strip():
        raise SolicitudError(_("Escriba por qué se cancela la sesión."), campo="motivo")
    with transicion(solicitud, actor=actor, accion="cancelar_sesion") as t:
        fila = _sesion_vigente(t, sesion, secuencia)
        _cancelar(t, fila, motivo)
        t.datos_log.update(uid=str(fila.uid), secuencia=fila.secuencia)
    return fila


def _cancelar(t: Transicion, fila: SesionProgramada, motivo: str) -> None:
    """``fila`` (locked, still scheduled) cancelled: SEQUENCE raised, a public
    history event, METHOD:CANCEL to everyone invited."""
    fila.estado = EstadoSesion.CANCELADA
    fila.secuencia += 1
    fila.modificada_por, fila.modificada_en = t.actor, t.ahora
    fila.motivo_cambio = _texto(motivo)
    fila.save()
    t.evento(
        TipoEvento.SESION_CANCELADA,
        texto_publico=_("Se canceló la sesión de asesoría del %(fecha)s.")
        % {"fecha": _fecha_de(fila.inicio)},
        motivo=fila.motivo_cambio,
        datos={"uid": str(fila.uid), "secuencia": fila.secuencia},
    )
    _convocar(t, fila, metodo=calendario.CANCEL)


def cancelar_programadas(t: Transicion, motivo: str) -> list[SesionProgramada]:
    """Every session still scheduled on the locked case, cancelled in the same
    transaction as the action that closes the case (withdrawal, rejection,
    archive: ``acciones.solicitud_desistir``, ``solicitud_rechazar``,
    ``archivo.solicitud_archivar``), each invited person told once
    (METHOD:CANCEL): a closed case has no session to attend. Recorded in the
    audit entry of that action (``sesiones_canceladas``)."""
    filas = list(
        SesionProgramada.objects.select_for_update()
        .filter(solicitud=t.solicitud, estado=EstadoSesion.PROGRAMADA)
        .order_by("inicio", "pk")
    )
    for fila in filas:
        fila.solicitud = t.solicitud
        _cancelar(t, fila, motivo)
    if filas:
        t.datos_log["sesiones_canceladas"] = [str(f.uid) for f in filas]
    return filas


def exigir_sin_programadas(t: Transicion) -> None:
    """Activity 5 is completed with no session left scheduled: each one is
    recorded once held or cancelled (its invited people told)."""
    pendiente = (
        t.solicitud.sesiones_programadas.filter(estado=EstadoSesion.PROGRAMADA)
        .order_by("inicio")
        .first()
    )
    if pendiente is not None:
        raise SolicitudError(
            _(
                "La sesión programada para el %(fecha)s sigue pendiente: regístrela "
                "si ya se realizó o cancélela antes de completar la actividad."
            )
            % {"fecha": _fecha_de(pendiente.inicio)}
        )


# --- Recording a held session ------------------------------------------------------


@dataclass(frozen=True)
class DatosAsistente:
    nombre: str
    institucion: str
    cargo: str = ""


@dataclass(frozen=True)
class DatosCompromiso:
    descripcion: str
    responsable: str
    fecha_limite: datetime.date | None = None
    #: Where its reminder goes; empty: to whoever records the session.
    correo_responsable: str = ""


@dataclass(frozen=True)
class DatosSesion:
    fecha: datetime.datetime
    modalidad: str
    lugar: str
    temas: str
    asistentes: Sequence[DatosAsistente]
    compromisos: Sequence[DatosCompromiso] = ()
    desarrollo: str = ""
    proximos_pasos: str = ""
    #: The scheduled session (``SesionProgramada.pk``) this one was held from.
    programada: int | None = None


def _sesion_registro(sesion: SesionAsesoria) -> SesionRegistro:
    return SesionRegistro(
        numero=sesion.numero,
        fecha=sesion.fecha,
        modalidad=sesion.get_modalidad_display(),
        lugar=sesion.lugar,
        temas=sesion.temas,
        desarrollo=sesion.desarrollo,
        proximos_pasos=sesion.proximos_pasos,
        asistentes=tuple(
            Asistente(a.nombre, a.get_institucion_display(), a.cargo)
            for a in sesion.asistentes.all()
        ),
        compromisos=tuple(
            CompromisoSesion(c.descripcion, c.responsable, c.fecha_limite)
            for c in sesion.compromisos.all()
        ),
    )


def _programada_para_registrar(t: Transicion, pk: int) -> SesionProgramada:
    """The schedule a held session is recorded from: still scheduled (not
    cancelled, not recorded already) and its time come."""
    programada = (
        SesionProgramada.objects.select_for_update()
        .filter(solicitud=t.solicitud, pk=pk)
        .first()
    )
    if programada is None or programada.estado != EstadoSesion.PROGRAMADA:
        raise SolicitudError(
            _(
                "Esa sesión programada ya no está pendiente (se canceló o ya se "
                "registró): recargue la página."
            ),
            campo="fecha",
        )
    if programada.inicio > t.ahora:
        raise SolicitudError(
            _(
                "La sesión programada para el %(fecha)s aún no ha llegado: se "
                "registra cuando se haya realizado."
            )
            % {"fecha": _fecha_de(programada.inicio)},
            campo="fecha",
        )
    return programada


def sesion_registrar(
    *, solicitud: Solicitud | int, actor, actividad: int, sesion: DatosSesion
) -> SesionAsesoria:
    """Activity 5: one advisory session held, with its attendance list and
    minutes; from its schedule (``sesion.programada``) when it had one."""
    asistentes = [a for a in sesion.asistentes if a.nombre.strip()]
    if not asistentes:
        raise SolicitudError(_("Registre al menos un asistente de la sesión."))
    if sesion.modalidad not in Modalidad.values:
        raise SolicitudError(_("Elija la modalidad de la sesión."))
    if any(a.institucion not in Institucion.values for a in asistentes):
        raise SolicitudError(_("Elija la institución de cada asistente."))
    for c in sesion.compromisos:
        if c.correo_responsable:
            try:
                validate_email(c.correo_responsable)
            except ValidationError:
                raise SolicitudError(
                    _("«%(correo)s», responsable de «%(c)s», no es un correo válido.")
                    % {"correo": c.correo_responsable, "c": c.descripcion}
                ) from None
    with transicion(
        solicitud, actor=actor, accion="registrar_sesion", actividad=actividad
    ) as t:
        programada = (
            _programada_para_registrar(t, sesion.programada)
            if sesion.programada
            else None
        )
        _exigir_ocurrida(
            t, sesion.fecha, que=_("Fecha y hora de la sesión"), campo="fecha"
        )
        # Numbered by their date: a session earlier than one already recorded
        # would need the numbers (printed on issued records) of the later ones.
        posterior = (
            t.solicitud.sesiones.filter(fecha__gt=sesion.fecha)
            .order_by("-numero")
            .first()
        )
        if posterior is not None:
            raise SolicitudError(
                _(
                    "Fecha y hora de la sesión: la sesión No. %(n)s, del %(fecha)s, "
                    "ya está registrada y es posterior. Las sesiones se numeran por "
                    "su fecha y sus actas ya se expidieron: registre cada sesión en "
                    "el orden en que se realizaron."
                )
                % {"n": posterior.numero, "fecha": _fecha_de(posterior.fecha)},
                campo="fecha",
            )
        numero = (
            t.solicitud.sesiones.aggregate(ultimo=Max("numero"))["ultimo"] or 0
        ) + 1
        fila = SesionAsesoria.objects.create(
            solicitud=t.solicitud,
            numero=numero,
            fecha=sesion.fecha,
            modalidad=sesion.modalidad,
            lugar=_texto(sesion.lugar, 300),
            temas=_texto(sesion.temas),
            desarrollo=_texto(sesion.desarrollo),
            proximos_pasos=_texto(sesion.proximos_pasos),
            registrada_por=actor,
            registrada_en=t.ahora,
            programada=programada,
        )
        if programada is not None:
            programada.estado = EstadoSesion.REALIZADA
            programada.save(update_fields=["estado"])
            t.datos_log["uid"] = str(programada.uid)
        AsistenteSesion.objects.bulk_create(
            AsistenteSesion(
                sesion=fila,
                nombre=_texto(a.nombre, 150),
                institucion=a.institucion,
                cargo=_texto(a.cargo, 150),
            )
            for a in asistentes
        )
        Compromiso.objects.bulk_create(
            Compromiso(
                sesion=fila,
                descripcion=_texto(c.descripcion, 500),
                responsable=_texto(c.responsable, 150),
                correo_responsable=(c.correo_responsable or "").strip().lower(),
                fecha_limite=c.fecha_limite,
            )
            for c in sesion.compromisos
            if c.descripcion.strip()
        )
        evento = t.evento(
            TipoEvento.SESION,
            texto_publico=_("Sesión de asesoría No. %(n)s del %(fecha)s.")
            % {
                "n": numero,
                "fecha": timezone.localdate(sesion.fecha).strftime("%d/%m/%Y"),
            },
            datos={"sesion": numero},
        )
        registro = _sesion_registro(fila)
        asistencia = t.emitir(
            TipoDocumento.REGISTRO_ASISTENCIA,
            RegistroAsistencia(
                comun=t.comun(
                    TipoDocumento.REGISTRO_ASISTENCIA, "REGISTRO DE ASISTENCIA"
                ),
                sesion=registro,
            ),
            para_municipio=True,
            evento=evento,
            sesion=fila,
        )
        acta = t.emitir(
            TipoDocumento.ACTA_REUNION,
            ActaReunion(
                comun=t.comun(TipoDocumento.ACTA_REUNION, "ACTA DE REUNIÓN"),
                asunto=t.solicitud.asunto,
                sesion=registro,
            ),
            para_municipio=True,
            evento=evento,
            sesion=fila,
        )
        t.datos_log["sesion"] = numero
        aviso_al_municipio(t, evento, adjuntos=[asistencia, acta])
    return fila
