from django.apps import AppConfig


class InformesConfig(AppConfig):
    """The Secretaría's management reports: aggregates over ``expedientes`` and
    ``planes``, above both (DESIGN.md); no models of its own (the permission to
    see them is ``planes.ver_informes``)."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "informes"
    verbose_name = "Informes de gestión"
