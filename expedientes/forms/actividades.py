"""One form per kind of activity (``TipoActividad``), each handing its data to the
activity's service. Chosen by ``tipos.TIPOS_DE_ACTIVIDAD`` and shown on the
case page (``views.caso.CasoView``) to whoever may complete the activity.
"""

from __future__ import annotations

from django import forms
from django.forms.formsets import (
    DELETION_FIELD_NAME,
    INITIAL_FORM_COUNT,
    TOTAL_FORM_COUNT,
)
from django.forms.utils import ErrorDict
from django.utils import timezone
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
from .cargas import ArchivosAcotadosMixin
from .radicacion import validar

#: Rows of a formset start blank: a select with a preset value would make every
#: unused row look filled in.
INSTITUCIONES = [("", "—"), *Institucion.choices]

#: The name of the no-JavaScript "Añadir una fila" button; its value names the
#: formset (its prefix), as in ``views.AccionView.post``.
AGREGAR_FILA = "agregar_fila"

#: ``<input type="datetime-local">`` sends this (the browser's own picker).
FORMATO_FECHA_HORA = "%Y-%m-%dT%H:%M"


def _de_la_fila(form) -> dict:
    """A row's values without the formset's own "Quitar" box."""
    return {k: v for k, v in form.cleaned_data.items() if k != DELETION_FIELD_NAME}


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
        self.fields["dirigida_a"].label_from_instance = lambda u: u.nombre


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

    @classmethod
    def inicial(cls, anterior: dict) -> dict:
        """The scope recorded the last time (the completed event's ``datos``):
        activity 3 done again after a step back starts from it, values no longer
        offered left out."""
        opciones = {
            "tipo_revision": set(TipoRevision.values),
            "modalidad": set(Modalidad.values),
        }
        inicial = {}
        for nombre, validos in opciones.items():
            if anterior.get(nombre) in validos:
                inicial[nombre] = anterior[nombre]
        componentes = [
            c for c in anterior.get("componentes") or [] if c in ComponentePlan.values
        ]
        if componentes:
            inicial["componentes"] = componentes
        for nombre in ("duracion_estimada", "observaciones"):
            if isinstance(anterior.get(nombre), str) and anterior[nombre]:
                inicial[nombre] = anterior[nombre]
        return inicial

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
        return DatosIntegrante(**_de_la_fila(self))


class _FilasFormSet(forms.BaseFormSet):
    """Rows typed on the case page, added and removed as Wagtail's inline panels
    do: "Añadir una fila" (``static/js/filas.js`` clones ``empty_form``; with
    JavaScript off it is a submit, ``AGREGAR_FILA``, and the view re-renders what was
    typed with one row more, ``con_una_fila_mas``) and "Quitar" (the ``DELETE``
    checkbox). Every row is optional (no "initial" rows): blank ones are skipped,
    removed ones ignored, and more than ``max_num`` filled rows are refused in
    Spanish (``validate_max``)."""

    default_error_messages = {
        "too_many_forms": _("Se admiten hasta %(num)d filas: quite alguna."),
        "too_few_forms": _("Llene al menos %(num)d fila."),
    }

    def initial_form_count(self) -> int:
        return 0

    def total_form_count(self) -> int:
        if self.is_bound:
            return super().total_form_count()
        return min(len(self.initial or ()) + self.extra, self.max_num)

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if DELETION_FIELD_NAME in form.fields:
            form.fields[DELETION_FIELD_NAME].label = _("Quitar")
        # "Nombre, fila 3": every input of a row has a name of its own.
        numero = (
            _("fila nueva") if index is None else _("fila %(n)s") % {"n": index + 1}
        )
        for nombre, campo in form.fields.items():
            if nombre != DELETION_FIELD_NAME:
                campo.widget.attrs["aria-label"] = f"{campo.label}, {numero}"

    def filas(self) -> list:
        return [
            f.datos()
            for f in self.forms
            if f.has_changed()
            and f.cleaned_data
            and not f.cleaned_data.get(DELETION_FIELD_NAME)
        ]

    @property
    def lleno(self) -> bool:
        """No room for another row (the "add" button says so and does nothing)."""
        return self.total_form_count() >= self.max_num

    def con_una_fila_mas(self):
        """The same formset, bound to what was typed, without the removed rows and
        with one blank row more (up to ``max_num``), its errors not shown: the
        no-JavaScript "Añadir una fila". Nothing typed is lost."""
        datos = self.data.copy()
        prefijo = f"{self.prefix}-"
        for clave in [c for c in datos if c.startswith(prefijo)]:
            del datos[clave]
        quedan = 0
        for form in self.forms:
            if self.can_delete and form[DELETION_FIELD_NAME].value():
                continue
            for nombre in form.fields:
                clave = form.add_prefix(nombre)
                if nombre == DELETION_FIELD_NAME or clave not in self.data:
                    continue
                datos.setlist(f"{prefijo}{quedan}-{nombre}", self.data.getlist(clave))
            quedan += 1
        total = min(quedan + 1, self.max_num)
        datos[f"{prefijo}{TOTAL_FORM_COUNT}"] = str(total)
        datos[f"{prefijo}{INITIAL_FORM_COUNT}"] = "0"
        nuevo = type(self)(datos, prefix=self.prefix)
        return sin_errores(nuevo)


def sin_errores(formset):
    """A bound formset (or form) that shows what was typed but no errors: it
    was re-rendered to add a row, not sent."""
    formularios = formset.forms if isinstance(formset, forms.BaseFormSet) else []
    for form in formularios:
        form._errors = ErrorDict()
    if isinstance(formset, forms.BaseFormSet):
        formset._errors = [ErrorDict() for _f in formularios]
        formset._non_form_errors = formset.error_class()
    else:
        formset._errors = ErrorDict()
    return formset


class _IntegrantesFormSet(_FilasFormSet):
    default_error_messages = {
        "too_many_forms": _(
            "El equipo admite hasta %(num)d integrantes: quite alguno."
        ),
    }

    @staticmethod
    def inicial(anterior: dict) -> list[dict]:
        """The team recorded the last time: activity 4 done again after a step
        back starts from it."""
        campos = ("nombre", "institucion", "rol", "correo", "coordina")
        return [
            {c: i[c] for c in campos if c in i}
            for i in anterior.get("integrantes") or []
            if isinstance(i, dict)
        ]

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
    IntegranteForm,
    formset=_IntegrantesFormSet,
    extra=4,
    max_num=30,
    validate_max=True,
    can_delete=True,
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
    #: The scheduled session this one is recorded from (``selectors.por_registrar``).
    programada = forms.IntegerField(
        widget=forms.HiddenInput, required=False, min_value=1
    )

    @staticmethod
    def inicial(programada) -> tuple[dict, list[dict]]:
        """The form and its attendees started from what was scheduled."""
        return (
            {
                "fecha": timezone.localtime(programada.inicio),
                "modalidad": programada.modalidad,
                "lugar": programada.lugar,
                "temas": programada.temas,
                "programada": programada.pk,
            },
            [
                {"nombre": i.nombre, "institucion": i.institucion, "cargo": i.cargo}
                for i in programada.invitados.all()
            ],
        )

    def datos(self, asistentes, compromisos) -> DatosSesion:
        d = self.cleaned_data
        return DatosSesion(
            programada=d.get("programada"),
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
        return DatosAsistente(**_de_la_fila(self))


class _AsistentesFormSet(_FilasFormSet):
    default_error_messages = {
        "too_many_forms": _(
            "Una sesión admite hasta %(num)d asistentes: quite alguno."
        ),
    }

    def clean(self):
        super().clean()
        if not any(self.errors) and not self.filas():
            raise forms.ValidationError(
                _("Registre al menos un asistente de la sesión.")
            )


AsistenteFormSet = forms.formset_factory(
    AsistenteForm,
    formset=_AsistentesFormSet,
    extra=4,
    max_num=100,
    validate_max=True,
    can_delete=True,
)


class CompromisoForm(forms.Form):
    descripcion = forms.CharField(label=_("Compromiso"), max_length=500)
    responsable = forms.CharField(label=_("Responsable"), max_length=150)
    fecha_limite = forms.DateField(
        label=_("Fecha límite"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    correo_responsable = forms.EmailField(
        label=_("Correo del responsable (recordatorio)"),
        required=False,
        error_messages={"invalid": _("Escriba un correo válido del responsable.")},
    )

    def datos(self) -> DatosCompromiso:
        return DatosCompromiso(**_de_la_fila(self))


class _CompromisosFormSet(_FilasFormSet):
    default_error_messages = {
        "too_many_forms": _(
            "Una sesión admite hasta %(num)d compromisos: quite alguno."
        ),
    }


CompromisoFormSet = forms.formset_factory(
    CompromisoForm,
    formset=_CompromisosFormSet,
    extra=3,
    max_num=100,
    validate_max=True,
    can_delete=True,
)


class ResultadoForm(ArchivosAcotadosMixin, AccionForm):
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
