"""PostgreSQL restarted under the served stack (issue 14, "Dependencies that fail").

A cluster of the test's own (``bench/cluster.py``: ``pg_createcluster`` on a free
port, dropped at the end) under ``manage.py servir --con-trabajador`` with
production settings, and the demo timestamper over HTTP
(``expedientes/firma/sello_http.py``) so that the worker signs receipts. Each test
restarts or stops that cluster for real:

- requests sent while it restarts all answer 200: the connection each gunicorn
  worker kept is replaced, and a request that finds PostgreSQL refusing
  connections waits for it (``BASE_DE_DATOS_ESPERA``, portal/reconexion.py);
- stopped for longer than that, a page is the site's 503 with ``Retry-After``,
  and ``/healthz`` says so at once;
- a filing sent while it restarts is filed once, and the worker signs its receipt
  within seconds of PostgreSQL accepting connections again.
"""

from __future__ import annotations

import json
import os
import threading
import time
import uuid

import pytest
import requests

from bench.cluster import borrar_cluster, cluster_disponible, crear_cluster
from expedientes.firma.demo import entorno_de_servidor
from expedientes.firma.sello_http import SelloHttp
from portal.errores import REINTENTAR_EN
from tests.factories import pdf_de_prueba

from .conftest import (
    _entorno,
    _manage_salida,
    arrancar_pila,
    parar_pila,
    preparar_base,
    puerto_libre,
    requiere_nginx,
)

pytestmark = pytest.mark.xdist_group("servidor")

#: Clients sending filings at once across the restart, each its own account.
CLIENTES = 4
#: What the stack is told to wait for the database (BASE_DE_DATOS_ESPERA).
ESPERA = 8.0
BASE = "asesoria_reinicio"


@pytest.fixture(scope="module")
def con_postgres(tmp_path_factory):
    requiere_nginx()
    if not cluster_disponible():
        pytest.skip("pg_createcluster no está disponible (postgresql-common).")
    carpeta = tmp_path_factory.mktemp("reinicio")
    try:
        cluster = crear_cluster(BASE, nombre="prueba_reinicio")
    except RuntimeError as error:  # e.g. not allowed to make clusters here
        if os.environ.get("CI"):
            raise
        pytest.skip(f"No se pudo crear un cluster de PostgreSQL: {error}")
    sello = pila = None
    try:
        puerto_sello = puerto_libre()
        env = _entorno(carpeta) | {
            "DATABASE_URL": cluster.url(BASE),
            "BASE_DE_DATOS_ESPERA": str(ESPERA),
            **entorno_de_servidor(
                carpeta / "firma", tsa_url=f"http://127.0.0.1:{puerto_sello}/"
            ),
        }
        sello = SelloHttp(carpeta / "firma", puerto_sello)
        preparar_base(env)
        # One account per client: each has its own limit of filings per hour.
        cuentas = json.loads(
            _manage_salida(
                env,
                "shell",
                "-c",
                "import json; from bench.datos import cuenta_municipal_con_sesion; "
                "from expedientes.models import Municipio; "
                "m = Municipio.objects.first(); "
                "print(json.dumps([cuenta_municipal_con_sesion(f'reinicio{i}', "
                f"f'reinicio{{i}}@municipio.gov.co', m) for i in range({CLIENTES})]))",
            )
            .strip()
            .splitlines()[-1]
        )
        # The test's four clients ask as fast as answered: above nginx's 20/s.
        pila = arrancar_pila(
            carpeta,
            env,
            "--con-trabajador",
            "--peticiones-por-segundo",
            "1000",
            "--rafaga",
            "1000",
        )
        yield pila, cluster, cuentas
    finally:
        if pila:
            parar_pila(pila)
        if sello:
            sello.parar()
        borrar_cluster(cluster)


def _sondear(cluster, marcas: dict, parar: threading.Event) -> None:
    """When the cluster refused connections and when it accepted them again."""
    import psycopg

    caido = False
    while not parar.is_set():
        try:
            psycopg.connect(cluster.url(BASE), connect_timeout=1).close()
            if caido:
                marcas["vuelve"] = time.monotonic()
                return
        except psycopg.OperationalError:
            caido = True
            marcas.setdefault("cae", time.monotonic())
        time.sleep(0.05)


def _reiniciar_mientras(cluster, hilos, parar: threading.Event, *, antes: float):
    """Start the clients' ``hilos``, restart the cluster ``antes`` seconds later,
    and stop them (``parar``) 2 s after it accepts connections again: when it
    refused connections (``cae``) and accepted them again (``vuelve``)."""
    for hilo in hilos:
        hilo.start()
    time.sleep(antes)
    marcas: dict[str, float] = {}
    sonda = threading.Thread(target=_sondear, args=(cluster, marcas, parar))
    sonda.start()
    assert cluster.ctl("restart").returncode == 0
    sonda.join(timeout=30)
    time.sleep(2)
    parar.set()
    for hilo in hilos:
        hilo.join(timeout=70)
    assert "cae" in marcas and "vuelve" in marcas, "PostgreSQL no se reinició"
    return marcas


def test_las_paginas_pedidas_durante_un_reinicio_responden_200(con_postgres):
    pila, cluster, [cuenta, *_] = con_postgres
    galleta = {"Cookie": f"sessionid={cuenta['sesion']}"}
    for ruta in ("/", "/consulta/", "/solicitudes/"):  # each worker keeps a connection
        assert pila.get(ruta, galleta)[0] == 200
    respuestas: list[tuple[str, int, float, float]] = []
    parar = threading.Event()

    def pedir(ruta: str) -> None:
        while not parar.is_set():
            inicio = time.monotonic()
            estado = pila.get(ruta, galleta, espera=60)[0]
            respuestas.append((ruta, estado, inicio, time.monotonic()))

    hilos = [
        threading.Thread(target=pedir, args=(ruta,))
        for ruta in ("/", "/consulta/", "/solicitudes/", "/procedimientos/")
    ]
    marcas = _reiniciar_mientras(cluster, hilos, parar, antes=1)
    durante = [
        r for r in respuestas if r[2] <= marcas["vuelve"] and r[3] >= marcas["cae"]
    ]
    assert durante, "ninguna petición estuvo en curso durante el reinicio"
    assert [r for r in respuestas if r[1] != 200] == []


def test_sin_base_de_datos_mas_de_la_espera_503_y_healthz_lo_dice_enseguida(
    con_postgres,
):
    pila, cluster, _cuentas = con_postgres
    assert cluster.ctl("stop").returncode == 0
    try:
        # Down, at once (with the cache in the database, its own 503 page).
        estado, cabeceras, cuerpo, segundos = pila.get("/healthz", espera=30)
        assert estado == 503 and segundos < 3
        assert cabeceras["retry-after"] == str(REINTENTAR_EN)
        estado, cabeceras, cuerpo, segundos = pila.get("/consulta/", espera=60)
        assert estado == 503
        assert cabeceras["retry-after"] == str(REINTENTAR_EN)
        assert "Servicio no disponible por un momento" in cuerpo
        assert ESPERA - 0.5 <= segundos < ESPERA + 10  # it waited, then gave up
    finally:
        assert cluster.ctl("start").returncode == 0
    assert pila.get("/consulta/", espera=60)[0] == 200


def test_una_radicacion_durante_el_reinicio_se_radica_una_vez_y_se_firma(
    con_postgres,
):
    import psycopg

    pila, cluster, [cuenta, *_] = con_postgres
    marcas: dict[str, float] = {}
    parar = threading.Event()
    sonda = threading.Thread(target=_sondear, args=(cluster, marcas, parar))
    sonda.start()
    reinicio = threading.Thread(target=cluster.ctl, args=("restart",))
    reinicio.start()
    while "cae" not in marcas and sonda.is_alive():
        time.sleep(0.05)
    clave = str(uuid.uuid4())
    respuesta = _radicar(pila, cuenta, clave)
    reinicio.join(timeout=60)
    sonda.join(timeout=30)
    parar.set()
    assert respuesta.status_code == 302, respuesta.text[:500]
    assert "/radicada/" in respuesta.headers["location"]
    # The worker signs the receipt soon after PostgreSQL is back.
    fin = time.monotonic() + 60
    with psycopg.connect(cluster.url(BASE), autocommit=True) as conexion:
        while True:
            filas = conexion.execute(
                "SELECT d.sha256, d.firma FROM expedientes_documento d "
                "JOIN expedientes_solicitud s ON s.id = d.solicitud_id "
                "WHERE s.clave_envio = %s AND d.tipo = 'constancia_radicacion' "
                "AND d.sha256 <> ''",
                (clave,),
            ).fetchall()
            if filas or time.monotonic() > fin:
                break
            time.sleep(0.2)
        casos = conexion.execute(
            "SELECT count(*) FROM expedientes_solicitud WHERE clave_envio = %s",
            (clave,),
        ).fetchone()[0]
    tarda = time.monotonic() - marcas.get("vuelve", time.monotonic())
    assert casos == 1
    assert filas, "el trabajador no firmó la constancia en 60 s"
    assert filas[0][1]["sellado_en"]
    assert tarda < 15, f"la constancia se firmó {tarda:.1f} s después del reinicio"
    # The worker waited for the database in its process: no new child.
    registro = (pila.carpeta / "gunicorn.log").read_text(errors="replace")
    assert "la base de datos no responde (" in registro
    assert "terminó (código" not in registro


def _radicar(pila, cuenta, clave: str) -> requests.Response:
    """The portal's filing form sent as a browser sends it, with ``clave``."""
    origen = f"http://127.0.0.1:{pila.puerto}"
    return requests.post(
        f"{origen}/solicitudes/nueva/",
        data={
            "csrfmiddlewaretoken": cuenta["token"],
            "nombre_solicitante": "Laura Rincón",
            "cargo_solicitante": "Secretaria de Planeación municipal",
            "correo_solicitante": "planeacion@municipio.gov.co",
            "telefono_solicitante": "607 633 7000",
            "plan_vigente": "POT",
            "tipo_solicitud": "revision_general",
            "asunto": f"Revisión general del POT durante un reinicio ({clave})",
            "descripcion": "Solicitamos asesoría para la revisión general del POT.",
            "acepta_tratamiento_datos": "on",
            "clave_envio": clave,
        },
        files={"oficio": ("oficio.pdf", pdf_de_prueba(), "application/pdf")},
        headers={
            "Cookie": f"sessionid={cuenta['sesion']}; csrftoken={cuenta['secreto']}",
            "Origin": origen,
            "Referer": origen + "/",
        },
        allow_redirects=False,
        timeout=60,
    )


def test_las_radicaciones_en_curso_durante_un_reinicio_responden_y_se_radican_una_vez(
    con_postgres,
):
    """Filings sent back to back from four clients across the restart: those the
    restart cuts half-way wait for PostgreSQL and are filed (issue 14, bench part
    10's last 5xx), each once, with no number skipped."""
    import psycopg

    pila, cluster, cuentas = con_postgres
    respuestas: list[tuple[str, int, str, float, float]] = []
    parar = threading.Event()

    def radicar_sin_parar(cuenta: dict) -> None:
        # Under PORTAL_LIMITE_RADICACIONES (10 an hour per account).
        for _ in range(9):
            if parar.wait(0.2):
                return
            clave, inicio = str(uuid.uuid4()), time.monotonic()
            r = _radicar(pila, cuenta, clave)
            respuestas.append(
                (
                    clave,
                    r.status_code,
                    r.headers.get("location", ""),
                    inicio,
                    time.monotonic(),
                )
            )

    hilos = [
        threading.Thread(target=radicar_sin_parar, args=(cuenta,)) for cuenta in cuentas
    ]
    marcas = _reiniciar_mientras(cluster, hilos, parar, antes=2)
    durante = [
        r for r in respuestas if r[3] <= marcas["vuelve"] and r[4] >= marcas["cae"]
    ]
    assert durante, "ninguna radicación estuvo en curso durante el reinicio"
    registro = (pila.carpeta.parent / "servir.log").read_text(errors="replace")[-3000:]
    assert [r[:3] for r in respuestas if r[1] != 302] == [], registro
    assert all("/radicada/" in r[2] for r in respuestas)
    with psycopg.connect(cluster.url(BASE), autocommit=True) as conexion:
        por_clave = dict(
            conexion.execute(
                "SELECT clave_envio::text, count(*) FROM expedientes_solicitud "
                "WHERE clave_envio::text = ANY(%s) GROUP BY clave_envio",
                ([r[0] for r in respuestas],),
            ).fetchall()
        )
        numeros = [
            n
            for (n,) in conexion.execute(
                "SELECT consecutivo FROM expedientes_solicitud ORDER BY anio, "
                "consecutivo"
            ).fetchall()
        ]
    assert por_clave == {r[0]: 1 for r in respuestas}
    assert numeros == list(range(1, len(numeros) + 1))  # no number skipped
