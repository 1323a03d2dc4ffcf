"""``manage.py verificar_integridad``: re-hash every stored case file and report
any that is missing or changed (exit status 1), so tampering or bit rot is found.
For cron, e.g. nightly; it only reads."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import ngettext

from expedientes.integridad import revisar_archivos


class Command(BaseCommand):
    help = (
        "Vuelve a calcular la huella SHA-256 de cada archivo guardado de las "
        "solicitudes y avisa de los que faltan o cambiaron (sale con error)."
    )

    def handle(self, *args, **options):
        revisados = 0
        hallazgos = []
        for _documento, hallazgo in revisar_archivos():
            revisados += 1
            if hallazgo is not None:
                hallazgos.append(hallazgo)
                if hallazgo.problema == "falta":
                    detalle = "falta el archivo"
                else:
                    detalle = (
                        f"SHA-256 esperado {hallazgo.esperado}, "
                        f"encontrado {hallazgo.encontrado}"
                    )
                self.stderr.write(
                    f"{hallazgo.radicado} · documento {hallazgo.documento_id} "
                    f"({hallazgo.nombre}): {detalle}."
                )
        self.stdout.write(
            f"Archivos revisados: {revisados}; con problemas: {len(hallazgos)}."
        )
        if hallazgos:
            raise CommandError(
                ngettext(
                    "%(n)s archivo falta o no coincide con su huella.",
                    "%(n)s archivos faltan o no coinciden con su huella.",
                    len(hallazgos),
                )
                % {"n": len(hallazgos)}
            )
