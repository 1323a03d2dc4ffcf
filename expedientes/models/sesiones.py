"""Advisory sessions scheduled before they happen (activity 5, issue 17).

A ``SesionProgramada`` is one session's identity from the moment it is scheduled:
its ``uid`` is the calendar invitation's UID, and every change (a new time, a
cancellation) raises ``secuencia``, the invitation's SEQUENCE (RFC 5545 3.8.7.4),
so the invited people's calendars update the same event. When the session is
recorded after it happened, its ``SesionAsesoria`` (``models.actividades``) points
back here (``programada``) and the row becomes ``realizada``: a session in the
future is never recorded as held, and a held session is never a schedule again.

Written only by ``services.sesiones`` (``sesion_programar``,
``sesion_reprogramar``, ``sesion_cancelar``, ``sesion_registrar``).
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from ..constants import EstadoSesion, Institucion, Modalidad
from .solicitudes import Solicitud

__all__ = ["InvitadoSesion", "SesionProgramada"]


class SesionProgramada(models.Model):
    """One advisory session as scheduled, rescheduled or cancelled."""

    #: The calendar invitation's UID (``uid@domain``): the same for its life.
    uid = models.UUIDField(_("UID"), default=uuid.uuid4, unique=True, editable=False)
    #: The invitation's SEQUENCE: 0 when scheduled, one more at each change.
    secuencia = models.PositiveIntegerField(_("secuencia"), default=0)
    solicitud = models.ForeignKey(
        Solicitud, on_delete=models.PROTECT, related_name="sesiones_programadas"
    )
    estado = models.CharField(
        _("estado"),
        max_length=12,
        choices=EstadoSesion.choices,
        default=EstadoSesion.PROGRAMADA,
    )
    inicio = models.DateTimeField(_("inicio"))
    fin = models.DateTimeField(_("fin"))
    modalidad = models.CharField(
        _("modalidad"), max_length=12, choices=Modalidad.choices
    )
    lugar = models.CharField(_("lugar o enlace"), max_length=300)
    temas = models.TextField(_("temas a tratar"))
    #: The invitation's ORGANIZER, fixed when scheduled (RFC 5546: the
    #: organizer of an event does not change with who reschedules it).
    organizador_nombre = models.CharField(_("organiza"), max_length=150)
    organizador_correo = models.EmailField(_("correo de quien organiza"))
    programada_por = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("programada por"),
    )
    programada_en = models.DateTimeField(_("programada el"))
    modificada_por = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("último cambio por"),
    )
    modificada_en = models.DateTimeField(_("último cambio el"), null=True, blank=True)
    motivo_cambio = models.TextField(_("motivo del último cambio"), blank=True)

    @property
    def activa(self) -> bool:
        return self.estado == EstadoSesion.PROGRAMADA

    def __str__(self) -> str:
        return f"{self.solicitud.radicado} · {self.inicio:%Y-%m-%d %H:%M}"

    class Meta:
        ordering = ["inicio", "pk"]
        verbose_name = _("sesión programada")
        verbose_name_plural = _("sesiones programadas")
        constraints = [
            models.CheckConstraint(
                condition=Q(fin__gt=F("inicio")),
                name="sesion_programada_fin_tras_inicio",
            ),
            # Two people scheduling the same session at once: one row, one set of
            # invitations (services.sesiones refuses the second in words first).
            models.UniqueConstraint(
                fields=["solicitud", "inicio"],
                condition=Q(estado=EstadoSesion.PROGRAMADA),
                name="sesion_programada_unica_por_hora",
            ),
        ]


class InvitadoSesion(models.Model):
    """A person invited to a scheduled session: an ATTENDEE of its invitation."""

    sesion = models.ForeignKey(
        SesionProgramada, on_delete=models.CASCADE, related_name="invitados"
    )
    nombre = models.CharField(_("nombre"), max_length=150)
    correo = models.EmailField(_("correo"))
    institucion = models.CharField(
        _("institución"), max_length=12, choices=Institucion.choices, blank=True
    )
    cargo = models.CharField(_("cargo o rol"), max_length=150, blank=True)

    def __str__(self) -> str:
        return f"{self.nombre} <{self.correo}>"

    class Meta:
        ordering = ["sesion", "pk"]
        verbose_name = _("invitado")
        verbose_name_plural = _("invitados")
        constraints = [
            models.UniqueConstraint(
                fields=["sesion", "correo"], name="invitado_unico_por_sesion"
            )
        ]
