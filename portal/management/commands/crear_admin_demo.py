from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

from expedientes.models import Municipio
from procedimientos.services import (
    GRUPO_APROBADORES,
    GRUPO_EDITORES,
    GRUPO_REVISORES,
)

USUARIO = "admin"
CLAVE = "admin"
#: The demo municipal account: files and follows Bucaramanga's requests.
MUNICIPAL = {
    "username": "bucaramanga",
    "password": "demo",
    "email": "planeacion@bucaramanga.example",
    "first_name": "Carlos",
    "last_name": "Ardila",
    "cargo": "Secretario de Planeación municipal",
}
MUNICIPIO_DEMO = "68001"  # Bucaramanga


def cuenta_municipal_demo_asegurar() -> str:
    """The demo account of Bucaramanga (not through the invitation: no e-mail)."""
    User = get_user_model()
    if not User.objects.filter(username=MUNICIPAL["username"]).exists():
        User.objects.create_user(
            **MUNICIPAL,
            municipio=Municipio.objects.get(codigo_divipola=MUNICIPIO_DEMO),
        )
    return (
        "Cuenta municipal de demostración (Bucaramanga, en /cuenta/ingresar/): "
        f"usuario «{MUNICIPAL['username']}», contraseña «{MUNICIPAL['password']}»."
    )

#: The three people of a formal version (README, "Versiones formales"): username
#: (also the password), name, role printed in the change control, group.
CUENTAS_DE_VERSIONES = (
    (
        "editora",
        "Laura",
        "Gómez Rincón",
        "Profesional universitaria",
        GRUPO_EDITORES,
    ),
    (
        "revisor",
        "Edwin Fernando",
        "Mendoza Beltrán",
        "Director de Prospectiva Territorial",
        GRUPO_REVISORES,
    ),
    (
        "secretario",
        "Héctor Julio",
        "Fuentes Durán",
        "Secretario de Planeación",
        GRUPO_APROBADORES,
    ),
)


class Command(BaseCommand):
    help = (
        "Crea el administrador de demostración y las cuentas de editora, revisor y "
        "secretario de las versiones formales (solo con DEBUG, nunca en producción)."
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
        for usuario, nombre, apellido, cargo, grupo in CUENTAS_DE_VERSIONES:
            cuenta = User.objects.filter(username=usuario).first()
            if cuenta is None:
                cuenta = User.objects.create_user(
                    usuario,
                    email=f"{usuario}@localhost",
                    password=usuario,
                    first_name=nombre,
                    last_name=apellido,
                    cargo=cargo,
                )
                # The group exists once cargar_demo ran (paginas_base_asegurar).
                cuenta.groups.add(Group.objects.get_or_create(name=grupo)[0])
            self.stdout.write(
                f"  {grupo}: usuario «{usuario}», contraseña «{usuario}» "
                f"({nombre} {apellido}, {cargo})."
            )
        self.stdout.write(cuenta_municipal_demo_asegurar())
