"""The demo PKI's local timestamper served over HTTP (RFC 3161), for throwaway
servers on production settings: the bench's stack (part 10) and any test that runs
a task worker under them. Never for real records.

Production settings sign through ``FIRMA_TSA_URL`` only (``make run``'s
timestamper in the process, ``FIRMA_DEMO``, is refused there). This puts that very
timestamper (``configuracion.SelladorLocal``: pyHanko's ``DummyTimeStamper`` with
the demo PKI's ``sello.pem``) behind a local port, so that a worker under
production settings signs records as production does, with an HTTP request to a
TSA. ``demo.entorno_de_servidor(carpeta, tsa_url=SelloHttp.url)`` gives the server
the matching certificate.

``python -m expedientes.firma.sello_http CARPETA PUERTO`` serves the demo PKI of
``CARPETA`` on 127.0.0.1:PUERTO until killed; ``SelloHttp`` runs it as a child.
No Django settings are read.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

HOST = "127.0.0.1"
#: What RFC 3161 over HTTP (section 3.4) sends and answers.
PETICION, RESPUESTA = "application/timestamp-query", "application/timestamp-reply"
#: Largest request read: a TimeStampReq is a hash and a few fields.
MAXIMO = 64 * 1024


def _sellador(carpeta: Path):
    from asn1crypto import tsp
    from pyhanko.keys import load_cert_from_pemder, load_private_key_from_pemder
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    from .configuracion import SelladorLocal
    from .demo import pki_demo_leer

    pki = pki_demo_leer(carpeta)
    if pki is None:
        raise SystemExit(f"{carpeta} no tiene una PKI de demostración completa.")
    sellador = SelladorLocal(
        tsa_cert=load_cert_from_pemder(str(pki.sello)),
        tsa_key=load_private_key_from_pemder(str(pki.sello_clave), None),
        certs_to_embed=SimpleCertificateStore.from_certs(
            [load_cert_from_pemder(str(pki.raiz))]
        ),
    )
    return sellador, tsp.TimeStampReq


def servir(carpeta: Path, puerto: int) -> None:
    sellador, TimeStampReq = _sellador(carpeta)

    class Manejador(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            largo = int(self.headers.get("Content-Length") or 0)
            if self.headers.get_content_type() != PETICION or not 0 < largo <= MAXIMO:
                self.send_error(400, "Se espera una solicitud RFC 3161")
                return
            try:
                solicitud = TimeStampReq.load(self.rfile.read(largo))
                cuerpo = sellador.request_tsa_response(solicitud).dump()
            except Exception:  # noqa: BLE001 - a bad request, answered as such
                self.send_error(400, "Solicitud RFC 3161 ilegible")
                return
            self.send_response(200)
            self.send_header("Content-Type", RESPUESTA)
            self.send_header("Content-Length", str(len(cuerpo)))
            self.end_headers()
            self.wfile.write(cuerpo)

        def log_message(self, format, *args) -> None:
            pass  # one line per record signed would drown the bench's output

    with ThreadingHTTPServer((HOST, puerto), Manejador) as servidor:
        servidor.serve_forever()


class SelloHttp:
    """``servir`` in a child process on ``puerto``; ``parar()`` ends it."""

    def __init__(self, carpeta: Path, puerto: int) -> None:
        self.puerto = puerto
        self.url = f"http://{HOST}:{puerto}/"
        self.proceso = subprocess.Popen(  # noqa: S603 - our interpreter, fixed args
            [sys.executable, "-m", __name__, str(carpeta), str(puerto)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        fin = time.monotonic() + 30
        while time.monotonic() < fin and self.proceso.poll() is None:
            try:
                socket.create_connection((HOST, puerto), timeout=0.5).close()
                return
            except OSError:
                time.sleep(0.1)
        error = b"" if self.proceso.poll() is None else self.proceso.stderr.read()
        self.parar()
        raise RuntimeError(f"el sello de tiempo local no arrancó: {error.decode()}")

    def parar(self) -> None:
        if self.proceso.poll() is None:
            self.proceso.terminate()
            self.proceso.wait(timeout=10)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("uso: python -m expedientes.firma.sello_http CARPETA PUERTO")
    servir(Path(sys.argv[1]), int(sys.argv[2]))
