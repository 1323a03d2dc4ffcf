"""What every form acting on a case shares: the activity the person saw.

The service compares it with the case's activity under lock, so of two people
acting at once the second is told who acted first (``services.base.transicion``).
"""

from django import forms
from django.utils.translation import gettext_lazy as _

#: Longest reason a form accepts (the services keep as much).
LARGO_MOTIVO = 2000


class AccionForm(forms.Form):
    actividad = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, solicitud=None, **kwargs):
        self.solicitud = solicitud
        if solicitud is not None:
            kwargs.setdefault("initial", {})
            kwargs["initial"].setdefault("actividad", solicitud.actividad_actual)
        super().__init__(*args, **kwargs)


def campo_motivo(etiqueta=None, *, requerido: bool = True, ayuda: str = "", falta=None):
    """A free-text reason. ``falta`` is the message when it is left empty: it names
    the field the person sees ("Escriba los fundamentos."), not a generic "motivo"
    that, next to a field labelled otherwise, points at the wrong one."""
    return forms.CharField(
        label=etiqueta or _("Motivo"),
        required=requerido,
        max_length=LARGO_MOTIVO,
        help_text=ayuda,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": falta or _("Escriba el motivo.")},
    )
