"""Open data of the plans board: CSV, JSON, a Frictionless data package validated
with the frictionless library, a DCAT-AP entry and the data dictionary."""

import csv
import datetime
import io
import json

import pytest
from frictionless import Package

from tests.planes.casos import con_plan

D = datetime.date
BASE = "/planes/datos/"


@pytest.fixture
def planes(leyes, municipios):
    from planes.services import planes_asegurar

    planes_asegurar()
    con_plan(municipios.get(codigo_divipola="68001"), fecha=D(2014, 4, 30))


def leer_csv(client):
    respuesta = client.get(BASE + "planes.csv")
    assert respuesta["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.DictReader(io.StringIO(respuesta.content.decode("utf-8"))))


def test_csv_con_divipola_como_texto_y_fechas_iso(client, planes):
    filas = leer_csv(client)
    assert len(filas) == 87
    bucaramanga = next(f for f in filas if f["municipio"] == "Bucaramanga")
    assert bucaramanga["codigo_divipola"] == "68001"
    assert bucaramanga["fecha_acto"] == "2014-04-30"
    assert bucaramanga["fin_largo_plazo"] == "2027-12-31"
    assert bucaramanga["verificado"] == "true"
    aguada = next(f for f in filas if f["codigo_divipola"] == "68013")
    assert aguada["verificado"] == "false" and aguada["estado"] == "sin_datos"


def test_json(client, planes):
    datos = client.get(BASE + "planes.json").json()
    assert datetime.date.fromisoformat(datos["fecha_de_corte"])
    fila = next(m for m in datos["municipios"] if m["codigo_divipola"] == "68001")
    assert isinstance(fila["codigo_divipola"], str)
    assert fila["acto"] == "Acuerdo 011 de 2014" and fila["fecha_acto"] == "2014-04-30"


def test_el_paquete_de_datos_valida(client, planes, tmp_path):
    descriptor = client.get(BASE + "datapackage.json").json()
    (tmp_path / "planes.csv").write_bytes(client.get(BASE + "planes.csv").content)
    descriptor["resources"][0]["path"] = "planes.csv"
    (tmp_path / "datapackage.json").write_text(json.dumps(descriptor))
    informe = Package(str(tmp_path / "datapackage.json")).validate()
    assert informe.valid, informe.flatten(["rowNumber", "fieldName", "message"])
    campos = [c["name"] for c in descriptor["resources"][0]["schema"]["fields"]]
    assert campos[0] == "codigo_divipola"


def test_el_paquete_rechaza_un_csv_roto(client, planes, tmp_path):
    """The validation is real: a date that is not ISO fails it."""
    descriptor = client.get(BASE + "datapackage.json").json()
    texto = client.get(BASE + "planes.csv").content.decode()
    (tmp_path / "planes.csv").write_text(texto.replace("2014-04-30", "30/04/2014"))
    descriptor["resources"][0]["path"] = "planes.csv"
    (tmp_path / "datapackage.json").write_text(json.dumps(descriptor))
    assert not Package(str(tmp_path / "datapackage.json")).validate().valid


def test_dcat_y_diccionario(client, planes):
    respuesta = client.get(BASE + "catalogo.jsonld")
    assert respuesta["Content-Type"].startswith("application/ld+json")
    dcat = json.loads(respuesta.content)
    assert dcat["@type"] == "dcat:Dataset"
    enlaces = {d["dcat:downloadURL"] for d in dcat["dcat:distribution"]}
    assert "http://testserver/planes/datos/planes.csv" in enlaces
    diccionario = client.get(BASE + "diccionario/").content.decode()
    for campo in ("codigo_divipola", "fin_largo_plazo", "verificado", "ISO 8601"):
        assert campo in diccionario
