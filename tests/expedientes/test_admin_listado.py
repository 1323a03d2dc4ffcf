"""The requests listing in the admin (SolicitudViewSet): filters, search, sorting,
export with labels (no formula injection in CSV) and queries that do not grow."""

import csv
import datetime
import io

import pytest
from openpyxl import load_workbook

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from expedientes.exportacion import neutralizar
from expedientes.models import Solicitud
from expedientes.plazos import limite_vence_pronto
from tests.casos import llevar_a, radicar
from tests.utils import texto_visible

pytestmark = pytest.mark.django_db

LISTADO = "/admin/solicitudes/"


@pytest.fixture
def casos(usuario_municipal, personal):
    """Three cases: one overdue in activity 2, one due soon in 3, one on time."""
    hoy = timezone.localdate()
    vencida = radicar(usuario_municipal, asunto="Caso vencido")
    pronto = llevar_a(radicar(usuario_municipal, asunto="Caso pronto"), 3, personal)
    a_tiempo = radicar(
        usuario_municipal,
        asunto='=HYPERLINK("http://mal.example")',
        tipo_solicitud="revision_excepcional",
    )
    Solicitud.objects.filter(pk=vencida.pk).update(
        vence_el=hoy - datetime.timedelta(days=1)
    )
    Solicitud.objects.filter(pk=pronto.pk).update(vence_el=limite_vence_pronto(hoy))
    Solicitud.objects.filter(pk=a_tiempo.pk).update(
        vence_el=hoy + datetime.timedelta(days=60)
    )
    return {"vencida": vencida, "pronto": pronto, "a_tiempo": a_tiempo}


def radicados(respuesta) -> set[str]:
    html = respuesta.content.decode()
    return {s.radicado for s in Solicitud.objects.all() if s.radicado in html}


def test_filtros_de_plazo(client, personal, casos):
    client.force_login(personal["despacho"])
    vencidas = client.get(LISTADO, {"plazo": "vencida"})
    assert radicados(vencidas) == {casos["vencida"].radicado}
    pronto = client.get(LISTADO, {"plazo": "vence_pronto"})
    assert radicados(pronto) == {casos["pronto"].radicado}
    texto = texto_visible(vencidas.content)
    assert "Vencida" in texto


def test_filtros_de_actividad_estado_anio_tipo_municipio_y_provincia(
    client, personal, casos, municipio, otro_municipio
):
    client.force_login(personal["despacho"])
    assert radicados(client.get(LISTADO, {"actividad_actual": 3})) == {
        casos["pronto"].radicado
    }
    assert radicados(
        client.get(LISTADO, {"tipo_solicitud": "revision_excepcional"})
    ) == {casos["a_tiempo"].radicado}
    anio = casos["vencida"].anio
    Solicitud.objects.filter(pk=casos["vencida"].pk).update(anio=anio - 1)
    assert len(radicados(client.get(LISTADO, {"anio": anio}))) == 2
    assert radicados(client.get(LISTADO, {"anio": anio - 1})) == {
        casos["vencida"].radicado
    }
    assert len(radicados(client.get(LISTADO, {"estado": "en_tramite"}))) == 3
    assert radicados(client.get(LISTADO, {"municipio": otro_municipio.pk})) == set()
    assert len(radicados(client.get(LISTADO, {"provincia": municipio.provincia}))) == 3


def test_filtro_asignada_a(client, personal, casos):
    client.force_login(personal["despacho"])
    # Activity 2 routed the "pronto" case to the Secretario (tests.casos).
    respuesta = client.get(LISTADO, {"asignada_a": personal["secretario"].pk})
    assert radicados(respuesta) == {casos["pronto"].radicado}
    assert "Secretario Prueba" in texto_visible(respuesta.content)


def test_busqueda_por_radicado_municipio_o_asunto(client, personal, casos, municipio):
    client.force_login(personal["despacho"])
    assert radicados(client.get(LISTADO, {"q": casos["pronto"].radicado})) == {
        casos["pronto"].radicado
    }
    assert radicados(client.get(LISTADO, {"q": "vencido"})) == {
        casos["vencida"].radicado
    }
    assert len(radicados(client.get(LISTADO, {"q": municipio.nombre}))) == 3


def test_busqueda_por_registro_interno(client, personal, casos):
    client.force_login(personal["despacho"])
    numero = Solicitud.objects.get(pk=casos["pronto"].pk).numero_registro
    assert numero
    assert radicados(client.get(LISTADO, {"q": numero})) == {casos["pronto"].radicado}
    assert radicados(client.get(LISTADO, {"q": numero.lower()})) == {
        casos["pronto"].radicado
    }


@pytest.mark.parametrize("consulta", ["giron", "GIRÓN", "Girón", "girÓn", "  giron "])
def test_busqueda_por_municipio_sin_tildes_ni_mayusculas(
    client, personal, casos, otro_municipio, consulta
):
    Solicitud.objects.filter(pk=casos["a_tiempo"].pk).update(municipio=otro_municipio)
    client.force_login(personal["despacho"])
    assert radicados(client.get(LISTADO, {"q": consulta})) == {
        casos["a_tiempo"].radicado
    }


@pytest.mark.parametrize(
    "consulta",
    ["jose nunez", "JOSÉ ÑÚÑEZ", "José Ñúñez Álvarez", "alvarez", "ÁLVAREZ", "ñuñez"],
)
def test_busqueda_por_solicitante_sin_tildes_ni_mayusculas(
    client, personal, casos, consulta
):
    Solicitud.objects.filter(pk=casos["vencida"].pk).update(
        nombre_solicitante="José Ñúñez Álvarez"
    )
    client.force_login(personal["despacho"])
    assert radicados(client.get(LISTADO, {"q": consulta})) == {
        casos["vencida"].radicado
    }


def test_busqueda_sin_tildes_en_el_asunto_y_sin_comodines(client, personal, casos):
    Solicitud.objects.filter(pk=casos["a_tiempo"].pk).update(
        asunto="Revisión general del EOT"
    )
    client.force_login(personal["despacho"])
    assert radicados(client.get(LISTADO, {"q": "REVISION GENERAL"})) == {
        casos["a_tiempo"].radicado
    }
    # % and _ are letters typed, not wildcards.
    assert radicados(client.get(LISTADO, {"q": "%"})) == set()
    assert radicados(client.get(LISTADO, {"q": "_"})) == set()


def test_por_defecto_las_abiertas_por_urgencia_y_luego_las_cerradas(
    client, personal, casos, usuario_municipal
):
    """Overdue first, then due soonest, then on time, then those with no deadline
    running (suspended), then the closed ones, though filed later."""
    suspendida = radicar(usuario_municipal, asunto="Caso suspendido")
    Solicitud.objects.filter(pk=suspendida.pk).update(
        estado="suspendida", vence_el=None
    )
    rechazada = radicar(usuario_municipal, asunto="Caso rechazado")
    Solicitud.objects.filter(pk=rechazada.pk).update(estado="rechazada", vence_el=None)
    archivada = radicar(usuario_municipal, asunto="Caso archivado")
    Solicitud.objects.filter(pk=archivada.pk).update(estado="archivada", vence_el=None)
    esperado = [
        casos["vencida"].radicado,
        casos["pronto"].radicado,
        casos["a_tiempo"].radicado,
        suspendida.radicado,
        archivada.radicado,
        rechazada.radicado,
    ]
    client.force_login(personal["despacho"])
    html = client.get(LISTADO).content.decode()
    assert sorted(esperado, key=html.index) == esperado
    # The same order when searching or filtering, and in the export.
    buscados = [r for r in esperado if r != casos["a_tiempo"].radicado]
    html = client.get(LISTADO, {"q": "caso"}).content.decode()
    assert radicados(client.get(LISTADO, {"q": "caso"})) == set(buscados)
    assert sorted(buscados, key=html.index) == buscados
    contenido = b"".join(
        client.get(LISTADO, {"export": "csv"}).streaming_content
    ).decode("utf-8-sig")
    filas = list(csv.DictReader(io.StringIO(contenido), delimiter=";"))
    assert [f["Radicado"] for f in filas] == esperado
    # A column chosen by the person still orders by it.
    html = client.get(LISTADO, {"ordering": "-radicada_en"}).content.decode()
    assert sorted(esperado, key=html.index) == [
        archivada.radicado,
        rechazada.radicado,
        suspendida.radicado,
        casos["a_tiempo"].radicado,
        casos["pronto"].radicado,
        casos["vencida"].radicado,
    ]
    html = client.get(LISTADO, {"ordering": "radicada_en"}).content.decode()
    assert sorted(esperado, key=html.index)[0] == casos["vencida"].radicado


def test_columnas_ordenables_y_nombre_de_la_actividad(client, personal, casos):
    client.force_login(personal["despacho"])
    respuesta = client.get(LISTADO, {"ordering": "vence_el"})
    html = respuesta.content.decode()
    assert html.index(casos["vencida"].radicado) < html.index(casos["pronto"].radicado)
    assert html.index(casos["pronto"].radicado) < html.index(casos["a_tiempo"].radicado)
    respuesta = client.get(LISTADO, {"ordering": "-vence_el"})
    html = respuesta.content.decode()
    assert html.index(casos["a_tiempo"].radicado) < html.index(
        casos["vencida"].radicado
    )
    assert "3. Definir el alcance" in texto_visible(html)


def test_exportar_csv_con_etiquetas_y_sin_formulas(client, personal, casos):
    client.force_login(personal["despacho"])
    respuesta = client.get(LISTADO, {"export": "csv", "ordering": "vence_el"})
    assert respuesta.status_code == 200
    assert respuesta["Content-Type"] == "text/csv; charset=utf-8"
    crudo = b"".join(respuesta.streaming_content)
    # A BOM, so that Excel reads UTF-8; ";", Excel's separator where the decimal
    # separator is the comma (Colombia).
    assert crudo.startswith(b"\xef\xbb\xbf")
    contenido = crudo.decode("utf-8-sig")
    assert "Qué solicita" in contenido
    filas = list(csv.DictReader(io.StringIO(contenido), delimiter=";"))
    assert len(filas) == 3
    assert {"Radicado", "Municipio", "Actividad actual", "Estado"} <= set(filas[0])
    assert filas[0]["Estado"] == "En trámite"
    assert filas[1]["Actividad actual"].startswith("3. Definir el alcance")
    assert filas[1]["Asignada a"] == "Secretario Prueba"
    assert filas[2]["Qué solicita"] == "Revisión excepcional"
    assert filas[2]["Asunto"] == '\'=HYPERLINK("http://mal.example")'
    for fila in filas:
        for valor in fila.values():
            assert not valor.startswith(("=", "+", "-", "@", "\t", "\r"))


def test_exportar_xlsx_con_etiquetas(client, personal, casos):
    client.force_login(personal["despacho"])
    respuesta = client.get(LISTADO, {"export": "xlsx"})
    assert respuesta.status_code == 200
    libro = load_workbook(io.BytesIO(b"".join(respuesta.streaming_content)))
    filas = list(libro.active.iter_rows(values_only=True))
    assert filas[0][0] == "Radicado"
    assert "En trámite" in filas[1]
    celdas = [c for fila in libro.active.iter_rows() for c in fila]
    assert all(c.data_type != "f" for c in celdas)


@pytest.mark.parametrize(
    ("valor", "esperado"),
    [
        ("=1+1", "'=1+1"),
        ("+57 300", "'+57 300"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Bucaramanga", "Bucaramanga"),
        (3, 3),
    ],
)
def test_neutralizar(valor, esperado):
    assert neutralizar(valor) == esperado


def test_las_consultas_no_crecen_con_las_filas(
    client, personal, usuario_municipal, casos
):
    client.force_login(personal["despacho"])
    client.get(LISTADO)  # warm caches (site settings, permissions)
    with CaptureQueriesContext(connection) as pocas:
        client.get(LISTADO)
    for _ in range(4):
        radicar(usuario_municipal)
    with CaptureQueriesContext(connection) as muchas:
        client.get(LISTADO)
    assert len(muchas) == len(pocas)


def test_el_admin_en_espanol_con_el_nombre_de_la_entidad(client, personal, casos):
    client.force_login(personal["despacho"])
    caso = f"/admin/solicitudes/inspect/{casos['pronto'].pk}/"
    for url in ("/admin/", LISTADO, caso):
        html = client.get(url).content.decode()
        assert "<title>" in html
        titulo = html.split("<title>")[1].split("</title>")[0]
        assert "Gobernación de Santander" in titulo and "Wagtail" not in titulo
        assert "Wagtail" not in texto_visible(html), url
    html = client.get(LISTADO).content.decode()
    for ingles in ("Filter by", "Show filters", "Sort by", "Search…"):
        assert ingles not in html
    assert "Filtrar por" in html and "Ordenar por «Vence el»" in html
    client.logout()
    texto = texto_visible(client.get("/admin/login/").content)
    assert "Ingreso del personal · Secretaría de Planeación" in texto
    assert "Contraseña" in texto and "Wagtail" not in texto
