from django.db import models
from django.utils.translation import gettext_lazy as _


class AutoridadAmbiental(models.TextChoices):
    CAS = "CAS", _("CAS · Corporación Autónoma Regional de Santander")
    CDMB = (
        "CDMB",
        _(
            "CDMB · Corporación Autónoma Regional para la Defensa de la Meseta de "
            "Bucaramanga"
        ),
    )


class TipoPlan(models.TextChoices):
    """Ley 388 de 1997, art. 9: the plan depends on the municipality's population."""

    POT = "POT", _("POT · Plan de ordenamiento territorial")
    PBOT = "PBOT", _("PBOT · Plan básico de ordenamiento territorial")
    EOT = "EOT", _("EOT · Esquema de ordenamiento territorial")


class TipoSolicitud(models.TextChoices):
    REVISION_GENERAL = "revision_general", _("Revisión general")
    REVISION_EXCEPCIONAL = "revision_excepcional", _("Revisión excepcional")
    MODIFICACION_EXCEPCIONAL = (
        "modificacion_excepcional",
        _("Modificación excepcional de norma urbanística"),
    )
    OTRA = "otra", _("Otra")


class Canal(models.TextChoices):
    ELECTRONICO = "electronico", _("Ventanilla electrónica")
    VENTANILLA = "ventanilla", _("Ventanilla única (en papel)")


class TipoDocumento(models.TextChoices):
    """What a stored file is: uploaded by the municipality or issued by a service."""

    OFICIO_SOLICITUD = "oficio_solicitud", _("Oficio de solicitud")
    ANEXO = "anexo", _("Anexo")
    CONSTANCIA_RADICACION = "constancia_radicacion", _("Constancia de radicación")


class EstadoSolicitud(models.TextChoices):
    EN_TRAMITE = "en_tramite", _("En trámite")
    ARCHIVADA = "archivada", _("Archivada")
