"""The plans' admin: Seguimiento y evaluación records and corrects acts; the
history stays; other roles read; nobody deletes."""

import pytest

from planes.models import ActoPlan, PlanMunicipal
from planes.services import planes_asegurar
from tests.utils import texto_visible

ACTOS = "/admin/actos_plan/"
PLANES = "/admin/planes/"


@pytest.fixture
def plan(leyes, personal, municipio):
    planes_asegurar()
    return PlanMunicipal.objects.get(municipio=municipio)


def datos(plan, **cambios):
    return {
        "plan": plan.pk,
        "tipo": "adopcion",
        "tipo_plan": "POT",
        "clase": "acuerdo",
        "numero": "011",
        "fecha": "2014-04-30",
        "fuente": "acto_del_municipio",
        "fuente_detalle": "Oficio 2026-45",
        **cambios,
    }


def test_seguimiento_registra_y_corrige(client, plan, personal):
    client.force_login(personal["archivo"])
    assert client.get(ACTOS + "new/").status_code == 200
    respuesta = client.post(ACTOS + "new/", datos(plan))
    assert respuesta.status_code == 302, texto_visible(respuesta.content)
    acto = ActoPlan.objects.get()
    assert acto.registrado_por == personal["archivo"]
    respuesta = client.post(
        ACTOS + f"edit/{acto.pk}/",
        {**datos(plan, numero="012"), "motivo": "Número mal transcrito"},
    )
    assert respuesta.status_code == 302, texto_visible(respuesta.content)
    assert ActoPlan.objects.count() == 2
    lista = texto_visible(client.get(ACTOS).content)
    assert "Reemplazado por una corrección" in lista and "En vigor" in lista
    assert "Acuerdo 012 de 2014" in texto_visible(client.get(PLANES).content)
    # A correction without a reason is refused, nothing saved.
    nuevo = ActoPlan.objects.get(numero="012")
    respuesta = client.post(ACTOS + f"edit/{nuevo.pk}/", datos(plan))
    assert respuesta.status_code == 200
    assert ActoPlan.objects.count() == 2
    # Nobody deletes an act.
    client.post(ACTOS + f"delete/{acto.pk}/")
    assert ActoPlan.objects.filter(pk=acto.pk).exists()


def test_una_fecha_futura_se_rechaza_junto_al_campo(client, plan, personal):
    client.force_login(personal["archivo"])
    respuesta = client.post(ACTOS + "new/", datos(plan, fecha="2999-01-01"))
    assert respuesta.status_code == 200
    assert "posterior a hoy" in texto_visible(respuesta.content)
    assert not ActoPlan.objects.exists()


def test_otros_roles_solo_leen(client, plan, personal):
    client.force_login(personal["profesional"])
    assert client.get(PLANES).status_code == 200
    assert client.get(ACTOS + "new/").status_code in (302, 403)
    client.post(ACTOS + "new/", datos(plan))
    assert not ActoPlan.objects.exists()
