"""SolicitudFactory builds the case the services would leave.

Each trait is built twice, through the factory (bulk rows,
``expedientes.demo.rapido``) and through the real services (tests/casos.py), and
what the case, its history, its timeline and the inboxes say is compared. Dates
differ (the factory's steps ran on past business days, the services' now), so
the deadlines are compared by how they derive from those dates. The factory
writes no sessions (``insertar_rapido`` says what bulk rows skip): the session
event the services record on the way through activity 5 is left out of the
comparison, and ``test_la_fabrica_no_escribe_sesiones`` says so.
"""

import pytest

from django.conf import settings
from django.utils import timezone

from expedientes.constants import (
    EstadoSolicitud,
    MotivoRechazo,
    TipoDocumento,
    TipoEvento,
)
from expedientes.plazos import sumar_dias_habiles
from expedientes.selectors import (
    actividad_de,
    bandeja,
    eventos_de,
    linea_de_tiempo,
)
from expedientes.services import (
    solicitud_desistir,
    solicitud_rechazar,
    solicitud_suspender,
)
from tests.casos import archivar, llevar_a, radicar
from tests.factories import SolicitudFactory

#: Who acts in each activity (keys of the ``personal`` fixture).
QUIEN = {2: "despacho", 3: "secretario", 4: "coordinador", 5: "profesional"}

RASGOS = [
    {"en_actividad": 2},
    {"en_actividad": 3},
    {"en_actividad": 4},
    {"en_actividad": 5},
    {"en_actividad": 6},
    {"en_actividad": 4, "suspendida": True},
    {"rechazada": True},
    {"en_actividad": 3, "desistida": True},
]


def por_servicios(usuario_municipal, personal, *, en_actividad=2, **rasgo):
    if rasgo.get("rechazada"):
        en_actividad = 3
    solicitud = llevar_a(radicar(usuario_municipal), en_actividad, personal)
    if rasgo.get("suspendida"):
        solicitud_suspender(
            solicitud=solicitud,
            actor=personal[QUIEN[en_actividad]],
            actividad=en_actividad,
            motivo="Falta la cartografía del componente urbano.",
        )
    if rasgo.get("rechazada"):
        solicitud_rechazar(
            solicitud=solicitud,
            actor=personal["secretario"],
            actividad=3,
            motivo=MotivoRechazo.FUERA_DE_ALCANCE,
            fundamentos="Se trata de un plan parcial, no del POT.",
        )
    if rasgo.get("desistida"):
        solicitud_desistir(
            solicitud=solicitud,
            actor=usuario_municipal,
            motivo="El concejo retiró el proyecto.",
        )
    solicitud.refresh_from_db()
    return solicitud


def estado(solicitud, personal) -> dict:
    """What a person or a query reads of the case, dates left out."""
    actividad = actividad_de(solicitud, solicitud.actividad_actual)
    return {
        "actividad_actual": solicitud.actividad_actual,
        "estado": solicitud.estado,
        "grupo_actual": solicitud.grupo_actual,
        "asignada_a": solicitud.asignada_a and solicitud.asignada_a.username,
        "canal": solicitud.canal,
        "radicada_por": solicitud.radicada_por.username,
        "tiene_registro": bool(solicitud.numero_registro),
        "respondida": solicitud.respondida_en is not None,
        "suspendida": solicitud.suspendida_desde is not None,
        "vence_el": solicitud.vence_el is not None,
        "historial": [
            (e.tipo, e.actividad, e.nombre, e.hacia, e.actor.username)
            for e in eventos_de(solicitud)
            if e.tipo != TipoEvento.SESION
        ],
        "linea": [(e.numero, e.nombre, e.estado) for e in linea_de_tiempo(solicitud)],
        "bandejas": sorted(
            clave for clave, u in personal.items() if solicitud in bandeja(u)
        ),
        # Deadlines as the services derive them from the dates of the case.
        "fecha_limite": solicitud.fecha_limite
        == sumar_dias_habiles(
            timezone.localdate(solicitud.radicada_en),
            settings.EXPEDIENTES_DIAS_RESPUESTA,
        ),
        "fecha_limite_actividad": solicitud.fecha_limite_actividad
        == (
            sumar_dias_habiles(
                timezone.localdate(solicitud.actividad_desde), actividad.plazo_dias
            )
            if actividad.plazo_dias
            else None
        ),
    }


@pytest.mark.parametrize("rasgo", RASGOS, ids=lambda r: "-".join(map(str, r.items())))
def test_la_fabrica_deja_el_caso_que_dejan_los_servicios(
    rasgo, usuario_municipal, personal
):
    hecha = SolicitudFactory(**rasgo)
    recorrida = por_servicios(usuario_municipal, personal, **rasgo)

    assert estado(hecha, personal) == estado(recorrida, personal)


#: What the archive service records of a case file (``archivada=True``).
DATOS_DE_ARCHIVO = (
    "serie_id",
    "soporte",
    "caja",
    "carpeta",
    "notas",
    "frecuencia_consulta",
    "fecha_final",
    "retencion_gestion_hasta",
    "retencion_central_hasta",
    "archivado_por_id",
)


@pytest.mark.parametrize(
    "rasgo", [{"en_actividad": 6}, {"rechazada": True}], ids=["en-6", "rechazada"]
)
def test_archivada_la_fabrica_deja_lo_que_dejan_los_servicios(
    rasgo, usuario_municipal, personal, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        hecha = SolicitudFactory(
            archivada=True,
            archivada_por=personal["archivo"],
            archivo={"caja": "7"},
            **{k: v for k, v in rasgo.items() if k != "en_actividad"},
        )
        recorrida = archivar(
            por_servicios(usuario_municipal, personal, **rasgo), personal, caja="7"
        )
    recorrida.refresh_from_db()

    assert hecha.estado == EstadoSolicitud.ARCHIVADA
    assert estado(hecha, personal) == estado(recorrida, personal)
    assert {c: getattr(hecha.archivo, c) for c in DATOS_DE_ARCHIVO} == {
        c: getattr(recorrida.archivo, c) for c in DATOS_DE_ARCHIVO
    }
    assert hecha.documentos.get(tipo=TipoDocumento.HOJA_CONTROL).archivo


def test_cada_paso_de_la_fabrica_en_su_dia_habil_y_en_orden(personal):
    solicitud = SolicitudFactory(en_actividad=6)

    fechas = [e.fecha for e in eventos_de(solicitud)]
    assert fechas == sorted(fechas)
    assert len({timezone.localdate(f) for f in fechas}) == len(fechas)
    assert fechas[-1] < timezone.now()
    assert solicitud.estado == EstadoSolicitud.EN_TRAMITE


def test_la_fabrica_no_escribe_sesiones(personal):
    """What bulk rows skip: a test that needs sessions, records or e-mails walks
    the services."""
    solicitud = SolicitudFactory(en_actividad=6)

    assert not solicitud.sesiones.exists()
    assert not solicitud.documentos.exists()
    assert not solicitud.notificaciones.exists()


def test_los_numeros_de_la_fabrica_siguen_la_serie_de_los_servicios(
    usuario_municipal, personal
):
    hecha = SolicitudFactory(en_actividad=3)
    recorrida = llevar_a(radicar(usuario_municipal), 3, personal)

    assert recorrida.consecutivo == hecha.consecutivo + 1
