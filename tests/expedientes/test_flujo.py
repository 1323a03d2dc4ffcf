"""A case walked through activities 2 to 5 by the services, each by its role."""

import pytest

from expedientes.constants import EstadoSolicitud, TipoDocumento, TipoEvento
from expedientes.models import Documento, EventoSolicitud, Notificacion
from expedientes.selectors import bandeja, linea_de_tiempo
from tests.casos import completar, llevar_a, radicar

pytestmark = pytest.mark.django_db


def test_una_solicitud_recorre_las_actividades_2_a_5(usuario_municipal, personal):
    solicitud = radicar(usuario_municipal)
    assert (solicitud.actividad_actual, solicitud.grupo_actual) == (
        2,
        "Secretaría del despacho",
    )
    assert solicitud in bandeja(personal["despacho"])
    assert solicitud not in bandeja(personal["secretario"])

    for numero, grupo in (
        (3, "Secretario de Planeación"),
        (4, "Coordinación del grupo de planificación"),
        (5, "Profesionales del grupo"),
        (6, "Seguimiento y evaluación"),
    ):
        completar(solicitud, personal)
        solicitud.refresh_from_db()
        assert (solicitud.actividad_actual, solicitud.grupo_actual) == (numero, grupo)

    assert solicitud.estado == EstadoSolicitud.EN_TRAMITE
    assert solicitud.numero_registro.startswith("RI-")
    assert solicitud.respondida_en is not None
    assert solicitud in bandeja(personal["archivo"])
    completadas = EventoSolicitud.objects.filter(
        solicitud=solicitud, tipo=TipoEvento.COMPLETADA
    )
    assert list(completadas.values_list("actividad", flat=True)) == [1, 2, 3, 4, 5]
    tipos = set(
        Documento.objects.filter(solicitud=solicitud).values_list("tipo", flat=True)
    )
    assert {
        TipoDocumento.REGISTRO_INTERNO,
        TipoDocumento.OFICIO_RESPUESTA,
        TipoDocumento.ACTA_COMPROMISO,
        TipoDocumento.REGISTRO_ASISTENCIA,
        TipoDocumento.ACTA_REUNION,
        TipoDocumento.PLANILLA_ASESORIAS,
    } <= tipos
    etapas = linea_de_tiempo(solicitud)
    assert [e.estado for e in etapas] == ["completada"] * 5 + ["actual"]
    # The municipality is told of every step (sent after commit by tasks.py).
    al_municipio = Notificacion.objects.filter(
        solicitud=solicitud, destinatario=solicitud.correo_solicitante
    )
    assert al_municipio.count() == 6


def test_otra_persona_no_completa_la_actividad_de_otro_rol(usuario_municipal, personal):
    from expedientes.services import SolicitudError, actividad_registrar

    solicitud = radicar(usuario_municipal)
    with pytest.raises(SolicitudError, match="Su rol no permite"):
        actividad_registrar(
            solicitud=solicitud, actor=personal["profesional"], actividad=2
        )
    solicitud.refresh_from_db()
    assert solicitud.actividad_actual == 2
    assert not solicitud.numero_registro


def test_llevar_a(usuario_municipal, personal):
    solicitud = llevar_a(radicar(usuario_municipal), 5, personal)
    assert solicitud.actividad_actual == 5


def test_los_correos_salen_con_los_registros_del_municipio(
    usuario_municipal, personal, django_capture_on_commit_callbacks
):
    """After commit: the despacho hears of each filing; the municipality of each
    step, with the records addressed to it and never the internal ones."""
    from django.core import mail

    with django_capture_on_commit_callbacks(execute=True):
        solicitud = radicar(usuario_municipal)
    al_despacho = [m for m in mail.outbox if m.to == [personal["despacho"].email]]
    assert len(al_despacho) == 1
    assert solicitud.radicado in al_despacho[0].subject
    assert f"/admin/solicitudes/inspect/{solicitud.pk}/" in al_despacho[0].body

    for _ in range(4):  # activities 2 to 5
        with django_capture_on_commit_callbacks(execute=True):
            completar(solicitud, personal)
    al_municipio = [m for m in mail.outbox if m.to == [solicitud.correo_solicitante]]
    adjuntos = {
        nombre.split("-SP-")[0] for m in al_municipio for nombre, *_ in m.attachments
    }
    assert {
        "constancia",
        "oficio-respuesta",
        "acta-compromiso",
        "registro-asistencia",
        "acta-reunion",
    } <= adjuntos
    assert not adjuntos & {"registro-interno", "planilla-asesorias"}
    assert all(m.body.strip() for m in al_municipio)
    assert not Notificacion.objects.filter(
        solicitud=solicitud, estado=Notificacion.Estado.PENDIENTE
    ).exists()
