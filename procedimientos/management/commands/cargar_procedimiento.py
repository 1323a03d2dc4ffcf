from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from procedimientos.services import (
    DATOS,
    ProcedimientoError,
    leer_datos,
    procedimiento_cargar,
)


class Command(BaseCommand):
    help = (
        "Publica un procedimiento desde su archivo de datos (por defecto ES-PE-PR-31). "
        "Si el procedimiento ya existe no cambia nada: desde entonces lo editan "
        "los editores en el CMS."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "archivo",
            nargs="?",
            type=Path,
            default=DATOS / "es-pe-pr-31.json",
            help="Archivo JSON con el procedimiento.",
        )

    def handle(self, *args, archivo: Path, **options):
        try:
            pagina, creado = procedimiento_cargar(datos=leer_datos(archivo))
        except ProcedimientoError as error:
            raise CommandError(str(error)) from error
        if creado:
            self.stdout.write(
                self.style.SUCCESS(f"Publicado {pagina.codigo} en {pagina.get_url()}")
            )
        else:
            self.stdout.write(f"{pagina.codigo} ya existe; no se cambió nada.")
