"""The "Versión formal" workflow driven through the real admin URLs, as people do.

Editors submit from the page editor (``action-submit``); reviewers and approvers use
Wagtail's workflow action view, ``wagtailadmin_pages:workflow_action``
(``/admin/pages/workflow/action/<page_id>/<action>/<task_state_id>/``), which is
what the buttons of the dashboard's "Awaiting your review" panel post to.
"""

from django.urls import reverse
from wagtail.test.utils.form_data import querydict_from_html

from procedimientos.models import ProcedimientoPage
from tests.utils import texto_visible


def editar(client, pagina, cambiar=None, *, descripcion="", accion="action-submit"):
    """Open the editor, apply ``cambiar(datos)`` to the form data, then post it."""
    url = f"/admin/pages/{pagina.pk}/edit/"
    respuesta = client.get(url)
    assert respuesta.status_code == 200
    datos = querydict_from_html(respuesta.content.decode(), form_id="page-edit-form")
    if cambiar is not None:
        cambiar(datos)
    datos["descripcion_cambio"] = descripcion
    if accion:
        datos[accion] = accion.removeprefix("action-")
    # A QueryDict would post only the last value of each key: send every value.
    return client.post(url, dict(datos.lists()))


def tarea_en_curso(pagina):
    return ProcedimientoPage.objects.get(pk=pagina.pk).current_workflow_task_state


def url_accion(pagina, accion, task_state) -> str:
    return reverse(
        "wagtailadmin_pages:workflow_action",
        args=(pagina.pk, accion, task_state.pk),
    )


def actuar(client, pagina, accion, comentario="", *, task_state=None):
    """Approve or reject the task in progress (or ``task_state``) as the logged user."""
    task_state = task_state or tarea_en_curso(pagina)
    return client.post(url_accion(pagina, accion, task_state), {"comment": comentario})


def errores(respuesta) -> str:
    contexto = getattr(respuesta, "context", None) or {}
    form = contexto.get("form") if hasattr(contexto, "get") else None
    return str(getattr(form, "errors", "")) + texto_visible(respuesta.content)[:2000]


def aprobar_cambio(pagina, cambiar, *, descripcion, editora, revisor, secretario):
    """A new formal version through the workflow's own API (no HTTP): quicker, for
    tests about what versions look like rather than how they get approved.

    ``cambiar(borrador)`` edits the draft in memory, as the page editor would.
    """
    # The revision itself, so child objects live in memory like in the editor's form.
    borrador = ProcedimientoPage.objects.get(pk=pagina.pk).latest_revision.as_object()
    cambiar(borrador)
    borrador.descripcion_cambio = descripcion
    borrador.save_revision(user=editora)
    pagina = ProcedimientoPage.objects.get(pk=pagina.pk)
    pagina.get_workflow().start(pagina, editora)
    for persona in (revisor, secretario):
        estado = tarea_en_curso(pagina)
        estado.task.specific.on_action(estado, persona, "approve")
    return ProcedimientoPage.objects.get(pk=pagina.pk)
