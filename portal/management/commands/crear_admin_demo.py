from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

USUARIO = "admin"
CLAVE = "admin"


class Command(BaseCommand):
    help = (
        "Crea el administrador de demostración (solo con DEBUG, nunca en producción)."
    )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "El administrador de demostración solo existe en desarrollo "
                "(DEBUG=True)."
            )
        User = get_user_model()
        if not User.objects.filter(username=USUARIO).exists():
            User.objects.create_superuser(
                USUARIO,
                email="admin@localhost",
                password=CLAVE,
                first_name="Administrador",
                last_name="Demo",
            )
        self.stdout.write(
            f"Administrador de demostración: usuario «{USUARIO}», contraseña «{CLAVE}»."
        )
