"""Activity 5 records only what happened: a session or an Acuerdo dated after today
(Bogotá) or before the request was filed is refused, with a message naming the
field and nothing saved; sessions are numbered and listed by their date."""

from __future__ import annotations

import dataclasses
import datetime

import pytest

from django.utils import timezone

from expedientes.constants import TipoDocumento
from expedientes.demo.reloj import reloj
from expedientes.models import Documento, SesionAsesoria
from expedientes.registros import PlanillaAsesorias
from expedientes.services import (
    DatosResultado,
    SolicitudError,
    actividad_brindar_apoyo_completar,
    sesion_registrar,
)
from tests.casos import pdf, radicada_el, sesion
from tests.factories import SolicitudFactory
from tests.utils import archivos_privados, texto_visible

pytestmark = pytest.mark.django_db

BOGOTA = datetime.timezone(datetime.timedelta(hours=-5))


def _en_bogota(dia: datetime.date, hora: int, minuto: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(dia, datetime.time(hora, minuto), tzinfo=BOGOTA)


def _registrar(caso, personal, fecha):
    return sesion_registrar(
        solicitud=caso,
        actor=personal["profesional"],
        actividad=5,
        sesion=dataclasses.replace(sesion(), fecha=fecha),
    )


def _sin_rastro(caso, documentos_antes: int) -> None:
    assert not SesionAsesoria.objects.filter(solicitud=caso).exists()
    assert Documento.objects.filter(solicitud=caso).count() == documentos_antes


def test_una_sesion_de_dentro_de_dos_semanas_no_se_registra(personal):
    caso = SolicitudFactory(en_actividad=5)
    antes = caso.documentos.count()
    futura = timezone.now() + datetime.timedelta(days=14)
    with pytest.raises(SolicitudError) as error:
        _registrar(caso, personal, futura)
    assert error.value.campo == "fecha"
    mensaje = str(error.value)
    assert mensaje.startswith("Fecha y hora de la sesión")
    assert timezone.localtime(futura).strftime("%d/%m/%Y %H:%M") in mensaje
    assert "aún no ha llegado" in mensaje
    _sin_rastro(caso, antes)


def test_una_sesion_de_hoy_a_una_hora_que_no_llega_no_se_registra(personal):
    caso = SolicitudFactory(en_actividad=5)
    antes = caso.documentos.count()
    ahora = timezone.now()
    with reloj(ahora), pytest.raises(SolicitudError, match="aún no ha llegado"):
        _registrar(caso, personal, ahora + datetime.timedelta(minutes=20))
    _sin_rastro(caso, antes)


def test_una_sesion_anterior_a_la_radicacion_no_se_registra(personal):
    caso = SolicitudFactory(en_actividad=5)
    caso = radicada_el(caso, timezone.localdate() - datetime.timedelta(days=10))
    antes = caso.documentos.count()
    dia = timezone.localdate() - datetime.timedelta(days=11)
    with pytest.raises(SolicitudError) as error:
        _registrar(caso, personal, _en_bogota(dia, 10))
    assert error.value.campo == "fecha"
    assert "anterior a la radicación" in str(error.value)
    assert dia.strftime("%d/%m/%Y") in str(error.value)
    _sin_rastro(caso, antes)
    # The day it was filed and any day since are sessions that happened.
    _registrar(caso, personal, _en_bogota(dia + datetime.timedelta(days=1), 8))


def test_a_las_23_30_de_bogota_manana_aun_no_ha_llegado(personal):
    """At 23:30 in Bogotá it is already tomorrow in UTC: tomorrow 00:10 Bogotá
    is still to come, and so is an Acuerdo dated tomorrow."""
    caso = SolicitudFactory(en_actividad=5)
    hoy = timezone.localdate()
    manana = hoy + datetime.timedelta(days=1)
    noche = _en_bogota(hoy, 23, 30)
    with reloj(noche):
        with pytest.raises(SolicitudError, match="aún no ha llegado"):
            _registrar(caso, personal, _en_bogota(manana, 0, 10))
        _registrar(caso, personal, _en_bogota(hoy, 22, 0))
        with pytest.raises(SolicitudError) as error:
            actividad_brindar_apoyo_completar(
                solicitud=caso,
                actor=personal["profesional"],
                actividad=5,
                resultado=DatosResultado(
                    acuerdo_numero="014",
                    acuerdo_fecha=manana,
                    acuerdo_pdf=pdf("acuerdo.pdf", "Acuerdo 014"),
                ),
            )
        assert error.value.campo == "acuerdo_fecha"
        assert f"hasta hoy, {hoy:%d/%m/%Y}" in str(error.value)


@pytest.mark.parametrize(
    ("dias", "texto"), [(450, "aún no ha llegado"), (-40, "anterior a la radicación")]
)
def test_un_acuerdo_fuera_de_fecha_no_se_registra_ni_deja_archivo(
    personal, dias, texto
):
    caso = SolicitudFactory(en_actividad=5)
    caso = radicada_el(caso, timezone.localdate() - datetime.timedelta(days=30))
    _registrar(caso, personal, timezone.now().replace(microsecond=0))
    antes = caso.documentos.count()
    archivos_antes = sorted(archivos_privados())
    fecha = timezone.localdate() + datetime.timedelta(days=dias)
    with pytest.raises(SolicitudError, match=texto) as error:
        actividad_brindar_apoyo_completar(
            solicitud=caso,
            actor=personal["profesional"],
            actividad=5,
            resultado=DatosResultado(
                acuerdo_numero="009",
                acuerdo_fecha=fecha,
                acuerdo_pdf=pdf("acuerdo.pdf", "Acuerdo 009"),
            ),
        )
    assert error.value.campo == "acuerdo_fecha"
    assert str(error.value).startswith("Fecha del Acuerdo: el " + f"{fecha:%d/%m/%Y}")
    caso.refresh_from_db()
    assert caso.actividad_actual == 5
    assert caso.documentos.count() == antes
    assert not caso.documentos.filter(tipo=TipoDocumento.ACUERDO_MUNICIPAL).exists()
    assert sorted(archivos_privados()) == archivos_antes


def test_las_sesiones_se_numeran_por_su_fecha(personal):
    caso = SolicitudFactory(en_actividad=5)
    caso = radicada_el(caso, timezone.localdate() - datetime.timedelta(days=30))
    hace = [timezone.localdate() - datetime.timedelta(days=d) for d in (20, 10, 15)]
    primera = _registrar(caso, personal, _en_bogota(hace[0], 9))
    segunda = _registrar(caso, personal, _en_bogota(hace[1], 9))
    # Typed after the 10-days-ago one, but held before it: it would need the
    # number printed on the later one's records.
    with pytest.raises(SolicitudError) as error:
        _registrar(caso, personal, _en_bogota(hace[2], 9))
    assert error.value.campo == "fecha"
    assert f"la sesión No. 2, del {hace[1]:%d/%m/%Y} 09:00" in str(error.value)
    assert [primera.numero, segunda.numero] == [1, 2]
    # Two on the same day are numbered by their time.
    tercera = _registrar(caso, personal, _en_bogota(hace[1], 15))
    assert tercera.numero == 3
    actividad_brindar_apoyo_completar(
        solicitud=caso,
        actor=personal["profesional"],
        actividad=5,
        resultado=DatosResultado(sin_acuerdo_motivo="El Concejo no ha sesionado."),
    )
    planilla = caso.documentos.get(tipo=TipoDocumento.PLANILLA_ASESORIAS)
    filas = PlanillaAsesorias.desde_json(planilla.datos).filas
    assert [f.numero for f in filas] == [1, 2, 3]
    assert [timezone.localdate(f.fecha) for f in filas] == [hace[0], hace[1], hace[1]]


def test_el_formulario_muestra_el_error_junto_a_la_fecha(client, personal):
    from tests.expedientes.test_admin_caso import accion_url, datos_sesion

    caso = SolicitudFactory(en_actividad=5)
    client.force_login(personal["profesional"])
    futura = timezone.localtime() + datetime.timedelta(days=14)
    respuesta = client.post(
        accion_url(caso, "registrar_sesion"),
        datos_sesion(fecha=futura.strftime("%Y-%m-%dT%H:%M")),
    )
    assert respuesta.status_code == 409
    errores = respuesta.context["form"].errors
    assert "aún no ha llegado" in " ".join(errores["fecha"])
    assert "__all__" not in errores
    assert "aún no ha llegado" in texto_visible(respuesta.content)
    assert not SesionAsesoria.objects.filter(solicitud=caso).exists()

    # The Acuerdo's date, beside its own field.
    _registrar(caso, personal, timezone.now().replace(microsecond=0))
    respuesta = client.post(
        accion_url(caso, "completar"),
        {
            "actividad": 5,
            "acuerdo_numero": "012",
            "acuerdo_fecha": "2027-03-01",
            "acuerdo_pdf": pdf("acuerdo.pdf", "Acuerdo 012"),
        },
    )
    assert respuesta.status_code == 409
    errores = respuesta.context["form"].errors
    assert "01/03/2027 aún no ha llegado" in " ".join(errores["acuerdo_fecha"])
    caso.refresh_from_db()
    assert caso.actividad_actual == 5
