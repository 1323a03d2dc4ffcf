"""/consulta/: anyone with the radicado and the access code follows a request."""

import re

import pytest

from django.core.cache import caches
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from expedientes.services import DatosSolicitud, solicitud_radicar
from tests.factories import pdf_de_prueba
from tests.utils import texto_visible

URL = "/consulta/"
PERSONALES = [
    "Laura Rincón",
    "Secretaria de Planeación municipal",
    "planeacion@bucaramanga.gov.co",
    "607 633 7000",
]


@pytest.fixture(autouse=True)
def contadores_limpios():
    caches["default"].clear()
    yield
    caches["default"].clear()


@pytest.fixture
def radicada(usuario_municipal, municipio, version_vigente):
    """A filed request and its access code."""
    return solicitud_radicar(
        actor=usuario_municipal,
        municipio=municipio,
        datos=DatosSolicitud(
            nombre_solicitante=PERSONALES[0],
            cargo_solicitante=PERSONALES[1],
            correo_solicitante=PERSONALES[2],
            telefono_solicitante=PERSONALES[3],
            plan_vigente="POT",
            tipo_solicitud="revision_general",
            asunto="Revisión general del POT",
            descripcion="Descripción con datos del expediente.",
        ),
        oficio=SimpleUploadedFile("oficio.pdf", pdf_de_prueba(), "application/pdf"),
        acepta_tratamiento_datos=True,
    )


def sin_csrf(contenido: bytes) -> bytes:
    return re.sub(rb'name="csrfmiddlewaretoken" value="[^"]*"', b"", contenido)


def test_el_formulario(client, inicio):
    respuesta = client.get(URL)
    assert respuesta.status_code == 200
    assert "no-store" in respuesta["Cache-Control"]
    html = respuesta.content.decode()
    assert 'name="radicado"' in html and 'name="codigo"' in html
    assert 'method="post"' in html
    assert "csrfmiddlewaretoken" in html


def test_radicado_y_codigo_muestran_el_avance_sin_datos_personales(
    client, radicada, version_vigente
):
    solicitud, codigo = radicada
    respuesta = client.post(URL, {"radicado": solicitud.radicado, "codigo": codigo})
    assert respuesta.status_code == 200
    assert "no-store" in respuesta["Cache-Control"]
    html = respuesta.content.decode()
    texto = texto_visible(html)
    assert solicitud.radicado in texto
    assert "Bucaramanga" in texto
    assert re.findall(r'class="linea__etapa linea__etapa--(\w+)"', html) == [
        "completada",
        "actual",
        "pendiente",
        "pendiente",
        "pendiente",
        "pendiente",
    ]
    assert "Radicar la solicitud" in texto
    for dato in PERSONALES:
        assert dato not in html
    assert "Descripción con datos del expediente." not in html
    assert "/documentos/" not in html
    assert codigo not in html  # nor the code itself


def test_el_codigo_se_puede_escribir_sin_guiones_ni_mayusculas(client, radicada):
    solicitud, codigo = radicada
    escrito = codigo.replace("-", " ").lower()
    respuesta = client.post(
        URL, {"radicado": f" {solicitud.radicado.lower()} ", "codigo": escrito}
    )
    assert re.search(r"linea__etapa--completada", respuesta.content.decode())


def test_codigo_equivocado_y_radicado_inexistente_dan_la_misma_respuesta(
    client, radicada
):
    solicitud, codigo = radicada
    equivocado = client.post(
        URL, {"radicado": solicitud.radicado, "codigo": "AAAA-BBBB-CCCC"}
    )
    inexistente = client.post(URL, {"radicado": "SP-2026-999999", "codigo": codigo})
    assert equivocado.status_code == inexistente.status_code == 200
    assert sin_csrf(equivocado.content) == sin_csrf(inexistente.content)
    texto = texto_visible(equivocado.content)
    assert "No encontramos esa solicitud" in texto
    assert solicitud.radicado not in texto  # what was typed is not echoed
    assert "linea__etapa" not in equivocado.content.decode()


def test_campos_vacios(client, inicio):
    respuesta = client.post(URL, {"radicado": "", "codigo": ""})
    texto = texto_visible(respuesta.content)
    assert "Escriba el número de radicado." in texto
    assert "Escriba el código de acceso." in texto


def test_limite_de_consultas_por_direccion(client, radicada, settings):
    settings.PORTAL_LIMITE_CONSULTAS = "3/10m"
    solicitud, codigo = radicada
    for _intento in range(3):
        client.post(URL, {"radicado": solicitud.radicado, "codigo": "AAAA-BBBB-CCCC"})
    respuesta = client.post(URL, {"radicado": solicitud.radicado, "codigo": codigo})
    assert respuesta.status_code == 429
    assert "Se hicieron demasiadas consultas" in texto_visible(respuesta.content)
    assert "linea__etapa" not in respuesta.content.decode()
    assert client.get(URL).status_code == 200  # reading the form is not limited

    otra_direccion = Client(REMOTE_ADDR="10.1.2.3")
    respuesta = otra_direccion.post(
        URL, {"radicado": solicitud.radicado, "codigo": codigo}
    )
    assert respuesta.status_code == 200
    assert "linea__etapa--completada" in respuesta.content.decode()


def test_sin_token_csrf_no_se_consulta(radicada):
    solicitud, codigo = radicada
    cliente = Client(enforce_csrf_checks=True)
    respuesta = cliente.post(URL, {"radicado": solicitud.radicado, "codigo": codigo})
    assert respuesta.status_code == 403


def test_la_consulta_avisa_cuando_la_respuesta_vence_pronto(client, radicada):
    """The same deadline state as the municipality's own pages (plazos.py)."""
    import datetime

    from django.utils import timezone

    from expedientes.models import Solicitud

    solicitud, codigo = radicada
    Solicitud.objects.filter(pk=solicitud.pk).update(
        fecha_limite=timezone.localdate() + datetime.timedelta(days=1)
    )
    texto = texto_visible(
        client.post(URL, {"radicado": solicitud.radicado, "codigo": codigo}).content
    )
    assert "Vence pronto" in texto


def test_la_lista_del_municipio_dice_el_estado_de_las_terminadas(
    client, usuario_municipal, personal
):
    from expedientes.services import solicitud_desistir, solicitud_suspender
    from tests.casos import llevar_a, radicar

    suspendida = llevar_a(radicar(usuario_municipal, asunto="Suspendida"), 3, personal)
    solicitud_suspender(
        solicitud=suspendida,
        actor=personal["secretario"],
        actividad=3,
        motivo="Falta el plano",
    )
    desistida = radicar(usuario_municipal, asunto="Desistida")
    solicitud_desistir(solicitud=desistida, actor=usuario_municipal, motivo="Ya no")
    client.force_login(usuario_municipal)
    html = client.get("/solicitudes/").content.decode()
    filas = {
        asunto: texto_visible(fila)
        for fila in re.findall(r"<tr>(.*?)</tr>", html, re.S)
        for asunto in ("Suspendida", "Desistida")
        if f">{asunto}</td>" in fila
    }
    assert "Definir el alcance de la asesoría (suspendida)" in filas["Suspendida"]
    assert "Desistida" in filas["Desistida"].split("Desistida", 1)[1]
    assert "Recepcionar" not in filas["Desistida"]


def test_rotar_la_clave_de_los_codigos_no_invalida_los_ya_entregados(
    client, radicada, settings
):
    """New key in EXPEDIENTES_CLAVE_CODIGOS, old one among the earlier keys: the
    code handed out before the rotation still opens its request; a wrong code
    still opens nothing."""
    from expedientes.services import solicitud_consultar

    solicitud, codigo = radicada
    anterior = settings.EXPEDIENTES_CLAVE_CODIGOS or settings.SECRET_KEY
    settings.EXPEDIENTES_CLAVE_CODIGOS = "clave-nueva-de-los-codigos"
    assert solicitud_consultar(radicado=solicitud.radicado, codigo=codigo) is None
    settings.EXPEDIENTES_CLAVES_CODIGOS_ANTERIORES = [anterior]
    assert solicitud_consultar(radicado=solicitud.radicado, codigo=codigo) == solicitud
    respuesta = client.post(URL, {"radicado": solicitud.radicado, "codigo": codigo})
    assert solicitud.radicado in texto_visible(respuesta.content)
    assert (
        solicitud_consultar(radicado=solicitud.radicado, codigo="AAAA-BBBB-CCCC")
        is None
    )
