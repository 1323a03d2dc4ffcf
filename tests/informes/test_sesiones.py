"""Sessions held and commitments open or overdue by municipality: sessions
recorded through the service (activity 5), figures by hand."""

import datetime

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from expedientes.constants import Institucion, Modalidad
from expedientes.models import Compromiso
from expedientes.services.compromisos import compromiso_cumplir
from expedientes.services.sesiones import (
    DatosAsistente,
    DatosCompromiso,
    DatosSesion,
    sesion_registrar,
)
from tests.factories import SolicitudFactory
from tests.informes.test_informes import _svg

SESIONES = "/admin/informes/sesiones/"


def _sesion(caso, personal, horas_atras: int, *limites):
    hoy = timezone.localdate()
    return sesion_registrar(
        solicitud=caso,
        actor=personal["profesional"],
        actividad=5,
        sesion=DatosSesion(
            fecha=timezone.now().replace(microsecond=0)
            - datetime.timedelta(hours=horas_atras),
            modalidad=Modalidad.VIRTUAL,
            lugar="Reunión virtual",
            temas="Diagnóstico",
            asistentes=[DatosAsistente("Ana Ruiz", Institucion.GOBERNACION)],
            compromisos=[
                DatosCompromiso(
                    f"Compromiso {i}",
                    "Municipio",
                    None if dias is None else hoy + datetime.timedelta(days=dias),
                )
                for i, dias in enumerate(limites)
            ],
        ),
    )


@pytest.fixture
def sesiones(personal):
    bucaramanga = SolicitudFactory(municipio="68001", en_actividad=5)
    otra = SolicitudFactory(municipio="68001", en_actividad=5)
    giron = SolicitudFactory(municipio="68307", en_actividad=5)
    _sesion(bucaramanga, personal, 3, -1, 2)  # one overdue, one open
    _sesion(bucaramanga, personal, 2, None)
    _sesion(otra, personal, 2)
    _sesion(giron, personal, 1, -3)
    return bucaramanga, otra, giron


def test_sesiones_a_mano(client, sesiones, personal):
    client.force_login(personal["secretario"])
    respuesta = client.get(SESIONES)
    filas = {f["municipio"]: f for f in respuesta.context["filas"]}
    assert filas["Bucaramanga"] == {
        "municipio": "Bucaramanga",
        "sesiones": 3,
        "casos": 2,
        "compromisos_abiertos": 3,
        "compromisos_vencidos": 1,
    }
    assert (filas["Girón"]["sesiones"], filas["Girón"]["compromisos_vencidos"]) == (
        1,
        1,
    )
    assert set(filas) == {"Bucaramanga", "Girón"}
    _svg(respuesta.content)
    # A commitment marked fulfilled is neither open nor overdue any more.
    vencido = Compromiso.objects.get(
        sesion__solicitud=sesiones[0], fecha_limite__lt=timezone.localdate()
    )
    compromiso_cumplir(
        solicitud=sesiones[0], actor=personal["profesional"], compromiso=vencido.pk
    )
    filas = {f["municipio"]: f for f in client.get(SESIONES).context["filas"]}
    assert (
        filas["Bucaramanga"]["compromisos_abiertos"],
        filas["Bucaramanga"]["compromisos_vencidos"],
    ) == (2, 0)
    solo = client.get(SESIONES, {"municipio": sesiones[2].municipio_id})
    assert [f["municipio"] for f in solo.context["filas"]] == ["Girón"]


def test_exportar_sesiones(client, sesiones, personal):
    client.force_login(personal["archivo"])
    respuesta = client.get(SESIONES, {"export": "xlsx"})
    import io

    import openpyxl

    hoja = openpyxl.load_workbook(
        io.BytesIO(b"".join(respuesta.streaming_content))
    ).active
    valores = list(hoja.values)
    assert valores[0][0] == "Municipio"
    assert valores[1] == ("Bucaramanga", 3, 2, 3, 1)


def test_las_consultas_no_crecen(client, sesiones, personal):
    client.force_login(personal["secretario"])
    client.get(SESIONES)
    with CaptureQueriesContext(connection) as pocas:
        client.get(SESIONES)
    for n in range(4):
        caso = SolicitudFactory(municipio=("68679", "68001")[n % 2], en_actividad=5)
        _sesion(caso, personal, 1, -2, None)
    with CaptureQueriesContext(connection) as muchas:
        client.get(SESIONES)
    assert len(muchas) == len(pocas)
    client.force_login(personal["ventanilla"])
    assert client.get(SESIONES).status_code == 302
