from django.apps import AppConfig
from django.db.models.signals import post_migrate


class InformesConfig(AppConfig):
    """The Secretaría's management reports: aggregates over ``expedientes`` and
    ``planes``, above both (DESIGN.md). Its only model is the business-day
    calendar the durations are counted with (``calendario.py``), refreshed after
    every ``migrate``; the permission to see the reports is
    ``planes.ver_informes``."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "informes"
    verbose_name = "Informes de gestión"

    def ready(self):
        from .calendario import al_migrar

        post_migrate.connect(al_migrar, sender=self)
