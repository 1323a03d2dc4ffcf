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
