"""solicitud_radicar: numbering, history, files, permissions, nothing half-saved."""

import datetime
import uuid

import pytest

from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import override_settings
from django.utils import timezone

from expedientes.constants import Canal, TipoDocumento
from expedientes.models import Contador, Documento, EventoSolicitud, Solicitud
from expedientes.services import (
    DatosSolicitud,
    SolicitudError,
    solicitud_consultar,
    solicitud_radicar,
)
from tests.factories import pdf_de_prueba
from tests.utils import archivos_privados

DATOS = DatosSolicitud(
    nombre_solicitante="Laura Rincón",
    cargo_solicitante="Secretaria de Planeación municipal",
    correo_solicitante="planeacion@bucaramanga.gov.co",
    telefono_solicitante="607 633 7000",
    plan_vigente="POT",
    tipo_solicitud="revision_general",
    asunto="Revisión general del POT",
    descripcion="Solicitamos asesoría para la revisión general del POT.",
)


def oficio(nombre="oficio.pdf", contenido=None):
    return SimpleUploadedFile(nombre, contenido or pdf_de_prueba(), "application/pdf")


def radicar(actor, municipio, **cambios):
    argumentos = {
        "actor": actor,
        "municipio": municipio,
        "datos": DATOS,
        "oficio": oficio(),
        "acepta_tratamiento_datos": True,
        **cambios,
    }
    return solicitud_radicar(**argumentos)


def test_radica_con_numero_historial_archivos_y_plazo(
    usuario_municipal, municipio, version_vigente, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        solicitud, codigo = radicar(
            usuario_municipal,
            municipio,
            anexos=[oficio("anexo.pdf", pdf_de_prueba(paginas=3))],
        )
    anio = solicitud.radicada_en.astimezone(datetime.UTC).year
    assert solicitud.radicado == f"SP-{solicitud.anio}-000001"
    assert abs(solicitud.anio - anio) <= 1
    assert solicitud.version_procedimiento == version_vigente
    assert solicitud.canal == Canal.ELECTRONICO
    assert solicitud.actividad_actual == 2
    assert len(codigo) == 14 and codigo.count("-") == 2
    assert codigo not in solicitud.codigo_acceso_hash

    [paso] = EventoSolicitud.objects.filter(solicitud=solicitud)
    assert (paso.actividad, paso.nombre) == (1, "Radicar la solicitud")
    assert paso.actor == usuario_municipal

    subidos = solicitud.documentos.exclude(tipo=TipoDocumento.CONSTANCIA_RADICACION)
    assert [(d.tipo, d.paginas) for d in subidos] == [
        (TipoDocumento.OFICIO_SOLICITUD, 1),
        (TipoDocumento.ANEXO, 3),
    ]
    import hashlib

    for documento in subidos:
        with documento.archivo.open("rb") as archivo:
            assert hashlib.sha256(archivo.read()).hexdigest() == documento.sha256
        assert "oficio" not in documento.archivo.name  # never the uploader's name
    # 15 días hábiles after the filing day, never on a weekend.
    assert solicitud.fecha_limite.weekday() < 5
    radicada_el = timezone.localdate(solicitud.radicada_en)
    assert (solicitud.fecha_limite - radicada_el).days >= 21


def test_numeros_consecutivos_y_por_anio(usuario_municipal, municipio, version_vigente):
    primeros = [radicar(usuario_municipal, municipio)[0].consecutivo for _ in range(3)]
    assert primeros == [1, 2, 3]
    anio = Solicitud.objects.first().anio
    Contador.objects.create(anio=anio + 1, ultimo=0)
    assert Contador.objects.get(anio=anio).ultimo == 3


@override_settings(EXPEDIENTES_PREFIJO_RADICADO="GS")
def test_el_prefijo_es_configurable(usuario_municipal, municipio, version_vigente):
    assert radicar(usuario_municipal, municipio)[0].radicado.startswith("GS-")


def test_un_doble_envio_radica_una_sola_vez(
    usuario_municipal, municipio, version_vigente
):
    clave = uuid.uuid4()
    primera, codigo = radicar(usuario_municipal, municipio, clave_envio=clave)
    segunda, sin_codigo = radicar(usuario_municipal, municipio, clave_envio=clave)
    assert segunda == primera
    assert codigo and sin_codigo is None
    assert Solicitud.objects.count() == 1
    assert Contador.objects.get().ultimo == 1


def test_otro_municipio_no_puede_radicar(
    usuario_municipal, otro_municipio, version_vigente
):
    with pytest.raises(PermissionDenied):
        radicar(usuario_municipal, otro_municipio)
    assert not Solicitud.objects.exists()


def test_la_ventanilla_necesita_permiso(django_user_model, municipio, version_vigente):
    sin_permiso = django_user_model.objects.create_user("visitante", "v@example.com")
    with pytest.raises(PermissionDenied):
        radicar(sin_permiso, municipio, canal=Canal.VENTANILLA)


@pytest.mark.parametrize(
    ("archivo", "mensaje"),
    [
        (
            SimpleUploadedFile("oficio.pdf", b"\x89PNG\r\n\x1a\nno soy un pdf"),
            "no es un PDF",
        ),
        (SimpleUploadedFile("oficio.pdf", b"%PDF-1.7\nroto"), "dañado"),
    ],
)
def test_un_archivo_que_no_es_pdf_no_deja_rastro(
    usuario_municipal, municipio, version_vigente, archivo, mensaje
):
    with pytest.raises(SolicitudError, match=mensaje):
        radicar(usuario_municipal, municipio, oficio=archivo)
    assert not Solicitud.objects.exists()
    assert not Documento.objects.exists()
    assert archivos_privados() == []
    assert not Contador.objects.filter(ultimo__gt=0).exists()


@override_settings(EXPEDIENTES_TAMANO_MAXIMO=1024)
def test_un_archivo_demasiado_grande(usuario_municipal, municipio, version_vigente):
    with pytest.raises(SolicitudError, match=r"el máximo es 1,0\sKB"):
        radicar(
            usuario_municipal, municipio, oficio=oficio(contenido=pdf_de_prueba(20))
        )


def test_sin_aceptar_el_tratamiento_de_datos(
    usuario_municipal, municipio, version_vigente
):
    with pytest.raises(SolicitudError, match="Ley 1581 de 2012"):
        radicar(usuario_municipal, municipio, acepta_tratamiento_datos=False)
    assert not Solicitud.objects.exists()


def test_si_la_transaccion_falla_no_queda_ningun_archivo(
    usuario_municipal, municipio, version_vigente, monkeypatch
):
    """The files are written, then the history row fails: all of it goes away."""

    def fallar(*args, **kwargs):
        raise RuntimeError("la base de datos se cayó")

    monkeypatch.setattr(EventoSolicitud.objects, "create", fallar)
    with pytest.raises(RuntimeError):
        radicar(usuario_municipal, municipio, anexos=[oficio("a.pdf"), oficio("b.pdf")])
    assert not Solicitud.objects.exists()
    assert archivos_privados() == []
    # The number was not used: the next filing takes 000001.
    monkeypatch.undo()
    assert radicar(usuario_municipal, municipio)[0].consecutivo == 1


def test_consulta_publica_necesita_radicado_y_codigo(
    usuario_municipal, municipio, version_vigente
):
    solicitud, codigo = radicar(usuario_municipal, municipio)
    assert solicitud_consultar(radicado=solicitud.radicado, codigo=codigo) == solicitud
    assert (
        solicitud_consultar(radicado=solicitud.radicado.lower(), codigo=codigo.lower())
        == solicitud
    )
    assert (
        solicitud_consultar(radicado=solicitud.radicado, codigo="AAAA-BBBB-CCCC")
        is None
    )
    assert solicitud_consultar(radicado="SP-1999-000001", codigo=codigo) is None


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="concurrencia real: solo en PostgreSQL"
)
@pytest.mark.django_db(transaction=True)
def test_200_radicaciones_concurrentes_sin_huecos(
    usuario_municipal, municipio, version_vigente
):
    """16 clients file 200 requests at once: 200 distinct numbers, 1..200, no gap."""
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connections

    pdf = pdf_de_prueba()

    def una(_):
        try:
            solicitud, _codigo = radicar(
                usuario_municipal, municipio, oficio=oficio(contenido=pdf)
            )
            return solicitud.consecutivo
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=16) as clientes:
        numeros = list(clientes.map(una, range(200)))
    assert sorted(numeros) == list(range(1, 201))
    assert Solicitud.objects.count() == 200
    assert Contador.objects.get().ultimo == 200


def test_la_clave_de_envio_de_otro_no_devuelve_su_solicitud(
    usuario_municipal, municipio, version_vigente, django_user_model
):
    clave = uuid.uuid4()
    radicar(usuario_municipal, municipio, clave_envio=clave)
    colega = django_user_model.objects.create_user(
        "otra.cuenta", "otra@bucaramanga.gov.co", municipio=municipio
    )
    with pytest.raises(SolicitudError, match="ya se usó"):
        radicar(colega, municipio, clave_envio=clave)
    assert Solicitud.objects.count() == 1
