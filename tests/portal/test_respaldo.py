"""manage.py respaldar / restaurar: the whole site back, row for row, file for file.

Real database (SQLite here, PostgreSQL with DATABASE_URL), the real services to
make the data, the real commands. Transactional: a restore empties tables and
commits, as it does on a new server.
"""

import datetime
import hashlib
import io
import json
import tarfile
from zoneinfo import ZoneInfo

import pytest
import time_machine
from pypdf import PdfReader

from django.apps import apps
from django.core import serializers
from django.core.files.storage import storages
from django.core.management import CommandError, call_command
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Collection, Page, Revision

from expedientes.constants import TipoDocumento
from expedientes.models import Documento, Solicitud
from informes.calendario import filas_esperadas
from informes.models import DiaCalendario
from portal.respaldo import (
    ALMACENES,
    EXCLUIDOS,
    MANIFIESTO,
    _comprobar_vacio,
    _listar,
)
from tests.casos import llevar_a, radicar

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def media(settings, tmp_path):
    """Wagtail's media on a folder of the test (case files stay in memory)."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "media", "base_url": "/media/"},
        },
    }
    return tmp_path / "media"


@pytest.fixture
def sitio(media, procedimiento, personal, usuario_municipal):
    """A site in use: the published procedure, two cases with their records, an
    image with a rendition."""
    en_curso = llevar_a(radicar(usuario_municipal), 4, personal)
    radicar(usuario_municipal, asunto="Ajuste del EOT")
    if not Collection.objects.exists():  # flushed by an earlier transactional test
        Collection.add_root(name="Root")
    imagen = Image.objects.create(title="Escudo", file=get_test_image_file())
    imagen.get_rendition("fill-40x40")
    return en_curso


def foto() -> tuple[dict, dict]:
    """Every row of every backed-up model, and every file's SHA-256, by storage."""
    filas = {
        modelo._meta.label: serializers.serialize(
            "python", modelo._base_manager.order_by("pk")
        )
        for modelo in apps.get_models()
        if modelo._meta.label not in EXCLUIDOS and not modelo._meta.proxy
    }
    archivos = {}
    for alias in ALMACENES:
        almacen = storages[alias]
        archivos[alias] = {}
        for nombre in _listar(almacen):
            with almacen.open(nombre, "rb") as archivo:
                archivos[alias][nombre] = hashlib.sha256(archivo.read()).hexdigest()
    return filas, archivos


def vaciar_sitio() -> None:
    """A new server: the tables as `migrate` leaves them, no files."""
    call_command("flush", interactive=False, verbosity=0)
    for alias in ALMACENES:
        for nombre in _listar(storages[alias]):
            storages[alias].delete(nombre)


def test_restaurar_reproduce_cada_caso_registro_y_archivo(sitio, tmp_path, client):
    antes = foto()
    documentos = {
        d.archivo.name: d.sha256 for d in Documento.objects.exclude(archivo="")
    }
    assert {
        TipoDocumento.OFICIO_SOLICITUD,
        TipoDocumento.CONSTANCIA_RADICACION,
    } <= set(Documento.objects.values_list("tipo", flat=True))
    assert len(documentos) >= 5 and len(antes[1]["default"]) >= 2
    procedimiento_url = Page.objects.get(slug="es-pe-pr-31").url

    archivo = tmp_path / "respaldo.tar"
    call_command("respaldar", str(archivo), verbosity=0)
    with tarfile.open(archivo) as tar:
        nombres = set(tar.getnames())
    assert MANIFIESTO in nombres and "datos.jsonl" in nombres
    assert {f"privado/{n}" for n in documentos} <= nombres

    vaciar_sitio()
    assert not Solicitud.objects.exists() and not Revision.objects.exists()
    call_command("restaurar", str(archivo), verbosity=0)

    despues = foto()
    assert despues[0] == antes[0]  # every row of every model, field for field
    assert despues[1] == antes[1]  # every file, byte for byte
    # Each case file still matches the digest its row recorded when it was stored.
    for nombre, sha256 in documentos.items():
        assert despues[1]["privado"][nombre] == sha256
    constancia = Documento.objects.get(
        solicitud=sitio, tipo=TipoDocumento.CONSTANCIA_RADICACION
    )
    with constancia.archivo.open("rb") as pdf:
        assert sitio.radicado in PdfReader(pdf).pages[0].extract_text()

    # The public procedure page renders from the restored pages and revisions,
    # and search finds it again (the index is rebuilt, not restored).
    respuesta = client.get(procedimiento_url)
    assert respuesta.status_code == 200
    assert "ES-PE-PR-31" in respuesta.content.decode()
    assert Page.objects.live().search("asesoría").count() >= 1
    # The reports' business-day calendar is rebuilt too, not restored.
    assert DiaCalendario.objects.count() == len(filas_esperadas())


def test_no_restaura_sobre_una_base_de_datos_con_datos(sitio, tmp_path):
    archivo = tmp_path / "respaldo.tar"
    call_command("respaldar", str(archivo), verbosity=0)
    antes = foto()
    with pytest.raises(CommandError, match="La base de datos no está vacía"):
        call_command("restaurar", str(archivo), verbosity=0)
    assert foto() == antes


def test_no_restaura_un_respaldo_alterado(sitio, tmp_path):
    archivo = tmp_path / "respaldo.tar"
    call_command("respaldar", str(archivo), verbosity=0)
    vaciar_sitio()
    antes = foto()

    # One case file changed inside the archive, the manifest left as it was.
    alterado = tmp_path / "alterado.tar"
    with tarfile.open(archivo) as original, tarfile.open(alterado, "w") as copia:
        for info in original.getmembers():
            contenido = original.extractfile(info).read()
            if info.name.startswith("privado/") and info.name.endswith(".pdf"):
                contenido = contenido.replace(b"%%EOF", b"%%EOX")
            copia.addfile(info, io.BytesIO(contenido))
    with pytest.raises(CommandError, match="alterado"):
        call_command("restaurar", str(alterado), verbosity=0)

    # A member the manifest does not list.
    intruso = tmp_path / "intruso.tar"
    with tarfile.open(archivo) as original, tarfile.open(intruso, "w") as copia:
        for info in original.getmembers():
            copia.addfile(info, original.extractfile(info))
        extra = tarfile.TarInfo("privado/solicitudes/extra.pdf")
        extra.size = 4
        copia.addfile(extra, io.BytesIO(b"%PDF"))
    with pytest.raises(CommandError, match="no figura en el manifiesto"):
        call_command("restaurar", str(intruso), verbosity=0)

    assert foto() == antes  # nothing loaded, nothing written


def test_no_restaura_un_respaldo_de_otra_version_del_codigo(media, tmp_path):
    archivo = tmp_path / "respaldo.tar"
    call_command("respaldar", str(archivo), verbosity=0)
    futuro = tmp_path / "futuro.tar"
    with tarfile.open(archivo) as original, tarfile.open(futuro, "w") as copia:
        for info in original.getmembers():
            contenido = original.extractfile(info).read()
            if info.name == MANIFIESTO:
                manifiesto = json.loads(contenido)
                manifiesto["migraciones"].append(["expedientes", "9999_futura"])
                contenido = json.dumps(manifiesto).encode()
                info.size = len(contenido)
            copia.addfile(info, io.BytesIO(contenido))
    vaciar_sitio()
    with pytest.raises(CommandError, match="otra versión del código"):
        call_command("restaurar", str(futuro), verbosity=0)


@pytest.mark.django_db
def test_una_base_recien_migrada_admite_la_restauracion(media, base_recien_migrada):
    # A new data migration that fills a table must be listed in SEMBRADAS, or
    # restaurar would refuse every new server.
    _comprobar_vacio()


def test_respaldar_no_sobrescribe_y_acepta_una_carpeta(media, tmp_path):
    carpeta = tmp_path / "respaldos"
    carpeta.mkdir()
    # 23:30 in Bogotá is 04:30 of the next day in UTC: the name is Bogotá's.
    bogota = datetime.datetime(2027, 1, 15, 23, 30, tzinfo=ZoneInfo("America/Bogota"))
    with time_machine.travel(bogota, tick=False):
        call_command("respaldar", str(carpeta), verbosity=0)
    [creado] = carpeta.iterdir()
    assert creado.name == "respaldo-20270115-233000.tar"
    with pytest.raises(CommandError, match="no se sobrescribe"):
        call_command("respaldar", str(creado), verbosity=0)
    media.mkdir(parents=True, exist_ok=True)
    with pytest.raises(CommandError, match="dentro de los archivos que respalda"):
        call_command("respaldar", str(media / "respaldo.tar"), verbosity=0)
    with pytest.raises(CommandError, match="No existe el archivo"):
        call_command("restaurar", str(tmp_path / "no-existe.tar"), verbosity=0)
