from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.log_actions import LogFormatter
from wagtail.snippets.models import register_snippet

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
