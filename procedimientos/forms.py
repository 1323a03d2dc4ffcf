"""Admin forms of procedures: the page editor (``ProcedimientoPage.base_form_class``)
and the dialog of a workflow task sending a version back (``TareaVersionFormal``)."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.forms import TaskStateCommentForm

#: The buttons of the page editor that send a version to the workflow.
ACCIONES_DE_ENVIO = ("action-submit", "action-restart-workflow")


class ProcedimientoPageForm(WagtailAdminPageForm):
    """Refuses to send a version to review without the description of its change.

    The description becomes the change-control row when the version is approved
    (``services.version_formal_publicar``); saving a draft does not need it.
    """

    def clean(self):
        cleaned_data = super().clean()
        enviando = any(self.data.get(accion) for accion in ACCIONES_DE_ENVIO)
        if enviando and not (cleaned_data.get("descripcion_cambio") or "").strip():
            self.add_error(
                "descripcion_cambio",
                forms.ValidationError(
                    _(
                        "Escriba la descripción del cambio antes de enviar la versión "
                        "a revisión: es el texto que quedará en el control de cambios."
                    ),
                    code="descripcion_cambio_requerida",
                ),
            )
        return cleaned_data


class SolicitudCambiosForm(TaskStateCommentForm):
    """The dialog of "Solicitar cambios": whoever sends a version back says why."""

    comment = forms.CharField(
        label=_("Qué hay que cambiar"),
        widget=forms.Textarea({"rows": 3}),
        error_messages={
            "required": _("Diga qué hay que cambiar: la persona que editó lo leerá.")
        },
    )
