"""Filters of the admin listings (``WagtailFilterSet``), used by viewsets.py."""

import django_filters

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet

from .constants import AutoridadAmbiental, Canal, EstadoSolicitud, TipoPlan
from .models import Municipio, Solicitud

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
        fields = ["provincia", "autoridad_ambiental", "tipo_plan"]

    def filtrar_tipo_plan(self, queryset, name, value):
        condicion = Q()
        for tipo in value:
            condicion |= Q(tipo_plan="" if tipo == SIN_PLAN else tipo)
        return queryset.filter(condicion)


class SolicitudFilterSet(WagtailFilterSet):
    municipio = django_filters.ModelMultipleChoiceFilter(
        label=_("Municipio"), queryset=Municipio.objects.order_by("nombre")
    )
    canal = django_filters.MultipleChoiceFilter(
        label=_("Canal"), choices=Canal.choices, widget=forms.CheckboxSelectMultiple
    )
    estado = django_filters.MultipleChoiceFilter(
        label=_("Estado"),
        choices=EstadoSolicitud.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    radicada_en = django_filters.DateFromToRangeFilter(
        label=_("Radicada entre"),
        widget=django_filters.widgets.RangeWidget(attrs={"type": "date"}),
    )

    class Meta:
        model = Solicitud
        fields = ["municipio", "canal", "estado", "radicada_en"]
