"""Part 11: uploads bounded per request (issue 14), before and after, over HTTP.

Two gunicorns on one bench database, production settings with rate limits off
(``bench.settings_radicacion``), 2 sync workers each: *antes* runs the code of
``main`` (``git archive main``, extracted in the temporary directory), *después*
this tree. The database is migrated and seeded by this tree (issue 14 adds no
migration). Every case is timed on both, interleaved, and the median is reported:

1. an oficio and 99 annexes, each a small valid PDF of 1,900 blank pages (under
   the 2,000-page limit; about 0.3 s each to inspect: the issue's 30.7 s, the
   worker killed, a 500);
2. an oficio of 10 MB with 2 million objects in object streams and a wrong
   ``startxref`` (the issue: 6.9 s);
3. a legitimate filing, an oficio and 10 annexes (the cost of the child process);
4. the longest a light page (``/consulta/``) waits while two filings of case 2 run
   at once (the issue: every page stalled for 19 s).

Then, on *después* with the rate limits of production (its own third gunicorn):
the same hostile filing sent seven times from one account, and the statuses it
got (``PORTAL_LIMITE_RECHAZOS`` = 5/h: five refusals, then 429s).

**Targets:** case 1 answers with a 4xx in under a tenth of *antes*' time; case 2
in under a quarter; case 3 costs at most 1.5 times *antes* plus 0.5 s (the child's
start-up is one per request); case 4 at most half of *antes*; and the throttle
answers 429 from the sixth attempt on. Ratios against *antes* measured in the same
run, never absolute times.
"""

from __future__ import annotations

import concurrent.futures
import io
import json
import os
import subprocess
import sys
import tarfile
import time
import uuid
from pathlib import Path
from typing import Any

from bench import clientes
from bench.comun import (
    CORRIO,
    HOST,
    NO_CORRIO,
    RAIZ,
    Servidor,
    arrancar,
    borrar_base_de_datos,
    crear_base_de_datos,
    ejecutar_modulo,
    entorno_de_produccion,
    escribir_resultado,
    esperar,
    leer_resultado,
    mediana,
    parar,
    postgres_disponible,
    titulo,
    veredicto,
)

SETTINGS = "bench.settings_radicacion"
RADICAR = "/solicitudes/nueva/"
RONDAS = int(os.environ.get("BENCH_RONDAS", "3"))
MUNICIPIO = "68001"


def _main(tmp: Path) -> Path:
    """``main``'s tree, extracted (the bench never touches a work tree)."""
    destino = tmp / "main"
    destino.mkdir()
    archivo = subprocess.run(
        ["git", "-C", str(RAIZ), "archive", "main"],
        check=True,
        capture_output=True,
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(archivo)) as tar:
        tar.extractall(destino, filter="data")
    return destino


def _radicar(servidor: Servidor, preparado: dict, oficio, anexos) -> tuple[int, float]:
    """(status, seconds) of one filing; status 0 when the connection broke (the
    worker killed under it)."""
    import httpx

    datos, solo_oficio = clientes.formulario(preparado["token"], uuid.uuid4(), oficio)
    archivos = [("oficio", solo_oficio["oficio"])] + [
        ("anexos", (f"anexo{n}.pdf", a, "application/pdf"))
        for n, a in enumerate(anexos)
    ]
    inicio = time.perf_counter()
    try:
        respuesta = httpx.post(
            f"http://{HOST}:{servidor.puerto}{RADICAR}",
            data=datos,
            files=archivos,
            headers={"Cookie": preparado["cookie"]},
            timeout=120,
        )
        estado = respuesta.status_code
    except httpx.HTTPError:
        estado = 0
    return estado, time.perf_counter() - inicio


def _pagina_durante(servidor: Servidor, preparado: dict, oficio: bytes) -> float:
    """Longest wait of ``/consulta/`` polled while two hostile filings run."""
    import httpx

    peores = []
    with concurrent.futures.ThreadPoolExecutor(2) as hilos:
        envios = [
            hilos.submit(_radicar, servidor, preparado, oficio, []) for _ in range(2)
        ]
        time.sleep(0.2)  # both bodies on their way
        while not all(e.done() for e in envios):
            inicio = time.perf_counter()
            try:
                httpx.get(f"http://{HOST}:{servidor.puerto}/consulta/", timeout=120)
            except httpx.HTTPError:
                pass
            peores.append(time.perf_counter() - inicio)
    return max(peores, default=0.0)


def ejecutar(tmp: Path, ruta_resultado: Path) -> int:
    titulo("11. Uploads bounded per request (issue 14), main vs this tree")
    if not postgres_disponible():
        print("  could not run: this part needs PostgreSQL on 127.0.0.1:5432")
        return NO_CORRIO
    carpeta = tmp / "subidas"
    nombre_bd = f"asesoria_bench_subidas_{os.getpid()}"
    servidores: list[Servidor] = []
    try:
        database_url = crear_base_de_datos(nombre_bd)
        env = entorno_de_produccion(
            carpeta, settings=SETTINGS, database_url=database_url, redis_url=None
        )
        if ejecutar_modulo("bench.subidas", "preparar", str(carpeta), env=env):
            print("  could not run: preparing the bench database failed")
            return NO_CORRIO
        preparado = leer_resultado(carpeta / "preparado.json")
        archivos = {
            n: (carpeta / f"{n}.pdf").read_bytes()
            for n in ("chico", "paginas", "lento")
        }
        antes = arrancar("antes", SETTINGS, env, carpeta, _main(tmp))
        despues = arrancar("despues", SETTINGS, env, carpeta)
        limitado = arrancar("limitado", "portal.settings.production", env, carpeta)
        servidores = [antes, despues, limitado]
        for servidor in servidores:
            esperar(servidor, RADICAR, cabeceras={"Cookie": preparado["cookie"]})
        casos = {
            "99 anexos": (archivos["chico"], [archivos["paginas"]] * 99),
            "PDF lento": (archivos["lento"], []),
            "legítima (10 anexos)": (archivos["chico"], [archivos["chico"]] * 10),
        }
        medidas: dict[str, dict[str, list]] = {
            c: {"antes": [], "despues": []} for c in casos
        }
        for _ in range(RONDAS):
            for caso, (oficio, anexos) in casos.items():
                for nombre, servidor in (("antes", antes), ("despues", despues)):
                    medidas[caso][nombre].append(
                        _radicar(servidor, preparado, oficio, anexos)
                    )
        paginas = {
            nombre: mediana(
                [
                    _pagina_durante(servidor, preparado, archivos["lento"])
                    for _ in range(RONDAS)
                ]
            )
            for nombre, servidor in (("antes", antes), ("despues", despues))
        }
        rafaga = [
            _radicar(limitado, preparado, archivos["lento"], [])[0] for _ in range(7)
        ]
    except (RuntimeError, OSError, subprocess.CalledProcessError) as error:
        print(f"  could not run: {error}")
        return NO_CORRIO
    finally:
        for servidor in servidores:
            parar(servidor)
        borrar_base_de_datos(nombre_bd)
    return _informe(medidas, paginas, rafaga, ruta_resultado)


def _informe(medidas, paginas, rafaga, ruta_resultado: Path) -> int:
    resumen: dict[str, Any] = {"casos": {}, "pagina": paginas, "rafaga": rafaga}
    print(f"  {RONDAS} rounds, antes/después interleaved; medians")
    print(f"  {'case':<24} {'antes':>16} {'después':>16} {'ratio':>7}")
    for caso, lados in medidas.items():
        fila = {}
        for lado, valores in lados.items():
            fila[lado] = {
                "segundos": mediana([s for _e, s in valores]),
                "estados": sorted({e for e, _s in valores}),
            }
        fila["ratio"] = fila["despues"]["segundos"] / max(
            fila["antes"]["segundos"], 1e-9
        )
        resumen["casos"][caso] = fila
        a, d = fila["antes"], fila["despues"]
        print(
            f"  {caso:<24} {a['segundos']:>8.2f} s {a['estados']!s:>6}"
            f" {d['segundos']:>8.2f} s {d['estados']!s:>6} {fila['ratio']:>7.3f}"
        )
    print(
        f"  /consulta/ during two slow filings: antes {paginas['antes']:.2f} s, "
        f"después {paginas['despues']:.2f} s"
    )
    print(f"  seven slow filings from one account (production limits): {rafaga}")
    c = resumen["casos"]
    metas = {
        "99 anexos refused (4xx) in < 0.1 x antes": c["99 anexos"]["ratio"] < 0.1
        and all(400 <= e < 500 for e in c["99 anexos"]["despues"]["estados"]),
        "PDF lento refused in < 0.25 x antes": c["PDF lento"]["ratio"] < 0.25,
        "legítima <= 1.5 x antes + 0.5 s": c["legítima (10 anexos)"]["despues"][
            "segundos"
        ]
        <= 1.5 * c["legítima (10 anexos)"]["antes"]["segundos"] + 0.5,
        "page during slow filings <= 0.5 x antes": paginas["despues"]
        <= 0.5 * paginas["antes"],
        "429 from the sixth attempt": rafaga[:5] == [200] * 5
        and all(e == 429 for e in rafaga[5:]),
    }
    for meta, ok in metas.items():
        print(f"  {meta:<48} {veredicto(ok)}")
    resumen["metas"] = metas
    escribir_resultado(ruta_resultado, resumen)
    return CORRIO


def filas_resumen(r: dict[str, Any] | None, fila) -> list[str]:
    """The summary table's rows (``bench/__main__.py``)."""
    if r is None:
        return [fila("11. uploads bounded per request", "did not run", "", "ERROR")]
    filas = [
        fila(
            f"11. {caso}",
            f"{m['antes']['segundos']:.2f} -> {m['despues']['segundos']:.2f} s",
            f"ratio {m['ratio']:.3f}",
        )
        for caso, m in r["casos"].items()
    ]
    filas.append(
        fila(
            "11. page during 2 slow filings",
            f"{r['pagina']['antes']:.2f} -> {r['pagina']['despues']:.2f} s",
        )
    )
    filas += [
        fila(f"11. {meta}"[:40], "", "", veredicto(ok))
        for meta, ok in r["metas"].items()
    ]
    return filas


def preparar(carpeta: Path) -> None:
    """Migrate, seed, one logged-in municipal account; the bench's PDFs."""
    import django

    django.setup()
    from pypdf import PdfWriter

    from django.conf import settings

    from bench.datos import cuenta_municipal_con_sesion, sitio_preparar
    from expedientes.models import Municipio
    from tests.factories import pdf_de_prueba
    from tests.pdf_hostiles import muchos_objetos_en_flujos

    sitio_preparar()
    municipio = Municipio.objects.get(codigo_divipola=MUNICIPIO)
    cuenta = cuenta_municipal_con_sesion(
        "bench.subidas", "bench.cargas@bucaramanga.gov.co", municipio
    )
    (carpeta / "chico.pdf").write_bytes(pdf_de_prueba())
    escritor = PdfWriter()
    for _ in range(1900):
        escritor.add_blank_page(595, 842)
    salida = io.BytesIO()
    escritor.write(salida)
    (carpeta / "paginas.pdf").write_bytes(salida.getvalue())
    (carpeta / "lento.pdf").write_bytes(muchos_objetos_en_flujos(2_000_000))
    (carpeta / "preparado.json").write_text(
        json.dumps(
            {
                "token": cuenta["token"],
                "cookie": f"{settings.SESSION_COOKIE_NAME}={cuenta['sesion']}; "
                f"{settings.CSRF_COOKIE_NAME}={cuenta['secreto']}",
            }
        )
    )


if __name__ == "__main__":
    if sys.argv[1:2] == ["preparar"]:
        preparar(Path(sys.argv[2]))
