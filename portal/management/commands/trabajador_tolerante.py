"""``manage.py trabajador_tolerante``: django-tasks-db's ``db_worker`` that waits
out a database restart instead of exiting.

What ``manage.py trabajador`` (portal/trabajador.py) runs as its child. It takes
db_worker's own arguments. db_worker exits on the first database error it does
not expect, and a new one costs a cold start of Django (6 s of wall clock on this
machine idle, far more under load: the bench measured the worker back 29.5 s after
PostgreSQL). ``portal.trabajador.TrabajadorTolerante`` keeps the process and its
imports: it waits for the database and carries on. The supervisor still starts a
new child if this one dies for any other reason.
"""

from django_tasks_db.management.commands.db_worker import Command as DbWorker

from django.core.management.base import CommandError

from portal.trabajador import TrabajadorTolerante


class Command(DbWorker):
    help = (
        "db_worker que espera a la base de datos cuando se reinicia en lugar de "
        "terminar (lo ejecuta `manage.py trabajador`)."
    )

    def handle(
        self,
        *,
        verbosity,
        queue_name,
        interval,
        batch,
        backend_name,
        startup_delay,
        reload,
        max_tasks,
        worker_id,
        exclude_queues,
        **options,
    ):
        if reload:
            raise CommandError("trabajador_tolerante no recarga: use --no-reload.")
        self.configure_logging(verbosity)
        colas = queue_name.split(",")
        excluidas = exclude_queues.split(",") if exclude_queues else []
        if excluidas and "*" not in colas:
            raise CommandError("--exclude-queues can only be used with --queue-name=*")
        trabajador = TrabajadorTolerante(
            queue_names=colas,
            interval=interval,
            batch=batch,
            backend_name=backend_name,
            startup_delay=startup_delay,
            max_tasks=max_tasks,
            worker_id=worker_id,
            excluded_queue_names=excluidas,
        )
        trabajador.configure_signals()
        trabajador.run()
