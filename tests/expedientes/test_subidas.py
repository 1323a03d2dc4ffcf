"""validar_pdf: a PDF by its content, inspected within bounds, nothing active."""

import io
import logging

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.actions import JavaScript
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    NameObject,
    TextStringObject,
)

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from expedientes.subidas import validar_pdf
from tests.factories import pdf_de_prueba


def subido(contenido: bytes, nombre: str = "oficio.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(nombre, contenido, "application/pdf")


def con(cambio, paginas: int = 1) -> bytes:
    """A real PDF after ``cambio(writer)``."""
    escritor = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_de_prueba(paginas))))
    cambio(escritor)
    salida = io.BytesIO()
    escritor.write(salida)
    return salida.getvalue()


def rechazo(contenido: bytes) -> ValidationError:
    with pytest.raises(ValidationError) as error:
        validar_pdf(subido(contenido))
    return error.value


def test_un_pdf_normal_pasa_y_se_lee_una_vez():
    archivo = subido(pdf_de_prueba(paginas=3))
    info = validar_pdf(archivo)
    assert info.paginas == 3
    assert info.tamano == archivo.size
    assert validar_pdf(archivo) is info


def _accion(escritor, accion: dict, donde: str = "/OpenAction"):
    escritor._root_object[NameObject(donde)] = DictionaryObject(
        {NameObject(k): v for k, v in accion.items()}
    )


ACTIVOS = {
    "javascript": lambda w: w.add_open_action(JavaScript("app.alert('hola');")),
    "openaction_js": lambda w: _accion(
        w,
        {"/S": NameObject("/JavaScript"), "/JS": TextStringObject("app.alert(1)")},
    ),
    "launch": lambda w: _accion(
        w,
        {"/S": NameObject("/Launch"), "/F": TextStringObject("calc.exe")},
    ),
    "aa_launch": lambda w: w.pages[0].__setitem__(
        NameObject("/AA"),
        DictionaryObject(
            {
                NameObject("/O"): DictionaryObject(
                    {
                        NameObject("/S"): NameObject("/Launch"),
                        NameObject("/F"): TextStringObject("cmd.exe"),
                    }
                )
            }
        ),
    ),
    "adjunto": lambda w: w.add_attachment("programa.exe", b"MZ\x90\x00" * 100),
    "xfa": lambda w: w._root_object.__setitem__(
        NameObject("/AcroForm"),
        DictionaryObject(
            {NameObject("/Fields"): ArrayObject(), NameObject("/XFA"): ArrayObject()}
        ),
    ),
    # Issue 14: accepted and filed before.
    "submitform": lambda w: _accion(
        w,
        {
            "/S": NameObject("/SubmitForm"),
            "/F": TextStringObject("https://recoge-datos.example/"),
        },
    ),
    "gotor": lambda w: _accion(
        w,
        {"/S": NameObject("/GoToR"), "/F": TextStringObject("\\\\servidor\\x.pdf")},
    ),
    "uri_javascript": lambda w: _accion(
        w, {"/S": NameObject("/URI"), "/URI": TextStringObject("javascript:alert(1)")}
    ),
    "uri_archivo": lambda w: _accion(
        w, {"/S": NameObject("/URI"), "/URI": TextStringObject("file:///etc/passwd")}
    ),
    "richmedia": lambda w: w.pages[0].__setitem__(
        NameObject("/Annots"),
        ArrayObject(
            [DictionaryObject({NameObject("/Subtype"): NameObject("/RichMedia")})]
        ),
    ),
}


@pytest.mark.parametrize("caso", ACTIVOS)
def test_el_contenido_activo_se_rechaza(caso):
    error = rechazo(con(ACTIVOS[caso]))
    assert error.code == "pdf_activo"
    mensaje = error.messages[0]
    assert "«oficio.pdf» trae" in mensaje
    assert "imprimir de nuevo a PDF" in mensaje


def test_nombres_disfrazados_tambien():
    """``/J#61vaScript`` is ``/JavaScript`` to a viewer: the bytes alone miss it."""
    contenido = con(ACTIVOS["javascript"])
    disfrazado = contenido.replace(b"/JavaScript", b"/J#61vaScript").replace(
        b"/JS ", b"/J#53 "
    )
    assert b"/JavaScript" not in disfrazado
    assert rechazo(disfrazado).code == "pdf_activo"


@pytest.mark.parametrize(
    "accion",
    [
        {"/S": NameObject("/GoTo"), "/D": ArrayObject()},
        {
            "/S": NameObject("/URI"),
            "/URI": TextStringObject("https://www.bucaramanga.gov.co/"),
        },
        {"/S": NameObject("/URI"), "/URI": TextStringObject("mailto:a@b.gov.co")},
    ],
    ids=["interno", "web", "correo"],
)
def test_un_enlace_normal_no_es_contenido_activo(accion):
    """Links to a page of the document, a web page or an e-mail address stay: an
    oficio from a word processor has them, and a viewer asks before opening."""
    assert validar_pdf(subido(con(lambda w: _accion(w, accion)))).paginas == 1


def test_un_poliglota_html_pdf_se_rechaza():
    pdf = pdf_de_prueba()
    primera, resto = pdf.split(b"\n", 1)
    poliglota = primera + b"\n%<html><script>alert(1)</script></html>\n" + resto
    error = rechazo(poliglota)
    assert error.code == "pdf_html"
    assert "imprimir de nuevo a PDF" in error.messages[0]

    antes = b"<!DOCTYPE html><html><body>hola</body></html>\n" + pdf
    assert rechazo(antes).code == "no_pdf"


def test_paginas_de_mas(settings):
    settings.EXPEDIENTES_PDF_MAX_PAGINAS = 3
    error = rechazo(pdf_de_prueba(paginas=4))
    assert error.code == "pdf_limite"
    assert "tiene más de 3 páginas" in error.messages[0]
    assert validar_pdf(subido(pdf_de_prueba(paginas=3))).paginas == 3


def test_un_conteo_de_paginas_falso_no_engana(settings):
    """The walk counts the leaves, whatever /Count declares."""
    settings.EXPEDIENTES_PDF_MAX_PAGINAS = 3

    def mentir(escritor):
        escritor._root_object["/Pages"].get_object()[NameObject("/Count")] = (
            escritor._root_object["/Pages"].get_object()["/Count"].__class__(1)
        )

    assert rechazo(con(mentir, paginas=5)).code == "pdf_limite"


def test_objetos_de_mas(settings):
    settings.EXPEDIENTES_PDF_MAX_OBJETOS = 3
    error = rechazo(pdf_de_prueba())
    assert error.code == "pdf_limite"
    assert "demasiado complejo" in error.messages[0]


def test_el_tiempo_de_revision_tiene_tope(settings):
    settings.EXPEDIENTES_PDF_SEGUNDOS = 0
    error = rechazo(pdf_de_prueba(paginas=2))
    assert error.code == "pdf_limite"
    assert "imprimir de nuevo a PDF" in error.messages[0]


def test_miles_de_paginas_se_rechazan_pronto(caplog):
    """The issue's attack in small: many pages used to be counted in full. The
    declared count in the bytes refuses it before pypdf parses anything (the
    child's verdict in the log line says which check did; no wall time asserted:
    the machine is shared)."""
    caplog.set_level(logging.WARNING, logger="expedientes.subidas")
    escritor = PdfWriter()
    for _ in range(5000):
        escritor.add_blank_page(10, 10)
    salida = io.BytesIO()
    escritor.write(salida)
    error = rechazo(salida.getvalue())
    assert error.code == "pdf_limite"
    (linea,) = [
        r.getMessage() for r in caplog.records if "PDF rechazado" in r.getMessage()
    ]
    assert linea.endswith('{"resultado":"paginas"}')


def test_un_byte_de_mas_dice_cuanto(settings):
    settings.EXPEDIENTES_TAMANO_MAXIMO = 2048
    error = rechazo(b"%PDF-" + b"x" * 2044)
    assert error.messages == [
        "«oficio.pdf» pesa 2.049 bytes; el máximo es 2.048 bytes."
    ]


def test_el_portal_muestra_el_rechazo_y_no_guarda_nada(
    client, usuario_municipal, version_vigente
):
    from expedientes.models import Solicitud
    from tests.portal.test_solicitud_nueva import URL, formulario
    from tests.utils import archivos_privados, texto_visible

    client.force_login(usuario_municipal)
    respuesta = client.post(URL, formulario(oficio=subido(con(ACTIVOS["javascript"]))))
    assert respuesta.status_code == 200
    assert "imprimir de nuevo a PDF" in texto_visible(respuesta.content)
    assert not Solicitud.objects.exists()
    assert archivos_privados() == []
