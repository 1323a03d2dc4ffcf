"""Which action is allowed on a case, in which state and activity, and to whom:
one row per action (DESIGN.md, decision 11), with the norm or the clause of the
procedure it comes from.

Three readers, no other copy of the rules:

- ``services.base.transicion`` asks ``permitida`` before every change, under the
  case's lock, and refuses with the row's own message;
- ``permisos.acciones_permitidas`` (the admin's buttons on the case page) and
  ``permisos.puede_corregir`` (a record's correction) ask ``permitidas``;
- ``portal.tramite`` (what a municipality may do on its request) asks
  ``permitidas`` too; the portal's templates show what is in that set.

The audit log's labels of each action are here as well (``wagtail_hooks``). A new
action is a row here, its service on ``transicion``, its form or view and its
template text. ``tests/expedientes/test_matriz_permisos.py`` states the same rules
apart from this table, from the issue that set them, and checks both readers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_lazy as _

from procedimientos.constants import TipoActividad

from .constants import EstadoSesion, EstadoSolicitud, TipoDocumento
from .errores import AccionNoPermitida, SolicitudError
from .permisos import del_grupo_que_lo_expidio, grupo_de, pertenece
from .selectors import actividad_de, actividad_por_tipo, actividades_de

if TYPE_CHECKING:
    from django.utils.functional import Promise

    from .models import Documento, Solicitud

#: Roles of a row, besides a ``TipoActividad`` (the group of the case's activity of
#: that kind, wherever the case is): the group of the activity the case is in, an
#: account of the case's own municipality, the group of the activity that issued
#: the record acted on. Superusers belong to every group, never to a municipality.
ACTUAL = "actual"
MUNICIPIO = "municipio"
EXPIDIO = "expidio"

ABIERTA = frozenset({EstadoSolicitud.EN_TRAMITE})
NO_ARCHIVADA = frozenset(EstadoSolicitud.values) - {EstadoSolicitud.ARCHIVADA}
#: The kinds of activity that are worked: not the filing (done when it is filed).
TRABAJADAS = frozenset(TipoActividad.values) - {TipoActividad.RADICACION}


@dataclass(frozen=True)
class Guarda:
    """A further condition of a row, with the message that says why it fails.

    ``condicion(caso, documento)``; ``mensaje`` may use ``%(radicado)s``, ``%(n)s``
    (the current activity's number) and ``%(nombre)s`` (its name)."""

    condicion: Callable[[Solicitud, Documento | None], bool]
    mensaje: str | Promise


@dataclass(frozen=True)
class Regla:
    """One action: where it applies, who may do it, what else it needs."""

    accion: str
    #: The audit log's label of the action and its entry's message.
    etiqueta: str | Promise
    registro: str | Promise
    #: The states of the case that allow it.
    estados: frozenset[str]
    #: ``ACTUAL``, ``MUNICIPIO``, ``EXPIDIO`` or a ``TipoActividad``: any one.
    roles: tuple[str, ...]
    #: The kinds the current activity must be of while the case is en trámite
    #: (suspended, it waits; rejected or withdrawn, it is done with its
    #: activities); ``None``: any.
    actividades: frozenset[str] | None = None
    fuera_de_actividad: str | Promise = _(
        "La actividad %(n)s («%(nombre)s») de la solicitud %(radicado)s no admite "
        "esta acción."
    )
    guardas: tuple[Guarda, ...] = ()
    #: Where the rule comes from: the norm, the procedure's clause.
    fuente: str = ""


def _hay_anterior(caso: Solicitud, _documento: Documento | None) -> bool:
    return any(
        1 < a.numero < caso.actividad_actual and a.tipo != TipoActividad.RADICACION
        for a in actividades_de(caso)
    )


def _hay_oficio(caso: Solicitud, _documento: Documento | None) -> bool:
    # Read through .all(): the case page prefetches the documents.
    return any(d.tipo == TipoDocumento.OFICIO_RESPUESTA for d in caso.documentos.all())


def _hay_programadas(caso: Solicitud, _documento: Documento | None) -> bool:
    return caso.sesiones_programadas.filter(estado=EstadoSesion.PROGRAMADA).exists()


def _hay_compromisos(caso: Solicitud, _documento: Documento | None) -> bool:
    # Any, fulfilled or not: marking one fulfilled again is no error
    # (``compromiso_cumplir`` is idempotent); the case page offers the pending.
    return caso.sesiones.filter(compromisos__isnull=False).exists()


def _sin_corregir(_caso: Solicitud, documento: Documento | None) -> bool:
    return documento is not None and not hasattr(documento, "reemplazado_por")


REGLAS: tuple[Regla, ...] = (
    Regla(
        accion="completar",
        etiqueta=_("Completar actividad"),
        registro=_("Actividad completada"),
        estados=ABIERTA,
        roles=(ACTUAL,),
        # Archiving (activity 6) has its own form and service (archivar).
        actividades=TRABAJADAS - {TipoActividad.ARCHIVO},
        fuente="ES-PE-PR-31, actividades 2 a 5: cada una por su dependencia y cargo",
    ),
    Regla(
        accion="registrar_sesion",
        etiqueta=_("Registrar sesión"),
        registro=_("Sesión de asesoría registrada"),
        estados=ABIERTA,
        roles=(ACTUAL,),
        actividades=frozenset({TipoActividad.ASESORIA}),
        fuera_de_actividad=_(
            "La actividad %(n)s («%(nombre)s») no es de tipo «Asesoría»: use su "
            "propio formulario."
        ),
        fuente="ES-PE-PR-31, actividad 5: registro de asistencia y acta de reunión",
    ),
    Regla(
        accion="programar_sesion",
        etiqueta=_("Programar sesión"),
        registro=_("Sesión de asesoría programada y convocada"),
        estados=ABIERTA,
        roles=(ACTUAL,),
        actividades=frozenset({TipoActividad.ASESORIA}),
        fuera_de_actividad=_(
            "Las sesiones de asesoría se programan en la actividad de asesoría; la "
            "solicitud %(radicado)s está en la actividad %(n)s («%(nombre)s»)."
        ),
        fuente="ES-PE-PR-31, actividad 5: sesiones de asesoría; convocatoria por "
        "invitación de calendario (RFC 5545 y RFC 5546)",
    ),
    Regla(
        accion="reprogramar_sesion",
        etiqueta=_("Reprogramar sesión"),
        registro=_("Sesión de asesoría reprogramada"),
        estados=ABIERTA,
        roles=(ACTUAL,),
        actividades=frozenset({TipoActividad.ASESORIA}),
        fuera_de_actividad=_(
            "Las sesiones de asesoría se reprograman en la actividad de asesoría; "
            "la solicitud %(radicado)s está en la actividad %(n)s («%(nombre)s»)."
        ),
        guardas=(
            Guarda(
                _hay_programadas,
                _(
                    "La solicitud %(radicado)s no tiene sesiones programadas: se "
                    "registraron o se cancelaron."
                ),
            ),
        ),
        fuente="ES-PE-PR-31, actividad 5; RFC 5546, 3.2.2: el mismo UID con "
        "SEQUENCE mayor",
    ),
    Regla(
        accion="cancelar_sesion",
        etiqueta=_("Cancelar sesión"),
        registro=_("Sesión de asesoría cancelada"),
        # A case stepped back, suspended, withdrawn or rejected may still have
        # sessions to call off: wherever it is, until it is archived.
        estados=NO_ARCHIVADA,
        roles=(TipoActividad.ASESORIA,),
        guardas=(
            Guarda(
                _hay_programadas,
                _(
                    "La solicitud %(radicado)s no tiene sesiones programadas: se "
                    "registraron o se cancelaron."
                ),
            ),
        ),
        fuente="ES-PE-PR-31, actividad 5; RFC 5546, 3.2.5: METHOD:CANCEL",
    ),
    Regla(
        accion="cumplir_compromiso",
        etiqueta=_("Marcar compromiso cumplido"),
        registro=_("Compromiso de una sesión marcado como cumplido"),
        # Its follow-up goes on while the case is open, wherever it is (stepped
        # back, or suspended waiting for what the municipality committed to).
        estados=frozenset({EstadoSolicitud.EN_TRAMITE, EstadoSolicitud.SUSPENDIDA}),
        roles=(TipoActividad.ASESORIA,),
        guardas=(
            Guarda(
                _hay_compromisos,
                _(
                    "Las sesiones de la solicitud %(radicado)s no registraron "
                    "compromisos."
                ),
            ),
        ),
        fuente="ES-PE-PR-31, actividad 5: acta de reunión con sus compromisos y "
        "su seguimiento",
    ),
    Regla(
        accion="devolver",
        etiqueta=_("Devolver"),
        registro=_("Devuelta a una actividad anterior"),
        estados=ABIERTA,
        roles=(ACTUAL,),
        guardas=(
            Guarda(
                _hay_anterior,
                _("Solo se puede devolver a una actividad anterior a la actual."),
            ),
        ),
        fuente="DESIGN.md, decisión 6: una actividad se realiza otra vez",
    ),
    Regla(
        accion="suspender",
        etiqueta=_("Suspender"),
        registro=_("Solicitud suspendida"),
        estados=ABIERTA,
        roles=(ACTUAL,),
        actividades=TRABAJADAS,
        fuente="Ley 1755 de 2015, art. 17: a la espera del peticionario",
    ),
    Regla(
        accion="reanudar",
        etiqueta=_("Reanudar"),
        registro=_("Solicitud reanudada"),
        estados=frozenset({EstadoSolicitud.SUSPENDIDA}),
        roles=(ACTUAL,),
        fuente="Ley 1755 de 2015, art. 17",
    ),
    Regla(
        accion="aportar",
        etiqueta=_("Aportar documentos"),
        registro=_("El municipio aportó documentos"),
        estados=frozenset({EstadoSolicitud.SUSPENDIDA}),
        roles=(MUNICIPIO,),
        fuente="Ley 1755 de 2015, art. 17: aportado lo pedido, el término se reanuda",
    ),
    Regla(
        accion="prorrogar",
        etiqueta=_("Prorrogar"),
        registro=_("Término prorrogado"),
        estados=ABIERTA,
        roles=(ACTUAL,),
        actividades=TRABAJADAS,
        fuente="Ley 1755 de 2015, art. 14, parágrafo",
    ),
    Regla(
        accion="reasignar",
        etiqueta=_("Reasignar"),
        registro=_("Solicitud reasignada"),
        estados=ABIERTA,
        roles=(ACTUAL,),
        actividades=TRABAJADAS,
        fuente="ES-PE-PR-31: cada actividad la realiza el grupo de su dependencia",
    ),
    Regla(
        accion="desistir",
        etiqueta=_("Desistir"),
        registro=_("Desistimiento registrado"),
        estados=frozenset({EstadoSolicitud.EN_TRAMITE, EstadoSolicitud.SUSPENDIDA}),
        roles=(MUNICIPIO, ACTUAL),
        fuente="Ley 1755 de 2015, art. 18: desistimiento expreso",
    ),
    Regla(
        accion="rechazar",
        etiqueta=_("Rechazar"),
        registro=_("Solicitud rechazada"),
        estados=ABIERTA,
        roles=(ACTUAL,),
        actividades=frozenset({TipoActividad.ALCANCE}),
        fuera_de_actividad=_(
            "Una solicitud se rechaza al definir el alcance de la asesoría."
        ),
        fuente="ES-PE-PR-31, actividad 3: el oficio de respuesta (Ley 1755, art. 14)",
    ),
    Regla(
        accion="adjuntar_firmado",
        etiqueta=_("Adjuntar oficio firmado en papel"),
        registro=_("Oficio de respuesta firmado añadido"),
        estados=NO_ARCHIVADA,
        roles=(TipoActividad.ALCANCE,),
        guardas=(
            Guarda(
                _hay_oficio,
                _("Aún no se ha expedido el oficio de respuesta de esta solicitud."),
            ),
        ),
        fuente="ES-PE-PR-31, actividad 3: el Secretario firma el oficio de respuesta",
    ),
    Regla(
        accion="archivar",
        etiqueta=_("Archivar expediente"),
        registro=_("Expediente archivado"),
        estados=frozenset(
            {
                EstadoSolicitud.EN_TRAMITE,
                EstadoSolicitud.DESISTIDA,
                EstadoSolicitud.RECHAZADA,
            }
        ),
        roles=(TipoActividad.ARCHIVO,),
        actividades=frozenset({TipoActividad.ARCHIVO}),
        fuera_de_actividad=_(
            "La solicitud %(radicado)s está en la actividad %(n)s (%(nombre)s): se "
            "archiva al llegar a la actividad de archivo, o si fue rechazada o "
            "desistida."
        ),
        fuente="ES-PE-PR-31, actividad 6: hoja de control, FUID y TRD",
    ),
    Regla(
        accion="corregir",
        etiqueta=_("Corregir registro"),
        registro=_("Registro corregido y reemplazado"),
        estados=NO_ARCHIVADA,
        roles=(EXPIDIO,),
        guardas=(
            Guarda(
                _sin_corregir,
                _(
                    "Ese registro ya fue corregido: corrija el registro que lo "
                    "reemplazó."
                ),
            ),
        ),
        fuente="DESIGN.md, decisión 9: un registro expedido no cambia, se corrige",
    ),
)

#: Why a state refuses an action.
ESTADO_IMPIDE = {
    EstadoSolicitud.SUSPENDIDA: _(
        "La solicitud %(radicado)s está suspendida: reanúdela primero."
    ),
    EstadoSolicitud.DESISTIDA: _(
        "La solicitud %(radicado)s terminó por desistimiento: ya no admite cambios "
        "salvo su archivo."
    ),
    EstadoSolicitud.RECHAZADA: _(
        "La solicitud %(radicado)s fue rechazada: ya no admite cambios salvo su "
        "archivo."
    ),
    EstadoSolicitud.ARCHIVADA: _(
        "La solicitud %(radicado)s está archivada: es de solo lectura."
    ),
    EstadoSolicitud.EN_TRAMITE: _(
        "La solicitud %(radicado)s está en trámite: esta acción no aplica."
    ),
}


def regla_de(accion: str) -> Regla:
    """The row of ``accion`` (read at each call: a test may add one)."""
    for regla in REGLAS:
        if regla.accion == accion:
            return regla
    raise LookupError(f"La acción «{accion}» no está en expedientes.reglas.REGLAS.")


def _tiene_rol(
    rol: str, usuario: Any, caso: Solicitud, documento: Documento | None
) -> bool:
    if rol == MUNICIPIO:
        return getattr(usuario, "municipio_id", None) == caso.municipio_id
    if rol == EXPIDIO:
        return documento is not None and del_grupo_que_lo_expidio(
            usuario, documento, caso
        )
    if rol == ACTUAL:
        actividad = actividad_de(caso, caso.actividad_actual)
    else:
        actividad = actividad_por_tipo(caso, rol)
    return actividad is not None and pertenece(usuario, grupo_de(actividad))


def negativa(
    regla: Regla, caso: Solicitud, usuario: Any, documento: Documento | None = None
) -> SolicitudError | None:
    """Why ``usuario`` may not do ``regla``'s action on ``caso`` now, or ``None``.

    In this order: the state, the role, the activity, the row's guards; the first
    that fails gives the message."""
    if caso.estado not in regla.estados:
        return SolicitudError(ESTADO_IMPIDE[caso.estado] % {"radicado": caso.radicado})
    actual = actividad_de(caso, caso.actividad_actual)
    datos = {
        "radicado": caso.radicado,
        "n": caso.actividad_actual,
        "nombre": actual.nombre if actual is not None else "",
    }
    if not any(_tiene_rol(rol, usuario, caso, documento) for rol in regla.roles):
        return AccionNoPermitida(
            _(
                "Su rol no permite esta acción en la actividad %(n)s de la "
                "solicitud %(radicado)s."
            )
            % datos
        )
    if (
        regla.actividades is not None
        and caso.estado == EstadoSolicitud.EN_TRAMITE
        and (actual is None or actual.tipo not in regla.actividades)
    ):
        return SolicitudError(regla.fuera_de_actividad % datos)
    for guarda in regla.guardas:
        if not guarda.condicion(caso, documento):
            return SolicitudError(guarda.mensaje % datos)
    return None


def permitida(
    accion: str, caso: Solicitud, usuario: Any, *, documento: Documento | None = None
) -> None:
    """Raise the ``SolicitudError`` that says why ``accion`` is refused, if it is."""
    error = negativa(regla_de(accion), caso, usuario, documento)
    if error is not None:
        raise error


def permitidas(
    usuario: Any, caso: Solicitud, *, acciones: Iterable[str] | None = None
) -> frozenset[str]:
    """The actions of the table ``usuario`` may do on ``caso`` now (of
    ``acciones`` only, if given). A record's correction is asked per record
    (``permisos.puede_corregir``)."""
    nombres = None if acciones is None else frozenset(acciones)
    return frozenset(
        regla.accion
        for regla in REGLAS
        if (nombres is None or regla.accion in nombres)
        and negativa(regla, caso, usuario) is None
    )
