import io

from reportlab.pdfgen import canvas

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError

from expedientes.models import Municipio, Solicitud
from expedientes.services import DatosSolicitud, SolicitudError, solicitud_radicar
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


#: Staff accounts (README): username (also the password), name, role printed on
#: documents, group. The three people of a formal version, then the ventanilla.
CUENTAS_DEL_PERSONAL = (
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
    ("recepcion", "Marta", "Pabón", "Recepcionista", "Ventanilla única"),
)


def solicitud_demo_asegurar() -> str:
    """One request of Bucaramanga, filed through the real service, to look at."""
    cuenta = get_user_model().objects.get(username=MUNICIPAL["username"])
    solicitud = Solicitud.objects.filter(municipio_id=cuenta.municipio_id).first()
    if solicitud is None:
        oficio = SimpleUploadedFile("oficio-demo.pdf", _pdf_demo(), "application/pdf")
        solicitud, codigo = solicitud_radicar(
            actor=cuenta,
            municipio=cuenta.municipio,
            datos=DatosSolicitud(
                nombre_solicitante=cuenta.get_full_name(),
                cargo_solicitante=cuenta.cargo,
                correo_solicitante=cuenta.email,
                telefono_solicitante="607 633 7000",
                plan_vigente="POT",
                tipo_solicitud="revision_general",
                asunto="Revisión general del POT de Bucaramanga",
                descripcion="Solicitud de demostración creada por crear_admin_demo.",
            ),
            oficio=oficio,
            acepta_tratamiento_datos=True,
        )
        return (
            f"Solicitud de demostración {solicitud.radicado}; código de acceso para "
            f"/consulta/: {codigo}"
        )
    return f"Solicitud de demostración {solicitud.radicado} (ya existía)."


def _pdf_demo() -> bytes:
    salida = io.BytesIO()
    lienzo = canvas.Canvas(salida)
    lienzo.drawString(72, 720, "Oficio de solicitud de asesoría (demostración)")
    lienzo.showPage()
    lienzo.save()
    return salida.getvalue()


class Command(BaseCommand):
    help = (
        "Crea el administrador de demostración, las cuentas del personal (editora, "
        "revisor, secretario, recepción), la de un municipio y una solicitud de "
        "ejemplo (solo con DEBUG, nunca en producción)."
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
        for usuario, nombre, apellido, cargo, grupo in CUENTAS_DEL_PERSONAL:
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
        try:
            self.stdout.write(solicitud_demo_asegurar())
        except SolicitudError as error:
            self.stdout.write(f"Sin solicitud de demostración: {error} (cargar_demo).")
