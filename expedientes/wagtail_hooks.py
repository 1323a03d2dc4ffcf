"""Registration of the cases app's admin screens (viewsets.py), the inbox panel
(dashboard.py) and the styles they share."""

from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from .dashboard import BandejaPanel
from .models import SerieDocumental, Solicitud
from .permisos import ROLES, es_personal
from .reglas import REGLAS
from .viewsets import (
    MunicipioViewSet,
    SerieDocumentalPermissionPolicy,
    SerieDocumentalViewSet,
    SolicitudPermissionPolicy,
    SolicitudViewSet,
    TransferenciasMenuItem,
)

# Policies first: the viewsets read them when they are registered.
register_permission_policy(Solicitud, SolicitudPermissionPolicy(Solicitud))
register_permission_policy(
    SerieDocumental, SerieDocumentalPermissionPolicy(SerieDocumental)
)
register_snippet(MunicipioViewSet)
register_snippet(SerieDocumentalViewSet)


@hooks.register("register_admin_viewset")
def registrar_solicitudes():
    return SolicitudViewSet("solicitudes")


@hooks.register("register_admin_menu_item")
def menu_de_transferencias():
    return TransferenciasMenuItem()


@hooks.register("construct_homepage_panels")
def bandeja_en_el_inicio(request, paneles):
    """Each role's inbox first on the dashboard (staff of a procedure role only)."""
    usuario = request.user
    if not es_personal(usuario):
        return
    if usuario.is_superuser or usuario.groups.filter(name__in=ROLES).exists():
        paneles.insert(0, BandejaPanel(usuario))


@hooks.register("insert_global_admin_css")
def estilos_de_expedientes():
    """static/css/admin.css: a file, not an inline <style>, for the admin's CSP."""
    return format_html('<link rel="stylesheet" href="{}">', static("css/admin.css"))


@hooks.register("register_log_actions")
def registrar_acciones(acciones):
    """Audit-log labels of case changes (``services/`` writes the entries): the
    filing, then every action of the rules' table with its row's labels."""
    acciones.register_action(
        "expedientes.radicar", _("Radicar solicitud"), _("Solicitud radicada")
    )
    for regla in REGLAS:
        acciones.register_action(
            f"expedientes.{regla.accion}", regla.etiqueta, regla.registro
        )
