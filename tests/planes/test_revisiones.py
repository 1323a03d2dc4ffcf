"""The revision under way: its legal clocks against the calendar written out by
hand in test_plazos (not the ``holidays`` library), the rules of its milestones,
the stage on the public board, and who may record a milestone."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from django.utils import timezone

from planes.constants import EtapaRevision, TipoHito, TipoRevision
from planes.models import HitoRevision, PlazoLegal, RevisionPlan
from planes.revisiones import EstadoReloj, relojes
from planes.services import (
    DatosHito,
    PlanError,
    hito_corregir,
    hito_registrar,
    planes_asegurar,
    revision_abrir,
)
from tests.planes.casos import registrador
from tests.planes.test_plazos import FESTIVOS_2026, habiles_a_mano
from tests.utils import texto_visible

D = datetime.date
BOGOTA = ZoneInfo("America/Bogota")
#: 23:30 in Bogotá on Friday 18 December 2026 is already the 19th in UTC.
NOCHE = datetime.datetime(2026, 12, 18, 23, 30, tzinfo=BOGOTA)


@pytest.fixture
def noche():
    with time_machine.travel(NOCHE, tick=False):
        yield


def _plazos():
    return {p.clave: p for p in PlazoLegal.objects.all()}


def _reloj(lista, clave):
    return next(r for r in lista if r.clave == clave)


def test_relojes_contra_el_calendario(leyes):
    hitos = {
        TipoHito.RADICACION_CAR: D(2026, 6, 1),
        TipoHito.RADICACION_JUNTA: D(2026, 6, 1),
        TipoHito.CONCERTACION_CAR: D(2026, 8, 3),
        TipoHito.CONCEPTO_JUNTA: D(2026, 8, 6),
        TipoHito.RADICACION_CTP: D(2026, 8, 10),
        TipoHito.CONCEPTO_CTP: D(2026, 9, 1),
        TipoHito.RADICACION_CONCEJO: D(2026, 9, 9),
    }
    lista = relojes(
        hitos=hitos,
        plazos=_plazos(),
        tipo_revision=TipoRevision.REVISION_GENERAL,
        metropolitano=True,
        hoy=D(2026, 11, 2),
    )
    assert [r.clave for r in lista] == [
        "concertacion_ambiental",
        "junta_metropolitana",
        "concepto_ctp",
        "radicacion_concejo",
        "adopcion_concejo_revision",
    ]
    car = _reloj(lista, "concertacion_ambiental")
    # 45 business days from 1 June 2026: the June and July Monday holidays skipped.
    assert car.vence == habiles_a_mano(D(2026, 6, 1), 45) == D(2026, 8, 11)
    assert car.estado == EstadoReloj.CUMPLIDO
    assert _reloj(lista, "junta_metropolitana").estado == EstadoReloj.CUMPLIDO
    ctp = _reloj(lista, "concepto_ctp")
    assert ctp.vence == habiles_a_mano(D(2026, 8, 10), 30)
    assert ctp.unidad == "dias_habiles" and "art. 24 num. 3" in ctp.norma
    concejo = _reloj(lista, "radicacion_concejo")
    assert concejo.vence == habiles_a_mano(D(2026, 9, 1), 30)
    assert concejo.estado == EstadoReloj.CUMPLIDO
    # 90 calendar days from 9 September end on 8 December, a holiday: the next
    # business day (the debated reading, printed with the term).
    adopcion = _reloj(lista, "adopcion_concejo_revision")
    assert D(2026, 12, 8) in FESTIVOS_2026
    assert adopcion.vence == D(2026, 12, 9)
    assert adopcion.estado == EstadoReloj.CORRE
    assert "se discute" in adopcion.debate and "Ley 810 de 2003" in adopcion.norma


def test_plan_nuevo_60_habiles_y_estados_del_reloj(leyes):
    hitos = {TipoHito.RADICACION_CONCEJO: D(2026, 9, 9)}
    vence = habiles_a_mano(D(2026, 9, 9), 60)

    def estado(hoy, **mas):
        (reloj,) = relojes(
            hitos={**hitos, **mas},
            plazos=_plazos(),
            tipo_revision=TipoRevision.PLAN_NUEVO,
            metropolitano=False,
            hoy=hoy,
        )
        assert reloj.clave == "adopcion_concejo_plan" and reloj.vence == vence
        return reloj

    assert vence != D(2026, 12, 9)  # business, not calendar, days
    assert estado(D(2026, 10, 1)).estado == EstadoReloj.CORRE
    cerca = estado(vence - datetime.timedelta(days=1))
    assert cerca.estado == EstadoReloj.VENCE_PRONTO
    assert cerca.dias_habiles_restantes == 1
    assert estado(vence).estado == EstadoReloj.VENCE_PRONTO
    assert estado(vence + datetime.timedelta(days=1)).estado == EstadoReloj.VENCIDO
    tarde = estado(D(2027, 3, 1), adopcion=vence + datetime.timedelta(days=1))
    assert tarde.estado == EstadoReloj.CUMPLIDO_TARDE


def test_sin_area_metropolitana_no_hay_reloj_de_la_junta(leyes):
    lista = relojes(
        hitos={TipoHito.RADICACION_CAR: D(2026, 6, 1)},
        plazos=_plazos(),
        tipo_revision=TipoRevision.REVISION_GENERAL,
        metropolitano=False,
        hoy=D(2026, 6, 2),
    )
    assert [r.clave for r in lista] == ["concertacion_ambiental"]


def _hito(tipo, fecha, **mas):
    return DatosHito(
        tipo=tipo,
        fecha=fecha,
        fuente="municipio",
        fuente_detalle="Oficio 2026-100",
        **mas,
    )


@pytest.fixture
def revision(leyes, municipios):
    planes_asegurar()
    return revision_abrir(
        municipio=municipios.get(codigo_divipola="68307"),  # Girón, AMB, CDMB
        tipo=TipoRevision.REVISION_GENERAL,
        inicio=D(2026, 1, 15),
        fuente_detalle="Oficio del municipio",
        actor=registrador(),
    )


def test_hitos_en_orden_fechas_de_bogota_y_correccion(noche, revision):
    actor = registrador()
    with pytest.raises(PlanError, match="Antes registre"):
        hito_registrar(
            revision=revision,
            datos=_hito(TipoHito.CONCERTACION_CAR, D(2026, 6, 1)),
            actor=actor,
        )
    # 19 December is today in UTC, tomorrow in Bogotá.
    with pytest.raises(PlanError, match="posterior a hoy"):
        hito_registrar(
            revision=revision,
            datos=_hito(TipoHito.RADICACION_CAR, D(2026, 12, 19)),
            actor=actor,
        )
    with pytest.raises(PlanError, match="anterior al inicio"):
        hito_registrar(
            revision=revision,
            datos=_hito(TipoHito.RADICACION_CAR, D(2026, 1, 2)),
            actor=actor,
        )
    assert not HitoRevision.objects.exists()
    hito = hito_registrar(
        revision=revision,
        datos=_hito(TipoHito.RADICACION_CAR, D(2026, 12, 18)),
        actor=actor,
    )
    revision.refresh_from_db()
    assert revision.etapa == EtapaRevision.CONCERTACION
    with pytest.raises(PlanError, match="ya está registrado"):
        hito_registrar(
            revision=revision,
            datos=_hito(TipoHito.RADICACION_CAR, D(2026, 12, 1)),
            actor=actor,
        )
    with pytest.raises(PlanError, match="motivo"):
        hito_corregir(
            hito=hito,
            datos=_hito(TipoHito.FORMULACION, D(2026, 12, 1)),
            motivo=" ",
            actor=actor,
        )
    nuevo = hito_corregir(
        hito=hito,
        datos=_hito(TipoHito.FORMULACION, D(2026, 12, 1)),
        motivo="Era el inicio de la formulación",
        actor=actor,
    )
    assert HitoRevision.objects.count() == 2 and nuevo.corrige == hito
    revision.refresh_from_db()
    assert revision.etapa == EtapaRevision.FORMULACION


def test_junta_solo_en_el_area_metropolitana(noche, leyes, municipios):
    planes_asegurar()
    san_gil = revision_abrir(
        municipio=municipios.get(codigo_divipola="68679"),
        tipo=TipoRevision.REVISION_GENERAL,
        inicio=D(2026, 1, 15),
        fuente_detalle="Oficio",
        actor=registrador(),
    )
    with pytest.raises(PlanError, match="Área Metropolitana"):
        hito_registrar(
            revision=san_gil,
            datos=_hito(TipoHito.RADICACION_JUNTA, D(2026, 6, 1)),
            actor=registrador(),
        )
    with pytest.raises(PlanError, match="ya tiene una revisión en curso"):
        revision_abrir(
            municipio=san_gil.plan.municipio,
            tipo=TipoRevision.REVISION_GENERAL,
            inicio=D(2026, 2, 1),
            fuente_detalle="Oficio",
            actor=registrador(),
        )


def test_decreto_solo_vencido_el_termino_del_concejo(noche, revision):
    actor = registrador()
    for tipo, fecha in (
        (TipoHito.RADICACION_CAR, D(2026, 3, 2)),
        (TipoHito.CONCERTACION_CAR, D(2026, 4, 15)),
        (TipoHito.RADICACION_JUNTA, D(2026, 3, 2)),
        (TipoHito.CONCEPTO_JUNTA, D(2026, 4, 20)),
        (TipoHito.RADICACION_CTP, D(2026, 5, 4)),
        (TipoHito.CONCEPTO_CTP, D(2026, 6, 1)),
        (TipoHito.RADICACION_CONCEJO, D(2026, 9, 9)),
    ):
        hito_registrar(revision=revision, datos=_hito(tipo, fecha), actor=actor)
    with pytest.raises(PlanError, match="vence el 09/12/2026"):
        hito_registrar(
            revision=revision,
            datos=_hito(TipoHito.ADOPCION, D(2026, 12, 9), clase="decreto", numero="9"),
            actor=actor,
        )
    hito_registrar(
        revision=revision,
        datos=_hito(TipoHito.ADOPCION, D(2026, 12, 10), clase="decreto", numero="9"),
        actor=actor,
    )
    revision.refresh_from_db()
    assert revision.etapa == EtapaRevision.ADOPTADA
    assert revision.adoptada_el == D(2026, 12, 10)
    with pytest.raises(PlanError, match="ya terminó"):
        hito_registrar(
            revision=revision,
            datos=_hito(TipoHito.DIAGNOSTICO, D(2026, 12, 10)),
            actor=actor,
        )


def test_el_tablero_muestra_la_etapa(
    client, con_cache, noche, revision, django_capture_on_commit_callbacks
):
    giron = "Girón"
    texto = texto_visible(client.get("/planes/").content)
    assert "Seguimiento y evaluación del plan vigente" in texto
    with django_capture_on_commit_callbacks(execute=True):
        hito_registrar(
            revision=revision,
            datos=_hito(TipoHito.RADICACION_CAR, D(2026, 12, 1)),
            actor=registrador(),
        )
    respuesta = client.get("/planes/")
    fila = next(m for m in respuesta.context["filas"] if m.nombre == giron)
    assert fila.etapa_revision == EtapaRevision.CONCERTACION
    assert "Concertación ambiental" in texto_visible(respuesta.content)
    datos = client.get("/planes/datos/planes.json").json()["municipios"]
    assert {f["municipio"]: f["etapa_revision"] for f in datos}[giron] == (
        "concertacion"
    )


# --- Admin -------------------------------------------------------------------

HITOS = "/admin/hitos_revision/"


def _post(revision, **mas):
    return {
        "revision": revision.pk,
        "tipo": "radicacion_car",
        "fecha": "2026-09-01",
        "clase": "",
        "numero": "",
        "fuente": "municipio",
        "fuente_detalle": "Oficio 2026-7",
        **mas,
    }


def test_el_profesional_registra_y_la_pagina_muestra_el_reloj(
    client, noche, personal, revision
):
    from tests.factories import SolicitudFactory

    caso = SolicitudFactory(municipio="68307", en_actividad=5)
    client.force_login(personal["profesional"])
    assert client.get(HITOS + "new/").status_code == 200
    respuesta = client.post(HITOS + "new/", _post(revision))
    assert respuesta.status_code == 302, texto_visible(respuesta.content)
    hito = HitoRevision.objects.get()
    assert hito.registrado_por == personal["profesional"]
    # A refused milestone: the service's message next to the form, nothing saved.
    respuesta = client.post(HITOS + "new/", _post(revision, tipo="concepto_ctp"))
    assert respuesta.status_code == 200
    assert "Antes registre" in texto_visible(respuesta.content)
    assert HitoRevision.objects.count() == 1
    # The edit view corrects through the service: a new row, the old one kept;
    # without a reason nothing is saved.
    assert client.get(HITOS + f"edit/{hito.pk}/").status_code == 200
    respuesta = client.post(HITOS + f"edit/{hito.pk}/", _post(revision))
    assert respuesta.status_code == 200 and HitoRevision.objects.count() == 1
    respuesta = client.post(
        HITOS + f"edit/{hito.pk}/",
        _post(revision, fecha="2026-08-31", motivo="Fecha mal transcrita"),
    )
    assert respuesta.status_code == 302, texto_visible(respuesta.content)
    assert HitoRevision.objects.count() == 2
    hito.refresh_from_db()
    nuevo = HitoRevision.objects.exclude(pk=hito.pk).get()
    assert nuevo.fecha == D(2026, 8, 31) and nuevo.registrado_por == hito.registrado_por
    respuesta = client.post(
        HITOS + f"edit/{nuevo.pk}/",
        _post(revision, fecha="2026-09-01", motivo="Volver a la fecha del oficio"),
    )
    assert respuesta.status_code == 302, texto_visible(respuesta.content)
    pagina = texto_visible(
        client.get(f"/admin/revisiones/inspect/{revision.pk}/").content
    )
    vence = habiles_a_mano(D(2026, 9, 1), 45)  # within 2026's hand calendar
    assert f"{vence:%d/%m/%Y}" in pagina
    assert "Ley 2079 de 2021, art. 26" in pagina and "En debate" in pagina
    assert "Junta Metropolitana" in pagina
    assert caso.radicado in pagina


def test_sin_permiso_no_se_registra(client, noche, personal, revision):
    client.force_login(personal["despacho"])
    assert client.get(HITOS + "new/").status_code in (302, 403)
    respuesta = client.post(HITOS + "new/", _post(revision))
    assert respuesta.status_code in (302, 403)
    assert not HitoRevision.objects.exists()
    # Nobody deletes a milestone, not even who may record them.
    hito = hito_registrar(
        revision=revision,
        datos=_hito(TipoHito.RADICACION_CAR, D(2026, 12, 1)),
        actor=registrador(),
    )
    client.force_login(personal["profesional"])
    respuesta = client.post(HITOS + f"delete/{hito.pk}/")
    assert respuesta.status_code in (302, 403)
    assert HitoRevision.objects.filter(pk=hito.pk).exists()
    with pytest.raises(PlanError, match="no puede registrar"):
        hito_registrar(
            revision=revision,
            datos=_hito(TipoHito.FORMULACION, D(2026, 12, 1)),
            actor=personal["despacho"],
        )


def test_una_cuenta_municipal_no_entra(client, noche, usuario_municipal, revision):
    client.force_login(usuario_municipal)
    respuesta = client.post(HITOS + "new/", _post(revision))
    assert respuesta.status_code in (302, 403)
    assert not HitoRevision.objects.exists()
    assert RevisionPlan.objects.count() == 1


def test_la_demo_tiene_una_concertacion_por_vencer_y_una_vencida(
    noche, leyes, personal
):
    from planes.demo import revisiones_demo_asegurar
    from planes.selectors import ficha_revision

    revisiones_demo_asegurar(personal["profesional"])
    revisiones_demo_asegurar(personal["profesional"])  # idempotent
    assert RevisionPlan.objects.count() == 5
    hoy = D(2026, 12, 18)

    def car(codigo):
        revision = RevisionPlan.objects.get(plan__municipio__codigo_divipola=codigo)
        return _reloj(ficha_revision(revision, hoy).relojes, "concertacion_ambiental")

    assert car("68276").estado == EstadoReloj.VENCE_PRONTO  # Floridablanca
    assert car("68081").estado == EstadoReloj.VENCIDO  # Barrancabermeja
    socorro = RevisionPlan.objects.get(plan__municipio__codigo_divipola="68755")
    assert socorro.etapa == EtapaRevision.CONCEJO


def test_quien_solo_lee_abre_la_revision_desde_la_lista(client, personal, revision):
    """Rows of the lists link to the revision's page (its clocks), also for a role
    that may only read them: revisions and acts are never edited, so Wagtail's
    link to the edit view would leave nobody a way in."""
    client.force_login(personal["despacho"])
    pagina = client.get("/admin/revisiones/").content.decode()
    enlace = f'href="/admin/revisiones/inspect/{revision.pk}/"'
    assert enlace in pagina
    respuesta = client.get(f"/admin/revisiones/inspect/{revision.pk}/")
    assert respuesta.status_code == 200
    # Its data as people write them: the recording time in Bogotá (Wagtail's
    # inspect view printed it in UTC), dd/mm/aaaa, a person by name, no "None".
    ficha = texto_visible(respuesta.content)
    registrada = timezone.localtime(revision.registrada_en)
    assert registrada.strftime("%d/%m/%Y %H:%M") in ficha
    assert revision.inicio.strftime("%d/%m/%Y") in ficha
    assert revision.registrada_por.nombre in ficha
    assert "None" not in ficha
    listado = client.get("/admin/planes/").content.decode()
    assert f'href="/admin/planes/inspect/{revision.plan.pk}/"' in listado
