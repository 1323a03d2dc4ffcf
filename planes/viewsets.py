"""Admin screens of the plans app, registered in wagtail_hooks.py.

``ActoPlanViewSet``: staff record an act ("Añadir", ``services.acto_registrar``)
and correct one ("Corregir" is the edit view: it appends a corrected act with its
reason through ``services.acto_corregir``; the old row stays, marked replaced).
No act is deleted. ``PlanMunicipalViewSet`` lists what each plan's acts say (read
only). The legal data (terms, constitutional periods) are snippets that
administrators edit; their revisions keep the history.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.db.models import Exists, OuterRef
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.generic.models import (
    CreateView,
    EditView,
    IndexView,
)
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.views.snippets import SnippetViewSet

from portal.inspeccion import VistaInspeccion

from .constants import FuenteRegistro
from .models import (
    ActoPlan,
    HitoRevision,
    PeriodoConstitucional,
    PlanMunicipal,
    PlazoLegal,
    RevisionPlan,
)
from .services import (
    DatosActo,
    DatosHito,
    PlanError,
    acto_corregir,
    acto_registrar,
    hito_corregir,
    hito_registrar,
    revision_abrir,
)

CAMPOS_DEL_ACTO = [
    "tipo",
    "tipo_plan",
    "clase",
    "numero",
    "fecha",
    "fuente",
    "fuente_detalle",
    "documento",
]

CAMPOS_DEL_HITO = [
    "tipo",
    "fecha",
    "clase",
    "numero",
    "fuente",
    "fuente_detalle",
    "documento",
]

#: The sources staff may give; the initial load's is the migration's only.
FUENTES_DE_PERSONAL = [
    (v, e) for v, e in FuenteRegistro.choices if v != FuenteRegistro.CARGA_INICIAL
]


class ActoPlanForm(forms.ModelForm):
    """Validated by the service, not here (STYLE.md: no rules in ``clean()``)."""

    class Meta:
        model = ActoPlan
        fields = ["plan", *CAMPOS_DEL_ACTO]
        labels = {"plan": _("Municipio")}
        widgets = {"fecha": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, for_user=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["fuente"].choices = [("", "---------"), *FUENTES_DE_PERSONAL]
        for nombre in ("clase", "numero", "fecha"):
            self.fields[nombre].required = True
        if "plan" in self.fields:
            self.fields["plan"].queryset = PlanMunicipal.objects.select_related(
                "municipio"
            ).order_by("municipio__nombre")

    def datos(self) -> DatosActo:
        d = self.cleaned_data
        return DatosActo(
            tipo=d["tipo"],
            tipo_plan=d["tipo_plan"],
            clase=d["clase"],
            numero=d["numero"],
            fecha=d["fecha"],
            fuente=d["fuente"],
            fuente_detalle=d["fuente_detalle"],
            documento=d["documento"],
        )


class CorreccionForm(ActoPlanForm):
    motivo = forms.CharField(
        label=_("Motivo de la corrección"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Queda en el historial del plan, junto al acto que reemplaza."),
    )

    class Meta(ActoPlanForm.Meta):
        fields = CAMPOS_DEL_ACTO


def _rechazo(vista, form, error: PlanError):
    """The service's refusal next to its field, the form shown again."""
    form.add_error(error.campo if error.campo in form.fields else None, error)
    vista.produced_error_message = str(error)
    return vista.form_invalid(form)


class RegistrarActoView(CreateView):
    def get_form_class(self):
        return ActoPlanForm

    def form_valid(self, form):
        try:
            self.object = acto_registrar(
                municipio=form.cleaned_data["plan"].municipio,
                datos=form.datos(),
                actor=self.request.user,
            )
        except PlanError as error:
            return _rechazo(self, form, error)
        messages.success(
            self.request,
            _("Acto registrado: %(acto)s de %(municipio)s.")
            % {"acto": self.object.denominacion, "municipio": self.object.plan},
        )
        return redirect(self.get_success_url())


class CorreccionView(EditView):
    """The edit view of an append-only record (an act, a milestone): the form
    makes a corrected copy through ``servicio`` and the old row stays in the
    history."""

    formulario: type[forms.ModelForm]
    #: ``acto_corregir`` or ``hito_corregir``, and the name of its record argument.
    servicio = None
    argumento = ""
    titulo = mensaje = ""

    def get_form_class(self):
        return self.formulario

    def get_page_title(self):
        return self.titulo

    def form_valid(self, form):
        try:
            self.object = type(self).servicio(
                **{self.argumento: self.object.pk},
                datos=form.datos(),
                motivo=form.cleaned_data["motivo"],
                actor=self.request.user,
            )
        except PlanError as error:
            return _rechazo(self, form, error)
        messages.success(self.request, self.mensaje)
        return redirect(self.get_success_url())


class CorregirActoView(CorreccionView):
    formulario = CorreccionForm
    servicio = acto_corregir
    argumento = "acto"
    titulo = _("Corregir acto")
    mensaje = _("Acto corregido; el registro anterior queda en el historial.")


class SinBorrarPolicy(ModelPermissionPolicy):
    """Acts and plans are never deleted (append-only history)."""

    def user_has_permission(self, user, action):
        if action == "delete":
            return False
        return super().user_has_permission(user, action)


class SoloLecturaPolicy(ModelPermissionPolicy):
    """A plan's row is derived from its acts: nobody adds, edits or deletes it."""

    def user_has_permission(self, user, action):
        if action in ("add", "change", "delete"):
            return False
        return super().user_has_permission(user, action)


def _estado_del_acto(acto: ActoPlan) -> str:
    if getattr(acto, "reemplazado", False):
        return str(_("Reemplazado por una corrección"))
    return str(_("En vigor"))


class PrimeraColumnaEnlazada:
    """The first column links to the row's edit view or, for whoever may only
    read it, to its inspect view, with the row's buttons: what Wagtail does for a
    first column given by name, kept for one given as a ``Column`` with its own
    label."""

    @cached_property
    def columns(self):
        primera, *resto = super().columns
        titulo = self._get_title_column_class(TitleColumn)(
            primera.name,
            label=primera.label,
            accessor=primera.accessor,
            sort_key=primera.sort_key,
            get_url=lambda fila: self.get_edit_url(fila) or self.get_inspect_url(fila),
        )
        return [titulo, *resto]


class ActosIndexView(PrimeraColumnaEnlazada, IndexView):
    """One query for the page: municipality, who recorded it, replaced or not."""

    def get_base_queryset(self):
        return ActoPlan.objects.select_related(
            "plan__municipio", "registrado_por"
        ).annotate(reemplazado=Exists(ActoPlan.objects.filter(corrige=OuterRef("pk"))))


class PlanesIndexView(PrimeraColumnaEnlazada, IndexView):
    def get_base_queryset(self):
        return PlanMunicipal.objects.select_related(
            "municipio", "acto_base", "periodo_adopcion"
        )


class ActoPlanViewSet(ModelViewSet):
    model = ActoPlan
    index_view_class = ActosIndexView
    icon = "doc-full"
    menu_label = _("Actos de los planes")
    add_view_class = RegistrarActoView
    edit_view_class = CorregirActoView
    inspect_view_enabled = True
    inspect_view_class = VistaInspeccion
    copy_view_enabled = False
    form_fields = ["plan", *CAMPOS_DEL_ACTO]
    list_display = [
        Column("plan", label=_("Municipio")),
        Column("denominacion", label=_("Acto")),
        Column("tipo", label=_("Qué hizo"), accessor="get_tipo_display"),
        DateColumn("fecha", label=_("Fecha")),
        Column("fuente", label=_("Fuente"), accessor="get_fuente_display"),
        Column("registrado_por", label=_("Registrado por")),
        DateColumn("registrado_en", label=_("Registrado el")),
        Column("estado", label=_("Estado"), accessor=_estado_del_acto),
    ]
    list_filter = ["tipo", "fuente"]
    search_fields = ["plan__municipio__nombre", "numero"]
    search_backend_name = None
    ordering = ["plan__municipio__nombre", "-fecha", "-pk"]
    inspect_view_fields = [
        "plan",
        *CAMPOS_DEL_ACTO,
        "descripcion",
        "registrado_por",
        "registrado_en",
        "corrige",
        "motivo",
    ]


class PlanMunicipalViewSet(ModelViewSet):
    model = PlanMunicipal
    index_view_class = PlanesIndexView
    icon = "site"
    menu_label = _("Planes de los municipios")
    inspect_view_enabled = True
    inspect_view_class = VistaInspeccion
    copy_view_enabled = False
    form_fields = []
    list_display = [
        Column("municipio", label=_("Municipio")),
        Column("tipo_plan", label=_("Tipo")),
        Column("acto_base", label=_("Acto que inició los plazos")),
        Column("periodo_adopcion", label=_("Período de adopción")),
        DateColumn("fin_corto", label=_("Fin corto plazo")),
        DateColumn("fin_mediano", label=_("Fin mediano plazo")),
        DateColumn("fin_largo", label=_("Fin largo plazo")),
        Column(
            "verificado",
            label=_("Verificado"),
            accessor=lambda p: _("Sí") if p.verificado else _("No: por verificar"),
        ),
    ]
    list_filter = ["tipo_plan", "verificado", "municipio__autoridad_ambiental"]
    search_fields = ["municipio__nombre", "municipio__codigo_divipola"]
    search_backend_name = None
    ordering = ["municipio__nombre"]
    list_per_page = 100


class PlazoLegalViewSet(SnippetViewSet):
    model = PlazoLegal
    icon = "time"
    menu_label = _("Términos legales")
    list_display = ["nombre", "cantidad", "unidad", "norma"]


class PeriodoConstitucionalViewSet(SnippetViewSet):
    model = PeriodoConstitucional
    icon = "date"
    menu_label = _("Períodos constitucionales")
    list_display = ["__str__", "inicio", "fin", "norma"]


# --- The revisions under way ----------------------------------------------------


class RevisionForm(forms.ModelForm):
    """Opens a revision; validated by ``services.revision_abrir``."""

    class Meta:
        model = RevisionPlan
        fields = ["plan", "tipo", "inicio", "fuente_detalle"]
        labels = {"plan": _("Municipio")}
        widgets = {"inicio": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, for_user=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = PlanMunicipal.objects.select_related(
            "municipio"
        ).order_by("municipio__nombre")


class HitoForm(forms.ModelForm):
    """A milestone; validated by ``services.hito_registrar`` / ``hito_corregir``."""

    class Meta:
        model = HitoRevision
        fields = ["revision", *CAMPOS_DEL_HITO]
        widgets = {"fecha": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, for_user=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if "revision" in self.fields:
            self.fields["revision"].queryset = RevisionPlan.objects.filter(
                adoptada_el__isnull=True
            ).select_related("plan__municipio")

    def datos(self) -> DatosHito:
        d = self.cleaned_data
        return DatosHito(
            tipo=d["tipo"],
            fecha=d["fecha"],
            fuente=d["fuente"],
            fuente_detalle=d["fuente_detalle"],
            clase=d["clase"],
            numero=d["numero"],
            documento=d["documento"],
        )


class CorreccionHitoForm(HitoForm):
    motivo = forms.CharField(
        label=_("Motivo de la corrección"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Queda en el historial de la revisión, junto al hito que reemplaza."
        ),
    )

    class Meta(HitoForm.Meta):
        fields = CAMPOS_DEL_HITO


class AbrirRevisionView(CreateView):
    def get_form_class(self):
        return RevisionForm

    def form_valid(self, form):
        d = form.cleaned_data
        try:
            self.object = revision_abrir(
                municipio=d["plan"].municipio,
                tipo=d["tipo"],
                inicio=d["inicio"],
                fuente_detalle=d["fuente_detalle"],
                actor=self.request.user,
            )
        except PlanError as error:
            return _rechazo(self, form, error)
        messages.success(self.request, _("Revisión registrada: %s.") % self.object)
        return redirect(self.get_success_url())


class RegistrarHitoView(CreateView):
    def get_form_class(self):
        return HitoForm

    def get_initial(self):
        return {**super().get_initial(), "revision": self.request.GET.get("revision")}

    def form_valid(self, form):
        try:
            self.object = hito_registrar(
                revision=form.cleaned_data["revision"],
                datos=form.datos(),
                actor=self.request.user,
            )
        except PlanError as error:
            return _rechazo(self, form, error)
        messages.success(
            self.request,
            _("Hito registrado: %(hito)s, %(revision)s.")
            % {"hito": self.object, "revision": self.object.revision},
        )
        return redirect(self.get_success_url())


class CorregirHitoView(CorreccionView):
    formulario = CorreccionHitoForm
    servicio = hito_corregir
    argumento = "hito"
    titulo = _("Corregir hito")
    mensaje = _("Hito corregido; el registro anterior queda en el historial.")


class RevisionInspectView(VistaInspeccion):
    """The revision's page: milestones (replaced ones marked), the legal clocks
    with their norms and debates, and the municipality's cases since it began."""

    template_name = "planes/admin/revision.html"

    def get_context_data(self, **kwargs):
        from .selectors import ficha_revision, solicitudes_de_revision

        contexto = super().get_context_data(**kwargs)
        hoy = timezone.localdate()
        puede = self.request.user.has_perm("planes.add_hitorevision")
        contexto.update(
            ficha=ficha_revision(self.object, hoy),
            hoy=hoy,
            solicitudes=solicitudes_de_revision(self.object),
            url_hito=(
                reverse("hitos_revision:add") + f"?revision={self.object.pk}"
                if puede and self.object.abierta
                else ""
            ),
            puede_corregir=self.request.user.has_perm("planes.change_hitorevision"),
        )
        return contexto


class RevisionesIndexView(PrimeraColumnaEnlazada, IndexView):
    def get_base_queryset(self):
        return RevisionPlan.objects.select_related("plan__municipio", "registrada_por")


class HitosIndexView(PrimeraColumnaEnlazada, IndexView):
    def get_base_queryset(self):
        return HitoRevision.objects.select_related(
            "revision__plan__municipio", "registrado_por"
        ).annotate(
            reemplazado=Exists(HitoRevision.objects.filter(corrige=OuterRef("pk")))
        )


class SoloAbrirPolicy(ModelPermissionPolicy):
    """A revision is opened; its stage comes from its milestones: no edit, no
    deletion (its milestones are its history)."""

    def user_has_permission(self, user, action):
        if action in ("change", "delete"):
            return False
        return super().user_has_permission(user, action)


class RevisionViewSet(ModelViewSet):
    model = RevisionPlan
    index_view_class = RevisionesIndexView
    add_view_class = AbrirRevisionView
    inspect_view_class = RevisionInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    icon = "list-ol"
    menu_label = _("Revisiones en curso")
    form_fields = ["plan", "tipo", "inicio", "fuente_detalle"]
    list_display = [
        Column("plan", label=_("Municipio")),
        Column("tipo", label=_("Qué se tramita"), accessor="get_tipo_display"),
        Column("etapa", label=_("Etapa"), accessor="get_etapa_display"),
        DateColumn("inicio", label=_("Inicio")),
        DateColumn("adoptada_el", label=_("Adoptada el")),
    ]
    list_filter = ["etapa", "tipo", "plan__municipio__autoridad_ambiental"]
    search_fields = ["plan__municipio__nombre"]
    search_backend_name = None
    ordering = ["plan__municipio__nombre", "-inicio"]


class HitoRevisionViewSet(ModelViewSet):
    model = HitoRevision
    index_view_class = HitosIndexView
    add_view_class = RegistrarHitoView
    edit_view_class = CorregirHitoView
    inspect_view_enabled = True
    inspect_view_class = VistaInspeccion
    copy_view_enabled = False
    icon = "date"
    menu_label = _("Hitos de las revisiones")
    form_fields = ["revision", *CAMPOS_DEL_HITO]
    list_display = [
        Column("revision", label=_("Revisión")),
        Column("tipo", label=_("Hito"), accessor="get_tipo_display"),
        DateColumn("fecha", label=_("Fecha")),
        Column("fuente", label=_("Fuente"), accessor="get_fuente_display"),
        Column("registrado_por", label=_("Registrado por")),
        DateColumn("registrado_en", label=_("Registrado el")),
        Column("estado", label=_("Estado"), accessor=_estado_del_acto),
    ]
    list_filter = ["tipo", "fuente"]
    search_fields = ["revision__plan__municipio__nombre"]
    search_backend_name = None
    ordering = ["revision", "fecha", "pk"]


class PlanesViewSetGroup(ViewSetGroup):
    menu_label = _("Planes de ordenamiento")
    menu_icon = "site"
    menu_order = 290
    items = (
        PlanMunicipalViewSet("planes"),
        ActoPlanViewSet("actos_plan"),
        RevisionViewSet("revisiones"),
        HitoRevisionViewSet("hitos_revision"),
        PlazoLegalViewSet,
        PeriodoConstitucionalViewSet,
    )
