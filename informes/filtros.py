"""The reports' filters (``WagtailFilterSet`` over the cases): period of filing,
province, environmental authority, type of plan of record, municipality."""

import django_filters

from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet

from expedientes.constants import AutoridadAmbiental
from expedientes.filters import provincias
from expedientes.models import Municipio, Solicitud
from planes.constants import TipoPlan

#: The filters that choose which municipalities (not which dates).
DE_MUNICIPIO = ("provincia", "autoridad", "tipo_plan", "municipio")


class InformeFilterSet(WagtailFilterSet):
    periodo = django_filters.DateFromToRangeFilter(
        label=_("Radicadas en el período (hora de Bogotá)"),
        field_name="radicada_en__date",
        widget=DateRangePickerWidget,
    )
    provincia = django_filters.ChoiceFilter(
        label=_("Provincia"), field_name="municipio__provincia", choices=provincias
    )
    autoridad = django_filters.ChoiceFilter(
        label=_("Autoridad ambiental"),
        field_name="municipio__autoridad_ambiental",
        choices=AutoridadAmbiental.choices,
    )
    tipo_plan = django_filters.ChoiceFilter(
        label=_("Tipo de plan vigente"),
        field_name="municipio__plan__tipo_plan",
        choices=TipoPlan.choices,
    )
    municipio = django_filters.ModelChoiceFilter(
        label=_("Municipio"), queryset=Municipio.objects.all()
    )

    class Meta:
        model = Solicitud
        fields = []

    def sin_periodo(self, queryset):
        """Only the municipality filters (a report that chooses its own dates)."""
        for nombre in DE_MUNICIPIO:
            valor = self.form.cleaned_data.get(nombre)
            if valor:
                queryset = self.filters[nombre].filter(queryset, valor)
        return queryset
