"""The supervised worker (``manage.py trabajador``) and abandoned tasks.

django-tasks-db leaves a task RUNNING for good when its worker dies; the probe
saw one after a PostgreSQL restart. These tests make such rows and check that
they go back to the queue, and that the supervisor starts a dying child again.
"""

import datetime
import signal
import socket
import sys

import pytest
from django_tasks_db.models import DBTaskResult, get_date_max

from django.core.management import call_command
from django.utils import timezone

from portal.trabajador import MAX_INTENTOS, Supervisor, devolver_abandonadas


def tarea(estado="RUNNING", trabajadores=("otro",), hace=datetime.timedelta(0), **c):
    return DBTaskResult.objects.create(
        args_kwargs={"args": [1], "kwargs": {}},
        task_path="expedientes.tasks.procesar_pendientes",
        backend_name="default",
        run_after=get_date_max(),
        status=estado,
        worker_ids=list(trabajadores),
        started_at=timezone.now() - hace,
        **c,
    )


def estado(t) -> str:
    return DBTaskResult.objects.get(pk=t.pk).status


def test_la_tarea_de_un_trabajador_muerto_vuelve_a_la_cola(db):
    muerta = tarea(trabajadores=["a", "muerto"])
    viva = tarea(trabajadores=["vivo"])
    assert devolver_abandonadas(trabajadores={"muerto"}) == 1
    assert estado(muerta) == "READY"
    assert DBTaskResult.objects.get(pk=muerta.pk).started_at is None
    assert estado(viva) == "RUNNING"
    # READY again: a worker claims it as any other.
    assert DBTaskResult.objects.ready().get_locked().pk == muerta.pk


def test_una_tarea_que_corre_demasiado_se_da_por_abandonada(db, settings):
    vieja = tarea(hace=datetime.timedelta(minutes=11))
    reciente = tarea(hace=datetime.timedelta(minutes=1))
    limite = timezone.now() - datetime.timedelta(minutes=10)
    assert devolver_abandonadas(antes_de=limite) == 1
    assert (estado(vieja), estado(reciente)) == ("READY", "RUNNING")


def test_lo_que_fallo_sin_base_de_datos_se_reintenta_con_limite(db):
    sin_bd = tarea(
        "FAILED",
        exception_class_path="django.db.utils.OperationalError",
        finished_at=timezone.now(),
    )
    agotada = tarea(
        "FAILED",
        trabajadores=["w"] * MAX_INTENTOS,
        exception_class_path="django.db.utils.OperationalError",
    )
    error_propio = tarea("FAILED", exception_class_path="builtins.ValueError")
    hecha = tarea("SUCCESSFUL", trabajadores=["muerto"])
    assert devolver_abandonadas(trabajadores={"muerto"}) == 1
    assert estado(sin_bd) == "READY"
    assert DBTaskResult.objects.get(pk=sin_bd.pk).exception_class_path == ""
    assert estado(agotada) == "FAILED"  # runs are bounded: no endless loop
    assert estado(error_propio) == "FAILED"  # a bug is not retried
    assert estado(hecha) == "SUCCESSFUL"


class HijoQueMuere(Supervisor):
    """db_worker replaced by a child that exits at once, as after a crash."""

    def _orden(self, trabajador):
        return [sys.executable, "-c", "raise SystemExit(3)"]


@pytest.fixture
def senales():
    antes = signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGINT)
    yield
    signal.signal(signal.SIGTERM, antes[0])
    signal.signal(signal.SIGINT, antes[1])


def test_el_supervisor_arranca_otra_vez_y_devuelve_lo_abandonado(
    db, senales, caplog, monkeypatch
):
    monkeypatch.setattr("portal.trabajador.os.getpid", lambda: 4242)
    primero = f"{socket.gethostname()[:40]}-4242-0"
    abandonada = tarea(trabajadores=[primero])
    supervisor = HijoQueMuere(espera_maxima=0.1, max_arranques=3)
    with caplog.at_level("WARNING", logger="portal.trabajador"):
        supervisor.ejecutar()
    assert supervisor.arranques == 3
    assert estado(abandonada) == "READY"
    terminados = [r for r in caplog.records if "terminó (código 3)" in r.getMessage()]
    assert len(terminados) == 3
    assert any("devueltas a la cola: 1" in r.getMessage() for r in caplog.records)


def test_make_worker_usa_el_supervisor():
    from django.conf import settings

    makefile = (settings.BASE_DIR / "Makefile").read_text()
    assert "manage.py trabajador" in makefile.split("worker: $(STAMP)")[1][:80]
    unidad = (settings.BASE_DIR / "deploy" / "worker.service").read_text()
    assert "manage.py trabajador" in unidad and "Restart=always" in unidad


def test_la_orden_acepta_argumentos_de_db_worker(db, senales, monkeypatch):
    vistos = {}

    def ejecutar(self):
        vistos.update(argumentos=self.argumentos, espera=self.espera_maxima)

    monkeypatch.setattr(Supervisor, "ejecutar", ejecutar)
    call_command("trabajador", "--espera-maxima", "5", "--", "--queue-name", "*")
    assert vistos == {"argumentos": ["--queue-name", "*"], "espera": 5.0}
