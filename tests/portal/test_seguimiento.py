"""/solicitudes/: a municipality follows its own requests, and only its own."""

import datetime
import hashlib
import re

import pytest

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from expedientes.constants import TipoDocumento
from expedientes.models import Documento, Solicitud
from expedientes.plazos import sumar_dias_habiles
from expedientes.selectors import contenido_de_version
from expedientes.services import DatosSolicitud, solicitud_radicar
from tests.factories import SolicitudFactory, anexos_guardados, pdf_de_prueba
from tests.utils import texto_visible

OFICIO = pdf_de_prueba(paginas=2)


def radicar(usuario, asunto="Revisión general del POT", **datos):
    campos = {
        "nombre_solicitante": "Laura Rincón",
        "cargo_solicitante": "Secretaria de Planeación municipal",
        "correo_solicitante": "planeacion@bucaramanga.gov.co",
        "telefono_solicitante": "607 633 7000",
        "plan_vigente": "POT",
        "tipo_solicitud": "revision_general",
        "asunto": asunto,
        "descripcion": "Solicitamos asesoría.",
        **datos,
    }
    solicitud, _codigo = solicitud_radicar(
        actor=usuario,
        municipio=usuario.municipio,
        datos=DatosSolicitud(**campos),
        oficio=SimpleUploadedFile("oficio.pdf", OFICIO, "application/pdf"),
        acepta_tratamiento_datos=True,
    )
    return solicitud


@pytest.fixture
def colega_de_giron(otro_municipio, django_user_model):
    return django_user_model.objects.create_user(
        "planeacion.giron",
        "planeacion@giron.gov.co",
        "x",
        first_name="Jorge",
        last_name="Suárez",
        municipio=otro_municipio,
    )


@pytest.fixture
def de_giron(colega_de_giron, version_vigente):
    return radicar(
        colega_de_giron,
        asunto="Modificación excepcional en Girón",
        nombre_solicitante="Jorge Suárez",
        correo_solicitante="planeacion@giron.gov.co",
    )


@pytest.fixture
def municipal(client, usuario_municipal, version_vigente):
    client.force_login(usuario_municipal)
    return client


def test_la_lista_muestra_solo_las_del_municipio(
    municipal, usuario_municipal, de_giron, version_vigente
):
    primera = radicar(usuario_municipal, asunto="Revisión general del POT")
    segunda = radicar(usuario_municipal, asunto="Ajuste del perímetro urbano")
    respuesta = municipal.get("/solicitudes/")
    assert respuesta.status_code == 200
    assert "no-store" in respuesta["Cache-Control"]
    texto = texto_visible(respuesta.content)
    assert "Solicitudes de Bucaramanga" in texto
    assert texto.index(segunda.radicado) < texto.index(primera.radicado)  # newest
    assert "Ajuste del perímetro urbano" in texto
    actividad_2 = contenido_de_version(version_vigente).actividades[1].nombre
    assert actividad_2 in texto  # the current activity, by name
    assert de_giron.radicado not in texto
    assert "Girón" not in texto


def test_la_lista_avisa_lo_vencido_y_lo_que_vence_pronto(municipal, usuario_municipal):
    hoy = timezone.localdate()
    vencida = SolicitudFactory(asunto="Vencida")
    pronto = SolicitudFactory(asunto="Pronto")
    a_tiempo = SolicitudFactory(asunto="A tiempo")
    Solicitud.objects.filter(pk=vencida.pk).update(
        fecha_limite=hoy - datetime.timedelta(days=1)
    )
    Solicitud.objects.filter(pk=pronto.pk).update(
        fecha_limite=sumar_dias_habiles(hoy, 1)
    )
    html = municipal.get("/solicitudes/").content.decode()
    filas = {
        asunto: fila
        for fila in re.findall(r"<tr>(.*?)</tr>", html, re.S)
        for asunto in ("Vencida", "Pronto", "A tiempo")
        if f'<td data-etiqueta="Asunto">{asunto}</td>' in fila
    }
    assert "plazo--vencida" in filas["Vencida"]
    assert "plazo--pronto" in filas["Pronto"]
    assert "plazo--" not in filas["A tiempo"]
    assert a_tiempo.fecha_limite.year == int(
        re.search(r"de (\d{4})</td>", filas["A tiempo"]).group(1)
    )


def test_el_detalle_muestra_la_linea_de_tiempo_y_los_documentos(
    municipal, usuario_municipal, version_vigente, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        solicitud = radicar(usuario_municipal)
    respuesta = municipal.get(f"/solicitudes/{solicitud.radicado}/")
    assert respuesta.status_code == 200
    assert "private" in respuesta["Cache-Control"]
    assert "no-store" in respuesta["Cache-Control"]
    html = respuesta.content.decode()
    etapas = re.findall(r'class="linea__etapa linea__etapa--(\w+)"', html)
    assert etapas == ["completada", "actual"] + ["pendiente"] * 4
    actividades = contenido_de_version(version_vigente).actividades
    texto = texto_visible(html)
    for actividad in actividades:
        assert actividad.nombre in texto
    radicada = timezone.localtime(solicitud.radicada_en)
    meses = ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio"]
    meses += ["agosto", "septiembre", "octubre", "noviembre", "diciembre"]
    assert f"Completada el {radicada.day} de {meses[radicada.month - 1]}" in texto
    limite = solicitud.fecha_limite
    assert f"En curso · respuesta a más tardar el {limite.day} de" in texto
    assert "Laura Rincón" in texto  # the municipality sees its own data

    documentos = solicitud.documentos.filter(para_municipio=True)
    assert {d.tipo for d in documentos} == {
        TipoDocumento.OFICIO_SOLICITUD,
        TipoDocumento.CONSTANCIA_RADICACION,
    }
    for documento in documentos:
        url = f"/solicitudes/{solicitud.radicado}/documentos/{documento.pk}/"
        assert url in html
    assert "/media/" not in html  # never a public file URL


def test_descargar_un_documento(municipal, usuario_municipal):
    solicitud = radicar(usuario_municipal)
    oficio = solicitud.documentos.get(tipo=TipoDocumento.OFICIO_SOLICITUD)
    respuesta = municipal.get(
        f"/solicitudes/{solicitud.radicado}/documentos/{oficio.pk}/"
    )
    assert respuesta.status_code == 200
    assert b"".join(respuesta.streaming_content) == OFICIO
    assert respuesta["Content-Type"] == "application/pdf"
    assert respuesta["Content-Disposition"] == 'attachment; filename="oficio.pdf"'
    assert respuesta["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in respuesta["Cache-Control"]


def test_un_archivo_perdido_es_un_404_y_un_error_en_el_registro(
    municipal, usuario_municipal, caplog
):
    solicitud = radicar(usuario_municipal)
    oficio = solicitud.documentos.get(tipo=TipoDocumento.OFICIO_SOLICITUD)
    oficio.archivo.storage.delete(oficio.archivo.name)
    respuesta = municipal.get(
        f"/solicitudes/{solicitud.radicado}/documentos/{oficio.pk}/"
    )
    assert respuesta.status_code == 404
    assert f"Falta el archivo del documento {oficio.pk}" in caplog.text


def test_lo_que_no_es_para_el_municipio_no_se_descarga(
    municipal, usuario_municipal, de_giron
):
    solicitud = radicar(usuario_municipal)
    oficio = solicitud.documentos.get(tipo=TipoDocumento.OFICIO_SOLICITUD)
    interno = Documento.objects.create(
        solicitud=solicitud,
        tipo=TipoDocumento.ANEXO,
        nombre_original="interno.pdf",
        sha256="0" * 64,
        para_municipio=False,
        creado_por=usuario_municipal,
    )
    interno.archivo.save("interno.pdf", SimpleUploadedFile("i.pdf", OFICIO))
    ajeno = de_giron.documentos.get(tipo=TipoDocumento.OFICIO_SOLICITUD)
    base = f"/solicitudes/{solicitud.radicado}/documentos"
    for url in (
        f"{base}/{interno.pk}/",  # internal record
        f"{base}/{ajeno.pk}/",  # another request's file under our radicado
        f"/solicitudes/{de_giron.radicado}/documentos/{ajeno.pk}/",
        f"{base}/999999/",
    ):
        assert municipal.get(url).status_code == 404, url
    assert municipal.get(f"{base}/{oficio.pk}/").status_code == 200
    assert (
        "interno.pdf" not in municipal.get(f"/solicitudes/{solicitud.radicado}/").text
    )


def test_otro_municipio_da_404_nunca_403(municipal, de_giron):
    for url in (
        f"/solicitudes/{de_giron.radicado}/",
        f"/solicitudes/{de_giron.radicado}/radicada/",
        f"/solicitudes/{de_giron.radicado}/documentos/"
        f"{de_giron.documentos.first().pk}/",
    ):
        respuesta = municipal.get(url)
        assert respuesta.status_code == 404, url
        assert "Girón" not in respuesta.content.decode()
    # The same answer as a radicado that does not exist at all.
    assert municipal.get("/solicitudes/SP-1999-999999/").status_code == 404


def test_un_usuario_municipal_no_entra_a_la_administracion(municipal):
    respuesta = municipal.get("/admin/")
    assert respuesta.status_code in (302, 403)
    if respuesta.status_code == 302:
        assert respuesta["Location"].startswith("/admin/login/")
    assert municipal.get("/admin/snippets/").status_code in (302, 403)


def test_sin_sesion_todo_lleva_a_ingresar(client, usuario_municipal, version_vigente):
    solicitud = radicar(usuario_municipal)
    documento = solicitud.documentos.first()
    for url in (
        "/solicitudes/",
        f"/solicitudes/{solicitud.radicado}/",
        f"/solicitudes/{solicitud.radicado}/radicada/",
        f"/solicitudes/{solicitud.radicado}/documentos/{documento.pk}/",
    ):
        respuesta = client.get(url)
        assert respuesta.status_code == 302, url
        assert respuesta["Location"].startswith("/cuenta/ingresar/?next="), url


def test_el_personal_sin_municipio_recibe_403(
    client, django_user_model, version_vigente, usuario_municipal
):
    solicitud = radicar(usuario_municipal)
    jefe = django_user_model.objects.create_superuser("jefe", "jefe@example.com", "x")
    client.force_login(jefe)
    for url in ("/solicitudes/", f"/solicitudes/{solicitud.radicado}/"):
        respuesta = client.get(url)
        assert respuesta.status_code == 403
        assert "Ir a la administración" in texto_visible(respuesta.content)


# --- Activities 2 to 6 as the municipality and the public see them ------------------


@pytest.fixture
def en_asesoria(usuario_municipal, personal):
    """A request in activity 6, every record issued with its PDF stored."""
    from tests.casos import llevar_a
    from tests.casos import radicar as radicar_caso

    solicitud = llevar_a(radicar_caso(usuario_municipal), 6, personal)
    for documento in solicitud.documentos.filter(archivo=""):
        contenido = pdf_de_prueba(texto=documento.get_tipo_display())
        documento.sha256 = hashlib.sha256(contenido).hexdigest()
        documento.archivo.save(
            documento.nombre_original, SimpleUploadedFile("r.pdf", contenido)
        )
    return solicitud


#: What only staff may read: internal reasons, who acted, the team's e-mails.
INTERNO = (
    "Recibida completa.",  # observations of the internal registry
    "Despacho Prueba",
    "Secretario Prueba",
    "Profesional Prueba",
    "edwin@santander.example",
    "ana@cdmb.example",
)


def test_el_detalle_muestra_el_historial_publico_y_solo_sus_documentos(
    municipal, en_asesoria
):
    solicitud = en_asesoria
    html = municipal.get(f"/solicitudes/{solicitud.radicado}/").content.decode()
    texto = texto_visible(html)
    etapas = re.findall(r'class="linea__etapa linea__etapa--(\w+)"', html)
    assert etapas == ["completada"] * 5 + ["actual"]
    historial = texto[texto.index("Historial") : texto.index("Documentos")]
    for publico in (
        f"Solicitud radicada con el número {solicitud.radicado}.",
        "Solicitud recibida en el despacho y registrada.",
        "Alcance de la asesoría definido: revisión general, modalidad mixta.",
        "Equipo de trabajo interinstitucional conformado (3 integrantes)",
        "Sesión de asesoría No. 1 del",
        "Asesoría terminada; el plan aún no ha sido adoptado.",
    ):
        assert publico in historial, publico
    for interno in INTERNO:
        assert interno not in texto, interno
    descargables = {
        d.tipo for d in solicitud.documentos.all() if f"/documentos/{d.pk}/" in html
    }
    assert TipoDocumento.OFICIO_RESPUESTA in descargables
    assert TipoDocumento.ACTA_COMPROMISO in descargables
    assert TipoDocumento.REGISTRO_INTERNO not in descargables
    assert TipoDocumento.PLANILLA_ASESORIAS not in descargables
    assert "Registro interno" not in texto and "Planilla" not in texto
    assert solicitud.numero_registro not in texto
    # Answered: no legal deadline runs any more.
    assert "Respondida el" in texto
    assert "a más tardar" not in texto


def test_la_consulta_publica_muestra_el_historial_sin_nada_interno(
    client, en_asesoria, usuario_municipal
):
    from expedientes.models import Solicitud as Modelo
    from expedientes.services import cifrar_codigo

    Modelo.objects.filter(pk=en_asesoria.pk).update(
        codigo_acceso_hash=cifrar_codigo("ABCD-EFGH-JK23")
    )
    respuesta = client.post(
        "/consulta/", {"radicado": en_asesoria.radicado, "codigo": "ABCD-EFGH-JK23"}
    )
    texto = texto_visible(respuesta.content)
    assert "Solicitud recibida en el despacho y registrada." in texto
    assert "Asesoría terminada; el plan aún no ha sido adoptado." in texto
    for interno in (*INTERNO, "Laura Rincón", "planeacion@bucaramanga.gov.co"):
        assert interno not in texto, interno
    assert "/documentos/" not in respuesta.content.decode()


def test_el_plazo_que_vence_pronto_se_avisa(municipal, usuario_municipal):
    solicitud = SolicitudFactory()
    Solicitud.objects.filter(pk=solicitud.pk).update(
        fecha_limite=sumar_dias_habiles(timezone.localdate(), 1)
    )
    html = municipal.get(f"/solicitudes/{solicitud.radicado}/").content.decode()
    assert html.count('class="plazo plazo--pronto">Vence pronto<') == 2
    Solicitud.objects.filter(pk=solicitud.pk).update(
        fecha_limite=timezone.localdate() - datetime.timedelta(days=1)
    )
    html = municipal.get(f"/solicitudes/{solicitud.radicado}/").content.decode()
    assert 'class="plazo plazo--vencida">Vencida<' in html


def test_una_rechazada_se_ve_terminada_y_sin_acciones(
    municipal, usuario_municipal, personal
):
    from expedientes.services import solicitud_rechazar

    solicitud = SolicitudFactory(en_actividad=3)  # the rejection is the service's
    solicitud_rechazar(
        solicitud=solicitud,
        actor=personal["secretario"],
        actividad=3,
        motivo="fuera_de_alcance",
        fundamentos="El municipio pide una licencia urbanística, no una revisión.",
    )
    html = municipal.get(f"/solicitudes/{solicitud.radicado}/").content.decode()
    texto = texto_visible(html)
    etapas = re.findall(r'class="linea__etapa linea__etapa--(\w+)"', html)
    assert etapas == ["completada", "completada", "cerrada"] + ["pendiente"] * 3
    assert "Terminada: rechazada" in texto
    assert "Esta solicitud fue rechazada" in texto
    assert "Solicitud rechazada: fuera del alcance del procedimiento." in texto
    assert "licencia urbanística" not in texto  # the grounds are in the letter
    assert "/desistir/" not in html and "/aportar/" not in html


def test_el_detalle_hace_las_mismas_consultas_con_2_y_con_20_archivos(
    municipal, usuario_municipal
):
    """Issue 18: the request page's queries do not grow with the files it lists
    (bench part 7 measures it with 500), and each file's link is its download."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    solicitud = radicar(usuario_municipal)
    url = f"/solicitudes/{solicitud.radicado}/"

    def consultas() -> tuple[int, str]:
        municipal.get(url)
        with CaptureQueriesContext(connection) as capturadas:
            respuesta = municipal.get(url)
        assert respuesta.status_code == 200
        return len(capturadas.captured_queries), respuesta.content.decode()

    def anexos(n: int) -> None:
        anexos_guardados(
            solicitud,
            n,
            contenido=OFICIO,
            paginas=2,
            para_municipio=True,
            creado_por=usuario_municipal,
        )

    pocas, _html = consultas()
    anexos(18)
    muchas, html = consultas()
    assert muchas == pocas
    from expedientes.selectors import documentos_para_municipio

    descargas = sorted(d.pk for d in documentos_para_municipio(solicitud))
    assert len(descargas) >= 19  # the filing (and its receipt, once stored) + 18
    enlaces = re.findall(
        rf'href="/solicitudes/{re.escape(solicitud.radicado)}/documentos/([0-9]+)/"',
        html,
    )
    assert sorted(int(pk) for pk in enlaces) == descargas
    respuesta = municipal.get(
        f"/solicitudes/{solicitud.radicado}/documentos/{descargas[-1]}/"
    )
    assert b"".join(respuesta.streaming_content) == OFICIO
