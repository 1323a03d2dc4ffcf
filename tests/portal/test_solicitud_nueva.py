"""/solicitudes/nueva/: a municipality files a request; bad input stores nothing."""

import hashlib
import re
import uuid

import pytest

from django.core import mail
from django.core.cache import caches
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from expedientes.constants import TipoDocumento
from expedientes.models import Documento, EventoSolicitud, Solicitud
from expedientes.services import solicitud_consultar
from tests.factories import pdf_de_prueba
from tests.planes.casos import con_plan
from tests.utils import archivos_privados, texto_visible

URL = "/solicitudes/nueva/"
PAGINAS = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "paginas": {
        "BACKEND": "portal.cache.CacheEnDosNiveles",
        "OPTIONS": {"COMPARTIDA": "default", "REVALIDAR": 0},
    },
}


def pdf(nombre="oficio.pdf", contenido=None):
    return SimpleUploadedFile(nombre, contenido or pdf_de_prueba(), "application/pdf")


def formulario(**cambios):
    datos = {
        "nombre_solicitante": "Laura Rincón",
        "cargo_solicitante": "Secretaria de Planeación municipal",
        "correo_solicitante": "planeacion@bucaramanga.gov.co",
        "telefono_solicitante": "607 633 7000",
        "plan_vigente": "POT",
        "tipo_solicitud": "revision_general",
        "tipo_solicitud_otra": "",
        "asunto": "Revisión general del POT",
        "descripcion": "Solicitamos asesoría para la revisión general del POT.",
        "acepta_tratamiento_datos": "on",
        "clave_envio": str(uuid.uuid4()),
        "oficio": pdf(),
    }
    datos.update(cambios)
    return {clave: valor for clave, valor in datos.items() if valor is not None}


def nada_guardado() -> bool:
    return (
        not Solicitud.objects.exists()
        and not Documento.objects.exists()
        and archivos_privados() == []
    )


@pytest.fixture(autouse=True)
def limpio():
    """Empty rate-limit counters (locmem lives across tests)."""
    caches["default"].clear()
    yield
    caches["default"].clear()


@pytest.fixture
def municipal(client, usuario_municipal, version_vigente):
    client.force_login(usuario_municipal)
    return client


def test_el_formulario_viene_con_los_datos_de_la_cuenta(municipal, municipio):
    con_plan(municipio, tipo_plan="PBOT")
    respuesta = municipal.get(URL)
    assert respuesta.status_code == 200
    html = respuesta.content.decode()
    assert "Bucaramanga" in html
    assert 'value="Laura Rincón"' in html
    assert 'value="planeacion@bucaramanga.gov.co"' in html
    assert 'value="Secretaria de Planeación municipal"' in html
    assert re.search(r'value="PBOT"[^>]*checked', html)
    clave = re.search(r'name="clave_envio" value="([0-9a-f-]{36})"', html)
    assert clave and uuid.UUID(clave.group(1))
    texto = texto_visible(html)
    assert "Ley 1581 de 2012" in texto
    assert "Superintendencia de Industria y Comercio" in texto
    assert "Gobernación de Santander" in texto  # who is responsible
    assert 'name="municipio"' not in html  # from the account, not a field
    assert "no-store" in respuesta["Cache-Control"]
    # Each showing gets its own key: two tabs are two filings.
    otra = re.search(r'name="clave_envio" value="([^"]+)"', municipal.get(URL).text)
    assert otra.group(1) != clave.group(1)


def test_radicar_con_un_pdf_real(
    municipal, usuario_municipal, municipio, django_capture_on_commit_callbacks
):
    oficio_pdf = pdf_de_prueba(paginas=2)
    anexo_pdf = pdf_de_prueba(paginas=3, texto="Anexo")
    with django_capture_on_commit_callbacks(execute=True):
        respuesta = municipal.post(
            URL,
            formulario(
                oficio=pdf("oficio firmado.pdf", oficio_pdf),
                anexos=[pdf("anexo técnico.pdf", anexo_pdf)],
            ),
        )
    anio = timezone.localdate().year
    radicado = f"SP-{anio}-000001"
    assert respuesta.status_code == 302
    assert respuesta["Location"] == f"/solicitudes/{radicado}/radicada/"

    solicitud = Solicitud.objects.get()
    assert solicitud.radicado == radicado
    assert solicitud.municipio == municipio
    assert solicitud.radicada_por == usuario_municipal
    assert solicitud.canal == "electronico"
    assert solicitud.asunto == "Revisión general del POT"
    paso = EventoSolicitud.objects.get(solicitud=solicitud)
    assert paso.actividad == 1
    assert solicitud.actividad_actual == 2

    oficio = solicitud.documentos.get(tipo=TipoDocumento.OFICIO_SOLICITUD)
    anexo = solicitud.documentos.get(tipo=TipoDocumento.ANEXO)
    assert oficio.sha256 == hashlib.sha256(oficio_pdf).hexdigest()
    assert anexo.sha256 == hashlib.sha256(anexo_pdf).hexdigest()
    assert (oficio.paginas, anexo.paginas) == (2, 3)
    assert oficio.nombre_original == "oficio firmado.pdf"
    assert oficio.archivo.read() == oficio_pdf
    guardados = archivos_privados()
    assert oficio.archivo.name in guardados and anexo.archivo.name in guardados

    # The receipt, rendered after commit, and the e-mail that carries it.
    constancia = solicitud.documentos.get(tipo=TipoDocumento.CONSTANCIA_RADICACION)
    assert constancia.generado
    assert len(mail.outbox) == 1
    correo = mail.outbox[0]
    assert correo.to == ["planeacion@bucaramanga.gov.co"]
    assert radicado in correo.subject
    assert correo.attachments[0][0] == f"constancia-{radicado}.pdf"


def test_el_codigo_de_acceso_se_muestra_una_sola_vez(municipal):
    respuesta = municipal.post(URL, formulario(), follow=True)
    solicitud = Solicitud.objects.get()
    html = respuesta.content.decode()
    assert respuesta.status_code == 200
    assert "no-store" in respuesta["Cache-Control"]
    texto = texto_visible(html)
    assert solicitud.radicado in texto
    assert "Anótelo: no se volverá a mostrar." in texto
    codigo = re.search(r'id="codigo-acceso">([A-Z0-9-]+)<', html).group(1)
    assert re.fullmatch(r"[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}", codigo)
    assert solicitud_consultar(radicado=solicitud.radicado, codigo=codigo) == solicitud
    fecha = solicitud.fecha_limite
    assert f"{fecha.day} de" in texto and str(fecha.year) in texto  # in Spanish

    otra_vez = municipal.get(f"/solicitudes/{solicitud.radicado}/radicada/")
    assert otra_vez.status_code == 200
    assert codigo not in otra_vez.content.decode()
    assert "se mostró una sola vez" in texto_visible(otra_vez.content)
    assert (
        "codigos_de_acceso" not in municipal.session
        or not municipal.session["codigos_de_acceso"]
    )


@pytest.mark.parametrize(
    ("cambios", "campo", "mensaje"),
    [
        ({"asunto": ""}, "asunto", "Escriba el asunto de la solicitud."),
        ({"nombre_solicitante": ""}, "nombre_solicitante", "Escriba el nombre"),
        ({"tipo_solicitud": None}, "tipo_solicitud", "Elija qué solicita."),
        ({"oficio": None}, "oficio", "Adjunte el oficio de solicitud en PDF."),
        (
            {"correo_solicitante": "no-es-un-correo"},
            "correo_solicitante",
            "Escriba un correo electrónico válido",
        ),
        (
            {"telefono_solicitante": "llámenos"},
            "telefono_solicitante",
            "Escriba un teléfono válido",
        ),
        (
            {"oficio": pdf("oficio.pdf", b"\x89PNG\r\n\x1a\n" + b"\0" * 200)},
            "oficio",
            "no es un PDF",
        ),
        (
            {"oficio": pdf("oficio.pdf", "Señores: solicitamos...".encode())},
            "oficio",
            "no es un PDF",
        ),
        (
            {"anexos": [pdf(), pdf("foto.pdf", b"\x89PNG\r\n\x1a\nimagen")]},
            "anexos",
            "«foto.pdf» no es un PDF",
        ),
        (
            {"acepta_tratamiento_datos": None},
            "acepta_tratamiento_datos",
            "declarar que conoce el aviso de tratamiento de datos",
        ),
        (
            {"tipo_solicitud": "otra", "tipo_solicitud_otra": "  "},
            "tipo_solicitud_otra",
            "Diga qué solicita si elige «Otra».",
        ),
    ],
)
def test_un_dato_malo_da_un_mensaje_y_no_guarda_nada(
    municipal, cambios, campo, mensaje
):
    respuesta = municipal.post(URL, formulario(**cambios))
    assert respuesta.status_code == 200
    html = respuesta.content.decode()
    assert "Revise los datos" in html  # the summary on top
    error = re.search(rf'<ul class="errorlist" id="id_{campo}_error">(.*?)</ul>', html)
    assert error, f"sin error junto al campo {campo}"
    assert mensaje in error.group(1).replace("&laquo;", "«").replace("&raquo;", "»")
    assert nada_guardado()
    assert "vuelva a adjuntar" in html


def test_un_archivo_demasiado_grande(municipal, settings):
    settings.EXPEDIENTES_TAMANO_MAXIMO = 2048
    grande = pdf("oficio.pdf", pdf_de_prueba(paginas=40))
    assert grande.size > 2048
    respuesta = municipal.post(URL, formulario(oficio=grande))
    assert respuesta.status_code == 200
    assert "el máximo es 2,0" in texto_visible(respuesta.content)
    assert nada_guardado()


def test_un_doble_envio_radica_una_sola_vez(municipal):
    clave = str(uuid.uuid4())
    primera = municipal.post(URL, formulario(clave_envio=clave))
    # Double click: the second answer is the one the browser shows, and the code
    # of the first has not been shown yet.
    segunda = municipal.post(URL, formulario(clave_envio=clave))
    solicitud = Solicitud.objects.get()
    assert primera["Location"] == segunda["Location"]
    assert segunda["Location"] == f"/solicitudes/{solicitud.radicado}/radicada/"
    assert "Anótelo" in texto_visible(municipal.get(segunda["Location"]).content)

    # Back and resubmit, after the confirmation was seen: still one request.
    tercera = municipal.post(URL, formulario(clave_envio=clave), follow=True)
    assert Solicitud.objects.count() == 1
    assert tercera.redirect_chain[-1][0] == f"/solicitudes/{solicitud.radicado}/"
    assert "ya se había enviado" in texto_visible(tercera.content)
    assert len(archivos_privados()) == 1  # the first filing's oficio only


def test_limite_de_radicaciones_por_cuenta(
    municipal, settings, django_user_model, municipio, client
):
    settings.PORTAL_LIMITE_RADICACIONES = "2/h"
    assert municipal.post(URL, formulario()).status_code == 302
    assert municipal.post(URL, formulario()).status_code == 302
    respuesta = municipal.post(URL, formulario())
    assert respuesta.status_code == 429
    assert "envió muchas solicitudes o documentos en poco tiempo" in texto_visible(
        respuesta.content
    )
    assert "no-store" in respuesta["Cache-Control"]
    assert Solicitud.objects.count() == 2
    assert municipal.get(URL).status_code == 200  # reading the form is not limited

    # Per account: a colleague of the same municipality can still file.
    colega = django_user_model.objects.create_user(
        "colega", "colega@bucaramanga.gov.co", "x", municipio=municipio
    )
    client.force_login(colega)
    assert client.post(URL, formulario()).status_code == 302


def test_sin_sesion_lleva_a_ingresar(client, version_vigente):
    respuesta = client.get(URL)
    assert respuesta.status_code == 302
    assert respuesta["Location"] == "/cuenta/ingresar/?next=/solicitudes/nueva/"
    assert client.post(URL, formulario()).status_code == 302
    assert nada_guardado()


@pytest.mark.parametrize("superusuario", [False, True])
def test_una_cuenta_sin_municipio_recibe_403(
    client, django_user_model, version_vigente, superusuario
):
    crear = (
        django_user_model.objects.create_superuser
        if superusuario
        else django_user_model.objects.create_user
    )
    funcionaria = crear("recepcion", "recepcion@santander.gov.co", "x", is_staff=True)
    client.force_login(funcionaria)
    for respuesta in (client.get(URL), client.post(URL, formulario())):
        assert respuesta.status_code == 403
        assert "Su cuenta no pertenece a ningún municipio" in texto_visible(
            respuesta.content
        )
    assert nada_guardado()


def test_la_confirmacion_no_queda_en_la_cache_de_paginas(municipal, settings):
    """With the anonymous page cache on, nothing personal is stored or replayed."""
    settings.CACHES = PAGINAS
    caches["paginas"].clear()
    municipal.get(URL)  # the CSRF cookie: later requests send the same cookies
    respuesta = municipal.post(URL, formulario())
    confirmacion = municipal.get(respuesta["Location"])
    codigo = re.search(r'id="codigo-acceso">([A-Z0-9-]+)<', confirmacion.text).group(1)
    assert "private" in confirmacion["Cache-Control"]
    assert "no-store" in confirmacion["Cache-Control"]
    assert codigo not in municipal.get(respuesta["Location"]).text

    # Same cookies, same URLs: a stored copy would still show the old subject.
    solicitud = Solicitud.objects.get()
    paginas = [respuesta["Location"], f"/solicitudes/{solicitud.radicado}/"]
    paginas += ["/solicitudes/", URL]
    for url in paginas:
        primera = municipal.get(url)
        assert "private" in primera["Cache-Control"], url
        assert "no-store" in primera["Cache-Control"], url
    Solicitud.objects.update(asunto="Asunto cambiado después")
    for url in paginas[:3]:
        assert "Asunto cambiado después" in municipal.get(url).text, url


def test_el_resumen_enlaza_cada_error_con_su_campo(municipal):
    html = municipal.post(
        URL, formulario(plan_vigente=None, asunto="", clave_envio=None)
    ).content.decode()
    resumen = re.search(r'class="resumen-errores".*?</ul>', html, re.S).group(0)
    assert 'href="#id_plan_vigente_0"' in resumen  # the first radio button
    assert 'href="#id_asunto"' in resumen
    assert "El formulario caducó: recargue la página." in resumen
    assert 'href="#id_clave_envio"' not in resumen  # hidden: nothing to go to
    assert 'id="id_plan_vigente_0"' in html
    assert nada_guardado()


def test_la_clave_de_envio_de_otro_municipio_no_revela_nada(
    municipal, otro_municipio, django_user_model
):
    giron = django_user_model.objects.create_user(
        "giron", "planeacion@giron.gov.co", "x", municipio=otro_municipio
    )
    clave = str(uuid.uuid4())
    ajena = Client()
    ajena.force_login(giron)
    ajena.post(URL, formulario(clave_envio=clave))
    solicitud = Solicitud.objects.get()

    respuesta = municipal.post(URL, formulario(clave_envio=clave))
    assert respuesta.status_code == 200
    assert "Este formulario ya se usó" in respuesta.content.decode()
    assert solicitud.radicado not in respuesta.content.decode()
    assert Solicitud.objects.count() == 1


def test_los_envios_rechazados_no_gastan_el_limite(municipal, settings):
    """Ten forms sent back for a missing field, then the valid one is filed."""
    settings.PORTAL_LIMITE_RADICACIONES = "2/h"
    for _ in range(10):
        respuesta = municipal.post(URL, formulario(asunto=""))
        assert respuesta.status_code == 200  # sent back with its errors
    assert not Solicitud.objects.exists()
    assert municipal.post(URL, formulario()).status_code == 302
    assert municipal.post(URL, formulario(asunto="Otra")).status_code == 302
    assert municipal.post(URL, formulario(asunto="Una más")).status_code == 429
    assert Solicitud.objects.count() == 2


def _clave_del_formulario(cliente) -> str:
    html = cliente.get(URL).content.decode()
    return re.search(r'name="clave_envio" value="([^"]+)"', html).group(1)


def test_atras_y_radicar_otra_vez_lleva_a_la_solicitud_ya_radicada(municipal):
    """File, see the confirmation, press Back (a fresh form with a new key, the
    browser puts back every field and the same file), press Radicar again."""
    oficio = pdf_de_prueba()
    primera = municipal.post(
        URL,
        formulario(
            clave_envio=_clave_del_formulario(municipal), oficio=pdf(contenido=oficio)
        ),
    )
    assert primera.status_code == 302
    municipal.get(primera["Location"])  # the code is shown
    solicitud = Solicitud.objects.get()

    nueva_clave = _clave_del_formulario(municipal)  # Back: the page again
    otra_vez = municipal.post(
        URL,
        formulario(clave_envio=nueva_clave, oficio=pdf(contenido=oficio)),
        follow=True,
    )
    assert Solicitud.objects.count() == 1
    assert otra_vez.redirect_chain[-1][0] == f"/solicitudes/{solicitud.radicado}/"
    assert "ya se había enviado" in texto_visible(otra_vez.content)
    assert len(archivos_privados()) == 1

    # Another request, even with the same oficio, is filed.
    distinta = municipal.post(
        URL,
        formulario(
            clave_envio=_clave_del_formulario(municipal),
            asunto="Ajuste del componente rural",
            oficio=pdf(contenido=oficio),
        ),
    )
    assert distinta.status_code == 302
    assert Solicitud.objects.count() == 2
