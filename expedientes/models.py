"""The cases: municipalities, requests (solicitudes), their steps, files and e-mails.

State changes live in ``services.py``; nothing here has business rules in ``save()``.
Admin screens are in ``viewsets.py``, registered in ``wagtail_hooks.py``.
"""

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.search import index

from .constants import (
    AutoridadAmbiental,
    Canal,
    EstadoSolicitud,
    TipoDocumento,
    TipoPlan,
    TipoSolicitud,
)
from .storage import almacenamiento_privado, ruta_documento


class Municipio(index.Indexed, models.Model):
    """One of the 87 municipalities of Santander (DIVIPOLA, DANE).

    Loaded from ``data/municipios-santander.tsv`` by a data migration; editable as a
    snippet (MunicipioViewSet).
    """

    codigo_divipola = models.CharField(
        _("código DIVIPOLA"),
        max_length=5,
        unique=True,
        validators=[
            RegexValidator(r"^68\d{3}$", _("Código DIVIPOLA de Santander: 68xxx."))
        ],
    )
    nombre = models.CharField(_("nombre"), max_length=100)
    provincia = models.CharField(_("provincia"), max_length=100, blank=True)
    autoridad_ambiental = models.CharField(
        _("autoridad ambiental"), max_length=4, choices=AutoridadAmbiental.choices
    )
    tipo_plan = models.CharField(
        _("tipo de plan adoptado"), max_length=4, choices=TipoPlan.choices, blank=True
    )
    acto_adopcion = models.CharField(
        _("acto de adopción del plan vigente"),
        max_length=200,
        blank=True,
        help_text=_("Por ejemplo «Acuerdo 011 de 2014»."),
    )

    panels = [
        FieldRowPanel(
            [
                FieldPanel("codigo_divipola"),
                FieldPanel("nombre"),
                FieldPanel("provincia"),
            ]
        ),
        # On its own line: the authorities' long names squeeze any field beside them.
        FieldPanel("autoridad_ambiental"),
        FieldRowPanel([FieldPanel("tipo_plan"), FieldPanel("acto_adopcion")]),
    ]
    search_fields = [
        index.SearchField("nombre"),
        index.AutocompleteField("nombre"),
        index.SearchField("codigo_divipola"),
        index.FilterField("provincia"),
    ]

    def __str__(self) -> str:
        return self.nombre

    class Meta:
        ordering = ["nombre"]
        verbose_name = _("municipio")
        verbose_name_plural = _("municipios")


class ContadorRadicado(models.Model):
    """The last radicado number of a year; locked while a request is numbered."""

    anio = models.PositiveSmallIntegerField(_("año"), unique=True)
    ultimo = models.PositiveIntegerField(_("último consecutivo"), default=0)

    def __str__(self) -> str:
        return f"{self.anio}: {self.ultimo}"

    class Meta:
        verbose_name = _("contador de radicados")
        verbose_name_plural = _("contadores de radicados")


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
        help_text=_("En días hábiles, contados desde el día hábil siguiente."),
    )
    actividad_actual = models.PositiveSmallIntegerField(
        _("actividad actual"),
        default=1,
        help_text=_("Derivada del historial de pasos; se actualiza con él."),
    )
    estado = models.CharField(
        _("estado"),
        max_length=12,
        choices=EstadoSolicitud.choices,
        default=EstadoSolicitud.EN_TRAMITE,
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
        ]


class PasoSolicitud(models.Model):
    """Append-only history: an activity of the procedure completed for a request."""

    solicitud = models.ForeignKey(
        Solicitud, on_delete=models.PROTECT, related_name="pasos"
    )
    actividad = models.PositiveSmallIntegerField(_("actividad"))
    nombre = models.CharField(_("nombre de la actividad"), max_length=200)
    completado_en = models.DateTimeField(_("completada el"))
    responsable = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("responsable"),
    )
    texto_publico = models.CharField(
        _("texto para el municipio"),
        max_length=300,
        help_text=_("Lo que ve el municipio y el público en el seguimiento."),
    )

    def __str__(self) -> str:
        return f"{self.solicitud.radicado} · {self.actividad}. {self.nombre}"

    class Meta:
        ordering = ["solicitud", "actividad", "completado_en"]
        verbose_name = _("paso de la solicitud")
        verbose_name_plural = _("pasos de las solicitudes")
        constraints = [
            models.UniqueConstraint(
                fields=["solicitud", "actividad"],
                name="actividad_una_vez_por_solicitud",
            )
        ]


class Documento(models.Model):
    """A file of a case: uploaded by the municipality or issued as a record.

    Issued records are snapshots: ``datos`` is copied when the record is issued and
    the renderer (``pdf/``) reads only it. Files live in private storage and are
    served only through permission-checked views, never from a public URL.
    """

    solicitud = models.ForeignKey(
        Solicitud, on_delete=models.PROTECT, related_name="documentos"
    )
    tipo = models.CharField(_("tipo"), max_length=30, choices=TipoDocumento.choices)
    archivo = models.FileField(
        _("archivo"),
        storage=almacenamiento_privado,
        upload_to=ruta_documento,
        blank=True,
        max_length=255,
    )
    nombre_original = models.CharField(_("nombre del archivo"), max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    paginas = models.PositiveIntegerField(_("páginas"), null=True, blank=True)
    tamano = models.PositiveIntegerField(_("tamaño en bytes"), null=True, blank=True)
    datos = models.JSONField(
        _("datos del registro"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Copia de los datos al expedir el registro; el PDF sale de aquí."),
    )
    para_municipio = models.BooleanField(_("visible para el municipio"), default=True)
    creado_en = models.DateTimeField(_("creado el"), auto_now_add=True)
    creado_por = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("creado por"),
    )

    @property
    def generado(self) -> bool:
        """Whether an issued record already has its PDF (it may be pending)."""
        return bool(self.archivo)

    def __str__(self) -> str:
        return f"{self.get_tipo_display()} · {self.solicitud.radicado}"

    class Meta:
        ordering = ["solicitud", "creado_en", "pk"]
        verbose_name = _("documento")
        verbose_name_plural = _("documentos")
        constraints = [
            models.CheckConstraint(
                condition=Q(archivo="") | Q(sha256__regex=r"^[0-9a-f]{64}$"),
                name="documento_con_archivo_tiene_sha256",
            )
        ]


class Notificacion(models.Model):
    """An e-mail to send; kept until sent, so a failure is retried, never lost."""

    class Estado(models.TextChoices):
        PENDIENTE = "pendiente", _("Pendiente")
        ENVIADA = "enviada", _("Enviada")

    solicitud = models.ForeignKey(
        Solicitud, on_delete=models.PROTECT, related_name="notificaciones"
    )
    destinatario = models.EmailField(_("destinatario"))
    asunto = models.CharField(_("asunto"), max_length=200)
    cuerpo = models.TextField(_("cuerpo"))
    adjuntos = models.ManyToManyField(Documento, blank=True, related_name="+")
    estado = models.CharField(
        _("estado"), max_length=10, choices=Estado.choices, default=Estado.PENDIENTE
    )
    intentos = models.PositiveSmallIntegerField(_("intentos"), default=0)
    ultimo_error = models.TextField(_("último error"), blank=True)
    creada_en = models.DateTimeField(_("creada el"), auto_now_add=True)
    enviada_en = models.DateTimeField(_("enviada el"), null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.asunto} → {self.destinatario}"

    class Meta:
        ordering = ["creada_en", "pk"]
        verbose_name = _("notificación")
        verbose_name_plural = _("notificaciones")
