"""``make run``'s accounts and cases (DEBUG only): the admin, one account per role,
Bucaramanga's municipal account, and demo requests in every activity and
deadline state, made by the real services (``expedientes.demo``). Running it
again creates only what is missing and prints the same instructions.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError

from expedientes.demo import casos_demo_asegurar, pdf_demo, personal_asegurar
from expedientes.models import Municipio, Solicitud
from expedientes.plazos import estado_plazo
from expedientes.services import DatosSolicitud, SolicitudError, solicitud_radicar
from planes.demo import revisiones_demo_asegurar
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


#: Accounts of the formal versions (README, "Versiones formales"): username (also
#: the password), name, role printed on documents, group. The staff of each role
#: of the procedure, ``secretario`` included, come from ``expedientes.demo``.
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
#: The asunto of the first demo request (the one whose access code is printed).
ASUNTO_DEMO = "Revisión general del POT de Bucaramanga"


def solicitud_demo_asegurar() -> str:
    """One request of Bucaramanga, filed through the real service, to look at."""
    cuenta = get_user_model().objects.get(username=MUNICIPAL["username"])
    solicitud = Solicitud.objects.filter(
        municipio_id=cuenta.municipio_id, asunto=ASUNTO_DEMO
    ).first()
    if solicitud is None:
        oficio = SimpleUploadedFile(
            "oficio-demo.pdf",
            pdf_demo("Oficio de solicitud de asesoría"),
            "application/pdf",
        )
        solicitud, codigo = solicitud_radicar(
            actor=cuenta,
            municipio=cuenta.municipio,
            datos=DatosSolicitud(
                nombre_solicitante=cuenta.nombre,
                cargo_solicitante=cuenta.cargo,
                correo_solicitante=cuenta.email,
                telefono_solicitante="607 633 7000",
                plan_vigente="POT",
                tipo_solicitud="revision_general",
                asunto=ASUNTO_DEMO,
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


def casos_demo_texto(personal: dict) -> list[str]:
    """The demo cases in every activity and deadline state, created once."""
    lineas = ["Solicitudes de demostración en cada actividad (creadas una vez):"]
    for caso, solicitud, _creada in casos_demo_asegurar(personal):
        estado = estado_plazo(solicitud.vence_el)
        plazo = f", vence el {solicitud.vence_el:%d/%m/%Y}" if estado else ""
        lineas.append(
            f"  {solicitud.radicado} · {solicitud.municipio.nombre}: "
            f"{caso.descripcion_demo}{plazo}."
        )
    return lineas


class Command(BaseCommand):
    help = (
        "Crea el administrador de demostración, una cuenta por cada rol del "
        "procedimiento y de las versiones formales, la de un municipio y "
        "solicitudes de ejemplo en cada actividad (solo con DEBUG, nunca en "
        "producción). Lo que ya existe no cambia."
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
            if not User.objects.filter(username=usuario).exists():
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
        personal = personal_asegurar(con_clave=True)
        self.stdout.write("Personal (la contraseña es el usuario; en /admin/):")
        cuentas = User.objects.filter(
            username__in=[c[0] for c in CUENTAS_DE_VERSIONES]
            + [c.username for c in personal.values()]
        ).prefetch_related("groups")
        por_usuario = {c.username: c for c in cuentas}
        orden = dict.fromkeys(
            [c[0] for c in CUENTAS_DE_VERSIONES[:2]]
            + [c.username for c in personal.values()]
        )
        for usuario in orden:
            cuenta = por_usuario[usuario]
            grupos = " y ".join(sorted(g.name for g in cuenta.groups.all()))
            self.stdout.write(
                f"  {grupos}: usuario «{usuario}», contraseña «{usuario}» "
                f"({cuenta.nombre}, {cuenta.cargo})."
            )
        self.stdout.write(cuenta_municipal_demo_asegurar())
        for linea in revisiones_demo_asegurar(personal["profesional"]):
            self.stdout.write(linea)
        try:
            for linea in casos_demo_texto(personal):
                self.stdout.write(linea)
            self.stdout.write(solicitud_demo_asegurar())
        except SolicitudError as error:
            self.stdout.write(f"Sin solicitud de demostración: {error} (cargar_demo).")
