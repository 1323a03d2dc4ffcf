"""The Ventanilla única radicates paper requests in the admin, through the service."""

import re
import time
from io import BytesIO

import pytest
from pypdf import PdfReader

from django.apps import apps
from django.contrib.auth.models import Group
from django.core import mail
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from expedientes.codigos import cifrados_posibles
from expedientes.constants import Canal, TipoDocumento
from expedientes.models import Solicitud
from expedientes.services import roles_asegurar
from expedientes.ventanilla import PASE, VIGENCIA_PASE
from tests.factories import pdf_de_prueba
from tests.utils import archivos_privados, texto_visible


@pytest.fixture
def recepcionista(django_user_model, db):
    roles_asegurar()
    usuaria = django_user_model.objects.create_user(
        "recepcion",
        "recepcion@santander.gov.co",
        first_name="Marta",
        cargo="Recepcionista",
    )
    usuaria.groups.add(Group.objects.get(name="Ventanilla única"))
    return usuaria


def formulario(municipio, **cambios):
    return {
        "municipio": municipio.pk,
        "nombre_solicitante": "Jorge Díaz",
        "cargo_solicitante": "Alcalde",
        "correo_solicitante": "alcaldia@giron.gov.co",
        "telefono_solicitante": "607 646 0000",
        "plan_vigente": "PBOT",
        "tipo_solicitud": "revision_excepcional",
        "asunto": "Revisión excepcional & ajustes <urgente>",
        "descripcion": "Oficio recibido en la ventanilla.",
        "oficio": SimpleUploadedFile("escaneo.pdf", pdf_de_prueba(2)),
        "acepta_tratamiento_datos": "on",
        **cambios,
    }


def test_radicar_una_solicitud_en_papel(
    client,
    recepcionista,
    otro_municipio,
    version_vigente,
    django_capture_on_commit_callbacks,
):
    client.force_login(recepcionista)
    with django_capture_on_commit_callbacks(execute=True):
        respuesta = client.post(
            "/admin/solicitudes/new/", formulario(otro_municipio), follow=True
        )
    solicitud = Solicitud.objects.get()
    assert solicitud.canal == Canal.VENTANILLA
    assert solicitud.municipio == otro_municipio
    assert solicitud.radicada_por == recepcionista
    assert solicitud.eventos.get().actor == recepcionista
    texto = texto_visible(respuesta.content)
    assert f"Solicitud radicada con el número {solicitud.radicado}" in texto
    assert "Revisión excepcional & ajustes <urgente>" in texto  # escaped, not markup
    assert "<urgente>" not in respuesta.content.decode()
    listado = texto_visible(client.get("/admin/solicitudes/").content)
    assert solicitud.radicado in listado and "Girón" in listado
    # The requester on paper never saw the screen: the e-mail says who has the code.
    from django.core import mail

    [correo] = [m for m in mail.outbox if m.to == ["alcaldia@giron.gov.co"]]
    assert "que le entregaron en la Ventanilla única" in correo.body
    assert "en pantalla" not in correo.body


def test_un_escaneo_que_no_es_pdf_se_rechaza(
    client, recepcionista, otro_municipio, version_vigente
):
    client.force_login(recepcionista)
    falso = SimpleUploadedFile("escaneo.pdf", b"GIF89a no soy pdf")
    respuesta = client.post(
        "/admin/solicitudes/new/", formulario(otro_municipio, oficio=falso)
    )
    assert respuesta.status_code == 200
    assert "no es un PDF" in texto_visible(respuesta.content)
    assert not Solicitud.objects.exists()


def test_sin_el_rol_no_se_radica_y_nadie_edita(
    client, django_user_model, recepcionista, otro_municipio, version_vigente
):
    editor = django_user_model.objects.create_user("editor", "e@santander.gov.co")
    editor.groups.add(Group.objects.get_or_create(name="Editores")[0])
    from django.contrib.auth.models import Permission

    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    # Wagtail answers a refused admin view by sending back to the dashboard.
    respuesta = client.post("/admin/solicitudes/new/", formulario(otro_municipio))
    assert (respuesta.status_code, respuesta.url) == (302, "/admin/")
    assert not Solicitud.objects.exists()

    client.force_login(recepcionista)
    client.post("/admin/solicitudes/new/", formulario(otro_municipio))
    solicitud = Solicitud.objects.get()
    assert client.get(f"/admin/solicitudes/edit/{solicitud.pk}/").status_code in (
        302,
        403,
    )
    assert client.get(f"/admin/solicitudes/delete/{solicitud.pk}/").status_code in (
        302,
        403,
    )
    assert client.get(f"/admin/solicitudes/inspect/{solicitud.pk}/").status_code == 200


def test_la_ventanilla_revisa_los_datos_como_el_portal(
    client, recepcionista, otro_municipio, version_vigente
):
    client.force_login(recepcionista)
    datos = formulario(otro_municipio, telefono_solicitante="llamar a la alcaldía")
    del datos["asunto"]
    texto = texto_visible(client.post("/admin/solicitudes/new/", datos).content)
    assert "Escriba un teléfono válido" in texto
    assert "Escriba el asunto de la solicitud." in texto
    assert not Solicitud.objects.exists()


# --- the printed access sheet ---------------------------------------------------------

CODIGO = re.compile(r"\b[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}\b")


def _texto_pdf(contenido: bytes) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(BytesIO(contenido)).pages)


def _en_la_base_de_datos(texto: str) -> list[str]:
    """Every table (sessions, logs, snapshots…) whose rows mention ``texto``."""
    encontrados = []
    for modelo in apps.get_models():
        for fila in modelo._base_manager.values_list():
            if any(texto in str(valor) for valor in fila):
                encontrados.append(modelo._meta.label)
                break
    return encontrados


def test_la_ventanilla_imprime_la_hoja_de_acceso_sin_guardar_el_codigo(
    client,
    recepcionista,
    otro_municipio,
    version_vigente,
    django_capture_on_commit_callbacks,
    django_user_model,
    settings,
):
    settings.WAGTAILADMIN_BASE_URL = "https://planeacion.santander.gov.co"
    client.force_login(recepcionista)
    with django_capture_on_commit_callbacks(execute=True):
        respuesta = client.post("/admin/solicitudes/new/", formulario(otro_municipio))
    solicitud = Solicitud.objects.get()
    confirmacion = f"/admin/solicitudes/radicada/{solicitud.pk}/"
    assert respuesta.status_code == 302 and respuesta["Location"] == confirmacion

    # The clerk's confirmation shows the code once, with the button to print it.
    pagina = texto_visible(client.get(confirmacion).content)
    [codigo] = CODIGO.findall(pagina)
    assert solicitud.codigo_acceso_hash in cifrados_posibles(codigo)
    assert "Imprimir hoja de acceso" in pagina

    # GET does not print: the sheet is a POST with the CSRF token.
    url_hoja = f"/admin/solicitudes/hoja-acceso/{solicitud.pk}/"
    assert client.get(url_hoja).status_code == 405
    hoja = client.post(url_hoja)
    assert hoja.status_code == 200 and hoja["Content-Type"] == "application/pdf"
    assert "no-store" in hoja["Cache-Control"]
    texto = _texto_pdf(hoja.content)
    assert len(PdfReader(BytesIO(hoja.content)).pages) == 1
    assert codigo in texto and solicitud.radicado in texto
    assert "HOJA DE ACCESO" in texto and "Girón" in texto
    assert "https://planeacion.santander.gov.co/consulta/" in texto

    # The code is nowhere at rest: not in any table (sessions included), not in
    # the case files (the receipt among them), nor in the e-mails.
    for forma in (codigo, codigo.replace("-", "")):
        assert _en_la_base_de_datos(forma) == []
        for ruta in archivos_privados():
            with storages["privado"].open(ruta) as archivo:
                contenido = archivo.read()
            assert forma.encode() not in contenido
            if ruta.endswith(".pdf"):
                assert forma not in _texto_pdf(contenido)
        assert all(forma not in m.body for m in mail.outbox)

    # The paper requester is told where the code is: on the printed sheet.
    [correo] = [m for m in mail.outbox if m.to == ["alcaldia@giron.gov.co"]]
    assert "hoja de acceso impresa" in correo.body
    constancia = solicitud.documentos.get(tipo=TipoDocumento.CONSTANCIA_RADICACION)
    with storages["privado"].open(constancia.archivo.name) as archivo:
        texto_constancia = " ".join(_texto_pdf(archivo.read()).split())
    assert "hoja de acceso impresa que le entregaron en la Ventanilla" in (
        texto_constancia
    )
    assert "se mostró una sola vez" not in texto_constancia

    # Another clerk of the Ventanilla única, even with the first one's cookie,
    # gets nothing.
    otra = django_user_model.objects.create_user("recepcion2", "r2@santander.gov.co")
    otra.groups.add(Group.objects.get(name="Ventanilla única"))
    otro_cliente = Client()
    otro_cliente.force_login(otra)
    otro_cliente.cookies[PASE] = client.cookies[PASE].value
    assert otro_cliente.post(url_hoja).status_code == 404
    assert codigo not in otro_cliente.get(confirmacion).content.decode()

    # "Terminar" forgets the code: the sheet cannot be printed again.
    assert client.post(confirmacion).status_code == 302
    assert codigo not in client.get(confirmacion).content.decode()
    otra_vez = client.post(url_hoja, follow=True)
    assert "ya no se puede imprimir" in texto_visible(otra_vez.content)
    assert codigo not in otra_vez.content.decode()


def test_la_hoja_de_acceso_vence(
    client, recepcionista, otro_municipio, version_vigente, monkeypatch
):
    client.force_login(recepcionista)
    client.post("/admin/solicitudes/new/", formulario(otro_municipio))
    solicitud = Solicitud.objects.get()
    url_hoja = f"/admin/solicitudes/hoja-acceso/{solicitud.pk}/"
    assert client.post(url_hoja)["Content-Type"] == "application/pdf"
    ahora = time.time()
    monkeypatch.setattr(time, "time", lambda: ahora + VIGENCIA_PASE + 60)
    respuesta = client.post(url_hoja)
    assert respuesta.status_code == 302
    assert respuesta["Location"] == f"/admin/solicitudes/inspect/{solicitud.pk}/"
