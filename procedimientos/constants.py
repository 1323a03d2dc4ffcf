from django.db import models
from django.utils.translation import gettext_lazy as _


class TipoActividad(models.TextChoices):
    """What an activity does in a case; selects its form when requests are handled."""

    RADICACION = "radicacion", _("Radicación")
    REGISTRO = "registro", _("Registro interno")
    ALCANCE = "alcance", _("Definición del alcance")
    EQUIPO = "equipo", _("Conformación del equipo")
    ASESORIA = "asesoria", _("Asesoría")
    ARCHIVO = "archivo", _("Archivo")
    GENERICA = "generica", _("Paso genérico")


class ColumnaControl(models.TextChoices):
    """The column of CONTROL DE CAMBIOS where a workflow task's approvers go."""

    REVISO = "reviso", _("Revisó")
    APROBO = "aprobo", _("Aprobó")
