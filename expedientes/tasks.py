"""Side effects of case changes, run after commit (``django_tasks``).

Immediate in development and tests, the database queue and its worker in
production. Every piece of work is a row that says whether it is done (an issued
Documento without file, a pending Notificacion), so a failure leaves the case saved
and the work visible, ``manage.py procesar_pendientes`` retries whatever is left,
and running anything twice never does it twice.

Services enqueue ``procesar_pendientes`` with ``transaction.on_commit``; nothing
here is called inside the service's transaction.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import logging
from enum import StrEnum

from django_tasks import task
from pypdf import PdfReader

from django.core.files.base import ContentFile
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from .models import Documento, Notificacion
from .pdf import renderer_para
from .storage import almacenamiento_privado

logger = logging.getLogger(__name__)

#: Longest error message kept on a Notificacion (the last one only).
LARGO_ERROR = 2000


class Envio(StrEnum):
    """What ``enviar_notificacion`` did."""

    ENVIADA = "enviada"
    YA_ENVIADA = "ya_enviada"
    #: An attachment is not rendered yet: nothing was tried, nothing counted.
    ESPERANDO = "esperando"
    FALLIDA = "fallida"


@dataclasses.dataclass
class Resumen:
    """What one pass did, added up by the command and returned by the task."""

    documentos_generados: int = 0
    documentos_fallidos: int = 0
    correos_enviados: int = 0
    correos_fallidos: int = 0
    correos_en_espera: int = 0

    def __iadd__(self, otro: Resumen) -> Resumen:
        for campo in dataclasses.fields(self):
            setattr(
                self, campo.name, getattr(self, campo.name) + getattr(otro, campo.name)
            )
        return self

    def como_dict(self) -> dict[str, int]:
        return dataclasses.asdict(self)


def documentos_pendientes() -> QuerySet[Documento]:
    """Issued records (they have a snapshot) whose PDF is not stored yet."""
    return Documento.objects.filter(archivo="", datos__isnull=False)


def notificaciones_pendientes() -> QuerySet[Notificacion]:
    return Notificacion.objects.filter(estado=Notificacion.Estado.PENDIENTE)


def generar_documento(documento_id: int) -> bool:
    """Render a pending record from its snapshot; store it with SHA-256 and pages.

    False if it already had its file. The row is locked while rendering, so two
    workers never both store a file; if anything fails after the file reached the
    storage (the row's save, the commit), the file is deleted again.
    """
    guardado = ""
    try:
        with transaction.atomic():
            documento = (
                Documento.objects.select_for_update()
                .select_related("solicitud")
                .get(pk=documento_id)
            )
            if documento.archivo:
                return False
            contenido = renderer_para(documento).render()
            documento.sha256 = hashlib.sha256(contenido).hexdigest()
            documento.tamano = len(contenido)
            documento.paginas = len(PdfReader(io.BytesIO(contenido)).pages)
            documento.archivo.save(
                documento.nombre_original, ContentFile(contenido), save=False
            )
            guardado = documento.archivo.name
            documento.save(update_fields=["archivo", "sha256", "tamano", "paginas"])
    except BaseException:
        if guardado:
            almacenamiento_privado().delete(guardado)
        raise
    return True


def enviar_notificacion(notificacion_id: int) -> Envio:
    """Send a pending e-mail with its attached records.

    Waits (does nothing, counts nothing) while an attachment has no file yet.
    Every real attempt is counted and a failure keeps its message for the admin;
    the row stays pending for the next pass. The row is locked during the send so
    two workers never send it twice.
    """
    with transaction.atomic():
        notificacion = Notificacion.objects.select_for_update().get(pk=notificacion_id)
        if notificacion.estado == Notificacion.Estado.ENVIADA:
            return Envio.YA_ENVIADA
        adjuntos = list(notificacion.adjuntos.order_by("pk"))
        if any(not documento.archivo for documento in adjuntos):
            return Envio.ESPERANDO
        notificacion.intentos += 1
        try:
            correo = EmailMessage(
                subject=notificacion.asunto,
                body=notificacion.cuerpo,
                to=[notificacion.destinatario],
            )
            for documento in adjuntos:
                with documento.archivo.open("rb") as archivo:
                    correo.attach(
                        documento.nombre_original, archivo.read(), "application/pdf"
                    )
            correo.send()
        except Exception as error:  # noqa: BLE001 - any failure is kept and retried
            notificacion.ultimo_error = f"{type(error).__name__}: {error}"[:LARGO_ERROR]
            notificacion.save(update_fields=["intentos", "ultimo_error"])
            logger.warning(
                "No se pudo enviar la notificación %s (intento %s): %s",
                notificacion.pk,
                notificacion.intentos,
                error,
            )
            return Envio.FALLIDA
        notificacion.estado = Notificacion.Estado.ENVIADA
        notificacion.enviada_en = timezone.now()
        notificacion.ultimo_error = ""
        notificacion.save(
            update_fields=["estado", "enviada_en", "intentos", "ultimo_error"]
        )
    return Envio.ENVIADA


def procesar_solicitud(solicitud_id: int) -> Resumen:
    """Pending records, then pending e-mails, of one request. Safe to repeat.

    A failure is logged and left pending; it never stops the rest of the pass.
    """
    resumen = Resumen()
    for documento_id in (
        documentos_pendientes()
        .filter(solicitud_id=solicitud_id)
        .values_list("pk", flat=True)
    ):
        try:
            if generar_documento(documento_id):
                resumen.documentos_generados += 1
        except Exception:
            logger.exception("No se pudo generar el documento %s", documento_id)
            resumen.documentos_fallidos += 1
    for notificacion_id in (
        notificaciones_pendientes()
        .filter(solicitud_id=solicitud_id)
        .values_list("pk", flat=True)
    ):
        try:
            envio = enviar_notificacion(notificacion_id)
        except Exception:
            logger.exception("No se pudo enviar la notificación %s", notificacion_id)
            envio = Envio.FALLIDA
        if envio == Envio.ENVIADA:
            resumen.correos_enviados += 1
        elif envio == Envio.FALLIDA:
            resumen.correos_fallidos += 1
        elif envio == Envio.ESPERANDO:
            resumen.correos_en_espera += 1
    return resumen


def procesar_todo() -> Resumen:
    """One pass over every request with pending work (``manage.py
    procesar_pendientes``: cron, or by hand after an outage)."""
    solicitudes = set(
        documentos_pendientes().values_list("solicitud_id", flat=True)
    ) | set(notificaciones_pendientes().values_list("solicitud_id", flat=True))
    resumen = Resumen()
    for solicitud_id in sorted(solicitudes):
        resumen += procesar_solicitud(solicitud_id)
    return resumen


@task()
def procesar_pendientes(solicitud_id: int) -> dict[str, int]:
    """The after-commit work of a request; enqueued by the services."""
    return procesar_solicitud(solicitud_id).como_dict()
