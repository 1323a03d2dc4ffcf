"""Legal terms and the terms of a plan's contents, against a calendar written out
by hand here (not the ``holidays`` library the code uses)."""

import datetime

import pytest

from planes.constants import UnidadPlazo
from planes.models import PeriodoConstitucional, PlazoLegal
from planes.plazos import vencimiento, vigencias

D = datetime.date

#: Colombia's holidays of 2026 (Ley 51 de 1983, Ley 2578 de 2026 for 13 July),
#: written out for this test.
FESTIVOS_2026 = {
    D(2026, 1, 1), D(2026, 1, 12), D(2026, 3, 23), D(2026, 4, 2), D(2026, 4, 3),
    D(2026, 5, 1), D(2026, 5, 18), D(2026, 6, 8), D(2026, 6, 15), D(2026, 6, 29),
    D(2026, 7, 13), D(2026, 7, 20), D(2026, 8, 7), D(2026, 8, 17), D(2026, 10, 12),
    D(2026, 11, 2), D(2026, 11, 16), D(2026, 12, 8), D(2026, 12, 25),
}  # fmt: skip


def habiles_a_mano(desde, n):
    fecha, contados = desde, 0
    while contados < n:
        fecha += datetime.timedelta(days=1)
        if fecha.weekday() < 5 and fecha not in FESTIVOS_2026:
            contados += 1
    return fecha


def test_30_dias_habiles_del_consejo_territorial():
    # From Monday 1 June 2026: four Monday holidays in June and July, one of them
    # the new 13 July (Ley 2578 de 2026).
    fin = vencimiento(cantidad=30, unidad=UnidadPlazo.DIAS_HABILES, desde=D(2026, 6, 1))
    assert fin == D(2026, 7, 17) == habiles_a_mano(D(2026, 6, 1), 30)


def test_los_dias_habiles_saltan_semana_santa():
    fin = vencimiento(cantidad=5, unidad=UnidadPlazo.DIAS_HABILES, desde=D(2026, 3, 31))
    assert fin == D(2026, 4, 9)


@pytest.mark.parametrize(
    "desde",
    [
        D(2026, 1, 2) + datetime.timedelta(days=k) for k in range(0, 270, 7)
    ],  # ends in 2026,
)
def test_45_dias_habiles_de_la_concertacion_contra_el_calendario(desde):
    fin = vencimiento(cantidad=45, unidad=UnidadPlazo.DIAS_HABILES, desde=desde)
    assert fin == habiles_a_mano(desde, 45)
    assert fin.weekday() < 5 and fin not in FESTIVOS_2026


def test_90_dias_calendario_y_el_ultimo_dia_festivo():
    # 9 September + 90 calendar days = Tuesday 8 December (Inmaculada Concepción):
    # extended to the next business day.
    desde = D(2026, 9, 9)
    assert desde + datetime.timedelta(days=90) == D(2026, 12, 8)
    fin = vencimiento(cantidad=90, unidad=UnidadPlazo.DIAS_CALENDARIO, desde=desde)
    assert fin == D(2026, 12, 9)
    # Ending on a Wednesday: the 90th day itself, holidays in between count.
    fin = vencimiento(
        cantidad=90, unidad=UnidadPlazo.DIAS_CALENDARIO, desde=D(2026, 6, 1)
    )
    assert fin == D(2026, 8, 30) + datetime.timedelta(days=1)  # Sun 30 -> Mon 31


def test_calendario_y_habiles_no_son_lo_mismo():
    desde = D(2026, 6, 1)
    assert vencimiento(
        cantidad=30, unidad=UnidadPlazo.DIAS_CALENDARIO, desde=desde
    ) == D(2026, 7, 1)
    assert vencimiento(cantidad=30, unidad=UnidadPlazo.DIAS_HABILES, desde=desde) == D(
        2026, 7, 17
    )


def test_un_plazo_en_periodos_no_se_cuenta_en_dias():
    with pytest.raises(ValueError):
        vencimiento(cantidad=1, unidad=UnidadPlazo.PERIODOS, desde=D(2026, 1, 1))


# --- The terms of a plan's contents (Ley 388 de 1997, art. 28) ------------------

PERIODOS = [
    (D(1998, 1, 1), D(2000, 12, 31)),
    (D(2001, 1, 1), D(2003, 12, 31)),
    (D(2004, 1, 1), D(2007, 12, 31)),
    (D(2008, 1, 1), D(2011, 12, 31)),
    (D(2012, 1, 1), D(2015, 12, 31)),
    (D(2016, 1, 1), D(2019, 12, 31)),
    (D(2020, 1, 1), D(2023, 12, 31)),
    (D(2024, 1, 1), D(2027, 12, 31)),
    (D(2028, 1, 1), D(2031, 12, 31)),
    (D(2032, 1, 1), D(2035, 12, 31)),
    (D(2036, 1, 1), D(2039, 12, 31)),
]


@pytest.mark.parametrize(
    ("adopcion", "corto", "mediano", "largo"),
    [
        # Adopted in a three-year period: the next ones are of four years.
        (D(2000, 6, 30), D(2003, 12, 31), D(2007, 12, 31), D(2011, 12, 31)),
        (D(2003, 12, 31), D(2007, 12, 31), D(2011, 12, 31), D(2015, 12, 31)),
        (D(2004, 1, 1), D(2011, 12, 31), D(2015, 12, 31), D(2019, 12, 31)),
        (D(2014, 4, 30), D(2019, 12, 31), D(2023, 12, 31), D(2027, 12, 31)),
        (D(2026, 11, 20), D(2031, 12, 31), D(2035, 12, 31), D(2039, 12, 31)),
    ],
)
def test_fin_de_los_contenidos_por_periodos(adopcion, corto, mediano, largo):
    v = vigencias(adopcion, PERIODOS, 1, 2, 3)
    assert (v.fin_corto, v.fin_mediano, v.fin_largo) == (corto, mediano, largo)


def test_sin_periodos_cargados_no_se_inventa_un_fin():
    v = vigencias(D(2034, 5, 1), PERIODOS, 1, 2, 3)
    assert v.fin_corto == D(2039, 12, 31)
    assert v.fin_mediano is None and v.fin_largo is None
    assert vigencias(D(1990, 1, 1), PERIODOS, 1, 2, 3).periodo is None


def test_los_datos_de_la_ley_cargados(leyes):
    periodos = list(PeriodoConstitucional.objects.all())
    assert [str(p) for p in periodos[:5]] == [
        "1995-1997",
        "1998-2000",
        "2001-2003",
        "2004-2007",
        "2008-2011",
    ]
    for anterior, siguiente in zip(periodos, periodos[1:], strict=False):
        assert siguiente.inicio == anterior.fin + datetime.timedelta(days=1)
    assert all(p.inicio.month == p.inicio.day == 1 for p in periodos)
    plazos = {p.clave: p for p in PlazoLegal.objects.all()}
    assert (
        plazos["concertacion_ambiental"].cantidad,
        plazos["concertacion_ambiental"].unidad,
    ) == (45, "dias_habiles")
    assert "Ley 2079 de 2021, art. 26" in plazos["concertacion_ambiental"].norma
    assert (plazos["concepto_ctp"].cantidad, plazos["concepto_ctp"].unidad) == (
        30,
        "dias_habiles",
    )
    assert (
        plazos["adopcion_concejo_revision"].cantidad,
        plazos["adopcion_concejo_revision"].unidad,
    ) == (90, "dias_calendario")
    assert "Ley 810 de 2003, art. 12" in plazos["adopcion_concejo_revision"].norma
    assert [
        plazos[f"vigencia_{c}"].cantidad for c in ("corto", "mediano", "largo")
    ] == [1, 2, 3]
    assert all(p.norma for p in plazos.values())
