"""The public board /planes/: every municipality, filters and sorting by GET,
the terms with their norms, no personal data, cached and invalidated."""

import datetime

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from expedientes.models import Municipio
from planes.constants import TipoActo
from tests.planes.casos import con_plan, registrador
from tests.utils import texto_visible

URL = "/planes/"
D = datetime.date


@pytest.fixture
def planes(leyes, municipios):
    from planes.services import planes_asegurar

    planes_asegurar()
    bucaramanga = municipios.get(codigo_divipola="68001")
    giron = municipios.get(codigo_divipola="68307")
    con_plan(bucaramanga, tipo_plan="POT", numero="011", fecha=D(2014, 4, 30))
    con_plan(giron, tipo_plan="POT", numero="100", fecha=D(2010, 8, 2))
    return bucaramanga, giron


def filas(respuesta):
    return [m.nombre for m in respuesta.context["filas"]]


def test_el_tablero_muestra_los_87(client, planes):
    respuesta = client.get(URL)
    assert respuesta.status_code == 200
    texto = texto_visible(respuesta.content)
    assert "Estado de los planes de ordenamiento territorial de Santander" in texto
    assert len(filas(respuesta)) == 87
    assert "Acuerdo 011 de 2014" in texto and "2016-2019" not in texto
    assert "2012-2015" in texto  # Bucaramanga's period of adoption
    assert "no que el plan haya perdido vigencia" in texto
    assert "deben verificarse" in texto
    # The terms with their norms, and where the reading is debated.
    assert "Ley 2079 de 2021, art. 26" in texto
    assert "Ley 810 de 2003, art. 12" in texto
    assert "Ley 4 de 1913, art. 62" in texto
    assert "Otra lectura cuenta el período de adopción" in texto


def test_filtros_y_orden_sin_javascript(client, planes):
    assert len(filas(client.get(URL, {"autoridad": "CDMB"}))) == 13
    assert len(filas(client.get(URL, {"provincia": "Soto Norte"}))) == 6
    assert filas(client.get(URL, {"tipo": "POT", "orden": "anio"})) == [
        "Girón",
        "Bucaramanga",
    ]
    assert len(filas(client.get(URL, {"tipo": "sin_registro"}))) == 85
    # Girón: adopted 2010 (period 2008-2011), long term ended 2023: revision due.
    assert filas(client.get(URL, {"estado": "largo_cumplido"})) == ["Girón"]
    assert filas(client.get(URL, {"estado": "mediano_cumplido"})) == ["Bucaramanga"]
    primero = filas(client.get(URL, {"orden": "estado"}))[:2]
    assert primero == ["Girón", "Bucaramanga"]
    # An unknown value is ignored, not a 500.
    assert len(filas(client.get(URL, {"estado": "x", "orden": "y"}))) == 87
    html = client.get(URL).content.decode()
    assert '<form method="get"' in html and "<script" not in html


def test_las_consultas_no_crecen_con_los_datos(client, planes, municipios):
    client.get(URL)
    with CaptureQueriesContext(connection) as pocos:
        client.get(URL, {"orden": "estado"})
    for m in municipios.exclude(codigo_divipola__in=["68001", "68307"])[:40]:
        con_plan(m, tipo_plan="EOT", numero="1", fecha=D(2001, 3, 1))
        con_plan(
            m,
            numero="2",
            fecha=D(2005, 3, 1),
            tipo=TipoActo.MODIFICACION_EXCEPCIONAL,
        )
    with CaptureQueriesContext(connection) as muchos:
        client.get(URL, {"orden": "estado"})
    assert len(muchos) == len(pocos)
    for formato in ("planes.csv", "planes.json"):
        with CaptureQueriesContext(connection) as consultas:
            client.get(URL + "datos/" + formato)
        assert len(consultas) <= len(pocos)


def test_ningun_dato_personal_en_lo_publico(client, planes):
    quien = registrador()
    quien.first_name, quien.last_name = "Rosalba", "Quintero"
    quien.save()
    for ruta in (
        "",
        "datos/planes.csv",
        "datos/planes.json",
        "datos/datapackage.json",
        "datos/catalogo.jsonld",
        "datos/diccionario/",
    ):
        contenido = client.get(URL + ruta).content.decode()
        for dato in (quien.username, quien.email, "Rosalba", "Quintero", "Oficio del"):
            assert dato not in contenido, (ruta, dato)


def test_la_cache_se_invalida_al_registrar(client, planes, con_cache):
    primera = client.get(URL).content
    with CaptureQueriesContext(connection) as consultas:
        assert client.get(URL).content == primera
    assert len(consultas) == 0  # served from the page cache
    piedecuesta = Municipio.objects.get(codigo_divipola="68547")
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        con_plan(piedecuesta, tipo_plan="POT", numero="028", fecha=D(2023, 11, 9))
    assert "Acuerdo 028 de 2023" in client.get(URL).content.decode()
    assert (
        "Acuerdo 028 de 2023" in client.get(URL + "datos/planes.csv").content.decode()
    )


def test_se_imprime_y_cabe_en_un_telefono(client, planes):
    from django.contrib.staticfiles import finders

    with open(finders.find("css/portal.css"), encoding="utf-8") as archivo:
        assert ".no-imprimir, .filtros { display: none; }" in archivo.read()
    html = client.get(URL).content.decode()
    assert 'class="tabla-desplazable" role="region"' in html
