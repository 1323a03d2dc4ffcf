"""Fuzzing the bounds of issue 14 (hypothesis, with the settings of
tests/portal/test_fuzz_formularios.py: bounded, derandomized).

- ``ArchivosAcotadosMixin``: whatever files a body carries, under whatever names,
  the form refuses by count exactly when there are more than it takes, and then
  reads none of them; otherwise every PDF of it ends inspected (accepted or
  refused), none left unjudged.
- The child process: batches of damaged, cut, padded and hostile PDFs always come
  back with one verdict per file, in order, and the child never crashes (a crash
  is logged as an error: there is none).
"""

from __future__ import annotations

import logging

import pytest
from hypothesis import given
from hypothesis import strategies as st

from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.datastructures import MultiValueDict

from expedientes.forms import ArchivosAcotadosMixin, VariosPDFField
from expedientes.subidas import inspeccionar_juntos
from tests import pdf_hostiles
from tests.factories import pdf_de_prueba
from tests.portal.test_fuzz_formularios import AJUSTES

PDF = pdf_de_prueba()


class FormDePrueba(ArchivosAcotadosMixin, forms.Form):
    """The shape of the filing: one file and a few more."""

    oficio = forms.FileField()
    anexos = VariosPDFField(required=False, max_archivos=3)


def archivo(nombre: str, contenido: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(nombre, contenido, "application/pdf")


#: Not PDFs: judged without a child (the fuzz stays fast); a real PDF sometimes.
contenidos = st.sampled_from([b"", b"hola", b"%PDF-", PDF])
claves = st.sampled_from(["oficio", "anexos", "otro", "anexos[]"])


@AJUSTES
@given(st.lists(st.tuples(claves, contenidos), max_size=9))
def test_el_formulario_cuenta_antes_de_leer(envio):
    archivos = MultiValueDict()
    for numero, (clave, contenido) in enumerate(envio):
        archivos.appendlist(clave, archivo(f"a{numero}.pdf", contenido))
    form = FormDePrueba({}, archivos)
    form.is_valid()
    todos = [a for clave in archivos for a in archivos.getlist(clave) if a]
    por_campo = {c: len([a for a in archivos.getlist(c) if a]) for c in archivos}
    de_mas = (
        por_campo.get("oficio", 0) > 1
        or por_campo.get("anexos", 0) > 3
        or len(todos) > 4
    )
    if de_mas:
        assert form.archivos_rechazados
        assert [e.code for e in form.errors.as_data().popitem()[1]] == ["demasiados"]
        assert not any(
            hasattr(a, "_info_pdf") or hasattr(a, "_error_pdf") for a in todos
        )
    else:
        assert "demasiados" not in str(form.errors.as_data())
        de_los_campos = [
            a for c in ("oficio", "anexos") for a in archivos.getlist(c) if a
        ]
        for pdf in de_los_campos:
            assert hasattr(pdf, "_info_pdf") != hasattr(pdf, "_error_pdf")
        assert form.archivos_rechazados == any(
            hasattr(a, "_error_pdf") for a in de_los_campos
        )


BASES = [
    PDF,
    pdf_de_prueba(paginas=3),
    pdf_hostiles.javascript_escondido(),
    pdf_hostiles.javascript_escondido(comprimido=True),
    pdf_hostiles.muchos_objetos_en_flujos(2_000),
    pdf_hostiles.bomba(inflado=2 * 1024 * 1024),
]
INSERCIONES = [
    b"/Java#53cript",
    b"<svg onload=x>",
    b"stream\n",
    b"endobj",
    b"/Count 99999",
    b"0 0 obj",
    b"\x00" * 32,
    b"/ObjStm /N 999999",
]


@st.composite
def pdf_danado(draw) -> bytes:
    datos = bytearray(draw(st.sampled_from(BASES)))
    for _ in range(draw(st.integers(0, 4))):
        posicion = draw(st.integers(0, len(datos)))
        accion = draw(st.sampled_from(["voltear", "cortar", "insertar", "borrar"]))
        if accion == "voltear" and posicion < len(datos):
            datos[posicion] ^= draw(st.integers(1, 255))
        elif accion == "cortar":
            del datos[max(5, posicion) :]
        elif accion == "insertar":
            datos[posicion:posicion] = draw(st.sampled_from(INSERCIONES))
        elif accion == "borrar":
            del datos[posicion : posicion + draw(st.integers(1, 200))]
    return bytes(datos)


@pytest.fixture
def registro(caplog):
    caplog.set_level(logging.INFO, logger="expedientes.subidas")
    return caplog


@AJUSTES
@given(st.lists(pdf_danado(), min_size=1, max_size=4))
def test_el_hijo_da_un_veredicto_por_archivo(registro, lote):
    registro.clear()
    archivos = [archivo(f"lote{n}.pdf", datos) for n, datos in enumerate(lote)]
    inspeccionar_juntos(archivos)
    for numero, subido in enumerate(archivos):
        assert hasattr(subido, "_info_pdf") != hasattr(subido, "_error_pdf")
        if hasattr(subido, "_error_pdf"):
            (mensaje,) = subido._error_pdf.messages
            assert f"«lote{numero}.pdf»" in mensaje
    refusals = [r for r in registro.records if "PDF rechazado" in r.getMessage()]
    assert len(refusals) == sum(hasattr(a, "_error_pdf") for a in archivos)
    assert not [r for r in registro.records if r.levelno >= logging.ERROR]
