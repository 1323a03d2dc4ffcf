"""``manage.py firma_demo``: the throwaway PKI ``make run`` signs records with.

Makes, once, in ``FIRMA_DEMO`` (``firma-demo/``, git-ignored; dev settings) a demo
root, the entity's demo certificate and a local timestamper
(``expedientes/firma/demo.py``), and says that what is signed with them is for
demonstration only. Nothing to do when a real certificate is configured
(``FIRMA_PKCS12`` or ``FIRMA_PKCS11_MODULO``) or the folder already has one.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from expedientes.firma.demo import pki_demo_crear, pki_demo_leer


class Command(BaseCommand):
    help = (
        "Crea la autoridad de certificación, el certificado y el sello de tiempo "
        "de demostración con que `make run` firma los registros."
    )

    def handle(self, *args, **options):
        if settings.FIRMA_PKCS12 or settings.FIRMA_PKCS11_MODULO:
            self.stdout.write("Los registros se firman con el certificado configurado.")
            return
        if not settings.FIRMA_DEMO:
            raise CommandError(
                "Sin FIRMA_DEMO: la PKI de demostración es solo para desarrollo."
            )
        carpeta = Path(settings.FIRMA_DEMO)
        pki = pki_demo_leer(carpeta)
        if pki is None:
            pki = pki_demo_crear(carpeta)
            self.stdout.write(f"PKI de demostración creada en {carpeta}/.")
        self.stdout.write(
            self.style.WARNING(
                "Los registros se firman con un certificado de DEMOSTRACIÓN y un "
                "sello de tiempo local: los documentos firmados con ellos son solo "
                "de demostración y no tienen validez legal."
            )
        )
