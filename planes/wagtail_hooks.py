"""Registration of the plans app's admin screens (viewsets.py) and audit actions."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.permissions import register_permission_policy

from .models import ActoPlan, PlanMunicipal
from .viewsets import PlanesViewSetGroup, SinBorrarPolicy, SoloLecturaPolicy

# Policies first: the viewsets read them when they are registered.
register_permission_policy(ActoPlan, SinBorrarPolicy(ActoPlan))
register_permission_policy(PlanMunicipal, SoloLecturaPolicy(PlanMunicipal))


@hooks.register("register_admin_viewset")
def registrar_planes():
    return PlanesViewSetGroup()


@hooks.register("register_log_actions")
def registrar_acciones(acciones):
    """Audit-log labels of the plans' changes (``services`` writes the entries)."""
    acciones.register_action(
        "planes.registrar_acto", _("Registrar acto del plan"), _("Acto registrado")
    )
    acciones.register_action(
        "planes.corregir_acto",
        _("Corregir acto del plan"),
        _("Acto corregido y reemplazado"),
    )
