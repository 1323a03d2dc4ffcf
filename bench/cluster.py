"""A PostgreSQL cluster of the bench's own, to restart under load (parts 8 and 10;
``tests/servidor/test_reinicio.py``).

``crear_cluster(base)``: ``pg_createcluster VERSION bench_<pid> --port <free>
--start -- --auth-host=trust`` (the newest version in ``/etc/postgresql``) with the
database ``base`` in it; ``borrar_cluster`` (``pg_dropcluster --stop``) at the end,
in a ``finally``. Restarting it disturbs no developer's database and no test run on
the shared cluster. ``reiniciar`` restarts it while a thread probes it every 0.1 s,
to know when it refused connections and when it accepted them again.

No Django here: the bench's orchestrator and the tests' fixtures import it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import threading
import time
from dataclasses import dataclass

from bench.comun import HOST, puerto_libre

__all__ = [
    "Cluster",
    "acepta",
    "borrar_cluster",
    "cluster_disponible",
    "crear_cluster",
    "reiniciar",
]


@dataclass
class Cluster:
    version: str
    nombre: str
    puerto: int

    def url(self, base: str = "postgres") -> str:
        return f"postgres://postgres@{HOST}:{self.puerto}/{base}"

    def ctl(self, accion: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [
                "pg_ctlcluster",
                "--skip-systemctl-redirect",
                self.version,
                self.nombre,
                accion,
            ],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )


def cluster_disponible() -> bool:
    """Whether this machine can make a cluster (Debian's postgresql-common)."""
    return bool(
        shutil.which("pg_createcluster")
        and os.path.isdir("/etc/postgresql")
        and os.listdir("/etc/postgresql")
    )


def crear_cluster(base: str, *, nombre: str = "bench") -> Cluster:
    """A new cluster on a free port, started, with the empty database ``base``."""
    import psycopg

    versiones = sorted(os.listdir("/etc/postgresql"))
    if not versiones:
        raise RuntimeError("no PostgreSQL installed (/etc/postgresql is empty)")
    cluster = Cluster(versiones[-1], f"{nombre}_{os.getpid()}", puerto_libre())
    creado = subprocess.run(
        [
            "pg_createcluster",
            cluster.version,
            cluster.nombre,
            "--port",
            str(cluster.puerto),
            "--start-conf=manual",
            "--start",
            "--",
            "--auth-host=trust",
            "--auth-local=trust",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    if creado.returncode:
        raise RuntimeError(f"pg_createcluster failed: {creado.stderr.strip()}")
    try:
        with psycopg.connect(cluster.url(), autocommit=True) as conexion:
            conexion.execute(f'CREATE DATABASE "{base}"')
    except psycopg.Error:
        borrar_cluster(cluster)
        raise
    return cluster


def borrar_cluster(cluster: Cluster) -> None:
    subprocess.run(
        ["pg_dropcluster", "--stop", cluster.version, cluster.nombre],
        capture_output=True,
        timeout=120,
        check=False,
    )


def acepta(cluster: Cluster) -> bool:
    """Whether the cluster accepts a connection now."""
    import psycopg

    try:
        psycopg.connect(cluster.url(), connect_timeout=1).close()
        return True
    except psycopg.OperationalError:
        return False


def reiniciar(
    cluster: Cluster, t0: float, marcas: dict[str, float], *, en: float = 0.0
) -> None:
    """At ``en`` s after ``t0`` (``time.monotonic()``): restart the cluster;
    meanwhile probe it every 0.1 s. ``marcas`` gets, in seconds since ``t0``:
    ``reinicio``, ``primera_sonda_fallida``, ``vuelve`` (accepting again),
    ``reinicio_termina`` and pg_ctlcluster's exit ``codigo``."""
    time.sleep(max(0.0, en - (time.monotonic() - t0)))
    sondeo = threading.Event()

    def sondear() -> None:
        caido = False
        while not sondeo.is_set():
            ahora = time.monotonic() - t0
            if not acepta(cluster):
                if not caido:
                    marcas.setdefault("primera_sonda_fallida", ahora)
                caido = True
            elif caido:
                marcas.setdefault("vuelve", ahora)
                return
            time.sleep(0.1)

    hilo = threading.Thread(target=sondear, daemon=True)
    hilo.start()
    marcas["reinicio"] = time.monotonic() - t0
    resultado = cluster.ctl("restart")
    marcas["reinicio_termina"] = time.monotonic() - t0
    marcas["codigo"] = resultado.returncode
    hilo.join(timeout=30)
    sondeo.set()
    marcas.setdefault("vuelve", marcas["reinicio_termina"])
