"""Case files in S3-compatible object storage: private, streamed, never orphaned.

A real S3 server on loopback (moto's server mode, in a process of its own) holds
the bucket; the "privado" storage is configured with the same options production
builds from S3_BUCKET and friends (portal.settings.base.opciones_s3).
"""

import hashlib
import io
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid

import boto3
import pytest
from pypdf import PdfReader

from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from expedientes.constants import TipoDocumento
from expedientes.models import Documento
from expedientes.services import SolicitudError, documentos_aportar, solicitud_suspender
from portal.settings.base import opciones_s3
from tests.casos import llevar_a, pdf, radicar

#: Grantees that would make a bucket or an object readable by others.
PUBLICOS = (
    "http://acs.amazonaws.com/groups/global/AllUsers",
    "http://acs.amazonaws.com/groups/global/AuthenticatedUsers",
)
CLAVES = {"AWS_ACCESS_KEY_ID": "prueba", "AWS_SECRET_ACCESS_KEY": "secreto-prueba"}


def _puerto_libre() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def servidor_s3():
    """moto's S3 server on a free loopback port, for this module's tests."""
    puerto = _puerto_libre()
    proceso = subprocess.Popen(  # noqa: S603 (our own interpreter, fixed arguments)
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(puerto)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{puerto}"
    limite = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(f"{url}/moto-api/", timeout=1).close()  # noqa: S310
            break
        except OSError:
            if proceso.poll() is not None or time.monotonic() > limite:
                proceso.kill()
                pytest.fail("El servidor S3 de prueba (moto) no arrancó.")
            time.sleep(0.1)
    yield url
    proceso.terminate()
    proceso.wait(timeout=10)


def _usar_bucket_nuevo(servidor_s3, settings):
    """Create a bucket and point the "privado" storage at it as production would."""
    nombre = f"expedientes-{uuid.uuid4().hex[:12]}"
    entorno = {
        "S3_BUCKET": nombre,
        "S3_ENDPOINT_URL": servidor_s3,
        "S3_REGION": "us-east-1",
        **CLAVES,
    }
    cliente = boto3.client(
        "s3",
        endpoint_url=servidor_s3,
        region_name="us-east-1",
        aws_access_key_id=CLAVES["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=CLAVES["AWS_SECRET_ACCESS_KEY"],
    )
    cliente.create_bucket(Bucket=nombre)
    settings.STORAGES = {
        **settings.STORAGES,
        "privado": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": opciones_s3(entorno),
        },
    }
    return cliente, nombre


@pytest.fixture
def bucket(servidor_s3, settings):
    return _usar_bucket_nuevo(servidor_s3, settings)


def _objetos(cliente, nombre) -> dict[str, bytes]:
    claves = [
        o["Key"] for o in cliente.list_objects_v2(Bucket=nombre).get("Contents", [])
    ]
    return {
        clave: cliente.get_object(Bucket=nombre, Key=clave)["Body"].read()
        for clave in claves
    }


def test_la_radicacion_guarda_oficio_y_constancia_en_el_bucket(
    bucket, usuario_municipal, personal, client, django_capture_on_commit_callbacks
):
    cliente, nombre = bucket
    with django_capture_on_commit_callbacks(execute=True):
        solicitud = radicar(usuario_municipal)
    oficio = solicitud.documentos.get(tipo=TipoDocumento.OFICIO_SOLICITUD)
    constancia = solicitud.documentos.get(tipo=TipoDocumento.CONSTANCIA_RADICACION)

    objetos = _objetos(cliente, nombre)
    assert set(objetos) == {oficio.archivo.name, constancia.archivo.name}
    for documento in (oficio, constancia):
        contenido = objetos[documento.archivo.name]
        assert hashlib.sha256(contenido).hexdigest() == documento.sha256
    texto = PdfReader(io.BytesIO(objetos[constancia.archivo.name])).pages[0]
    assert solicitud.radicado in texto.extract_text()

    # Staff download: streamed from the bucket through the permission-checked view.
    client.force_login(personal["profesional"])
    url = f"/admin/solicitudes/documento/{solicitud.pk}/{constancia.pk}/"
    respuesta = client.get(url)
    assert respuesta.status_code == 200
    assert respuesta.streaming
    assert b"".join(respuesta.streaming_content) == objetos[constancia.archivo.name]
    # Nobody is sent to the bucket: no redirect, no bucket address in the answer.
    assert "Location" not in respuesta
    # The municipality downloads its oficio the same way, from its portal.
    client.force_login(usuario_municipal)
    respuesta = client.get(f"/solicitudes/{solicitud.radicado}/documentos/{oficio.pk}/")
    assert respuesta.status_code == 200
    assert b"".join(respuesta.streaming_content) == objetos[oficio.archivo.name]
    # Anonymous: the view refuses before touching storage.
    client.logout()
    assert client.get(url).status_code in (302, 403)


def test_nada_es_publico_en_el_bucket(
    bucket,
    servidor_s3,
    usuario_municipal,
    version_vigente,
    django_capture_on_commit_callbacks,
):
    cliente, nombre = bucket
    with django_capture_on_commit_callbacks(execute=True):
        solicitud = radicar(usuario_municipal)
    claves = list(_objetos(cliente, nombre))
    assert len(claves) == 2

    for clave in claves:
        # The object's plain address, unsigned: the S3 server refuses it.
        with pytest.raises(urllib.error.HTTPError) as error:
            urllib.request.urlopen(f"{servidor_s3}/{nombre}/{clave}", timeout=5)  # noqa: S310
        assert error.value.code == 403
        acl = cliente.get_object_acl(Bucket=nombre, Key=clave)
        assert not [g for g in acl["Grants"] if g["Grantee"].get("URI") in PUBLICOS], (
            acl["Grants"]
        )
    acl = cliente.get_bucket_acl(Bucket=nombre)
    assert not [g for g in acl["Grants"] if g["Grantee"].get("URI") in PUBLICOS]

    # A URL from the storage, if code ever asked for one, is signed and short-lived.
    oficio = solicitud.documentos.get(tipo=TipoDocumento.OFICIO_SOLICITUD)
    firmada = storages["privado"].url(oficio.archivo.name)
    assert "X-Amz-Signature=" in firmada and "X-Amz-Expires=60" in firmada


def test_una_transicion_deshecha_no_deja_objetos_huerfanos(
    bucket, usuario_municipal, personal
):
    cliente, nombre = bucket
    # Versioning keeps a trace of every write, so the test sees that the good file
    # did reach the bucket before the bad one rolled the change back.
    cliente.put_bucket_versioning(
        Bucket=nombre, VersioningConfiguration={"Status": "Enabled"}
    )
    solicitud = llevar_a(radicar(usuario_municipal), 3, personal)
    solicitud_suspender(
        solicitud=solicitud, actor=personal["secretario"], actividad=3, motivo="Faltan"
    )
    antes = set(_objetos(cliente, nombre))
    documentos_antes = Documento.objects.count()

    falso = SimpleUploadedFile("virus.pdf", b"MZ\x90\x00 no PDF", "application/pdf")
    with pytest.raises(SolicitudError):
        documentos_aportar(
            solicitud=solicitud,
            actor=usuario_municipal,
            archivos=[pdf("acta.pdf"), falso],
        )
    assert set(_objetos(cliente, nombre)) == antes
    assert Documento.objects.count() == documentos_antes
    # Every file of the sending is inspected before the case is locked (issue 14:
    # all together, in one child process), so the bad one stops it before the good
    # one is written: versioning shows no write at all, not a write undone.
    versiones = cliente.list_object_versions(Bucket=nombre)
    escritos = {m["Key"] for m in versiones.get("Versions", [])}
    borrados = {m["Key"] for m in versiones.get("DeleteMarkers", [])}
    assert escritos - antes == set()
    assert borrados - antes == set()


@pytest.mark.django_db(transaction=True)
def test_respaldo_desde_un_bucket_y_restauracion_en_otro(
    bucket, servidor_s3, settings, tmp_path, usuario_municipal, version_vigente
):
    cliente, nombre = bucket
    settings.STORAGES = {  # Wagtail's media in a folder of the test
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "media"},
        },
    }
    solicitud = radicar(usuario_municipal)
    originales = _objetos(cliente, nombre)
    assert len(originales) == 2  # oficio and receipt
    call_command("respaldar", str(tmp_path / "r.tar"), verbosity=0)

    # A new site: empty tables, a new empty bucket.
    call_command("flush", interactive=False, verbosity=0)
    otro_cliente, otro = _usar_bucket_nuevo(servidor_s3, settings)
    call_command("restaurar", str(tmp_path / "r.tar"), verbosity=0)

    assert _objetos(otro_cliente, otro) == originales
    for documento in Documento.objects.filter(solicitud__radicado=solicitud.radicado):
        with documento.archivo.open("rb") as archivo:
            assert hashlib.sha256(archivo.read()).hexdigest() == documento.sha256
        acl = otro_cliente.get_object_acl(Bucket=otro, Key=documento.archivo.name)
        assert not [g for g in acl["Grants"] if g["Grantee"].get("URI") in PUBLICOS]


@pytest.mark.parametrize("acl", ["public-read", "public-read-write"])
def test_un_acl_publico_no_arranca(acl):
    with pytest.raises(ImproperlyConfigured, match="públicos"):
        opciones_s3({"S3_BUCKET": "expedientes", "S3_ACL": acl})


def test_opciones_de_produccion():
    opciones = opciones_s3(
        {"S3_BUCKET": " expedientes ", "S3_ENDPOINT_URL": "https://minio.local"}
    )
    assert opciones["bucket_name"] == "expedientes"
    assert opciones["default_acl"] == "private"
    assert opciones["querystring_auth"] is True
    assert opciones["custom_domain"] is None
    assert opciones["addressing_style"] == "path"
    assert opciones["max_memory_size"] == 1024 * 1024  # larger downloads spool to disk
    assert "access_key" not in opciones  # boto3 finds credentials itself
    # AWS buckets with ACLs disabled refuse any ACL header: S3_ACL empty sends none.
    assert opciones_s3({"S3_BUCKET": "e", "S3_ACL": ""})["default_acl"] is None
