"""``manage.py verificar_integridad`` validates every stored signature too: a
record swapped together with its recorded SHA-256 is still found."""

import hashlib
import io

import pytest

from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.management import CommandError, call_command

from expedientes.constants import TipoDocumento
from expedientes.pdf import renderer_para
from expedientes.tasks import procesar_solicitud
from tests.casos import radicar
from tests.firmas import firmado_por_otra_autoridad, un_byte_cambiado

pytestmark = pytest.mark.django_db


def _correr() -> tuple[str, str]:
    salida, errores = io.StringIO(), io.StringIO()
    call_command("verificar_integridad", stdout=salida, stderr=errores)
    return salida.getvalue(), errores.getvalue()


@pytest.fixture
def constancia(usuario_municipal, version_vigente):
    solicitud = radicar(usuario_municipal)
    procesar_solicitud(solicitud.pk)
    return solicitud.documentos.get(tipo=TipoDocumento.CONSTANCIA_RADICACION)


def _reemplazar(documento, contenido: bytes) -> None:
    """The file and its recorded SHA-256 both replaced (who can write both)."""
    almacen = storages["privado"]
    almacen.delete(documento.archivo.name)
    almacen.save(documento.archivo.name, ContentFile(contenido))
    documento.sha256 = hashlib.sha256(contenido).hexdigest()
    documento.tamano = len(contenido)
    documento.save()


def test_las_firmas_intactas_se_cuentan(constancia):
    salida, errores = _correr()
    assert "con problemas: 0." in salida
    assert "Firmas digitales validadas: 1." in salida  # the oficio is a scan
    assert errores == ""


def test_un_registro_cambiado_junto_con_su_huella_falla_por_su_firma(constancia):
    with constancia.archivo.open("rb") as archivo:
        _reemplazar(constancia, un_byte_cambiado(archivo.read()))
    with pytest.raises(CommandError, match="1 archivo"):
        _correr()
    errores = io.StringIO()
    with pytest.raises(CommandError):
        call_command("verificar_integridad", stdout=io.StringIO(), stderr=errores)
    assert f"documento {constancia.pk}" in errores.getvalue()
    assert "no corresponde al contenido" in errores.getvalue()


def test_un_registro_firmado_por_otra_autoridad_falla(constancia, settings, tmp_path):
    render = renderer_para(constancia).render()
    _reemplazar(constancia, firmado_por_otra_autoridad(render, settings, tmp_path))
    errores = io.StringIO()
    with pytest.raises(CommandError):
        call_command("verificar_integridad", stdout=io.StringIO(), stderr=errores)
    assert "la cadena del certificado no es de confianza" in errores.getvalue()
