"""The constancia de radicación, as the municipality receives it: the PDF's text
read back with pypdf, and the e-mail it comes attached to.

Every test files through ``solicitud_radicar``, the one entry point, and runs the
after-commit work as a real request would (``django_capture_on_commit_callbacks``).
Extracted text wraps wherever a cell is narrow, so texts are compared with all
whitespace removed on both sides (``_plano``).
"""

import datetime
import hashlib
import re
from io import BytesIO

import pytest
from pypdf import PdfReader

from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from expedientes.constants import TipoDocumento
from expedientes.models import Documento
from expedientes.pdf import ConstanciaRenderer, renderer_para
from expedientes.services import DatosSolicitud, solicitud_radicar
from procedimientos.models import VersionProcedimiento
from tests.factories import pdf_de_prueba

PAGINA = re.compile(r"PÁGINA\s*(\d+)\s*de\s*(\d+)")
HOSTIL = "<script>alert('x')</script> Cía & Hnos. x < y"

DATOS = DatosSolicitud(
    nombre_solicitante="Laura Rincón Ardila",
    cargo_solicitante="Secretaria de Planeación municipal",
    correo_solicitante="laura.rincon@bucaramanga.gov.co",
    telefono_solicitante="607 633 7000",
    plan_vigente="POT",
    tipo_solicitud="otra",
    tipo_solicitud_otra="Concepto sobre la delimitación del perímetro urbano",
    asunto="Asesoría para la revisión del perímetro urbano del POT",
    descripcion="Solicitamos asesoría técnica.",
)


def _plano(texto: str) -> str:
    return re.sub(r"\s+", "", texto)


def _paginas(contenido: bytes) -> list[str]:
    return [pagina.extract_text() for pagina in PdfReader(BytesIO(contenido)).pages]


def _pdf(nombre: str, paginas: int = 1) -> SimpleUploadedFile:
    return SimpleUploadedFile(nombre, pdf_de_prueba(paginas), "application/pdf")


@pytest.fixture
def radicar(
    usuario_municipal, municipio, version_vigente, django_capture_on_commit_callbacks
):
    """File a request as the portal does; the after-commit work runs on exit."""

    def radicar(datos=DATOS, anexos=()):
        with django_capture_on_commit_callbacks(execute=True):
            solicitud, codigo = solicitud_radicar(
                actor=usuario_municipal,
                municipio=municipio,
                datos=datos,
                oficio=_pdf("oficio.pdf"),
                anexos=list(anexos),
                acepta_tratamiento_datos=True,
            )
        return solicitud, codigo

    return radicar


def _constancia(solicitud) -> Documento:
    return solicitud.documentos.get(tipo=TipoDocumento.CONSTANCIA_RADICACION)


def _leer(documento: Documento) -> bytes:
    with documento.archivo.open("rb") as archivo:
        return archivo.read()


@pytest.fixture
def viernes_antes_de_san_jose(monkeypatch):
    """Friday 20 March 2026, 22:15 in Bogotá: already Saturday 03:15 in UTC."""
    instante = datetime.datetime(2026, 3, 21, 3, 15, tzinfo=datetime.UTC)
    monkeypatch.setattr(timezone, "now", lambda: instante)
    return instante


def test_la_constancia_queda_guardada_con_su_huella_y_sus_paginas(radicar):
    solicitud, _codigo = radicar()
    constancia = _constancia(solicitud)

    assert constancia.generado
    contenido = _leer(constancia)
    assert contenido.startswith(b"%PDF-")
    assert constancia.sha256 == hashlib.sha256(contenido).hexdigest()
    assert constancia.paginas == len(PdfReader(BytesIO(contenido)).pages) == 1
    assert constancia.tamano == len(contenido)
    assert constancia.nombre_original == f"constancia-{solicitud.radicado}.pdf"
    assert solicitud.radicado not in constancia.archivo.name.rsplit("/", 1)[-1]


def test_la_constancia_dice_lo_que_se_radico(radicar, viernes_antes_de_san_jose):
    solicitud, codigo = radicar(anexos=[_pdf("cartografía.pdf", paginas=3)])
    paginas = _paginas(_leer(_constancia(solicitud)))
    texto = _plano("".join(paginas))

    esperados = [
        "CONSTANCIA DE RADICACIÓN",
        "SP-2026-000001",
        # Bogotá time, not UTC (21/03/2026 03:15).
        "20/03/2026 22:15",
        "Ventanilla electrónica",
        "Bucaramanga (DIVIPOLA 68001)",
        "Laura Rincón Ardila",
        "Secretaria de Planeación municipal",
        "laura.rincon@bucaramanga.gov.co",
        "607 633 7000",
        "POT · Plan de ordenamiento territorial",
        "Otra: Concepto sobre la delimitación del perímetro urbano",
        "Asesoría para la revisión del perímetro urbano del POT",
        # Friday 20 March + 15 días hábiles, skipping San José (Monday 23 March)
        # and Semana Santa (2 and 3 April).
        "15/04/2026",
        "15 días hábiles",
        "oficio.pdf",
        "cartografía.pdf",
        "/consulta/",
        f"/solicitudes/{solicitud.radicado}/",
    ]
    assert [e for e in esperados if _plano(e) not in texto] == []
    subidos = solicitud.documentos.exclude(tipo=TipoDocumento.CONSTANCIA_RADICACION)
    assert len(subidos) == 2
    for documento in subidos:
        assert documento.sha256 in texto
    # The access code is shown once on screen; never on paper.
    assert _plano(codigo) not in texto
    assert codigo.replace("-", "") not in texto


def test_el_encabezado_oficial_en_cada_pagina_con_la_version_del_caso(
    radicar, version_vigente
):
    anexos = [_pdf(f"anexo-{n:02d}.pdf") for n in range(40)]
    solicitud, _codigo = radicar(anexos=anexos)
    paginas = _paginas(_leer(_constancia(solicitud)))

    total = len(paginas)
    assert total >= 2
    assert _constancia(solicitud).paginas == total
    for numero, texto in enumerate(paginas, start=1):
        plano = _plano(texto)
        assert "ES-PE-PR-31" in plano, numero
        assert _plano(f"VERSIÓN {version_vigente.numero}") in plano, numero
        assert "GobernacióndeSantander" in plano, numero
        assert PAGINA.findall(texto) == [(str(numero), str(total))], numero
    # The table of files continues on the next page with its column headings.
    assert "HUELLASHA-256" in _plano(paginas[-1])
    assert "anexo-39.pdf" in _plano(paginas[-1])


def test_el_texto_del_usuario_se_imprime_literalmente(radicar):
    datos = DatosSolicitud(
        **{
            **DATOS.__dict__,
            "nombre_solicitante": f"Ana <b>Pérez</b> & {HOSTIL}",
            "cargo_solicitante": "Jefe <i>&amp;</i>",
            "asunto": f"Asunto {HOSTIL}",
            "tipo_solicitud_otra": "<otra> & más",
        }
    )
    solicitud, _codigo = radicar(datos=datos)
    constancia = _constancia(solicitud)
    assert constancia.generado  # a raw "<" would have stopped reportlab
    texto = _plano("".join(_paginas(_leer(constancia))))

    for literal in (
        f"Ana <b>Pérez</b> & {HOSTIL}",
        "Jefe <i>&amp;</i>",
        f"Asunto {HOSTIL}",
        "<otra> & más",
    ):
        assert _plano(literal) in texto


def test_la_constancia_trae_la_descripcion_de_la_solicitud(radicar):
    """What the municipality wrote it asks for is on its receipt, however long
    (the form takes 4,000 characters: rows that go on across pages), literally."""
    palabras = " ".join(f"punto{n:03d}" for n in range(450))
    descripcion = f"Revisar el perímetro urbano {HOSTIL}\nSegundo párrafo. {palabras}"
    descripcion = descripcion[:4000]
    datos = DatosSolicitud(**{**DATOS.__dict__, "descripcion": descripcion})
    solicitud, _codigo = radicar(datos=datos)
    paginas = _paginas(_leer(_constancia(solicitud)))
    texto = _plano("".join(paginas))
    assert "DESCRIPCIÓN" in texto
    assert _plano(f"Revisar el perímetro urbano {HOSTIL}Segundo párrafo.") in texto
    # Every word once and in order, across the page break.
    assert re.findall(r"punto\d{3}", texto) == re.findall(r"punto\d{3}", descripcion)
    assert len(paginas) >= 2
    assert PAGINA.findall(paginas[-1]) == [(str(len(paginas)),) * 2]


def test_el_correo_en_espanol_al_solicitante_con_la_constancia(radicar):
    solicitud, codigo = radicar()

    assert len(mail.outbox) == 1
    [correo] = mail.outbox
    assert correo.to == ["laura.rincon@bucaramanga.gov.co"]
    assert correo.subject == f"Solicitud radicada: {solicitud.radicado}"
    assert "Señor(a) Laura Rincón Ardila" in correo.body
    assert "radicó su solicitud" in correo.body
    assert "Adjuntamos la constancia de radicación" in correo.body
    assert codigo not in correo.body
    [(nombre, contenido, tipo)] = correo.attachments
    assert (nombre, tipo) == (f"constancia-{solicitud.radicado}.pdf", "application/pdf")
    assert contenido == _leer(_constancia(solicitud))
    adjunto = _plano("".join(_paginas(contenido)))
    assert solicitud.radicado in adjunto
    assert "CONSTANCIADERADICACIÓN" in adjunto


def test_una_constancia_es_una_copia_no_cambia_con_el_caso(
    radicar, municipio, version_vigente
):
    """Decision 9: re-rendering reads the snapshot, not the live request."""
    solicitud, _codigo = radicar()
    constancia = _constancia(solicitud)
    original = _leer(constancia)

    solicitud.asunto = "Otro asunto, editado después"
    solicitud.nombre_solicitante = "Otra persona"
    solicitud.fecha_limite = datetime.date(2030, 1, 1)
    solicitud.save()
    municipio.nombre = "Nombre cambiado"
    municipio.save()
    # A newer version of the procedure enters into force after the filing.
    procedimiento = version_vigente.procedimiento
    VersionProcedimiento.objects.create(
        procedimiento=procedimiento,
        numero=version_vigente.numero + 1,
        fecha_aprobacion=datetime.date(2027, 1, 15),
        contenido=version_vigente.contenido,
    )
    procedimiento.title = "Título nuevo del procedimiento"
    procedimiento.save()

    de_nuevo = renderer_para(Documento.objects.get(pk=constancia.pk)).render()
    assert _paginas(de_nuevo) == _paginas(original)
    # Same snapshot, same bytes: the stored file is this render, signed once (the
    # signature appended), and its SHA-256 is the signed file's.
    assert original.startswith(de_nuevo)
    assert hashlib.sha256(original).hexdigest() == constancia.sha256
    texto = _plano("".join(_paginas(de_nuevo)))
    assert "Otroasunto" not in texto
    assert "Nombrecambiado" not in texto
    assert _plano(f"VERSIÓN {version_vigente.numero}") in texto


def test_el_renderizador_solo_lee_la_copia(radicar, django_assert_num_queries):
    """Given a Documento in memory, no query: the snapshot has the entity's lines."""
    solicitud, _codigo = radicar()
    constancia = Documento.objects.get(pk=_constancia(solicitud).pk)
    with django_assert_num_queries(0):
        contenido = ConstanciaRenderer(constancia).render()
    assert solicitud.radicado in _plano("".join(_paginas(contenido)))


def test_la_constancia_lleva_su_codigo_de_verificacion_y_su_qr(radicar):
    solicitud, _codigo = radicar()
    constancia = _constancia(solicitud)
    codigo = constancia.codigo_verificacion
    assert codigo
    assert constancia.datos["codigo_verificacion"] == codigo
    paginas = _paginas(_leer(constancia))
    for texto in paginas:
        plano = _plano(texto)
        assert _plano(f"Código de verificación {codigo}") in plano
        assert f"/verificar/{codigo}/" in plano
    assert _plano(f"CÓDIGO DE VERIFICACIÓN {codigo}") in _plano(paginas[0])
    renderer = renderer_para(constancia)
    assert renderer.qr.value.endswith(f"/verificar/{codigo}/")
