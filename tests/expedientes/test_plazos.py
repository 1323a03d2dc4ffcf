"""Días hábiles with Colombia's holidays (Ley 1755 de 2015, art. 14)."""

import datetime

import pytest

from expedientes.plazos import dias_habiles_entre, es_dia_habil, sumar_dias_habiles

D = datetime.date


@pytest.mark.parametrize(
    ("desde", "dias", "esperado"),
    [
        # The filing day never counts: Monday + 1 is Tuesday.
        (D(2026, 3, 9), 1, D(2026, 3, 10)),
        (D(2026, 3, 9), 0, D(2026, 3, 9)),
        # Over a weekend: Friday + 1 is Monday; Saturday and Sunday count as Friday.
        (D(2026, 3, 6), 1, D(2026, 3, 9)),
        (D(2026, 3, 7), 1, D(2026, 3, 9)),
        (D(2026, 3, 8), 1, D(2026, 3, 9)),
        (D(2026, 3, 6), 5, D(2026, 3, 13)),
        # Friday 20 March 2026, before San José moved to Monday 23 March.
        (D(2026, 3, 20), 1, D(2026, 3, 24)),
        # Semana Santa 2026: Jueves Santo 2 April and Viernes Santo 3 April.
        (D(2026, 4, 1), 1, D(2026, 4, 6)),
        (D(2026, 3, 31), 3, D(2026, 4, 7)),
        # Both at once: the 15 días hábiles of a petition filed on 20 March.
        (D(2026, 3, 20), 15, D(2026, 4, 15)),
        # Across the year: 1 January 2027 is a Friday holiday.
        (D(2026, 12, 31), 1, D(2027, 1, 4)),
        # Christmas on Friday, then a weekend.
        (D(2026, 12, 24), 1, D(2026, 12, 28)),
        # Immaculate Conception, Tuesday 8 December 2026.
        (D(2026, 12, 7), 1, D(2026, 12, 9)),
    ],
)
def test_sumar_dias_habiles(desde, dias, esperado):
    assert sumar_dias_habiles(desde, dias) == esperado


@pytest.mark.parametrize(
    ("fecha", "habil"),
    [
        (D(2026, 3, 20), True),  # Friday
        (D(2026, 3, 21), False),  # Saturday
        (D(2026, 3, 23), False),  # San José (moved to Monday)
        (D(2026, 3, 19), True),  # 19 March itself is a working Thursday
        (D(2026, 4, 2), False),  # Jueves Santo
        (D(2026, 4, 3), False),  # Viernes Santo
        (D(2026, 4, 6), True),  # Monday after Easter
        (D(2026, 7, 20), False),  # Independence Day
        (D(2026, 8, 7), False),  # Batalla de Boyacá
    ],
)
def test_es_dia_habil(fecha, habil):
    assert es_dia_habil(fecha) is habil


def test_dias_habiles_entre_es_el_inverso_de_sumar():
    desde = D(2026, 3, 20)
    for dias in range(0, 40):
        assert dias_habiles_entre(desde, sumar_dias_habiles(desde, dias)) == dias
    # Negative once the date has passed: overdue by so many business days.
    assert dias_habiles_entre(D(2026, 4, 15), D(2026, 3, 20)) == -15
