"""``manage.py respaldar <archivo.tar | carpeta>``: the whole site in one archive.

Database (every table but the search index and transient ones) and every file of
the private storage and of the media, with a manifest of SHA-256s. See
portal/respaldo.py and the README's "Production" section.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from portal.respaldo import RespaldoError, describir, respaldar


class Command(BaseCommand):
    help = (
        "Respalda la base de datos y los archivos (privados y media) en un .tar "
        "con un manifiesto de SHA-256. Si se da una carpeta, crea en ella "
        "respaldo-AAAAMMDD-HHMMSS.tar."
    )

    def add_arguments(self, parser):
        parser.add_argument("destino", type=Path, help="Archivo .tar o carpeta.")

    def handle(self, *args, destino: Path, **options):
        try:
            resultado = respaldar(destino)
        except RespaldoError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(f"Respaldo creado: {describir(resultado)}")
        )
