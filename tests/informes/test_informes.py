"""The Secretaría's reports: figures against the rows counted here in Python, the
filters, CSV/XLSX, the SVG chart parsed, who may see them, and a number of
queries that does not grow with the cases."""

import csv
import io
import re
import xml.etree.ElementTree as ET

import openpyxl
import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from expedientes.models import Solicitud
from tests.factories import SolicitudFactory

ACTIVIDAD = "/admin/informes/por-actividad/"
MES = "/admin/informes/por-mes/"


@pytest.fixture
def casos(personal):
    return [
        SolicitudFactory(municipio="68001", en_actividad=2),
        SolicitudFactory(municipio="68001", en_actividad=2),
        SolicitudFactory(municipio="68307", en_actividad=4, suspendida=True),
        SolicitudFactory(municipio="68679", en_actividad=5),  # San Gil, CAS
    ]


def _svg(contenido: bytes) -> ET.Element:
    texto = contenido.decode()
    (svg,) = re.findall(r"<svg [^>]*class=\"grafico\".*?</svg>", texto, re.S)
    raiz = ET.fromstring(svg)  # noqa: S314 (our own page)
    assert raiz.get("role") == "img"
    return raiz


def test_por_actividad_a_mano(client, casos, personal):
    client.force_login(personal["secretario"])
    respuesta = client.get(ACTIVIDAD)
    assert respuesta.status_code == 200
    filas = {f["actividad"]: f for f in respuesta.context["filas"]}
    hoy = timezone.localdate()
    assert {a: f["total"] for a, f in filas.items()} == {2: 2, 4: 1, 5: 1}
    assert {a: f["suspendidas"] for a, f in filas.items()} == {2: 0, 4: 1, 5: 0}
    vencidas = {2: 0, 4: 0, 5: 0}
    for caso in Solicitud.objects.filter(estado="en_tramite"):
        if caso.vence_el and caso.vence_el < hoy:
            vencidas[caso.actividad_actual] += 1
    assert {a: f["vencidas"] for a, f in filas.items()} == vencidas
    raiz = _svg(respuesta.content)
    ns = "{http://www.w3.org/2000/svg}"
    assert raiz.find(f"{ns}title").text == "Solicitudes abiertas en cada actividad"
    assert len(raiz.findall(f"{ns}rect")) >= 9  # 3 activities x 3 series
    # Filters: CAS leaves San Gil only; a municipality, its own.
    cas = client.get(ACTIVIDAD, {"autoridad": "CAS"}).context["filas"]
    assert [(f["actividad"], f["total"]) for f in cas] == [(5, 1)]
    giron = casos[2].municipio_id
    solo = client.get(ACTIVIDAD, {"municipio": giron}).context["filas"]
    assert [(f["actividad"], f["suspendidas"]) for f in solo] == [(4, 1)]


def test_exportar_csv_y_xlsx(client, casos, personal):
    client.force_login(personal["archivo"])
    respuesta = client.get(ACTIVIDAD, {"export": "csv"})
    assert respuesta.status_code == 200
    texto = b"".join(respuesta.streaming_content).decode("utf-8")
    filas = list(csv.reader(io.StringIO(texto)))
    assert filas[0] == ["Actividad", "Nombre", "Abiertas", "Suspendidas", "Vencidas"]
    assert [(f[0], f[2]) for f in filas[1:]] == [("2", "2"), ("4", "1"), ("5", "1")]
    respuesta = client.get(MES, {"export": "xlsx"})
    contenido = b"".join(respuesta.streaming_content)
    hoja = openpyxl.load_workbook(io.BytesIO(contenido)).active
    valores = list(hoja.values)
    assert valores[0][:2] == ("Mes", "Radicadas")
    assert len(valores) == 13  # heading and the last twelve months
    assert sum(v[1] for v in valores[1:]) == 4


def test_por_mes_a_mano(client, casos, personal):
    client.force_login(personal["coordinador"])
    respuesta = client.get(MES)
    filas = {f["mes"]: f for f in respuesta.context["filas"]}
    esperadas: dict[str, int] = {}
    for caso in Solicitud.objects.all():
        mes = timezone.localtime(caso.radicada_en).strftime("%Y-%m")
        esperadas[mes] = esperadas.get(mes, 0) + 1
    for mes, n in esperadas.items():
        assert filas[mes]["radicadas"] == n
    assert sum(f["radicadas"] for f in filas.values()) == 4
    assert sum(f["radicadas_anio_anterior"] for f in filas.values()) == 0
    assert sum(f["cerradas"] for f in filas.values()) == 0
    _svg(respuesta.content)


def test_quien_ve_los_informes(client, casos, personal, usuario_municipal):
    for clave in ("secretario", "coordinador", "archivo"):
        client.force_login(personal[clave])
        assert client.get(ACTIVIDAD).status_code == 200, clave
    for clave in ("despacho", "ventanilla", "profesional"):
        client.force_login(personal[clave])
        # Wagtail's admin turns PermissionDenied into a redirect to its home.
        for respuesta in (client.get(ACTIVIDAD), client.get(MES, {"export": "csv"})):
            assert respuesta.status_code == 302 and respuesta.url == "/admin/", clave
    client.force_login(usuario_municipal)
    respuesta = client.get(ACTIVIDAD, {"export": "csv"})
    assert respuesta.status_code in (302, 403)
    assert respuesta["Content-Type"].startswith("text/html")


@pytest.mark.parametrize("url", [ACTIVIDAD, MES])
def test_las_consultas_no_crecen_con_los_casos(client, personal, url):
    client.force_login(personal["secretario"])
    SolicitudFactory(municipio="68001", en_actividad=3)
    client.get(url)  # warm the caches of the session and the version
    with CaptureQueriesContext(connection) as pocas:
        client.get(url)
    for n in range(12):
        SolicitudFactory(
            municipio=("68001", "68307", "68679")[n % 3],
            en_actividad=2 + n % 4,
            suspendida=n % 5 == 0,
        )
    with CaptureQueriesContext(connection) as muchas:
        client.get(url)
    assert len(muchas) == len(pocas)
