"""Completing the activities of a case, one function per kind of activity.

The kind of each activity (``TipoActividad``, frozen in the case's version) selects
its form in the admin and its function here: registro (2), alcance (3), equipo
(4), asesoría (5, with its sessions) and a generic step for activities a later
version may add. Each one stands on ``base.transicion``: only the group of the
activity may complete it, only while the case is in it, and it leaves its record.
Activity 5's sessions (scheduled, recorded) and their commitments are in
``sesiones.py``.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import asdict, dataclass

from django.core.files.uploadedfile import UploadedFile
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from procedimientos.constants import TipoActividad

from ..codigos import formatear_registro, siguiente_numero
from ..constants import (
    ComponentePlan,
    Institucion,
    Modalidad,
    TipoDocumento,
    TipoEvento,
    TipoPlan,
    TipoRevision,
)
from ..models import (
    Contador,
    Documento,
    EventoSolicitud,
    Solicitud,
)
from ..notificaciones import asunto_de, aviso_al_grupo, aviso_al_municipio
from ..permisos import grupo_de, pertenece
from ..registros import (
    ActaCompromiso,
    FilaPlanilla,
    Integrante,
    OficioRespuesta,
    PlanillaAsesorias,
    RegistroInterno,
    Solicitante,
)
from ..selectors import actividad_por_tipo, ultimo_evento
from .base import SolicitudError, Transicion, transicion
from .sesiones import _exigir_ocurrida, exigir_sin_programadas


def _exigir_tipo(t: Transicion, tipo: str) -> None:
    if t.actividad.tipo != tipo:
        raise SolicitudError(
            _(
                "La actividad %(n)s («%(nombre)s») no es de tipo «%(tipo)s»: use su "
                "propio formulario."
            )
            % {
                "n": t.actividad.numero,
                "nombre": t.actividad.nombre,
                "tipo": TipoActividad(tipo).label,
            }
        )


def _avanzar(
    t: Transicion, *, texto_publico: str, datos: dict, motivo: str = ""
) -> EventoSolicitud:
    """Record the completion of the current activity and move to the next one."""
    siguiente = t.siguiente()
    evento = t.evento(
        TipoEvento.COMPLETADA,
        texto_publico=texto_publico,
        datos=datos,
        motivo=motivo,
        hacia=siguiente,
    )
    if siguiente is not None:
        t.pasar_a(siguiente)
    return evento


def _solicitante(solicitud: Solicitud) -> Solicitante:
    return Solicitante(
        nombre=solicitud.nombre_solicitante,
        cargo=solicitud.cargo_solicitante,
        correo=solicitud.correo_solicitante,
        telefono=solicitud.telefono_solicitante,
    )


def _texto(valor: str, largo: int = 10_000) -> str:
    return (valor or "").strip()[:largo]


# --- 2. Recepcionar la solicitud y registro interno -----------------------------------


def actividad_registrar(
    *,
    solicitud: Solicitud | int,
    actor,
    actividad: int,
    observaciones: str = "",
    dirigida_a=None,
) -> Solicitud:
    """Activity 2: the internal registry number (its own gapless series), who the
    request is routed to and the internal registry record."""
    with transicion(
        solicitud, actor=actor, accion="completar", actividad=actividad
    ) as t:
        _exigir_tipo(t, TipoActividad.REGISTRO)
        caso = t.solicitud
        if not caso.numero_registro:  # done again after a step back: same number
            anio = t.hoy.year
            caso.numero_registro = formatear_registro(
                anio, siguiente_numero(Contador.Serie.REGISTRO, anio)
            )
        documentos = [
            f"{d.get_tipo_display()}: {d.nombre_original}"
            for d in caso.documentos.filter(datos__isnull=True).order_by("pk")
        ]
        evento = _avanzar(
            t,
            texto_publico=_("Solicitud recibida en el despacho y registrada."),
            motivo=_texto(observaciones),
            datos={
                "numero_registro": caso.numero_registro,
                "dirigida_a": dirigida_a.nombre if dirigida_a else "",
            },
        )
        registro = RegistroInterno(
            comun=t.comun(TipoDocumento.REGISTRO_INTERNO, "REGISTRO INTERNO"),
            numero_registro=caso.numero_registro,
            radicada_en=caso.radicada_en,
            canal=caso.get_canal_display(),
            asunto=caso.asunto,
            tipo_solicitud=caso.get_tipo_solicitud_display(),
            solicitante=_solicitante(caso),
            dirigida_a=dirigida_a.nombre if dirigida_a else "",
            observaciones=_texto(observaciones),
            documentos=tuple(documentos),
        )
        t.emitir(
            TipoDocumento.REGISTRO_INTERNO,
            registro,
            para_municipio=False,
            evento=evento,
        )
        if dirigida_a is not None and pertenece(dirigida_a, grupo_de(t.actividad)):
            caso.asignada_a = dirigida_a
        t.datos_log["numero_registro"] = caso.numero_registro
        aviso_al_municipio(t, evento)
        aviso_al_grupo(t)
    return t.solicitud


# --- 3. Definir el alcance ------------------------------------------------------------


@dataclass(frozen=True)
class DatosAlcance:
    tipo_revision: str
    componentes: Sequence[str]
    modalidad: str
    duracion_estimada: str
    observaciones: str = ""


def _oficio(t: Transicion, **campos) -> OficioRespuesta:
    caso = t.solicitud
    return OficioRespuesta(
        comun=t.comun(
            TipoDocumento.OFICIO_RESPUESTA, "OFICIO DE RESPUESTA AL SOLICITANTE"
        ),
        numero_registro=caso.numero_registro,
        radicada_en=caso.radicada_en,
        asunto=caso.asunto,
        destinatario=_solicitante(caso),
        firmante=t.actor.nombre,
        cargo_firmante=getattr(t.actor, "cargo", "") or "",
        **campos,
    )


def actividad_definir_alcance(
    *,
    solicitud: Solicitud | int,
    actor,
    actividad: int,
    alcance: DatosAlcance,
) -> Solicitud:
    """Activity 3: the scope of the advice and the reply letter that answers the
    petition (Ley 1755 de 2015, art. 14), e-mailed to the municipality."""
    if alcance.tipo_revision not in TipoRevision.values:
        raise SolicitudError(_("Elija el tipo de revisión."))
    if not alcance.componentes or set(alcance.componentes) - set(ComponentePlan.values):
        raise SolicitudError(_("Elija al menos un componente del plan."))
    if alcance.modalidad not in Modalidad.values:
        raise SolicitudError(_("Elija la modalidad de la asesoría."))
    with transicion(
        solicitud, actor=actor, accion="completar", actividad=actividad
    ) as t:
        _exigir_tipo(t, TipoActividad.ALCANCE)
        oficio = _oficio(
            t,
            aceptada=True,
            tipo_revision=str(TipoRevision(alcance.tipo_revision).label),
            componentes=tuple(
                str(ComponentePlan(c).label) for c in alcance.componentes
            ),
            modalidad=str(Modalidad(alcance.modalidad).label),
            duracion_estimada=_texto(alcance.duracion_estimada, 200),
            observaciones=_texto(alcance.observaciones),
            motivo_rechazo="",
            fundamentos="",
        )
        evento = _avanzar(
            t,
            texto_publico=_(
                "Alcance de la asesoría definido: %(tipo)s, modalidad %(modalidad)s. "
                "Se expidió el oficio de respuesta."
            )
            % {
                "tipo": oficio.tipo_revision.lower(),
                "modalidad": oficio.modalidad.lower(),
            },
            datos={**asdict(alcance), "componentes": list(alcance.componentes)},
        )
        documento = t.emitir(
            TipoDocumento.OFICIO_RESPUESTA, oficio, para_municipio=True, evento=evento
        )
        if t.solicitud.respondida_en is None:
            t.solicitud.respondida_en = t.ahora
        aviso_al_municipio(t, evento, adjuntos=[documento])
        aviso_al_grupo(t)
    return t.solicitud


def oficio_firmado_adjuntar(
    *, solicitud: Solicitud | int, actor, archivo: UploadedFile
) -> Documento:
    """The scan of the reply letter signed on paper, attached once it exists (any
    time before the case is archived), by the group that defines the scope. The
    issued letter is already signed digitally (``tasks.generar_documento``): this
    is for a letter that was also signed by hand, as a paper one must be."""

    with transicion(solicitud, actor=actor, accion="adjuntar_firmado") as t:
        # The scan signs the letter in force now; once another replaces that
        # one, the scan stays with the letter it signed (the event says which).
        oficio = (
            t.solicitud.documentos.filter(
                tipo=TipoDocumento.OFICIO_RESPUESTA, reemplazado_por__isnull=True
            )
            .order_by("-creado_en", "-pk")
            .first()
        )
        evento = t.evento(
            TipoEvento.DOCUMENTO,
            texto_publico=_(
                "Se añadió el oficio de respuesta firmado (registro %(codigo)s)."
            )
            % {"codigo": oficio.codigo_verificacion},
            datos={"firma_de": oficio.codigo_verificacion},
        )
        documento = t.adjuntar(
            TipoDocumento.OFICIO_RESPUESTA_FIRMADO,
            archivo,
            para_municipio=True,
            evento=evento,
        )
        aviso_al_municipio(t, evento, adjuntos=[documento])
    return documento


# --- 4. Organizar los equipos de trabajo interinstitucional ---------------------------


@dataclass(frozen=True)
class DatosIntegrante:
    nombre: str
    institucion: str
    rol: str
    correo: str = ""
    coordina: bool = False


def actividad_conformar_equipo(
    *,
    solicitud: Solicitud | int,
    actor,
    actividad: int,
    integrantes: Sequence[DatosIntegrante],
    objeto: str,
    compromisos: str,
) -> Solicitud:
    """Activity 4: the inter-institutional team and its *acta de compromiso*."""
    integrantes = [i for i in integrantes if i.nombre.strip()]
    if not integrantes:
        raise SolicitudError(_("El equipo necesita al menos un integrante."))
    if sum(1 for i in integrantes if i.coordina) != 1:
        raise SolicitudError(_("Indique una sola persona que coordina el equipo."))
    if any(i.institucion not in Institucion.values for i in integrantes):
        raise SolicitudError(_("Elija la institución de cada integrante."))
    with transicion(
        solicitud, actor=actor, accion="completar", actividad=actividad
    ) as t:
        _exigir_tipo(t, TipoActividad.EQUIPO)
        alcance = _ultimo_alcance(t.solicitud)
        evento = _avanzar(
            t,
            texto_publico=ngettext(
                "Equipo de trabajo interinstitucional conformado (%(n)s integrante); "
                "se expidió el acta de compromiso.",
                "Equipo de trabajo interinstitucional conformado (%(n)s integrantes); "
                "se expidió el acta de compromiso.",
                len(integrantes),
            )
            % {"n": len(integrantes)},
            # The e-mails are internal: here and on the case page only.
            datos={"integrantes": [asdict(i) for i in integrantes]},
        )
        acta = ActaCompromiso(
            comun=t.comun(
                TipoDocumento.ACTA_COMPROMISO, "CONVENIO O ACTA DE COMPROMISO"
            ),
            asunto=t.solicitud.asunto,
            tipo_revision=alcance.get("tipo_revision_texto", ""),
            modalidad=alcance.get("modalidad_texto", ""),
            integrantes=tuple(
                Integrante(
                    nombre=_texto(i.nombre, 150),
                    institucion=str(Institucion(i.institucion).label),
                    rol=_texto(i.rol, 150),
                    coordina=i.coordina,
                )
                for i in integrantes
            ),
            objeto=_texto(objeto),
            compromisos=_texto(compromisos),
        )
        documento = t.emitir(
            TipoDocumento.ACTA_COMPROMISO, acta, para_municipio=True, evento=evento
        )
        aviso_al_municipio(t, evento, adjuntos=[documento])
        contexto = {"solicitud": t.solicitud}
        t.notificar(
            asunto=asunto_de("expedientes/correos/equipo_asunto.txt", contexto),
            cuerpo=render_to_string("expedientes/correos/equipo.txt", contexto),
            destinatarios=[i.correo for i in integrantes if i.correo],
            adjuntos=[documento],
        )
        aviso_al_grupo(t)
    return t.solicitud


def _ultimo_alcance(solicitud: Solicitud) -> dict:
    """The scope as last defined (activity 3 may be done again after a step back)."""
    actividad = actividad_por_tipo(solicitud, TipoActividad.ALCANCE)
    evento = (
        ultimo_evento(solicitud, TipoEvento.COMPLETADA, actividad.numero)
        if actividad
        else None
    )
    if evento is None:
        return {}
    datos = dict(evento.datos)
    if datos.get("tipo_revision") in TipoRevision.values:
        datos["tipo_revision_texto"] = str(TipoRevision(datos["tipo_revision"]).label)
    if datos.get("modalidad") in Modalidad.values:
        datos["modalidad_texto"] = str(Modalidad(datos["modalidad"]).label)
    return datos


# --- 5. Brindar el apoyo (its sessions: sesiones.py) ---------------------------------


@dataclass(frozen=True)
class DatosResultado:
    """The procedure's output: the municipal Acuerdo adopting the plan, or why
    there is none yet."""

    acuerdo_numero: str = ""
    acuerdo_fecha: datetime.date | None = None
    #: The kind of plan the Acuerdo adopts (POT, PBOT, EOT); the municipality's
    #: current one if not given.
    acuerdo_tipo_plan: str = ""
    acuerdo_pdf: UploadedFile | None = None
    sin_acuerdo_motivo: str = ""


def actividad_brindar_apoyo_completar(
    *,
    solicitud: Solicitud | int,
    actor,
    actividad: int,
    resultado: DatosResultado,
) -> Solicitud:
    """Activity 5 done: at least one session, the outcome recorded, the *planilla
    de asesorías* issued; the case goes to the archive group."""
    con_acuerdo = bool(resultado.acuerdo_numero.strip())
    if con_acuerdo and (resultado.acuerdo_fecha is None or not resultado.acuerdo_pdf):
        raise SolicitudError(
            _("Del Acuerdo municipal registre el número, la fecha y el PDF.")
        )
    if not con_acuerdo and not resultado.sin_acuerdo_motivo.strip():
        raise SolicitudError(
            _(
                "Registre el Acuerdo municipal que adopta el plan o por qué aún no "
                "lo hay."
            )
        )
    with transicion(
        solicitud, actor=actor, accion="completar", actividad=actividad
    ) as t:
        _exigir_tipo(t, TipoActividad.ASESORIA)
        exigir_sin_programadas(t)
        if con_acuerdo:
            _exigir_ocurrida(
                t,
                resultado.acuerdo_fecha,
                que=_("Fecha del Acuerdo"),
                campo="acuerdo_fecha",
            )
        sesiones = list(
            t.solicitud.sesiones.select_related("registrada_por")
            .prefetch_related("asistentes", "compromisos")
            .order_by("fecha", "numero")
        )
        if not sesiones:
            raise SolicitudError(
                _("Registre al menos una sesión de asesoría antes de completar.")
            )
        if con_acuerdo:
            texto = _(
                "Asesoría terminada: el municipio adoptó el plan por el %(a)s."
            ) % {
                "a": _("Acuerdo %(n)s del %(f)s")
                % {
                    "n": _texto(resultado.acuerdo_numero, 50),
                    "f": resultado.acuerdo_fecha.strftime("%d/%m/%Y"),
                }
            }
        else:
            texto = _("Asesoría terminada; el plan aún no ha sido adoptado.")
        evento = _avanzar(
            t,
            texto_publico=texto,
            datos={
                "acuerdo_numero": _texto(resultado.acuerdo_numero, 50),
                "acuerdo_fecha": resultado.acuerdo_fecha.isoformat()
                if resultado.acuerdo_fecha
                else None,
                "acuerdo_tipo_plan": resultado.acuerdo_tipo_plan
                if resultado.acuerdo_tipo_plan in TipoPlan.values
                else "",
                "sin_acuerdo_motivo": _texto(resultado.sin_acuerdo_motivo),
                "sesiones": len(sesiones),
            },
        )
        if con_acuerdo:
            t.adjuntar(
                TipoDocumento.ACUERDO_MUNICIPAL,
                resultado.acuerdo_pdf,
                para_municipio=True,
                evento=evento,
            )
        planilla = PlanillaAsesorias(
            comun=t.comun(
                TipoDocumento.PLANILLA_ASESORIAS,
                "PLANILLA DE ASESORÍAS Y ATENCIÓN TÉCNICA",
            ),
            asunto=t.solicitud.asunto,
            filas=tuple(
                FilaPlanilla(
                    numero=s.numero,
                    fecha=s.fecha,
                    modalidad=s.get_modalidad_display(),
                    temas=s.temas,
                    asistentes=len(s.asistentes.all()),
                    compromisos=len(s.compromisos.all()),
                    profesional=s.registrada_por.nombre,
                )
                for s in sesiones
            ),
            resultado=texto
            if con_acuerdo
            else f"{texto} {_texto(resultado.sin_acuerdo_motivo)}",
        )
        t.emitir(
            TipoDocumento.PLANILLA_ASESORIAS,
            planilla,
            para_municipio=False,
            evento=evento,
        )
        aviso_al_municipio(t, evento)
        aviso_al_grupo(t)
    return t.solicitud


# --- any other activity a later version adds ------------------------------------------


def actividad_completar(
    *, solicitud: Solicitud | int, actor, actividad: int, observaciones: str = ""
) -> Solicitud:
    """A generic step (``TipoActividad.GENERICA``): done, with observations."""
    with transicion(
        solicitud, actor=actor, accion="completar", actividad=actividad
    ) as t:
        _exigir_tipo(t, TipoActividad.GENERICA)
        nombre = t.actividad.nombre
        evento = _avanzar(
            t,
            texto_publico=_("Actividad completada: %(nombre)s.") % {"nombre": nombre},
            motivo=_texto(observaciones),
            datos={},
        )
        aviso_al_municipio(t, evento)
        aviso_al_grupo(t)
    return t.solicitud
