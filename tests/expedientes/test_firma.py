"""Records signed when issued (PAdES with pyHanko; expedientes/firma/).

Signed with the session's test PKI (``tests/conftest.py``: a root, the entity's
certificate, a local timestamper, the root's CRL), offline. Each signature is
checked with pyHanko's own validation API, against that root, and read back with
pypdf as a municipality's viewer would.
"""

import datetime
import hashlib
from io import BytesIO

import pytest
import time_machine
from pyhanko.keys import load_cert_from_pemder
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.fields import MDPPerm
from pyhanko.sign.validation import DocumentSecurityStore, validate_pdf_signature
from pyhanko_certvalidator import ValidationContext
from pypdf import PdfReader
from pypdf.generic import ContentStream

from expedientes.constants import TipoDocumento
from expedientes.firma import Veredicto, revisar_firmas
from expedientes.firma.configuracion import FirmaNoConfigurada
from expedientes.firma.firmar import sin_bucle
from expedientes.models import Documento
from expedientes.pdf import renderer_para
from expedientes.tasks import generar_documento, procesar_solicitud
from tests.casos import llevar_a, radicar
from tests.firmas import (
    con_cambio_agregado,
    firmado_por_otra_autoridad,
    un_byte_cambiado,
)


def _contenido(documento: Documento) -> bytes:
    with documento.archivo.open("rb") as archivo:
        return archivo.read()


@pytest.fixture
def constancia(usuario_municipal, version_vigente) -> Documento:
    solicitud = radicar(usuario_municipal)
    procesar_solicitud(solicitud.pk)
    return solicitud.documentos.get(tipo=TipoDocumento.CONSTANCIA_RADICACION)


@pytest.mark.django_db
def test_el_registro_expedido_se_guarda_firmado_y_valida(constancia, pki_de_prueba):
    contenido = _contenido(constancia)
    assert hashlib.sha256(contenido).hexdigest() == constancia.sha256
    lector = PdfFileReader(BytesIO(contenido))
    (firma,) = lector.embedded_signatures
    contexto = ValidationContext(
        trust_roots=[load_cert_from_pemder(str(pki_de_prueba.raiz))],
        crls=[pki_de_prueba.crl.read_bytes()],
    )
    estado = sin_bucle(lambda: validate_pdf_signature(firma, contexto))
    assert estado.bottom_line, estado.pretty_print_details()
    assert estado.intact and estado.valid and estado.trusted
    assert estado.docmdp_ok
    # Certified: no change but validation data is allowed after it.
    assert firma.docmdp_level == MDPPerm.NO_CHANGES
    assert firma.sig_object["/SubFilter"] == "/ETSI.CAdES.detached"
    # B-T: an RFC 3161 timestamp from the (local) TSA, itself valid and trusted.
    assert estado.timestamp_validity is not None
    assert estado.timestamp_validity.valid and estado.timestamp_validity.trusted
    # B-LT: the chain's revocation data (the root's CRL) in the DSS.
    assert DocumentSecurityStore.read_dss(lector).crls
    assert constancia.firma["nivel"] == "B-LT"
    assert constancia.firma["demostracion"] is True
    assert "Secretaría de Planeación" in constancia.firma["firmante"]
    assert constancia.firma["sellado_en"]


@pytest.mark.django_db
def test_pypdf_sigue_leyendo_el_texto_y_las_paginas(constancia):
    lector = PdfReader(BytesIO(_contenido(constancia)))
    texto = "".join(pagina.extract_text() for pagina in lector.pages)
    assert "CONSTANCIA DE RADICACIÓN" in texto
    assert constancia.solicitud.radicado in texto
    assert constancia.codigo_verificacion in texto
    assert len(lector.pages) == constancia.paginas


@pytest.mark.django_db
def test_el_archivo_guardado_es_el_render_sin_firmar_mas_la_firma(constancia):
    sin_firmar = renderer_para(constancia).render()
    assert sin_firmar == renderer_para(constancia).render()
    assert _contenido(constancia).startswith(sin_firmar)


@pytest.mark.django_db
def test_un_registro_guardado_no_se_vuelve_a_firmar(constancia):
    antes = _contenido(constancia)
    assert generar_documento(constancia.pk) is False
    procesar_solicitud(constancia.solicitud_id)
    constancia.refresh_from_db()
    assert _contenido(constancia) == antes
    assert constancia.sha256 == hashlib.sha256(antes).hexdigest()


@pytest.mark.django_db
def test_la_firma_del_archivo_guardado_se_revisa_en_palabras(constancia):
    revision = revisar_firmas(_contenido(constancia))
    assert revision.veredicto == Veredicto.VALIDA
    firma = revision.firma
    assert firma.intacta and firma.sin_cambios and firma.confiable
    assert firma.certificada and firma.demostracion
    assert firma.sello_presente and firma.sellado_en is not None
    assert firma.entidad == "Gobernación de Santander"
    assert firma.nivel == "B-LT"


@pytest.mark.django_db
def test_un_byte_cambiado_rompe_la_firma(constancia, pki_de_prueba):
    alterado = un_byte_cambiado(_contenido(constancia))
    assert revisar_firmas(alterado).veredicto == Veredicto.INVALIDA
    # pyHanko's own verdict agrees.
    (firma,) = PdfFileReader(BytesIO(alterado)).embedded_signatures
    raiz = load_cert_from_pemder(str(pki_de_prueba.raiz))
    estado = sin_bucle(
        lambda: validate_pdf_signature(firma, ValidationContext(trust_roots=[raiz]))
    )
    assert not estado.intact and not estado.bottom_line


@pytest.mark.django_db
def test_un_cambio_agregado_despues_de_firmar_se_detecta(constancia):
    revision = revisar_firmas(con_cambio_agregado(_contenido(constancia)))
    assert revision.firma.intacta  # the signed bytes are still there…
    assert revision.veredicto == Veredicto.MODIFICADA  # …but something was added


def test_una_cadena_que_el_sitio_no_reconoce_se_dice_asi(tmp_path, settings):
    """A PDF signed, with a timestamp and all, by another CA."""
    ajeno = firmado_por_otra_autoridad(_pdf_simple(), settings, tmp_path / "otra")
    revision = revisar_firmas(ajeno)
    assert revision.firma.intacta and revision.firma.sin_cambios
    assert not revision.firma.confiable
    assert revision.veredicto == Veredicto.NO_CONFIABLE


def test_un_pdf_sin_firma_y_uno_ilegible():
    assert revisar_firmas(_pdf_simple()).veredicto == Veredicto.SIN_FIRMA
    assert revisar_firmas(b"%PDF-1.7\n basura").veredicto == Veredicto.ILEGIBLE


@pytest.mark.django_db
def test_sin_certificado_el_registro_queda_pendiente(
    usuario_municipal, version_vigente, settings
):
    de_la_sesion = settings.FIRMA_DEMO
    settings.FIRMA_DEMO = ""
    solicitud = radicar(usuario_municipal)
    with pytest.raises(FirmaNoConfigurada):
        generar_documento(
            solicitud.documentos.get(tipo=TipoDocumento.CONSTANCIA_RADICACION).pk
        )
    resumen = procesar_solicitud(solicitud.pk)
    assert resumen.documentos_fallidos == 1
    constancia = solicitud.documentos.get(tipo=TipoDocumento.CONSTANCIA_RADICACION)
    assert not constancia.archivo and constancia.firma is None
    settings.FIRMA_DEMO = de_la_sesion
    assert procesar_solicitud(solicitud.pk).documentos_generados == 1
    constancia.refresh_from_db()
    assert revisar_firmas(_contenido(constancia)).valida


def _pdf_simple() -> bytes:
    from tests.factories import pdf_de_prueba

    return pdf_de_prueba()


@pytest.mark.django_db
def test_el_oficio_de_respuesta_lleva_la_firma_visible_sobre_su_linea(
    usuario_municipal, personal
):
    """The reply letter prints the entity's signature line: the signature's
    widget sits over it, on its page, with the signer and Bogotá's time; the
    other records keep an invisible field."""
    # 23:30 in Bogotá is already the next day in UTC.
    with time_machine.travel(
        datetime.datetime(2026, 12, 8, 4, 30, tzinfo=datetime.UTC), tick=True
    ):
        solicitud = llevar_a(radicar(usuario_municipal), 4, personal)
        procesar_solicitud(solicitud.pk)
    oficio = solicitud.documentos.get(tipo=TipoDocumento.OFICIO_RESPUESTA)
    contenido = _contenido(oficio)
    assert revisar_firmas(contenido).veredicto == Veredicto.VALIDA
    lector = PdfReader(BytesIO(contenido))
    ((numero, widget),) = [
        (numero, anotacion.get_object())
        for numero, pagina in enumerate(lector.pages)
        for anotacion in pagina.get("/Annots", [])
        if anotacion.get_object().get("/FT") == "/Sig"
    ]
    x1, y1, x2, y2 = (float(v) for v in widget["/Rect"])
    assert x2 - x1 > 150 and y2 - y1 > 20  # visible, not a zero box
    pagina = lector.pages[numero]
    # The box is just over the printed rule and the signer's name.
    posiciones = []
    pagina.extract_text(
        visitor_text=lambda texto, cm, tm, *_: posiciones.append(
            (texto, tm[4] * cm[1] + tm[5] * cm[3] + cm[5])  # y on the page
        )
    )
    (y_nombre,) = [y for texto, y in posiciones if oficio.datos["firmante"] in texto]
    assert 0 < y1 - y_nombre < 40
    # The stamp's appearance says who signed and when, in Bogotá's time.
    forma = widget["/AP"]["/N"].get_object()
    apariencia = "\n".join(
        str(operandos[0])
        for operandos, operador in ContentStream(forma, lector).operations
        if operador == b"Tj"
    )
    assert apariencia.startswith("Firmado digitalmente por\nSecretaría de Planeación")
    assert "07/12/2026 23:3" in apariencia and "(hora de Colombia)" in apariencia
    # Another record, the receipt, has no visible signature.
    constancia = solicitud.documentos.get(tipo=TipoDocumento.CONSTANCIA_RADICACION)
    (campo,) = [
        anotacion.get_object()
        for pagina in PdfReader(BytesIO(_contenido(constancia))).pages
        for anotacion in pagina.get("/Annots", [])
        if anotacion.get_object().get("/FT") == "/Sig"
    ]
    assert [float(v) for v in campo["/Rect"]] == [0, 0, 0, 0]
