"""/cuenta/: login, logout, lockout (portal and admin), password reset by e-mail.

With django-axes every authentication needs a request: tests set up sessions with
``force_login`` and log in through real POSTs, as a person would.
"""

import re

import pytest

from django.contrib.auth.models import Group
from django.core import mail
from django.core.cache import caches
from django.test import Client

from tests.utils import texto_visible

INGRESAR = "/cuenta/ingresar/"
RESTABLECER = "/cuenta/clave/restablecer/"
CLAVE = "clave-municipal-2026"


def ingresar(client, usuario, clave, url=INGRESAR):
    return client.post(url, {"username": usuario, "password": clave})


def enlace_del_correo(mensaje) -> str:
    return re.search(r"https?://[^/\s]+(/cuenta/clave/\S+/)", mensaje.body).group(1)


@pytest.fixture
def funcionario(db, django_user_model):
    """Staff of the Secretaría: enters the Wagtail admin through its group."""
    usuario = django_user_model.objects.create_user(
        "ventanilla", "ventanilla@santander.gov.co", "clave-de-ventanilla-2026"
    )
    usuario.groups.add(Group.objects.get(name="Editors"))
    return usuario


# --- Login and logout -------------------------------------------------------------


def test_la_pagina_de_ingreso_esta_en_espanol_y_etiquetada(client, db):
    respuesta = client.get(INGRESAR)
    html = respuesta.content.decode()
    assert respuesta.status_code == 200
    assert '<label for="id_username">Nombre de usuario</label>' in html
    assert '<label for="id_password">Contraseña</label>' in html
    assert f'href="{RESTABLECER}">¿Olvidó su contraseña?</a>' in html
    assert "Ingresar · " in html  # <title>


def test_ingresar_con_la_clave_correcta_lleva_a_mis_solicitudes(
    client, usuario_municipal, inicio
):
    respuesta = ingresar(client, "planeacion.bucaramanga", CLAVE)
    assert respuesta.status_code == 302
    assert respuesta.url == "/solicitudes/"
    assert client.session["_auth_user_id"] == str(usuario_municipal.pk)
    cabecera = client.get("/").content.decode()
    assert 'href="/solicitudes/">Mis solicitudes</a>' in cabecera
    assert 'action="/cuenta/salir/" method="post"' in cabecera
    assert ">Ingresar</a>" not in cabecera


def test_una_clave_equivocada_muestra_el_error_en_espanol(client, usuario_municipal):
    respuesta = ingresar(client, "planeacion.bucaramanga", "no-es-la-clave")
    assert respuesta.status_code == 200
    texto = texto_visible(respuesta.content)
    assert "Revise los datos" in texto
    assert "introduzca un nombre de usuario y clave correctos" in texto
    assert "_auth_user_id" not in client.session


def test_los_campos_vacios_muestran_el_error_junto_al_campo(client, db):
    html = client.post(INGRESAR, {"username": "", "password": ""}).content.decode()
    assert html.count("Este campo es necesario.") == 4  # next to each, and summed up
    assert 'aria-describedby="id_username_error"' in html
    assert 'aria-invalid="true"' in html
    assert '<a href="#id_password">Contraseña: Este campo es necesario.</a>' in html


def test_salir_es_solo_por_post(client, usuario_municipal):
    client.force_login(usuario_municipal)
    assert client.get("/cuenta/salir/").status_code == 405
    respuesta = client.post("/cuenta/salir/")
    assert respuesta.status_code == 302
    assert respuesta.url == "/"
    assert "_auth_user_id" not in client.session


def test_la_cabecera_anonima_ofrece_ingresar(client, inicio):
    html = client.get("/").content.decode()
    assert f'href="{INGRESAR}">Ingresar</a>' in html
    assert "Mis solicitudes" not in html
    assert "/cuenta/salir/" not in html


def test_la_copia_anonima_en_cache_no_llega_a_quien_ingreso(
    client, settings, usuario_municipal, inicio
):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "paginas": {
            "BACKEND": "portal.cache.CacheEnDosNiveles",
            "OPTIONS": {"COMPARTIDA": "default", "REVALIDAR": 0},
        },
    }
    caches["default"].clear()
    try:
        assert ">Ingresar</a>" in client.get("/").content.decode()
        ingresar(client, "planeacion.bucaramanga", CLAVE)
        html = client.get("/").content.decode()
        assert "Mis solicitudes" in html
        assert ">Ingresar</a>" not in html
        client.post("/cuenta/salir/")
        assert "Mis solicitudes" not in client.get("/").content.decode()
    finally:
        caches["default"].clear()


# --- Lockout (django-axes) ----------------------------------------------------------


def test_cinco_fallos_bloquean_la_cuenta_aun_con_la_clave_correcta(
    client, usuario_municipal
):
    for _intento in range(4):
        assert ingresar(client, "planeacion.bucaramanga", "mala").status_code == 200
    quinto = ingresar(client, "planeacion.bucaramanga", "mala")
    assert quinto.status_code == 429
    sexto = ingresar(client, "planeacion.bucaramanga", CLAVE)
    assert sexto.status_code == 429
    assert "_auth_user_id" not in client.session
    texto = texto_visible(sexto.content)
    assert "Cuenta bloqueada temporalmente" in texto
    assert "Después de 5 intentos fallidos" in texto
    assert "bloqueada durante 30 minutos" in texto
    assert "¿Olvidó su contraseña?" in texto
    # Other accounts are not affected: the lock is per account.
    otro = ingresar(client, "otra.cuenta", "mala")
    assert otro.status_code == 200


def test_el_bloqueo_es_por_cuenta_y_direccion(usuario_municipal):
    """Five wrong guesses from one address lock the account there only: whoever
    guesses cannot lock the municipality out from its own office."""
    atacante = Client(REMOTE_ADDR="203.0.113.9")
    for _intento in range(5):
        ingresar(atacante, "planeacion.bucaramanga", "mala")
    assert ingresar(atacante, "planeacion.bucaramanga", CLAVE).status_code == 429

    alcaldia = Client(REMOTE_ADDR="190.0.2.15")
    assert ingresar(alcaldia, "planeacion.bucaramanga", CLAVE).status_code == 302
    assert "_auth_user_id" in alcaldia.session


def test_el_ingreso_al_admin_tambien_se_bloquea(client, funcionario):
    for _intento in range(5):
        ingresar(client, "ventanilla", "mala", url="/admin/login/")
    admin = ingresar(client, "ventanilla", "clave-de-ventanilla-2026", "/admin/login/")
    assert admin.status_code == 429
    assert "Cuenta bloqueada temporalmente" in texto_visible(admin.content)
    # One count for both doors: the portal login is closed too.
    portal = ingresar(client, "ventanilla", "clave-de-ventanilla-2026")
    assert portal.status_code == 429
    assert "_auth_user_id" not in client.session


def test_los_fallos_en_el_portal_bloquean_el_admin(client, funcionario):
    for _intento in range(5):
        ingresar(client, "ventanilla", "mala")
    admin = ingresar(client, "ventanilla", "clave-de-ventanilla-2026", "/admin/login/")
    assert admin.status_code == 429


def test_un_ingreso_correcto_reinicia_la_cuenta_de_fallos(client, usuario_municipal):
    for _intento in range(4):
        ingresar(client, "planeacion.bucaramanga", "mala")
    assert ingresar(client, "planeacion.bucaramanga", CLAVE).status_code == 302
    client.post("/cuenta/salir/")
    for _intento in range(4):
        assert ingresar(client, "planeacion.bucaramanga", "mala").status_code == 200
    assert ingresar(client, "planeacion.bucaramanga", CLAVE).status_code == 302


# --- Password reset -----------------------------------------------------------------


def test_restablecer_la_clave_por_correo(client, usuario_municipal):
    respuesta = client.post(RESTABLECER, {"email": "Planeacion@Bucaramanga.gov.co"})
    assert respuesta.status_code == 302
    assert respuesta.url == "/cuenta/clave/restablecer/enviado/"
    assert len(mail.outbox) == 1
    correo = mail.outbox[0]
    assert correo.to == ["planeacion@bucaramanga.gov.co"]
    assert correo.subject == (
        "Restablecer su contraseña del portal de la Secretaría de Planeación"
    )
    assert "Señor(a) Laura Rincón:" in correo.body
    assert "Su usuario es: planeacion.bucaramanga" in correo.body

    formulario = client.get(enlace_del_correo(correo), follow=True)
    assert "Elegir la contraseña" in texto_visible(formulario.content)
    guardada = client.post(
        formulario.redirect_chain[-1][0],
        {
            "new_password1": "Nueva-clave-del-2026",
            "new_password2": "Nueva-clave-del-2026",
        },
    )
    assert guardada.status_code == 302
    assert guardada.url == "/cuenta/clave/lista/"
    assert "Contraseña guardada" in texto_visible(client.get(guardada.url).content)

    assert ingresar(client, "planeacion.bucaramanga", CLAVE).status_code == 200
    assert (
        ingresar(client, "planeacion.bucaramanga", "Nueva-clave-del-2026").status_code
        == 302
    )


def test_la_respuesta_es_la_misma_exista_o_no_el_correo(client, usuario_municipal):
    existe = client.post(RESTABLECER, {"email": "planeacion@bucaramanga.gov.co"})
    no_existe = client.post(RESTABLECER, {"email": "nadie@ejemplo.gov.co"})
    assert existe.status_code == no_existe.status_code == 302
    assert existe.url == no_existe.url
    assert len(mail.outbox) == 1
    texto = texto_visible(client.get(existe.url).content)
    assert "Si el correo que escribió corresponde a una cuenta activa" in texto


def test_la_nueva_clave_se_valida_en_espanol(client, usuario_municipal):
    client.post(RESTABLECER, {"email": "planeacion@bucaramanga.gov.co"})
    formulario = client.get(enlace_del_correo(mail.outbox[0]), follow=True)
    respuesta = client.post(
        formulario.redirect_chain[-1][0],
        {"new_password1": "12345678", "new_password2": "87654321"},
    )
    texto = texto_visible(respuesta.content)
    assert "Los dos campos de contraseña no coinciden." in texto
    usuario_municipal.refresh_from_db()
    assert usuario_municipal.check_password(CLAVE)


def test_un_enlace_usado_o_roto_lo_dice_y_ofrece_otro(client, usuario_municipal):
    client.post(RESTABLECER, {"email": "planeacion@bucaramanga.gov.co"})
    enlace = enlace_del_correo(mail.outbox[0])
    formulario = client.get(enlace, follow=True)
    client.post(
        formulario.redirect_chain[-1][0],
        {
            "new_password1": "Nueva-clave-del-2026",
            "new_password2": "Nueva-clave-del-2026",
        },
    )
    for url in (enlace, "/cuenta/clave/MQ/no-es-un-token/"):
        respuesta = client.get(url, follow=True)
        assert respuesta.status_code == 200
        texto = texto_visible(respuesta.content)
        assert "El enlace ya no sirve" in texto
        assert f'href="{RESTABLECER}"' in respuesta.content.decode()


def test_una_cuenta_municipal_sin_clave_tambien_puede_pedir_el_enlace(
    client, usuario_municipal, django_user_model
):
    usuario_municipal.set_unusable_password()
    usuario_municipal.save()
    interno = django_user_model.objects.create_user("sin.clave", "interno@example.com")
    client.post(RESTABLECER, {"email": "planeacion@bucaramanga.gov.co"})
    client.post(RESTABLECER, {"email": "interno@example.com"})
    assert [correo.to for correo in mail.outbox] == [["planeacion@bucaramanga.gov.co"]]
    assert not interno.has_usable_password()


# --- Municipal accounts never reach the admin -------------------------------------


def test_una_cuenta_municipal_no_entra_al_admin(client, usuario_municipal):
    client.force_login(usuario_municipal)
    for url in ("/admin/", "/admin/snippets/expedientes/municipio/"):
        respuesta = client.get(url)
        assert respuesta.status_code == 302
        assert respuesta.url.startswith("/admin/login/")


def test_ni_siquiera_con_un_grupo_del_admin_o_como_superusuario(
    client, usuario_municipal
):
    usuario_municipal.groups.add(Group.objects.get(name="Editors"))
    usuario_municipal.is_superuser = True
    usuario_municipal.save()
    assert not usuario_municipal.has_perm("wagtailadmin.access_admin")
    client.force_login(usuario_municipal)
    assert client.get("/admin/").status_code == 302


def test_el_personal_si_entra_al_admin(client, funcionario):
    respuesta = ingresar(
        client, "ventanilla", "clave-de-ventanilla-2026", url="/admin/login/"
    )
    assert respuesta.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_el_personal_entra_a_la_administracion(client, django_user_model, db):
    django_user_model.objects.create_superuser(
        "jefa", "jefa@santander.gov.co", "clave-larga-2026"
    )
    respuesta = client.post(
        "/cuenta/ingresar/", {"username": "jefa", "password": "clave-larga-2026"}
    )
    assert respuesta.status_code == 302
    assert respuesta.url == "/admin/"


def test_el_ingreso_pide_el_usuario_no_solo_un_correo(client, inicio):
    """Demo and paper-era accounts have usernames, not e-mail addresses."""
    texto = client.get("/cuenta/ingresar/").content.decode()
    assert "Escriba su nombre de usuario" in texto
