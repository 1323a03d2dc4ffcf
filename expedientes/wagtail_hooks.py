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


#: Audit-log actions of case changes (services write them): action, label, message.
ACCIONES_DE_AUDITORIA = (
    ("radicar", _("Radicar solicitud"), _("Solicitud radicada")),
    ("completar", _("Completar actividad"), _("Actividad completada")),
    ("registrar_sesion", _("Registrar sesión"), _("Sesión de asesoría registrada")),
    ("devolver", _("Devolver"), _("Devuelta a una actividad anterior")),
    ("suspender", _("Suspender"), _("Solicitud suspendida")),
    ("reanudar", _("Reanudar"), _("Solicitud reanudada")),
    ("prorrogar", _("Prorrogar"), _("Término prorrogado")),
    ("reasignar", _("Reasignar"), _("Solicitud reasignada")),
    ("desistir", _("Desistir"), _("Desistimiento registrado")),
    ("rechazar", _("Rechazar"), _("Solicitud rechazada")),
    ("aportar", _("Aportar documentos"), _("El municipio aportó documentos")),
    (
        "adjuntar_firmado",
        _("Adjuntar oficio firmado"),
        _("Oficio de respuesta firmado añadido"),
    ),
)


@hooks.register("register_log_actions")
def registrar_acciones(acciones):
    """Audit-log labels of case changes (``services/`` writes the entries)."""
    for accion, etiqueta, mensaje in ACCIONES_DE_AUDITORIA:
        acciones.register_action(f"expedientes.{accion}", etiqueta, mensaje)
