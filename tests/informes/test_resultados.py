"""Outcomes of the advice: acts adopted after it (the case's own Acuerdo or any
act in force in the municipality's plan of record, dated from the first held
session on) and the time from that session to the adoption. Cases walked
through the real services (sessions, activity 5 with its Acuerdo, the archive
that writes the plan of record, an act the municipality sent), figures by hand;
filters, CSV/XLSX, the menu, who sees it, constant queries."""

import csv
import datetime
import io

import openpyxl
import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from expedientes.constants import Institucion, Modalidad, MotivoRechazo
from expedientes.plazos import dias_habiles_entre
from expedientes.services import (
    DatosAsistente,
    DatosResultado,
    DatosSesion,
    actividad_brindar_apoyo_completar,
    sesion_registrar,
    solicitud_rechazar,
)
from planes.constants import TipoActo
from planes.models import ActoPlan
from tests.casos import archivar, llevar_a, pdf, radicada_el, radicar
from tests.factories import SolicitudFactory
from tests.informes.test_informes import _svg
from tests.planes.casos import con_plan

RESULTADOS = "/admin/informes/resultados/"
D = datetime.date


def _cuenta(django_user_model, codigo: str):
    from expedientes.models import Municipio

    municipio = Municipio.objects.get(codigo_divipola=codigo)
    return django_user_model.objects.create_user(
        f"planeacion.{codigo}",
        f"planeacion@{codigo}.gov.co",
        "clave-municipal-2026",
        municipio=municipio,
    )


def _en_bogota(dia: datetime.date, hora: int, minuto: int = 0) -> datetime.datetime:
    return timezone.make_aware(
        datetime.datetime.combine(dia, datetime.time(hora, minuto))
    )


def _asesoria(cuenta, personal, radicada, sesiones, acuerdo=None):
    """A case filed on ``radicada``, its sessions held at ``sesiones`` (Bogotá),
    activity 5 completed with ``acuerdo`` (number, date) or without one."""
    caso = llevar_a(radicada_el(radicar(cuenta), radicada), 5, personal)
    for momento in sesiones:
        sesion_registrar(
            solicitud=caso,
            actor=personal["profesional"],
            actividad=5,
            sesion=DatosSesion(
                fecha=momento,
                modalidad=Modalidad.VIRTUAL,
                lugar="Reunión virtual",
                temas="Diagnóstico",
                asistentes=[DatosAsistente("Ana Ruiz", Institucion.GOBERNACION)],
            ),
        )
    if acuerdo:
        numero, fecha = acuerdo
        resultado = DatosResultado(
            acuerdo_numero=numero,
            acuerdo_fecha=fecha,
            acuerdo_pdf=pdf("acuerdo.pdf", f"Acuerdo {numero}"),
        )
    else:
        resultado = DatosResultado(sin_acuerdo_motivo="El Concejo aún lo estudia.")
    actividad_brindar_apoyo_completar(
        solicitud=caso, actor=personal["profesional"], actividad=5, resultado=resultado
    )
    return caso


@pytest.fixture
def asesorias(personal, usuario_municipal, django_user_model):
    """Five archived advisory cases, and the act each is credited with (the
    earliest dated from its first session on, its own Acuerdo or the plan's):

    ==  ===========  ======================  ===========  ============  =====  =====
    ..  municipio    first session (Bogotá)  Acuerdo      act           days   plan
    ==  ===========  ======================  ===========  ============  =====  =====
    A   Bucaramanga  03/03/2025 10:00        011 20/06    011 20/06     109    yes
    B   Bucaramanga  20/01/2025 23:30        007 10/03    007 10/03     49     no
    C   Girón        12/05/2025 09:00        004 30/09    004 30/09     141    yes
    D   Girón        02/06/2025 09:00        none         C's 004       120    yes
    E   San Gil      20/04/2025 09:00        002 10/04    sent 14/11    208    yes
    ==  ===========  ======================  ===========  ============  =====  =====

    B's Acuerdo is not in the plan (A's later one was already there). D's
    activity 5 closed without an Acuerdo; Girón's Concejo then adopted C's,
    after D's session too. E's own Acuerdo is dated before its first session,
    so it is no outcome; after the archive San Gil sent an exceptional
    modification of 14/11/2025 (``acto_del_municipio``), which is. Plus a Girón
    case rejected in activity 3 and archived (no advice: not counted) and an
    open Bucaramanga case in activity 5 (not archived).

    B's session at 23:30 in Bogotá is already the 21st in UTC: the day counted
    is Bogotá's.
    """
    giron = _cuenta(django_user_model, "68307")
    san_gil = _cuenta(django_user_model, "68679")
    casos = {
        "A": _asesoria(
            usuario_municipal,
            personal,
            D(2025, 2, 3),
            [_en_bogota(D(2025, 3, 3), 10), _en_bogota(D(2025, 4, 1), 10)],
            ("011", D(2025, 6, 20)),
        ),
        "B": _asesoria(
            usuario_municipal,
            personal,
            D(2025, 1, 13),
            [_en_bogota(D(2025, 1, 20), 23, 30)],
            ("007", D(2025, 3, 10)),
        ),
        "C": _asesoria(
            giron,
            personal,
            D(2025, 5, 5),
            [_en_bogota(D(2025, 5, 12), 9)],
            ("004", D(2025, 9, 30)),
        ),
        "D": _asesoria(giron, personal, D(2025, 6, 1), [_en_bogota(D(2025, 6, 2), 9)]),
        "E": _asesoria(
            san_gil,
            personal,
            D(2025, 4, 1),
            [_en_bogota(D(2025, 4, 20), 9)],
            ("002", D(2025, 4, 10)),
        ),
    }
    for clave in "ABCDE":  # A before B: B's older Acuerdo does not replace A's
        archivar(casos[clave], personal)
    # Rejected in activity 3, then archived: no advice, not an outcome.
    casos["rechazada"] = archivar(
        solicitud_rechazar(
            solicitud=llevar_a(radicar(giron), 3, personal),
            actor=personal["secretario"],
            actividad=3,
            motivo=MotivoRechazo.FUERA_DE_ALCANCE,
            fundamentos="No es un plan de ordenamiento.",
        ),
        personal,
    )
    casos["abierta"] = SolicitudFactory(municipio="68001", en_actividad=5)
    con_plan(
        casos["E"].municipio,
        numero="009",
        fecha=D(2025, 11, 14),
        tipo=TipoActo.MODIFICACION_EXCEPCIONAL,
    )
    return casos


def _habiles(desde: datetime.date, hasta: datetime.date) -> int:
    """Business days after ``desde`` up to ``hasta``, counted in Python."""
    return dias_habiles_entre(desde, hasta)


def test_resultados_a_mano(client, asesorias, personal, django_user_model):
    """One set of walked cases (slow to build) read by every check below."""
    assert asesorias["rechazada"].estado == "archivada"
    # The plan of record, as the archive left it: B's Acuerdo is not in it.
    actos = set(
        ActoPlan.objects.filter(fuente="acuerdo_del_caso").values_list(
            "plan__municipio__nombre", "numero"
        )
    )
    assert actos == {("Bucaramanga", "011"), ("Girón", "004"), ("San Gil", "002")}
    assert ActoPlan.objects.filter(
        plan__municipio__nombre="San Gil", numero="009", fuente="acto_del_municipio"
    ).exists()

    client.force_login(personal["secretario"])
    respuesta = client.get(RESULTADOS)
    assert respuesta.status_code == 200
    filas = {f["municipio"]: f for f in respuesta.context["filas"]}
    assert list(filas) == ["Bucaramanga", "Girón", "San Gil", "Total"]

    a = _habiles(D(2025, 3, 3), D(2025, 6, 20))
    b = _habiles(D(2025, 1, 20), D(2025, 3, 10))
    c = _habiles(D(2025, 5, 12), D(2025, 9, 30))
    d = _habiles(D(2025, 6, 2), D(2025, 9, 30))
    e = _habiles(D(2025, 4, 20), D(2025, 11, 14))
    # 20/01 to 10/03/2025: 35 weekdays, no holiday in between.
    assert b == 35
    assert filas["Bucaramanga"] == {
        "municipio": "Bucaramanga",
        "terminadas": 2,
        "con_acto": 2,
        "en_plan": 1,
        "medidas": 2,
        "mediana_calendario": 79.0,  # (49 + 109) / 2
        "p90_calendario": 103.0,  # 49 + 0.9 * 60
        "mediana_habiles": (a + b) / 2,
        "p90_habiles": round(b + 0.9 * (a - b), 1),
    }
    assert filas["Girón"] == {
        "municipio": "Girón",
        "terminadas": 2,
        "con_acto": 2,
        "en_plan": 2,
        "medidas": 2,
        "mediana_calendario": 130.5,  # (120 + 141) / 2
        "p90_calendario": 138.9,  # 120 + 0.9 * 21
        "mediana_habiles": (c + d) / 2,
        "p90_habiles": round(min(c, d) + 0.9 * abs(c - d), 1),
    }
    assert filas["San Gil"] == {
        "municipio": "San Gil",
        "terminadas": 1,
        "con_acto": 1,
        "en_plan": 1,
        "medidas": 1,
        "mediana_calendario": 208.0,  # 20/04 to 14/11/2025
        "p90_calendario": 208.0,
        "mediana_habiles": float(e),
        "p90_habiles": float(e),
    }
    orden = sorted([a, b, c, d, e])
    assert filas["Total"] == {
        "municipio": "Total",
        "terminadas": 5,
        "con_acto": 5,
        "en_plan": 4,
        "medidas": 5,
        "mediana_calendario": 120.0,  # 49, 109, 120, 141, 208
        "p90_calendario": 181.2,  # 141 + 0.6 * 67
        "mediana_habiles": float(orden[2]),
        "p90_habiles": round(orden[3] + 0.6 * (orden[4] - orden[3]), 1),
    }

    raiz = _svg(respuesta.content)
    ns = "{http://www.w3.org/2000/svg}"
    assert raiz.find(f"{ns}title").text == (
        "Días calendario de la primera sesión a la adopción"
    )
    etiquetas = [t.text for t in raiz.findall(f"{ns}text")]
    assert "Bucaramanga" in etiquetas and "Girón" in etiquetas
    assert "San Gil" in etiquetas
    barras = [r.find(f"{ns}title").text for r in raiz.findall(f"{ns}rect[{ns}title]")]
    assert "Mediana: Bucaramanga — 79" in barras
    assert "Percentil 90: Girón — 138.9" in barras

    _filtros(client, asesorias)
    _exportar(client)
    _las_consultas_no_crecen(client, personal, django_user_model)


def _filtros(client, asesorias):
    giron = asesorias["C"].municipio_id
    filas = client.get(RESULTADOS, {"municipio": giron}).context["filas"]
    assert [(f["municipio"], f["terminadas"], f["con_acto"]) for f in filas] == [
        ("Girón", 2, 2),
        ("Total", 2, 2),
    ]
    cas = client.get(RESULTADOS, {"autoridad": "CAS"}).context["filas"]
    assert [f["municipio"] for f in cas] == ["San Gil", "Total"]
    # The period is that of filing: A and E were filed in February-April 2025.
    periodo = client.get(
        RESULTADOS, {"periodo_from": "2025-02-01", "periodo_to": "2025-04-30"}
    ).context["filas"]
    assert [(f["municipio"], f["con_acto"]) for f in periodo] == [
        ("Bucaramanga", 1),
        ("San Gil", 1),
        ("Total", 2),
    ]
    vacio = client.get(RESULTADOS, {"periodo_from": "2026-01-01"})
    assert vacio.context["filas"] == []
    assert "No hay solicitudes con esos filtros." in vacio.content.decode()


def _exportar(client):
    respuesta = client.get(RESULTADOS, {"export": "csv"})
    assert respuesta.status_code == 200
    texto = b"".join(respuesta.streaming_content).decode("utf-8")
    filas = list(csv.reader(io.StringIO(texto)))
    assert filas[0] == [
        "Municipio",
        "Asesorías terminadas y archivadas",
        "Con acto adoptado",
        "Acto registrado en el plan",
        "Con tiempo medido",
        "Mediana (días calendario)",
        "Percentil 90 (días calendario)",
        "Mediana (días hábiles)",
        "Percentil 90 (días hábiles)",
    ]
    assert [f[:7] for f in filas[1:]] == [
        ["Bucaramanga", "2", "2", "1", "2", "79.0", "103.0"],
        ["Girón", "2", "2", "2", "2", "130.5", "138.9"],
        ["San Gil", "1", "1", "1", "1", "208.0", "208.0"],
        ["Total", "5", "5", "4", "5", "120.0", "181.2"],
    ]
    respuesta = client.get(RESULTADOS, {"export": "xlsx"})
    hoja = openpyxl.load_workbook(
        io.BytesIO(b"".join(respuesta.streaming_content))
    ).active
    valores = list(hoja.values)
    assert valores[0][:3] == (
        "Municipio",
        "Asesorías terminadas y archivadas",
        "Con acto adoptado",
    )
    assert valores[-1][:7] == ("Total", 5, 5, 4, 5, 120, 181.2)


def test_menu_y_quien_lo_ve(client, personal, usuario_municipal):
    for clave in ("secretario", "coordinador", "archivo"):
        client.force_login(personal[clave])
        assert client.get(RESULTADOS).status_code == 200, clave
        menu = client.get("/admin/").content.decode()  # the sidebar's JSON
        assert '"Resultados de la asesor\\u00eda"' in menu or (
            '"Resultados de la asesoría"' in menu
        ), clave
        assert f'"{RESULTADOS}"' in menu, clave
    for clave in ("despacho", "ventanilla", "profesional"):
        client.force_login(personal[clave])
        for respuesta in (
            client.get(RESULTADOS),
            client.get(RESULTADOS, {"export": "csv"}),
            client.get(RESULTADOS + "resultados/"),
        ):
            assert respuesta.status_code == 302 and respuesta.url == "/admin/", clave
        assert f'"{RESULTADOS}"' not in client.get("/admin/").content.decode(), clave
    client.force_login(usuario_municipal)
    respuesta = client.get(RESULTADOS, {"export": "csv"})
    assert respuesta.status_code in (302, 403)
    assert respuesta["Content-Type"].startswith("text/html")


def _las_consultas_no_crecen(client, personal, django_user_model):
    client.get(RESULTADOS)  # warm the session's and the version's caches
    with CaptureQueriesContext(connection) as pocas:
        client.get(RESULTADOS)
    cuenta = _cuenta(django_user_model, "68081")  # Barrancabermeja, a new row
    for n in range(3):
        caso = _asesoria(
            cuenta,
            personal,
            D(2025, 7, 1),
            [_en_bogota(D(2025, 7, 2 + n), 9)],
            (f"02{n}", D(2025, 8, 1 + n)) if n < 2 else None,
        )
        archivar(caso, personal)
    with CaptureQueriesContext(connection) as muchas:
        respuesta = client.get(RESULTADOS)
    assert "Barrancabermeja" in [f["municipio"] for f in respuesta.context["filas"]]
    assert len(muchas) == len(pocas)


def test_svg_sin_municipios_medidos(client, personal, usuario_municipal):
    """Only an Acuerdo older than its session: a table, no empty chart."""
    caso = _asesoria(
        usuario_municipal,
        personal,
        D(2025, 4, 1),
        [_en_bogota(D(2025, 4, 20), 9)],
        ("002", D(2025, 4, 10)),
    )
    archivar(caso, personal)
    client.force_login(personal["secretario"])
    respuesta = client.get(RESULTADOS)
    assert [f["medidas"] for f in respuesta.context["filas"]] == [0, 0]
    assert 'class="grafico"' not in respuesta.content.decode()
