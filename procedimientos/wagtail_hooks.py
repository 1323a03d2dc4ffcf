from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin import messages
from wagtail.log_actions import LogFormatter
from wagtail.snippets.models import register_snippet

from .models import ProcedimientoPage, VersionProcedimiento
from .viewsets import ProcedimientosViewSetGroup

register_snippet(ProcedimientosViewSetGroup)


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
