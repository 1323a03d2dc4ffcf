"""Registration of the plans app's admin screens (viewsets.py) and audit actions."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.permissions import register_permission_policy

from .models import ActoPlan, HitoRevision, PlanMunicipal, RevisionPlan
from .viewsets import (
    PlanesViewSetGroup,
    SinBorrarPolicy,
    SoloAbrirPolicy,
    SoloLecturaPolicy,
)

# Policies first: the viewsets read them when they are registered.
register_permission_policy(ActoPlan, SinBorrarPolicy(ActoPlan))
register_permission_policy(PlanMunicipal, SoloLecturaPolicy(PlanMunicipal))
register_permission_policy(HitoRevision, SinBorrarPolicy(HitoRevision))
register_permission_policy(RevisionPlan, SoloAbrirPolicy(RevisionPlan))


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
    acciones.register_action(
        "planes.abrir_revision", _("Registrar revisión del plan"), _("Revisión abierta")
    )
    acciones.register_action(
        "planes.registrar_hito",
        _("Registrar hito de la revisión"),
        _("Hito registrado"),
    )
    acciones.register_action(
        "planes.corregir_hito",
        _("Corregir hito de la revisión"),
        _("Hito corregido y reemplazado"),
    )
