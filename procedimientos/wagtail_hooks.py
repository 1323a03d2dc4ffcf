from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.action_menu import ActionMenuItem
from wagtail.log_actions import LogFormatter
from wagtail.snippets.models import register_snippet

from .models import ProcedimientoPage, VersionProcedimiento
from .revision import ProcedimientoPageViewSet, RepublicarVersionView
from .services import ProcedimientoError, version_para_republicar
from .viewsets import ProcedimientosViewSetGroup

register_snippet(ProcedimientosViewSetGroup)


@hooks.register("register_admin_viewset")
def registrar_paginas_de_procedimientos():
    """Wagtail's page views for procedures, with the review's own (revision.py)."""
    return ProcedimientoPageViewSet("procedimientos_paginas")


@hooks.register("register_admin_urls")
def urls_de_procedimientos():
    return [
        path(
            "procedimientos/<int:pk>/republicar/",
            RepublicarVersionView.as_view(),
            name="procedimientos_republicar",
        )
    ]


class MenuRepublicarVersion(ActionMenuItem):
    """In an unpublished procedure's editor, for whoever may unpublish it: a link
    to the confirmation of ``RepublicarVersionView`` (which then POSTs)."""

    label = _("Volver a publicar la versión aprobada")
    icon_name = "upload"
    order = 30

    def is_shown(self, context):
        pagina = context.get("page")
        if context.get("view") != "edit" or not isinstance(pagina, ProcedimientoPage):
            return False
        try:
            version_para_republicar(pagina=pagina, user=context["request"].user)
        except (PermissionDenied, ProcedimientoError):
            return False
        return True

    def get_url(self, parent_context):
        return reverse("procedimientos_republicar", args=(parent_context["page"].pk,))


@hooks.register("register_page_action_menu_item")
def menu_republicar_version():
    return MenuRepublicarVersion()


@hooks.register("register_log_actions")
def registrar_acciones_de_auditoria(actions):
    """The audit-log entry ``services.version_formal_publicar`` writes."""

    @actions.register_action("procedimientos.version_aprobada")
    class VersionAprobada(LogFormatter):
        label = _("Aprobar versión formal")

        def format_message(self, log_entry):
            return _("Versión formal %(version)s aprobada") % {
                "version": log_entry.data.get("version", "?")
            }

        def format_comment(self, log_entry):
            return log_entry.data.get("descripcion", "")

    @actions.register_action("procedimientos.version_republicada")
    class VersionRepublicada(LogFormatter):
        label = _("Volver a publicar la versión aprobada")

        def format_message(self, log_entry):
            return _("Versión formal %(version)s publicada otra vez, sin cambios") % {
                "version": log_entry.data.get("version", "?")
            }


@hooks.register("before_delete_page")
def no_borrar_un_procedimiento_con_versiones(request, page):
    """Formal versions are kept (requests point at them): say so instead of failing.

    ``VersionProcedimiento.procedimiento`` is PROTECT; without this the admin's
    delete would end in a server error.
    """
    if page.specific_class is not ProcedimientoPage:
        return None
    if not VersionProcedimiento.objects.filter(procedimiento_id=page.pk).exists():
        return None
    messages.error(
        request,
        _(
            "Este procedimiento tiene versiones formales y no se puede borrar: "
            "sus versiones se conservan. Para retirarlo del sitio, despublíquelo."
        ),
    )
    return redirect("wagtailadmin_pages:edit", page.pk)
