"""Forms of the actions on a case other than completing its activity: step back,
suspend, resume, extend, reassign, withdraw, reject, attach the signed reply.
Each is posted to its own view (``views/acciones.py``) and handed to one service.
"""

from __future__ import annotations

from django import forms
from django.core.validators import MaxValueValidator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from ..constants import MotivoRechazo
from .base import AccionForm, campo_motivo
from .cargas import ArchivosAcotadosMixin
from .radicacion import validar


class DevolverForm(AccionForm):
    """Step back: the activity just before the current one comes chosen, the
    usual case (a step back is most often to whoever handed the case on)."""

    hacia = forms.TypedChoiceField(
        label=_("Devolver a"),
        coerce=int,
        choices=(),
        error_messages={
            "required": _("Elija la actividad a la que se devuelve."),
            "invalid_choice": _("Elija una de las actividades anteriores a la actual."),
        },
    )
    motivo = campo_motivo()

    def __init__(self, *args, anteriores=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["hacia"].choices = [
            (a.numero, f"{a.numero}. {a.nombre}") for a in anteriores
        ]
        if anteriores:
            self.fields["hacia"].initial = max(a.numero for a in anteriores)


class SuspenderForm(AccionForm):
    motivo = campo_motivo(
        _("Qué debe aportar el municipio"),
        ayuda=_(
            "Los términos se suspenden (Ley 1755 de 2015, art. 17); el municipio lo "
            "ve en el portal y por correo."
        ),
        falta=_("Escriba qué debe aportar el municipio."),
    )


class ReanudarForm(forms.Form):
    """Resuming needs no activity: only a suspended case can be resumed."""

    motivo = campo_motivo(_("Observaciones"), requerido=False)

    def __init__(self, *args, solicitud=None, **kwargs):
        self.solicitud = solicitud
        super().__init__(*args, **kwargs)


class ProrrogarForm(AccionForm):
    """``maximo``: the days the term may still be extended by
    (``services.dias_por_prorrogar``), so the field's limits, the browser's
    and the message are the rule's, not an arbitrary year; ``legal``: the term
    is the legal one of the answer, whose norm the help text cites."""

    dias = forms.IntegerField(
        label=_("Días hábiles"),
        min_value=1,
        error_messages={
            "required": _("Escriba cuántos días hábiles se prorroga el término."),
            "invalid": _("Escriba los días hábiles como un número entero."),
            "min_value": _("La prórroga es de al menos un día hábil."),
        },
    )
    motivo = campo_motivo()

    def __init__(self, *args, maximo: int | None = None, legal=False, **kwargs):
        super().__init__(*args, **kwargs)
        if maximo is None:
            return
        campo = self.fields["dias"]
        campo.max_value = maximo
        campo.widget.attrs["max"] = maximo
        campo.validators.append(
            MaxValueValidator(
                maximo,
                message=ngettext(
                    "La prórroga no puede superar el término original: queda "
                    "%(limit_value)s día hábil por prorrogar.",
                    "La prórroga no puede superar el término original: quedan "
                    "%(limit_value)s días hábiles por prorrogar.",
                    maximo,
                ),
            )
        )
        if legal:
            ayuda = ngettext(
                "Hasta %(n)s día hábil: el término de respuesta se prorroga a lo "
                "sumo tanto como su duración original (Ley 1755 de 2015, art. 14, "
                "parágrafo).",
                "Hasta %(n)s días hábiles: el término de respuesta se prorroga a lo "
                "sumo tanto como su duración original (Ley 1755 de 2015, art. 14, "
                "parágrafo).",
                maximo,
            )
        else:
            ayuda = ngettext(
                "Hasta %(n)s día hábil: el plazo de la actividad se prorroga a lo "
                "sumo tanto como su duración original.",
                "Hasta %(n)s días hábiles: el plazo de la actividad se prorroga a lo "
                "sumo tanto como su duración original.",
                maximo,
            )
        campo.help_text = ayuda % {"n": maximo}


class ReasignarForm(AccionForm):
    a = forms.ModelChoiceField(label=_("Asignar a"), queryset=None)
    motivo = campo_motivo(_("Observaciones"), requerido=False)

    def __init__(self, *args, personas=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["a"].queryset = personas
        self.fields["a"].label_from_instance = lambda u: u.nombre


class DesistirForm(forms.Form):
    """Withdrawal may come while suspended too: no activity to compare."""

    motivo = campo_motivo(
        _("Cómo desistió el municipio"),
        falta=_("Escriba cómo desistió el municipio."),
    )

    def __init__(self, *args, solicitud=None, **kwargs):
        self.solicitud = solicitud
        super().__init__(*args, **kwargs)


class RechazarForm(AccionForm):
    motivo = forms.ChoiceField(
        label=_("Motivo"),
        choices=MotivoRechazo.choices,
        error_messages={
            "required": _("Elija el motivo del rechazo."),
            "invalid_choice": _("Elija el motivo del rechazo de la lista."),
        },
    )
    fundamentos = campo_motivo(
        _("Fundamentos"),
        ayuda=_("Van en el oficio de respuesta que se envía al municipio."),
        falta=_("Escriba los fundamentos del rechazo."),
    )


class OficioFirmadoForm(ArchivosAcotadosMixin, forms.Form):
    archivo = forms.FileField(
        label=_("Oficio de respuesta firmado en papel (PDF escaneado)"),
        help_text=_(
            "El oficio expedido ya va firmado digitalmente; adjunte el escaneado "
            "solo si además se firmó en papel."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"}),
    )

    def __init__(self, *args, solicitud=None, **kwargs):
        self.solicitud = solicitud
        super().__init__(*args, **kwargs)

    def clean_archivo(self):
        return validar(self.cleaned_data["archivo"])
