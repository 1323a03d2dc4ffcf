"""``manage.py verificar_integridad``: re-hash every stored case file and report
any that is missing or changed, and validate the signature of every signed
record (exit status 1 on any problem), so tampering or bit rot is found. For
cron, e.g. nightly; it only reads."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import ngettext

from expedientes.firma import Veredicto
from expedientes.integridad import revisar_archivos

#: Why a stored record's signature does not validate, for the operator.
FIRMA = {
    Veredicto.INVALIDA: "no corresponde al contenido (alterado)",
    Veredicto.MODIFICADA: "el archivo cambió después de firmado",
    Veredicto.NO_CONFIABLE: "la cadena del certificado no es de confianza",
    Veredicto.SIN_FIRMA: "el archivo no tiene firma",
    Veredicto.ILEGIBLE: "el PDF no se pudo leer",
}


class Command(BaseCommand):
    help = (
        "Vuelve a calcular la huella SHA-256 de cada archivo guardado de las "
        "solicitudes, valida la firma digital de cada registro firmado y avisa "
        "de los que faltan, cambiaron o no validan (sale con error)."
    )

    def handle(self, *args, **options):
        revisados = firmas = 0
        hallazgos = []
        for documento, hallazgo in revisar_archivos():
            revisados += 1
            if documento.firmado and (hallazgo is None or hallazgo.problema == "firma"):
                firmas += 1
            if hallazgo is not None:
                hallazgos.append(hallazgo)
                if hallazgo.problema == "falta":
                    detalle = "falta el archivo"
                elif hallazgo.problema == "firma":
                    detalle = (
                        f"la firma digital no valida: {FIRMA[hallazgo.encontrado]}"
                    )
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
        self.stdout.write(f"Firmas digitales validadas: {firmas}.")
        if hallazgos:
            raise CommandError(
                ngettext(
                    "%(n)s archivo falta o no coincide con su huella.",
                    "%(n)s archivos faltan o no coinciden con su huella.",
                    len(hallazgos),
                )
                % {"n": len(hallazgos)}
            )
