"""``manage.py restaurar <archivo.tar>``: a backup into a new, empty site.

Checks every member against the manifest first, refuses a database or storage
that already holds data, loads rows and files in one go (nothing half-restored)
and rebuilds the search index. See portal/respaldo.py.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from portal.respaldo import RespaldoError, describir, restaurar


class Command(BaseCommand):
    help = (
        "Restaura un respaldo de «respaldar» en una base de datos y un "
        "almacenamiento vacíos (ejecuta migrate antes). Rechaza un respaldo "
        "alterado y una base de datos que ya tenga datos."
    )

    def add_arguments(self, parser):
        parser.add_argument("origen", type=Path, help="Archivo .tar del respaldo.")

    def handle(self, *args, origen: Path, **options):
        try:
            resultado = restaurar(origen)
        except RespaldoError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(f"Respaldo restaurado: {describir(resultado)}")
        )
