"""A case (``Solicitud``), its numbering counters and its append-only history.

State changes are services (``expedientes/services/``); nothing here has business
rules in ``save()``. Admin screens are in ``viewsets.py``.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..constants import (
    Canal,
    EstadoSolicitud,
    TipoEvento,
    TipoPlan,
    TipoSolicitud,
)
from .municipios import Municipio

__all__ = ["Contador", "EventoSolicitud", "Solicitud"]


class Contador(models.Model):
    """The last number of a series in a year; locked while a number is taken.

    Series: ``radicado`` (activity 1) and ``registro`` (the internal registry of
    activity 2). The row stays locked until the transaction that uses the number
    commits or rolls back, so numbers are gapless (``codigos.siguiente_numero``).
    """

    class Serie(models.TextChoices):
        RADICADO = "radicado", _("Radicado")
        REGISTRO = "registro", _("Registro interno")

    serie = models.CharField(
        _("serie"), max_length=12, choices=Serie.choices, default=Serie.RADICADO
    )
    anio = models.PositiveSmallIntegerField(_("año"))
    ultimo = models.PositiveIntegerField(_("último consecutivo"), default=0)

    def __str__(self) -> str:
        return f"{self.get_serie_display()} {self.anio}: {self.ultimo}"

    class Meta:
        verbose_name = _("contador")
        verbose_name_plural = _("contadores")
        constraints = [
            models.UniqueConstraint(
                fields=["serie", "anio"], name="contador_unico_por_serie_y_anio"
            )
        ]


class Solicitud(models.Model):
    """A municipality's request for advice on its territorial plan: one case."""

    radicado = models.CharField(
        _("radicado"), max_length=30, unique=True, editable=False
    )
    anio = models.PositiveSmallIntegerField(_("año"), editable=False)
    consecutivo = models.PositiveIntegerField(_("consecutivo"), editable=False)
    municipio = models.ForeignKey(
        Municipio,
        on_delete=models.PROTECT,
        related_name="solicitudes",
        verbose_name=_("municipio"),
    )
    version_procedimiento = models.ForeignKey(
        "procedimientos.VersionProcedimiento",
        on_delete=models.PROTECT,
        related_name="solicitudes",
        verbose_name=_("versión del procedimiento"),
        help_text=_("La versión vigente al radicar: la solicitud sigue sus pasos."),
    )
    canal = models.CharField(_("canal"), max_length=12, choices=Canal.choices)
    radicada_por = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="solicitudes_radicadas",
        verbose_name=_("radicada por"),
    )
    nombre_solicitante = models.CharField(_("nombre de quien solicita"), max_length=150)
    cargo_solicitante = models.CharField(_("cargo"), max_length=150)
    correo_solicitante = models.EmailField(_("correo electrónico"))
    telefono_solicitante = models.CharField(_("teléfono"), max_length=30)
    plan_vigente = models.CharField(
        _("plan vigente"), max_length=4, choices=TipoPlan.choices
    )
    tipo_solicitud = models.CharField(
        _("qué solicita"), max_length=30, choices=TipoSolicitud.choices
    )
    tipo_solicitud_otra = models.CharField(
        _("otra, ¿cuál?"), max_length=200, blank=True
    )
    asunto = models.CharField(_("asunto"), max_length=200)
    descripcion = models.TextField(_("descripción"))
    radicada_en = models.DateTimeField(_("fecha y hora de radicación"), editable=False)
    fecha_limite = models.DateField(
        _("fecha límite de respuesta"),
        editable=False,
        help_text=_(
            "Término legal de la respuesta (Ley 1755 de 2015, art. 14), en días "
            "hábiles desde el día hábil siguiente; lo mueven las suspensiones y "
            "prórrogas."
        ),
    )
    respondida_en = models.DateTimeField(
        _("respondida el"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Cuando se expidió el oficio de respuesta (actividad 3)."),
    )
    # Cached from the history (EventoSolicitud), in the same transaction as each
    # event, by services.base.transicion: read them, never set them elsewhere.
    actividad_actual = models.PositiveSmallIntegerField(
        _("actividad actual"),
        default=1,
        help_text=_("Derivada del historial; se actualiza con él."),
    )
    estado = models.CharField(
        _("estado"),
        max_length=12,
        choices=EstadoSolicitud.choices,
        default=EstadoSolicitud.EN_TRAMITE,
    )
    actividad_desde = models.DateTimeField(
        _("en la actividad desde"), null=True, blank=True, editable=False
    )
    fecha_limite_actividad = models.DateField(
        _("plazo interno de la actividad"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Según el plazo de la actividad en la versión del procedimiento."),
    )
    vence_el = models.DateField(
        _("vence el"),
        null=True,
        blank=True,
        editable=False,
        db_index=True,
        help_text=_(
            "El plazo que corre ahora: el de respuesta mientras no se ha respondido "
            "o el de la actividad, el que llegue antes."
        ),
    )
    grupo_actual = models.CharField(
        _("bandeja"),
        max_length=150,
        blank=True,
        editable=False,
        db_index=True,
        help_text=_("El grupo en cuya bandeja espera la solicitud."),
    )
    suspendida_desde = models.DateField(
        _("suspendida desde"), null=True, blank=True, editable=False
    )
    dias_prorrogados = models.PositiveSmallIntegerField(
        _("días hábiles prorrogados"), default=0, editable=False
    )
    asignada_a = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="solicitudes_asignadas",
        verbose_name=_("asignada a"),
        editable=False,
    )
    numero_registro = models.CharField(
        _("registro interno"), max_length=30, blank=True, editable=False
    )
    codigo_acceso_hash = models.CharField(
        _("código de acceso (cifrado)"), max_length=128, editable=False
    )
    clave_envio = models.UUIDField(
        _("clave del envío"),
        unique=True,
        null=True,
        blank=True,
        editable=False,
        help_text=_("Identifica el formulario enviado: un doble envío no radica dos."),
    )
    aceptacion_tratamiento_datos = models.DateTimeField(
        _("aceptó el tratamiento de datos (Ley 1581 de 2012)"), editable=False
    )

    @property
    def abierta(self) -> bool:
        """Whether an activity may still be completed (not closed, not suspended)."""
        return self.estado == EstadoSolicitud.EN_TRAMITE

    def __str__(self) -> str:
        return f"{self.radicado} · {self.municipio}"

    class Meta:
        ordering = ["-radicada_en"]
        verbose_name = _("solicitud")
        verbose_name_plural = _("solicitudes")
        constraints = [
            models.UniqueConstraint(
                fields=["anio", "consecutivo"], name="radicado_unico_por_anio"
            ),
            models.CheckConstraint(
                condition=Q(consecutivo__gte=1), name="consecutivo_positivo"
            ),
            models.CheckConstraint(
                condition=Q(actividad_actual__gte=1), name="actividad_actual_positiva"
            ),
            models.UniqueConstraint(
                fields=["numero_registro"],
                condition=~Q(numero_registro=""),
                name="registro_interno_unico",
            ),
        ]


class EventoSolicitud(models.Model):
    """Append-only history of a case: one row per change, never edited.

    An activity may be completed again after a step back, so nothing here is
    unique per activity; the case's cached state (``actividad_actual``,
    ``estado``, deadlines) is written with each row by ``services.base``.
    """

    solicitud = models.ForeignKey(
        Solicitud, on_delete=models.PROTECT, related_name="eventos"
    )
    tipo = models.CharField(_("tipo"), max_length=24, choices=TipoEvento.choices)
    actividad = models.PositiveSmallIntegerField(
        _("actividad"), help_text=_("La actividad en que estaba la solicitud.")
    )
    nombre = models.CharField(_("nombre de la actividad"), max_length=200)
    hacia = models.PositiveSmallIntegerField(
        _("hacia la actividad"),
        null=True,
        blank=True,
        help_text=_(
            "A cuál pasó la solicitud (devoluciones y actividades completadas)."
        ),
    )
    fecha = models.DateTimeField(_("fecha"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("quién"),
    )
    motivo = models.TextField(_("motivo u observaciones"), blank=True)
    texto_publico = models.CharField(
        _("texto para el municipio"),
        max_length=300,
        blank=True,
        help_text=_("Lo que ven el municipio y el público; vacío: evento interno."),
    )
    datos = models.JSONField(
        _("datos"),
        default=dict,
        blank=True,
        help_text=_("Lo que se registró en la actividad (alcance, equipo…)."),
    )

    @property
    def publico(self) -> bool:
        return bool(self.texto_publico)

    def __str__(self) -> str:
        return (
            f"{self.solicitud.radicado} · {self.get_tipo_display()} ({self.actividad})"
        )

    class Meta:
        ordering = ["solicitud", "fecha", "pk"]
        verbose_name = _("evento de la solicitud")
        verbose_name_plural = _("historial de las solicitudes")
        indexes = [models.Index(fields=["solicitud", "tipo", "actividad"])]
