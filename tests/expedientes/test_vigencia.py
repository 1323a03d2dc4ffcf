"""One record of each kind in force: an activity done again after a step back
issues its record again, and the new one supersedes the one before it (as a
correction does), on the record, on /verificar/, on the case page and in the
municipality's document list."""

from __future__ import annotations

import pytest

from django.test import Client

from expedientes.constants import TipoDocumento
from expedientes.models import Documento
from expedientes.selectors import documentos_del_expediente, indice_expediente
from expedientes.services import (
    DatosResultado,
    actividad_brindar_apoyo_completar,
    oficio_firmado_adjuntar,
    solicitud_devolver,
    solicitud_rechazar,
)
from expedientes.tasks import procesar_solicitud
from tests.casos import completar, llevar_a, pdf, radicar
from tests.lectura_pdf import paginas
from tests.utils import texto_visible

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("limites_vacios")]


def _devolver(caso, actor, hacia):
    caso.refresh_from_db()
    return solicitud_devolver(
        solicitud=caso,
        actor=actor,
        actividad=caso.actividad_actual,
        hacia=hacia,
        motivo="Falta precisar el alcance.",
    )


def _de_tipo(caso, tipo):
    return list(caso.documentos.filter(tipo=tipo).order_by("creado_en", "pk"))


def test_el_oficio_expedido_otra_vez_reemplaza_al_anterior(
    client, usuario_municipal, personal
):
    caso = llevar_a(radicar(usuario_municipal), 4, personal)
    procesar_solicitud(caso.pk)
    _devolver(caso, personal["coordinador"], 3)
    completar(caso, personal)  # activity 3 again: a second reply letter
    procesar_solicitud(caso.pk)

    primero, segundo = _de_tipo(caso, TipoDocumento.OFICIO_RESPUESTA)
    assert segundo.reemplaza == primero
    assert not Documento.objects.filter(reemplaza=segundo).exists()
    # The new one says what it replaces, on the record itself.
    texto = " ".join(paginas(segundo.archivo.open("rb").read()))
    plano = " ".join(texto.split())
    assert f"reemplaza el registro {primero.codigo_verificacion}" in plano
    assert "realizarse otra vez la actividad 3 («Definir" in plano

    # /verificar/: the old one was replaced, the new one is in force.
    publico = Client()
    texto = texto_visible(
        publico.get(f"/verificar/{primero.codigo_verificacion}/").content
    )
    assert "Registro auténtico, reemplazado por otro expedido de nuevo." in texto
    assert "Estado Reemplazado" in texto
    assert segundo.codigo_verificacion in texto
    texto = texto_visible(
        publico.get(f"/verificar/{segundo.codigo_verificacion}/").content
    )
    assert "Registro auténtico y vigente." in texto

    # The municipality's list marks which one is in force.
    client.force_login(usuario_municipal)
    texto = texto_visible(client.get(f"/solicitudes/{caso.radicado}/").content)
    assert f"Reemplazado por el registro {segundo.codigo_verificacion}" in texto
    assert f"Vigente · reemplaza el registro {primero.codigo_verificacion}" in texto

    # The case page too, and the index says "reemplaza", not "corrige".
    client.force_login(personal["secretario"])
    texto = texto_visible(client.get(f"/admin/solicitudes/inspect/{caso.pk}/").content)
    assert f"reemplazado por el {segundo.codigo_verificacion}" in texto
    assert f"reemplaza el {primero.codigo_verificacion}" in texto
    assert f"corrige el {primero.codigo_verificacion}" not in texto


def test_cada_registro_de_una_actividad_repetida_reemplaza_al_anterior(
    usuario_municipal, personal
):
    """Registro interno (2), oficio (3), acta de compromiso (4) and planilla (5):
    each activity done again leaves one record in force."""
    caso = llevar_a(radicar(usuario_municipal), 6, personal)
    _devolver(caso, personal["archivo"], 5)
    caso.refresh_from_db()
    actividad_brindar_apoyo_completar(
        solicitud=caso,
        actor=personal["profesional"],
        actividad=5,
        resultado=DatosResultado(sin_acuerdo_motivo="El Concejo no ha sesionado."),
    )
    _devolver(caso, personal["archivo"], 2)
    llevar_a(caso, 6, personal)
    for tipo, veces in (
        (TipoDocumento.REGISTRO_INTERNO, 2),
        (TipoDocumento.OFICIO_RESPUESTA, 2),
        (TipoDocumento.ACTA_COMPROMISO, 2),
        (TipoDocumento.PLANILLA_ASESORIAS, 3),
    ):
        documentos = _de_tipo(caso, tipo)
        assert len(documentos) == veces, tipo
        vigentes = [d for d in documentos if not hasattr(d, "reemplazado_por")]
        assert vigentes == [documentos[-1]], tipo
        for anterior, nuevo in zip(documentos, documentos[1:], strict=False):
            assert nuevo.reemplaza_id == anterior.pk, tipo
            assert nuevo.datos["comun"]["corrige"]["codigo_verificacion"] == (
                anterior.codigo_verificacion
            )
    # The sessions' own records are not replaced by another session's.
    for tipo in (TipoDocumento.ACTA_REUNION, TipoDocumento.REGISTRO_ASISTENCIA):
        assert all(d.reemplaza_id is None for d in _de_tipo(caso, tipo))


def test_un_rechazo_tras_la_devolucion_reemplaza_el_oficio_que_aceptaba(
    usuario_municipal, personal
):
    caso = llevar_a(radicar(usuario_municipal), 4, personal)
    _devolver(caso, personal["coordinador"], 3)
    solicitud_rechazar(
        solicitud=caso,
        actor=personal["secretario"],
        actividad=3,
        motivo="fuera_de_alcance",
        fundamentos="No corresponde a la Secretaría.",
    )
    acepta, rechaza = _de_tipo(caso, TipoDocumento.OFICIO_RESPUESTA)
    assert rechaza.reemplaza == acepta
    assert rechaza.datos["aceptada"] is False


def test_el_oficio_firmado_se_queda_con_el_oficio_que_firma(
    client, usuario_municipal, personal
):
    caso = llevar_a(radicar(usuario_municipal), 4, personal)
    procesar_solicitud(caso.pk)
    (primero,) = _de_tipo(caso, TipoDocumento.OFICIO_RESPUESTA)
    firmado = oficio_firmado_adjuntar(
        solicitud=caso, actor=personal["secretario"], archivo=pdf("firmado.pdf")
    )
    _devolver(caso, personal["coordinador"], 3)
    completar(caso, personal)
    procesar_solicitud(caso.pk)
    _primero, segundo = _de_tipo(caso, TipoDocumento.OFICIO_RESPUESTA)

    fila = {
        d.pk: f
        for d, f in zip(
            documentos_del_expediente(caso), indice_expediente(caso), strict=True
        )
    }
    assert f"copia firmada del registro {primero.codigo_verificacion}" in (
        fila[firmado.pk].observaciones
    )
    client.force_login(usuario_municipal)
    texto = texto_visible(client.get(f"/solicitudes/{caso.radicado}/").content)
    assert f"Copia firmada del registro {primero.codigo_verificacion}" in texto
    assert f"Copia firmada del registro {segundo.codigo_verificacion}" not in texto

    # A scan attached now signs the letter in force.
    otro = oficio_firmado_adjuntar(
        solicitud=caso, actor=personal["secretario"], archivo=pdf("firmado2.pdf")
    )
    assert otro.evento.datos["firma_de"] == segundo.codigo_verificacion
