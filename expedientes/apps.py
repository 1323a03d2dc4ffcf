from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExpedientesConfig(AppConfig):
    name = "expedientes"
    verbose_name = _("Expedientes")

    def ready(self) -> None:
        from . import checks  # noqa: F401 - registers the system checks
