"""Part 8: load and faults (``python -m bench carga``), on demand only.

``ejecutar()`` runs in the orchestrator (no Django):

1. a PostgreSQL cluster of its own (``bench/cluster.py``: ``pg_createcluster``,
   trust on 127.0.0.1, a free port), so that restarting it disturbs nobody else's
   database or test run; the database ``asesoria_bench_carga`` in it. Both dropped
   at the end (``pg_dropcluster --stop``), in a ``finally``.
2. ``python -m bench.carga preparar DIR``: migrate, static files, the seed,
   CLIENTES municipal accounts (one per client, spread over the municipalities),
   each logged in server-side with a CSRF secret and token, and a Ventanilla única
   account for the admin listing.
3. gunicorn with ``bench.settings_radicacion`` (production settings, rate limits
   off, e-mail in memory; part 5's server), 2 sync workers on 127.0.0.1.
4. the baseline: CLIENTES asyncio clients (``bench/clientes.py``, httpx) GET
   ``/healthz`` for BASE_SEGUNDOS.
5. the load: the same clients for SEGUNDOS, each request drawn from MEZCLA:
   public pages, the municipality's portal, filings (the whole form with a PDF and
   a fresh ``clave_envio``), the admin's cases listing, and ``/healthz``.
6. the fault: the same mix for FALLA_SEGUNDOS while the cluster is restarted
   (``pg_ctlcluster --skip-systemctl-redirect VERSION NAME restart``) at
   REINICIO_EN s. A filing answered 503 or not answered is sent again, as a
   person would, with the same ``clave_envio``.
7. ``python -m bench.carga verificar DIR``: what the database holds against what
   the clients were told.

Every request started is waited for: when the time is up the clients stop sending
and the requests in flight finish, so every filing has an answer to compare.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import os
import subprocess
import sys
import threading
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from bench.clientes import (
    CLIENTES,
    INTENTOS,
    MEZCLA,
    Fase,
    correr_fase,
    esperado,
    estadistica,
)
from bench.cluster import Cluster, borrar_cluster, crear_cluster, reiniciar
from bench.comun import (
    CORRIO,
    NO_CORRIO,
    REDIS_BENCH,
    WORKERS,
    Servidor,
    arrancar,
    cola_del_log,
    ejecutar_modulo,
    entorno_de_produccion,
    escribir_resultado,
    esperar,
    leer_resultado,
    parar,
    redis_disponible,
    titulo,
    veredicto,
)

SETTINGS = "bench.settings_radicacion"
SEGUNDOS = float(os.environ.get("BENCH_CARGA_SEGUNDOS", "60"))
BASE_SEGUNDOS = float(os.environ.get("BENCH_CARGA_BASE_SEGUNDOS", "10"))
FALLA_SEGUNDOS = float(os.environ.get("BENCH_CARGA_FALLA_SEGUNDOS", "30"))
#: Seconds into the fault phase when the cluster is restarted.
REINICIO_EN = 8.0
#: After PostgreSQL accepts connections again, seconds in which a 503 still
#: counts as the outage's (a request that waited ``BASE_DE_DATOS_ESPERA`` for it
#: and still found it starting up).
GRACIA = 2.0
BASE_DE_DATOS = "asesoria_bench_carga"


def _imprimir(nombre: str, e: dict[str, Any]) -> None:
    print(
        f"    {nombre:<8} {e['n']:6d} req {e['rps']:7.1f}/s  p50 {e['p50_ms']:7.1f} "
        f"p95 {e['p95_ms']:7.1f} p99 {e['p99_ms']:7.1f} ms  {e['estados']}"
    )


def _pids(servidor: Servidor) -> list[int]:
    hijos = subprocess.run(
        ["ps", "-o", "pid=", "--ppid", str(servidor.proceso.pid)],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.split()
    return sorted([servidor.proceso.pid, *map(int, hijos)])


def _medir_fase(
    fase: Fase,
    servidor: Servidor,
    preparado: dict[str, Any],
    oficio: bytes,
    t0: float | None = None,
) -> float:
    """The phase's clients until its time is up and every answer is in; its
    seconds from ``t0`` (now, unless given) to the last answer."""
    return asyncio.run(
        correr_fase(
            fase, servidor.puerto, preparado["cuentas"], preparado["admin"], oficio, t0
        )
    )


def ejecutar(tmp: Path, ruta_resultado: Path) -> int:
    titulo(f"8. Load and faults: {CLIENTES} clients, then PostgreSQL restarted (carga)")
    try:
        import httpx  # noqa: F401
    except ImportError:
        print('  could not run: httpx is missing (pip install -e ".[dev]")')
        return NO_CORRIO
    carpeta = tmp / "carga"
    carpeta.mkdir(parents=True, exist_ok=True)
    redis = not os.environ.get("BENCH_SIN_REDIS") and redis_disponible()
    cache = f"Redis ({REDIS_BENCH})" if redis else "DatabaseCache"
    cluster: Cluster | None = None
    servidor: Servidor | None = None
    try:
        cluster = crear_cluster(BASE_DE_DATOS, nombre="bench_carga")
        motor = (
            f"PostgreSQL {cluster.version}, cluster {cluster.nombre} on port "
            f"{cluster.puerto} (the bench's own, dropped at the end)"
        )
        print(f"  database: {motor}\n  cache:    {cache}")
        print(
            f"  gunicorn: {WORKERS} sync workers, {SETTINGS}; {CLIENTES} httpx "
            f"clients; baseline {BASE_SEGUNDOS:g} s, load {SEGUNDOS:g} s, fault "
            f"{FALLA_SEGUNDOS:g} s (restart at {REINICIO_EN:g} s)"
        )
        env = entorno_de_produccion(
            carpeta,
            settings=SETTINGS,
            database_url=cluster.url(BASE_DE_DATOS),
            redis_url=REDIS_BENCH if redis else None,
        )
        if redis:  # part 5's keys may be there: start from an empty cache
            import redis as redis_py

            redis_py.Redis.from_url(REDIS_BENCH).flushdb()
        if ejecutar_modulo("bench.carga", "preparar", str(carpeta), env=env):
            print("  could not run: preparing the bench database failed")
            return NO_CORRIO
        preparado = leer_resultado(carpeta / "preparado.json")
        oficio = Path(preparado["oficio"]).read_bytes()
        servidor = arrancar("carga", SETTINGS, env, carpeta)
        esperar(servidor, "/healthz")
        esperar(
            servidor,
            "/solicitudes/nueva/",
            cabeceras={"Cookie": f"sessionid={preparado['cuentas'][0]['sesion']}"},
        )
        pids_antes = _pids(servidor)

        base = Fase("baseline", BASE_SEGUNDOS, (("healthz", 1),))
        base_s = _medir_fase(base, servidor, preparado, oficio)
        carga = Fase("load", SEGUNDOS, MEZCLA)
        carga_s = _medir_fase(carga, servidor, preparado, oficio)

        falla = Fase("fault", FALLA_SEGUNDOS, MEZCLA)
        marcas: dict[str, float] = {}
        t0 = time.monotonic()
        hilo = threading.Thread(
            target=reiniciar, args=(cluster, t0, marcas), kwargs={"en": REINICIO_EN}
        )
        hilo.start()
        falla_s = _medir_fase(falla, servidor, preparado, oficio, t0)
        hilo.join()
        pids_despues = _pids(servidor)

        confirmaciones: dict[str, list[str]] = defaultdict(list)
        for fase in (carga, falla):
            for clave, radicados in fase.confirmaciones.items():
                confirmaciones[clave] += radicados
        (carpeta / "confirmaciones.json").write_text(json.dumps(confirmaciones))
        if ejecutar_modulo("bench.carga", "verificar", str(carpeta), env=env):
            print("  could not run: the check of the cases failed")
            return NO_CORRIO
        verificacion = leer_resultado(carpeta / "verificacion.json")
        registro = cola_del_log(servidor, 3000)
    except RuntimeError as error:
        print(f"  could not run: {error}")
        return NO_CORRIO
    finally:
        if servidor:
            parar(servidor)
        if cluster:
            borrar_cluster(cluster)

    # --- Baseline and load -------------------------------------------------------
    e_base = estadistica(base.respuestas, base_s)
    print(f"  baseline, {CLIENTES} clients on /healthz only ({base_s:.1f} s):")
    _imprimir("healthz", e_base)
    e_carga = estadistica(carga.respuestas, carga_s)
    por_tipo = {
        tipo: estadistica([r for r in carga.respuestas if r.tipo == tipo], carga_s)
        for tipo, _ in MEZCLA
    }
    print(f"  load, {CLIENTES} clients, the mix ({carga_s:.1f} s):")
    _imprimir("all", e_carga)
    for tipo, e in por_tipo.items():
        _imprimir(tipo, e)
    razon = e_carga["rps"] / e_base["rps"] if e_base["rps"] else 0.0
    razones_p50 = {
        tipo: e["p50_ms"] / e_base["p50_ms"] for tipo, e in por_tipo.items() if e["n"]
    }
    print(
        f"  mix / healthz-only throughput = {razon:.2f}; p50 / baseline p50: "
        + ", ".join(f"{t} {v:.1f}x" for t, v in razones_p50.items())
    )
    inesperadas_carga = [r for r in carga.respuestas if not esperado(r)]
    cinco_carga = [r for r in carga.respuestas if r.estado >= 500 or r.estado == 0]
    ok_carga = not inesperadas_carga
    print(
        f"  {veredicto(ok_carga)} load: every answer as expected (200; a filing 302 "
        f"to its radicado): {len(inesperadas_carga)} unexpected, of them "
        f"{len(cinco_carga)} 5xx or unanswered"
    )
    if inesperadas_carga:
        print(f"    e.g. {inesperadas_carga[:5]}")

    # --- Fault ----------------------------------------------------------------------
    caida = (marcas.get("reinicio", REINICIO_EN), marcas.get("vuelve", 0.0) + GRACIA)
    e_falla = estadistica(falla.respuestas, falla_s)
    print(
        f"  fault: restart at {marcas.get('reinicio', float('nan')):.1f} s "
        f"(pg_ctlcluster exit {marcas.get('codigo')}, returned at "
        f"{marcas.get('reinicio_termina', float('nan')):.1f} s); PostgreSQL refused "
        f"connections from {marcas.get('primera_sonda_fallida', float('nan')):.1f} s, "
        f"accepted again at {marcas.get('vuelve', float('nan')):.1f} s"
    )
    _imprimir("all", e_falla)
    # A 503 is the outage's when the request was under way during it.
    fuera = [
        r
        for r in falla.respuestas
        if not esperado(r)
        and not (r.estado == 503 and r.inicio <= caida[1] and r.fin >= caida[0])
    ]
    cinco_03 = [r for r in falla.respuestas if r.estado == 503]
    otros_5xx = [r for r in falla.respuestas if r.estado >= 500 and r.estado != 503]
    ok_falla = not fuera and not otros_5xx
    print(
        f"  {veredicto(ok_falla)} fault: {len(cinco_03)} 503s, all within the outage "
        f"({caida[0]:.1f}-{caida[1]:.1f} s, {GRACIA:g} s of grace after PostgreSQL "
        f"is back); other 5xx: {len(otros_5xx)}; anything else unexpected: "
        f"{len(fuera)}"
    )
    if fuera:
        for r in fuera[:8]:
            print(f"    {r}")
    despues = [r for r in falla.respuestas if r.inicio > caida[1]]
    recupera = bool(despues) and all(esperado(r) for r in despues)
    mismos = pids_antes == pids_despues
    print(
        f"  {veredicto(recupera and mismos)} recovery by itself: "
        f"{len(despues)} requests after {caida[1]:.1f} s all as expected; gunicorn "
        f"master and workers unchanged ({pids_antes} -> {pids_despues})"
    )
    reintentos = falla.reintentos + carga.reintentos
    print(
        f"  filings sent again after a 503 or no answer: {reintentos}"
        f"; never confirmed after {INTENTOS} tries: "
        f"{len(falla.sin_confirmar) + len(carga.sin_confirmar)}"
    )

    # --- What the database holds ----------------------------------------------------
    v = verificacion
    ok_numeros = v["sin_huecos"] and v["duplicadas"] == 0
    print(
        f"  {veredicto(ok_numeros)} radicados {v['primero']} .. {v['ultimo']}: "
        f"{v['casos']} cases numbered 1..{v['casos']} with no gap and no repeat, "
        f"counter at {v['contador']}, {v['claves_distintas']} distinct clave_envio; "
        f"a clave_envio told two radicados: {v['duplicadas']}"
    )
    ok_confirmados = (
        v["perdidas"] == 0
        and v["no_confirmadas"] == 0
        and not (falla.sin_confirmar or carga.sin_confirmar)
    )
    print(
        f"  {veredicto(ok_confirmados)} every filing a client was told of is in the "
        f"database ({v['confirmadas']} confirmed, {v['perdidas']} missing) and every "
        f"case was told to its client ({v['no_confirmadas']} cases nobody confirmed)"
    )
    print(
        f"  {veredicto(v['completos'])} no half-made case: step 1 "
        f"({v['con_paso_1']}), oficio stored with its SHA-256 ({v['oficios_ok']}), "
        f"receipt ({v['constancias']}), e-mail ({v['notificaciones']}), "
        f"after-commit task ({v['tareas']}), each = {v['casos']} cases; files in "
        f"private storage that no document names: {v['huerfanos']}"
    )
    if not (ok_carga and ok_falla) and registro:
        print("  gunicorn's log (tail):\n    " + registro.replace("\n", "\n    "))
    correcto = (
        ok_carga
        and ok_falla
        and recupera
        and mismos
        and ok_numeros
        and ok_confirmados
        and v["completos"]
    )
    escribir_resultado(
        ruta_resultado,
        {
            "motor": motor,
            "cache": cache,
            "clientes": CLIENTES,
            "base": e_base,
            "carga": e_carga,
            "por_tipo": por_tipo,
            "razon": razon,
            "razones_p50": razones_p50,
            "falla": e_falla,
            "marcas": marcas,
            "caida": caida,
            "cinco_03": len(cinco_03),
            "fuera": len(fuera),
            "otros_5xx": len(otros_5xx),
            "recupera": recupera and mismos,
            "verificacion": v,
            "correcto": correcto,
        },
    )
    return CORRIO


def filas_resumen(r: dict[str, Any] | None, fila) -> list[str]:
    """Rows of ``python -m bench``'s summary table."""
    if r is None:
        return [fila("8. load and faults", "did not run", "", "ERROR")]
    c, b, v = r["carga"], r["base"], r["verificacion"]
    return [
        fila(
            f"8. load, {r['clientes']} clients (mix)",
            f"{c['rps']:.0f}/s, p50/95/99 {c['p50_ms']:.0f}/{c['p95_ms']:.0f}/"
            f"{c['p99_ms']:.0f} ms",
        ),
        fila(
            "8. baseline /healthz only",
            f"{b['rps']:.0f}/s, p50 {b['p50_ms']:.0f} ms",
        ),
        fila("8. mix / healthz throughput", f"{r['razon']:.2f}", "info"),
        fila(
            "8. PostgreSQL restart: 503s, other",
            f"{r['cinco_03']}, {r['fuera'] + r['otros_5xx']}",
            "outage only",
            veredicto(r["fuera"] == 0 and r["otros_5xx"] == 0),
        ),
        fila("8. recovers by itself", "", "yes", veredicto(r["recupera"])),
        fila(
            "8. filings: lost, unconfirmed, gaps",
            f"{v['perdidas']}, {v['no_confirmadas']}, "
            f"{'none' if v['sin_huecos'] else 'GAP'}",
            "0, 0, none",
            veredicto(
                v["perdidas"] == 0 and v["no_confirmadas"] == 0 and v["sin_huecos"]
            ),
        ),
        fila("8. no half-made case", "", "yes", veredicto(v["completos"])),
    ]


# --- Django side: ``python -m bench.carga preparar|verificar DIR`` --------------------


def _django() -> None:
    import django

    django.setup()
    logging.disable(logging.CRITICAL)  # production LOGGING echoes every request


def preparar(carpeta: Path) -> None:
    """Migrate, static files, the seed; CLIENTES municipal accounts, each logged
    in server-side (a session row, as ``Client.force_login`` leaves) with a CSRF
    secret and token; the Ventanilla única's account, logged in; the oficio PDF."""
    _django()
    from django.conf import settings
    from django.test import Client

    from bench.datos import cuenta_municipal_con_sesion, sitio_preparar
    from expedientes.demo import personal_asegurar
    from expedientes.models import Municipio
    from tests.factories import pdf_de_prueba

    inicio = time.perf_counter()
    sitio_preparar()

    municipios = list(Municipio.objects.order_by("codigo_divipola"))
    cuentas = [
        cuenta_municipal_con_sesion(
            f"carga.{i:03d}",
            f"carga.{i:03d}@municipio.gov.co",
            municipios[i % len(municipios)],
        )
        for i in range(CLIENTES)
    ]
    ventanilla = personal_asegurar(con_clave=False)["ventanilla"]
    cliente = Client()
    cliente.force_login(ventanilla)
    admin = f"sessionid={cliente.cookies[settings.SESSION_COOKIE_NAME].value}"
    oficio = pdf_de_prueba()
    (carpeta / "oficio.pdf").write_bytes(oficio)
    (carpeta / "preparado.json").write_text(
        json.dumps(
            {
                "cuentas": cuentas,
                "admin": admin,
                "oficio": str(carpeta / "oficio.pdf"),
                "sha256": hashlib.sha256(oficio).hexdigest(),
            }
        )
    )
    print(
        f"  migrate, collectstatic, seed, {CLIENTES} municipal accounts and the "
        f"Ventanilla única's in {time.perf_counter() - inicio:.1f} s"
    )


def verificar(carpeta: Path) -> None:
    """The cases in the database against what the clients were told."""
    _django()
    from django_tasks_db.models import DBTaskResult

    from django.db.models import Count

    from bench.datos import numeracion, oficios_guardados
    from expedientes.constants import TipoDocumento
    from expedientes.models import (
        Documento,
        EventoSolicitud,
        Notificacion,
        Solicitud,
    )
    from expedientes.storage import almacenamiento_privado

    preparado = json.loads((carpeta / "preparado.json").read_text())
    confirmaciones: dict[str, list[str]] = json.loads(
        (carpeta / "confirmaciones.json").read_text()
    )
    numeros = numeracion()
    casos = numeros["casos"]
    en_bd = dict(Solicitud.objects.values_list("clave_envio", "radicado"))
    en_bd = {str(clave): radicado for clave, radicado in en_bd.items()}
    # A clave_envio told two different radicados is a duplicated filing.
    duplicadas = sum(1 for r in confirmaciones.values() if len(set(r)) > 1)
    perdidas = sum(
        1
        for clave, radicados in confirmaciones.items()
        if en_bd.get(clave) not in set(radicados)
    )
    no_confirmadas = sum(1 for clave in en_bd if clave not in confirmaciones)

    con_paso_1 = EventoSolicitud.objects.filter(actividad=1).aggregate(
        n=Count("solicitud", distinct=True)
    )["n"]
    oficios, oficios_ok = oficios_guardados(preparado["sha256"])
    constancias = Documento.objects.filter(
        tipo=TipoDocumento.CONSTANCIA_RADICACION
    ).aggregate(n=Count("solicitud", distinct=True))["n"]
    notificaciones = Notificacion.objects.aggregate(
        n=Count("solicitud", distinct=True)
    )["n"]
    tareas = DBTaskResult.objects.filter(
        task_path__endswith="procesar_pendientes"
    ).count()
    nombrados = set(
        Documento.objects.exclude(archivo="").values_list("archivo", flat=True)
    )
    huerfanos = sum(
        1 for nombre in _archivos(almacenamiento_privado()) if nombre not in nombrados
    )
    completos = huerfanos == 0 and all(
        n == casos
        for n in (
            con_paso_1,
            oficios,
            oficios_ok,
            constancias,
            notificaciones,
            tareas,
        )
    )
    (carpeta / "verificacion.json").write_text(
        json.dumps(
            numeros
            | {
                "confirmadas": len(confirmaciones),
                "duplicadas": duplicadas,
                "perdidas": perdidas,
                "no_confirmadas": no_confirmadas,
                "con_paso_1": con_paso_1,
                "oficios_ok": oficios_ok,
                "constancias": constancias,
                "notificaciones": notificaciones,
                "tareas": tareas,
                "huerfanos": huerfanos,
                "completos": completos,
            }
        )
    )


def _archivos(almacen, ruta: str = "") -> list[str]:
    carpetas, archivos = almacen.listdir(ruta)
    encontrados = [f"{ruta}/{a}".lstrip("/") for a in archivos]
    for carpeta in carpetas:
        encontrados += _archivos(almacen, f"{ruta}/{carpeta}".lstrip("/"))
    return encontrados


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in ("preparar", "verificar"):
        sys.exit("usage: python -m bench.carga preparar|verificar DIR")
    if sys.argv[1] == "preparar":
        preparar(Path(sys.argv[2]))
    else:
        verificar(Path(sys.argv[2]))
