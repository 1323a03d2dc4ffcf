from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from expedientes.services import roles_asegurar
from planes.datos import leyes_asegurar
from planes.services import planes_asegurar
from portal.services import inicio_asegurar


class Command(BaseCommand):
    help = (
        "Deja el sitio listo: página de inicio, procedimiento ES-PE-PR-31, índice, "
        "glosario y los grupos del personal. Se puede ejecutar cuantas veces se "
        "quiera: lo que ya existe no cambia."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        _inicio, creada = inicio_asegurar()
        if creada:
            self.stdout.write(self.style.SUCCESS("Página de inicio creada."))
        call_command("cargar_procedimiento", stdout=self.stdout)
        roles_asegurar()
        # The law as data and a plan row per municipality (the migrations load
        # both; again here after a flush). No act is invented: the board says
        # which plans must be verified.
        leyes_asegurar()
        planes_asegurar()
