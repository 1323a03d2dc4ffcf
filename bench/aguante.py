"""Part 10: staying up (``python -m bench aguante``), on demand only.

The served stack of production (``manage.py servir``: nginx in front of 2 sync
gunicorn workers, and ``manage.py trabajador``) on a PostgreSQL cluster and a Redis
of the bench's own, never the shared ones. CLIENTES clients (part 8's, the same mix:
public pages and lookups, the municipality's portal, filings, the staff's listing,
/healthz) for SEGUNDOS in each of five phases, one after the other:

* ``quiet``: nothing else: the reference for the others;
* ``heavy`` (a): one more client keeps sending, one after the other, the filing
  with 100 annexes and the filing whose oficio is the slow PDF (10 MB, 2 million
  objects in object streams, a wrong startxref; ``pdf_lento``);
* ``slow`` (b): LENTAS connections send a header line every 2 s (reopened when
  nginx drops them);
* ``redis`` (c): Redis stopped at FALLA_EN s for REDIS_SEGUNDOS, then started;
* ``postgres`` (d): the cluster restarted at part 8's REINICIO_EN s.

Printed for each: the legitimate traffic's answers by kind, its p50 and p95 next
to the quiet run's (target: within 2x, no 5xx; during (d) 503s while PostgreSQL is
down are the outage's), and what the extra client got. Then: filings lost or
duplicated (part 8's check of the database), e-mails sent twice (the file backend's
messages by Message-ID), and the seconds from PostgreSQL accepting connections
again to the first task the worker finished.

Durations: ``BENCH_AGUANTE_SEGUNDOS`` (60), ``BENCH_AGUANTE_REDIS_SEGUNDOS`` (30);
``BENCH_CARGA_CLIENTES`` (50) as in part 8.
"""

from __future__ import annotations

import asyncio
import datetime
import email
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import zlib
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from bench import carga, clientes
from bench.cluster import Cluster, borrar_cluster, crear_cluster, reiniciar
from bench.comun import (
    CORRIO,
    HOST,
    NO_CORRIO,
    PYTHON,
    RAIZ,
    ejecutar_modulo,
    entorno_de_produccion,
    escribir_resultado,
    leer_resultado,
    puerto_libre,
    titulo,
    veredicto,
)
from expedientes.firma.sello_http import SelloHttp

SETTINGS = "bench.settings_aguante"
SEGUNDOS = float(os.environ.get("BENCH_AGUANTE_SEGUNDOS", "60"))
REDIS_SEGUNDOS = float(os.environ.get("BENCH_AGUANTE_REDIS_SEGUNDOS", "30"))
#: Seconds into the phase when Redis is stopped.
FALLA_EN = 10.0
LENTAS = 10
ANEXOS = 100
FASES = ("quiet", "heavy", "slow", "redis", "postgres")
TABLA_DE_TAREAS = "django_tasks_database_dbtaskresult"


# --- The hostile files -----------------------------------------------------------


def pdf_lento(objetos: int = 2_000_000, tamano: int = 10 * 1024 * 1024 - 1024) -> bytes:
    """A PDF of ``tamano`` bytes (just under the 10 MB a file may weigh) whose
    ``objetos`` objects sit in object streams of 100,000, with a startxref that
    points nowhere: pypdf then rebuilds the table by parsing every stream (11 s on
    this machine). Random bytes after the table make up the size."""
    partes = [b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"]
    largo = len(partes[0])

    def objeto(numero: int, cuerpo: bytes) -> None:
        nonlocal largo
        parte = b"%d 0 obj\n%s\nendobj\n" % (numero, cuerpo)
        partes.append(parte)
        largo += len(parte)

    objeto(1, b"<< /Type /Catalog /Pages 2 0 R >>")
    objeto(2, b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>")
    objeto(3, b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>")
    primero, por_flujo = 4, 100_000
    flujo = primero + objetos
    for inicio in range(primero, primero + objetos, por_flujo):
        cuantos = min(por_flujo, primero + objetos - inicio)
        cabecera = b" ".join(b"%d 0" % (inicio + i) for i in range(cuantos)) + b"\n"
        datos = zlib.compress(cabecera + b"0 ", 9)
        objeto(
            flujo,
            b"<< /Type /ObjStm /N %d /First %d /Filter /FlateDecode /Length %d >>\n"
            b"stream\n%s\nendstream" % (cuantos, len(cabecera), len(datos), datos),
        )
        flujo += 1
    xref = largo
    partes.append(
        b"xref\n0 1\n0000000000 65535 f \ntrailer\n<< /Size %d /Root 1 0 R >>\n" % flujo
    )
    largo += len(partes[-1])
    fin = b"startxref\n%d\n%%%%EOF\n" % (xref + 12_345)  # wrong on purpose
    falta = tamano - largo - len(fin) - 64
    if falta > 0:
        relleno = random.Random(14).randbytes(falta)  # noqa: S311 - filler
        objeto(flujo, b"<< /Length %d >>\nstream\n%s\nendstream" % (falta, relleno))
    partes.append(fin)
    return b"".join(partes)


# --- Servers of the bench's own -----------------------------------------------------


class Redis:
    """redis-server on a free port, no persistence; stopped and started again."""

    def __init__(self, carpeta: Path) -> None:
        if not shutil.which("redis-server"):
            raise RuntimeError("redis-server is not installed")
        self.puerto = puerto_libre()
        self.carpeta = carpeta
        self.proceso: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://{HOST}:{self.puerto}/0"

    def arrancar(self) -> None:
        self.proceso = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.puerto),
                "--bind",
                HOST,
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.carpeta),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        fin = time.monotonic() + 10
        while time.monotonic() < fin:
            try:
                socket.create_connection((HOST, self.puerto), timeout=0.5).close()
                return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("the bench's redis-server did not start")

    def parar(self) -> None:
        if self.proceso and self.proceso.poll() is None:
            self.proceso.terminate()
            self.proceso.wait(timeout=15)


class Pila:
    """``manage.py servir --con-trabajador`` on a free port."""

    def __init__(self, carpeta: Path, env: dict[str, str]) -> None:
        self.puerto = puerto_libre()
        self.carpeta = carpeta / "run"
        self.log = carpeta / "servir.log"
        self.proceso = subprocess.Popen(
            [
                PYTHON,
                "manage.py",
                "servir",
                "--carpeta",
                str(self.carpeta),
                "--puerto",
                str(self.puerto),
                "--trabajadores",
                "2",
                "--con-trabajador",
                # Every client of the bench comes from 127.0.0.1: the per-address
                # limits would count 60 people as one.
                "--conexiones-por-ip",
                "1000",
                "--peticiones-por-segundo",
                "100000",
                "--rafaga",
                "100000",
            ],
            cwd=RAIZ,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=self.log.open("wb"),
            start_new_session=True,
        )

    def esperar(self, cookie: str) -> None:
        import httpx

        fin = time.monotonic() + 120
        while time.monotonic() < fin:
            if self.proceso.poll() is not None:
                break
            try:
                r = httpx.get(
                    f"http://{HOST}:{self.puerto}/solicitudes/nueva/",
                    headers={"Cookie": cookie},
                    timeout=10,
                )
                if r.status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.5)
        raise RuntimeError(
            "the stack did not answer:\n" + self.log.read_text(errors="replace")[-2000:]
        )

    def parar(self) -> None:
        if self.proceso.poll() is None:
            os.killpg(self.proceso.pid, signal.SIGTERM)
            try:
                self.proceso.wait(timeout=40)
            except subprocess.TimeoutExpired:
                os.killpg(self.proceso.pid, signal.SIGKILL)
                self.proceso.wait(timeout=5)


# --- What disturbs each phase -------------------------------------------------------


def _pesado(
    puerto: int,
    cuenta: dict[str, str],
    oficio: bytes,
    lento: bytes,
    fin: float,
    anotar: list,
    confirmadas: dict[str, list[str]],
) -> None:
    """(a): the 100-annex filing and the slow PDF's, in turn, until ``fin``."""
    import httpx

    origen = f"http://{HOST}:{puerto}"
    cabeceras = {
        "Cookie": f"sessionid={cuenta['sesion']}; csrftoken={cuenta['secreto']}",
        "Origin": origen,
        "Referer": origen + "/",
    }
    with httpx.Client(base_url=origen, timeout=180, trust_env=False) as http:
        n = 0
        while time.monotonic() < fin:
            n += 1
            tipo = "100 annexes" if n % 2 else "slow PDF"
            datos, archivos = clientes.formulario(
                cuenta["token"], f"pesado {n}", oficio
            )
            if tipo == "slow PDF":
                archivos = {"oficio": ("oficio.pdf", lento, "application/pdf")}
            else:
                archivos = [("oficio", ("oficio.pdf", oficio, "application/pdf"))] + [
                    ("anexos", (f"anexo-{i}.pdf", oficio, "application/pdf"))
                    for i in range(ANEXOS)
                ]
            inicio = time.monotonic()
            try:
                r = http.post(
                    "/solicitudes/nueva/", data=datos, files=archivos, headers=cabeceras
                )
                estado = r.status_code
                radicado = estado == 302 and clientes.radicado_de(
                    r.headers.get("location", "")
                )
                if radicado:  # filed: its case must be accounted for too
                    confirmadas[datos["clave_envio"]].append(radicado)
            except httpx.HTTPError as error:
                estado = type(error).__name__
            anotar.append((tipo, estado, time.monotonic() - inicio))


def _lentas(puerto: int, parar: threading.Event, cerradas: list) -> None:
    """(b): LENTAS connections each sending a header line every 2 s; one that
    nginx closes is opened again."""

    def una() -> None:
        while not parar.is_set():
            try:
                with socket.create_connection((HOST, puerto), timeout=5) as s:
                    s.sendall(f"GET / HTTP/1.1\r\nHost: {HOST}\r\n".encode())
                    for i in range(60):
                        if parar.wait(2):
                            break
                        s.sendall(b"X-Goteo-%d: a\r\n" % i)
            except OSError:
                cerradas.append(time.monotonic())

    hilos = [threading.Thread(target=una, daemon=True) for _ in range(LENTAS)]
    for hilo in hilos:
        hilo.start()
    for hilo in hilos:
        hilo.join(timeout=10)


def _sin_redis(redis: Redis, t0: float, marcas: dict[str, float]) -> None:
    time.sleep(max(0.0, FALLA_EN - (time.monotonic() - t0)))
    marcas["redis_parado"] = time.monotonic() - t0
    redis.parar()
    time.sleep(REDIS_SEGUNDOS)
    redis.arrancar()
    marcas["redis_vuelve"] = time.monotonic() - t0


def _fase(
    nombre: str,
    pila: Pila,
    preparado: dict[str, Any],
    oficio: bytes,
    lento: bytes,
    redis: Redis,
    cluster: Cluster,
) -> dict[str, Any]:
    fase = clientes.Fase(nombre, SEGUNDOS, clientes.MEZCLA)
    extra: dict[str, Any] = {"marcas": {}, "pesado": [], "cerradas": []}
    confirmadas = fase.confirmaciones
    hilos: list[threading.Thread] = []
    parar = threading.Event()
    t0 = time.monotonic()
    if nombre == "heavy":
        hilos.append(
            threading.Thread(
                target=_pesado,
                args=(
                    pila.puerto,
                    preparado["cuentas"][0],
                    oficio,
                    lento,
                    t0 + SEGUNDOS,
                    extra["pesado"],
                    confirmadas,
                ),
            )
        )
    elif nombre == "slow":
        hilos.append(
            threading.Thread(
                target=_lentas, args=(pila.puerto, parar, extra["cerradas"])
            )
        )
    elif nombre == "redis":
        hilos.append(
            threading.Thread(target=_sin_redis, args=(redis, t0, extra["marcas"]))
        )
    elif nombre == "postgres":
        extra["marcas"]["t0_reloj"] = time.time() - (time.monotonic() - t0)
        hilos.append(
            threading.Thread(
                target=reiniciar,
                args=(cluster, t0, extra["marcas"]),
                kwargs={"en": carga.REINICIO_EN},
            )
        )
    for hilo in hilos:
        hilo.start()
    segundos = asyncio.run(
        clientes.correr_fase(
            fase,
            pila.puerto,
            preparado["cuentas"][1:],
            preparado["admin"],
            oficio,
            t0,
        )
    )
    parar.set()
    for hilo in hilos:
        hilo.join(timeout=300)
    return {"fase": fase, "segundos": segundos, **extra}


# --- Checks after the run -----------------------------------------------------------


def _esperar_cola(cluster: Cluster, limite: float = 180) -> int:
    """Until no task waits or runs (the worker drained the queue); how many do."""
    import psycopg

    fin = time.monotonic() + limite
    while True:
        with psycopg.connect(cluster.url(carga.BASE_DE_DATOS)) as conexion:
            pendientes = conexion.execute(
                f"SELECT count(*) FROM {TABLA_DE_TAREAS} "  # noqa: S608 - a constant
                "WHERE status IN ('READY', 'RUNNING')"
            ).fetchone()[0]
        if not pendientes or time.monotonic() > fin:
            return pendientes
        time.sleep(1)


def _trabajador_vuelve(cluster: Cluster, desde: float) -> float | None:
    """Seconds from ``desde`` (epoch) to the first task finished after it."""
    import psycopg

    with psycopg.connect(cluster.url(carga.BASE_DE_DATOS)) as conexion:
        primera = conexion.execute(
            f"SELECT min(finished_at) FROM {TABLA_DE_TAREAS} "  # noqa: S608
            "WHERE finished_at > %s",
            (datetime.datetime.fromtimestamp(desde, datetime.UTC),),
        ).fetchone()[0]
    return primera.timestamp() - desde if primera else None


def _correos(carpeta: Path) -> tuple[int, int, int]:
    """(messages written, distinct Message-IDs, Message-IDs written twice)."""
    ids: Counter = Counter()
    for archivo in carpeta.glob("*.log"):
        for trozo in archivo.read_text(errors="replace").split("-" * 79):
            if trozo.strip():
                ids[email.message_from_string(trozo.strip()).get("Message-ID")] += 1
    return sum(ids.values()), len(ids), sum(1 for n in ids.values() if n > 1)


def _notificaciones(cluster: Cluster) -> dict[str, int]:
    import psycopg

    with psycopg.connect(cluster.url(carga.BASE_DE_DATOS)) as conexion:
        return dict(
            conexion.execute(
                "SELECT estado, count(*) FROM expedientes_notificacion GROUP BY estado"
            ).fetchall()
        )


# --- The part -------------------------------------------------------------------------


def ejecutar(tmp: Path, ruta_resultado: Path) -> int:
    titulo(
        f"10. Staying up: {clientes.CLIENTES} clients x {SEGUNDOS:g} s behind nginx, "
        "quiet then heavy uploads, slow clients, Redis stopped, PostgreSQL "
        "restarted (aguante)"
    )
    try:
        import httpx  # noqa: F401
    except ImportError as error:
        print(f"  could not run: {error}")
        return NO_CORRIO
    if not (shutil.which("nginx") or Path("/usr/sbin/nginx").exists()):
        print("  could not run: nginx is not installed (make nginx)")
        return NO_CORRIO
    carpeta = tmp / "aguante"
    correos = carpeta / "correos"
    correos.mkdir(parents=True, exist_ok=True)
    cluster = redis = pila = sello = None
    try:
        inicio = time.perf_counter()
        lento = pdf_lento()
        print(
            f"  slow PDF: {len(lento):,} bytes, 2,000,000 objects in object streams, "
            f"wrong startxref (built in {time.perf_counter() - inicio:.1f} s)"
        )
        cluster = crear_cluster(carga.BASE_DE_DATOS, nombre="bench_aguante")
        redis = Redis(carpeta)
        redis.arrancar()
        print(
            f"  PostgreSQL {cluster.version} cluster {cluster.nombre} on port "
            f"{cluster.puerto}, redis-server on port {redis.puerto} (the bench's own)"
        )
        puerto_sello = puerto_libre()
        env = entorno_de_produccion(
            carpeta,
            settings=SETTINGS,
            database_url=cluster.url(carga.BASE_DE_DATOS),
            redis_url=redis.url,
            tsa_url=f"http://{HOST}:{puerto_sello}/",
        ) | {
            "BENCH_CORREOS": str(correos),
            "BENCH_CARGA_CLIENTES": str(clientes.CLIENTES + 1),
        }
        # The demo PKI's timestamper over HTTP: the worker signs every receipt.
        sello = SelloHttp(carpeta / "firma", puerto_sello)
        if ejecutar_modulo("bench.carga", "preparar", str(carpeta), env=env):
            print("  could not run: preparing the bench database failed")
            return NO_CORRIO
        preparado = leer_resultado(carpeta / "preparado.json")
        oficio = Path(preparado["oficio"]).read_bytes()
        pila = Pila(carpeta, env)
        pila.esperar(f"sessionid={preparado['cuentas'][1]['sesion']}")
        resultados = {
            nombre: _fase(nombre, pila, preparado, oficio, lento, redis, cluster)
            for nombre in FASES
        }
        en_cola = _esperar_cola(cluster)
        marcas = resultados["postgres"]["marcas"]
        vuelve = _trabajador_vuelve(
            cluster, marcas["t0_reloj"] + marcas.get("vuelve", 0.0)
        )
        confirmaciones: dict[str, list[str]] = defaultdict(list)
        for r in resultados.values():
            for clave, radicados in r["fase"].confirmaciones.items():
                confirmaciones[clave] += radicados
        (carpeta / "confirmaciones.json").write_text(json.dumps(confirmaciones))
        if ejecutar_modulo("bench.carga", "verificar", str(carpeta), env=env):
            print("  could not run: the check of the cases failed")
            return NO_CORRIO
        verificacion = leer_resultado(carpeta / "verificacion.json")
        notificaciones = _notificaciones(cluster)
    except RuntimeError as error:
        print(f"  could not run: {error}")
        return NO_CORRIO
    finally:
        if pila:
            pila.parar()
        if redis:
            redis.parar()
        if sello:
            sello.parar()
        if cluster:
            borrar_cluster(cluster)
    escritos, distintos, dos_veces = _correos(correos)
    return _informar(
        resultados,
        verificacion,
        notificaciones,
        (escritos, distintos, dos_veces),
        vuelve,
        en_cola,
        ruta_resultado,
    )


def _p(respuestas: list, p: float) -> float:
    return clientes.percentil([(r.fin - r.inicio) * 1000 for r in respuestas], p)


def _informar(
    resultados, verificacion, notificaciones, correos, vuelve, en_cola, ruta
) -> int:
    quieta = resultados["quiet"]["fase"].respuestas
    q50, q95 = _p(quieta, 50), _p(quieta, 95)
    filas = {}
    print(
        f"  {'phase':<9} {'req':>6} {'req/s':>6} {'p50 ms':>8} {'p95 ms':>8} "
        f"{'p50 x':>6} {'p95 x':>6} {'5xx':>4}  unexpected answers by kind"
    )
    for nombre, r in resultados.items():
        respuestas = r["fase"].respuestas
        p50, p95 = _p(respuestas, 50), _p(respuestas, 95)
        inesperadas = Counter(
            f"{x.tipo} {x.estado or x.error}"
            for x in respuestas
            if not clientes.esperado(x)
        )
        # /healthz answering 503 while PostgreSQL is down tells the truth (it never
        # waits: portal/reconexion.py); counted apart from the pages' 5xx.
        salud = sum(1 for x in respuestas if x.tipo == "healthz" and x.estado == 503)
        cinco = sum(1 for x in respuestas if x.estado >= 500 or x.estado == 0) - salud
        filas[nombre] = {
            "n": len(respuestas),
            "rps": len(respuestas) / r["segundos"],
            "p50_ms": p50,
            "p95_ms": p95,
            "p50_x": p50 / q50,
            "p95_x": p95 / q95,
            "cinco": cinco,
            "salud_503": salud,
            "inesperadas": dict(inesperadas),
        }
        f = filas[nombre]
        print(
            f"  {nombre:<9} {f['n']:6d} {f['rps']:6.1f} {p50:8.1f} {p95:8.1f} "
            f"{f['p50_x']:6.2f} {f['p95_x']:6.2f} {cinco:4d}  "
            f"{dict(inesperadas) or 'none'}"
        )
    print(
        "  (5xx: every 5xx or unanswered request but /healthz's 503s, which say "
        "PostgreSQL is down while it is: they are listed by kind)"
    )
    pesado = Counter(f"{t} {e}" for t, e, _ in resultados["heavy"]["pesado"])
    tiempos = defaultdict(list)
    for t, _, s in resultados["heavy"]["pesado"]:
        tiempos[t].append(s)
    print(
        "  (a) the extra client's answers: "
        + ", ".join(f"{k} x{v}" for k, v in pesado.items())
        + "; median seconds each: "
        + ", ".join(f"{t} {sorted(v)[len(v) // 2]:.1f}" for t, v in tiempos.items())
    )
    print(
        f"  (b) slow connections dropped by nginx and opened again: "
        f"{len(resultados['slow']['cerradas'])}"
    )
    m = resultados["redis"]["marcas"]
    print(
        f"  (c) Redis stopped at {m.get('redis_parado', float('nan')):.1f} s, "
        f"back at {m.get('redis_vuelve', float('nan')):.1f} s"
    )
    m = resultados["postgres"]["marcas"]
    print(
        f"  (d) PostgreSQL restarted at {m.get('reinicio', float('nan')):.1f} s, "
        f"refused connections from {m.get('primera_sonda_fallida', float('nan')):.1f}"
        f" s, accepted again at {m.get('vuelve', float('nan')):.1f} s; the worker "
        f"finished its first task "
        + (f"{vuelve:.1f} s after that" if vuelve is not None else "NEVER after that")
        + f"; tasks still queued at the end: {en_cola}"
    )
    v = verificacion
    escritos, distintos, dos_veces = correos
    ok_radicados = v["perdidas"] == 0 and v["duplicadas"] == 0 and v["sin_huecos"]
    print(
        f"  {veredicto(ok_radicados)} filings: {v['casos']} cases, lost "
        f"{v['perdidas']}, duplicated {v['duplicadas']}, never confirmed "
        f"{v['no_confirmadas']}, radicados without gaps: {v['sin_huecos']}; "
        f"half-made cases: {'none' if v['completos'] else 'SOME'}"
    )
    print(
        f"  {veredicto(dos_veces == 0)} e-mails: {escritos} written, {distintos} "
        f"distinct Message-IDs, sent twice: {dos_veces}; notifications by state "
        f"{notificaciones}"
    )
    for nombre, f in filas.items():
        if nombre == "quiet":
            ok = f["cinco"] == 0 and not f["inesperadas"]
        else:
            ok = f["cinco"] == 0 and f["p50_x"] <= 2 and f["p95_x"] <= 2
        f["ok"] = ok
        print(
            f"  {veredicto(ok)} {nombre}: legitimate traffic "
            + ("0 errors" if nombre == "quiet" else "within 2x of quiet, no 5xx")
        )
    escribir_resultado(
        ruta,
        {
            "fases": filas,
            "pesado": dict(pesado),
            "trabajador_vuelve_s": vuelve,
            "correos_dos_veces": dos_veces,
            "verificacion": v,
        },
    )
    return CORRIO


def filas_resumen(r: dict[str, Any] | None, fila) -> list[str]:
    if r is None:
        return [fila("10. staying up", "did not run", "", "ERROR")]
    filas = []
    for nombre, f in r["fases"].items():
        filas.append(
            fila(
                f"10. {nombre}: p50/p95 ms (x quiet), 5xx",
                f"{f['p50_ms']:.0f}/{f['p95_ms']:.0f} ({f['p50_x']:.1f}x/"
                f"{f['p95_x']:.1f}x), {f['cinco']}",
                "0 errors" if nombre == "quiet" else "<=2x, 0",
                veredicto(f["ok"]),
            )
        )
    v = r["verificacion"]
    filas.append(
        fila(
            "10. filings lost, duplicated; mail x2",
            f"{v['perdidas']}, {v['duplicadas']}; {r['correos_dos_veces']}",
            "0, 0; 0",
            veredicto(
                v["perdidas"] == 0
                and v["duplicadas"] == 0
                and r["correos_dos_veces"] == 0
            ),
        )
    )
    vuelve = r["trabajador_vuelve_s"]
    filas.append(
        fila(
            "10. worker works again after PG",
            "never" if vuelve is None else f"{vuelve:.1f} s",
            "info",
        )
    )
    return filas


if __name__ == "__main__":
    # ``python -m bench.aguante pdf FILE``: write the slow PDF, to try it by hand.
    if len(sys.argv) == 3 and sys.argv[1] == "pdf":
        Path(sys.argv[2]).write_bytes(pdf_lento())
    else:
        sys.exit("usage: python -m bench.aguante pdf FILE")
