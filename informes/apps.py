from django.apps import AppConfig
from django.db.models.signals import post_migrate, pre_migrate


class InformesConfig(AppConfig):
    """The Secretaría's management reports: aggregates over ``expedientes`` and
    ``planes``, above both (DESIGN.md). Its data is derived: the business-day
    calendar the durations are counted with (``calendario.py``), checked after
    every real ``migrate``, and the SQL views of the stays and the cases' total
    times (``vistas.py``), dropped before every real ``migrate`` and created
    after it. The permission to see the reports is ``planes.ver_informes``."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "informes"
    verbose_name = "Informes de gestión"

    def ready(self):
        from .calendario import al_migrar
        from .vistas import al_empezar_migracion, al_terminar_migracion

        pre_migrate.connect(al_empezar_migracion, sender=self)
        post_migrate.connect(al_migrar, sender=self)
        post_migrate.connect(al_terminar_migracion, sender=self)
