"""Issue 14 over HTTP: a filing's files are counted before any is read, inspected
within one budget, and refusals count against the account.

What a person sees (the page and its message), what must not exist afterwards (a
request, a radicado number taken, a file in storage), and the log: a file that was
inspected has a line there when refused, so no line means nothing was read."""

import io
import logging

import pytest
from pypdf import PdfReader

from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from expedientes.constants import MAX_ANEXOS, TipoDocumento
from expedientes.models import Contador, Solicitud
from tests import pdf_hostiles
from tests.factories import pdf_de_prueba
from tests.portal.test_solicitud_nueva import URL, formulario, municipal, nada_guardado
from tests.utils import texto_visible

__all__ = ["municipal"]  # the fixture, imported to be used here

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("limites_vacios")]


def pdf(nombre: str, contenido: bytes | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(nombre, contenido or pdf_de_prueba(), "application/pdf")


def anexos(n: int, contenido: bytes | None = None) -> list[SimpleUploadedFile]:
    return [pdf(f"anexo{i}.pdf", contenido) for i in range(n)]


def inspeccionados(caplog) -> list[str]:
    return [
        r.getMessage()
        for r in caplog.records
        if r.name == "expedientes.subidas" and "PDF rechazado" in r.getMessage()
    ]


@pytest.fixture
def registro(caplog):
    caplog.set_level(logging.INFO, logger="expedientes.subidas")
    return caplog


def numeros_tomados() -> int:
    return sum(c.ultimo for c in Contador.objects.all())


def test_un_oficio_y_99_anexos_se_rechazan_sin_leerlos(municipal, registro):
    """The issue's 30.7 s filing: Django stops at DATA_UPLOAD_MAX_NUMBER_FILES, with
    the site's Spanish 400 page; no file inspected, no number taken."""
    respuesta = municipal.post(URL, formulario(anexos=anexos(99)))
    assert respuesta.status_code == 400
    texto = texto_visible(respuesta.content)
    assert "Envió más de 22 archivos a la vez" in texto
    assert "hasta 10 anexos" in texto
    assert inspeccionados(registro) == []
    assert numeros_tomados() == 0
    assert nada_guardado()


def test_unos_anexos_de_mas_los_dice_el_formulario_sin_revisarlos(municipal, registro):
    """Within Django's limit, the form refuses by count before reading any file:
    the hostile ones among them are never inspected (no log line)."""
    hostiles = anexos(MAX_ANEXOS + 2, pdf_hostiles.muchos_objetos_en_flujos(50_000))
    respuesta = municipal.post(URL, formulario(anexos=hostiles))
    assert respuesta.status_code == 200
    texto = texto_visible(respuesta.content)
    assert "Adjunte como máximo 10 anexos; eligió 12." in texto
    assert "No se revisó ninguno" in texto
    assert inspeccionados(registro) == []
    assert numeros_tomados() == 0
    assert nada_guardado()


def test_archivos_con_otro_nombre_tambien_cuentan(municipal, registro):
    datos = formulario(anexos=anexos(MAX_ANEXOS))
    datos["otro"] = pdf("colado.pdf")
    respuesta = municipal.post(URL, datos)
    assert respuesta.status_code == 200
    assert (
        "Este envío trae 12 archivos; el formulario recibe como máximo 11."
        in texto_visible(respuesta.content)
    )
    assert inspeccionados(registro) == []
    assert nada_guardado()


@override_settings(EXPEDIENTES_PDF_MAX_OBJETOS=10**8, EXPEDIENTES_PDF_SEGUNDOS=0.3)
def test_el_pdf_lento_se_rechaza_dentro_del_limite(municipal, registro):
    lento = pdf_hostiles.muchos_objetos_en_flujos(200_000)
    respuesta = municipal.post(URL, formulario(oficio=pdf("oficio.pdf", lento)))
    assert respuesta.status_code == 200
    assert "«oficio.pdf» es demasiado complejo" in texto_visible(respuesta.content)
    (linea,) = inspeccionados(registro)
    assert '"causa":"tiempo"' in linea
    assert numeros_tomados() == 0
    assert nada_guardado()


@override_settings(PORTAL_LIMITE_RECHAZOS="2/h")
def test_los_rechazos_repetidos_llevan_al_429(municipal, registro):
    activo = pdf_hostiles.javascript_escondido()
    for _ in range(2):
        respuesta = municipal.post(URL, formulario(oficio=pdf("oficio.pdf", activo)))
        assert respuesta.status_code == 200
        assert "trae JavaScript" in texto_visible(respuesta.content)
    assert len(inspeccionados(registro)) == 2
    # The third attempt, even a valid one, is refused before anything is read.
    respuesta = municipal.post(URL, formulario())
    assert respuesta.status_code == 429
    assert "archivos que no se pudieron recibir" in texto_visible(respuesta.content)
    assert "2 cada 60 minutos" in texto_visible(respuesta.content)
    assert len(inspeccionados(registro)) == 2
    assert nada_guardado()


@override_settings(PORTAL_LIMITE_RECHAZOS="2/h")
def test_un_formulario_con_un_dato_que_falta_no_cuenta_como_rechazo(municipal):
    for _ in range(3):
        respuesta = municipal.post(URL, formulario(telefono_solicitante=""))
        assert respuesta.status_code == 200
    assert municipal.post(URL, formulario(), follow=True).status_code == 200
    assert Solicitud.objects.count() == 1


@override_settings(PORTAL_LIMITE_RECHAZOS="1/h")
def test_los_rechazos_al_aportar_documentos_tambien_cuentan(
    municipal, usuario_municipal, personal, registro
):
    from tests.portal.test_tramite import suspendida

    solicitud = suspendida(usuario_municipal, personal)
    url = f"/solicitudes/{solicitud.radicado}/aportar/"
    respuesta = municipal.post(url, {"documentos": anexos(MAX_ANEXOS + 1)})
    assert "Adjunte como máximo 10 documentos; eligió 11." in texto_visible(
        respuesta.content
    )
    respuesta = municipal.post(url, {"documentos": anexos(1)})
    assert respuesta.status_code == 429
    assert "archivos que no se pudieron recibir" in texto_visible(respuesta.content)
    assert inspeccionados(registro) == []


def test_una_radicacion_legitima_sigue_funcionando(
    municipal, registro, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        respuesta = municipal.post(
            URL,
            formulario(
                oficio=pdf("oficio.pdf", pdf_de_prueba(paginas=2)),
                anexos=anexos(MAX_ANEXOS),
            ),
        )
    assert respuesta.status_code == 302
    solicitud = Solicitud.objects.get()
    assert solicitud.documentos.filter(tipo=TipoDocumento.ANEXO).count() == MAX_ANEXOS
    assert solicitud.documentos.get(tipo=TipoDocumento.CONSTANCIA_RADICACION).generado
    # The receipt, as the e-mail carries it, read back.
    (correo,) = mail.outbox
    nombre, contenido, _tipo = correo.attachments[0]
    assert nombre == f"constancia-{solicitud.radicado}.pdf"
    texto = "".join(p.extract_text() for p in PdfReader(io.BytesIO(contenido)).pages)
    assert solicitud.radicado in texto
    assert inspeccionados(registro) == []
    assert numeros_tomados() == 1
