"""nginx's configuration as ``manage.py servir`` renders it, and nginx alone in
front of a gunicorn that does not answer (its Spanish 502)."""

from __future__ import annotations

import http.client
import subprocess
import time

import pytest

from django.core.management import CommandError, call_command

from portal.middleware import limite_de_cuerpo
from portal.servir import (
    PAGINAS_NGINX,
    ErrorDeConfiguracion,
    Opciones,
    Pila,
    nginx_disponible,
    rellenar,
)

from .conftest import HOST, puerto_libre, requiere_nginx

pytestmark = pytest.mark.xdist_group("servidor")


def test_solo_configuracion_para_un_nginx_del_sistema(tmp_path, settings):
    """What a system nginx's conf.d/ gets: the site's limits and the error
    pages, each in Spanish, and nginx takes it inside its http block."""
    requiere_nginx()
    settings.ALLOWED_HOSTS = ["asesoria.santander.gov.co"]
    call_command(
        "servir", "--solo-configuracion", str(tmp_path), "--carpeta", "/run/asesoria"
    )
    conf = (tmp_path / "asesoria.conf").read_text()
    assert f"client_max_body_size {limite_de_cuerpo()};" in conf
    assert "server_name asesoria.santander.gov.co;" in conf
    assert "server unix:/run/asesoria/gunicorn.sock fail_timeout=0;" in conf
    assert "{{" not in conf
    for codigo in PAGINAS_NGINX:
        pagina = (tmp_path / "errores" / f"{codigo}.html").read_text()
        assert '<html lang="es-CO">' in pagina and "Gobernación de Santander" in pagina
    principal = tmp_path / "nginx.conf"
    principal.write_text(
        f"pid {tmp_path / 'pid'};\nerror_log stderr;\nevents {{}}\n"
        "http {\n include /etc/nginx/mime.types;\n"
        f" include {tmp_path}/asesoria.conf;\n}}\n"
    )
    prueba = subprocess.run(  # noqa: S603 - nginx, fixed args
        [nginx_disponible(), "-t", "-p", str(tmp_path), "-c", str(principal)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert prueba.returncode == 0, prueba.stderr


def test_valores_que_nginx_no_puede_tomar_se_rechazan_en_espanol(tmp_path):
    with pytest.raises(CommandError, match="no es un nombre de servidor válido"):
        call_command(
            "servir",
            "--solo-configuracion",
            str(tmp_path),
            "--servidor",
            "a; include /etc/shadow",
        )
    with pytest.raises(CommandError, match="hacen falta --certificado"):
        call_command(
            "servir", "--solo-configuracion", str(tmp_path), "--puerto-tls", "443"
        )
    with pytest.raises(ErrorDeConfiguracion, match=r"\{\{ falta \}\} sin valor"):
        rellenar("a {{ falta }} b $remote_addr", {})
    assert rellenar("{{ a }} $host", {"a": 1}) == "1 $host"


def test_sin_gunicorn_502_en_espanol(tmp_path, settings):
    """gunicorn down (restarting, crashed): nginx's own 502, the site's page."""
    requiere_nginx()
    settings.ALLOWED_HOSTS = [HOST]
    pila = Pila(Opciones(carpeta=tmp_path, puerto=puerto_libre()))
    principal = pila.preparar()
    nginx = subprocess.Popen(  # noqa: S603 - nginx, fixed args
        [nginx_disponible(), "-p", str(tmp_path), "-c", str(principal)]
        + ["-g", "daemon off;"],
        stderr=subprocess.DEVNULL,
    )
    try:
        fin = time.monotonic() + 20
        while True:
            try:
                conexion = http.client.HTTPConnection(
                    HOST, pila.opciones.puerto, timeout=10
                )
                conexion.request("GET", "/solicitudes/")
                respuesta = conexion.getresponse()
                break
            except ConnectionRefusedError:
                assert time.monotonic() < fin
                time.sleep(0.2)
        cuerpo = respuesta.read().decode()
        assert respuesta.status == 502
        assert "<h1>Servicio no disponible por un momento</h1>" in cuerpo
        assert respuesta.getheader("Cache-Control") == "no-store"
    finally:
        nginx.terminate()
        nginx.wait(timeout=10)
