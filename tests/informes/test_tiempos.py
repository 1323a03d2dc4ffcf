"""Time per activity and punctuality: figures by hand for tests/informes/casos.py's
set (stays known in business days), both percentile paths, a Bogotá date at
23:30, the calendar against plazos, exports, charts and a constant number of
queries."""

import csv
import datetime
import io
from zoneinfo import ZoneInfo

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from expedientes.constants import TipoEvento
from expedientes.models import Solicitud
from expedientes.plazos import dias_habiles_entre
from informes import tiempos
from informes.calendario import calendario_asegurar
from informes.models import DiaCalendario
from tests.factories import SolicitudFactory
from tests.informes.casos import conjunto
from tests.informes.test_informes import _svg

TIEMPOS = "/admin/informes/tiempos/"
POR_ACTIVIDAD = "/admin/informes/puntualidad/actividad/"
POR_MUNICIPIO = "/admin/informes/puntualidad/municipio/"
BOGOTA = ZoneInfo("America/Bogota")


@pytest.fixture
def casos(personal):
    return conjunto()


def test_el_calendario_cuenta_como_plazos(db):
    assert not calendario_asegurar()  # filled by migrate already
    dias = dict(DiaCalendario.objects.values_list("fecha", "habiles"))
    for desde, hasta in [
        (datetime.date(2026, 3, 20), datetime.date(2026, 3, 24)),  # San José
        (datetime.date(2025, 12, 24), datetime.date(2026, 1, 13)),  # Reyes
        (datetime.date(2026, 4, 1), datetime.date(2026, 4, 6)),  # Semana Santa
    ]:
        assert dias[hasta] - dias[desde] == dias_habiles_entre(desde, hasta)
    DiaCalendario.objects.filter(fecha=datetime.date(2026, 1, 12)).update(habiles=0)
    assert calendario_asegurar()  # a changed row is rewritten
    assert not calendario_asegurar()


def test_tiempos_a_mano(client, casos, personal):
    client.force_login(personal["secretario"])
    filas = {f["actividad"]: f for f in client.get(TIEMPOS).context["filas"]}
    # Activity 2: 2, 1, 1, 1. Activity 3: 5 (10 less 5 suspended), 10, 10
    # (rejected), 1 (8 less 7 suspended until it was withdrawn). Activity 4: 8, 8.
    # percentile_cont: position f*(n-1), linear between neighbours.
    assert (filas["2"]["n"], filas["2"]["mediana"], filas["2"]["p90"]) == (4, 1, 1.7)
    assert (filas["3"]["n"], filas["3"]["mediana"], filas["3"]["p90"]) == (4, 7.5, 10)
    assert (filas["4"]["n"], filas["4"]["mediana"], filas["4"]["p90"]) == (2, 8, 8)
    # Total of the closed: C 11, D 9 less 7 suspended = 2.
    assert (filas["Total"]["n"], filas["Total"]["mediana"]) == (2, 6.5)
    assert filas["Total"]["p90"] == 10.1
    assert set(filas) == {"2", "3", "4", "Total"}  # filing is no stay; 5 runs
    raiz = _svg(client.get(TIEMPOS).content)
    assert raiz.find("{http://www.w3.org/2000/svg}title").text.startswith("Días")
    # Filters: San Gil (CAS) is C alone.
    cas = {
        f["actividad"]: f
        for f in client.get(TIEMPOS, {"autoridad": "CAS"}).context["filas"]
    }
    assert (cas["3"]["mediana"], cas["Total"]["mediana"]) == (10, 11)


def test_las_dos_rutas_del_percentil_coinciden(casos):
    assert tiempos.percentil_cont([1, 5, 10, 10], 0.5) == 7.5
    assert tiempos.percentil_cont([7], 0.9) == 7
    assert tiempos.percentil_cont([], 0.5) is None
    filas = tiempos.percentiles(tiempos.tramos(Solicitud.objects.all()), "actividad")
    assert {a: n for a, (n, _p) in filas.items()} == {2: 4, 3: 4, 4: 2}
    if connection.vendor == "postgresql":  # the aggregate against the fallback
        for actividad, (_n, (mediana, p90)) in filas.items():
            dias = list(
                tiempos.tramos(Solicitud.objects.filter())
                .filter(actividad=actividad)
                .values_list("dias", flat=True)
            )
            assert mediana == pytest.approx(tiempos.percentil_cont(dias, 0.5))
            assert p90 == pytest.approx(tiempos.percentil_cont(dias, 0.9))


def test_un_paso_a_las_23_30_cuenta_el_dia_de_bogota(client, casos, personal):
    """B's scope (end of activity 3, start of 4) moved to 23:30 of its own day in
    Bogotá, 04:30 of the next in UTC: still 10 and 8 business days."""
    evento = casos["B"].eventos.get(tipo=TipoEvento.COMPLETADA, actividad=3)
    local = evento.fecha.astimezone(BOGOTA)
    tarde = local.replace(hour=23, minute=30)
    assert tarde.astimezone(datetime.UTC).date() != local.date()
    type(evento).objects.filter(pk=evento.pk).update(fecha=tarde)
    dias = dict(
        tiempos.tramos(Solicitud.objects.filter(pk=casos["B"].pk)).values_list(
            "actividad", "dias"
        )
    )
    assert dias == {2: 1, 3: 10, 4: 8}


def test_puntualidad_a_mano(client, casos, personal):
    """Terms of the seed: activity 2 two business days, 3 and 4 ten each.
    Activity 2: 2, 1, 1, 1 on time. Activity 3: 5, 10, 10, 1 on time (the
    suspended days do not count). Activity 4: 8, 8 on time."""
    client.force_login(personal["coordinador"])
    filas = {f["actividad"]: f for f in client.get(POR_ACTIVIDAD).context["filas"]}
    assert {a: (f["n"], f["a_tiempo"]) for a, f in filas.items()} == {
        2: (4, 4),
        3: (4, 4),
        4: (2, 2),
    }
    assert filas[3]["suspendidas"] == 2 and filas[2]["suspendidas"] == 0
    assert (
        sum(f["tarde"] + f["muy_tarde"] + f["sin_plazo"] for f in filas.values()) == 0
    )


def test_puntualidad_tarde_y_muy_tarde(client, personal):
    from tests.informes.casos import caso

    caso("68001", -30, (-27, "registrar"), (-22, "alcance"))  # 2: 3 (late), 3: 5
    caso("68307", -30, (-25, "registrar"), (-24, "alcance"))  # 2: 5 (> twice 2)
    client.force_login(personal["secretario"])
    filas = {f["actividad"]: f for f in client.get(POR_ACTIVIDAD).context["filas"]}
    assert (filas[2]["a_tiempo"], filas[2]["tarde"], filas[2]["muy_tarde"]) == (0, 1, 1)
    assert filas[3]["a_tiempo"] == 2
    municipios = {f["municipio"]: f for f in client.get(POR_MUNICIPIO).context["filas"]}
    assert municipios["Bucaramanga"]["tarde"] == 1
    assert municipios["Girón"]["muy_tarde"] == 1
    assert municipios["Girón"]["n"] == 2
    respuesta = client.get(POR_MUNICIPIO, {"export": "csv"})
    texto = b"".join(respuesta.streaming_content).decode("utf-8")
    lineas = list(csv.reader(io.StringIO(texto)))
    assert lineas[0][:4] == [
        "Municipio",
        "Pasos terminados",
        "A tiempo",
        "Tarde (hasta el doble del plazo)",
    ]
    assert ["Girón", "2", "1", "0", "1"] == lineas[2][:5]
    _svg(client.get(POR_MUNICIPIO).content)


@pytest.mark.parametrize("url", [TIEMPOS, POR_ACTIVIDAD, POR_MUNICIPIO])
def test_las_consultas_no_crecen_con_los_casos(client, personal, url):
    client.force_login(personal["secretario"])
    conjunto()
    client.get(url)
    with CaptureQueriesContext(connection) as pocas:
        client.get(url)
    for n in range(12):
        SolicitudFactory(
            municipio=("68001", "68307", "68679")[n % 3],
            en_actividad=2 + n % 4,
            suspendida=n % 5 == 0,
            rechazada=n % 7 == 0,
        )
    with CaptureQueriesContext(connection) as muchas:
        client.get(url)
    assert len(muchas) == len(pocas)


@pytest.mark.parametrize("url", [TIEMPOS, POR_ACTIVIDAD, POR_MUNICIPIO])
def test_solo_quien_ve_informes(client, personal, url):
    client.force_login(personal["profesional"])
    assert client.get(url, {"export": "xlsx"}).status_code == 302
