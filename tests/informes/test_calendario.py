"""The business-day calendar is checked only after a migrate that applied
migrations, and a table emptied by a flush (every transactional test ends with
one) is filled by the first report that counts with it."""

import datetime

import pytest

from django.core.management import call_command

from expedientes.models import Solicitud
from informes import tiempos
from informes.calendario import al_migrar, filas_esperadas
from informes.models import DiaCalendario, Tramo
from tests.informes.casos import conjunto

DIA = datetime.date(2026, 1, 12)  # Reyes, moved to Monday: no business day


def _estropear() -> int:
    fila = DiaCalendario.objects.get(fecha=DIA)
    DiaCalendario.objects.filter(fecha=DIA).update(habiles=0)
    return fila.habiles


def test_solo_una_migracion_real_revisa_el_calendario(db):
    bien = _estropear()
    al_migrar(None, plan=[])  # `migrate` with nothing to apply
    al_migrar(None)  # `flush` sends post_migrate without a plan
    assert DiaCalendario.objects.get(fecha=DIA).habiles == 0
    al_migrar(None, plan=[("informes", "0002", False)])
    assert DiaCalendario.objects.get(fecha=DIA).habiles == bien


def test_un_informe_llena_el_calendario_vacio(db, personal):
    conjunto()
    antes = sorted(
        tiempos.tramos(Solicitud.objects.all()).values_list("evento_id", "dias")
    )
    DiaCalendario.objects.all().delete()
    assert not Tramo.objects.exists()  # no calendar, no durations
    despues = sorted(
        tiempos.tramos(Solicitud.objects.all()).values_list("evento_id", "dias")
    )
    assert despues == antes and len(antes) == 10
    assert DiaCalendario.objects.count() == len(filas_esperadas())


@pytest.mark.django_db(transaction=True)
def test_tras_un_flush_las_vistas_siguen_y_el_calendario_se_llena():
    call_command("flush", interactive=False, verbosity=0)
    assert not DiaCalendario.objects.exists()  # flush does not refill it
    assert not Tramo.objects.exists()  # the view is still there (and empty)
    assert not tiempos.totales(Solicitud.objects.all()).exists()
    assert DiaCalendario.objects.count() == len(filas_esperadas())
