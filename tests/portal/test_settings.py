"""Production settings: secrets from the environment, safe by default."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

RAIZ = Path(__file__).resolve().parents[2]
ENTORNO = {
    "DJANGO_SETTINGS_MODULE": "portal.settings.production",
    "SECRET_KEY": "una-clave-larga-y-aleatoria-" + "x" * 40,
    "ALLOWED_HOSTS": "asesoria.santander.gov.co",
    "DATABASE_URL": "sqlite:///:memory:",
    "SITE_URL": "https://asesoria.santander.gov.co",
    "FIRMA_TSA_URL": "https://tsa.example.invalid/",
}


@pytest.fixture(autouse=True)
def certificado_de_la_entidad(pki_de_prueba):
    """Production signs every record: the session's test certificate stands for
    the entity's (a PKCS#12 file and its password)."""
    ENTORNO["FIRMA_PKCS12"] = str(pki_de_prueba.pkcs12)
    ENTORNO["FIRMA_PKCS12_CLAVE"] = pki_de_prueba.clave_pkcs12


def _manage(*argumentos: str, **entorno: str) -> subprocess.CompletedProcess:
    # Nothing from the test process (e.g. the browser tests' async switch) leaks in.
    fuera = {*ENTORNO, "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {k: v for k, v in os.environ.items() if k not in fuera}
    env.update(entorno)
    return subprocess.run(  # noqa: S603 - our own manage.py
        [sys.executable, "manage.py", *argumentos],
        cwd=RAIZ,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_pasa_sin_avisos():
    resultado = _manage("check", "--deploy", "--fail-level", "WARNING", **ENTORNO)
    assert resultado.returncode == 0, resultado.stderr + resultado.stdout


@pytest.mark.parametrize(
    "falta", ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "SITE_URL"]
)
def test_produccion_no_arranca_sin_su_configuracion(falta):
    entorno = {k: v for k, v in ENTORNO.items() if k != falta}
    resultado = _manage("check", **entorno)
    assert resultado.returncode != 0
    assert f"Falta la variable de entorno {falta}" in resultado.stderr


@pytest.mark.parametrize("falta", ["FIRMA_PKCS12", "FIRMA_TSA_URL"])
def test_produccion_no_arranca_sin_certificado_ni_sello_de_tiempo(falta):
    entorno = {k: v for k, v in ENTORNO.items() if k != falta}
    resultado = _manage("check", **entorno)
    assert resultado.returncode != 0
    assert f"Falta la variable de entorno {falta}" in resultado.stderr


def test_produccion_no_arranca_con_un_certificado_que_no_esta(tmp_path):
    resultado = _manage(
        "check", **{**ENTORNO, "FIRMA_PKCS12": str(tmp_path / "no-esta.p12")}
    )
    assert resultado.returncode != 0
    assert "no es un archivo legible" in resultado.stderr


def test_check_deploy_abre_el_certificado(tmp_path):
    """A wrong password is found by ``check --deploy``, not by the first record."""
    resultado = _manage(
        "check", "--deploy", **{**ENTORNO, "FIRMA_PKCS12_CLAVE": "no-es-la-clave"}
    )
    assert resultado.returncode != 0
    assert "expedientes.E001" in resultado.stderr + resultado.stdout


def test_sin_llamadas_a_servicios_externos(settings):
    assert settings.WAGTAIL_ENABLE_UPDATE_CHECK is False
    assert settings.WAGTAIL_GRAVATAR_PROVIDER_URL is None


def test_rotar_secret_key_no_invalida_los_codigos_de_acceso(settings):
    from expedientes.codigos import cifrar_codigo

    settings.SECRET_KEY = "clave-de-siempre"  # noqa: S105
    settings.EXPEDIENTES_CLAVE_CODIGOS = ""
    emitido_antes = cifrar_codigo("ABCD-EFGH-JK23")  # keyed to SECRET_KEY

    # The first step of a rotation: the codes get the old key as their own.
    settings.EXPEDIENTES_CLAVE_CODIGOS = "clave-de-siempre"
    settings.SECRET_KEY = "clave-nueva"  # noqa: S105
    assert cifrar_codigo("ABCD-EFGH-JK23") == emitido_antes


def test_detras_de_un_proxy_se_cuenta_la_direccion_del_cliente():
    resultado = _manage(
        "shell",
        "-c",
        "from django.conf import settings as s; "
        "print(s.RATELIMIT_IP_META_KEY, s.AXES_IPWARE_META_PRECEDENCE_ORDER[0], "
        "s.AXES_LOCKOUT_PARAMETERS)",
        IP_CLIENTE_CABECERA="HTTP_X_REAL_IP",
        **ENTORNO,
    )
    assert resultado.returncode == 0, resultado.stderr
    ultima = resultado.stdout.strip().splitlines()[-1]
    assert ultima.split()[:2] == ["HTTP_X_REAL_IP", "HTTP_X_REAL_IP"]
    assert "[['username', 'ip_address']]" in ultima


def _ajuste(nombre: str, **entorno: str) -> str:
    resultado = _manage(
        "shell",
        "-c",
        f"from django.conf import settings; print(settings.{nombre})",
        **entorno,
    )
    assert resultado.returncode == 0, resultado.stderr
    return resultado.stdout.strip().splitlines()[-1]


def test_produccion_toma_la_direccion_publica_de_site_url():
    assert _ajuste("WAGTAILADMIN_BASE_URL", **ENTORNO) == ENTORNO["SITE_URL"]
    assert _ajuste("WAGTAILAPI_BASE_URL", **ENTORNO) == ENTORNO["SITE_URL"]
    # E-mails leave from the site's domain, never from localhost.
    assert _ajuste("DEFAULT_FROM_EMAIL", **ENTORNO) == (
        "Secretaría de Planeación <no-responder@asesoria.santander.gov.co>"
    )


@pytest.mark.parametrize(
    "direccion",
    [
        "asesoria.santander.gov.co",  # no scheme
        "https://asesoria.santander.gov.co/portal/",  # a path
        "https://otro.example.com",  # not in ALLOWED_HOSTS
    ],
)
def test_produccion_no_arranca_con_una_direccion_publica_mala(direccion):
    resultado = _manage("check", **{**ENTORNO, "SITE_URL": direccion})
    assert resultado.returncode != 0
    assert "SITE_URL" in resultado.stderr


def test_en_desarrollo_los_enlaces_usan_el_puerto_servido():
    from portal.settings.dev import puerto_servido

    assert puerto_servido(["manage.py", "runserver", "0.0.0.0:9000"], {}) == "9000"
    assert puerto_servido(["manage.py", "runserver", "--noreload", "8100"], {}) == (
        "8100"
    )
    assert puerto_servido(["manage.py", "cargar_demo"], {"PORT": "8765"}) == "8765"
    assert puerto_servido(["manage.py", "cargar_demo"], {}) == "8000"
    desarrollo = {"DJANGO_SETTINGS_MODULE": "portal.settings.dev", "PORT": "8765"}
    assert _ajuste("WAGTAILADMIN_BASE_URL", **desarrollo) == "http://localhost:8765"


def test_los_correos_de_la_demo_salen_de_la_entidad():
    remitente = _ajuste(
        "DEFAULT_FROM_EMAIL", DJANGO_SETTINGS_MODULE="portal.settings.dev"
    )
    assert remitente == (
        "Secretaría de Planeación · Gobernación de Santander "
        "<no-responder@santander.gov.co>"
    )
