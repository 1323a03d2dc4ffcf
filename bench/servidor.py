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

import logging
import os
import secrets
import sys
import time
from pathlib import Path
from typing import Any

from bench.comun import (
    CONEXIONES,
    CORRIO,
    HILOS,
    HOST,
    NO_CORRIO,
    REDIS_BENCH,
    WORKERS,
    Servidor,
    arrancar,
    borrar_base_de_datos,
    correr_wrk,
    crear_base_de_datos,
    ejecutar_modulo,
    entorno_de_produccion,
    escribir_resultado,
    esperar,
    get,
    leer_wrk,
    mediana,
    parar,
    postgres_disponible,
    redis_disponible,
    titulo,
    veredicto,
    wrk_disponible,
)

PAGINA = "/procedimientos/es-pe-pr-31/"
ESTATICA = "/static/bench/procedimiento.html"
#: Path of the static copy inside STATIC_ROOT.
ARCHIVO_ESTATICO = Path("bench") / "procedimiento.html"
#: Target: the cached page serves at least this fraction of the static rate.
OBJETIVO_CACHE = 0.9
#: Target (issue 18): the page rendered on every request, 3x the 0.021 of the
#: static rate it served at before.
OBJETIVO_SIN_CACHE = 0.063
RONDAS = int(os.environ.get("BENCH_RONDAS", "4"))
SEGUNDOS = int(os.environ.get("BENCH_SEGUNDOS", "5"))
#: Seconds within which every worker sees a publish (portal/settings/base.py).
REVALIDAR = 1.0


def _wrk(puerto: int, ruta: str, segundos: int) -> dict[str, Any]:
    return leer_wrk(correr_wrk(puerto, ruta, segundos))


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
    _, h1, _, t1 = get(produccion.puerto, PAGINA)
    time.sleep(1.1)
    estado, h2, cuerpo, t2 = get(produccion.puerto, PAGINA)
    acierto = (
        estado == 200 and bool(h1.get("Expires")) and h1["Expires"] == h2.get("Expires")
    )
    _, s1, _, _ = get(sin_cache.puerto, PAGINA)
    time.sleep(1.1)
    _, s2, _, _ = get(sin_cache.puerto, PAGINA)
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
    estado, cabeceras, cuerpo, segundos = get(produccion.puerto, PAGINA + "pdf/")
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
    antes = get(produccion.puerto, PAGINA)[2]
    if ejecutar_modulo("bench.servidor", "publicar", marca, env=env) != 0:
        raise RuntimeError("could not publish a new revision")
    time.sleep(REVALIDAR + 0.1)
    respuestas = [get(produccion.puerto, PAGINA) for _ in range(4 * WORKERS)]
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
    if not wrk_disponible():
        print("  could not run: wrk is not installed and could not be installed")
        return NO_CORRIO

    nombre_bd = f"asesoria_bench_{os.getpid()}"
    # BENCH_SIN_POSTGRES=1 / BENCH_SIN_REDIS=1 exercise the fallbacks on purpose.
    postgres = not os.environ.get("BENCH_SIN_POSTGRES") and postgres_disponible()
    if postgres:
        database_url = crear_base_de_datos(nombre_bd)
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
    redis = not os.environ.get("BENCH_SIN_REDIS") and redis_disponible()
    cache = f"Redis ({REDIS_BENCH} and /1)" if redis else "DatabaseCache"
    print(f"  database: {motor}\n  cache:    {cache}")
    print(
        f"  gunicorn: {WORKERS} sync workers each; wrk -t{HILOS} -c{CONEXIONES}, "
        f"{RONDAS} rounds x {SEGUNDOS} s per target"
    )

    env = entorno_de_produccion(
        tmp,
        settings="portal.settings.production",
        database_url=database_url,
        redis_url=REDIS_BENCH if redis else None,
    )
    servidores: list[Servidor] = []
    try:
        if ejecutar_modulo("bench.servidor", "preparar", env=env) != 0:
            print("  could not run: preparing the bench database failed")
            return NO_CORRIO
        produccion = arrancar("production", "portal.settings.production", env, tmp)
        servidores.append(produccion)
        sin_cache = arrancar("uncached", "bench.settings_sin_cache", env, tmp)
        servidores.append(sin_cache)
        esperar(produccion, ESTATICA)
        esperar(sin_cache, ESTATICA)

        estado, _, estatico, _ = get(produccion.puerto, ESTATICA)
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
            parar(servidor)
        if postgres:
            borrar_base_de_datos(nombre_bd)

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
    por_ronda_sin = [
        u["rps"] / e["rps"]
        for u, e in zip(corridas["uncached"], corridas["static"], strict=True)
    ]
    print(
        f"  {veredicto(cacheada >= OBJETIVO_CACHE)} cached/static = {cacheada:.2f} "
        f"(target >= {OBJETIVO_CACHE}; by round {min(por_ronda):.2f}-"
        f"{max(por_ronda):.2f})"
    )
    print(
        f"  {veredicto(sin >= OBJETIVO_SIN_CACHE)} uncached/static = {sin:.3f} "
        f"(target >= {OBJETIVO_SIN_CACHE}; by round {min(por_ronda_sin):.3f}-"
        f"{max(por_ronda_sin):.3f})"
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
            "sin_cache_sobre_estatica_por_ronda": por_ronda_sin,
            "objetivo": OBJETIVO_CACHE,
            "objetivo_sin_cache": OBJETIVO_SIN_CACHE,
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
