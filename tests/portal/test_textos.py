"""Sentences as a person writes them: a suspended case already answered still
says "Respondida", and counts read in the singular, the plural or in words
("un documento", "1 día hábil", "los plazos no cambian"), never "0 días hábiles"
or "1 documento(s)". The cases start in their activity as factory rows; each
sentence comes from the service that writes it."""

from __future__ import annotations

import pytest

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from expedientes.models import EventoSolicitud
from expedientes.services import (
    DatosIntegrante,
    actividad_conformar_equipo,
    documentos_aportar,
    solicitud_prorrogar,
    solicitud_reanudar,
    solicitud_suspender,
)
from tests.casos import EQUIPO
from tests.factories import SolicitudFactory, pdf_de_prueba
from tests.utils import texto_visible

pytestmark = pytest.mark.django_db


def _suspender(caso, actor):
    caso.refresh_from_db()
    return solicitud_suspender(
        solicitud=caso,
        actor=actor,
        actividad=caso.actividad_actual,
        motivo="Falta el acta del consejo territorial.",
    )


def test_una_solicitud_respondida_y_suspendida_sigue_diciendo_respondida(
    client, usuario_municipal, personal
):
    caso = SolicitudFactory(en_actividad=4)  # the oficio is out
    _suspender(caso, personal["coordinador"])
    caso.refresh_from_db()
    respondida = timezone.localdate(caso.respondida_en).strftime("%-d")
    client.force_login(usuario_municipal)
    texto = texto_visible(client.get(f"/solicitudes/{caso.radicado}/").content)
    assert f"Respuesta Respondida el {respondida} de " in texto
    assert "Respuesta Términos suspendidos" not in texto

    # Unanswered, a suspension is what the answer's line says.
    otro = SolicitudFactory(en_actividad=3)
    _suspender(otro, personal["secretario"])
    texto = texto_visible(client.get(f"/solicitudes/{otro.radicado}/").content)
    assert "Respuesta Términos suspendidos desde el" in texto


def test_reanudada_el_mismo_dia_no_corre_0_dias(client, usuario_municipal, personal):
    caso = SolicitudFactory(en_actividad=3)
    _suspender(caso, personal["secretario"])
    solicitud_reanudar(solicitud=caso, actor=personal["secretario"])
    evento = EventoSolicitud.objects.filter(solicitud=caso).latest("pk")
    assert evento.texto_publico == (
        "Trámite reanudado el mismo día hábil: los plazos no cambian."
    )
    client.force_login(personal["secretario"])
    texto = texto_visible(client.get(f"/admin/solicitudes/inspect/{caso.pk}/").content)
    assert "0 días hábiles" not in texto
    assert "Reanudada el mismo día hábil: los plazos no cambian." in texto


def test_un_documento_aportado_y_un_dia_de_prorroga(usuario_municipal, personal):
    caso = SolicitudFactory(en_actividad=3)
    _suspender(caso, personal["secretario"])
    documentos_aportar(
        solicitud=caso,
        actor=usuario_municipal,
        archivos=[SimpleUploadedFile("acta.pdf", pdf_de_prueba(), "application/pdf")],
    )
    textos = list(
        EventoSolicitud.objects.filter(solicitud=caso)
        .order_by("pk")
        .values_list("texto_publico", flat=True)
    )
    assert "El municipio aportó un documento." in textos
    assert not any("(s)" in t for t in textos)
    solicitud_prorrogar(
        solicitud=caso,
        actor=personal["secretario"],
        actividad=3,
        dias=1,
        motivo="Se espera concepto jurídico.",
    )
    evento = EventoSolicitud.objects.filter(solicitud=caso).latest("pk")
    assert evento.texto_publico.startswith("Término prorrogado 1 día hábil, hasta el")


def test_un_equipo_de_un_integrante(usuario_municipal, personal):
    caso = SolicitudFactory(en_actividad=4)
    solo: DatosIntegrante = EQUIPO[0]
    actividad_conformar_equipo(
        solicitud=caso,
        actor=personal["coordinador"],
        actividad=4,
        integrantes=[solo],
        objeto="Acompañar la revisión.",
        compromisos="Asesorar.",
    )
    evento = EventoSolicitud.objects.filter(solicitud=caso).latest("pk")
    assert "conformado (1 integrante);" in evento.texto_publico
