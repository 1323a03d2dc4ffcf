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
}


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


@pytest.mark.parametrize("falta", ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL"])
def test_produccion_no_arranca_sin_su_configuracion(falta):
    entorno = {k: v for k, v in ENTORNO.items() if k != falta}
    resultado = _manage("check", **entorno)
    assert resultado.returncode != 0
    assert f"Falta la variable de entorno {falta}" in resultado.stderr


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
