"""The served stack against slow and malformed clients (issue 14, "Staying up").

Each test talks to real nginx and gunicorn (``conftest.pila``) over loopback
sockets. Time bounds are generous (the machine is shared): they tell a site that
answers from one held by slow clients (tens of seconds), not fast from slow.
"""

from __future__ import annotations

import re
import socket
import threading
import time

import pytest

from portal.errores import TITULOS
from portal.servir import TITULOS_NGINX

from .conftest import ESPERA, HOST, RAFAGA

pytestmark = pytest.mark.xdist_group("servidor")

PAGINA = "/procedimientos/es-pe-pr-31/"
#: How long a page may take while slow clients hang on: far under the 33 s a
#: sync worker held by them took to time out.
RAPIDO = 5.0


def es_pagina_en_espanol(cuerpo: str, codigo: int) -> bool:
    """The site's own error page for ``codigo`` (its layout, its Spanish title),
    never gunicorn's or nginx's English one (a raw answer: its body only)."""
    cuerpo = cuerpo.split("\r\n\r\n", 1)[-1]
    titulo = TITULOS_NGINX.get(codigo, TITULOS.get(codigo, ""))
    return (
        '<html lang="es-CO">' in cuerpo
        and f"<h1>{titulo}</h1>" in cuerpo
        and "Bad Request" not in cuerpo
        and "nginx" not in cuerpo
    )


class Lentos:
    """``n`` connections that send a request a header line every 2 s (the
    slowloris of the issue), each noting when the server closed it."""

    def __init__(self, puerto: int, n: int, inicio: bytes, trozo: bytes) -> None:
        self.cerradas: list[float] = []
        self._parar = threading.Event()
        self._sockets = []
        self.t0 = time.monotonic()
        for _ in range(n):
            s = socket.create_connection((HOST, puerto), timeout=5)
            s.sendall(inicio)
            self._sockets.append(s)
        self._hilos = [
            threading.Thread(target=self._goteo, args=(s, trozo), daemon=True)
            for s in self._sockets
        ]
        for hilo in self._hilos:
            hilo.start()

    def _goteo(self, s: socket.socket, trozo: bytes) -> None:
        for i in range(30):  # at most 60 s
            if self._parar.wait(2):
                return
            try:
                s.sendall(trozo % i if b"%d" in trozo else trozo)
            except OSError:
                break
        self.cerradas.append(time.monotonic() - self.t0)

    def cerrar(self) -> None:
        self._parar.set()
        for hilo in self._hilos:
            hilo.join(timeout=5)
        for s in self._sockets:
            s.close()


def test_clientes_lentos_no_retienen_el_sitio(pila):
    """50 connections sending a header line every 2 s: /healthz and a page keep
    answering, and nginx drops each slow client at its header timeout."""
    lentos = Lentos(
        pila.puerto,
        50,
        f"GET / HTTP/1.1\r\nHost: {HOST}\r\n".encode(),
        b"X-Goteo-%d: a\r\n",
    )
    try:
        tiempos = []
        for _ in range(6):
            for ruta in ("/healthz", PAGINA):
                estado, _, cuerpo, segundos = pila.get(ruta, espera=30)
                assert estado == 200, (ruta, estado, cuerpo[:300])
                tiempos.append(segundos)
            time.sleep(1)
        assert max(tiempos) < RAPIDO, tiempos
        # nginx closed every slow connection soon after its header timeout.
        fin = time.monotonic() + ESPERA + 15
        while len(lentos.cerradas) < 50 and time.monotonic() < fin:
            time.sleep(0.5)
        assert len(lentos.cerradas) == 50
        assert max(lentos.cerradas) < ESPERA + 15
    finally:
        lentos.cerrar()


def test_subida_lenta_no_llega_a_gunicorn(pila):
    """10 uploads that stop halfway: the site answers meanwhile, nginx closes each
    at its body timeout (a 408 in its log) and gunicorn never got them."""
    cuerpo = b"consulta=1&" * 10
    inicio = (
        f"POST /consulta/ HTTP/1.1\r\nHost: {HOST}\r\n"
        "Content-Type: application/x-www-form-urlencoded\r\n"
        f"Content-Length: {len(cuerpo) * 100}\r\n\r\n"
    ).encode() + cuerpo
    lentos = Lentos(pila.puerto, 10, inicio, b"")  # then nothing more
    try:
        estado, _, _, segundos = pila.get(PAGINA)
        assert estado == 200 and segundos < RAPIDO
        fin = time.monotonic() + ESPERA + 15
        while len(lentos.cerradas) < 10 and time.monotonic() < fin:
            time.sleep(0.5)
    finally:
        lentos.cerrar()
    cortadas = re.findall(
        r'"POST /consulta/ HTTP/1.1" 408 .* upstream=(\S+)', pila.registro()
    )
    assert len(cortadas) >= 10
    assert set(cortadas) == {"-"}  # nginx never opened a request to gunicorn


def test_lo_enviado_sin_pausa_llega_entero(pila):
    """The same form sent whole reaches Django (its own Spanish 403: no CSRF
    token), so the 408s above were the pause, not the route."""
    cuerpo = b"consulta=1"
    respuesta = pila.crudo(
        (
            f"POST /consulta/ HTTP/1.1\r\nHost: {HOST}\r\nConnection: close\r\n"
            "Content-Type: application/x-www-form-urlencoded\r\n"
            f"Content-Length: {len(cuerpo)}\r\n\r\n"
        ).encode()
        + cuerpo
    )
    assert respuesta.startswith(b"HTTP/1.1 403")
    assert '<html lang="es-CO">' in respuesta.decode()


def test_cuerpo_sobre_el_limite_413_de_nginx(pila):
    """Over the site's own limit (the largest filing): nginx's Spanish 413 from
    the Content-Length alone, before reading the body or asking gunicorn."""
    configuracion = (pila.carpeta / "asesoria.conf").read_text()
    limite = int(re.search(r"client_max_body_size (\d+);", configuracion).group(1))
    from portal.middleware import limite_de_cuerpo

    assert limite == limite_de_cuerpo() == 11 * 10 * 1024 * 1024 + 2 * 1024 * 1024
    respuesta = pila.crudo(
        (
            f"POST /solicitudes/nueva/ HTTP/1.1\r\nHost: {HOST}\r\n"
            "Content-Type: multipart/form-data; boundary=x\r\n"
            f"Content-Length: {limite + 1}\r\n\r\n--x\r\n"
        ).encode()
    ).decode("utf-8", "replace")
    assert respuesta.startswith("HTTP/1.1 413")
    assert es_pagina_en_espanol(respuesta, 413)
    assert "hasta 112,0\xa0MB" in respuesta
    assert re.search(
        r'"POST /solicitudes/nueva/ HTTP/1.1" 413 .* upstream=-', pila.registro()
    )


#: Requests that never reach Django: nginx answers each with the site's page.
MALFORMADAS = {
    "línea de petición ilegible": (b"GARBAGE\r\n\r\n", 400),
    "versión de HTTP desconocida": (
        f"GET / HTTP/9.9\r\nHost: {HOST}\r\n\r\n".encode(),
        505,
    ),
    "dirección de 9 kB": (
        b"GET /" + b"a" * 9000 + f" HTTP/1.1\r\nHost: {HOST}\r\n\r\n".encode(),
        414,
    ),
    "cabecera de 20 kB": (
        f"GET / HTTP/1.1\r\nHost: {HOST}\r\nX-A: ".encode()
        + b"a" * 20_000
        + b"\r\n\r\n",
        400,
    ),
    "tres mil cabeceras": (
        f"GET / HTTP/1.1\r\nHost: {HOST}\r\n".encode()
        + b"".join(b"X-%d: a\r\n" % i for i in range(3000))
        + b"\r\n",
        400,
    ),
    "sin Host": (b"GET / HTTP/1.1\r\n\r\n", 400),
    "Host ajeno": (b"GET / HTTP/1.1\r\nHost: otro.example\r\n\r\n", 400),
    "Host con espacio": (b"GET / HTTP/1.1\r\nHost: a b\r\n\r\n", 400),
    "Content-Length y chunked": (
        f"POST /consulta/ HTTP/1.1\r\nHost: {HOST}\r\nContent-Length: 4\r\n"
        "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n".encode(),
        400,
    ),
    "Content-Length no numérico": (
        f"POST /consulta/ HTTP/1.1\r\nHost: {HOST}\r\n"
        "Content-Length: x\r\n\r\n".encode(),
        400,
    ),
    "control en la dirección": (
        f"GET /\x01 HTTP/1.1\r\nHost: {HOST}\r\n\r\n".encode(),
        400,
    ),
}


@pytest.mark.parametrize("caso", MALFORMADAS, ids=list(MALFORMADAS))
def test_peticion_malformada_pagina_en_espanol(pila, caso):
    datos, codigo = MALFORMADAS[caso]
    respuesta = pila.crudo(datos).decode("utf-8", "replace")
    assert respuesta.startswith(f"HTTP/1.1 {codigo} "), respuesta[:200]
    assert es_pagina_en_espanol(respuesta, 400 if codigo == 505 else codigo)


def test_lo_que_nginx_deja_pasar_gunicorn_lo_acepta(pila):
    """Just under nginx's limits (a request line of 8 kB, 200 headers, a header
    of 7 kB): gunicorn takes it and Django answers; gunicorn's English 400
    ("Request Line is too large", "Too many headers") never shows."""
    for datos in (
        b"GET /" + b"a" * 8000 + f" HTTP/1.1\r\nHost: {HOST}\r\n".encode(),
        f"GET /healthz HTTP/1.1\r\nHost: {HOST}\r\n".encode()
        + b"".join(b"X-%d: a\r\n" % i for i in range(200)),
        f"GET /healthz HTTP/1.1\r\nHost: {HOST}\r\nX-A: ".encode()
        + b"a" * 7000
        + b"\r\n",
    ):
        respuesta = pila.crudo(datos + b"Connection: close\r\n\r\n")
        assert respuesta.split(b" ", 2)[1] in (b"200", b"301", b"404"), respuesta[:300]
        assert b"Bad Request" not in respuesta


def test_la_ip_del_cliente_la_pone_nginx(pila):
    """A client claiming, by X-Real-IP or X-Forwarded-For, to come from the
    monitoring network does not get /healthz's details: nginx replaces both with
    its own view of the address (the bearer of SALUD_CLAVE does get them)."""
    estado, _, cuerpo, _ = pila.get(
        "/healthz",
        {"X-Real-IP": "10.9.9.9", "X-Forwarded-For": "10.9.9.9"},
    )
    assert estado == 200 and "detalle" not in cuerpo
    estado, _, cuerpo, _ = pila.get(
        "/healthz", {"Authorization": "Bearer clave-de-monitoreo-de-prueba"}
    )
    assert estado == 200 and "detalle" in cuerpo


def test_estaticos_los_sirve_nginx(pila):
    estado, cabeceras, cuerpo, _ = pila.get("/static/css/portal.css")
    assert estado == 200 and "--verde" in cuerpo
    assert cabeceras["server"] == "nginx" and "expires" in cabeceras
    # Nothing of MEDIA_ROOT but image renditions; never the case files.
    assert pila.get("/media/documents/x.pdf")[0] == 404
    assert pila.get("/privado/x.pdf")[0] == 404


def test_limite_de_peticiones_por_direccion_429(pila):
    """Past the burst, nginx's Spanish 429; /healthz is never limited."""
    time.sleep(RAFAGA / 5 + 1)  # the bucket full again
    estados = []
    for _ in range(RAFAGA + 15):
        estado, _, cuerpo, _ = pila.get("/consulta/")
        estados.append(estado)
        if estado == 429:
            assert es_pagina_en_espanol(cuerpo, 429)
    assert 429 in estados and estados[0] == 200
    assert all(pila.get("/healthz")[0] == 200 for _ in range(RAFAGA + 5))
    time.sleep(RAFAGA / 5 + 1)
