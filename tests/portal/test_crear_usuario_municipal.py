"""``manage.py crear_usuario_municipal`` and the service behind it; the demo account."""

import io
import re
import smtplib

import pytest

from django.core import mail
from django.core.management import CommandError, call_command
from wagtail.models import ModelLogEntry

from portal.models import Usuario
from portal.services import CuentaError, usuario_municipal_crear
from tests.utils import texto_visible

CORREO = "Planeacion@Bucaramanga.gov.co"


@pytest.fixture
def crear(django_capture_on_commit_callbacks):
    """Runs the command, then what it left for after commit (the e-mail)."""

    def crear(*argumentos: str) -> str:
        salida = io.StringIO()
        with django_capture_on_commit_callbacks(execute=True):
            call_command("crear_usuario_municipal", *argumentos, stdout=salida)
        return salida.getvalue()

    return crear


def test_crea_la_cuenta_y_envia_la_invitacion(client, crear, municipios):
    salida = crear(
        "--municipio",
        "68001",
        "--email",
        CORREO,
        "--nombre",
        "Laura Rincón",
        "--cargo",
        "Secretaria de Planeación municipal",
    )
    usuario = Usuario.objects.get(email__iexact=CORREO)
    assert "Cuenta creada para Bucaramanga (68001)" in salida
    assert "«planeacion@bucaramanga.gov.co»" in salida
    assert usuario.username == "planeacion@bucaramanga.gov.co"
    assert usuario.municipio.nombre == "Bucaramanga"
    assert (usuario.first_name, usuario.last_name) == ("Laura", "Rincón")
    assert usuario.cargo == "Secretaria de Planeación municipal"
    assert usuario.is_active
    assert not usuario.has_usable_password()
    assert not (usuario.is_staff or usuario.is_superuser or usuario.groups.exists())
    assert not usuario.has_perm("wagtailadmin.access_admin")
    assert ModelLogEntry.objects.filter(
        object_id=str(usuario.pk), action="wagtail.create"
    ).exists()

    assert len(mail.outbox) == 1
    correo = mail.outbox[0]
    assert correo.to == ["Planeacion@bucaramanga.gov.co"]
    assert correo.subject == (
        "Su cuenta del municipio de Bucaramanga en el portal de asesoría POT"
    )
    assert "Señor(a) Laura Rincón:" in correo.body
    assert "radicar solicitudes de asesoría" in correo.body
    assert "vence en 3 días" in correo.body
    assert "Su usuario: planeacion@bucaramanga.gov.co" in correo.body
    assert "http://localhost:8000/cuenta/ingresar/" in correo.body

    # The link, as the person would follow it: choose a password, then log in.
    enlace = re.search(r"http://localhost:8000(/cuenta/clave/\S+/)", correo.body)
    formulario = client.get(enlace.group(1), follow=True)
    assert "Elegir la contraseña" in texto_visible(formulario.content)
    assert "planeacion@bucaramanga.gov.co" in texto_visible(formulario.content)
    clave = "Ordenamiento-2026"
    guardada = client.post(
        formulario.redirect_chain[-1][0],
        {"new_password1": clave, "new_password2": clave},
    )
    assert guardada.url == "/cuenta/clave/lista/"
    ingreso = client.post(
        "/cuenta/ingresar/",
        {"username": "planeacion@bucaramanga.gov.co", "password": clave},
    )
    assert ingreso.status_code == 302
    assert client.session["_auth_user_id"] == str(usuario.pk)
    # The link served once.
    otra_vez = client.get(enlace.group(1), follow=True)
    assert "El enlace ya no sirve" in texto_visible(otra_vez.content)


def test_rechaza_un_correo_ya_usado(crear, municipios, usuario_municipal):
    with pytest.raises(CommandError, match="Ya existe una cuenta con el correo"):
        crear("--municipio", "68307", "--email", "PLANEACION@bucaramanga.gov.co")
    assert Usuario.objects.count() == 1
    assert mail.outbox == []


def test_rechaza_un_codigo_divipola_desconocido(crear, municipios):
    with pytest.raises(CommandError) as error:
        crear("--municipio", "05001", "--email", "alguien@medellin.gov.co")
    assert "No hay ningún municipio con el código DIVIPOLA «05001»" in str(error.value)
    assert "68xxx" in str(error.value)
    assert not Usuario.objects.exists()
    assert mail.outbox == []


def test_rechaza_un_correo_invalido(crear, municipios):
    with pytest.raises(CommandError, match="no es un correo electrónico válido"):
        crear("--municipio", "68001", "--email", "planeacion-bucaramanga")
    assert not Usuario.objects.exists()


def test_si_el_correo_falla_la_cuenta_queda_y_se_dice_como_seguir(
    client, transactional_db, municipio, monkeypatch
):
    """Committed for real: the e-mail goes out (or fails) inside the command."""

    def sin_servidor(*args, **kwargs):
        raise smtplib.SMTPServerDisconnected("conexión cerrada")

    monkeypatch.setattr("portal.services.send_mail", sin_servidor)
    with pytest.raises(CommandError, match="quedó creada, pero el correo no salió"):
        call_command(
            "crear_usuario_municipal", "--municipio=68001", f"--email={CORREO}"
        )
    assert Usuario.objects.filter(municipio=municipio).count() == 1
    monkeypatch.undo()
    # "¿Olvidó su contraseña?" sends a working link to the account without password.
    client.post("/cuenta/clave/restablecer/", {"email": CORREO})
    assert len(mail.outbox) == 1


def test_el_servicio_registra_quien_creo_la_cuenta(municipio, django_user_model):
    jefe = django_user_model.objects.create_superuser("jefe", "jefe@example.com", "x")
    usuario = usuario_municipal_crear(
        municipio=municipio,
        email="ventanilla@giron.gov.co",
        nombre="Héctor Julio Fuentes Durán",
        enviado_por=jefe,
    )
    assert (usuario.first_name, usuario.last_name) == ("Héctor Julio", "Fuentes Durán")
    entrada = ModelLogEntry.objects.get(object_id=str(usuario.pk))
    assert entrada.user == jefe
    assert entrada.data["municipio"] == "68001"
    with pytest.raises(CuentaError):
        usuario_municipal_crear(municipio=municipio, email="VENTANILLA@giron.gov.co")


def test_la_cuenta_municipal_de_demostracion(
    client, municipios, procedimiento, settings, django_capture_on_commit_callbacks
):
    settings.DEBUG = True
    salida = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("crear_admin_demo", stdout=salida)
        call_command("crear_admin_demo", stdout=salida)  # twice: nothing duplicated
    assert "usuario «admin», contraseña «admin»" in salida.getvalue()
    assert "usuario «bucaramanga», contraseña «demo»" in salida.getvalue()
    assert "Solicitud de demostración SP-" in salida.getvalue()
    assert "(ya existía)" in salida.getvalue()
    cuenta = Usuario.objects.get(username="bucaramanga")
    assert cuenta.municipio.codigo_divipola == "68001"
    assert cuenta.cargo == "Secretario de Planeación municipal"
    assert not cuenta.has_perm("wagtailadmin.access_admin")
    respuesta = client.post(
        "/cuenta/ingresar/", {"username": "bucaramanga", "password": "demo"}
    )
    assert respuesta.status_code == 302
