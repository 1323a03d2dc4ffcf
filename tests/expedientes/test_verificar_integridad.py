"""``manage.py verificar_integridad`` finds a changed or missing file and exits
non-zero; on an intact file set it says so and exits 0."""

import io

import pytest

from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.management import CommandError, call_command

from expedientes.models import Documento
from tests.casos import radicar

pytestmark = pytest.mark.django_db


def _correr() -> tuple[str, str]:
    salida, errores = io.StringIO(), io.StringIO()
    call_command("verificar_integridad", stdout=salida, stderr=errores)
    return salida.getvalue(), errores.getvalue()


def test_archivos_intactos(usuario_municipal, version_vigente):
    radicar(usuario_municipal)
    salida, errores = _correr()
    assert "Archivos revisados: 1; con problemas: 0." in salida
    assert errores == ""


def test_un_archivo_alterado_o_ausente_se_reporta_y_falla(
    usuario_municipal, version_vigente
):
    solicitud = radicar(usuario_municipal)
    radicar(usuario_municipal)
    oficio, otro = Documento.objects.exclude(archivo="").order_by("pk")
    almacen = storages["privado"]
    almacen.delete(oficio.archivo.name)
    almacen.save(oficio.archivo.name, ContentFile(b"%PDF-1.4 otro contenido"))
    almacen.delete(otro.archivo.name)
    with pytest.raises(CommandError, match="2 archivo"):
        _correr()
    errores = io.StringIO()
    with pytest.raises(CommandError):
        call_command("verificar_integridad", stdout=io.StringIO(), stderr=errores)
    texto = errores.getvalue()
    assert f"{solicitud.radicado} · documento {oficio.pk}" in texto
    assert "SHA-256 esperado" in texto
    assert "falta el archivo" in texto
