"""Recording and correcting the acts of a plan: who, when, from where; history."""

import datetime

import pytest

from django.contrib.auth.models import Group
from wagtail.models import ModelLogEntry

from expedientes.models import Municipio
from planes.constants import EstadoVigencia, FuenteRegistro, TipoActo
from planes.models import ActoPlan, PlanMunicipal
from planes.services import (
    DatosActo,
    PlanError,
    acto_corregir,
    acto_registrar,
    planes_asegurar,
)
from tests.planes.casos import con_plan, registrador

D = datetime.date


def datos(**cambios):
    base = {
        "tipo": TipoActo.ADOPCION,
        "tipo_plan": "PBOT",
        "clase": "acuerdo",
        "numero": "018",
        "fecha": D(2003, 12, 20),
        "fuente": FuenteRegistro.ACTO_DEL_MUNICIPIO,
        "fuente_detalle": "Oficio 123",
    }
    return DatosActo(**{**base, **cambios})


def test_la_carga_inicial_deja_los_87_por_verificar(municipios):
    planes_asegurar()
    assert PlanMunicipal.objects.count() == 87
    assert not PlanMunicipal.objects.filter(verificado=True).exists()
    # Nothing invented: no act without a known source.
    assert not ActoPlan.objects.exclude(fuente=FuenteRegistro.CARGA_INICIAL).exists()


def test_registrar_un_acto_calcula_periodo_y_plazos(leyes, municipio):
    acto = con_plan(municipio, tipo_plan="PBOT", numero="018", fecha=D(2003, 12, 20))
    plan = PlanMunicipal.objects.get(municipio=municipio)
    assert plan.acto_base == acto and plan.tipo_plan == "PBOT" and plan.verificado
    assert str(plan.periodo_adopcion) == "2001-2003"
    assert (plan.fin_corto, plan.fin_mediano, plan.fin_largo) == (
        D(2007, 12, 31),
        D(2011, 12, 31),
        D(2015, 12, 31),
    )
    # Long term ended: revision due, the plan is still in force.
    assert plan.estado(D(2026, 12, 7)) == EstadoVigencia.LARGO_CUMPLIDO
    assert "sigue vigente" in EstadoVigencia.LARGO_CUMPLIDO.label
    assert plan.estado(D(2010, 1, 1)) == EstadoVigencia.CORTO_CUMPLIDO
    assert acto.registrado_por == registrador()
    assert acto.registrado_en is not None
    assert ModelLogEntry.objects.filter(action="planes.registrar_acto").count() == 1


def test_una_modificacion_excepcional_no_reinicia_los_plazos(leyes, municipio):
    con_plan(municipio, fecha=D(2014, 4, 30))
    con_plan(
        municipio,
        numero="003",
        fecha=D(2021, 2, 1),
        tipo=TipoActo.MODIFICACION_EXCEPCIONAL,
    )
    plan = PlanMunicipal.objects.get(municipio=municipio)
    assert plan.acto_base.numero == "011"
    assert plan.fin_largo == D(2027, 12, 31)


def test_corregir_deja_el_historial(leyes, municipio):
    acto = con_plan(municipio, numero="11", fecha=D(2014, 4, 30))
    nuevo = acto_corregir(
        acto=acto,
        datos=datos(numero="011", fecha=D(2014, 5, 30), tipo_plan="POT"),
        motivo="El número y la fecha del Acuerdo publicado en la Gaceta",
        actor=registrador(),
    )
    assert ActoPlan.objects.filter(pk=acto.pk).exists()  # the old row stays
    assert nuevo.corrige == acto and nuevo.motivo.startswith("El número")
    plan = PlanMunicipal.objects.get(municipio=municipio)
    assert plan.acto_base == nuevo and plan.tipo_plan == "POT"
    with pytest.raises(PlanError, match="ya fue corregido"):
        acto_corregir(acto=acto, datos=datos(), motivo="otra", actor=registrador())
    with pytest.raises(PlanError, match="motivo"):
        acto_corregir(acto=nuevo, datos=datos(), motivo=" ", actor=registrador())
    assert ModelLogEntry.objects.filter(action="planes.corregir_acto").count() == 1


def test_solo_quien_tiene_el_permiso_registra(leyes, personal, municipio):
    with pytest.raises(PlanError):
        acto_registrar(
            municipio=municipio, datos=datos(), actor=personal["profesional"]
        )
    seguimiento = Group.objects.get(name="Seguimiento y evaluación")
    assert seguimiento.permissions.filter(codename="add_actoplan").exists()
    acto = acto_registrar(municipio=municipio, datos=datos(), actor=personal["archivo"])
    assert acto.registrado_por == personal["archivo"]


@pytest.mark.parametrize(
    ("cambio", "campo"),
    [
        ({"fecha": D(2999, 1, 1)}, "fecha"),
        ({"fecha": D(1990, 1, 1)}, "fecha"),
        ({"numero": " "}, "numero"),
        ({"fuente": FuenteRegistro.CARGA_INICIAL}, "fuente"),
    ],
)
def test_datos_rechazados_sin_guardar_nada(leyes, municipio, cambio, campo):
    with pytest.raises(PlanError) as error:
        acto_registrar(municipio=municipio, datos=datos(**cambio), actor=registrador())
    assert error.value.campo == campo
    assert not ActoPlan.objects.exists()


def test_un_municipio_nuevo_tiene_su_plan_al_registrar(leyes, municipios):
    nuevo = Municipio.objects.create(
        codigo_divipola="68999", nombre="Prueba", autoridad_ambiental="CAS"
    )
    con_plan(nuevo)
    assert nuevo.plan_de_registro is not None or PlanMunicipal.objects.get(
        municipio=nuevo
    )
