"""The Ventanilla única radicates paper requests in the admin, through the service."""

import pytest

from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile

from expedientes.constants import Canal
from expedientes.models import Solicitud
from expedientes.services import roles_asegurar
from tests.factories import pdf_de_prueba
from tests.utils import texto_visible


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
