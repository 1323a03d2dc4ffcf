"""Suspend and resume, extend, step back and redo, reject, reassign: deadlines in
días hábiles move as the law says, the history holds every step, nothing is lost.
Each action goes through its service; a case that only has to be in an activity
first is a factory case, the deadlines from the filing and the step back walk."""

import datetime

import pytest

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from expedientes.constants import (
    EstadoSolicitud,
    MotivoRechazo,
    TipoDocumento,
    TipoEvento,
)
from expedientes.models import Documento, EventoSolicitud, Solicitud
from expedientes.plazos import (
    EstadoPlazo,
    dias_habiles_entre,
    estado_plazo,
    sumar_dias_habiles,
)
from expedientes.selectors import bandeja, linea_de_tiempo
from expedientes.services import (
    SolicitudError,
    documentos_aportar,
    solicitud_devolver,
    solicitud_prorrogar,
    solicitud_reanudar,
    solicitud_reasignar,
    solicitud_rechazar,
    solicitud_suspender,
)
from tests.casos import completar, llevar_a, pdf, radicar
from tests.factories import SolicitudFactory
from tests.utils import archivos_privados

pytestmark = pytest.mark.django_db


def _hace_dias_habiles(n: int) -> datetime.date:
    """The date from which today is the ``n``-th business day."""
    fecha = timezone.localdate()
    while dias_habiles_entre(fecha, timezone.localdate()) < n:
        fecha -= datetime.timedelta(days=1)
    return fecha


def test_vence_el_es_el_plazo_mas_cercano(usuario_municipal, personal):
    solicitud = radicar(usuario_municipal)
    hoy = timezone.localdate()
    # Activity 2's internal term (2 business days) comes before the 15 of the law.
    assert solicitud.fecha_limite_actividad == sumar_dias_habiles(hoy, 2)
    assert solicitud.fecha_limite == sumar_dias_habiles(hoy, 15)
    assert solicitud.vence_el == solicitud.fecha_limite_actividad
    solicitud = llevar_a(solicitud, 4, personal)
    # Answered: only the activity's own term runs.
    assert solicitud.vence_el == solicitud.fecha_limite_actividad
    assert solicitud.vence_el == sumar_dias_habiles(hoy, 10)


def test_suspender_y_reanudar_corre_los_plazos_los_dias_habiles_suspendidos(
    usuario_municipal, personal
):
    solicitud = SolicitudFactory(en_actividad=3)
    solicitud_suspender(
        solicitud=solicitud,
        actor=personal["secretario"],
        actividad=3,
        motivo="Falta el documento técnico de soporte",
    )
    solicitud.refresh_from_db()
    assert solicitud.estado == EstadoSolicitud.SUSPENDIDA
    assert solicitud.vence_el is None  # no term runs while suspended
    assert [e.estado for e in linea_de_tiempo(solicitud)][2] == "suspendida"
    # Four business days go by.
    Solicitud.objects.filter(pk=solicitud.pk).update(
        suspendida_desde=_hace_dias_habiles(4)
    )
    antes = Solicitud.objects.get(pk=solicitud.pk)
    solicitud_reanudar(solicitud=solicitud, actor=personal["secretario"])
    solicitud.refresh_from_db()
    assert solicitud.estado == EstadoSolicitud.EN_TRAMITE
    assert solicitud.fecha_limite == sumar_dias_habiles(antes.fecha_limite, 4)
    assert solicitud.fecha_limite_actividad == sumar_dias_habiles(
        antes.fecha_limite_actividad, 4
    )
    reanudada = EventoSolicitud.objects.get(
        solicitud=solicitud, tipo=TipoEvento.REANUDADA
    )
    assert reanudada.datos == {"dias_suspendidos": 4}
    assert "4 días hábiles" in reanudada.texto_publico


def test_el_municipio_aporta_los_documentos_y_la_solicitud_se_reanuda(
    usuario_municipal, personal
):
    solicitud = SolicitudFactory(en_actividad=3)
    solicitud_suspender(
        solicitud=solicitud,
        actor=personal["secretario"],
        actividad=3,
        motivo="Envíe el acta de concertación con la CDMB",
    )
    documentos_aportar(
        solicitud=solicitud,
        actor=usuario_municipal,
        archivos=[pdf("acta-cdmb.pdf"), pdf("plano.pdf")],
        mensaje="Adjuntamos el acta",
    )
    solicitud.refresh_from_db()
    assert solicitud.estado == EstadoSolicitud.EN_TRAMITE
    aportados = Documento.objects.filter(
        solicitud=solicitud, tipo=TipoDocumento.DOCUMENTO_APORTADO
    )
    assert sorted(aportados.values_list("nombre_original", flat=True)) == [
        "acta-cdmb.pdf",
        "plano.pdf",
    ]
    assert all(d.sha256 and d.para_municipio for d in aportados)
    with pytest.raises(SolicitudError, match="en trámite"):
        documentos_aportar(
            solicitud=solicitud, actor=usuario_municipal, archivos=[pdf()]
        )


def test_un_archivo_malo_no_deja_huerfanos_los_buenos(usuario_municipal, personal):
    solicitud = SolicitudFactory(en_actividad=3)
    solicitud_suspender(
        solicitud=solicitud, actor=personal["secretario"], actividad=3, motivo="Faltan"
    )
    archivos_antes = set(archivos_privados())
    falso = SimpleUploadedFile(
        "virus.pdf", b"MZ\x90\x00 no es un PDF", "application/pdf"
    )
    with pytest.raises(SolicitudError):
        documentos_aportar(
            solicitud=solicitud, actor=usuario_municipal, archivos=[pdf(), falso]
        )
    assert set(archivos_privados()) == archivos_antes
    solicitud.refresh_from_db()
    assert solicitud.estado == EstadoSolicitud.SUSPENDIDA


def test_prorrogar_hasta_el_doble_del_termino_y_antes_de_que_venza(
    usuario_municipal, personal
):
    solicitud = llevar_a(radicar(usuario_municipal), 3, personal)
    limite = solicitud.fecha_limite
    with pytest.raises(SolicitudError, match="quedan 15 días hábiles"):
        solicitud_prorrogar(
            solicitud=solicitud,
            actor=personal["secretario"],
            actividad=3,
            dias=16,
            motivo="Complejidad",
        )
    solicitud_prorrogar(
        solicitud=solicitud,
        actor=personal["secretario"],
        actividad=3,
        dias=10,
        motivo="Complejidad técnica",
    )
    solicitud.refresh_from_db()
    assert solicitud.fecha_limite == sumar_dias_habiles(limite, 10)
    assert solicitud.dias_prorrogados == 10
    with pytest.raises(SolicitudError, match="quedan 5 días hábiles"):
        solicitud_prorrogar(
            solicitud=solicitud,
            actor=personal["secretario"],
            actividad=3,
            dias=6,
            motivo="Más",
        )
    # Expired terms cannot be extended.
    Solicitud.objects.filter(pk=solicitud.pk).update(
        fecha_limite=timezone.localdate() - datetime.timedelta(days=1)
    )
    with pytest.raises(SolicitudError, match="venció"):
        solicitud_prorrogar(
            solicitud=solicitud,
            actor=personal["secretario"],
            actividad=3,
            dias=1,
            motivo="Tarde",
        )


def test_devolver_y_hacer_de_nuevo_una_actividad(usuario_municipal, personal):
    solicitud = llevar_a(radicar(usuario_municipal), 4, personal)
    registro = solicitud.numero_registro
    solicitud_devolver(
        solicitud=solicitud,
        actor=personal["coordinador"],
        actividad=4,
        hacia=2,
        motivo="El registro citó otro municipio",
    )
    solicitud.refresh_from_db()
    assert (solicitud.actividad_actual, solicitud.grupo_actual) == (
        2,
        "Secretaría del despacho",
    )
    assert [e.estado for e in linea_de_tiempo(solicitud)][:4] == [
        "completada",
        "actual",
        "pendiente",
        "pendiente",
    ]
    llevar_a(solicitud, 4, personal)
    solicitud.refresh_from_db()
    # Activities 2 and 3 done twice; the registry number is kept.
    assert solicitud.numero_registro == registro
    completadas = list(
        EventoSolicitud.objects.filter(
            solicitud=solicitud, tipo=TipoEvento.COMPLETADA
        ).values_list("actividad", flat=True)
    )
    assert completadas == [1, 2, 3, 2, 3]
    assert (
        Documento.objects.filter(
            solicitud=solicitud, tipo=TipoDocumento.OFICIO_RESPUESTA
        ).count()
        == 2
    )
    with pytest.raises(SolicitudError, match="anterior"):
        solicitud_devolver(
            solicitud=solicitud,
            actor=personal["coordinador"],
            actividad=4,
            hacia=1,
            motivo="A radicación no",
        )


def test_rechazar_es_una_respuesta_y_va_al_archivo(usuario_municipal, personal):
    solicitud = SolicitudFactory(en_actividad=3)
    solicitud_rechazar(
        solicitud=solicitud,
        actor=personal["secretario"],
        actividad=3,
        motivo=MotivoRechazo.FUERA_DE_ALCANCE,
        fundamentos="Se trata de un plan parcial, no del POT.",
    )
    solicitud.refresh_from_db()
    assert solicitud.estado == EstadoSolicitud.RECHAZADA
    assert solicitud.respondida_en is not None
    assert solicitud.grupo_actual == "Seguimiento y evaluación"
    assert solicitud in bandeja(personal["archivo"])
    oficio = Documento.objects.get(
        solicitud=solicitud, tipo=TipoDocumento.OFICIO_RESPUESTA
    )
    assert oficio.datos["aceptada"] is False
    assert oficio.datos["fundamentos"] == "Se trata de un plan parcial, no del POT."
    assert oficio.para_municipio
    with pytest.raises(SolicitudError, match="rechazada"):
        completar(solicitud, personal)


def test_reasignar_solo_dentro_del_grupo(usuario_municipal, personal):
    solicitud = SolicitudFactory(en_actividad=5)
    with pytest.raises(SolicitudError, match="Profesionales del grupo"):
        solicitud_reasignar(
            solicitud=solicitud,
            actor=personal["profesional"],
            actividad=5,
            a=personal["secretario"],
        )
    solicitud_reasignar(
        solicitud=solicitud,
        actor=personal["profesional"],
        actividad=5,
        a=personal["profesional2"],
        motivo="Vacaciones",
    )
    solicitud.refresh_from_db()
    assert solicitud.asignada_a == personal["profesional2"]


def test_estado_del_plazo():
    hoy = datetime.date(2026, 12, 1)  # a Tuesday
    assert estado_plazo(None, hoy) is None
    assert estado_plazo(datetime.date(2026, 11, 30), hoy) == EstadoPlazo.VENCIDA
    assert estado_plazo(hoy, hoy) == EstadoPlazo.VENCE_PRONTO
    assert estado_plazo(datetime.date(2026, 12, 4), hoy) == EstadoPlazo.VENCE_PRONTO
    assert estado_plazo(datetime.date(2026, 12, 7), hoy) == EstadoPlazo.A_TIEMPO
    # 8 December (Inmaculada Concepción) is a holiday: the 9th is 3 días hábiles
    # after the 3rd.
    assert estado_plazo(datetime.date(2026, 12, 9), datetime.date(2026, 12, 3)) == (
        EstadoPlazo.VENCE_PRONTO
    )
