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
import datetime
import hashlib
import io
import logging
import smtplib
import socket
import time
from email import encoders
from email.mime.base import MIMEBase
from email.utils import parseaddr
from enum import StrEnum

from django_tasks import task
from pypdf import PdfReader

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.mail import EmailMessage, EmailMultiAlternatives, get_connection
from django.db import InterfaceError, OperationalError, connection, transaction
from django.db.models import QuerySet
from django.utils import timezone

from .calendario import metodo_de
from .firma import firmar
from .models import Documento, Notificacion
from .pdf import renderer_para
from .storage import almacenamiento_privado

logger = logging.getLogger(__name__)

ERRORES_DE_BASE_DE_DATOS = (OperationalError, InterfaceError)

#: Longest error message kept on a Notificacion (the last one only).
LARGO_ERROR = 2000
#: Seconds a send's outcome is retried while the database does not answer.
SEGUNDOS_PARA_REGISTRAR = 60
#: Errors that prove an e-mail did not leave: the connection was refused, or the
#: server refused the sender, the recipients or the message (smtplib raises these
#: before the server accepts the message, or instead of accepting it).
NO_SALIO = (
    ConnectionRefusedError,
    socket.gaierror,
    smtplib.SMTPConnectError,
    smtplib.SMTPHeloError,
    smtplib.SMTPAuthenticationError,
    smtplib.SMTPNotSupportedError,
    smtplib.SMTPSenderRefused,
    smtplib.SMTPRecipientsRefused,
    smtplib.SMTPDataError,
)


class Envio(StrEnum):
    """What ``enviar_notificacion`` did."""

    ENVIADA = "enviada"
    YA_ENVIADA = "ya_enviada"
    #: Claimed and never marked (``enviando``): it may have left, it is not sent.
    SIN_CONFIRMAR = "sin_confirmar"
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
    correos_sin_confirmar: int = 0

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
    """Render a pending record from its snapshot, sign it, store the signed file
    with its SHA-256 and pages.

    False if it already had its file: a stored record is never rendered or
    signed again. The row is locked while rendering and signing, so two workers
    never both store a file; if anything fails (the certificate, the TSA) the
    record stays pending for ``procesar_pendientes``; if anything fails after the
    file reached the storage (the row's save, the commit), it is deleted again.

    The unsigned render is deterministic (identical snapshots, identical bytes);
    the signature, with its timestamp, is appended to it as an incremental update,
    so the stored file begins with those bytes, and its SHA-256, the one
    ``/verificar/`` shows, is that of the whole signed file.
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
            renderer = renderer_para(documento)
            contenido, firma = firmar(
                renderer.render(),
                lugar=renderer.lugar_firma,
                motivo=f"Registro expedido: {documento.get_tipo_display()} · "
                f"radicado {documento.solicitud.radicado} · código de "
                f"verificación {documento.codigo_verificacion}",
            )
            documento.firma = firma.a_json()
            documento.sha256 = hashlib.sha256(contenido).hexdigest()
            documento.tamano = len(contenido)
            documento.paginas = len(PdfReader(io.BytesIO(contenido)).pages)
            documento.archivo.save(
                documento.nombre_original, ContentFile(contenido), save=False
            )
            guardado = documento.archivo.name
            documento.save(
                update_fields=["archivo", "sha256", "tamano", "paginas", "firma"]
            )
    except BaseException:
        if guardado:
            almacenamiento_privado().delete(guardado)
        raise
    return True


def message_id(notificacion: Notificacion) -> str:
    """The e-mail's Message-ID, from the notification's key: the same on every
    attempt, so a receiving server can tell a copy it already has."""
    dominio = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2]
    return f"<notificacion-{notificacion.clave}@{dominio or 'localhost'}>"


def _correo(notificacion: Notificacion, adjuntos: list[Documento]) -> EmailMessage:
    """The e-mail of a notification. With a calendar invitation it is, as the
    common clients send and read them (Outlook, Gmail, Thunderbird):
    multipart/mixed [multipart/alternative [text/plain, text/calendar;
    method=…], application/ics «invitacion.ics»]: the alternative part is what
    the clients turn into their accept / decline buttons, the attachment what
    anyone can open or import by hand."""
    correo = EmailMultiAlternatives(
        subject=notificacion.asunto,
        body=notificacion.cuerpo,
        to=[notificacion.destinatario],
        headers={"Message-ID": message_id(notificacion)},
    )
    if notificacion.calendario:
        metodo = metodo_de(notificacion.calendario) or "REQUEST"
        correo.attach_alternative(
            notificacion.calendario, f"text/calendar; method={metodo}"
        )
        adjunto = MIMEBase("application", "ics", name="invitacion.ics")
        adjunto.set_payload(notificacion.calendario.encode("utf-8"))
        encoders.encode_base64(adjunto)
        adjunto.add_header(
            "Content-Disposition", "attachment", filename="invitacion.ics"
        )
        correo.attach(adjunto)
    for documento in adjuntos:
        with documento.archivo.open("rb") as archivo:
            correo.attach(documento.nombre_original, archivo.read(), "application/pdf")
    return correo


def _reclamar(notificacion_id: int) -> tuple[Notificacion, list[Documento]] | Envio:
    """Lock the row; if it may be sent now, claim it (``enviando``) and commit."""
    with transaction.atomic():
        notificacion = Notificacion.objects.select_for_update().get(pk=notificacion_id)
        if notificacion.estado == Notificacion.Estado.ENVIADA:
            return Envio.YA_ENVIADA
        if notificacion.estado == Notificacion.Estado.ENVIANDO:
            return Envio.SIN_CONFIRMAR
        adjuntos = list(notificacion.adjuntos.order_by("pk"))
        if any(not documento.archivo for documento in adjuntos):
            return Envio.ESPERANDO
        notificacion.estado = Notificacion.Estado.ENVIANDO
        notificacion.intentos += 1
        notificacion.envio_iniciado_en = timezone.now()
        notificacion.save(update_fields=["estado", "intentos", "envio_iniciado_en"])
    return notificacion, adjuntos


def _terminar(notificacion: Notificacion, *, estado: str, error: str) -> None:
    """Record how a claimed send ended. Retried while the database does not
    answer (a restart takes seconds), up to ``SEGUNDOS_PARA_REGISTRAR``: had the
    outcome of a send that left been lost, the row would stay ``enviando``, never
    sent again by itself (at most once), and wait for a person."""
    campos = {"estado": estado, "ultimo_error": error[:LARGO_ERROR]}
    if estado == Notificacion.Estado.ENVIADA:
        campos["enviada_en"] = timezone.now()
    limite = time.monotonic() + SEGUNDOS_PARA_REGISTRAR
    espera = 0.25
    while True:
        try:
            Notificacion.objects.filter(
                pk=notificacion.pk, estado=Notificacion.Estado.ENVIANDO
            ).update(**campos)
            return
        except ERRORES_DE_BASE_DE_DATOS:
            if connection.in_atomic_block or time.monotonic() + espera > limite:
                raise
            logger.warning(
                "Notificación %s: la base de datos no responde; se reintenta "
                "registrar que quedó %s",
                notificacion.pk,
                estado,
            )
            connection.close()
            time.sleep(espera)
            espera = min(espera * 2, 5.0)


def enviar_notificacion(notificacion_id: int) -> Envio:
    """Send a pending e-mail with its attached records, at most once.

    Claim, send, mark: the row is claimed (``enviando``) and committed *before*
    the SMTP conversation, then marked ``enviada`` after it. A crash, or a
    database that stops answering, between the two leaves it ``enviando``: it may
    have left, so nothing sends it again by itself (``procesar_pendientes``
    lists it; ``--reenviar-sin-confirmar`` sends it again, with the same
    Message-ID, when a person decides to). Losing such an e-mail is the price
    of never sending one twice; the window is one SMTP conversation. An error
    that proves the message did not leave (the connection was never opened, the
    server refused it: ``NO_SALIO``) puts it back to pending with its message,
    for the next pass. Waits (does nothing, counts nothing) while an attachment
    has no file yet.
    """
    reclamada = _reclamar(notificacion_id)
    if isinstance(reclamada, Envio):
        return reclamada
    notificacion, adjuntos = reclamada
    conexion = None
    try:
        correo = _correo(notificacion, adjuntos)
        conexion = get_connection()
        conexion.open()
    except Exception as error:  # noqa: BLE001 - nothing was handed to the server
        return _no_salio(notificacion, error)
    try:
        enviados = conexion.send_messages([correo])
    except NO_SALIO as error:
        return _no_salio(notificacion, error)
    except Exception as error:  # noqa: BLE001 - it may have left: never again
        logger.error(
            "Notificación %s: no se sabe si salió (%s: %s); queda sin confirmar",
            notificacion.pk,
            type(error).__name__,
            error,
        )
        _terminar(
            notificacion,
            estado=Notificacion.Estado.ENVIANDO,
            error=f"Sin confirmar: {type(error).__name__}: {error}",
        )
        return Envio.SIN_CONFIRMAR
    finally:
        if conexion is not None:
            conexion.close()
    if not enviados:
        return _no_salio(notificacion, RuntimeError("el servidor no aceptó el correo"))
    _terminar(notificacion, estado=Notificacion.Estado.ENVIADA, error="")
    return Envio.ENVIADA


def _no_salio(notificacion: Notificacion, error: BaseException) -> Envio:
    logger.warning(
        "No se pudo enviar la notificación %s (intento %s): %s",
        notificacion.pk,
        notificacion.intentos,
        error,
    )
    _terminar(
        notificacion,
        estado=Notificacion.Estado.PENDIENTE,
        error=f"{type(error).__name__}: {error}",
    )
    return Envio.FALLIDA


def notificaciones_sin_confirmar() -> QuerySet[Notificacion]:
    """Claimed for sending and never marked: they may have left."""
    return Notificacion.objects.filter(estado=Notificacion.Estado.ENVIANDO)


def reenviar_sin_confirmar(*, antes_de: datetime.datetime) -> int:
    """Put back to pending the unconfirmed e-mails claimed before ``antes_de``
    (``procesar_pendientes --reenviar-sin-confirmar``: a person's decision that
    a possible second copy, with the same Message-ID, is better than none)."""
    return (
        notificaciones_sin_confirmar()
        .filter(envio_iniciado_en__lt=antes_de)
        .update(estado=Notificacion.Estado.PENDIENTE)
    )


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
        elif envio == Envio.SIN_CONFIRMAR:
            resumen.correos_sin_confirmar += 1
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
