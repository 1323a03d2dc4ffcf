"""One form per kind of activity (``TipoActividad``), each handing its data to the
activity's service. Chosen by ``views.FORMULARIOS_DE_ACTIVIDAD`` and shown on the
case page (``viewsets.CasoView``) to whoever may complete the activity.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ..constants import (
    ComponentePlan,
    Institucion,
    Modalidad,
    TipoPlan,
    TipoRevision,
)
from ..services import (
    DatosAlcance,
    DatosAsistente,
    DatosCompromiso,
    DatosIntegrante,
    DatosResultado,
    DatosSesion,
)
from .base import LARGO_MOTIVO, AccionForm
from .radicacion import validar

#: Rows of a formset start blank: a select with a preset value would make every
#: unused row look filled in.
INSTITUCIONES = [("", "—"), *Institucion.choices]

#: ``<input type="datetime-local">`` sends this (the browser's own picker).
FORMATO_FECHA_HORA = "%Y-%m-%dT%H:%M"


def _observaciones(etiqueta=None):
    return forms.CharField(
        label=etiqueta or _("Observaciones"),
        required=False,
        max_length=LARGO_MOTIVO,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class RegistroForm(AccionForm):
    """Activity 2: the registry number is generated; who the request goes to."""

    dirigida_a = forms.ModelChoiceField(
        label=_("Dirigida a"),
        queryset=None,
        required=False,
        empty_label=_("Al grupo (sin persona asignada)"),
        help_text=_("Quien recibe la solicitud en la actividad siguiente."),
    )
    observaciones = _observaciones()

    def __init__(self, *args, destinatarios=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["dirigida_a"].queryset = destinatarios
        self.fields["dirigida_a"].label_from_instance = lambda u: (
            u.get_full_name() or u.get_username()
        )


class AlcanceForm(AccionForm):
    """Activity 3: the scope of the advice; issues the *oficio de respuesta*."""

    tipo_revision = forms.ChoiceField(
        label=_("Tipo de revisión"),
        choices=TipoRevision.choices,
        widget=forms.RadioSelect,
    )
    componentes = forms.MultipleChoiceField(
        label=_("Componentes del plan"),
        choices=ComponentePlan.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    modalidad = forms.ChoiceField(
        label=_("Modalidad"), choices=Modalidad.choices, widget=forms.RadioSelect
    )
    duracion_estimada = forms.CharField(
        label=_("Duración estimada"),
        max_length=100,
        help_text=_("Por ejemplo: seis meses, cuatro sesiones."),
    )
    observaciones = _observaciones()

    def datos(self) -> DatosAlcance:
        d = self.cleaned_data
        return DatosAlcance(
            tipo_revision=d["tipo_revision"],
            componentes=list(d["componentes"]),
            modalidad=d["modalidad"],
            duracion_estimada=d["duracion_estimada"],
            observaciones=d["observaciones"],
        )


class EquipoForm(AccionForm):
    """Activity 4: the team (``IntegranteFormSet``) and the *acta de compromiso*."""

    objeto = forms.CharField(
        label=_("Objeto del convenio o acta"),
        max_length=LARGO_MOTIVO,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    compromisos = forms.CharField(
        label=_("Compromisos de las partes"),
        max_length=LARGO_MOTIVO,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class IntegranteForm(forms.Form):
    nombre = forms.CharField(label=_("Nombre"), max_length=150)
    institucion = forms.ChoiceField(label=_("Institución"), choices=INSTITUCIONES)
    rol = forms.CharField(label=_("Rol en el equipo"), max_length=150)
    correo = forms.EmailField(label=_("Correo electrónico"), required=False)
    coordina = forms.BooleanField(label=_("Coordina"), required=False)

    def datos(self) -> DatosIntegrante:
        return DatosIntegrante(**self.cleaned_data)


class _FilasFormSet(forms.BaseFormSet):
    """Rows typed on the case page: empty extra rows are skipped."""

    def filas(self) -> list:
        return [
            f.datos()
            for f in self.forms
            if f.has_changed() and f.cleaned_data and not f.cleaned_data.get("DELETE")
        ]


class _IntegrantesFormSet(_FilasFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        if not self.filas():
            raise forms.ValidationError(_("El equipo necesita al menos un integrante."))
        if sum(1 for i in self.filas() if i.coordina) != 1:
            raise forms.ValidationError(
                _("Marque una sola persona que coordina el equipo.")
            )


IntegranteFormSet = forms.formset_factory(
    IntegranteForm, formset=_IntegrantesFormSet, extra=4, max_num=30
)


class SesionForm(AccionForm):
    """Activity 5: one advisory session; attendees and commitments as formsets."""

    fecha = forms.DateTimeField(
        label=_("Fecha y hora"),
        input_formats=[FORMATO_FECHA_HORA, "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(
            attrs={"type": "datetime-local"}, format=FORMATO_FECHA_HORA
        ),
    )
    modalidad = forms.ChoiceField(
        label=_("Modalidad"), choices=Modalidad.choices, widget=forms.RadioSelect
    )
    lugar = forms.CharField(label=_("Lugar o enlace"), max_length=300)
    temas = forms.CharField(
        label=_("Temas tratados"), widget=forms.Textarea(attrs={"rows": 3})
    )
    desarrollo = _observaciones(_("Desarrollo de la sesión"))
    proximos_pasos = _observaciones(_("Próximos pasos"))

    def datos(self, asistentes, compromisos) -> DatosSesion:
        d = self.cleaned_data
        return DatosSesion(
            fecha=d["fecha"],
            modalidad=d["modalidad"],
            lugar=d["lugar"],
            temas=d["temas"],
            desarrollo=d["desarrollo"],
            proximos_pasos=d["proximos_pasos"],
            asistentes=asistentes.filas(),
            compromisos=compromisos.filas(),
        )


class AsistenteForm(forms.Form):
    nombre = forms.CharField(label=_("Nombre"), max_length=150)
    institucion = forms.ChoiceField(label=_("Institución"), choices=INSTITUCIONES)
    cargo = forms.CharField(label=_("Cargo o rol"), max_length=150, required=False)

    def datos(self) -> DatosAsistente:
        return DatosAsistente(**self.cleaned_data)


class _AsistentesFormSet(_FilasFormSet):
    def clean(self):
        super().clean()
        if not any(self.errors) and not self.filas():
            raise forms.ValidationError(
                _("Registre al menos un asistente de la sesión.")
            )


AsistenteFormSet = forms.formset_factory(
    AsistenteForm, formset=_AsistentesFormSet, extra=4, max_num=100
)


class CompromisoForm(forms.Form):
    descripcion = forms.CharField(label=_("Compromiso"), max_length=500)
    responsable = forms.CharField(label=_("Responsable"), max_length=150)
    fecha_limite = forms.DateField(
        label=_("Fecha límite"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def datos(self) -> DatosCompromiso:
        return DatosCompromiso(**self.cleaned_data)


CompromisoFormSet = forms.formset_factory(
    CompromisoForm, formset=_FilasFormSet, extra=3, max_num=100
)


class ResultadoForm(AccionForm):
    """Activity 5 done: the municipal Acuerdo adopting the plan, or why not yet."""

    acuerdo_numero = forms.CharField(
        label=_("Número del Acuerdo municipal"), max_length=50, required=False
    )
    acuerdo_fecha = forms.DateField(
        label=_("Fecha del Acuerdo"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    acuerdo_tipo_plan = forms.ChoiceField(
        label=_("Plan que adopta"),
        choices=[("", _("El plan vigente de la solicitud")), *TipoPlan.choices],
        required=False,
        help_text=_(
            "Al archivar, el municipio queda con este tipo de plan y este Acuerdo "
            "como acto de adopción."
        ),
    )
    acuerdo_pdf = forms.FileField(
        label=_("Acuerdo (PDF)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"}),
    )
    sin_acuerdo_motivo = _observaciones(_("Si aún no hay Acuerdo, ¿por qué?"))

    def clean_acuerdo_pdf(self):
        return validar(self.cleaned_data["acuerdo_pdf"])

    def clean(self):
        datos = super().clean()
        if datos.get("acuerdo_numero", "").strip():
            if not datos.get("acuerdo_fecha"):
                self.add_error("acuerdo_fecha", _("Escriba la fecha del Acuerdo."))
            if not datos.get("acuerdo_pdf"):
                self.add_error("acuerdo_pdf", _("Adjunte el Acuerdo en PDF."))
        elif not datos.get("sin_acuerdo_motivo", "").strip():
            raise forms.ValidationError(
                _(
                    "Registre el Acuerdo municipal que adopta el plan o por qué aún "
                    "no lo hay."
                )
            )
        return datos

    def datos(self) -> DatosResultado:
        d = self.cleaned_data
        return DatosResultado(
            acuerdo_numero=d["acuerdo_numero"],
            acuerdo_fecha=d["acuerdo_fecha"],
            acuerdo_tipo_plan=d["acuerdo_tipo_plan"] if d["acuerdo_numero"] else "",
            acuerdo_pdf=d["acuerdo_pdf"],
            sin_acuerdo_motivo=d["sin_acuerdo_motivo"],
        )


class GenericaForm(AccionForm):
    """Any other step a later version of the procedure adds: done, with notes."""

    observaciones = _observaciones()
