"""What activity 5 (*Brindar el apoyo*) accumulates over months: advisory sessions,
their attendees and the commitments made in them.

Scope (activity 3), team (activity 4) and the outcome are recorded once per
completion, in the history event's ``datos`` and in their record's snapshot; the
sessions are rows because they are added one by one and each issues its own
records. Written only by ``services.actividades.sesion_registrar``.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..constants import Institucion, Modalidad
from .solicitudes import Solicitud

__all__ = ["AsistenteSesion", "Compromiso", "SesionAsesoria"]


class SesionAsesoria(models.Model):
    """One advisory session of a case (activity 5)."""

    solicitud = models.ForeignKey(
        Solicitud, on_delete=models.PROTECT, related_name="sesiones"
    )
    numero = models.PositiveSmallIntegerField(_("número"))
    fecha = models.DateTimeField(_("fecha y hora"))
    modalidad = models.CharField(
        _("modalidad"), max_length=12, choices=Modalidad.choices
    )
    lugar = models.CharField(_("lugar o enlace"), max_length=300)
    temas = models.TextField(_("temas tratados"))
    desarrollo = models.TextField(_("desarrollo de la sesión"), blank=True)
    proximos_pasos = models.TextField(_("próximos pasos"), blank=True)
    registrada_por = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("registrada por"),
    )
    registrada_en = models.DateTimeField(_("registrada el"))

    def __str__(self) -> str:
        return f"{self.solicitud.radicado} · sesión {self.numero}"

    class Meta:
        ordering = ["solicitud", "numero"]
        verbose_name = _("sesión de asesoría")
        verbose_name_plural = _("sesiones de asesoría")
        constraints = [
            models.UniqueConstraint(
                fields=["solicitud", "numero"], name="sesion_unica_por_solicitud"
            )
        ]


class AsistenteSesion(models.Model):
    sesion = models.ForeignKey(
        SesionAsesoria, on_delete=models.PROTECT, related_name="asistentes"
    )
    nombre = models.CharField(_("nombre"), max_length=150)
    institucion = models.CharField(
        _("institución"), max_length=12, choices=Institucion.choices
    )
    cargo = models.CharField(_("cargo o rol"), max_length=150, blank=True)

    def __str__(self) -> str:
        return self.nombre

    class Meta:
        ordering = ["sesion", "pk"]
        verbose_name = _("asistente")
        verbose_name_plural = _("asistentes")


class Compromiso(models.Model):
    sesion = models.ForeignKey(
        SesionAsesoria, on_delete=models.PROTECT, related_name="compromisos"
    )
    descripcion = models.CharField(_("compromiso"), max_length=500)
    responsable = models.CharField(_("responsable"), max_length=150)
    fecha_limite = models.DateField(_("fecha límite"), null=True, blank=True)

    def __str__(self) -> str:
        return self.descripcion

    class Meta:
        ordering = ["sesion", "pk"]
        verbose_name = _("compromiso")
        verbose_name_plural = _("compromisos")
