"""The admin's read-only page of a row (Wagtail's inspect view), with its values
as people here write them: dates dd/mm/aaaa, times in Bogotá (Wagtail formats a
stored datetime as it is, in UTC), a person by name, "—" for nothing."""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from wagtail.admin.views.generic.models import InspectView
from wagtail.snippets.views.snippets import InspectView as SnippetInspectView


class InspeccionLegible:
    """For any inspect view: a model's (``VistaInspeccion``) or a snippet's
    (``VistaInspeccionSnippet``)."""

    def get_field_display_value(self, field_name, field):
        if getattr(self, f"get_{field_name}_display_value", None) or getattr(
            self.object, f"get_{field_name}_display", None
        ):
            return super().get_field_display_value(field_name, field)
        valor = getattr(self.object, field_name)
        if valor is None or valor == "":
            return "—"
        if isinstance(valor, datetime.datetime):
            from django.utils import timezone

            return timezone.localtime(valor).strftime("%d/%m/%Y %H:%M")
        if isinstance(valor, datetime.date):
            return valor.strftime("%d/%m/%Y")
        if isinstance(valor, get_user_model()):
            return valor.nombre
        return super().get_field_display_value(field_name, field)


class VistaInspeccion(InspeccionLegible, InspectView):
    pass


class VistaInspeccionSnippet(InspeccionLegible, SnippetInspectView):
    pass
