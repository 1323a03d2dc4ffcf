"""Registration of the cases app's admin screens (viewsets.py)."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from .models import Solicitud
from .viewsets import MunicipioViewSet, SolicitudPermissionPolicy, SolicitudViewSet

register_snippet(MunicipioViewSet)
register_permission_policy(Solicitud, SolicitudPermissionPolicy(Solicitud))


@hooks.register("register_admin_viewset")
def registrar_solicitudes():
    return SolicitudViewSet("solicitudes")


@hooks.register("register_log_actions")
def registrar_acciones(acciones):
    """Audit-log labels of case changes (services.py writes the entries)."""
    acciones.register_action(
        "expedientes.radicar", _("Radicar solicitud"), _("Solicitud radicada")
    )
