from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from wagtail.users.apps import WagtailUsersAppConfig


class PortalConfig(AppConfig):
    default = True
    name = "portal"
    verbose_name = _("Portal")

    def ready(self):
        from django.conf import settings
        from django.utils.translation import trans_real

        from . import signals  # noqa: F401
        from .correo import fijar_dominio_de_message_id
        from .traducciones import aplanar

        aplanar(trans_real.translation(settings.LANGUAGE_CODE))
        fijar_dominio_de_message_id()


class UsuariosConfig(WagtailUsersAppConfig):
    """Wagtail's users app with our user admin (UsuarioViewSet)."""

    user_viewset = "portal.viewsets.UsuarioViewSet"
