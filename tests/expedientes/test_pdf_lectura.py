"""Every PDF of a case as a person reads it (issue 13, "PDFs as a person reads
them"): no heading cut mid-word, no e-mail address cut mid-word, no last page
with nothing but the verification note, and the file's own dates (CreationDate,
ModDate) those of the document.

One case is walked through the six activities by the real services and archived;
its records are rendered by the after-commit work, and the FUID, the hoja de
acceso and the working copy of the hoja de control are built from it as the
admin builds them. The checks themselves are in ``tests/lectura_pdf.py``.
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
import re
from collections.abc import Callable
from io import BytesIO
from typing import Any

import pytest
from pypdf import PdfReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph, Table

from django.utils import timezone

from expedientes.constants import TipoDocumento
from expedientes.models import Documento
from expedientes.pdf import RENDERERS, renderer_para
from expedientes.pdf.fuid import FuidRenderer
from expedientes.pdf.hoja_acceso import HojaAcceso, HojaAccesoRenderer
from expedientes.pdf.hoja_control import HojaControlRenderer
from expedientes.registros import REGISTROS, Constancia
from expedientes.services import DatosFuid, fuid_construir, hoja_control_borrador
from expedientes.services.archivo import archivos_para_fuid
from expedientes.tasks import procesar_solicitud
from procedimientos.pdf.base import FUENTE
from procedimientos.pdf.maquetacion import cortes_de_correo
from tests.casos import archivar, llevar_a, radicar
from tests.lectura_pdf import paginas, palabras_partidas, ultima_pagina_sola

pytestmark = pytest.mark.django_db

#: A real municipality's address, longer than the CORREO ELECTRÓNICO cell.
CORREO = "secretaria.planeacion.municipal@sanvicentedechucuri-santander.gov.co"


@pytest.fixture
def caso(usuario_municipal, personal, django_capture_on_commit_callbacks):
    """A case through every activity, archived, every record rendered."""
    with django_capture_on_commit_callbacks(execute=True):
        solicitud = llevar_a(
            radicar(usuario_municipal, correo_solicitante=CORREO), 6, personal
        )
        solicitud = archivar(solicitud, personal)
    resumen = procesar_solicitud(solicitud.pk)
    assert resumen.documentos_fallidos == 0
    return solicitud


def _registros(caso) -> list[Documento]:
    return list(
        Documento.objects.filter(solicitud=caso, datos__isnull=False).order_by("pk")
    )


def _renderers(caso, personal) -> dict[str, Callable[[], Any]]:
    """A maker of a fresh renderer of every document the case prints."""
    crear: dict[str, Callable[[], Any]] = {
        d.tipo: functools.partial(renderer_para, d) for d in _registros(caso)
    }
    assert set(crear) == set(RENDERERS)
    fuid = fuid_construir(
        archivos_para_fuid([caso.archivo.pk]),
        actor=personal["archivo"],
        datos=DatosFuid(numero_transferencia="T-2027-01", lugar="Bucaramanga"),
    )
    crear["fuid"] = functools.partial(FuidRenderer, fuid)
    constancia = Constancia.desde_json(
        caso.documentos.get(tipo=TipoDocumento.CONSTANCIA_RADICACION).datos
    )
    hoja_acceso = HojaAcceso.desde_constancia(
        constancia,
        codigo_acceso="ABCD-EFGH-JKLM",
        url_consulta="https://planeacion.example/consulta/",
    )
    crear["hoja_acceso"] = functools.partial(
        HojaAccesoRenderer.desde_registro, hoja_acceso
    )
    copia = hoja_control_borrador(caso, actor=personal["archivo"])
    crear["copia_de_trabajo"] = functools.partial(
        HojaControlRenderer.desde_registro, copia
    )
    return crear


def test_ninguna_celda_parte_una_palabra(caso, personal):
    """Every heading, label and value of every table of every document fits its
    cell word by word (``palabras_partidas``); the two the issue names read
    whole when the PDF is read back."""
    crear = _renderers(caso, personal)
    partidas = {tipo: palabras_partidas(hacer()) for tipo, hacer in crear.items()}
    assert partidas == dict.fromkeys(crear, [])
    for tipo, palabra in (
        ("fuid", "NÚMERO"),
        (TipoDocumento.PLANILLA_ASESORIAS, "COMPROMISOS"),
    ):
        texto = "\n".join(paginas(crear[tipo]().render()))
        assert palabra in texto.split(), tipo


def test_la_revision_encuentra_un_encabezado_partido(caso, personal):
    """The check fails on what the issue saw: the FUID's NÚMERO DE FOLIOS column
    as narrow as it was."""
    crear = _renderers(caso, personal)
    renderer = crear["fuid"]()
    angosto = list(renderer.anchos)
    angosto[9] = 0.05 * renderer.ancho_util
    renderer.anchos = angosto
    assert any("'NÚMERO'" in p for p in palabras_partidas(renderer))


def test_el_correo_se_parte_solo_tras_la_arroba_o_antes_de_un_punto(caso):
    """The receipt and the internal registry print the requester's long address
    in a narrow cell: broken only where an address may break."""
    patron = ""
    for letra in CORREO:
        if letra == ".":
            patron += r"\s*\."
        elif letra == "@":
            patron += r"@\s*"
        else:
            patron += re.escape(letra)
    permitido = re.compile(patron)
    for tipo in (TipoDocumento.CONSTANCIA_RADICACION, TipoDocumento.REGISTRO_INTERNO):
        documento = caso.documentos.get(tipo=tipo)
        with documento.archivo.open("rb") as archivo:
            texto = "\n".join(paginas(archivo.read()))
        encontrado = permitido.search(texto)
        assert encontrado, tipo
        assert re.sub(r"\s+", "", encontrado.group(0)) == CORREO
        # It did not fit on one line: it is broken, at those points only.
        assert "\n" in encontrado.group(0), tipo


@pytest.mark.parametrize(
    ("correo", "ancho", "lineas"),
    [
        ("laura.rincon@bucaramanga.gov.co", 200, ["laura.rincon@bucaramanga.gov.co"]),
        (
            "laura.rincon@bucaramanga.gov.co",
            90,
            ["laura.rincon@", "bucaramanga.gov.co"],
        ),
        (
            CORREO,
            150,
            [
                "secretaria.planeacion.municipal@",
                "sanvicentedechucuri-santander",
                ".gov.co",
            ],
        ),
    ],
)
def test_cortes_de_correo(correo, ancho, lineas):
    """After "@" first, then before a dot; never inside a word."""
    assert cortes_de_correo(correo, ancho, FUENTE, 8.5) == (lineas, 8.5)


def test_un_correo_sin_cortes_posibles_se_achica():
    partes, tamano = cortes_de_correo("a" * 40 + "@x.co", 60, FUENTE, 8.5)
    assert partes[0] == "a" * 40 + "@" and tamano < 8.5
    assert stringWidth(partes[0], FUENTE, tamano) <= 60


def _letra_menuda(renderer) -> list[str]:
    """The small print of a story (how to verify, who drew it up): what a last
    page must not hold alone."""
    nombre = renderer.estilo_nota.name
    encontrados: list[str] = []
    pendientes: list[object] = [renderer.get_story()]
    while pendientes:
        actual = pendientes.pop()
        if isinstance(actual, Paragraph):
            if actual.style.name == nombre:
                encontrados.append(actual.getPlainText())
        elif isinstance(actual, Table):
            pendientes += [c for fila in actual._cellvalues for c in fila]
        elif isinstance(actual, list | tuple):
            pendientes += list(actual)
        elif hasattr(actual, "_content"):
            pendientes += list(actual._content)
    return encontrados


def test_ninguna_ultima_pagina_tiene_solo_la_nota(caso, personal):
    """Pushed down to where each record first needs one more page, that page
    still holds some of the record (the last rows of a table, the closing of a
    letter, the signatures), not just the note on how to verify it."""
    crear = _renderers(caso, personal)
    for tipo in [*RENDERERS, "copia_de_trabajo"]:
        hacer = crear[tipo]
        assert ultima_pagina_sola(hacer, _letra_menuda(hacer())), tipo


def test_la_fecha_del_pdf_es_la_de_expedicion(caso, personal):
    """CreationDate and ModDate are the moment of issue in the snapshot, in
    Bogotá's time (-05'00'), not reportlab's 1 January 2000 nor the clock; the
    same snapshot still gives the same bytes, another moment another date."""
    crear = _renderers(caso, personal)
    for tipo, hacer in crear.items():
        renderer = hacer()
        momento = renderer.get_fecha()
        contenido = renderer.render()
        info = PdfReader(BytesIO(contenido)).metadata
        esperado = timezone.localtime(momento).strftime("D:%Y%m%d%H%M%S-05'00'")
        assert info["/CreationDate"] == info["/ModDate"] == esperado, tipo
        assert info.creation_date == momento.replace(microsecond=0), tipo
        assert hacer().render() == contenido, tipo

    documento = caso.documentos.get(tipo=TipoDocumento.OFICIO_RESPUESTA)
    registro = REGISTROS[documento.tipo].desde_json(documento.datos)
    # 23:30 in Bogotá is already the next day in UTC: the date is Bogotá's.
    despues = datetime.datetime(2026, 12, 9, 4, 30, tzinfo=datetime.UTC)
    otro = dataclasses.replace(
        registro, comun=dataclasses.replace(registro.comun, emitido_en=despues)
    )
    contenido = RENDERERS[documento.tipo].desde_registro(otro).render()
    info = PdfReader(BytesIO(contenido)).metadata
    assert info["/CreationDate"] == "D:20261208233000-05'00'"
