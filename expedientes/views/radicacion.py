"""Activity 1 in the admin: the Ventanilla única radicates a paper request.
Wired in viewsets.py (the viewset's ``add`` view)."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView
from wagtail.admin.views.generic import PermissionCheckedMixin
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .. import forms as f
from ..constants import Canal
from ..models import Solicitud
from ..services import SolicitudError, solicitud_radicar
from ..ventanilla import pase_entregar


class RadicarEnVentanillaView(
    PermissionCheckedMixin, WagtailAdminTemplateMixin, FormView
):
    """Activity 1 for paper requests: the Ventanilla única types and scans them.

    Same service as the portal (``solicitud_radicar``), channel *ventanilla*.
    """

    form_class = f.RadicacionVentanillaForm
    model = Solicitud
    permission_required = "add"
    template_name = "wagtailadmin/generic/form.html"
    page_title = gettext_lazy("Radicar solicitud en papel")
    header_icon = "doc-full-inverse"
    #: Set by SolicitudViewSet: where the listing and each request live.
    index_url_name = ""
    inspect_url_name = ""

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(self.index_url_name), "label": _("Solicitudes")},
            {"url": "", "label": self.page_title},
        ]

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            action_url=self.request.path,
            submit_button_label=_("Radicar"),
            submit_button_active_label=_("Radicando…"),
            **kwargs,
        )

    def form_valid(self, form):
        datos = form.cleaned_data
        try:
            solicitud, codigo = solicitud_radicar(
                actor=self.request.user,
                municipio=datos["municipio"],
                datos=form.datos_solicitud(),
                oficio=datos["oficio"],
                anexos=datos["anexos"],
                canal=Canal.VENTANILLA,
                acepta_tratamiento_datos=datos["acepta_tratamiento_datos"],
            )
        except SolicitudError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        messages.success(
            self.request,
            _(
                "Solicitud radicada con el número %(radicado)s. Imprima la hoja de "
                "acceso y entréguela al solicitante con la constancia."
            )
            % {"radicado": solicitud.radicado},
        )
        # The code goes to the confirmation page in a short-lived signed cookie,
        # never stored (ventanilla.py).
        return pase_entregar(
            self.request,
            redirect("solicitudes:radicada", solicitud.pk),
            solicitud,
            codigo,
        )
