"""The admin's pages of a procedure, where they differ from any page's.

``ProcedimientoPageViewSet`` is Wagtail 8's per-page-type viewset (registered in
``wagtail_hooks.py``): Wagtail's page URLs route a procedure's pages through it, so
these views replace Wagtail's own for procedures only:

- ``AccionTareaView``: approve / request changes on a task of the "Versión formal"
  workflow (the dashboard's buttons post here). Wagtail gives no confirmation;
  this one says which page and in which state it is now.
- ``CompararRevisionesView``: "Comparar con la versión publicada" shows only the
  activities, definitions and change-control rows that changed, and how many did
  not (Wagtail lists every child row).

``RepublicarVersionView`` (its own admin URL, also in ``wagtail_hooks.py``) puts
an unpublished procedure back on the site as its last approved version was.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.pages.revisions import RevisionsCompareView
from wagtail.admin.views.pages.workflow import WorkflowActionView
from wagtail.admin.viewsets.pages import PageViewSet
from wagtail.models import TaskState, WorkflowState

from .comparacion import filas_con_cambios
from .models import ProcedimientoPage
from .services import (
    ProcedimientoError,
    version_aprobada_republicar,
    version_para_republicar,
)

__all__ = [
    "AccionTareaView",
    "CompararRevisionesView",
    "ProcedimientoPageViewSet",
    "RepublicarVersionView",
]


# --- approve / request changes --------------------------------------------------------


def mensaje_de_accion(pagina: ProcedimientoPage, task_state: TaskState) -> str | None:
    """What the reviewer reads after acting on ``task_state``: the page and the
    state it is in now. None if the task is still pending (nothing was done)."""
    task_state.refresh_from_db()
    if task_state.status == TaskState.STATUS_IN_PROGRESS:
        return None
    titulo = pagina.get_admin_display_title()
    tarea = task_state.task.name
    flujo = WorkflowState.objects.get(pk=task_state.workflow_state_id)
    if task_state.status == TaskState.STATUS_REJECTED:
        return _(
            "Solicitó cambios en «%(titulo)s» durante «%(tarea)s». Estado: cambios "
            "solicitados; la versión vuelve a quien la envió y no se publica."
        ) % {"titulo": titulo, "tarea": tarea}
    if flujo.status == WorkflowState.STATUS_IN_PROGRESS:
        siguiente = ProcedimientoPage.objects.get(pk=pagina.pk).current_workflow_task
        return _(
            "Aprobó «%(tarea)s» de «%(titulo)s». Estado: pendiente de «%(siguiente)s»."
        ) % {
            "tarea": tarea,
            "titulo": titulo,
            "siguiente": siguiente.name if siguiente else "—",
        }
    version = pagina.versiones_formales.order_by("-numero").first()
    if version is None:
        return _("Aprobó «%(tarea)s» de «%(titulo)s».") % {
            "tarea": tarea,
            "titulo": titulo,
        }
    if version.vigente_desde and version.vigente_desde > timezone.now():
        return _(
            "Aprobó «%(tarea)s» de «%(titulo)s». Estado: versión %(numero)s "
            "aprobada, programada para publicarse el %(fecha)s."
        ) % {
            "tarea": tarea,
            "titulo": titulo,
            "numero": version.numero,
            "fecha": timezone.localtime(version.vigente_desde).strftime(
                "%d/%m/%Y %H:%M"
            ),
        }
    return _(
        "Aprobó «%(tarea)s» de «%(titulo)s». Estado: versión %(numero)s aprobada y "
        "publicada."
    ) % {"tarea": tarea, "titulo": titulo, "numero": version.numero}


class AccionTareaView(WorkflowActionView):
    """Wagtail's workflow action, then a confirmation message in Spanish.

    The dashboard posts here (by XMLHttpRequest, then follows the ``redirect`` of
    the JSON answer, where the message shows) as does a plain form.
    """

    def post(self, request, *args, **kwargs):
        respuesta = super().post(request, *args, **kwargs)
        mensaje = mensaje_de_accion(self.object.specific, self.task_state)
        if mensaje:
            messages.success(request, mensaje)
        return respuesta


# --- compare with the live version --------------------------------------------------


@dataclass
class RelacionComparada:
    """A child relation (activities, definitions…) with only its changed rows.

    Stands in for Wagtail's ``ChildRelationComparison`` in the compare template.
    """

    original: Any
    filas: list[Any]
    sin_cambios: int
    nombre_filas: str

    is_field = False
    is_child_relation = True

    def field_label(self) -> str:
        return self.original.field_label()

    def has_changed(self) -> bool:
        return True


class CompararRevisionesView(RevisionsCompareView):
    template_name = "procedimientos/admin/comparar_revisiones.html"

    def _get_comparison(self, revision_a, revision_b):
        resultado = []
        for comparacion in super()._get_comparison(revision_a, revision_b):
            if not getattr(comparacion, "is_child_relation", False):
                resultado.append(comparacion)
                continue
            filas, sin_cambios = filas_con_cambios(comparacion)
            modelo = comparacion.field.related_model._meta
            resultado.append(
                RelacionComparada(
                    original=comparacion,
                    filas=filas,
                    sin_cambios=sin_cambios,
                    nombre_filas=str(
                        modelo.verbose_name
                        if sin_cambios == 1
                        else modelo.verbose_name_plural
                    ),
                )
            )
        return resultado


class ProcedimientoPageViewSet(PageViewSet):
    model = ProcedimientoPage
    workflow_action_view_class = AccionTareaView
    revisions_compare_view_class = CompararRevisionesView


# --- republish the last approved version ---------------------------------------------


class RepublicarVersionView(WagtailAdminTemplateMixin, TemplateView):
    """GET: which version goes back on the site, and a confirmation; POST: do it.

    The rules (who, which version, when not) are the service's,
    ``services.version_para_republicar``; this view only asks and reports. Wired
    in ``wagtail_hooks.py`` (``register_admin_urls``), linked from the page's
    action menu (``MenuRepublicarVersion``).
    """

    template_name = "procedimientos/admin/republicar_version.html"
    page_title = gettext_lazy("Volver a publicar la versión aprobada")
    header_icon = "upload"
    http_method_names = ["get", "post"]

    def dispatch(self, request, *args, pk: int, **kwargs):
        self.pagina = get_object_or_404(ProcedimientoPage, pk=pk)
        self.url_editar = reverse("wagtailadmin_pages:edit", args=(pk,))
        try:
            self.version = version_para_republicar(
                pagina=self.pagina, user=request.user
            )
        except ProcedimientoError as error:
            messages.error(request, str(error))
            return HttpResponseRedirect(self.url_editar)
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.pagina.get_admin_display_title()

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            page=self.pagina,
            version=self.version,
            url_editar=self.url_editar,
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        try:
            version = version_aprobada_republicar(pagina=self.pagina, user=request.user)
        except ProcedimientoError as error:
            messages.error(request, str(error))
            return HttpResponseRedirect(self.url_editar)
        messages.success(
            request,
            _(
                "«%(titulo)s» está publicado otra vez, como la versión %(numero)s "
                "aprobada el %(fecha)s."
            )
            % {
                "titulo": self.pagina.title,
                "numero": version.numero,
                "fecha": version.fecha_aprobacion.strftime("%d/%m/%Y"),
            },
        )
        return HttpResponseRedirect(self.url_editar)
