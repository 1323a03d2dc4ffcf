"""The production stack, really served: ``manage.py servir`` (nginx in front of
gunicorn) with production settings on free ports, for the tests of this folder.

`make test` (and so CI) installs nginx first (`make nginx`); without it these
tests are skipped with the reason, and under CI they fail.
"""

from __future__ import annotations

import http.client
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from expedientes.firma.demo import entorno_de_servidor_sin_firmas
from portal.servir import nginx_disponible

RAIZ = Path(__file__).resolve().parents[2]
HOST = "127.0.0.1"
#: Short timeouts so that the tests see nginx drop slow clients within seconds.
ESPERA = 3
#: Requests per second and burst per address: low, so a test can reach them.
RITMO, RAFAGA = 5, 20
#: A network the tests never come from: its details must not leak to a client
#: that only claims (X-Real-IP, X-Forwarded-For) to be there.
RED_DE_MONITOREO = "10.9.9.0/24"


def requiere_nginx() -> None:
    if nginx_disponible():
        return
    razon = "nginx no está instalado: `make nginx` lo instala (make test lo hace)."
    if os.environ.get("CI"):
        pytest.fail(razon)
    pytest.skip(razon)


def puerto_libre() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


@dataclass
class Pila:
    puerto: int
    carpeta: Path
    proceso: subprocess.Popen

    def get(
        self, ruta: str, cabeceras: dict[str, str] | None = None, espera: float = 30
    ) -> tuple[int, dict[str, str], str, float]:
        """(status, headers, body, seconds) of one GET, connection closed."""
        conexion = http.client.HTTPConnection(HOST, self.puerto, timeout=espera)
        try:
            inicio = time.monotonic()
            conexion.request("GET", ruta, headers=cabeceras or {})
            respuesta = conexion.getresponse()
            cuerpo = respuesta.read().decode("utf-8", "replace")
            return (
                respuesta.status,
                {k.lower(): v for k, v in respuesta.getheaders()},
                cuerpo,
                time.monotonic() - inicio,
            )
        finally:
            conexion.close()

    def crudo(self, datos: bytes, espera: float = 10) -> bytes:
        """What the server answers to these bytes, until it closes or ``espera``."""
        with socket.create_connection((HOST, self.puerto), timeout=espera) as s:
            s.sendall(datos)
            recibido = b""
            try:
                while trozo := s.recv(65536):
                    recibido += trozo
            except (TimeoutError, ConnectionResetError):
                pass
            return recibido

    def registro(self) -> str:
        return (self.carpeta / "nginx-acceso.log").read_text(errors="replace")


def _entorno(carpeta: Path) -> dict[str, str]:
    """Production settings on a SQLite file of the stack's own."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL", "SALUD_"))
    }
    for nombre in ("static", "media", "privado"):
        (carpeta / nombre).mkdir()
    # Production refuses to start without the certificate records are signed with.
    return (
        env
        | entorno_de_servidor_sin_firmas(carpeta / "firma")
        | {
            "DJANGO_SETTINGS_MODULE": "portal.settings.production",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": f"{HOST},localhost",
            "DATABASE_URL": f"sqlite:///{carpeta / 'db.sqlite3'}",
            "SITE_URL": f"http://{HOST}",
            "SECURE_SSL_REDIRECT": "0",
            "STATIC_ROOT": str(carpeta / "static"),
            "MEDIA_ROOT": str(carpeta / "media"),
            "PRIVATE_MEDIA_ROOT": str(carpeta / "privado"),
            "SALUD_REDES": RED_DE_MONITOREO,
            "SALUD_CLAVE": "clave-de-monitoreo-de-prueba",
            "PYTHONUNBUFFERED": "1",
        }
    )


def _manage(env: dict[str, str], *argumentos: str) -> None:
    _manage_salida(env, *argumentos)


def _manage_salida(env: dict[str, str], *argumentos: str) -> str:
    """What ``manage.py argumentos`` wrote to stdout; it must succeed."""
    resultado = subprocess.run(  # noqa: S603 - our own manage.py
        [sys.executable, "manage.py", *argumentos],
        cwd=RAIZ,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert resultado.returncode == 0, resultado.stderr[-3000:]
    return resultado.stdout


def arrancar_pila(carpeta: Path, env: dict[str, str], *argumentos: str) -> Pila:
    """``manage.py servir`` (2 workers) with ``argumentos``, once ``/healthz``
    answers 200; ``parar_pila`` stops it."""
    puerto = puerto_libre()
    proceso = subprocess.Popen(  # noqa: S603 - our own manage.py
        [
            sys.executable,
            "manage.py",
            "servir",
            "--carpeta",
            str(carpeta / "run"),
            "--puerto",
            str(puerto),
            "--trabajadores",
            "2",
            *argumentos,
        ],
        cwd=RAIZ,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=open(carpeta / "servir.log", "wb"),
        start_new_session=True,
    )
    servida = Pila(puerto, carpeta / "run", proceso)
    fin = time.monotonic() + 90
    while True:
        if proceso.poll() is not None:
            raise AssertionError((carpeta / "servir.log").read_text())
        try:
            if servida.get("/healthz", espera=5)[0] == 200:
                return servida
        except OSError:
            pass
        if time.monotonic() > fin:
            parar_pila(servida)
            raise AssertionError("El sitio no respondió en 90 s.")
        time.sleep(0.3)


def parar_pila(servida: Pila) -> None:
    proceso = servida.proceso
    if proceso.poll() is None:
        os.killpg(proceso.pid, signal.SIGTERM)
        try:
            proceso.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proceso.pid, signal.SIGKILL)
            proceso.wait(timeout=5)


def preparar_base(env: dict[str, str]) -> None:
    """Tables, cache table, static files and the seed procedure published."""
    _manage(env, "migrate", "--noinput", "-v0")
    _manage(env, "createcachetable")
    _manage(env, "collectstatic", "--noinput", "-v0")
    _manage(env, "cargar_demo")


@pytest.fixture(scope="session")
def pila(tmp_path_factory):
    """nginx + gunicorn (2 workers) as ``manage.py servir`` runs them, stopped at
    the end; the seed procedure published."""
    requiere_nginx()
    carpeta = tmp_path_factory.mktemp("pila")
    env = _entorno(carpeta)
    preparar_base(env)
    servida = arrancar_pila(
        carpeta,
        env,
        "--espera-cabecera",
        str(ESPERA),
        "--espera-cuerpo",
        str(ESPERA),
        "--peticiones-por-segundo",
        str(RITMO),
        "--rafaga",
        str(RAFAGA),
    )
    try:
        yield servida
    finally:
        parar_pila(servida)
