from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanesConfig(AppConfig):
    """The plans of record of the 87 municipalities (DESIGN.md, "The plans of the
    87 municipalities and the reports"): ``expedientes`` writes here when a case is
    archived; nothing here reads or writes a case."""

    name = "planes"
    verbose_name = _("Planes de ordenamiento")
