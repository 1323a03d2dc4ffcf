"""The unit of conservation printed once (issue 13): "Caja 12" typed in the box
"Caja" is stored as "12", so the case page, the hoja de control and the FUID say
"Caja 12", not "Caja Caja 12"; a row stored before says it once as well."""

import io

import pytest
from pypdf import PdfReader

from expedientes.constants import TipoDocumento
from expedientes.models import ArchivoExpediente, Documento
from expedientes.models.actividades import sin_nombre_de_unidad
from expedientes.services import DatosFuid, fuid_construir
from tests.casos import archivar, radicar
from tests.utils import texto_visible

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("campo", "escrito", "guardado"),
    [
        ("caja", "Caja 12", "12"),
        ("caja", "caja N.° 12", "12"),
        ("caja", "CAJA: 3", "3"),
        ("caja", "Caja No. 5", "5"),
        ("caja", "Caja #2", "2"),
        ("caja", "Cajas 1-3", "1-3"),
        ("carpeta", "Carpeta nº 4", "4"),
        ("tomo", "Tomo II", "II"),
        # Not the unit's name: kept as typed.
        ("caja", "12", "12"),
        ("caja", "Caja nueve", "nueve"),
        ("caja", "Cajamarca 3", "Cajamarca 3"),
        ("caja", "Caja", "Caja"),
        ("otro", "Otro disco 2", "Otro disco 2"),
    ],
)
def test_el_nombre_de_la_unidad_no_se_guarda_con_su_numero(campo, escrito, guardado):
    assert sin_nombre_de_unidad(campo, escrito) == guardado


def test_caja_y_carpeta_se_imprimen_una_vez(
    client, usuario_municipal, personal, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        caso = archivar(
            radicar(usuario_municipal),
            personal,
            caja="Caja 12",
            carpeta="Carpeta N.° 3",
        )
    archivo = ArchivoExpediente.objects.get(solicitud=caso)
    assert (archivo.caja, archivo.carpeta) == ("12", "3")
    assert archivo.unidad_conservacion == "Caja 12 · Carpeta 3"

    client.force_login(personal["archivo"])
    texto = texto_visible(client.get(f"/admin/solicitudes/inspect/{caso.pk}/").content)
    assert "Caja 12 · Carpeta 3" in texto
    assert "Caja Caja" not in texto and "Carpeta Carpeta" not in texto

    hoja = Documento.objects.get(solicitud=caso, tipo=TipoDocumento.HOJA_CONTROL)
    with hoja.archivo.open("rb") as f:
        leida = " ".join(
            p.extract_text() for p in PdfReader(io.BytesIO(f.read())).pages
        )
    assert "Caja 12" in leida and "Caja Caja" not in leida

    fuid = fuid_construir([archivo], actor=personal["archivo"], datos=DatosFuid())
    assert (fuid.filas[0].caja, fuid.filas[0].carpeta) == ("12", "3")


def test_una_unidad_guardada_con_su_nombre_se_imprime_una_vez():
    archivo = ArchivoExpediente(caja="Caja 12", carpeta="3", tomo="tomo 1")
    assert archivo.unidad_conservacion == "Caja 12 · Carpeta 3 · tomo 1"
