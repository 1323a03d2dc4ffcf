"""The files of a case (uploaded or issued as records) and the e-mails it sends."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..constants import TipoDocumento
from ..storage import almacenamiento_privado, ruta_documento
from .solicitudes import Solicitud

__all__ = ["Documento", "Notificacion"]


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
    firma = models.JSONField(
        _("firma digital"),
        null=True,
        blank=True,
        editable=False,
        help_text=_(
            "De los registros firmados al expedirse: firmante, autoridad, sello de "
            "tiempo y nivel PAdES (expedientes/firma/)."
        ),
    )
    para_municipio = models.BooleanField(_("visible para el municipio"), default=True)
    codigo_verificacion = models.CharField(
        _("código de verificación"),
        max_length=20,
        null=True,
        blank=True,
        unique=True,
        editable=False,
        help_text=_("De los registros expedidos: se verifica en /verificar/<código>/."),
    )
    evento = models.ForeignKey(
        "expedientes.EventoSolicitud",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documentos",
        verbose_name=_("evento"),
        help_text=_("El paso del historial en que entró al expediente."),
    )
    sesion = models.ForeignKey(
        "expedientes.SesionAsesoria",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documentos",
        verbose_name=_("sesión de asesoría"),
    )
    reemplaza = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reemplazado_por",
        editable=False,
        verbose_name=_("reemplaza a"),
        help_text=_(
            "Un registro que corrige otro lo reemplaza; el anterior no cambia ni se "
            "borra, y su verificación dice que fue reemplazado."
        ),
    )
    creado_en = models.DateTimeField(_("creado el"), auto_now_add=True)
    creado_por = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("creado por"),
    )

    def get_tipo_display(self) -> str:
        """The type's label, one translation looked up: Django's own builds the
        labels of every choice on each call (15 translations), which the case
        page of a case with 500 files paid 1,500 times (``bench`` part 7)."""
        try:
            return TipoDocumento(self.tipo).label
        except ValueError:
            return self.tipo

    @property
    def expedido(self) -> bool:
        """An issued record (rendered from a snapshot), not an uploaded file."""
        return self.datos is not None

    @property
    def firmado(self) -> bool:
        """Whether the stored file is signed (records issued since signing began)."""
        return bool(self.firma)

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
    """An e-mail to send; kept until sent, so a failure is retried, never lost,
    and never sent twice: ``tasks.enviar_notificacion`` claims it (``enviando``,
    committed) before the SMTP conversation and marks it ``enviada`` after, and its
    ``clave`` is the e-mail's Message-ID, so receiving servers can deduplicate too.
    """

    class Estado(models.TextChoices):
        PENDIENTE = "pendiente", _("Pendiente")
        #: Claimed for sending; if it stays so, nobody knows whether it left.
        ENVIANDO = "enviando", _("Enviándose (sin confirmar)")
        ENVIADA = "enviada", _("Enviada")

    #: Its identity outside the database: the e-mail's Message-ID.
    clave = models.UUIDField(
        _("clave"), default=uuid.uuid4, unique=True, editable=False
    )
    solicitud = models.ForeignKey(
        Solicitud, on_delete=models.PROTECT, related_name="notificaciones"
    )
    destinatario = models.EmailField(_("destinatario"))
    asunto = models.CharField(_("asunto"), max_length=200)
    cuerpo = models.TextField(_("cuerpo"))
    adjuntos = models.ManyToManyField(Documento, blank=True, related_name="+")
    #: A calendar invitation (iCalendar text, ``expedientes.calendario``) sent as
    #: a ``text/calendar`` part and an ``.ics`` attachment (``tasks._correo``).
    calendario = models.TextField(_("invitación de calendario"), blank=True)
    estado = models.CharField(
        _("estado"), max_length=10, choices=Estado.choices, default=Estado.PENDIENTE
    )
    intentos = models.PositiveSmallIntegerField(_("intentos"), default=0)
    ultimo_error = models.TextField(_("último error"), blank=True)
    creada_en = models.DateTimeField(_("creada el"), auto_now_add=True)
    envio_iniciado_en = models.DateTimeField(
        _("envío iniciado el"), null=True, blank=True
    )
    enviada_en = models.DateTimeField(_("enviada el"), null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.asunto} → {self.destinatario}"

    class Meta:
        ordering = ["creada_en", "pk"]
        verbose_name = _("notificación")
        verbose_name_plural = _("notificaciones")
