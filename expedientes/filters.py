"""Filters of the admin listings (``WagtailFilterSet``), used by viewsets.py."""

import django_filters

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet

from .constants import (
    AutoridadAmbiental,
    Canal,
    EstadoSolicitud,
    TipoPlan,
    TipoSolicitud,
)
from .models import ArchivoExpediente, Municipio, SerieDocumental, Solicitud
from .plazos import EstadoPlazo, limite_vence_pronto

#: Value of the "Sin registrar" choice of ``tipo_plan`` (the field is blank then).
SIN_PLAN = "ninguno"


def provincias() -> list[tuple[str, str]]:
    """The provinces present in the data: editable, so read, not hard-coded."""
    nombres = (
        Municipio.objects.exclude(provincia="")
        .order_by("provincia")
        .values_list("provincia", flat=True)
        .distinct()
    )
    return [(nombre, nombre) for nombre in nombres]


class MunicipioFilterSet(WagtailFilterSet):
    provincia = django_filters.MultipleChoiceFilter(
        label=_("Provincia"), choices=provincias, widget=forms.CheckboxSelectMultiple
    )
    autoridad_ambiental = django_filters.MultipleChoiceFilter(
        label=_("Autoridad ambiental"),
        choices=AutoridadAmbiental.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    tipo_plan = django_filters.MultipleChoiceFilter(
        label=_("Tipo de plan adoptado"),
        choices=[*TipoPlan.choices, (SIN_PLAN, _("Sin registrar"))],
        widget=forms.CheckboxSelectMultiple,
        method="filtrar_tipo_plan",
    )

    class Meta:
        model = Municipio
        fields = ["provincia", "autoridad_ambiental"]

    def filtrar_tipo_plan(self, queryset, name, value):
        condicion = Q()
        for tipo in value:
            if tipo == SIN_PLAN:
                condicion |= Q(plan__tipo_plan="") | Q(plan__isnull=True)
            else:
                condicion |= Q(plan__tipo_plan=tipo)
        return queryset.filter(condicion)


def actividades() -> list[tuple[int, str]]:
    """The activities of the version in force, by number and name."""
    from .selectors import contenido_de_version, version_vigente

    version = version_vigente()
    if version is None:
        return []
    return [
        (a.numero, f"{a.numero}. {a.nombre}")
        for a in contenido_de_version(version).actividades
    ]


def anios() -> list[tuple[int, int]]:
    valores = (
        Solicitud.objects.order_by("-anio").values_list("anio", flat=True).distinct()
    )
    return [(anio, anio) for anio in valores]


def personas_asignables(request=None):
    """Staff who hold or held a case (the only ones worth a filter entry)."""
    return (
        get_user_model()
        .objects.filter(solicitudes_asignadas__isnull=False)
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


class PersonaField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.nombre


class PersonaChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = PersonaField


class SolicitudFilterSet(WagtailFilterSet):
    """The listing's filters (``SolicitudViewSet``). "Plazo" compares the cached
    ``vence_el`` with ``plazos.limite_vence_pronto()``: the same rule as
    ``plazos.estado_plazo``, in the database."""

    municipio = django_filters.ModelMultipleChoiceFilter(
        label=_("Municipio"), queryset=Municipio.objects.order_by("nombre")
    )
    provincia = django_filters.MultipleChoiceFilter(
        field_name="municipio__provincia",
        label=_("Provincia"),
        choices=provincias,
        widget=forms.CheckboxSelectMultiple,
    )
    actividad_actual = django_filters.TypedMultipleChoiceFilter(
        label=_("Actividad actual"),
        choices=actividades,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
    )
    estado = django_filters.MultipleChoiceFilter(
        label=_("Estado"),
        choices=EstadoSolicitud.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    plazo = django_filters.ChoiceFilter(
        label=_("Plazo"),
        choices=[
            (EstadoPlazo.VENCIDA.value, _("Vencida")),
            (EstadoPlazo.VENCE_PRONTO.value, _("Vence pronto (3 días hábiles)")),
        ],
        method="filtrar_plazo",
        empty_label=_("Cualquiera"),
    )
    anio = django_filters.ChoiceFilter(
        label=_("Año"), choices=anios, empty_label=_("Todos")
    )
    tipo_solicitud = django_filters.MultipleChoiceFilter(
        label=_("Qué solicita"),
        choices=TipoSolicitud.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    asignada_a = PersonaChoiceFilter(
        label=_("Asignada a"),
        queryset=personas_asignables,
        empty_label=_("Cualquiera"),
    )
    canal = django_filters.MultipleChoiceFilter(
        label=_("Canal"), choices=Canal.choices, widget=forms.CheckboxSelectMultiple
    )
    radicada_en = django_filters.DateFromToRangeFilter(
        label=_("Radicada entre"),
        widget=django_filters.widgets.RangeWidget(attrs={"type": "date"}),
    )

    class Meta:
        model = Solicitud
        fields = [
            "municipio",
            "provincia",
            "actividad_actual",
            "estado",
            "plazo",
            "anio",
            "tipo_solicitud",
            "asignada_a",
            "canal",
            "radicada_en",
        ]

    def filtrar_plazo(self, queryset, name, value):
        hoy = timezone.localdate()
        if value == EstadoPlazo.VENCIDA:
            return queryset.filter(vence_el__lt=hoy)
        if value == EstadoPlazo.VENCE_PRONTO:
            return queryset.filter(
                vence_el__gte=hoy, vence_el__lte=limite_vence_pronto(hoy)
            )
        return queryset


#: Which retention's end the transfers listing looks at (the FUID's use: the
#: archivo de gestión hands files to the central one, the central one on to the
#: historical archive or to final disposition).
RETENCIONES = [
    ("gestion", _("Archivo de gestión (primaria)")),
    ("central", _("Archivo central (secundaria)")),
]
CAMPO_DE_RETENCION = {
    "gestion": "retencion_gestion_hasta",
    "central": "retencion_central_hasta",
}


class PeriodoForm(forms.Form):
    def clean(self):
        datos = super().clean()
        desde, hasta = datos.get("desde"), datos.get("hasta")
        if desde and hasta and hasta < desde:
            raise forms.ValidationError(
                _("La fecha «Hasta» es anterior a «Desde»: corrija el periodo.")
            )
        return datos


class TransferenciaFilterSet(WagtailFilterSet):
    """Archived case files whose retention ends in a period, for a transfer
    (``views.TransferenciasView``). The period applies to the retention chosen
    in ``retencion``; the view fills in the defaults (archivo de gestión, the
    next 12 months)."""

    retencion = django_filters.ChoiceFilter(
        label=_("Retención que termina"),
        choices=RETENCIONES,
        method="filtrar_periodo",
        empty_label=None,
    )
    desde = django_filters.DateFilter(
        label=_("Desde"),
        method="filtrar_periodo",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    hasta = django_filters.DateFilter(
        label=_("Hasta"),
        method="filtrar_periodo",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    serie = django_filters.ModelChoiceFilter(
        label=_("Serie / subserie (TRD)"),
        queryset=lambda request: SerieDocumental.objects.all(),
        empty_label=_("Todas"),
    )
    municipio = django_filters.ModelChoiceFilter(
        field_name="solicitud__municipio",
        label=_("Municipio"),
        queryset=lambda request: Municipio.objects.order_by("nombre"),
        empty_label=_("Todos"),
    )

    class Meta:
        model = ArchivoExpediente
        form = PeriodoForm
        fields = ["retencion", "desde", "hasta", "serie", "municipio"]

    def filtrar_periodo(self, queryset, name, value):
        # Applied once, in filter_queryset, where the three fields are read together.
        return queryset

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        datos = self.form.cleaned_data
        campo = CAMPO_DE_RETENCION.get(datos.get("retencion") or "gestion")
        if datos.get("desde"):
            queryset = queryset.filter(**{f"{campo}__gte": datos["desde"]})
        if datos.get("hasta"):
            queryset = queryset.filter(**{f"{campo}__lte": datos["hasta"]})
        return queryset.order_by(campo, "archivado_en", "pk")
