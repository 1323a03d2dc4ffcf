"""``manage.py recordar_compromisos``: e-mail each commitment of an advisory
session that is due (within ``plazos.DIAS_VENCE_PRONTO`` business days, or
overdue) to whoever is responsible, once (``services.compromisos``).

For cron, once a day (e.g. 07:00 Bogotá). Safe to repeat and to run on two
servers at once: each commitment's marker is claimed with its e-mail's row.
"""

from django.core.management.base import BaseCommand

from expedientes.services import compromisos_recordar


class Command(BaseCommand):
    help = (
        "Envía un recordatorio por cada compromiso de las sesiones de asesoría "
        "que vence pronto o ya venció, una sola vez."
    )

    def handle(self, *args, **options):
        n = compromisos_recordar()
        self.stdout.write(
            f"Recordatorios de compromisos puestos en cola: {n}."
            if n
            else "No hay compromisos por recordar."
        )
