"""What a reviewer of a formal version sees in the admin, and the e-mails of the
workflow: confirmations, the compare view, the Spanish of the dashboard and mails;
and putting an unpublished procedure back as its last approved version was.
"""

import re

import pytest

from django.core import mail
from django.test import Client
from wagtail.admin.mail import send_notification
from wagtail.models import Comment, PageLogEntry, WorkflowState

from procedimientos.models import (
    Cargo,
    ControlCambio,
    ProcedimientoPage,
    VersionProcedimiento,
)
from tests.factories import UsuarioFactory
from tests.procedimientos.flujo import (
    actuar,
    aprobar_cambio,
    editar,
    errores,
    tarea_en_curso,
    url_accion,
)
from tests.utils import texto_visible

SITIO = "https://planeacion.santander.gov.co"
URL = "/procedimientos/es-pe-pr-31/"
#: "tú" forms that Wagtail's own Spanish uses in its e-mails.
TUTEO = re.compile(r"\b(puedes|tu|tus|podrás|acá|hola)\b", re.IGNORECASE)


@pytest.fixture(autouse=True)
def sitio_publico(settings):
    settings.WAGTAILADMIN_BASE_URL = SITIO
    settings.WAGTAILADMIN_NOTIFICATION_USE_HTML = True


@pytest.fixture
def jefe_juridico(db):
    return Cargo.objects.create(nombre="Jefe de la Oficina Jurídica")


@pytest.fixture
def enviada(client, procedimiento, editora, revisor, secretario, jefe_juridico):
    """The editor changed the role of activity 3 only, and submitted."""

    def cambiar(datos):
        datos.setlist("actividades-2-cargos", [str(jefe_juridico.pk)])
        # A browser sends a textarea's lines ended in CRLF: not a change to show.
        for clave in [c for c in datos if c.endswith("-puntos_control")]:
            datos[clave] = datos[clave].replace("\r\n", "\n").replace("\n", "\r\n")

    client.force_login(editora)
    respuesta = editar(client, procedimiento, cambiar, descripcion="Cambia un cargo.")
    assert respuesta.status_code == 302, errores(respuesta)
    return procedimiento


def _mensajes(respuesta) -> list[str]:
    return [str(m).strip() for m in respuesta.context["messages"]]


# --- 1a: a confirmation after each action ---------------------------------------------


def test_cada_accion_del_panel_confirma_pagina_y_estado(
    client, enviada, revisor, secretario
):
    procedimiento = enviada
    titulo = procedimiento.get_admin_display_title()
    client.force_login(revisor)
    # The dashboard's buttons post by XMLHttpRequest, then follow the redirect.
    respuesta = client.post(
        url_accion(procedimiento, "approve", tarea_en_curso(procedimiento)),
        {"comment": ""},
        headers={"x-requested-with": "XMLHttpRequest", "referer": "/admin/"},
    )
    assert respuesta.status_code == 200 and respuesta.json()["step"] == "success"
    panel = client.get("/admin/")
    assert (
        f"Aprobó «Revisión» de «{titulo}». Estado: pendiente de «Aprobación»."
        in _mensajes(panel)
    )

    client.force_login(secretario)
    respuesta = client.post(
        url_accion(procedimiento, "approve", tarea_en_curso(procedimiento)),
        follow=True,
    )
    assert (
        f"Aprobó «Aprobación» de «{titulo}». Estado: versión 3 aprobada y publicada."
        in texto_visible(respuesta.content)
    )


def test_solicitar_cambios_confirma_que_vuelve_a_quien_la_envio(
    client, enviada, revisor
):
    client.force_login(revisor)
    respuesta = client.post(
        url_accion(enviada, "reject", tarea_en_curso(enviada)),
        {"comment": "Falta el cargo de apoyo."},
        follow=True,
    )
    texto = texto_visible(respuesta.content)
    assert (
        f"Solicitó cambios en «{enviada.get_admin_display_title()}» durante "
        "«Revisión». Estado: cambios solicitados; la versión vuelve a quien la "
        "envió y no se publica." in texto
    )


# --- 1b: only what changed ------------------------------------------------------------


def test_comparar_muestra_solo_las_actividades_que_cambiaron(client, enviada, revisor):
    client.force_login(revisor)
    respuesta = client.get(
        f"/admin/pages/{enviada.pk}/revisions/compare/live...latest/"
    )
    assert respuesta.status_code == 200
    texto = texto_visible(respuesta.content)
    assert "5 actividades sin cambios" in texto
    assert "Jefe de la Oficina Jurídica" in texto  # the change
    assert "Definir el alcance de la asesoría" in texto  # which activity it is
    # The other five activities are not listed.
    assert "Radicar la solicitud" not in texto
    assert "Organizar los equipos de trabajo interinstitucional" not in texto


def test_una_actividad_nueva_no_hace_movidas_a_las_siguientes(
    client, procedimiento, editora, revisor
):
    def cambiar(datos):
        total = int(datos["actividades-TOTAL_FORMS"])
        # Copy the last form as a new activity, placed first.
        for clave in [c for c in datos if c.startswith(f"actividades-{total - 1}-")]:
            nueva = clave.replace(f"-{total - 1}-", f"-{total}-")
            datos.setlist(nueva, datos.getlist(clave))
        datos[f"actividades-{total}-id"] = ""
        datos[f"actividades-{total}-nombre"] = "Actividad previa nueva"
        datos[f"actividades-{total}-descripcion"] = "Una actividad previa."
        datos[f"actividades-{total}-ORDER"] = "0"
        datos["actividades-TOTAL_FORMS"] = str(total + 1)

    client.force_login(editora)
    respuesta = editar(client, procedimiento, cambiar, descripcion="Una más.")
    assert respuesta.status_code == 302, errores(respuesta)
    client.force_login(revisor)
    texto = texto_visible(
        client.get(
            f"/admin/pages/{procedimiento.pk}/revisions/compare/live...latest/"
        ).content
    )
    assert "Actividad previa nueva" in texto
    assert "6 actividades sin cambios" in texto
    assert "Cambió de lugar" not in texto


# --- 1c: the dashboard's Spanish ------------------------------------------------------


def test_el_panel_dice_version_publicada_bien_escrito(client, enviada, revisor):
    client.force_login(revisor)
    texto = texto_visible(client.get("/admin/").content)
    assert "Comparar con la versión publicada" in texto
    assert "públicada" not in texto


# --- 1d: the workflow's e-mails -------------------------------------------------------


def _enlaces(texto: str) -> list[str]:
    return re.findall(r"https?://[^\s\"'<>]+", texto)


def _revisar_correo(correo) -> str:
    """Body and HTML of a workflow e-mail: "usted" Spanish, links to the site."""
    [(html, _tipo)] = correo.alternatives
    for parte in (correo.subject, correo.body, html):
        assert "localhost" not in parte
        assert not TUTEO.search(texto_visible(parte)), texto_visible(parte)
    enlaces = _enlaces(correo.body) + re.findall(r'href="([^"]+)"', html)
    assert enlaces and all(e.startswith(SITIO + "/") for e in enlaces), enlaces
    return correo.body


def test_los_correos_del_flujo_hablan_de_usted_y_enlazan_al_sitio(
    client, procedimiento, editora, revisor, secretario, jefe_juridico
):
    def cambiar(datos):
        datos.setlist("actividades-2-cargos", [str(jefe_juridico.pk)])

    client.force_login(editora)
    assert editar(client, procedimiento, cambiar, descripcion="Un cargo.").status_code
    [al_revisor] = [m for m in mail.outbox if m.to == [revisor.email]]
    cuerpo = _revisar_correo(al_revisor)
    assert "Revisión" in al_revisor.subject and "espera su decisión" in cuerpo
    assert f"{SITIO}/admin/pages/{procedimiento.pk}/edit/" in cuerpo
    assert "Buen día, EDWIN FERNANDO MENDOZA BELTRÁN:" in cuerpo
    assert "Puede elegir qué avisos recibe" in cuerpo

    mail.outbox.clear()
    client.force_login(revisor)
    actuar(client, procedimiento, "reject", "Falta el cargo de apoyo.")
    [a_la_editora] = [m for m in mail.outbox if m.to == [editora.email]]
    cuerpo = _revisar_correo(a_la_editora)
    assert "solicitó cambios" in cuerpo and "Comentario: «Falta el cargo" in cuerpo

    mail.outbox.clear()
    client.force_login(editora)
    editar(client, procedimiento, descripcion="Un cargo.")
    client.force_login(revisor)
    actuar(client, procedimiento, "approve")
    [al_secretario] = [m for m in mail.outbox if m.to == [secretario.email]]
    _revisar_correo(al_secretario)
    mail.outbox.clear()
    client.force_login(secretario)
    actuar(client, procedimiento, "approve")
    [aprobada] = [m for m in mail.outbox if m.to == [editora.email]]
    cuerpo = _revisar_correo(aprobada)
    assert "se aprobó en el flujo «Versión formal»" in cuerpo
    assert f"{SITIO}{URL}" in cuerpo


def test_el_aviso_a_los_superusuarios_tambien(client, procedimiento, editora):
    admin = UsuarioFactory(is_superuser=True, username="admin")
    client.force_login(editora)
    editar(client, procedimiento, descripcion="Sin cambios de fondo.")
    [aviso] = [m for m in mail.outbox if m.to == [admin.email] and "flujo" in m.subject]
    cuerpo = _revisar_correo(aviso)
    assert "envió «" in cuerpo and "al flujo «Versión formal»" in cuerpo


def test_el_aviso_de_comentarios_tambien(procedimiento, editora, revisor):
    """What the page editor sends when a comment is added (Wagtail's
    ``send_notification``, called as ``pages/edit.py`` calls it)."""
    comentario = Comment(
        page=procedimiento,
        user=revisor,
        text="Revise el cargo <de apoyo> & la actividad 3.",
        contentpath="objetivo",
    )
    comentario.save()
    send_notification(
        [editora],
        "updated_comments",
        {
            "page": procedimiento,
            "editor": revisor,
            "new_comments": [comentario],
            "resolved_comments": [],
            "deleted_comments": [],
            "replied_comments": [],
        },
    )
    [aviso] = mail.outbox
    cuerpo = _revisar_correo(aviso)
    assert "EDWIN FERNANDO MENDOZA BELTRÁN actualizó los comentarios" in aviso.subject
    assert "«Revise el cargo <de apoyo> & la actividad 3.»" in cuerpo
    [(html, _tipo)] = aviso.alternatives
    assert "&lt;de apoyo&gt; &amp;" in html


# --- 2: back on the site as approved --------------------------------------------------


@pytest.fixture
def despublicado(client, procedimiento, editora, revisor, secretario, jefe_juridico):
    """Version 3 approved, then the procedure unpublished by a superuser, and a
    draft started afterwards."""

    def cambiar(borrador):
        borrador.objetivo = "Objetivo de la versión 3."

    aprobar_cambio(
        procedimiento,
        cambiar,
        descripcion="Versión 3.",
        editora=editora,
        revisor=revisor,
        secretario=secretario,
    )
    admin = UsuarioFactory(is_superuser=True, username="admin")
    client.force_login(admin)
    url = f"/admin/pages/{procedimiento.pk}/unpublish/"
    assert client.post(url, {"include_descendants": False}).status_code == 302
    pagina = ProcedimientoPage.objects.get(pk=procedimiento.pk)
    assert not pagina.live
    borrador = pagina.latest_revision.as_object()
    borrador.objetivo = "Un borrador que nadie aprobó."
    borrador.save_revision(user=editora)
    return pagina, admin


def test_un_superusuario_vuelve_a_publicar_la_version_aprobada(
    client, publico, despublicado
):
    pagina, admin = despublicado
    assert publico.get(URL).status_code == 404
    filas = ControlCambio.objects.filter(page=pagina).count()
    versiones = VersionProcedimiento.objects.filter(procedimiento=pagina).count()
    version_3 = VersionProcedimiento.objects.get(procedimiento=pagina, numero=3)

    # The editor's action menu offers it; it opens a confirmation (GET changes
    # nothing), then POST with the CSRF token.
    editor = client.get(f"/admin/pages/{pagina.pk}/edit/").content.decode()
    url = f"/admin/procedimientos/{pagina.pk}/republicar/"
    assert url in editor and "Volver a publicar la versión aprobada" in editor
    confirmacion = texto_visible(client.get(url).content)
    assert "tal como se aprobó la versión 3" in confirmacion
    assert not ProcedimientoPage.objects.get(pk=pagina.pk).live
    csrf = Client(enforce_csrf_checks=True)
    csrf.force_login(admin)
    assert csrf.post(url).status_code == 403

    respuesta = client.post(url, follow=True)
    assert "está publicado otra vez, como la versión 3" in texto_visible(
        respuesta.content
    )
    pagina = ProcedimientoPage.objects.get(pk=pagina.pk)
    assert pagina.live and pagina.version == 3
    assert pagina.live_revision_id == version_3.revision_id
    assert pagina.has_unpublished_changes  # the draft stays a draft
    texto = texto_visible(publico.get(URL).content)
    assert "Objetivo de la versión 3." in texto
    assert "Un borrador que nadie aprobó." not in texto
    assert "Versión 3" in texto
    # No new version, no new change-control row.
    assert ControlCambio.objects.filter(page=pagina).count() == filas
    assert VersionProcedimiento.objects.filter(procedimiento=pagina).count() == (
        versiones
    )
    entrada = PageLogEntry.objects.get(
        page=pagina, action="procedimientos.version_republicada"
    )
    assert entrada.user == admin and entrada.data["version"] == 3
    historial = texto_visible(client.get(f"/admin/pages/{pagina.pk}/history/").content)
    assert "Versión formal 3 publicada otra vez, sin cambios" in historial
    # Once live, the menu no longer offers it, and the URL says why.
    assert url not in client.get(f"/admin/pages/{pagina.pk}/edit/").content.decode()
    otra_vez = client.post(url, follow=True)
    assert "Este procedimiento ya está publicado." in texto_visible(otra_vez.content)


def test_quien_no_puede_despublicar_no_vuelve_a_publicar(
    client, despublicado, editora, revisor, secretario
):
    pagina, _admin = despublicado
    url = f"/admin/procedimientos/{pagina.pk}/republicar/"
    for persona in (editora, revisor, secretario):
        client.force_login(persona)
        assert url not in client.get(f"/admin/pages/{pagina.pk}/edit/").content.decode()
        for respuesta in (client.get(url), client.post(url)):
            # Wagtail's admin turns the refusal into a redirect to the dashboard.
            assert respuesta.status_code == 302 and respuesta["Location"] == "/admin/"
    assert not ProcedimientoPage.objects.get(pk=pagina.pk).live
    assert not PageLogEntry.objects.filter(
        page=pagina, action="procedimientos.version_republicada"
    ).exists()


def test_no_con_una_version_nueva_en_revision(client, despublicado, editora):
    pagina, admin = despublicado
    pagina.get_workflow().start(pagina, editora)
    assert WorkflowState.objects.filter(
        base_content_type__isnull=False, status=WorkflowState.STATUS_IN_PROGRESS
    ).exists()
    client.force_login(admin)
    respuesta = client.post(
        f"/admin/procedimientos/{pagina.pk}/republicar/", follow=True
    )
    assert "Hay una versión nueva en revisión" in texto_visible(respuesta.content)
    assert not ProcedimientoPage.objects.get(pk=pagina.pk).live
