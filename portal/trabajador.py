"""The task worker, supervised: ``manage.py trabajador`` (``make worker``).

django-tasks-db's ``db_worker`` exits on the first database error it does not
expect (a PostgreSQL restart is one), and a task it was running when it died stays
RUNNING for good: nothing in django-tasks-db looks at it again. The probe saw both:
the worker down for good after a restart, 3,814 tasks waiting, one running forever.

The child is ``manage.py trabajador_tolerante``: db_worker with
``TrabajadorTolerante``, which waits out a database restart in the same process
(a new process costs a cold start of Django: the bench saw the worker back only
29.5 s after PostgreSQL when each restart cost one) and puts back what it was
running. ``Supervisor`` runs it as a child process with a worker id of its own
and, in a loop:

- waits for the database to answer before starting the child, so after a restart
  the worker is back within a second of the database;
- when the child exits, puts the tasks it left RUNNING back in the queue
  (``devolver_abandonadas``), and starts it again, after a pause that doubles
  (up to ``espera_maxima``) while it keeps dying young;
- every ``revisar`` seconds puts back RUNNING tasks of any worker started more than
  ``TAREAS_ABANDONADA_TRAS`` seconds ago (a worker on another machine that died
  with it), and tasks that failed only because the database did not answer, at
  most ``MAX_INTENTOS`` runs in all.

Running a task again is safe here: every task of this project does what is left to
do and nothing twice (``expedientes/tasks.py``; e-mails are claimed before they are
sent), and Wagtail's search-index updates are idempotent. SIGTERM or SIGINT stop the
child gracefully (it finishes its task) and then the supervisor.
"""

from __future__ import annotations

import datetime
import logging
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field

from django_tasks_db.management.commands.db_worker import Worker

from django.conf import settings
from django.db import (
    InterfaceError,
    OperationalError,
    close_old_connections,
    connection,
)
from django.utils import timezone

from .reconexion import base_de_datos_lista

logger = logging.getLogger(__name__)

ERRORES_DE_BASE_DE_DATOS = (OperationalError, InterfaceError)
#: A task that failed with one of these only met a database that did not answer.
FALLOS_DE_CONEXION = (
    "django.db.utils.OperationalError",
    "django.db.utils.InterfaceError",
)
#: Runs of a task in all (django-tasks-db appends a worker id per claim).
MAX_INTENTOS = 5
#: A child that lived this long was not crash-looping: the next pause is short.
VIDA_SANA = 60.0


def base_de_datos_responde() -> bool:
    try:
        if not connection.in_atomic_block:
            close_old_connections()  # a connection the restart broke is dropped
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return True
    except ERRORES_DE_BASE_DE_DATOS:
        if not connection.in_atomic_block:
            connection.close()
        return False


class TrabajadorTolerante(Worker):
    """db_worker's ``Worker`` that, when the database stops answering, waits for
    it (``portal.reconexion``) and goes on in the same process, instead of exiting
    (``manage.py trabajador_tolerante``, the supervisor's child). What it was
    running when the database went is put back in the queue as soon as the
    database answers: this worker runs one task at a time, so its RUNNING tasks
    are none now."""

    def run(self) -> None:
        while self.running:
            try:
                super().run()
                return
            except ERRORES_DE_BASE_DE_DATOS as error:
                logger.warning(
                    "db_worker %s: la base de datos no responde (%s); se espera",
                    self.worker_id,
                    type(error).__name__,
                )
            self.running_task = False
            self.startup_delay = False
            while self.running:
                connection.close()
                if base_de_datos_lista(hasta=time.monotonic() + 1):
                    try:
                        devolver_abandonadas(trabajadores={self.worker_id})
                        break
                    except ERRORES_DE_BASE_DE_DATOS:
                        continue
            logger.warning("db_worker %s: la base de datos responde", self.worker_id)


def devolver_abandonadas(
    *, trabajadores: set[str] = frozenset(), antes_de: datetime.datetime | None = None
) -> int:
    """Put back in the queue the RUNNING tasks last claimed by one of
    ``trabajadores`` (dead workers), or started before ``antes_de`` (any worker);
    and the tasks that failed because the database did not answer, while they
    have runs left. Returns how many went back."""
    from django_tasks_db.models import DBTaskResult

    devolver = []
    for tarea in DBTaskResult.objects.running().only("id", "worker_ids", "started_at"):
        ultimo = tarea.worker_ids[-1] if tarea.worker_ids else None
        if ultimo in trabajadores or (
            antes_de is not None
            and tarea.started_at is not None
            and tarea.started_at < antes_de
        ):
            devolver.append(tarea.pk)
    for tarea in (
        DBTaskResult.objects.failed()
        .filter(exception_class_path__in=FALLOS_DE_CONEXION)
        .only("id", "worker_ids")
    ):
        if len(tarea.worker_ids) < MAX_INTENTOS:
            devolver.append(tarea.pk)
    if not devolver:
        return 0
    devueltas = (
        DBTaskResult.objects.filter(pk__in=devolver)
        .exclude(status="SUCCESSFUL")
        .exclude(status="READY")
        .update(
            status="READY",
            started_at=None,
            finished_at=None,
            exception_class_path="",
            traceback="",
        )
    )
    if devueltas:
        logger.warning("Tareas abandonadas devueltas a la cola: %s", devueltas)
    return devueltas


@dataclass
class Supervisor:
    """Runs ``db_worker`` and starts it again whenever it exits."""

    #: Arguments passed on to db_worker (e.g. ["--queue-name", "*"]).
    argumentos: list[str] = field(default_factory=list)
    #: Longest pause, in seconds, between two starts of a child that keeps dying.
    espera_maxima: float = 30.0
    #: Seconds between looks for tasks abandoned by other workers.
    revisar: float = 15.0
    #: Stop after this many starts (tests); None: forever.
    max_arranques: int | None = None

    hijo: subprocess.Popen | None = field(default=None, init=False)
    detenido: bool = field(default=False, init=False)
    arranques: int = field(default=0, init=False)

    def _orden(self, trabajador: str) -> list[str]:
        return [
            sys.executable,
            "-m",
            "django",
            "trabajador_tolerante",
            "--worker-id",
            trabajador,
            "--no-reload",
            "--no-startup-delay",
            *self.argumentos,
        ]

    def _detener(self, signum, frame) -> None:
        self.detenido = True
        if self.hijo is not None and self.hijo.poll() is None:
            self.hijo.send_signal(signal.SIGTERM)

    def _esperar_base_de_datos(self) -> None:
        avisado = False
        while not self.detenido and not base_de_datos_responde():
            if not avisado:
                logger.warning("La base de datos no responde: se espera para arrancar")
                avisado = True
            time.sleep(1)
        if avisado and not self.detenido:
            logger.warning("La base de datos responde otra vez")

    def _devolver(self, **criterios) -> None:
        try:
            devolver_abandonadas(**criterios)
        except ERRORES_DE_BASE_DE_DATOS:
            if not connection.in_atomic_block:
                connection.close()  # tried again at the next look
            raise

    def _limite_de_ejecucion(self) -> datetime.datetime:
        return timezone.now() - datetime.timedelta(
            seconds=settings.TAREAS_ABANDONADA_TRAS
        )

    def ejecutar(self) -> None:
        signal.signal(signal.SIGTERM, self._detener)
        signal.signal(signal.SIGINT, self._detener)
        espera = 0.5  # the first young death waits 1 s, then 2, 4…
        entorno = {**os.environ, "PYTHONUNBUFFERED": "1"}
        while not self.detenido:
            self._esperar_base_de_datos()
            if self.detenido:
                break
            trabajador = f"{socket.gethostname()[:40]}-{os.getpid()}-{self.arranques}"
            try:
                self._devolver(antes_de=self._limite_de_ejecucion())
            except ERRORES_DE_BASE_DE_DATOS:
                continue
            self.arranques += 1
            inicio = time.monotonic()
            logger.info("Arranca db_worker %s", trabajador)
            self.hijo = subprocess.Popen(  # noqa: S603 - our interpreter, fixed args
                self._orden(trabajador), cwd=settings.BASE_DIR, env=entorno
            )
            ultima_revision = time.monotonic()
            while self.hijo.poll() is None:
                time.sleep(0.2)
                if time.monotonic() - ultima_revision >= self.revisar:
                    ultima_revision = time.monotonic()
                    try:
                        self._devolver(antes_de=self._limite_de_ejecucion())
                    except ERRORES_DE_BASE_DE_DATOS:
                        pass
            vida = time.monotonic() - inicio
            codigo = self.hijo.returncode
            self.hijo = None
            if self.detenido:
                logger.info("db_worker %s detenido (código %s)", trabajador, codigo)
            else:
                logger.warning(
                    "db_worker %s terminó (código %s) tras %.0f s",
                    trabajador,
                    codigo,
                    vida,
                )
            # Its RUNNING tasks are abandoned: back to the queue, once the
            # database answers (it may be why the child died).
            while True:
                self._esperar_base_de_datos()
                try:
                    self._devolver(trabajadores={trabajador})
                    break
                except ERRORES_DE_BASE_DE_DATOS:
                    if self.detenido:
                        break
                    time.sleep(1)
            if self.max_arranques is not None and self.arranques >= self.max_arranques:
                break
            if self.detenido:
                break
            espera = 0.5 if vida >= VIDA_SANA else espera
            espera = min(espera * 2, self.espera_maxima)
            logger.info("Se vuelve a arrancar en %.0f s", espera)
            limite = time.monotonic() + espera
            while not self.detenido and time.monotonic() < limite:
                time.sleep(0.2)
