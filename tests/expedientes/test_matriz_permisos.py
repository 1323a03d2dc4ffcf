"""Every role x every action x a case in each activity and state.

Only the allowed combinations succeed; a refused one raises a ``SolicitudError``
that says why and changes nothing (the case row, its history, documents and
e-mails are as before). The admin's ``acciones_permitidas`` offers exactly the
actions the services accept. The expected rules are written out here, apart from
the code, from issue 7: each activity by its group, the other actions on an open
activity by its group, withdrawal also by the municipality, rejection only when
the scope is defined, the signed reply once a reply exists, archiving by the
archive group at activity 6 or after a rejection or withdrawal; superusers
anything; nothing at all on an archived case.
"""

from __future__ import annotations

import itertools
from datetime import timedelta

import pytest

from django.db import transaction
from django.forms.models import model_to_dict
from django.utils import timezone

from expedientes.constants import MotivoRechazo
from expedientes.models import Documento, EventoSolicitud, Notificacion
from expedientes.permisos import acciones_permitidas
from expedientes.services import (
    DatosResultado,
    SolicitudError,
    actividad_brindar_apoyo_completar,
    actividad_completar,
    actividad_conformar_equipo,
    actividad_definir_alcance,
    actividad_registrar,
    oficio_firmado_adjuntar,
    sesion_cancelar,
    sesion_programar,
    sesion_registrar,
    sesion_reprogramar,
    solicitud_archivar,
    solicitud_desistir,
    solicitud_devolver,
    solicitud_prorrogar,
    solicitud_reanudar,
    solicitud_reasignar,
    solicitud_rechazar,
    solicitud_suspender,
)
from tests.casos import (
    ALCANCE,
    EQUIPO,
    archivar,
    completar,
    datos_archivo,
    llevar_a,
    pdf,
    radicar,
    sesion,
)
from tests.factories import UsuarioFactory

pytestmark = pytest.mark.django_db

#: The group (by its key in the ``personal`` fixture) of each activity.
ROL_DE_ACTIVIDAD = {
    2: "despacho",
    3: "secretario",
    4: "coordinador",
    5: "profesional",
    6: "archivo",
}
ROLES = [
    "ventanilla",
    "despacho",
    "secretario",
    "coordinador",
    "profesional",
    "archivo",
    "municipio",
    "superusuario",
]
ESTADOS = [
    "a2",
    "a3",
    "a4",
    "a5",
    "a6",
    "suspendida",
    "rechazada",
    "desistida",
    "archivada",
]


def _completar(caso, actor):
    n = caso.actividad_actual
    comun = {"solicitud": caso, "actor": actor, "actividad": n}
    if n == 2:
        return actividad_registrar(**comun)
    if n == 3:
        return actividad_definir_alcance(**comun, alcance=ALCANCE)
    if n == 4:
        return actividad_conformar_equipo(
            **comun, integrantes=EQUIPO, objeto="Objeto", compromisos="Compromisos"
        )
    if n == 5:
        return actividad_brindar_apoyo_completar(
            **comun, resultado=DatosResultado(sin_acuerdo_motivo="Aún no")
        )
    return actividad_completar(**comun)  # activity 6 is no generic step


ACCIONES = {
    "completar": _completar,
    "registrar_sesion": lambda caso, actor: sesion_registrar(
        solicitud=caso, actor=actor, actividad=caso.actividad_actual, sesion=sesion(2)
    ),
    "devolver": lambda caso, actor: solicitud_devolver(
        solicitud=caso,
        actor=actor,
        actividad=caso.actividad_actual,
        hacia=2 if caso.actividad_actual > 2 else 1,
        motivo="Falta información",
    ),
    "suspender": lambda caso, actor: solicitud_suspender(
        solicitud=caso,
        actor=actor,
        actividad=caso.actividad_actual,
        motivo="Falta el acta de concertación ambiental",
    ),
    "reanudar": lambda caso, actor: solicitud_reanudar(solicitud=caso, actor=actor),
    "prorrogar": lambda caso, actor: solicitud_prorrogar(
        solicitud=caso,
        actor=actor,
        actividad=caso.actividad_actual,
        dias=1,
        motivo="Volumen de solicitudes",
    ),
    "reasignar": lambda caso, actor: solicitud_reasignar(
        solicitud=caso, actor=actor, actividad=caso.actividad_actual, a=caso._colega
    ),
    "desistir": lambda caso, actor: solicitud_desistir(
        solicitud=caso, actor=actor, motivo="Ya no la necesitamos"
    ),
    "rechazar": lambda caso, actor: solicitud_rechazar(
        solicitud=caso,
        actor=actor,
        actividad=caso.actividad_actual,
        motivo=MotivoRechazo.FUERA_DE_ALCANCE,
        fundamentos="No es un plan de ordenamiento.",
    ),
    "adjuntar_firmado": lambda caso, actor: oficio_firmado_adjuntar(
        solicitud=caso, actor=actor, archivo=pdf("firmado.pdf")
    ),
    "archivar": lambda caso, actor: solicitud_archivar(
        solicitud=caso, actor=actor, datos=datos_archivo()
    ),
}


def esperado(accion: str, estado: str, rol: str) -> bool:
    """Issue 7's rules, independently of the code."""
    abierta = estado in ("a2", "a3", "a4", "a5", "a6")
    if estado == "archivada":
        return False
    actividad = {"suspendida": 3, "rechazada": 3, "desistida": 2}.get(
        estado, int(estado[1]) if abierta else 0
    )
    del_grupo = rol == "superusuario" or ROL_DE_ACTIVIDAD.get(actividad) == rol
    if accion == "completar":
        return abierta and actividad in (2, 3, 4, 5) and del_grupo
    if accion == "registrar_sesion":
        return estado == "a5" and del_grupo
    if accion == "devolver":
        return abierta and actividad >= 3 and del_grupo
    if accion in ("suspender", "prorrogar", "reasignar"):
        return abierta and del_grupo
    if accion == "reanudar":
        return estado == "suspendida" and del_grupo
    if accion == "desistir":
        return (abierta or estado == "suspendida") and (del_grupo or rol == "municipio")
    if accion == "rechazar":
        return estado == "a3" and del_grupo
    if accion == "adjuntar_firmado":
        con_oficio = estado in ("a4", "a5", "a6", "rechazada")
        return con_oficio and rol in ("secretario", "superusuario")
    if accion == "archivar":
        return estado in ("a6", "rechazada", "desistida") and rol in (
            "archivo",
            "superusuario",
        )
    raise AssertionError(accion)


@pytest.fixture
def casos(usuario_municipal, personal):
    """A case in each activity and state, made by the real services."""
    casos = {}
    for n in (2, 3, 4, 5, 6):
        casos[f"a{n}"] = llevar_a(radicar(usuario_municipal), n, personal)
    sesion_registrar(
        solicitud=casos["a5"],
        actor=personal["profesional"],
        actividad=5,
        sesion=sesion(1),
    )
    casos["suspendida"] = solicitud_suspender(
        solicitud=llevar_a(radicar(usuario_municipal), 3, personal),
        actor=personal["secretario"],
        actividad=3,
        motivo="Falta el documento técnico de soporte",
    )
    casos["rechazada"] = solicitud_rechazar(
        solicitud=llevar_a(radicar(usuario_municipal), 3, personal),
        actor=personal["secretario"],
        actividad=3,
        motivo=MotivoRechazo.INCOMPLETA,
        fundamentos="Falta el documento técnico de soporte.",
    )
    casos["desistida"] = solicitud_desistir(
        solicitud=radicar(usuario_municipal),
        actor=usuario_municipal,
        motivo="Lo resolvimos con la CDMB",
    )
    casos["archivada"] = archivar(radicar(usuario_municipal), personal)
    return casos


@pytest.fixture
def actores(personal, usuario_municipal):
    return {
        **personal,
        "municipio": usuario_municipal,
        "superusuario": UsuarioFactory(is_superuser=True, is_staff=True),
    }


def _foto(caso):
    """Everything a refused action must leave as it was."""
    caso.refresh_from_db()
    return (
        model_to_dict(caso),
        EventoSolicitud.objects.filter(solicitud=caso).count(),
        Documento.objects.filter(solicitud=caso).count(),
        Notificacion.objects.filter(solicitud=caso).count(),
    )


class _Deshacer(Exception):
    pass


def test_cada_rol_cada_accion_cada_estado(casos, actores, personal):
    fallos = []
    for (estado, caso), accion, rol in itertools.product(
        casos.items(), ACCIONES, ROLES
    ):
        caso.refresh_from_db()
        grupo = ROL_DE_ACTIVIDAD.get(caso.actividad_actual, "despacho")
        caso._colega = personal["profesional2" if grupo == "profesional" else grupo]
        actor = actores[rol]
        antes = _foto(caso)
        resultado: object = None
        try:
            with transaction.atomic():
                ACCIONES[accion](caso, actor)
                raise _Deshacer
        except _Deshacer:
            resultado = True
        except SolicitudError as error:
            resultado = str(error)
        if (resultado is True) != esperado(accion, estado, rol):
            fallos.append(f"{estado} {accion} {rol}: {resultado}")
        if resultado is not True:
            assert resultado, "a refusal says why"
            assert _foto(caso) == antes, f"{estado} {accion} {rol} changed something"
        if rol != "municipio":
            ofrecida = accion in acciones_permitidas(actor, caso)
            if ofrecida != esperado(accion, estado, rol):
                fallos.append(f"{estado} {accion} {rol}: ofrecida={ofrecida}")
    assert not fallos, "\n".join(fallos)


def test_el_municipio_no_actua_sobre_otra_solicitud_ni_ve_acciones(
    casos, actores, otro_municipio, django_user_model
):
    colega_de_giron = django_user_model.objects.create_user(
        "giron", "giron@example.com", municipio=otro_municipio
    )
    caso = casos["a3"]
    antes = _foto(caso)
    with pytest.raises(SolicitudError, match="Su rol no permite"):
        solicitud_desistir(solicitud=caso, actor=colega_de_giron, motivo="x")
    assert _foto(caso) == antes
    assert acciones_permitidas(actores["municipio"], caso) == frozenset()


def test_una_cuenta_inactiva_no_actua(casos, personal):
    despacho = personal["despacho"]
    despacho.is_active = False
    despacho.save()
    with pytest.raises(SolicitudError):
        completar(casos["a2"], personal)


# --- Sessions scheduled before they happen (issue 17) ------------------------------
#
# Issue 17's rules, apart from the code: the professionals of activity 5 schedule
# and reschedule a session while the case is open in activity 5; they cancel one
# wherever the case is until it is archived (stepped back, suspended), as long as
# it has one scheduled; nobody else, no municipality; superusers anything.

ESTADOS_SESION = ["a4", "a5", "devuelta", "suspendida"]


def esperado_sesion(accion: str, estado: str, rol: str) -> bool:
    del_grupo = rol in ("profesional", "superusuario")
    con_sesion = estado in ("a5", "devuelta", "suspendida")
    if accion == "programar_sesion":
        return estado == "a5" and del_grupo
    if accion == "reprogramar_sesion":
        return estado == "a5" and del_grupo
    if accion == "cancelar_sesion":
        return con_sesion and del_grupo
    raise AssertionError(accion)


def _programacion(dias: int):
    from tests.expedientes.test_sesiones_programadas import programacion

    return programacion(timezone.now().replace(microsecond=0) + timedelta(days=dias))


ACCIONES_SESION = {
    "programar_sesion": lambda caso, actor: sesion_programar(
        solicitud=caso,
        actor=actor,
        actividad=caso.actividad_actual,
        datos=_programacion(20),
    ),
    "reprogramar_sesion": lambda caso, actor: sesion_reprogramar(
        solicitud=caso,
        actor=actor,
        actividad=caso.actividad_actual,
        sesion=caso._programada.pk,
        secuencia=caso._programada.secuencia,
        datos=_programacion(21),
    ),
    "cancelar_sesion": lambda caso, actor: sesion_cancelar(
        solicitud=caso,
        actor=actor,
        sesion=caso._programada.pk,
        secuencia=caso._programada.secuencia,
        motivo="Lluvias",
    ),
}


@pytest.fixture
def casos_sesion(usuario_municipal, personal):
    profesional = personal["profesional"]
    casos = {"a4": llevar_a(radicar(usuario_municipal), 4, personal)}
    for estado in ("a5", "devuelta", "suspendida"):
        caso = llevar_a(radicar(usuario_municipal), 5, personal)
        programada = sesion_programar(
            solicitud=caso, actor=profesional, actividad=5, datos=_programacion(7)
        )
        if estado == "devuelta":
            solicitud_devolver(
                solicitud=caso, actor=profesional, actividad=5, hacia=4, motivo="x"
            )
        if estado == "suspendida":
            solicitud_suspender(
                solicitud=caso, actor=profesional, actividad=5, motivo="Falta el DTS"
            )
        caso._programada = programada
        casos[estado] = caso
    casos["a4"]._programada = casos["a5"]._programada
    return casos


def test_programar_reprogramar_y_cancelar_sesiones_por_rol_y_estado(
    casos_sesion, actores
):
    fallos = []
    for (estado, caso), accion, rol in itertools.product(
        casos_sesion.items(), ACCIONES_SESION, ROLES
    ):
        programada = caso._programada
        caso.refresh_from_db()
        caso._programada = programada
        actor = actores[rol]
        antes = _foto(caso)
        try:
            with transaction.atomic():
                ACCIONES_SESION[accion](caso, actor)
                raise _Deshacer
        except _Deshacer:
            resultado = True
        except SolicitudError as error:
            resultado = str(error)
        if (resultado is True) != esperado_sesion(accion, estado, rol):
            fallos.append(f"{estado} {accion} {rol}: {resultado}")
        if resultado is not True:
            assert resultado, "a refusal says why"
            assert _foto(caso) == antes, f"{estado} {accion} {rol} changed something"
        if rol != "municipio":
            ofrecida = accion in acciones_permitidas(actor, caso)
            if ofrecida != esperado_sesion(accion, estado, rol):
                fallos.append(f"{estado} {accion} {rol}: ofrecida={ofrecida}")
    assert not fallos, "\n".join(fallos)


def test_otro_municipio_no_cancela_ni_programa(casos_sesion, otro_municipio):
    de_giron = UsuarioFactory(username="giron2", municipio=otro_municipio)
    caso = casos_sesion["a5"]
    antes = _foto(caso)
    for accion in ACCIONES_SESION.values():
        with pytest.raises(SolicitudError, match="Su rol no permite"):
            accion(caso, de_giron)
    assert _foto(caso) == antes


# --- Commitments marked fulfilled (issue 17, follow-up) -----------------------------
#
# Apart from the code: the professionals of activity 5 mark a commitment of a
# session fulfilled while the case is open, wherever it is (stepped back) or
# suspended, as long as its sessions made commitments; not once the case was
# withdrawn, rejected or archived; nobody else, no municipality; superusers
# anything.

ESTADOS_COMPROMISO = ["a4", "a5", "devuelta", "suspendida", "desistida", "archivada"]


def esperado_compromiso(estado: str, rol: str) -> bool:
    del_grupo = rol in ("profesional", "superusuario")
    return estado in ("a5", "devuelta", "suspendida") and del_grupo


@pytest.fixture
def casos_compromiso(usuario_municipal, personal):
    profesional = personal["profesional"]
    casos = {"a4": llevar_a(radicar(usuario_municipal), 4, personal)}
    for estado in ESTADOS_COMPROMISO[1:]:
        caso = llevar_a(radicar(usuario_municipal), 5, personal)
        fila = sesion_registrar(
            solicitud=caso, actor=profesional, actividad=5, sesion=sesion(1)
        )
        if estado == "devuelta":
            solicitud_devolver(
                solicitud=caso, actor=profesional, actividad=5, hacia=4, motivo="x"
            )
        if estado == "suspendida":
            solicitud_suspender(
                solicitud=caso, actor=profesional, actividad=5, motivo="Falta el DTS"
            )
        if estado in ("desistida", "archivada"):
            solicitud_desistir(solicitud=caso, actor=usuario_municipal, motivo="x")
        if estado == "archivada":
            archivar(caso, personal)
        caso._compromiso = fila.compromisos.get()
        casos[estado] = caso
    casos["a4"]._compromiso = casos["a5"]._compromiso
    return casos


def test_marcar_un_compromiso_cumplido_por_rol_y_estado(casos_compromiso, actores):
    from expedientes.services import compromiso_cumplir

    fallos = []
    for (estado, caso), rol in itertools.product(casos_compromiso.items(), ROLES):
        compromiso = caso._compromiso
        caso.refresh_from_db()
        actor = actores[rol]
        antes = _foto(caso)
        try:
            with transaction.atomic():
                compromiso_cumplir(
                    solicitud=caso, actor=actor, compromiso=compromiso.pk
                )
                raise _Deshacer
        except _Deshacer:
            resultado = True
        except SolicitudError as error:
            resultado = str(error)
        if (resultado is True) != esperado_compromiso(estado, rol):
            fallos.append(f"{estado} cumplir_compromiso {rol}: {resultado}")
        if resultado is not True:
            assert resultado, "a refusal says why"
            assert _foto(caso) == antes, f"{estado} {rol} changed something"
            compromiso.refresh_from_db()
            assert compromiso.cumplido_en is None
        if rol != "municipio":
            ofrecida = "cumplir_compromiso" in acciones_permitidas(actor, caso)
            if ofrecida != esperado_compromiso(estado, rol):
                fallos.append(f"{estado} cumplir_compromiso {rol}: ofrecida={ofrecida}")
    assert not fallos, "\n".join(fallos)


def test_el_compromiso_de_otra_solicitud_no_se_marca(casos_compromiso, personal):
    from expedientes.services import compromiso_cumplir

    caso, otro = casos_compromiso["a5"], casos_compromiso["suspendida"]
    antes = _foto(caso)
    with pytest.raises(SolicitudError, match="no es de la solicitud"):
        compromiso_cumplir(
            solicitud=caso,
            actor=personal["profesional"],
            compromiso=otro._compromiso.pk,
        )
    assert _foto(caso) == antes
    otro._compromiso.refresh_from_db()
    assert otro._compromiso.cumplido_en is None
