"""Actions on an open activity other than completing it: step back, suspend and
resume, extend the term, reassign, withdraw (desistimiento), reject, and the
municipality's upload of the documents a suspension asked for.

Who may do each, in which state and activity, is its row of ``reglas.REGLAS``
(withdrawing also by the municipality itself, from its portal page); each stands on
``base.transicion``, which reads that row.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from procedimientos.constants import TipoActividad

from ..constants import MAX_ANEXOS as MAXIMO_ANEXOS
from ..constants import EstadoSolicitud, MotivoRechazo, TipoDocumento, TipoEvento
from ..models import Solicitud
from ..notificaciones import asunto_de, aviso_al_grupo, aviso_al_municipio
from ..permisos import grupo_de, pertenece
from ..plazos import dias_habiles_entre, mover
from ..selectors import actividad_de, actividades_de
from ..subidas import validar_pdfs
from .base import SolicitudError, Transicion, transicion
from .sesiones import cancelar_programadas

#: Longest reason kept (a reason is a paragraph, not a document).
LARGO_MOTIVO = 2000


def _motivo(motivo: str, falta: str = "") -> str:
    motivo = (motivo or "").strip()
    if not motivo:
        raise SolicitudError(falta or _("Escriba el motivo."))
    return motivo[:LARGO_MOTIVO]


def solicitud_devolver(
    *, solicitud: Solicitud | int, actor, actividad: int, hacia: int, motivo: str
) -> Solicitud:
    """Step back to an earlier activity (not to the filing), which is done again."""
    motivo = _motivo(motivo)
    with transicion(
        solicitud, actor=actor, accion="devolver", actividad=actividad
    ) as t:
        destino = actividad_de(t.solicitud, hacia)
        if (
            destino is None
            or hacia >= t.solicitud.actividad_actual
            or destino.tipo == TipoActividad.RADICACION
        ):
            raise SolicitudError(
                _("Solo se puede devolver a una actividad anterior a la actual.")
            )
        evento = t.evento(
            TipoEvento.DEVUELTA,
            motivo=motivo,
            hacia=hacia,
            texto_publico=_("La solicitud volvió a la actividad %(n)s: %(nombre)s.")
            % {"n": hacia, "nombre": destino.nombre},
        )
        t.pasar_a(hacia)
        t.datos_log["hacia"] = hacia
        aviso_al_municipio(t, evento)
        aviso_al_grupo(t)
    return t.solicitud


def solicitud_suspender(
    *, solicitud: Solicitud | int, actor, actividad: int, motivo: str
) -> Solicitud:
    """Suspend the terms while waiting for the municipality (Ley 1755, art. 17).

    The reason is what the municipality must send: it is told so by e-mail and on
    its request page, where it can upload the documents (which resumes the case).
    """
    motivo = _motivo(motivo)
    with transicion(
        solicitud, actor=actor, accion="suspender", actividad=actividad
    ) as t:
        t.solicitud.estado = EstadoSolicitud.SUSPENDIDA
        t.solicitud.suspendida_desde = t.hoy
        evento = t.evento(
            TipoEvento.SUSPENDIDA,
            motivo=motivo,
            texto_publico=_("Suspendida a la espera del municipio: %(motivo)s")
            % {"motivo": motivo[:240]},
        )
        # The e-mail (correos/paso.txt) says what a suspension means for them.
        aviso_al_municipio(t, evento)
    return t.solicitud


def _reanudar(t: Transicion, *, motivo: str = "") -> None:
    """Resume a suspended case: every running deadline moves by the business
    days it was suspended."""
    caso = t.solicitud
    dias = max(0, dias_habiles_entre(caso.suspendida_desde or t.hoy, t.hoy))
    if caso.respondida_en is None:
        caso.fecha_limite = mover(caso.fecha_limite, dias)
    caso.fecha_limite_actividad = mover(caso.fecha_limite_actividad, dias)
    caso.estado = EstadoSolicitud.EN_TRAMITE
    caso.suspendida_desde = None
    evento = t.evento(
        TipoEvento.REANUDADA,
        motivo=motivo,
        datos={"dias_suspendidos": dias},
        texto_publico=(
            ngettext(
                "Trámite reanudado; los plazos se corrieron %(dias)s día hábil.",
                "Trámite reanudado; los plazos se corrieron %(dias)s días hábiles.",
                dias,
            )
            if dias
            else _("Trámite reanudado el mismo día hábil: los plazos no cambian.")
        )
        % {"dias": dias},
    )
    t.datos_log["dias_suspendidos"] = dias
    aviso_al_municipio(t, evento)
    aviso_al_grupo(t)


def solicitud_reanudar(
    *, solicitud: Solicitud | int, actor, motivo: str = ""
) -> Solicitud:
    with transicion(solicitud, actor=actor, accion="reanudar") as t:
        _reanudar(t, motivo=(motivo or "").strip()[:LARGO_MOTIVO])
    return t.solicitud


def documentos_aportar(
    *,
    solicitud: Solicitud | int,
    actor,
    archivos: Sequence[UploadedFile],
    mensaje: str = "",
) -> Solicitud:
    """The municipality sends what a suspension asked for; the case resumes."""
    if not archivos:
        raise SolicitudError(_("Adjunte al menos un documento en PDF."))
    if len(archivos) > MAXIMO_ANEXOS:
        raise SolicitudError(
            _("Puede adjuntar a lo sumo %(n)s documentos a la vez.")
            % {"n": MAXIMO_ANEXOS}
        )
    try:  # all together, in one child process, before the case is locked
        validar_pdfs(archivos)
    except ValidationError as error:
        raise SolicitudError(" ".join(error.messages)) from error
    with transicion(solicitud, actor=actor, accion="aportar") as t:
        evento = t.evento(
            TipoEvento.DOCUMENTO,
            motivo=(mensaje or "").strip()[:LARGO_MOTIVO],
            texto_publico=ngettext(
                "El municipio aportó un documento.",
                "El municipio aportó %(n)s documentos.",
                len(archivos),
            )
            % {"n": len(archivos)},
        )
        for archivo in archivos:
            t.adjuntar(
                TipoDocumento.DOCUMENTO_APORTADO,
                archivo,
                para_municipio=True,
                evento=evento,
            )
        _reanudar(t, motivo=_("Documentos aportados por el municipio."))
    return t.solicitud


def dias_por_prorrogar(caso: Solicitud, actividad=None) -> int:
    """The business days the running term may still be extended by: as many as
    its original length, less what was extended already. Unanswered, the legal
    term of the answer (Ley 1755 de 2015, art. 14, parágrafo); answered, the
    current activity's internal term. The service and the form's limits
    (``views.ProrrogarView``) read this one rule."""
    if caso.respondida_en is None:
        return max(0, settings.EXPEDIENTES_DIAS_RESPUESTA - caso.dias_prorrogados)
    if actividad is None:
        actividad = actividad_de(caso, caso.actividad_actual)
    prorrogados = sum(
        e.datos.get("dias", 0)
        for e in caso.eventos.filter(
            tipo=TipoEvento.PRORROGADA,
            actividad=caso.actividad_actual,
            fecha__gte=caso.actividad_desde,
        )
    )
    plazo = (actividad.plazo_dias or 0) if actividad is not None else 0
    return max(0, plazo - prorrogados)


def solicitud_prorrogar(
    *, solicitud: Solicitud | int, actor, actividad: int, dias: int, motivo: str
) -> Solicitud:
    """Extend the running term, with a reason, before it expires.

    Unanswered, the legal term of the answer (Ley 1755, art. 14, parágrafo: at most
    as long again as the original); answered, the activity's internal term (at most
    as long again as its own). The municipality is told at once.
    """
    motivo = _motivo(motivo)
    if dias < 1:
        raise SolicitudError(_("La prórroga es de al menos un día hábil."))
    with transicion(
        solicitud, actor=actor, accion="prorrogar", actividad=actividad
    ) as t:
        caso = t.solicitud
        legal = caso.respondida_en is None
        limite = caso.fecha_limite if legal else caso.fecha_limite_actividad
        if limite is None:
            raise SolicitudError(_("Esta actividad no tiene un plazo que prorrogar."))
        if limite < t.hoy:
            raise SolicitudError(
                _("El plazo venció el %(fecha)s: ya no se puede prorrogar.")
                % {"fecha": limite.strftime("%d/%m/%Y")}
            )
        disponibles = dias_por_prorrogar(caso, t.actividad)
        if dias > disponibles:
            raise SolicitudError(
                ngettext(
                    "La prórroga no puede superar el término original: queda "
                    "%(n)s día hábil por prorrogar.",
                    "La prórroga no puede superar el término original: quedan "
                    "%(n)s días hábiles por prorrogar.",
                    disponibles,
                )
                % {"n": disponibles}
                if disponibles > 0
                else _(
                    "La prórroga no puede superar el término original, y este ya "
                    "se prorrogó por completo."
                ),
                campo="dias",
            )
        nuevo = mover(limite, dias)
        if legal:
            caso.fecha_limite = nuevo
            caso.dias_prorrogados += dias
        else:
            caso.fecha_limite_actividad = nuevo
        evento = t.evento(
            TipoEvento.PRORROGADA,
            motivo=motivo,
            datos={"dias": dias, "legal": legal, "hasta": nuevo.isoformat()},
            texto_publico=ngettext(
                "Término prorrogado %(dias)s día hábil, hasta el %(fecha)s: %(motivo)s",
                "Término prorrogado %(dias)s días hábiles, hasta el %(fecha)s: "
                "%(motivo)s",
                dias,
            )
            % {
                "dias": dias,
                "fecha": nuevo.strftime("%d/%m/%Y"),
                "motivo": motivo[:150],
            },
        )
        t.datos_log["dias"] = dias
        aviso_al_municipio(t, evento)
    return t.solicitud


def solicitud_reasignar(
    *, solicitud: Solicitud | int, actor, actividad: int, a, motivo: str = ""
) -> Solicitud:
    """Give the current activity to one person of its group."""
    with transicion(
        solicitud, actor=actor, accion="reasignar", actividad=actividad
    ) as t:
        grupo = grupo_de(t.actividad)
        if a is None or a.is_superuser is False and not pertenece(a, grupo):
            raise SolicitudError(
                _("Solo se puede asignar a una persona del grupo «%(grupo)s».")
                % {"grupo": grupo}
            )
        t.solicitud.asignada_a = a
        t.evento(
            TipoEvento.REASIGNADA,
            motivo=(motivo or "").strip()[:LARGO_MOTIVO],
            datos={"a": a.nombre, "a_id": a.pk},
        )
        t.datos_log["a"] = a.nombre
        if a.email:
            contexto = {
                "solicitud": t.solicitud,
                "quien": actor.nombre,
                "n": t.solicitud.actividad_actual,
                "actividad": t.actividad,
                "motivo": motivo,
            }
            t.notificar(
                asunto=asunto_de("expedientes/correos/asignada_asunto.txt", contexto),
                cuerpo=render_to_string("expedientes/correos/asignada.txt", contexto),
                destinatarios=[a.email],
            )
    return t.solicitud


def solicitud_desistir(*, solicitud: Solicitud | int, actor, motivo: str) -> Solicitud:
    """Withdrawal (desistimiento, Ley 1755 art. 18): asked by the municipality from
    its portal page or recorded by the group of the current activity. The case
    then waits only for its archive; its sessions still scheduled are cancelled
    and their invited people told."""
    motivo = _motivo(motivo)
    with transicion(solicitud, actor=actor, accion="desistir") as t:
        t.solicitud.estado = EstadoSolicitud.DESISTIDA
        t.solicitud.suspendida_desde = None
        evento = t.evento(
            TipoEvento.DESISTIDA,
            motivo=motivo,
            texto_publico=_("El municipio desistió de la solicitud."),
        )
        cancelar_programadas(
            t,
            _("La solicitud %(radicado)s terminó por desistimiento.")
            % {"radicado": t.solicitud.radicado},
        )
        aviso_al_municipio(t, evento)
        _avisar_archivo(t)
    return t.solicitud


def solicitud_rechazar(
    *,
    solicitud: Solicitud | int,
    actor,
    actividad: int,
    motivo: str,
    fundamentos: str,
) -> Solicitud:
    """Reject the request (out of scope, incomplete…): also an answer, a reasoned
    reply letter, issued in the activity that defines the scope. Sessions still
    scheduled (the case stepped back from activity 5) are cancelled."""
    from .actividades import _oficio

    fundamentos = _motivo(fundamentos, _("Escriba los fundamentos del rechazo."))
    if motivo not in MotivoRechazo.values:
        raise SolicitudError(_("Elija el motivo del rechazo."))
    with transicion(
        solicitud, actor=actor, accion="rechazar", actividad=actividad
    ) as t:
        oficio = _oficio(
            t,
            aceptada=False,
            tipo_revision="",
            componentes=(),
            modalidad="",
            duracion_estimada="",
            observaciones="",
            motivo_rechazo=str(MotivoRechazo(motivo).label),
            fundamentos=fundamentos,
        )
        t.solicitud.estado = EstadoSolicitud.RECHAZADA
        if t.solicitud.respondida_en is None:
            t.solicitud.respondida_en = t.ahora
        evento = t.evento(
            TipoEvento.RECHAZADA,
            motivo=fundamentos,
            datos={"motivo": motivo},
            texto_publico=_(
                "Solicitud rechazada: %(motivo)s. Se expidió el oficio de "
                "respuesta con sus fundamentos."
            )
            % {"motivo": str(MotivoRechazo(motivo).label).lower()},
        )
        documento = t.emitir(
            TipoDocumento.OFICIO_RESPUESTA, oficio, para_municipio=True, evento=evento
        )
        cancelar_programadas(
            t,
            _("La solicitud %(radicado)s fue rechazada.")
            % {"radicado": t.solicitud.radicado},
        )
        aviso_al_municipio(t, evento, adjuntos=[documento])
        _avisar_archivo(t)
    return t.solicitud


def _avisar_archivo(t: Transicion) -> None:
    """A closed case still goes to the archive group's inbox (activity 6)."""
    for actividad in actividades_de(t.solicitud):
        if actividad.tipo == TipoActividad.ARCHIVO:
            t.solicitud.grupo_actual = grupo_de(actividad)
            t.solicitud.asignada_a = None
            aviso_al_grupo(t, actividad.numero)
            return
