"""The production stack: nginx in front of gunicorn (``manage.py servir``).

Why (README, "Production"): gunicorn's sync and gthread workers are each held by
one slow client, so two connections sending a header line every 2 s left the site
and ``/healthz`` unreachable until the workers timed out. nginx holds any number of
slow connections on its event loop, refuses a body over the site's limit before
reading it, and answers its own errors with the site's Spanish pages; gunicorn
(``deploy/gunicorn.conf.py``) then only ever talks to nginx.

``Pila`` renders ``deploy/nginx.conf.plantilla`` and the error pages into a folder
of its own, starts gunicorn on a unix socket in it, nginx in front (and, if asked,
``manage.py trabajador``), and watches them: when one exits, it stops the others
and exits too (systemd or the shell starts it again). The test suite and the bench
run the very same stack (``tests/servidor/``, ``bench/pila.py``).
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string

from .errores import ENTIDAD_DE_RESPALDO, TITULOS
from .middleware import limite_de_cuerpo

RAIZ = Path(settings.BASE_DIR)
PLANTILLA = RAIZ / "deploy" / "nginx.conf.plantilla"
GUNICORN_CONF = RAIZ / "deploy" / "gunicorn.conf.py"

logger = logging.getLogger(__name__)

#: The errors nginx answers itself, each with the template it renders (the site's
#: own where Django has the same error) and what that template needs.
PAGINAS_NGINX = {
    400: "400.html",
    413: "413.html",
    414: "414.html",
    429: "portal/429.html",
    500: "500.html",
    502: "502.html",
    503: "503.html",
    504: "504.html",
}
TITULOS_NGINX = {
    **TITULOS,
    414: "Dirección demasiado larga",
    502: "Servicio no disponible por un momento",
    504: "El servicio tardó demasiado en responder",
}


class ErrorDeConfiguracion(Exception):
    """A value that nginx's configuration cannot take; the message says which."""


@dataclass
class Opciones:
    """What the configuration is rendered from (``manage.py servir``'s options)."""

    carpeta: Path
    puerto: int = 8000
    direccion: str = "127.0.0.1"
    #: Host names nginx answers for; any other gets a 400 (default: ALLOWED_HOSTS).
    servidores: list[str] = field(default_factory=list)
    puerto_tls: int | None = None
    certificado: str = ""
    clave_tls: str = ""
    espera_cabecera: int = 10
    espera_cuerpo: int = 15
    espera_envio: int = 30
    conexiones_por_ip: int = 60
    peticiones_por_segundo: int = 20
    rafaga: int = 100
    trabajadores: int | None = None


def _nombres_de_servidor(opciones: Opciones) -> str:
    nombres = opciones.servidores or [
        h.lstrip(".") if h.startswith(".") else h
        for h in settings.ALLOWED_HOSTS
        if h != "*"
    ]
    for nombre in nombres:
        if not re.fullmatch(r"[A-Za-z0-9.\-\[\]:*]+", nombre):
            raise ErrorDeConfiguracion(
                f"«{nombre}» no es un nombre de servidor válido para nginx."
            )
    if not nombres:
        raise ErrorDeConfiguracion(
            "Falta al menos un nombre de servidor (ALLOWED_HOSTS o --servidor)."
        )
    return " ".join(nombres)


def _escucha(opciones: Opciones, *, por_defecto: bool) -> str:
    extra = " default_server" if por_defecto else ""
    lineas = [f"listen {opciones.direccion}:{opciones.puerto}{extra};"]
    if opciones.puerto_tls:
        lineas.append(f"listen {opciones.direccion}:{opciones.puerto_tls} ssl{extra};")
        if por_defecto:  # no certificate for unknown names: refuse the handshake
            lineas.append("ssl_reject_handshake on;")
    return "\n    ".join(lineas)


def _tls(opciones: Opciones) -> str:
    if not opciones.puerto_tls:
        return "# HTTP only: TLS ends at the load balancer in front, or --puerto-tls."
    if not (opciones.certificado and opciones.clave_tls):
        raise ErrorDeConfiguracion(
            "Con --puerto-tls hacen falta --certificado y --clave-tls."
        )
    return (
        f"ssl_certificate {opciones.certificado};\n"
        f"    ssl_certificate_key {opciones.clave_tls};\n"
        "    ssl_protocols TLSv1.2 TLSv1.3;\n"
        "    ssl_session_cache shared:asesoria_tls:10m;"
    )


def rellenar(plantilla: str, valores: dict[str, object]) -> str:
    """``{{ nombre }}`` replaced by its value; a name with no value is an error
    (nginx's own ``$variables`` are left alone)."""

    def valor(m: re.Match) -> str:
        if m.group(1) not in valores:
            raise ErrorDeConfiguracion(f"La plantilla usa {m.group(0)} sin valor.")
        return str(valores[m.group(1)])

    return re.sub(r"\{\{ (\w+) \}\}", valor, plantilla)


def configuracion_del_sitio(opciones: Opciones, gunicorn: str) -> str:
    """deploy/nginx.conf.plantilla for these options: what a system nginx's
    http block includes."""
    return rellenar(
        PLANTILLA.read_text(),
        {
            "gunicorn": gunicorn,
            "escucha": _escucha(opciones, por_defecto=True),
            "escucha_sitio": _escucha(opciones, por_defecto=False),
            "servidores": _nombres_de_servidor(opciones),
            "tls": _tls(opciones),
            "espera_cabecera": opciones.espera_cabecera,
            "espera_cuerpo": opciones.espera_cuerpo,
            "espera_envio": opciones.espera_envio,
            "tamano_maximo": limite_de_cuerpo(),
            "conexiones_por_ip": opciones.conexiones_por_ip,
            "peticiones_por_segundo": opciones.peticiones_por_segundo,
            "rafaga": opciones.rafaga,
            "errores": opciones.carpeta / "errores",
            "static": Path(settings.STATIC_ROOT).resolve(),
            "media": Path(settings.MEDIA_ROOT).resolve(),
        },
    )


def escribir_paginas(carpeta: Path) -> list[Path]:
    """Each of nginx's error pages as a static file, rendered from the site's
    templates as Django renders them when the database is down (no request, the
    entity's name from ``ENTIDAD_DE_RESPALDO``)."""
    carpeta.mkdir(parents=True, exist_ok=True)
    escritas = []
    for codigo, plantilla in PAGINAS_NGINX.items():
        html = render_to_string(
            plantilla,
            {
                "settings": ENTIDAD_DE_RESPALDO,
                "titulo": TITULOS_NGINX[codigo],
                "limite": limite_de_cuerpo(),
            },
        )
        ruta = carpeta / f"{codigo}.html"
        ruta.write_text(html, encoding="utf-8")
        escritas.append(ruta)
    return escritas


def configuracion_principal(opciones: Opciones, sitio: Path) -> str:
    """The whole nginx.conf of a stack run by ``Pila``: its pid, logs and
    temporary files in its folder, the site's configuration included."""
    carpeta = opciones.carpeta
    temporales = "\n".join(
        f"    {nombre}_temp_path {carpeta / 'temp' / nombre};"
        for nombre in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    # As root (a container, CI), nginx's workers would be "nobody", who may not
    # reach the socket or a private folder: they run as the user who started it.
    usuario = "user root;\n" if os.geteuid() == 0 else ""
    return (
        f"# Written by manage.py servir; edit deploy/nginx.conf.plantilla instead.\n"
        f"{usuario}worker_processes auto;\n"
        f"worker_rlimit_nofile 8192;\n"
        f"pid {carpeta / 'nginx.pid'};\n"
        f"error_log {carpeta / 'nginx-error.log'} warn;\n"
        "events {\n    worker_connections 4096;\n}\n"
        "http {\n"
        "    include /etc/nginx/mime.types;\n"
        "    default_type application/octet-stream;\n"
        "    sendfile on;\n"
        "    log_format asesoria '$remote_addr [$time_iso8601] \"$request\" $status '\n"
        "        '$body_bytes_sent $request_time upstream=$upstream_addr';\n"
        f"    access_log {carpeta / 'nginx-acceso.log'} asesoria;\n"
        f"{temporales}\n"
        f"    include {sitio};\n"
        "}\n"
    )


def nginx_disponible() -> str | None:
    return shutil.which("nginx") or (
        "/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None
    )


@dataclass
class Pila:
    """nginx, gunicorn and optionally the worker, started and watched together."""

    opciones: Opciones
    con_trabajador: bool = False
    procesos: dict[str, subprocess.Popen] = field(default_factory=dict)

    @property
    def socket(self) -> Path:
        return self.opciones.carpeta / "gunicorn.sock"

    def preparar(self) -> Path:
        """Render everything into the folder; nginx checks it (``nginx -t``)."""
        carpeta = self.opciones.carpeta
        for sub in ("temp", "errores"):
            (carpeta / sub).mkdir(parents=True, exist_ok=True)
        escribir_paginas(carpeta / "errores")
        sitio = carpeta / "asesoria.conf"
        sitio.write_text(configuracion_del_sitio(self.opciones, f"unix:{self.socket}"))
        principal = carpeta / "nginx.conf"
        principal.write_text(configuracion_principal(self.opciones, sitio))
        nginx = nginx_disponible()
        if not nginx:
            raise ErrorDeConfiguracion(
                "nginx no está instalado: `make nginx` lo instala (apt-get)."
            )
        prueba = subprocess.run(  # noqa: S603 - nginx, fixed args
            [nginx, "-t", "-q", "-p", str(carpeta), "-c", str(principal)],
            capture_output=True,
            text=True,
            check=False,
        )
        if prueba.returncode:
            raise ErrorDeConfiguracion(
                f"nginx rechazó la configuración: {prueba.stderr.strip()}"
            )
        return principal

    def _entorno(self) -> dict[str, str]:
        env = dict(os.environ)
        # Behind this nginx every request comes from its socket: the client's
        # address is the X-Real-IP it sets (rate limits, login lockouts).
        env.setdefault("IP_CLIENTE_CABECERA", "HTTP_X_REAL_IP")
        env["GUNICORN_BIND"] = f"unix:{self.socket}"
        if self.opciones.trabajadores:
            env["GUNICORN_WORKERS"] = str(self.opciones.trabajadores)
        return env

    def arrancar(self) -> None:
        principal = self.preparar()
        carpeta = self.opciones.carpeta
        env = self._entorno()
        self.socket.unlink(missing_ok=True)
        registro = open(carpeta / "gunicorn.log", "ab")
        self.procesos["gunicorn"] = subprocess.Popen(  # noqa: S603 - fixed args
            [
                sys.executable,
                "-m",
                "gunicorn",
                "--config",
                str(GUNICORN_CONF),
                "--chdir",
                str(RAIZ),
                "portal.wsgi:application",
            ],
            env=env,
            stdout=registro,
            stderr=registro,
        )
        self.procesos["nginx"] = subprocess.Popen(  # noqa: S603 - fixed args
            [
                nginx_disponible() or "nginx",
                "-p",
                str(carpeta),
                "-c",
                str(principal),
                "-g",
                "daemon off;",
            ],
            stdout=registro,
            stderr=registro,
        )
        if self.con_trabajador:
            self.procesos["trabajador"] = subprocess.Popen(  # noqa: S603
                [sys.executable, str(RAIZ / "manage.py"), "trabajador"],
                env=env,
                stdout=registro,
                stderr=registro,
            )

    def esperar_socket(self, limite: float = 60) -> None:
        fin = time.monotonic() + limite
        while time.monotonic() < fin:
            if self.terminado():
                break
            if self.socket.exists():
                return
            time.sleep(0.1)
        raise ErrorDeConfiguracion(
            "gunicorn no arrancó: " + self.cola_del_registro(2000)
        )

    def cola_del_registro(self, caracteres: int) -> str:
        ruta = self.opciones.carpeta / "gunicorn.log"
        return ruta.read_text(errors="replace")[-caracteres:] if ruta.exists() else ""

    def terminado(self) -> str | None:
        """The name of a process that has exited, if any."""
        for nombre, proceso in self.procesos.items():
            if proceso.poll() is not None:
                return nombre
        return None

    def parar(self) -> None:
        """SIGTERM to each (nginx: SIGQUIT, finishing what it serves), then
        SIGKILL to any still running after 20 s."""
        for nombre, proceso in self.procesos.items():
            if proceso.poll() is None:
                proceso.send_signal(
                    signal.SIGQUIT if nombre == "nginx" else signal.SIGTERM
                )
        fin = time.monotonic() + 20
        for proceso in self.procesos.values():
            try:
                proceso.wait(timeout=max(0.1, fin - time.monotonic()))
            except subprocess.TimeoutExpired:
                proceso.kill()
                proceso.wait(timeout=5)

    def vigilar(self) -> int:
        """Until a signal or until one of them exits; then all stop. The exit
        status: 0 after SIGTERM or SIGINT, 1 when a process died by itself."""
        parar = []

        def al_recibir(signum, frame):
            parar.append(signum)

        signal.signal(signal.SIGTERM, al_recibir)
        signal.signal(signal.SIGINT, al_recibir)
        try:
            while not parar:
                muerto = self.terminado()
                if muerto:
                    logger.error(
                        "%s terminó (código %s); se detiene el resto.",
                        muerto,
                        self.procesos[muerto].returncode,
                    )
                    return 1
                time.sleep(0.5)
            return 0
        finally:
            self.parar()
