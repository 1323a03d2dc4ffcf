"""No e-mail is sent twice (issue 14): claim, send, mark, and a Message-ID by key.

The probe saw an e-mail sent twice after a PostgreSQL restart: the send happened
inside the transaction that was to mark it, the commit never came, and the retry
sent it again. Now the claim is committed before the SMTP conversation; a send
whose outcome was lost stays "enviando" and is never sent again by itself.
"""

import datetime
import io
import smtplib
import socket

import pytest

from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import call_command

from expedientes import tasks
from expedientes.models import Notificacion
from tests.expedientes.test_tasks import radicar  # noqa: F401 - fixture

pytestmark = pytest.mark.usefixtures("limites_vacios")


class SeCaeTrasEnviar(EmailBackend):
    """The server accepted the message, then the worker died (before the mark)."""

    def send_messages(self, messages):
        super().send_messages(messages)
        raise SystemExit("el proceso muere")


class SeCortaAlEnviar(EmailBackend):
    """The connection drops while the message is being sent: it may have left."""

    def send_messages(self, messages):
        super().send_messages(messages)
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


class RechazaDestinatario(EmailBackend):
    def send_messages(self, messages):
        raise smtplib.SMTPRecipientsRefused({"x@example.com": (550, b"no")})


def _procesar(*argumentos) -> str:
    salida = io.StringIO()
    call_command("procesar_pendientes", *argumentos, stdout=salida)
    return salida.getvalue()


@pytest.fixture
def pendiente(radicar, settings):  # noqa: F811
    """A filing whose e-mail is still pending (the mail server was down)."""
    settings.EMAIL_BACKEND = "tests.expedientes.test_tasks.CorreoCaido"
    solicitud, _codigo = radicar()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    notificacion = Notificacion.objects.get(solicitud=solicitud)
    assert notificacion.estado == Notificacion.Estado.PENDIENTE
    return notificacion


def test_el_message_id_sale_de_la_clave(pendiente, settings):
    settings.DEFAULT_FROM_EMAIL = "Planeación <no-responder@santander.gov.co>"
    assert tasks.enviar_notificacion(pendiente.pk) == tasks.Envio.ENVIADA
    [correo] = mail.outbox
    esperado = f"<notificacion-{pendiente.clave}@santander.gov.co>"
    assert correo.message()["Message-ID"] == esperado
    assert tasks.enviar_notificacion(pendiente.pk) == tasks.Envio.YA_ENVIADA
    assert len(mail.outbox) == 1


def test_cada_correo_tiene_su_clave(radicar):  # noqa: F811
    radicar()
    radicar()
    claves = list(Notificacion.objects.values_list("clave", flat=True))
    assert len(claves) >= 2 and len(set(claves)) == len(claves)


def test_si_el_proceso_muere_tras_enviar_no_se_envia_otra_vez(pendiente, settings):
    settings.EMAIL_BACKEND = "tests.expedientes.test_correo_una_vez.SeCaeTrasEnviar"
    with pytest.raises(SystemExit):
        tasks.enviar_notificacion(pendiente.pk)
    assert len(mail.outbox) == 1  # it left
    pendiente.refresh_from_db()
    assert pendiente.estado == Notificacion.Estado.ENVIANDO
    assert pendiente.envio_iniciado_en is not None

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert tasks.enviar_notificacion(pendiente.pk) == tasks.Envio.SIN_CONFIRMAR
    salida = _procesar()  # the cron pass after recovery
    assert "Correos enviados: 0" in salida
    assert f"Sin confirmar: correo «{pendiente.asunto}»" in salida
    assert "No queda nada pendiente." not in salida
    assert len(mail.outbox) == 1  # never twice by itself


def test_reenviar_sin_confirmar_lo_decide_una_persona(pendiente, settings):
    settings.EMAIL_BACKEND = "tests.expedientes.test_correo_una_vez.SeCaeTrasEnviar"
    with pytest.raises(SystemExit):
        tasks.enviar_notificacion(pendiente.pk)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # A send begun a minute ago may still be under way: not touched.
    assert "que se reenvían: 0." in _procesar("--reenviar-sin-confirmar")
    Notificacion.objects.filter(pk=pendiente.pk).update(
        envio_iniciado_en=pendiente.creada_en - datetime.timedelta(minutes=30)
    )
    salida = _procesar("--reenviar-sin-confirmar")
    assert "que se reenvían: 1." in salida
    assert "Correos enviados: 1" in salida
    primero, segundo = mail.outbox
    # The same Message-ID: a receiving server can drop the second copy.
    assert primero.message()["Message-ID"] == segundo.message()["Message-ID"]
    pendiente.refresh_from_db()
    assert pendiente.estado == Notificacion.Estado.ENVIADA


def test_una_conexion_cortada_al_enviar_queda_sin_confirmar(pendiente, settings):
    settings.EMAIL_BACKEND = "tests.expedientes.test_correo_una_vez.SeCortaAlEnviar"
    assert tasks.enviar_notificacion(pendiente.pk) == tasks.Envio.SIN_CONFIRMAR
    pendiente.refresh_from_db()
    assert pendiente.estado == Notificacion.Estado.ENVIANDO
    assert "Sin confirmar: SMTPServerDisconnected" in pendiente.ultimo_error
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    _procesar()
    assert len(mail.outbox) == 1


def test_un_rechazo_del_servidor_vuelve_a_pendiente(pendiente, settings):
    settings.EMAIL_BACKEND = "tests.expedientes.test_correo_una_vez.RechazaDestinatario"
    assert tasks.enviar_notificacion(pendiente.pk) == tasks.Envio.FALLIDA
    pendiente.refresh_from_db()
    assert pendiente.estado == Notificacion.Estado.PENDIENTE
    assert "SMTPRecipientsRefused" in pendiente.ultimo_error


def test_un_servidor_smtp_que_no_escucha_vuelve_a_pendiente(pendiente, settings):
    """The real SMTP backend on a loopback port nobody listens on."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        puerto = s.getsockname()[1]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = (
        "127.0.0.1",
        puerto,
        2,
    )
    assert tasks.enviar_notificacion(pendiente.pk) == tasks.Envio.FALLIDA
    pendiente.refresh_from_db()
    assert pendiente.estado == Notificacion.Estado.PENDIENTE
    intentos = pendiente.intentos
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert tasks.enviar_notificacion(pendiente.pk) == tasks.Envio.ENVIADA
    pendiente.refresh_from_db()
    assert pendiente.intentos == intentos + 1
    assert len(mail.outbox) == 1
