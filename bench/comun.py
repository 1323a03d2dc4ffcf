"""Plumbing shared by the parts of the bench. No Django imported at module level.

The orchestrator (``bench/__main__.py``) and the server parts (``bench/servidor.py``,
``bench/radicacion.py``) never import Django settings: every part that needs Django
runs in a subprocess with an environment built by ``entorno()``, so settings never
collide. The in-process parts' subprocesses start with ``correr_en_proceso()``. The
second half of this module is what the server parts share: the bench database in
the local PostgreSQL, Redis detection, gunicorn on a free port of 127.0.0.1, and
``wrk``.
"""

from __future__ import annotations

import http.client
import io
import json
import os
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn

RAIZ = Path(__file__).resolve().parent.parent
PYTHON = sys.executable

#: Variables of the calling shell that would leak into a part's settings.
_NO_HEREDAR = (
    "DJANGO_SETTINGS_MODULE",
    "DATABASE_URL",
    "REDIS_URL",
    "STATIC_ROOT",
    "MEDIA_ROOT",
    "PRIVATE_MEDIA_ROOT",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "SECURE_SSL_REDIRECT",
    "CSRF_TRUSTED_ORIGINS",
)

#: Exit code of a part that ran (whatever its PASS/FAIL) and of one that could not.
CORRIO = 0
NO_CORRIO = 2


def entorno(**variables: str) -> dict[str, str]:
    """The environment of a part: the caller's, minus settings, plus ``variables``."""
    env = {k: v for k, v in os.environ.items() if k not in _NO_HEREDAR}
    env["PYTHONUNBUFFERED"] = "1"
    env.update(variables)
    return env


def ejecutar_modulo(
    modulo: str, *args: str, env: dict[str, str], timeout: float = 900
) -> int:
    """Run ``python -m modulo args`` from the project root; its output goes through."""
    try:
        return subprocess.run(
            [PYTHON, "-m", modulo, *args],
            cwd=RAIZ,
            env=env,
            timeout=timeout,
            check=False,
        ).returncode
    except subprocess.TimeoutExpired:
        print(f"  {modulo} {' '.join(args)}: timed out after {timeout:.0f} s")
        return NO_CORRIO


def escribir_resultado(ruta: str | Path, datos: dict[str, Any]) -> None:
    Path(ruta).write_text(json.dumps(datos, indent=2, ensure_ascii=False), "utf-8")


def leer_resultado(ruta: Path) -> dict[str, Any] | None:
    try:
        return json.loads(ruta.read_text("utf-8"))
    except (OSError, ValueError):
        return None


def mediana(valores: list[float]) -> float:
    return statistics.median(valores) if valores else float("nan")


def veredicto(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def titulo(texto: str) -> None:
    print(f"\n=== {texto} ===", flush=True)


# --- In-process parts: ``python -m bench.<parte> RESULT.json`` ----------------------


def correr_en_proceso(medir: Callable[[], dict[str, Any]], ruta: str) -> NoReturn:
    """Django set up (the orchestrator's environment names the settings), ``medir()``
    run and what it returns written to ``ruta``; exit CORRIO. A part that cannot run
    (what it measures cannot be imported, its data is not what it expects) says why,
    writes ``{"error": ...}`` and exits NO_CORRIO."""
    try:
        import django

        django.setup()
        resultado = medir()
    except (ImportError, LookupError, RuntimeError, TypeError) as error:
        print(f"  could not run: {error}")
        escribir_resultado(ruta, {"error": str(error)})
        sys.exit(NO_CORRIO)
    escribir_resultado(ruta, resultado)
    sys.exit(CORRIO)


def medianas_intercaladas(
    funciones: dict[str, Callable[[], object]], corridas: int
) -> dict[str, float]:
    """Median milliseconds of each of ``funciones``, called in turn ``corridas`` times
    so that the load of the machine hits them alike. Warm them up before."""
    tiempos: dict[str, list[float]] = {clave: [] for clave in funciones}
    for _ in range(corridas):
        for clave, funcion in funciones.items():
            inicio = time.perf_counter()
            funcion()
            tiempos[clave].append(time.perf_counter() - inicio)
    return {clave: mediana(valores) * 1000 for clave, valores in tiempos.items()}


def intercalar_con_base(
    pagina: Callable[[], object], base: Callable[[], object], rondas: int
) -> tuple[float, float]:
    """Median milliseconds of ``pagina`` and of its bare ``base``, called in turn
    ``rondas`` times, which goes first alternating each round."""
    veces: list[float] = []
    veces_base: list[float] = []
    for ronda in range(rondas):
        pares = [(veces, pagina), (veces_base, base)]
        for destino, correr in pares if ronda % 2 == 0 else pares[::-1]:
            inicio = time.perf_counter()
            correr()
            destino.append((time.perf_counter() - inicio) * 1000)
    return mediana(veces), mediana(veces_base)


def anotar_contra_base(
    medidas: dict,
    sql: dict,
    nombre: str,
    tamano: int,
    consultas: list[str],
    ms: float,
    base_ms: float,
    *,
    ancho: int = 22,
) -> None:
    """Keep one URL's figures at one size in ``medidas`` (its queries in ``sql``)
    and print them next to the bare read's."""
    m = medidas.setdefault(nombre, {"consultas": {}, "ms": {}, "base_ms": {}})
    m["consultas"][str(tamano)] = len(consultas)
    m["ms"][str(tamano)] = ms
    m["base_ms"][str(tamano)] = base_ms
    sql.setdefault(nombre, {})[str(tamano)] = consultas
    print(
        f"  {tamano:>7,} {nombre:<{ancho}} {len(consultas):>3} queries "
        f"{ms:>9.1f} ms | bare {base_ms:>8.1f} ms ({ms / base_ms:.1f}x)"
    )


def veredictos_de_consultas(medidas: dict, sql: dict, medidos: list[str]) -> None:
    """PASS when a URL ran the same number of queries at every size; on a FAIL,
    the queries of each size."""
    for nombre, m in medidas.items():
        cuentas = [m["consultas"][t] for t in medidos]
        ok = len(set(cuentas)) == 1
        print(f"  {veredicto(ok)} {nombre}: queries {' vs '.join(map(str, cuentas))}")
        if not ok:
            for t in medidos:
                print(f"    queries at {t}:")
                for consulta in sql[nombre][t]:
                    print(f"       {consulta[:120]}")


def filas_contra_base(
    r: dict[str, Any], fila, parte: int, *, razon_maxima: float | None = None
) -> list[str]:
    """Summary rows of a part that measured pages against their bare reads at
    two sizes (``anotar_contra_base``): per URL, its queries at both sizes
    (equal: PASS) and its median at the largest next to the bare read's, with a
    verdict when the part has a ratio for a target (``razon_maxima``), and the
    database it ran on."""
    chico, grande = (str(n) for n in (r["tamanos"][0], r["tamanos"][-1]))
    filas = []
    for nombre, m in r["medidas"].items():
        consultas = m["consultas"]
        filas.append(
            fila(
                f"{parte}. queries, {nombre} ({chico} vs {grande})",
                f"{consultas[chico]} vs {consultas[grande]}",
                "equal",
                veredicto(consultas[chico] == consultas[grande]),
            )
        )
        razon = m["ms"][grande] / m["base_ms"][grande]
        objetivo = (
            (f"<= {razon_maxima}x", veredicto(razon <= razon_maxima))
            if razon_maxima is not None
            else ("info",)
        )
        filas.append(
            fila(
                f"{parte}. {nombre} at {grande} (median)",
                f"{m['ms'][grande]:.0f} ms vs bare {m['base_ms'][grande]:.0f} ms "
                f"({razon:.2f}x); at {chico} {m['ms'][chico]:.0f} ms",
                *objetivo,
            )
        )
    filas.append(fila(f"{parte}. database", r["motor"].split(" (")[0]))
    return filas


def paginas_pdf(contenido: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(contenido)).pages)


# --- Server parts: PostgreSQL, Redis, gunicorn, wrk ----------------------------------

HOST = "127.0.0.1"
#: wrk's concurrent connections and threads, gunicorn's sync workers.
CONEXIONES = 8
HILOS = 2
WORKERS = 2
POSTGRES_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
REDIS_BENCH = "redis://127.0.0.1:6379/0"


def wrk_disponible() -> bool:
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


def conectar_postgres(url: str = POSTGRES_ADMIN):
    """An autocommit connection (the admin database unless ``url`` says another)."""
    import psycopg

    return psycopg.connect(url, connect_timeout=3, autocommit=True)


def postgres_disponible() -> bool:
    """The local PostgreSQL answers; if it is down, start its cluster first."""
    import psycopg

    try:
        conectar_postgres().close()
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
            conectar_postgres().close()
            return True
        except psycopg.OperationalError:
            time.sleep(0.5)
    return False


def sql_admin(sql: str) -> None:
    with conectar_postgres() as conexion:
        conexion.execute(sql)


def crear_base_de_datos(nombre: str) -> str:
    """A fresh database ``nombre`` in the local PostgreSQL; returns its URL."""
    borrar_base_de_datos(nombre)
    sql_admin(f'CREATE DATABASE "{nombre}"')
    return f"postgres://postgres@127.0.0.1:5432/{nombre}"


def borrar_base_de_datos(nombre: str) -> None:
    sql_admin(f'DROP DATABASE IF EXISTS "{nombre}" WITH (FORCE)')


def redis_disponible(url: str = REDIS_BENCH) -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_timeout=1).ping())
    except redis.RedisError:
        return False


def entorno_de_produccion(
    carpeta: Path,
    *,
    database_url: str,
    redis_url: str | None,
    settings: str,
    tsa_url: str | None = None,
) -> dict[str, str]:
    """What production settings require, for a server on 127.0.0.1 over HTTP.

    Static, media and private files go to ``carpeta`` (created here), never to the
    project's own ``staticfiles/``, ``media/`` or ``privado/``. The certificate
    records are signed with is a demo one in ``carpeta/firma``; ``tsa_url``: where
    ``expedientes.firma.sello_http.SelloHttp(carpeta / "firma", port)`` serves its
    timestamper (part 10's worker signs); without it a closed port (no worker).
    """
    for nombre in ("static", "media", "privado"):
        (carpeta / nombre).mkdir(parents=True, exist_ok=True)
    # Production refuses to start without the certificate records are signed with.
    from expedientes.firma.demo import (
        entorno_de_servidor,
        entorno_de_servidor_sin_firmas,
    )

    firma = (
        entorno_de_servidor(carpeta / "firma", tsa_url=tsa_url)
        if tsa_url
        else entorno_de_servidor_sin_firmas(carpeta / "firma")
    )
    return entorno(
        **firma,
        DJANGO_SETTINGS_MODULE=settings,
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=database_url,
        SITE_URL="http://127.0.0.1",
        SECURE_SSL_REDIRECT="0",
        STATIC_ROOT=str(carpeta / "static"),
        MEDIA_ROOT=str(carpeta / "media"),
        PRIVATE_MEDIA_ROOT=str(carpeta / "privado"),
        **({"REDIS_URL": redis_url} if redis_url else {}),
    )


def puerto_libre() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


@dataclass
class Servidor:
    nombre: str
    puerto: int
    proceso: subprocess.Popen
    log: Path


def arrancar(
    nombre: str, settings: str, env: dict[str, str], tmp: Path, raiz: Path = RAIZ
) -> Servidor:
    """``portal.wsgi`` under gunicorn, WORKERS sync workers, on a free local port;
    the code of ``raiz`` (this tree unless told: part 10 runs ``main``'s too)."""
    puerto = puerto_libre()
    log = tmp / f"gunicorn-{nombre}.log"
    proceso = subprocess.Popen(
        [
            PYTHON,
            "-m",
            "gunicorn",
            "portal.wsgi:application",
            "--chdir",
            str(raiz),
            "--bind",
            f"{HOST}:{puerto}",
            "--workers",
            str(WORKERS),
            "--error-logfile",
            str(log),
            "--log-level",
            "warning",
        ],
        cwd=raiz,
        env={**env, "DJANGO_SETTINGS_MODULE": settings, "PYTHONPATH": str(raiz)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    return Servidor(nombre, puerto, proceso, log)


def esperar(
    servidor: Servidor,
    ruta: str,
    limite: float = 60,
    cabeceras: dict[str, str] | None = None,
) -> None:
    """Until ``ruta`` answers 200; RuntimeError with gunicorn's log otherwise."""
    fin = time.monotonic() + limite
    while time.monotonic() < fin:
        if servidor.proceso.poll() is not None:
            break
        try:
            if get(servidor.puerto, ruta, cabeceras)[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise RuntimeError(
        f"gunicorn ({servidor.nombre}) did not answer {ruta}:\n{cola_del_log(servidor)}"
    )


def cola_del_log(servidor: Servidor, caracteres: int = 2000) -> str:
    if not servidor.log.exists():
        return ""
    return servidor.log.read_text(errors="replace")[-caracteres:]


def parar(servidor: Servidor) -> None:
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


def get(
    puerto: int, ruta: str, cabeceras: dict[str, str] | None = None
) -> tuple[int, dict[str, str], bytes, float]:
    """One GET without following redirects: (status, headers, body, seconds)."""
    conexion = http.client.HTTPConnection(HOST, puerto, timeout=30)
    try:
        inicio = time.perf_counter()
        conexion.request("GET", ruta, headers=cabeceras or {})
        respuesta = conexion.getresponse()
        cuerpo = respuesta.read()
        segundos = time.perf_counter() - inicio
        return respuesta.status, dict(respuesta.getheaders()), cuerpo, segundos
    finally:
        conexion.close()


_UNIDADES = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def correr_wrk(
    puerto: int,
    ruta: str,
    segundos: int,
    *,
    script: Path | None = None,
    argumentos: tuple[str, ...] = (),
    espera_maxima: int | None = None,
) -> str:
    """``wrk -tHILOS -cCONEXIONES`` against 127.0.0.1 only; its standard output.

    ``script`` and ``argumentos`` (passed to its ``init``) for a Lua script;
    ``espera_maxima`` is wrk's ``--timeout`` in seconds (wrk's default: 2).
    """
    orden = ["wrk", f"-t{HILOS}", f"-c{CONEXIONES}", f"-d{segundos}s", "--latency"]
    if espera_maxima is not None:
        orden.append(f"--timeout={espera_maxima}s")
    if script is not None:
        orden += ["-s", str(script)]
    orden.append(f"http://{HOST}:{puerto}{ruta}")
    if argumentos:
        orden += ["--", *argumentos]
    return subprocess.run(
        orden,
        capture_output=True,
        text=True,
        timeout=segundos + (espera_maxima or 0) + 30,
        check=False,
    ).stdout


def leer_wrk(salida: str) -> dict[str, Any]:
    """Requests/s, p50 latency, non-2xx/3xx and real socket errors from wrk's text."""
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


def medir_en_base_propia(
    parte: str, modulo: str, settings: str, tmp: Path, ruta_resultado: Path, limite: int
) -> int:
    """Run ``python -m MODULO medir`` with ``settings`` on a database of the part's
    own (PostgreSQL, dropped at the end; a SQLite file when PostgreSQL cannot be
    reached) and keep its result, with the engine it ran on, in
    ``ruta_resultado``. Parts 7 and 12."""
    carpeta = tmp / parte
    for nombre in ("static", "media", "privado"):
        (carpeta / nombre).mkdir(parents=True, exist_ok=True)
    nombre_bd = f"asesoria_bench_{parte}_{os.getpid()}"
    postgres = not os.environ.get("BENCH_SIN_POSTGRES") and postgres_disponible()
    try:
        if postgres:
            database_url = crear_base_de_datos(nombre_bd)
            motor = f"PostgreSQL (database {nombre_bd}, dropped at the end)"
        else:
            database_url = f"sqlite:///{carpeta / f'{parte}.sqlite3'}"
            motor = "SQLite FALLBACK (no PostgreSQL)"
        print(f"  database: {motor}")
        env = entorno(
            DJANGO_SETTINGS_MODULE=settings,
            DATABASE_URL=database_url,
            STATIC_ROOT=str(carpeta / "static"),
            MEDIA_ROOT=str(carpeta / "media"),
            PRIVATE_MEDIA_ROOT=str(carpeta / "privado"),
        )
        ruta = carpeta / "resultado.json"
        if ejecutar_modulo(modulo, "medir", str(ruta), env=env, timeout=limite) != (
            CORRIO
        ):
            return NO_CORRIO
        resultado = leer_resultado(ruta)
        if resultado is None:
            return NO_CORRIO
        resultado["motor"] = motor
        escribir_resultado(ruta_resultado, resultado)
        return CORRIO
    finally:
        if postgres:
            borrar_base_de_datos(nombre_bd)
