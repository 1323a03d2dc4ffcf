"""A formal version through the admin: submit, review, approve, and every refusal.

Three people with their own accounts (editor, reviewer, the Secretario de
Planeación) use the real admin URLs (``tests/procedimientos/flujo.py``); what the
public sees is read with a separate anonymous client.
"""

import datetime
import re
from io import BytesIO

import pytest
from pypdf import PdfReader

from django.contrib.auth.models import Group
from django.db.models import F
from django.test import Client
from django.utils import timezone
from wagtail.models import (
    GroupApprovalTask,
    PageLogEntry,
    TaskState,
    WorkflowState,
    WorkflowTask,
)

from procedimientos.models import (
    Cargo,
    ControlCambio,
    ProcedimientoPage,
    VersionProcedimiento,
)
from procedimientos.services import (
    GRUPO_APROBADORES,
    GRUPO_EDITORES,
    GRUPO_REVISORES,
)
from tests.factories import UsuarioFactory, crear_procedimiento
from tests.procedimientos.flujo import actuar, editar, errores, tarea_en_curso
from tests.utils import texto_visible

URL = "/procedimientos/es-pe-pr-31/"
DESCRIPCION = "Cambia el objetivo y quién define el alcance."
OBJETIVO_NUEVO = "Asesorar a los municipios en la revisión de su POT, PBOT o EOT."


@pytest.fixture
def jefe_juridico(db):
    return Cargo.objects.create(nombre="Jefe de la Oficina Jurídica")


@pytest.fixture
def enviada(client, procedimiento, editora, jefe_juridico):
    """The editor changed the objective and the role of activity 3, and submitted."""

    def cambiar(datos):
        datos["objetivo"] = OBJETIVO_NUEVO
        datos.setlist("actividades-2-cargos", [str(jefe_juridico.pk)])

    client.force_login(editora)
    respuesta = editar(client, procedimiento, cambiar, descripcion=DESCRIPCION)
    assert respuesta.status_code == 302, errores(respuesta)
    return procedimiento


def _texto(cliente, url=URL) -> str:
    respuesta = cliente.get(url)
    assert respuesta.status_code == 200
    return texto_visible(respuesta.content)


def _pdf(cliente, url) -> str:
    respuesta = cliente.get(url)
    assert respuesta.status_code == 200
    assert respuesta["Content-Type"] == "application/pdf"
    paginas = PdfReader(BytesIO(respuesta.content)).pages
    return re.sub(r"\s+", " ", " ".join(pagina.extract_text() for pagina in paginas))


def _sin_cambios_publicos(publico, procedimiento):
    texto = _texto(publico)
    assert OBJETIVO_NUEVO not in texto
    assert "Versión 2" in texto
    pagina = ProcedimientoPage.objects.get(pk=procedimiento.pk)
    assert pagina.version == 2
    assert not pagina.control_cambios.filter(version=3).exists()
    assert not VersionProcedimiento.objects.filter(numero=3).exists()


# --- the whole path -----------------------------------------------------------------


def test_editora_revisor_y_secretario_publican_la_version_3(
    client, publico, enviada, editora, revisor, secretario
):
    procedimiento = enviada
    _sin_cambios_publicos(publico, procedimiento)

    client.force_login(revisor)
    panel = client.get("/admin/").content.decode()
    estado = tarea_en_curso(procedimiento)
    assert estado.task.name == "Revisión"
    assert f"/admin/pages/workflow/action/{procedimiento.pk}/approve/{estado.pk}/" in (
        panel
    )
    compara = client.get(
        f"/admin/pages/{procedimiento.pk}/revisions/compare/live...latest/"
    )
    assert compara.status_code == 200
    assert "Asesorar a los municipios" in texto_visible(compara.content)
    respuesta = actuar(client, procedimiento, "approve", "Revisado, sin observaciones.")
    assert respuesta.status_code == 302
    _sin_cambios_publicos(publico, procedimiento)

    client.force_login(secretario)
    assert tarea_en_curso(procedimiento).task.name == "Aprobación"
    respuesta = actuar(client, procedimiento, "approve")
    assert respuesta.status_code == 302

    hoy = timezone.localdate()
    pagina = ProcedimientoPage.objects.get(pk=procedimiento.pk)
    assert (pagina.version, pagina.fecha_aprobacion) == (3, hoy)
    assert pagina.descripcion_cambio == ""
    fila = pagina.control_cambios.get(version=3)
    assert (fila.fecha, fila.descripcion) == (hoy, DESCRIPCION)
    assert [dict(b.value) for b in fila.revisaron] == [
        {
            "nombre": "EDWIN FERNANDO MENDOZA BELTRÁN",
            "cargo": "Director de Prospectiva Territorial",
        }
    ]
    assert [dict(b.value) for b in fila.aprobaron] == [
        {"nombre": "HÉCTOR JULIO FUENTES DURÁN", "cargo": "Secretario de Planeación"}
    ]
    assert list(pagina.control_cambios.values_list("version", flat=True)) == [1, 2, 3]

    # The public page: version 3 in the header, the new row, the new content.
    texto = _texto(publico)
    assert "Versión 3" in texto
    assert OBJETIVO_NUEVO in texto
    assert (
        f"3 {hoy.day} de" in texto
        and f"{DESCRIPCION} EDWIN FERNANDO MENDOZA BELTRÁN Director de Prospectiva "
        "Territorial HÉCTOR JULIO FUENTES DURÁN Secretario de Planeación"
        in texto
    )
    # Its official PDF.
    pdf = _pdf(publico, URL + "pdf/")
    assert "VERSIÓN 3" in pdf
    assert hoy.strftime("%d/%m/%Y") in pdf
    assert "Jefe de la Oficina Jurídica" in pdf
    # Version 2 is still there, as it was.
    version_2 = _texto(publico, URL + "version/2/")
    assert "Versión 2 — no vigente; la vigente es la 3" in version_2
    assert "Brinda asesoría y asistencia técnica a los municipios" in version_2
    assert OBJETIVO_NUEVO not in version_2
    pdf_2 = _pdf(publico, URL + "version/2/pdf/")
    assert "VERSIÓN 2" in pdf_2 and "FECHA DE APROBACIÓN 25/08/2017" in pdf_2
    assert "Jefe de la Oficina Jurídica" not in pdf_2

    # The frozen version and the audit trail.
    version = VersionProcedimiento.objects.get(procedimiento=pagina, numero=3)
    assert str(version) == "ES-PE-PR-31 v3"
    assert version.revision_id == pagina.live_revision_id
    assert version.instantanea.objetivo == OBJETIVO_NUEVO
    assert version.instantanea.actividades[2].cargos == ("Jefe de la Oficina Jurídica",)
    entrada = PageLogEntry.objects.get(
        page=pagina, action="procedimientos.version_aprobada"
    )
    assert entrada.user == secretario
    assert entrada.data["version"] == 3
    assert entrada.data["descripcion"] == DESCRIPCION
    client.force_login(editora)
    historial = client.get(f"/admin/pages/{pagina.pk}/history/")
    assert "Versión formal 3 aprobada" in texto_visible(historial.content)


def test_la_descripcion_del_cambio_es_obligatoria_para_enviar(
    client, procedimiento, editora
):
    client.force_login(editora)

    respuesta = editar(client, procedimiento, descripcion="  ")

    assert respuesta.status_code == 200
    assert "Escriba la descripción del cambio" in texto_visible(respuesta.content)
    assert not WorkflowState.objects.exists()
    # Saving a draft does not need it.
    respuesta = editar(client, procedimiento, accion="")
    assert respuesta.status_code == 302, errores(respuesta)


def test_el_editor_no_ve_los_campos_de_version_ni_de_control_de_cambios(
    client, procedimiento, editora
):
    client.force_login(editora)
    html = client.get(f"/admin/pages/{procedimiento.pk}/edit/").content.decode()
    for campo in ('name="version"', 'name="fecha_aprobacion"', "control_cambios-"):
        assert campo not in html
    texto = texto_visible(html)
    assert "Versión 2, aprobada el 25 de agosto de 2017." in texto
    assert "Actualización de los responsables, puntos de control y registros" in texto
    assert "Enviar a Versión formal" in texto


def test_lo_que_se_publica_es_lo_que_se_aprobo_aunque_se_envie_version_o_filas(
    client, procedimiento, editora, revisor, secretario
):
    def cambiar(datos):
        datos["version"] = "9"
        datos["fecha_aprobacion"] = "2001-01-01"
        datos["control_cambios-TOTAL_FORMS"] = "1"
        datos["control_cambios-0-version"] = "9"

    client.force_login(editora)
    assert editar(client, procedimiento, cambiar, descripcion="X").status_code == 302
    client.force_login(revisor)
    actuar(client, procedimiento, "approve")
    client.force_login(secretario)
    actuar(client, procedimiento, "approve")

    pagina = ProcedimientoPage.objects.get(pk=procedimiento.pk)
    assert pagina.version == 3
    assert list(pagina.control_cambios.values_list("version", flat=True)) == [1, 2, 3]


# --- sent back ----------------------------------------------------------------------


@pytest.mark.parametrize("tarea", ["Revisión", "Aprobación"])
def test_devuelta_en_cada_tarea_no_publica_nada(
    client, publico, enviada, revisor, secretario, tarea
):
    procedimiento = enviada
    client.force_login(revisor)
    if tarea == "Aprobación":
        actuar(client, procedimiento, "approve")
        client.force_login(secretario)

    respuesta = actuar(client, procedimiento, "reject", "Falta citar el decreto.")

    assert respuesta.status_code == 302
    estado = WorkflowState.objects.get()
    assert estado.status == WorkflowState.STATUS_NEEDS_CHANGES
    rechazo = estado.task_states.get(status=TaskState.STATUS_REJECTED)
    assert (rechazo.task.name, rechazo.comment) == (tarea, "Falta citar el decreto.")
    _sin_cambios_publicos(publico, procedimiento)


def test_solicitar_cambios_exige_decir_cuales(client, enviada, revisor):
    client.force_login(revisor)

    respuesta = client.post(
        f"/admin/pages/workflow/action/{enviada.pk}/reject/"
        f"{tarea_en_curso(enviada).pk}/",
        {"comment": ""},
        headers={"x-requested-with": "XMLHttpRequest"},
    )

    assert "Diga qué hay que cambiar" in respuesta.json()["html"]
    assert tarea_en_curso(enviada).status == TaskState.STATUS_IN_PROGRESS


def test_corregida_tras_la_aprobacion_vuelve_a_revision(
    client, publico, enviada, editora, revisor, secretario
):
    procedimiento = enviada
    client.force_login(revisor)
    actuar(client, procedimiento, "approve")
    client.force_login(secretario)
    actuar(client, procedimiento, "reject", "Cite el decreto 1077 de 2015.")

    def corregir(datos):
        datos["alcance"] = "Desde la solicitud hasta el acuerdo (decreto 1077 de 2015)."

    client.force_login(editora)
    respuesta = editar(client, procedimiento, corregir, descripcion=DESCRIPCION)
    assert respuesta.status_code == 302, errores(respuesta)

    # What the reviewer saw is not what changed since: it goes back to Revisión.
    assert tarea_en_curso(procedimiento).task.name == "Revisión"
    client.force_login(secretario)
    _rechazada(actuar(client, procedimiento, "approve"))
    client.force_login(revisor)
    actuar(client, procedimiento, "approve")
    client.force_login(secretario)
    actuar(client, procedimiento, "approve")

    texto = _texto(publico)
    assert "Versión 3" in texto
    assert "decreto 1077 de 2015" in texto


# --- segregation of duties ----------------------------------------------------------


def _rechazada(respuesta):
    """Wagtail's admin answers a refused action with its "no permission" redirect."""
    assert (respuesta.status_code, respuesta["Location"]) == (302, "/admin/")


def _motivo_en_el_editor(client, pagina) -> str:
    return texto_visible(client.get(f"/admin/pages/{pagina.pk}/edit/").content)


def _nada_cambio(procedimiento, tarea="Revisión"):
    estado = tarea_en_curso(procedimiento)
    assert estado.task.name == tarea
    assert estado.status == TaskState.STATUS_IN_PROGRESS
    assert ProcedimientoPage.objects.get(pk=procedimiento.pk).version == 2
    assert not VersionProcedimiento.objects.filter(numero=3).exists()


def test_quien_envia_no_puede_aprobar_su_propia_version(client, procedimiento, indice):
    # Someone in every group writes a version and tries to review it.
    autora = UsuarioFactory(grupos=[GRUPO_EDITORES, GRUPO_REVISORES, GRUPO_APROBADORES])
    client.force_login(autora)
    editar(client, procedimiento, descripcion="Un cambio propio.")

    panel = client.get("/admin/").content.decode()
    assert "/admin/pages/workflow/action/" not in panel
    respuesta = actuar(client, procedimiento, "approve")

    _rechazada(respuesta)
    _nada_cambio(procedimiento)
    assert "Quien envía o redacta una versión no puede revisarla" in (
        _motivo_en_el_editor(client, procedimiento)
    )


def test_alguien_ajeno_no_puede_aprobar(client, enviada):
    ajeno = UsuarioFactory(editora=True)
    client.force_login(ajeno)

    _rechazada(actuar(client, enviada, "approve"))
    _nada_cambio(enviada)
    assert "Esta tarea la atienden los miembros de: Revisores de calidad." in (
        _motivo_en_el_editor(client, enviada)
    )


def test_un_superusuario_ajeno_a_los_grupos_tampoco(client, enviada):
    admin = UsuarioFactory(is_superuser=True, is_staff=True)
    client.force_login(admin)

    assert "/admin/pages/workflow/action/" not in client.get("/admin/").content.decode()
    _rechazada(actuar(client, enviada, "approve"))
    _nada_cambio(enviada)


def test_el_revisor_no_puede_saltar_a_la_aprobacion(client, enviada, revisor):
    revisor.groups.add(Group.objects.get(name=GRUPO_APROBADORES))
    client.force_login(revisor)
    actuar(client, enviada, "approve")
    assert tarea_en_curso(enviada).task.name == "Aprobación"

    panel = client.get("/admin/").content.decode()
    assert "/admin/pages/workflow/action/" not in panel
    respuesta = actuar(client, enviada, "approve")

    _rechazada(respuesta)
    _nada_cambio(enviada, "Aprobación")
    assert "Quien revisó esta versión no puede también aprobarla" in (
        _motivo_en_el_editor(client, enviada)
    )


def test_un_post_fabricado_con_la_url_de_otra_pagina_tampoco_pasa(
    client, procedimiento, indice
):
    otra = crear_procedimiento(indice)
    client.force_login(UsuarioFactory(editora=True))
    editar(client, otra, descripcion="Otro cambio.")
    # She may review the other page, and wrote this one.
    autora = UsuarioFactory(grupos=[GRUPO_EDITORES, GRUPO_REVISORES])
    client.force_login(autora)
    editar(client, procedimiento, descripcion="Un cambio propio.")
    propia = tarea_en_curso(procedimiento)

    respuesta = client.post(
        f"/admin/pages/workflow/action/{otra.pk}/approve/{propia.pk}/", {}
    )

    _rechazada(respuesta)
    _nada_cambio(procedimiento)
    assert actuar(client, otra, "approve").status_code == 302


def test_nadie_publica_un_procedimiento_sin_version_formal(client, procedimiento):
    admin = UsuarioFactory(is_superuser=True, is_staff=True)
    client.force_login(admin)
    html = client.get(f"/admin/pages/{procedimiento.pk}/edit/").content.decode()
    assert 'name="action-publish"' not in html

    def cambiar(datos):
        datos["objetivo"] = "Publicado a escondidas."

    respuesta = editar(client, procedimiento, cambiar, accion="action-publish")

    assert respuesta.status_code == 302
    assert "Publicado a escondidas." not in _texto(Client())
    assert ProcedimientoPage.objects.get(pk=procedimiento.pk).has_unpublished_changes


def test_mientras_se_revisa_nadie_la_edita(client, enviada, revisor):
    client.force_login(revisor)

    def cambiar(datos):
        datos["objetivo"] = "Cambio del revisor."

    assert "nadie la edita mientras tanto" in _motivo_en_el_editor(client, enviada)
    respuesta = editar(client, enviada, cambiar, accion="")

    assert respuesta.status_code == 200
    assert "bloqueada" in texto_visible(respuesta.content)
    fresca = ProcedimientoPage.objects.get(pk=enviada.pk)
    assert fresca.get_latest_revision().as_object().objetivo == OBJETIVO_NUEVO


# --- a new procedure ----------------------------------------------------------------


def test_un_procedimiento_nuevo_se_publica_como_version_1(
    client, publico, sin_procedimiento, editora, revisor, secretario
):
    indice = sin_procedimiento
    from tests.procedimientos.test_admin import datos_de_un_procedimiento_nuevo

    client.force_login(editora)
    datos = datos_de_un_procedimiento_nuevo()
    datos["descripcion_cambio"] = "Creación del procedimiento."
    datos["action-submit"] = "submit"
    respuesta = client.post(
        f"/admin/pages/add/procedimientos/procedimientopage/{indice.pk}/", datos
    )
    assert respuesta.status_code == 302, errores(respuesta)
    pagina = ProcedimientoPage.objects.get(codigo="ES-PE-PR-40")
    assert not pagina.live
    assert (pagina.version, pagina.fecha_aprobacion) == (0, None)
    assert publico.get("/procedimientos/es-pe-pr-40/").status_code == 404
    # The preview of a never-approved procedure says so, and does not crash.
    client.force_login(revisor)
    vista = client.get(f"/admin/pages/{pagina.pk}/view_draft/")
    assert "Sin aprobar" in texto_visible(vista.content)

    actuar(client, pagina, "approve")
    client.force_login(secretario)
    actuar(client, pagina, "approve")

    texto = _texto(publico, "/procedimientos/es-pe-pr-40/")
    assert "Versión 1" in texto
    assert "Creación del procedimiento." in texto
    assert list(
        ControlCambio.objects.filter(page=pagina).values_list("version", flat=True)
    ) == [1]
    assert VersionProcedimiento.objects.get(procedimiento=pagina).numero == 1


# --- entry into force later ---------------------------------------------------------


def test_vigente_desde_una_fecha_posterior(
    client, publico, procedimiento, editora, revisor, secretario
):
    from unittest import mock

    from django.core.management import call_command

    entra = timezone.now() + datetime.timedelta(days=10)

    def cambiar(datos):
        datos["objetivo"] = OBJETIVO_NUEVO
        datos["go_live_at"] = timezone.localtime(entra).strftime("%Y-%m-%d %H:%M")

    client.force_login(editora)
    respuesta = editar(client, procedimiento, cambiar, descripcion=DESCRIPCION)
    assert respuesta.status_code == 302, errores(respuesta)
    client.force_login(revisor)
    actuar(client, procedimiento, "approve")
    client.force_login(secretario)
    actuar(client, procedimiento, "approve")

    version = VersionProcedimiento.objects.get(numero=3)
    assert abs(version.vigente_desde - entra) < datetime.timedelta(minutes=1)
    # Approved, but not in force yet: the public still reads version 2.
    texto = _texto(publico)
    assert "Versión 2" in texto and OBJETIVO_NUEVO not in texto
    assert publico.get(URL + "version/3/").status_code == 404
    assert "Ver la versión 3" not in _texto(publico, URL + "versiones/")

    with mock.patch(
        "django.utils.timezone.now", return_value=entra + datetime.timedelta(hours=1)
    ):
        call_command("publish_scheduled")

    texto = _texto(publico)
    assert "Versión 3" in texto and OBJETIVO_NUEVO in texto
    assert publico.get(URL + "version/3/").status_code == 200


def test_una_tarea_comun_antes_de_revision_tambien_vuelve_a_empezar(
    client, procedimiento, editora, revisor, secretario
):
    # An administrator put a plain Wagtail group task in front of Revisión.
    juridica = Group.objects.create(name="Oficina Jurídica")
    visto_bueno = GroupApprovalTask.objects.create(name="Visto bueno jurídico")
    visto_bueno.groups.add(juridica)
    flujo = procedimiento.get_workflow()
    flujo.workflow_tasks.update(sort_order=F("sort_order") + 1)
    WorkflowTask.objects.create(workflow=flujo, task=visto_bueno, sort_order=0)
    abogada = UsuarioFactory()
    abogada.groups.add(juridica)

    def actua(persona, accion="approve"):
        estado = tarea_en_curso(procedimiento)
        estado.task.specific.on_action(estado, persona, accion, comment="")
        return estado.task.name

    client.force_login(editora)
    editar(client, procedimiento, descripcion=DESCRIPCION)
    assert [actua(abogada), actua(revisor)] == ["Visto bueno jurídico", "Revisión"]
    assert actua(secretario, "reject") == "Aprobación"
    editar(client, procedimiento, descripcion=DESCRIPCION)

    assert [actua(abogada), actua(revisor), actua(secretario)] == [
        "Visto bueno jurídico",
        "Revisión",
        "Aprobación",
    ]
    fila = ProcedimientoPage.objects.get(pk=procedimiento.pk).control_cambios.get(
        version=3
    )
    assert [b.value["nombre"] for b in fila.revisaron] == [
        "EDWIN FERNANDO MENDOZA BELTRÁN"
    ]


def test_un_procedimiento_con_versiones_no_se_borra(client, procedimiento):
    client.force_login(UsuarioFactory(is_superuser=True))

    respuesta = client.post(f"/admin/pages/{procedimiento.pk}/delete/", follow=True)

    assert "tiene versiones formales y no se puede borrar" in texto_visible(
        respuesta.content
    )
    assert ProcedimientoPage.objects.filter(pk=procedimiento.pk).exists()
