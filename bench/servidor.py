"""Part 2: the procedure page under gunicorn with production settings.

``ejecutar()`` runs in the orchestrator (no Django): it creates a bench database in
the local PostgreSQL (SQLite if PostgreSQL cannot be reached), prepares it in a
subprocess (``python -m bench.servidor preparar``: migrate, createcachetable,
collectstatic, the seed, and the rendered page written into STATIC_ROOT), starts two
gunicorns on 127.0.0.1 and measures with ``wrk``:

* static   - the same HTML bytes served by WhiteNoise (production server),
* cached   - the page as anonymous users get it (production server),
* uncached - the page rendered on every request (``bench.settings_sin_cache``).

Runs are interleaved so that noise on this 2-core machine hits all three alike;
medians are reported. Then it checks that publishing a revision through the ORM
(``python -m bench.servidor publicar``) empties the page cache. Gunicorn is always
stopped and the database always dropped.
"""

from __future__ import annotations

import http.client
import logging
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.comun import (
    CORRIO,
    NO_CORRIO,
    PYTHON,
    RAIZ,
    ejecutar_modulo,
    entorno,
    escribir_resultado,
    mediana,
    titulo,
    veredicto,
)

HOST = "127.0.0.1"
PAGINA = "/procedimientos/es-pe-pr-31/"
ESTATICA = "/static/bench/procedimiento.html"
#: Path of the static copy inside STATIC_ROOT.
ARCHIVO_ESTATICO = Path("bench") / "procedimiento.html"
#: Target: the cached page serves at least this fraction of the static rate.
OBJETIVO_CACHE = 0.8
RONDAS = int(os.environ.get("BENCH_RONDAS", "4"))
SEGUNDOS = int(os.environ.get("BENCH_SEGUNDOS", "5"))
CONEXIONES = 8
HILOS = 2
WORKERS = 2
#: Seconds within which every worker sees a publish (portal/settings/base.py).
REVALIDAR = 1.0
POSTGRES_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"

# --- Infrastructure -----------------------------------------------------------


def _wrk_disponible() -> bool:
    if shutil.which("wrk"):
        return True
    print("  wrk is missing: apt-get install -y wrk")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    instalar = ["apt-get", "install", "-y", "-qq", "wrk"]
    if subprocess.run(instalar, env=env, capture_output=True, check=False).returncode:
        subprocess.run(
            ["apt-get", "update", "-qq"], env=env, capture_output=True, check=False
        )
        subprocess.run(instalar, env=env, capture_output=True, check=False)
    return shutil.which("wrk") is not None


def _conectar_postgres():
    import psycopg

    return psycopg.connect(POSTGRES_ADMIN, connect_timeout=3, autocommit=True)


def _postgres_disponible() -> bool:
    import psycopg

    try:
        _conectar_postgres().close()
        return True
    except psycopg.OperationalError:
        pass
    versiones = (
        sorted(os.listdir("/etc/postgresql"))
        if Path("/etc/postgresql").is_dir()
        else []
    )
    for version in versiones:
        print(f"  PostgreSQL is down: starting cluster {version}/main")
        subprocess.run(
            ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "start"],
            capture_output=True,
            check=False,
        )
    for _ in range(10):
        try:
            _conectar_postgres().close()
            return True
        except psycopg.OperationalError:
            time.sleep(0.5)
    return False


def _sql_admin(sql: str) -> None:
    with _conectar_postgres() as conexion:
        conexion.execute(sql)


def _redis_disponible(url: str) -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_timeout=1).ping())
    except redis.RedisError:
        return False


def _puerto_libre() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


@dataclass
class Servidor:
    nombre: str
    puerto: int
    proceso: subprocess.Popen
    log: Path


def _arrancar(nombre: str, settings: str, env: dict[str, str], tmp: Path) -> Servidor:
    puerto = _puerto_libre()
    log = tmp / f"gunicorn-{nombre}.log"
    proceso = subprocess.Popen(
        [
            PYTHON,
            "-m",
            "gunicorn",
            "portal.wsgi:application",
            "--chdir",
            str(RAIZ),
            "--bind",
            f"{HOST}:{puerto}",
            "--workers",
            str(WORKERS),
            "--error-logfile",
            str(log),
            "--log-level",
            "warning",
        ],
        cwd=RAIZ,
        env={**env, "DJANGO_SETTINGS_MODULE": settings},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    return Servidor(nombre, puerto, proceso, log)


def _esperar(servidor: Servidor, ruta: str, limite: float = 60) -> None:
    fin = time.monotonic() + limite
    while time.monotonic() < fin:
        if servidor.proceso.poll() is not None:
            break
        try:
            if _get(servidor.puerto, ruta)[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    cola = (
        servidor.log.read_text(errors="replace")[-2000:]
        if servidor.log.exists()
        else ""
    )
    raise RuntimeError(f"gunicorn ({servidor.nombre}) did not answer {ruta}:\n{cola}")


def _parar(servidor: Servidor) -> None:
    """SIGTERM to the gunicorn this bench started (its own session), then SIGKILL."""
    if servidor.proceso.poll() is not None:
        return
    try:
        os.killpg(servidor.proceso.pid, signal.SIGTERM)
        servidor.proceso.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(servidor.proceso.pid, signal.SIGKILL)
        servidor.proceso.wait(timeout=5)
    except ProcessLookupError:
        pass


def _get(puerto: int, ruta: str) -> tuple[int, dict[str, str], bytes, float]:
    """One GET without following redirects: (status, headers, body, seconds)."""
    conexion = http.client.HTTPConnection(HOST, puerto, timeout=30)
    try:
        inicio = time.perf_counter()
        conexion.request("GET", ruta)
        respuesta = conexion.getresponse()
        cuerpo = respuesta.read()
        segundos = time.perf_counter() - inicio
        return respuesta.status, dict(respuesta.getheaders()), cuerpo, segundos
    finally:
        conexion.close()


# --- wrk --------------------------------------------------------------------------

_UNIDADES = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def _wrk(puerto: int, ruta: str, segundos: int) -> dict[str, Any]:
    salida = subprocess.run(
        [
            "wrk",
            f"-t{HILOS}",
            f"-c{CONEXIONES}",
            f"-d{segundos}s",
            "--latency",
            f"http://{HOST}:{puerto}{ruta}",
        ],
        capture_output=True,
        text=True,
        timeout=segundos + 30,
        check=False,
    ).stdout
    rps = re.search(r"Requests/sec:\s+([\d.]+)", salida)
    p50 = re.search(r"50%\s+([\d.]+)(us|ms|s|m)\b", salida)
    if not (rps and p50):
        raise RuntimeError(f"could not read wrk's output:\n{salida}")
    malas = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", salida)
    errores = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", salida
    )
    return {
        "rps": float(rps.group(1)),
        "p50_ms": float(p50.group(1)) * _UNIDADES[p50.group(2)],
        "no_2xx": int(malas.group(1)) if malas else 0,
        # Gunicorn's sync workers close every connection, which wrk may count as
        # read errors; connect errors and timeouts are real failures.
        "errores": int(errores.group(1)) + int(errores.group(4)) if errores else 0,
    }


# --- The part -----------------------------------------------------------------------


def _medir(objetivos: dict[str, tuple[int, str]]) -> dict[str, list[dict[str, Any]]]:
    """Interleaved wrk runs, the order rotating each round; two warm-up seconds each."""
    for puerto, ruta in objetivos.values():
        _wrk(puerto, ruta, 2)
    corridas: dict[str, list[dict[str, Any]]] = {nombre: [] for nombre in objetivos}
    nombres = list(objetivos)
    for ronda in range(RONDAS):
        orden = nombres[ronda % len(nombres) :] + nombres[: ronda % len(nombres)]
        for nombre in orden:
            puerto, ruta = objetivos[nombre]
            corrida = _wrk(puerto, ruta, SEGUNDOS)
            corridas[nombre].append(corrida)
            print(
                f"  round {ronda + 1}/{RONDAS} {nombre:<9} "
                f"{corrida['rps']:8.1f} req/s  p50 {corrida['p50_ms']:7.2f} ms"
                + (f"  NON-2xx: {corrida['no_2xx']}" if corrida["no_2xx"] else "")
                + (f"  errors: {corrida['errores']}" if corrida["errores"] else "")
            )
    return corridas


def _comprobar_cache(produccion: Servidor, sin_cache: Servidor) -> dict[str, Any]:
    """Second GET is a cache hit: Django stores Expires with the response, so a hit
    repeats the first response's Expires, while a render a second later cannot."""
    _, h1, _, t1 = _get(produccion.puerto, PAGINA)
    time.sleep(1.1)
    estado, h2, cuerpo, t2 = _get(produccion.puerto, PAGINA)
    acierto = (
        estado == 200 and bool(h1.get("Expires")) and h1["Expires"] == h2.get("Expires")
    )
    _, s1, _, _ = _get(sin_cache.puerto, PAGINA)
    time.sleep(1.1)
    _, s2, _, _ = _get(sin_cache.puerto, PAGINA)
    renderiza = s1.get("Expires") != s2.get("Expires")
    print(
        f"  {veredicto(acierto)} 2nd anonymous GET is a cache hit "
        f"(same Expires: {h2.get('Expires')}; "
        f"{t1 * 1000:.1f} ms then {t2 * 1000:.1f} ms)"
    )
    print(
        f"  {veredicto(renderiza)} uncached server renders every request (new Expires)"
    )
    return {"acierto": acierto, "sin_cache_renderiza": renderiza, "html": cuerpo}


def _comprobar_pdf(produccion: Servidor) -> bool:
    """Smoke check, not a target: the PDF URL answers with a PDF under gunicorn."""
    estado, cabeceras, cuerpo, segundos = _get(produccion.puerto, PAGINA + "pdf/")
    ok = (
        estado == 200
        and cabeceras.get("Content-Type") == "application/pdf"
        and cuerpo.startswith(b"%PDF")
    )
    print(
        f"  {veredicto(ok)} {PAGINA}pdf/ -> {estado} "
        f"{cabeceras.get('Content-Type')}, {len(cuerpo)} bytes in "
        f"{segundos * 1000:.0f} ms"
    )
    return ok


def _comprobar_invalidacion(produccion: Servidor, env: dict[str, str]) -> bool:
    """After a publish, every worker serves the new page within REVALIDAR (1 s):
    the worker that did not see the signal notices the new generation token."""
    marca = f"bench-{secrets.token_hex(4)}"
    antes = _get(produccion.puerto, PAGINA)[2]
    if ejecutar_modulo("bench.servidor", "publicar", marca, env=env) != 0:
        raise RuntimeError("could not publish a new revision")
    time.sleep(REVALIDAR + 0.1)
    respuestas = [_get(produccion.puerto, PAGINA) for _ in range(4 * WORKERS)]
    ok = marca.encode() not in antes and all(
        estado == 200 and marca.encode() in cuerpo
        for estado, _, cuerpo, _ in respuestas
    )
    print(
        f"  {veredicto(ok)} publishing a revision (title + {marca!r}) reaches "
        f"anonymous users on every worker within {REVALIDAR:g} s "
        f"({len(respuestas)} requests checked)"
    )
    return ok


def ejecutar(tmp: Path, ruta_resultado: Path) -> int:
    titulo("2. Page under gunicorn, production settings")
    if not _wrk_disponible():
        print("  could not run: wrk is not installed and could not be installed")
        return NO_CORRIO

    static_root = tmp / "static"
    static_root.mkdir()
    (tmp / "media").mkdir()
    nombre_bd = f"asesoria_bench_{os.getpid()}"
    # BENCH_SIN_POSTGRES=1 / BENCH_SIN_REDIS=1 exercise the fallbacks on purpose.
    postgres = not os.environ.get("BENCH_SIN_POSTGRES") and _postgres_disponible()
    if postgres:
        _sql_admin(f'DROP DATABASE IF EXISTS "{nombre_bd}" WITH (FORCE)')
        _sql_admin(f'CREATE DATABASE "{nombre_bd}"')
        database_url = f"postgres://postgres@127.0.0.1:5432/{nombre_bd}"
        motor = f"PostgreSQL (database {nombre_bd}, dropped at the end)"
    else:
        database_url = f"sqlite:///{tmp / 'servidor.sqlite3'}"
        motor = (
            "SQLite FALLBACK ("
            + (
                "BENCH_SIN_POSTGRES is set"
                if os.environ.get("BENCH_SIN_POSTGRES")
                else "PostgreSQL not reachable on 127.0.0.1:5432"
            )
            + ")"
        )
    redis_url = "redis://127.0.0.1:6379/0"
    redis = not os.environ.get("BENCH_SIN_REDIS") and _redis_disponible(redis_url)
    cache = "Redis (redis://127.0.0.1:6379/0 and /1)" if redis else "DatabaseCache"
    print(f"  database: {motor}\n  cache:    {cache}")
    print(
        f"  gunicorn: {WORKERS} sync workers each; wrk -t{HILOS} -c{CONEXIONES}, "
        f"{RONDAS} rounds x {SEGUNDOS} s per target"
    )

    env = entorno(
        DJANGO_SETTINGS_MODULE="portal.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=database_url,
        SECURE_SSL_REDIRECT="0",
        STATIC_ROOT=str(static_root),
        MEDIA_ROOT=str(tmp / "media"),
        **({"REDIS_URL": redis_url} if redis else {}),
    )
    servidores: list[Servidor] = []
    try:
        if ejecutar_modulo("bench.servidor", "preparar", env=env) != 0:
            print("  could not run: preparing the bench database failed")
            return NO_CORRIO
        produccion = _arrancar("production", "portal.settings.production", env, tmp)
        servidores.append(produccion)
        sin_cache = _arrancar("uncached", "bench.settings_sin_cache", env, tmp)
        servidores.append(sin_cache)
        _esperar(produccion, ESTATICA)
        _esperar(sin_cache, ESTATICA)

        estado, _, estatico, _ = _get(produccion.puerto, ESTATICA)
        pdf = _comprobar_pdf(produccion)
        cache_ok = _comprobar_cache(produccion, sin_cache)
        mismos = cache_ok.pop("html") == estatico
        print(
            f"  static copy: {len(estatico)} bytes, "
            + ("identical to the page served" if mismos else "DIFFERS from the page")
        )

        corridas = _medir(
            {
                "static": (produccion.puerto, ESTATICA),
                "cached": (produccion.puerto, PAGINA),
                "uncached": (sin_cache.puerto, PAGINA),
            }
        )
        invalidacion = _comprobar_invalidacion(produccion, env)
    except RuntimeError as error:
        print(f"  could not run: {error}")
        return NO_CORRIO
    finally:
        for servidor in servidores:
            _parar(servidor)
        if postgres:
            _sql_admin(f'DROP DATABASE IF EXISTS "{nombre_bd}" WITH (FORCE)')

    medianas = {
        nombre: {
            "rps": mediana([c["rps"] for c in lista]),
            "p50_ms": mediana([c["p50_ms"] for c in lista]),
            "no_2xx": sum(c["no_2xx"] for c in lista),
        }
        for nombre, lista in corridas.items()
    }
    cacheada = medianas["cached"]["rps"] / medianas["static"]["rps"]
    # The same ratio round by round (runs of a round are seconds apart): its spread
    # says how much to trust the ratio of medians on a noisy machine.
    por_ronda = [
        c["rps"] / e["rps"]
        for c, e in zip(corridas["cached"], corridas["static"], strict=True)
    ]
    sin = medianas["uncached"]["rps"] / medianas["static"]["rps"]
    print(
        f"  {veredicto(cacheada >= OBJETIVO_CACHE)} cached/static = {cacheada:.2f} "
        f"(target >= {OBJETIVO_CACHE}; by round {min(por_ronda):.2f}-"
        f"{max(por_ronda):.2f}); uncached/static = {sin:.2f} (information)"
    )
    escribir_resultado(
        ruta_resultado,
        {
            "motor": motor,
            "cache": cache,
            "medianas": medianas,
            "corridas": corridas,
            "cacheada_sobre_estatica": cacheada,
            "cacheada_sobre_estatica_por_ronda": por_ronda,
            "sin_cache_sobre_estatica": sin,
            "objetivo": OBJETIVO_CACHE,
            "acierto": cache_ok["acierto"],
            "sin_cache_renderiza": cache_ok["sin_cache_renderiza"],
            "invalidacion": invalidacion,
            "html_identico": mismos,
            "pdf_url": pdf,
            "bytes": len(estatico),
        },
    )
    return CORRIO


# --- Django side: ``python -m bench.servidor preparar|publicar MARCA`` ---------------


def preparar() -> None:
    """Migrate, cache table, static files, seed; then write the rendered page as a
    static file, before gunicorn starts (WhiteNoise only scans STATIC_ROOT then)."""
    import django

    django.setup()
    logging.disable(logging.INFO)  # production LOGGING echoes every page action
    from django.conf import settings
    from django.core.cache import caches
    from django.core.management import call_command
    from django.test import Client
    from wagtail.models import Site

    from bench.datos import cargar_semilla

    inicio = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    call_command("createcachetable", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    cargar_semilla()
    Site.clear_site_root_paths_cache()
    respuesta = Client().get(PAGINA, HTTP_HOST=HOST)
    if respuesta.status_code != 200:
        raise RuntimeError(f"GET {PAGINA} -> {respuesta.status_code}")
    destino = Path(settings.STATIC_ROOT) / ARCHIVO_ESTATICO
    destino.parent.mkdir(parents=True, exist_ok=True)
    destino.write_bytes(respuesta.content)
    caches["paginas"].clear()
    print(f"  migrate, collectstatic and seed in {time.perf_counter() - inicio:.1f} s")


def publicar(marca: str) -> None:
    """A new revision of the seed page, published through the ORM as an editor would."""
    import django

    django.setup()
    logging.disable(logging.INFO)  # production LOGGING echoes every page action
    from bench.datos import SEMILLA
    from procedimientos.models import ProcedimientoPage

    pagina = ProcedimientoPage.objects.get(codigo=SEMILLA)
    pagina.title = f"{pagina.title} {marca}"
    pagina.save_revision().publish()


if __name__ == "__main__":
    orden = sys.argv[1] if len(sys.argv) > 1 else ""
    if orden == "preparar":
        preparar()
    elif orden == "publicar":
        publicar(sys.argv[2])
    else:
        sys.exit("usage: python -m bench.servidor preparar | publicar MARCA")
