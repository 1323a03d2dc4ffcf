"""Side effects of case changes, run after commit (``django_tasks``).

Immediate in development and tests, the database queue and its worker in
production. Every piece of work is a row that says whether it is done (a Documento
without file, a pending Notificacion), so ``manage.py procesar_pendientes`` can
retry whatever failed, and running twice never does anything twice.
"""

from __future__ import annotations

import hashlib
import io
import logging

from django_tasks import task
from pypdf import PdfReader

from django.core.files.base import ContentFile
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone

from .models import Documento, Notificacion
from .pdf import renderer_para

logger = logging.getLogger(__name__)


def generar_documento(documento_id: int) -> bool:
    """Render a pending record from its snapshot and store it with its SHA-256."""
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
        try:
            documento.archivo.save(documento.nombre_original, ContentFile(contenido))
        except BaseException:
            if documento.archivo.name:
                documento.archivo.storage.delete(documento.archivo.name)
            raise
    return True


def enviar_notificacion(notificacion_id: int) -> bool:
    """Send a pending e-mail with its attachments; wait while one is not rendered."""
    with transaction.atomic():
        notificacion = Notificacion.objects.select_for_update().get(pk=notificacion_id)
        if notificacion.estado == Notificacion.Estado.ENVIADA:
            return False
        adjuntos = list(notificacion.adjuntos.all())
        if any(not documento.archivo for documento in adjuntos):
            return False
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
        notificacion.intentos += 1
        try:
            correo.send()
        except Exception as error:  # noqa: BLE001 - any mail failure is retried
            notificacion.ultimo_error = str(error)[:2000]
            notificacion.save(update_fields=["intentos", "ultimo_error"])
            logger.warning(
                "No se pudo enviar la notificación %s: %s", notificacion.pk, error
            )
            return False
        notificacion.estado = Notificacion.Estado.ENVIADA
        notificacion.enviada_en = timezone.now()
        notificacion.ultimo_error = ""
        notificacion.save(
            update_fields=["estado", "enviada_en", "intentos", "ultimo_error"]
        )
    return True


def procesar_solicitud(solicitud_id: int) -> None:
    """Pending records, then pending e-mails, of one request. Safe to repeat."""
    pendientes = Documento.objects.filter(
        solicitud_id=solicitud_id, archivo="", datos__isnull=False
    ).values_list("pk", flat=True)
    for documento_id in pendientes:
        try:
            generar_documento(documento_id)
        except Exception:
            logger.exception("No se pudo generar el documento %s", documento_id)
    for notificacion_id in Notificacion.objects.filter(
        solicitud_id=solicitud_id, estado=Notificacion.Estado.PENDIENTE
    ).values_list("pk", flat=True):
        enviar_notificacion(notificacion_id)


@task()
def procesar_pendientes(solicitud_id: int) -> None:
    procesar_solicitud(solicitud_id)
