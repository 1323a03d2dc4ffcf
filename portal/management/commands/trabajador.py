"""``manage.py trabajador``: django-tasks-db's ``db_worker``, supervised.

What ``make worker`` and ``deploy/worker.service`` run (portal/trabajador.py says
what it does and why). Arguments after ``--`` go to db_worker unchanged, e.g.
``manage.py trabajador -- --queue-name '*' --interval 0.5``.
"""

import logging
import sys

from django.core.management.base import BaseCommand

from portal.trabajador import Supervisor


class Command(BaseCommand):
    help = (
        "Ejecuta el trabajador de tareas (db_worker) y lo vuelve a arrancar si "
        "termina; devuelve a la cola las tareas que un trabajador muerto dejó a "
        "medias."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--espera-maxima",
            type=float,
            default=30.0,
            help="Pausa máxima, en segundos, entre dos arranques (por defecto 30).",
        )
        parser.add_argument(
            "--revisar",
            type=float,
            default=15.0,
            help="Segundos entre dos búsquedas de tareas abandonadas (por defecto 15).",
        )
        parser.add_argument("db_worker", nargs="*", help="Argumentos de db_worker.")

    def handle(self, *args, espera_maxima, revisar, db_worker, verbosity, **options):
        registro = logging.getLogger("portal.trabajador")
        if not registro.handlers and not logging.getLogger().handlers:
            manejador = logging.StreamHandler(sys.stderr)
            manejador.setFormatter(logging.Formatter("%(asctime)s %(message)s"))
            registro.addHandler(manejador)
        registro.setLevel(logging.INFO if verbosity else logging.WARNING)
        Supervisor(
            argumentos=list(db_worker), espera_maxima=espera_maxima, revisar=revisar
        ).ejecutar()
