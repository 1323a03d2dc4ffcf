"""Forms of the actions on a case other than completing its activity: step back,
suspend, resume, extend, reassign, withdraw, reject, attach the signed reply.
Each is posted to its own view (``views.py``) and handed to one service.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ..constants import MotivoRechazo
from .base import AccionForm, campo_motivo
from .radicacion import validar


class DevolverForm(AccionForm):
    hacia = forms.TypedChoiceField(label=_("Devolver a"), coerce=int, choices=())
    motivo = campo_motivo()

    def __init__(self, *args, anteriores=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["hacia"].choices = [
            (a.numero, f"{a.numero}. {a.nombre}") for a in anteriores
        ]


class SuspenderForm(AccionForm):
    motivo = campo_motivo(
        _("Qué debe aportar el municipio"),
        ayuda=_(
            "Los términos se suspenden (Ley 1755 de 2015, art. 17); el municipio lo "
            "ve en el portal y por correo."
        ),
    )


class ReanudarForm(forms.Form):
    """Resuming needs no activity: only a suspended case can be resumed."""

    motivo = campo_motivo(_("Observaciones"), requerido=False)

    def __init__(self, *args, solicitud=None, **kwargs):
        self.solicitud = solicitud
        super().__init__(*args, **kwargs)


class ProrrogarForm(AccionForm):
    dias = forms.IntegerField(label=_("Días hábiles"), min_value=1, max_value=365)
    motivo = campo_motivo()


class ReasignarForm(AccionForm):
    a = forms.ModelChoiceField(label=_("Asignar a"), queryset=None)
    motivo = campo_motivo(_("Observaciones"), requerido=False)

    def __init__(self, *args, personas=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["a"].queryset = personas
        self.fields["a"].label_from_instance = lambda u: (
            u.get_full_name() or u.get_username()
        )


class DesistirForm(forms.Form):
    """Withdrawal may come while suspended too: no activity to compare."""

    motivo = campo_motivo(_("Cómo desistió el municipio"))

    def __init__(self, *args, solicitud=None, **kwargs):
        self.solicitud = solicitud
        super().__init__(*args, **kwargs)


class RechazarForm(AccionForm):
    motivo = forms.ChoiceField(label=_("Motivo"), choices=MotivoRechazo.choices)
    fundamentos = campo_motivo(
        _("Fundamentos"),
        ayuda=_("Van en el oficio de respuesta que se envía al municipio."),
    )


class OficioFirmadoForm(forms.Form):
    archivo = forms.FileField(
        label=_("Oficio de respuesta firmado (PDF escaneado)"),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"}),
    )

    def __init__(self, *args, solicitud=None, **kwargs):
        self.solicitud = solicitud
        super().__init__(*args, **kwargs)

    def clean_archivo(self):
        return validar(self.cleaned_data["archivo"])
