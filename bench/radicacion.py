"""Part 4: filings per second end to end, under gunicorn with production settings.

``ejecutar()`` runs in the orchestrator (no Django). It creates a bench database in
the local PostgreSQL (no SQLite fallback: the radicado counter's row lock is what
this part measures), prepares it in a subprocess (``python -m bench.radicacion
preparar``: migrate, collectstatic, the seed, ``bench_fila``, municipal accounts
logged in server-side), starts gunicorn with ``bench.settings_radicacion`` and
measures with ``wrk`` and ``bench/radicacion.lua``, in interleaved rounds:

* filings - the whole form POSTed to ``/solicitudes/nueva/`` with a PDF and a fresh
  ``clave_envio``: the view validates, ``solicitud_radicar`` numbers and stores it and
  commits, and the answer is the 302 to the confirmation page;
* inserts - ``/bench/insertar/`` (bench/urls.py): the same middleware and database,
  one INSERT, 201. The baseline.

Then ``python -m bench.radicacion verificar`` checks that every confirmed filing is
exactly one case, numbered without gaps, and times a few filings in-process
(cProfile) to say where their time goes. Gunicorn is always stopped and
the database always dropped.
"""

from __future__ import annotations

import cProfile
import hashlib
import io
import json
import logging
import os
import pstats
import secrets
import statistics
import sys
import time
import uuid
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
    cola_del_log,
    conectar_postgres,
    correr_wrk,
    crear_base_de_datos,
    ejecutar_modulo,
    entorno_de_produccion,
    escribir_resultado,
    esperar,
    leer_resultado,
    leer_wrk,
    mediana,
    parar,
    postgres_disponible,
    redis_disponible,
    titulo,
    veredicto,
    wrk_disponible,
)

SETTINGS = "bench.settings_radicacion"
RADICAR = "/solicitudes/nueva/"
INSERTAR = "/bench/insertar/"
SCRIPT = Path(__file__).with_name("radicacion.lua")
#: Target: filings per second at least this fraction of bare inserts per second.
OBJETIVO = 0.5
#: Three rounds, not part 2's four: migrating the bench database (~17 s) and the
#: filings wrk leaves running at the end of each run (drained before the next one)
#: already take a good part of the ~90 s this part is allowed.
RONDAS = int(os.environ.get("BENCH_RONDAS", "3"))
SEGUNDOS = int(os.environ.get("BENCH_SEGUNDOS", "5"))
#: Seconds of each target before the rounds: every worker imports and connects.
CALENTAR = 1
#: wrk's --timeout: with 8 clients on 2 workers a filing waits its turn, and wrk's
#: default (2 s) would count a slow answer as a failure instead of measuring it.
ESPERA_MAXIMA = 30
#: Municipal accounts (one municipality), taken in turn by the requests.
CUENTAS = CONEXIONES
MUNICIPIO = "68001"  # Bucaramanga
#: Filings timed in-process by ``perfilar`` (after two untimed ones).
PERFILADAS = 5


# --- Orchestrator side (no Django) --------------------------------------------------


def _leer_lua(salida: str) -> dict[str, Any]:
    """What radicacion.lua's done() printed: statuses, radicados, unexpected."""
    estados: dict[str, int] = {}
    radicados: list[str] = []
    inesperadas = 0
    lineas = salida.splitlines()
    primera = ""
    for i, linea in enumerate(lineas):
        partes = linea.split()
        if linea.startswith("BENCH estado "):
            estados[partes[2]] = int(partes[3])
        elif linea.startswith("BENCH radicado "):
            radicados.append(partes[2])
        elif linea.startswith("BENCH inesperadas "):
            inesperadas = int(partes[2])
        elif linea == "BENCH-PRIMERA-INESPERADA":
            primera = "\n".join(lineas[i + 1 :])
            break
    return {
        "estados": estados,
        "radicados": radicados,
        "inesperadas": inesperadas,
        "primera": primera,
    }


def _contador(database_url: str, tabla: str):
    """count(*) of ``tabla`` in the bench database, on one connection kept open."""
    conexion = conectar_postgres(database_url)

    def contar() -> int:
        return conexion.execute(f'SELECT count(*) FROM "{tabla}"').fetchone()[0]  # noqa: S608

    return conexion, contar


def _en_reposo(contar, ventana: float, limite: float = 30) -> int:
    """The count once it has not moved for ``ventana`` seconds.

    When wrk's time is up it closes its connections, but the requests it had sent
    (at most one per connection) still run to the end in gunicorn, or wait in its
    accept queue and run after: waiting for them keeps that work out of the next
    run, whichever target it measures.
    """
    fin = time.monotonic() + limite
    anterior, desde = contar(), time.monotonic()
    while time.monotonic() < fin and time.monotonic() - desde < ventana:
        time.sleep(0.1)
        actual = contar()
        if actual != anterior:
            anterior, desde = actual, time.monotonic()
    return anterior


def _correr(
    servidor: Servidor,
    modo: str,
    segundos: int,
    contar,
    preparado: dict[str, Any],
) -> dict[str, Any]:
    """One wrk run: its numbers, what the script saw, and rows added meanwhile."""
    ruta = RADICAR if modo == "radicar" else INSERTAR
    argumentos = [modo, str(secrets.randbelow(2**31) + 1)]
    if modo == "radicar":
        argumentos += [
            preparado["oficio"],
            preparado["sesiones"],
            f"http://{HOST}:{servidor.puerto}",
        ]
    antes = contar()
    salida = correr_wrk(
        servidor.puerto,
        ruta,
        segundos,
        script=SCRIPT,
        argumentos=tuple(argumentos),
        espera_maxima=ESPERA_MAXIMA,
    )
    corrida = leer_wrk(salida) | _leer_lua(salida)
    correctas = corrida["estados"].get("302" if modo == "radicar" else "201", 0)
    corrida["correctas"] = correctas
    # wrk's rate counts every answer; a form sent back with errors is no filing.
    respuestas = sum(corrida["estados"].values())
    corrida["rps"] *= correctas / respuestas if respuestas else 0.0
    # Three times the mean interval between rows in this run (half a second at
    # least): a quiet spell that long means the last request has finished.
    durante = max(contar() - antes, 1)
    ventana = min(max(0.5, 3 * segundos / durante), 5.0)
    corrida["filas"] = _en_reposo(contar, ventana) - antes
    return corrida


def _medir(
    servidor: Servidor, contadores: dict[str, Any], preparado: dict[str, Any]
) -> dict[str, list[dict[str, Any]]]:
    """Warm-up, then RONDAS interleaved rounds, the order alternating."""
    corridas: dict[str, list[dict[str, Any]]] = {"radicar": [], "insertar": []}
    for modo in corridas:
        corridas[modo].append(
            _correr(servidor, modo, CALENTAR, contadores[modo], preparado)
            | {"calentamiento": True}
        )
    for ronda in range(RONDAS):
        orden = ["radicar", "insertar"] if ronda % 2 == 0 else ["insertar", "radicar"]
        for modo in orden:
            corrida = _correr(servidor, modo, SEGUNDOS, contadores[modo], preparado)
            corridas[modo].append(corrida)
            nombre = "filings" if modo == "radicar" else "inserts"
            print(
                f"  round {ronda + 1}/{RONDAS} {nombre:<8} "
                f"{corrida['rps']:8.1f} req/s  p50 {corrida['p50_ms']:8.2f} ms"
                f"  ({corrida['correctas']} answered)"
                + (
                    f"  UNEXPECTED: {corrida['inesperadas']}"
                    if corrida["inesperadas"]
                    else ""
                )
                + (f"  errors: {corrida['errores']}" if corrida["errores"] else "")
            )
    return corridas


def _consistencia(
    corridas: dict[str, list[dict[str, Any]]], verificacion: dict[str, Any]
) -> dict[str, Any]:
    """Every confirmed filing is one case. The cases nobody saw confirmed are the
    requests wrk had sent when its time was up: at most one per connection and run."""
    confirmados = [r for c in corridas["radicar"] for r in c["radicados"]]
    sin_respuesta = verificacion["casos"] - len(confirmados)
    limite = CONEXIONES * len(corridas["radicar"])
    cuadra = (
        len(set(confirmados)) == len(confirmados)
        and verificacion["confirmados_encontrados"] == len(confirmados)
        and 0 <= sin_respuesta <= limite
    )
    inserciones = corridas["insertar"]
    respondidas = sum(c["correctas"] for c in inserciones)
    filas_ok = (
        0 <= verificacion["filas"] - respondidas <= (CONEXIONES * len(inserciones))
    )
    return {
        "confirmados": len(confirmados),
        "sin_respuesta": sin_respuesta,
        "limite": limite,
        "cuadra": cuadra,
        "respondidas": respondidas,
        "filas_ok": filas_ok,
    }


def _imprimir_verificacion(v: dict[str, Any], c: dict[str, Any]) -> bool:
    print(
        f"  {veredicto(c['cuadra'])} every confirmed filing is one case: "
        f"{c['confirmados']} 302s to distinct confirmation pages, all found; "
        f"{v['casos']} cases = {c['confirmados']} + {c['sin_respuesta']} sent "
        f"before wrk stopped and done after (at most {c['limite']})"
    )
    print(
        f"  {veredicto(v['sin_huecos'])} radicados {v['primero']} .. {v['ultimo']}: "
        f"consecutivos 1..{v['casos']} with no gap, counter at {v['contador']}, "
        f"{v['claves_distintas']} distinct clave_envio"
    )
    print(
        f"  {veredicto(v['completos'])} each case complete: step 1 done "
        f"({v['con_paso_1']}), the oficio stored with the PDF's SHA-256 "
        f"({v['oficios_ok']}), receipt pending ({v['constancias']}), e-mail pending "
        f"({v['notificaciones']}), after-commit task enqueued ({v['tareas']})"
    )
    print(
        f"  {veredicto(c['filas_ok'])} bench_fila: {v['filas']} rows for "
        f"{c['respondidas']} 201s (+ those wrk stopped waiting for)"
    )
    return c["cuadra"] and v["sin_huecos"] and v["completos"] and c["filas_ok"]


def ejecutar(tmp: Path, ruta_resultado: Path) -> int:
    titulo("5. Filing under gunicorn, production settings")
    if not wrk_disponible():
        print("  could not run: wrk is not installed and could not be installed")
        return NO_CORRIO
    if os.environ.get("BENCH_SIN_POSTGRES") or not postgres_disponible():
        print(
            "  could not run: this part needs PostgreSQL on 127.0.0.1:5432 "
            "(concurrent filings lock the radicado counter; SQLite would only "
            "measure its write lock)"
        )
        return NO_CORRIO
    carpeta = tmp / "radicacion"
    nombre_bd = f"asesoria_bench_radicacion_{os.getpid()}"
    redis = not os.environ.get("BENCH_SIN_REDIS") and redis_disponible()
    cache = f"Redis ({REDIS_BENCH})" if redis else "DatabaseCache"
    motor = f"PostgreSQL (database {nombre_bd}, dropped at the end)"
    print(f"  database: {motor}\n  cache:    {cache}")
    print(
        f"  gunicorn: {WORKERS} sync workers, {SETTINGS}; wrk -t{HILOS} "
        f"-c{CONEXIONES} --timeout {ESPERA_MAXIMA}s, {RONDAS} rounds x {SEGUNDOS} s "
        f"per target, {CUENTAS} municipal accounts"
    )
    servidor: Servidor | None = None
    conexiones = []
    try:
        database_url = crear_base_de_datos(nombre_bd)
        env = entorno_de_produccion(
            carpeta,
            settings=SETTINGS,
            database_url=database_url,
            redis_url=REDIS_BENCH if redis else None,
        )
        if ejecutar_modulo("bench.radicacion", "preparar", str(carpeta), env=env):
            print("  could not run: preparing the bench database failed")
            return NO_CORRIO
        preparado = leer_resultado(carpeta / "preparado.json")
        servidor = arrancar("radicacion", SETTINGS, env, carpeta)
        # The form itself, for the first account: the session is good and the
        # account is a municipality's.
        esperar(servidor, RADICAR, cabeceras={"Cookie": preparado["cookie"]})

        contadores = {}
        for modo, tabla in (
            ("radicar", preparado["tablas"]["solicitud"]),
            ("insertar", preparado["tablas"]["fila"]),
        ):
            conexion, contadores[modo] = _contador(database_url, tabla)
            conexiones.append(conexion)
        corridas = _medir(servidor, contadores, preparado)

        (carpeta / "confirmados.json").write_text(
            json.dumps([r for c in corridas["radicar"] for r in c["radicados"]])
        )
        _en_reposo(contadores["radicar"], 2.0)
        if ejecutar_modulo("bench.radicacion", "verificar", str(carpeta), env=env):
            print("  could not run: the check of the cases failed")
            return NO_CORRIO
        verificacion = leer_resultado(carpeta / "verificacion.json")
        perfil = leer_resultado(carpeta / "perfil.json")
    except RuntimeError as error:
        print(f"  could not run: {error}")
        return NO_CORRIO
    finally:
        for conexion in conexiones:
            conexion.close()
        registro = cola_del_log(servidor) if servidor else ""
        if servidor:
            parar(servidor)
        borrar_base_de_datos(nombre_bd)

    medidas = {
        modo: [c for c in lista if not c.get("calentamiento")]
        for modo, lista in corridas.items()
    }
    medianas = {
        modo: {
            "rps": mediana([c["rps"] for c in lista]),
            "p50_ms": mediana([c["p50_ms"] for c in lista]),
            "inesperadas": sum(c["inesperadas"] for c in corridas[modo]),
            "errores": sum(c["errores"] for c in corridas[modo]),
        }
        for modo, lista in medidas.items()
    }
    razon = medianas["radicar"]["rps"] / medianas["insertar"]["rps"]
    por_ronda = [
        r["rps"] / i["rps"]
        for r, i in zip(medidas["radicar"], medidas["insertar"], strict=True)
    ]
    inesperadas = sum(m["inesperadas"] for m in medianas.values())
    errores = sum(m["errores"] for m in medianas.values())
    consistencia = _consistencia(corridas, verificacion)
    correcto = _imprimir_verificacion(verificacion, consistencia)
    print(
        f"  {veredicto(inesperadas == 0 and errores == 0)} no unexpected response "
        f"(a filing answers 302 to its confirmation page, an insert 201): "
        f"{inesperadas}; connect errors and timeouts: {errores}"
    )
    if inesperadas:
        estados: dict[str, int] = {}
        for lista in corridas.values():
            for c in lista:
                for estado, n in c["estados"].items():
                    estados[estado] = estados.get(estado, 0) + n
        print(f"  statuses: {estados}")
        primera = next(
            c["primera"] for lista in corridas.values() for c in lista if c["primera"]
        )
        print(
            "  first unexpected response:\n    " + primera[:800].replace("\n", "\n    ")
        )
        if registro:
            print("  gunicorn's log (tail):\n    " + registro.replace("\n", "\n    "))
    print(
        f"  filings {medianas['radicar']['rps']:.1f}/s (p50 "
        f"{medianas['radicar']['p50_ms']:.0f} ms), inserts "
        f"{medianas['insertar']['rps']:.1f}/s (p50 "
        f"{medianas['insertar']['p50_ms']:.1f} ms)"
    )
    print(
        f"  {veredicto(razon >= OBJETIVO)} filings/inserts = {razon:.3f} "
        f"(target >= {OBJETIVO}; by round {min(por_ronda):.3f}-{max(por_ronda):.3f})"
    )
    if perfil:
        _imprimir_perfil(perfil)
    escribir_resultado(
        ruta_resultado,
        {
            "motor": motor,
            "cache": cache,
            "medianas": medianas,
            "razon": razon,
            "razon_por_ronda": por_ronda,
            "objetivo": OBJETIVO,
            "correcto": correcto,
            "inesperadas": inesperadas,
            "errores": errores,
            "casos": verificacion["casos"],
            "confirmados": consistencia["confirmados"],
            "perfil": perfil,
        },
    )
    return CORRIO


def _imprimir_perfil(perfil: dict[str, Any]) -> None:
    print(
        f"  one filing in-process (test client, same settings and database): median "
        f"{perfil['mediana_ms']:.0f} ms of {PERFILADAS}, {perfil['consultas']} "
        f"queries; hashing an access code alone: {perfil['hash_ms']:.2f} ms "
        "(HMAC-SHA256)"
    )
    print("  where a filing's time goes (cProfile, ms per filing; calls per filing):")
    for nombre, ms, llamadas in perfil["partes"]:
        plural = "" if llamadas == 1 else "s"
        veces = f" ({llamadas:g} call{plural})" if llamadas else ""
        print(f"    {ms:8.1f} ms  {nombre}{veces}")


# --- Django side: ``python -m bench.radicacion preparar|verificar DIR`` --------------


def _django() -> None:
    import django

    django.setup()
    logging.disable(logging.INFO)  # production LOGGING echoes every request


def _cuentas():
    from portal.models import Usuario

    return Usuario.objects.filter(username__startswith="bench.").order_by("username")


def preparar(carpeta: Path) -> None:
    """Migrate, static files, seed, ``bench_fila``; CUENTAS municipal accounts
    logged in server-side (what ``Client.force_login`` does: a session row with the
    user's auth hash) and a CSRF secret and token for each; the oficio PDF."""
    _django()
    from django_tasks_db.models import DBTaskResult

    from django.conf import settings
    from django.db import connection

    from bench.datos import cuenta_municipal_con_sesion, sitio_preparar
    from bench.urls import CREAR_TABLA, TABLA
    from expedientes.models import Municipio, Solicitud
    from tests.factories import pdf_de_prueba

    inicio = time.perf_counter()
    sitio_preparar()
    with connection.cursor() as cursor:
        cursor.execute(CREAR_TABLA)

    municipio = Municipio.objects.get(codigo_divipola=MUNICIPIO)
    lineas = []
    for i in range(CUENTAS):
        cuenta = cuenta_municipal_con_sesion(
            f"bench.{i:02d}", f"bench.{i:02d}@bucaramanga.gov.co", municipio
        )
        lineas.append(f"{cuenta['sesion']} {cuenta['secreto']} {cuenta['token']}")
    (carpeta / "sesiones.txt").write_text("\n".join(lineas) + "\n")
    oficio = pdf_de_prueba()
    (carpeta / "oficio.pdf").write_bytes(oficio)
    sesion, secreto, _token = lineas[0].split()
    (carpeta / "preparado.json").write_text(
        json.dumps(
            {
                "sesiones": str(carpeta / "sesiones.txt"),
                "oficio": str(carpeta / "oficio.pdf"),
                "sha256": hashlib.sha256(oficio).hexdigest(),
                "cookie": f"{settings.SESSION_COOKIE_NAME}={sesion}; "
                f"{settings.CSRF_COOKIE_NAME}={secreto}",
                "tablas": {
                    "solicitud": Solicitud._meta.db_table,
                    "fila": TABLA,
                    "tarea": DBTaskResult._meta.db_table,
                },
            }
        )
    )
    print(
        f"  migrate, collectstatic, seed and {CUENTAS} logged-in municipal accounts "
        f"in {time.perf_counter() - inicio:.1f} s ({len(oficio)}-byte oficio PDF)"
    )


def verificar(carpeta: Path) -> None:
    """What the database holds after the run, for ``_consistencia`` to compare with
    the radicados wrk saw in the 302s."""
    _django()
    from django_tasks_db.models import DBTaskResult

    from django.db import connection
    from django.db.models import Count

    from bench.datos import numeracion, oficios_guardados
    from bench.urls import TABLA
    from expedientes.constants import TipoDocumento
    from expedientes.models import (
        Documento,
        EventoSolicitud,
        Notificacion,
        Solicitud,
    )

    preparado = json.loads((carpeta / "preparado.json").read_text())
    confirmados = json.loads((carpeta / "confirmados.json").read_text())
    numeros = numeracion()
    casos = numeros["casos"]
    encontrados = 0
    for i in range(0, len(confirmados), 1000):
        encontrados += Solicitud.objects.filter(
            radicado__in=confirmados[i : i + 1000]
        ).count()

    con_paso_1 = EventoSolicitud.objects.filter(
        actividad=1, fecha__isnull=False
    ).aggregate(n=Count("solicitud", distinct=True))["n"]
    pasos = EventoSolicitud.objects.count()
    oficios, oficios_ok = oficios_guardados(preparado["sha256"])
    constancias = Documento.objects.filter(
        tipo=TipoDocumento.CONSTANCIA_RADICACION, archivo="", datos__isnull=False
    ).count()
    notificaciones = Notificacion.objects.filter(
        estado=Notificacion.Estado.PENDIENTE
    ).count()
    tareas = DBTaskResult.objects.filter(
        task_path__endswith="procesar_pendientes"
    ).count()
    completos = all(
        n == casos
        for n in (
            con_paso_1,
            pasos,
            oficios,
            oficios_ok,
            constancias,
            notificaciones,
            tareas,
        )
    )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {TABLA}")  # noqa: S608 - constant name
        filas = cursor.fetchone()[0]
    (carpeta / "verificacion.json").write_text(
        json.dumps(
            numeros
            | {
                # No case filed has no gap (the filings' rate shows such a run).
                "sin_huecos": casos == 0 or numeros["sin_huecos"],
                "confirmados_encontrados": encontrados,
                "con_paso_1": con_paso_1,
                "oficios_ok": oficios_ok,
                "constancias": constancias,
                "notificaciones": notificaciones,
                "tareas": tareas,
                "completos": completos,
                "filas": filas,
            }
        )
    )


def perfilar(carpeta: Path) -> None:
    """PERFILADAS filings POSTed through Django's test client in this process
    (CSRF not enforced; everything else as under gunicorn), under cProfile."""
    _django()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from expedientes.services import cifrar_codigo, generar_codigo_acceso

    preparado = json.loads((carpeta / "preparado.json").read_text())
    oficio = Path(preparado["oficio"]).read_bytes()
    cliente = Client(HTTP_HOST=HOST)
    cliente.force_login(_cuentas().first())

    def radicar() -> None:
        archivo = io.BytesIO(oficio)
        archivo.name = "oficio.pdf"
        # A subject of its own, as radicacion.lua sends: the same content from this
        # session again would go to the case already filed (portal.views._huella).
        clave = uuid.uuid4()
        respuesta = cliente.post(
            RADICAR,
            {
                "nombre_solicitante": "Laura Rincón",
                "cargo_solicitante": "Secretaria de Planeación municipal",
                "correo_solicitante": "planeacion@bucaramanga.gov.co",
                "telefono_solicitante": "607 633 7000",
                "plan_vigente": "POT",
                "tipo_solicitud": "revision_general",
                "asunto": f"Revisión general del POT (perfil {clave})",
                "descripcion": "Solicitamos asesoría para la revisión general.",
                "acepta_tratamiento_datos": "on",
                "clave_envio": str(clave),
                "oficio": archivo,
            },
        )
        if respuesta.status_code != 302 or "/radicada/" not in respuesta["Location"]:
            raise RuntimeError(f"in-process filing answered {respuesta.status_code}")

    radicar()
    radicar()
    hash_ms = []
    for _ in range(3):
        inicio = time.perf_counter()
        cifrar_codigo(generar_codigo_acceso())
        hash_ms.append((time.perf_counter() - inicio) * 1000)
    tiempos = []
    perfil = cProfile.Profile()
    with CaptureQueriesContext(connection) as consultas:
        for _ in range(PERFILADAS):
            inicio = time.perf_counter()
            perfil.enable()
            radicar()
            perfil.disable()
            tiempos.append((time.perf_counter() - inicio) * 1000)
    estadisticas = pstats.Stats(perfil, stream=io.StringIO())
    (carpeta / "perfil.json").write_text(
        json.dumps(
            {
                "mediana_ms": statistics.median(tiempos),
                "consultas": len(consultas) // PERFILADAS,
                "hash_ms": statistics.median(hash_ms),
                "partes": _partes(estadisticas),
            }
        )
    )


#: What a filing spends its time on, as (label, functions): a function is its file's
#: path ending and its name. The groups do not contain one another, so the rest is
#: Python work: the ORM building queries, forms, middleware, the session.
GRUPOS_PERFIL = (
    (
        "access-code hash (cifrar_codigo)",
        (("expedientes/codigos.py", "cifrar_codigo"),),
    ),
    (
        "SQL round trips and commits",
        (
            ("django/db/backends/utils.py", "_execute"),
            ("django/db/backends/base/base.py", "_commit"),
        ),
    ),
    ("PDF checks (validar_pdf: pypdf, SHA-256)", (("archivos.py", "validar_pdf"),)),
    ("multipart parsing", (("django/http/multipartparser.py", "parse"),)),
    ("files written (storage)", (("django/core/files/storage/base.py", "save"),)),
)


def _partes(estadisticas: pstats.Stats) -> list[tuple[str, float, float]]:
    """(label, ms per filing, calls per filing) for each of GRUPOS_PERFIL, then
    the rest."""
    filas = estadisticas.stats  # type: ignore[attr-defined]
    partes = []
    for etiqueta, funciones in GRUPOS_PERFIL:
        ms = llamadas = 0.0
        for (archivo, _linea, funcion), datos in filas.items():
            if any(archivo.endswith(f) and funcion == n for f, n in funciones):
                llamadas += datos[1]
                ms += datos[3] * 1000
        partes.append((etiqueta, ms / PERFILADAS, llamadas / PERFILADAS))
    total = estadisticas.total_tt * 1000 / PERFILADAS  # type: ignore[attr-defined]
    partes.append(("the rest", total - sum(ms for _e, ms, _n in partes), 0))
    return partes


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in ("preparar", "verificar"):
        sys.exit("usage: python -m bench.radicacion preparar|verificar DIR")
    carpeta = Path(sys.argv[2])
    if sys.argv[1] == "preparar":
        preparar(carpeta)
    else:
        verificar(carpeta)  # first: the profile files requests of its own
        try:
            perfilar(carpeta)
        except Exception:  # information only: the measured run stands
            logging.disable(logging.NOTSET)
            logging.exception("could not profile a filing in-process")
