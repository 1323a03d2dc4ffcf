"""The after-commit work of a filing: receipt PDF and e-mail, retried, never lost.

A failing renderer or mail server must leave the filing saved and numbered and the
work pending; ``manage.py procesar_pendientes`` finishes it later, exactly once.
"""

import io

import pytest
from django_tasks.backends.immediate import ImmediateBackend

from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command

from expedientes import tasks
from expedientes.constants import TipoDocumento
from expedientes.models import Documento, Notificacion, Solicitud
from expedientes.pdf import ConstanciaRenderer
from expedientes.services import DatosSolicitud, solicitud_radicar
from tests.factories import pdf_de_prueba
from tests.utils import archivos_privados

DATOS = DatosSolicitud(
    nombre_solicitante="Laura Rincón",
    cargo_solicitante="Secretaria de Planeación municipal",
    correo_solicitante="planeacion@bucaramanga.gov.co",
    telefono_solicitante="607 633 7000",
    plan_vigente="POT",
    tipo_solicitud="revision_general",
    asunto="Revisión general del POT",
    descripcion="Solicitamos asesoría para la revisión general del POT.",
)


class CorreoCaido(BaseEmailBackend):
    """A mail server that refuses every connection."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError("el servidor de correo no responde")


def _fallar(*args, **kwargs):
    raise RuntimeError("falla simulada")


@pytest.fixture
def radicar(
    usuario_municipal, municipio, version_vigente, django_capture_on_commit_callbacks
):
    """File a request as the portal does; the after-commit work runs on exit."""

    def radicar():
        with django_capture_on_commit_callbacks(execute=True):
            return solicitud_radicar(
                actor=usuario_municipal,
                municipio=municipio,
                datos=DATOS,
                oficio=SimpleUploadedFile(
                    "oficio.pdf", pdf_de_prueba(), "application/pdf"
                ),
                acepta_tratamiento_datos=True,
            )

    return radicar


def _constancia(solicitud) -> Documento:
    return solicitud.documentos.get(tipo=TipoDocumento.CONSTANCIA_RADICACION)


def _procesar_pendientes() -> str:
    salida = io.StringIO()
    call_command("procesar_pendientes", stdout=salida)
    return salida.getvalue()


def test_todo_sale_bien_a_la_primera(radicar):
    solicitud, _codigo = radicar()
    assert _constancia(solicitud).generado
    notificacion = Notificacion.objects.get(solicitud=solicitud)
    assert notificacion.estado == Notificacion.Estado.ENVIADA
    assert notificacion.intentos == 1
    assert notificacion.enviada_en is not None
    assert len(mail.outbox) == 1
    assert "No queda nada pendiente." in _procesar_pendientes()
    assert len(mail.outbox) == 1


def test_si_falla_la_constancia_la_radicacion_queda_y_se_reintenta(
    radicar, monkeypatch
):
    monkeypatch.setattr(ConstanciaRenderer, "render", _fallar)
    solicitud, codigo = radicar()

    # The filing is saved and numbered; its receipt and e-mail wait.
    assert codigo
    solicitud = Solicitud.objects.get(pk=solicitud.pk)
    assert solicitud.radicado.endswith("-000001")
    constancia = _constancia(solicitud)
    assert not constancia.generado
    assert constancia.sha256 == ""
    notificacion = Notificacion.objects.get(solicitud=solicitud)
    assert notificacion.estado == Notificacion.Estado.PENDIENTE
    assert notificacion.intentos == 0  # waiting for its attachment is no attempt
    assert mail.outbox == []
    # Only the uploaded oficio is in storage: no half-written receipt.
    assert len(archivos_privados()) == 1

    salida = _procesar_pendientes()  # still failing
    assert "Documentos generados: 0 (con error: 1)." in salida
    assert "esperando su documento: 1" in salida
    assert f"Pendiente: Constancia de radicación de {solicitud.radicado}." in salida
    assert mail.outbox == []

    monkeypatch.undo()  # the cause is fixed
    salida = _procesar_pendientes()
    assert "Documentos generados: 1 (con error: 0)." in salida
    assert "Correos enviados: 1 (con error: 0; esperando su documento: 0)." in salida
    assert "No queda nada pendiente." in salida
    assert _constancia(solicitud).generado
    assert len(mail.outbox) == 1
    [(nombre, contenido, _tipo)] = mail.outbox[0].attachments
    assert nombre == f"constancia-{solicitud.radicado}.pdf"
    assert contenido.startswith(b"%PDF-")

    # Once done, done: a second run renders and sends nothing.
    salida = _procesar_pendientes()
    assert "Documentos generados: 0 (con error: 0)." in salida
    assert "Correos enviados: 0" in salida
    assert len(mail.outbox) == 1
    assert len(archivos_privados()) == 2


def test_si_falla_el_correo_queda_pendiente_con_el_error(radicar, settings):
    settings.EMAIL_BACKEND = "tests.expedientes.test_tasks.CorreoCaido"
    solicitud, _codigo = radicar()

    assert _constancia(solicitud).generado  # the receipt does not depend on mail
    notificacion = Notificacion.objects.get(solicitud=solicitud)
    assert notificacion.estado == Notificacion.Estado.PENDIENTE
    assert notificacion.intentos == 1
    assert "el servidor de correo no responde" in notificacion.ultimo_error
    assert "ConnectionRefusedError" in notificacion.ultimo_error

    salida = _procesar_pendientes()
    assert "Correos enviados: 0 (con error: 1;" in salida
    assert "(intentos: 2; ConnectionRefusedError" in salida
    assert Notificacion.objects.get(pk=notificacion.pk).intentos == 2

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    salida = _procesar_pendientes()
    assert "Correos enviados: 1 (con error: 0;" in salida
    notificacion.refresh_from_db()
    assert notificacion.estado == Notificacion.Estado.ENVIADA
    assert (notificacion.intentos, notificacion.ultimo_error) == (3, "")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["planeacion@bucaramanga.gov.co"]

    _procesar_pendientes()
    assert len(mail.outbox) == 1


def test_si_no_se_puede_encolar_la_radicacion_no_se_pierde(radicar, monkeypatch):
    """A task queue that refuses the job must not turn a committed filing into an
    error page: the user would lose the access code shown only once."""
    monkeypatch.setattr(ImmediateBackend, "enqueue", _fallar)
    solicitud, codigo = radicar()

    assert codigo
    assert Solicitud.objects.filter(pk=solicitud.pk).exists()
    assert not _constancia(solicitud).generado
    assert mail.outbox == []

    monkeypatch.undo()
    _procesar_pendientes()
    assert _constancia(solicitud).generado
    assert len(mail.outbox) == 1


def test_generar_documento_no_repite(radicar):
    solicitud, _codigo = radicar()
    constancia = _constancia(solicitud)
    archivos = archivos_privados()

    assert tasks.generar_documento(constancia.pk) is False
    assert _constancia(solicitud).archivo.name == constancia.archivo.name
    assert _constancia(solicitud).sha256 == constancia.sha256
    assert archivos_privados() == archivos


def test_si_no_se_guarda_la_fila_no_queda_el_archivo(radicar, monkeypatch):
    monkeypatch.setattr(ConstanciaRenderer, "render", _fallar)
    solicitud, _codigo = radicar()
    monkeypatch.undo()
    antes = archivos_privados()

    original = Documento.save

    def guardar_y_fallar(self, *args, **kwargs):
        if kwargs.get("update_fields"):
            raise RuntimeError("la base de datos se cayó")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Documento, "save", guardar_y_fallar)
    with pytest.raises(RuntimeError):
        tasks.generar_documento(_constancia(solicitud).pk)
    assert archivos_privados() == antes  # the rendered file was removed again
    assert not _constancia(solicitud).generado


def test_el_correo_espera_a_su_adjunto(radicar, monkeypatch):
    monkeypatch.setattr(ConstanciaRenderer, "render", _fallar)
    solicitud, _codigo = radicar()
    notificacion = Notificacion.objects.get(solicitud=solicitud)

    assert tasks.enviar_notificacion(notificacion.pk) == tasks.Envio.ESPERANDO
    notificacion.refresh_from_db()
    assert (notificacion.estado, notificacion.intentos) == ("pendiente", 0)

    monkeypatch.undo()
    assert tasks.generar_documento(_constancia(solicitud).pk) is True
    assert tasks.enviar_notificacion(notificacion.pk) == tasks.Envio.ENVIADA
    assert tasks.enviar_notificacion(notificacion.pk) == tasks.Envio.YA_ENVIADA
    assert len(mail.outbox) == 1


def test_la_tarea_resume_lo_que_hizo(radicar, monkeypatch):
    monkeypatch.setattr(ConstanciaRenderer, "render", _fallar)
    solicitud, _codigo = radicar()
    monkeypatch.undo()

    resultado = tasks.procesar_pendientes.enqueue(solicitud.pk)
    assert resultado.status == "SUCCESSFUL"
    assert resultado.return_value == {
        "documentos_generados": 1,
        "documentos_fallidos": 0,
        "correos_enviados": 1,
        "correos_fallidos": 0,
        "correos_en_espera": 0,
        "correos_sin_confirmar": 0,
    }


def test_sin_pendientes(db):
    assert "No queda nada pendiente." in _procesar_pendientes()
