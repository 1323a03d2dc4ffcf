import smtplib

from django.core.management.base import BaseCommand, CommandError

from expedientes.models import Municipio
from portal.services import CuentaError, usuario_municipal_crear


class Command(BaseCommand):
    help = (
        "Crea la cuenta de una persona de un municipio y le envía por correo el "
        "enlace para elegir su contraseña. Ejemplo: crear_usuario_municipal "
        '--municipio 68001 --email planeacion@bucaramanga.gov.co --nombre "Laura '
        'Rincón" --cargo "Secretaria de Planeación municipal"'
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--municipio",
            required=True,
            metavar="DIVIPOLA",
            help="Código DIVIPOLA del municipio (cinco dígitos, 68xxx).",
        )
        parser.add_argument(
            "--email",
            required=True,
            help="Correo de la persona: también será su nombre de usuario.",
        )
        parser.add_argument("--nombre", default="", help="Nombre y apellidos.")
        parser.add_argument(
            "--cargo",
            default="",
            help="Cargo, como debe aparecer en los documentos.",
        )

    def handle(self, *args, **options):
        codigo = options["municipio"].strip()
        municipio = Municipio.objects.filter(codigo_divipola=codigo).first()
        if municipio is None:
            raise CommandError(
                f"No hay ningún municipio con el código DIVIPOLA «{codigo}». Es el "
                "código de cinco dígitos del DANE (68xxx en Santander): búsquelo en "
                "la administración, en Municipios, o en "
                "expedientes/data/municipios-santander.tsv."
            )
        try:
            usuario = usuario_municipal_crear(
                municipio=municipio,
                email=options["email"],
                nombre=options["nombre"],
                cargo=options["cargo"],
            )
        except CuentaError as error:
            raise CommandError(str(error)) from error
        except (smtplib.SMTPException, OSError) as error:
            raise CommandError(
                f"La cuenta de {options['email']} ({municipio}) quedó creada, pero el "
                f"correo no salió: {error}. La persona puede pedir el enlace en "
                "«¿Olvidó su contraseña?» de la página de ingreso."
            ) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Cuenta creada para {municipio} ({municipio.codigo_divipola}): "
                f"usuario «{usuario.get_username()}». Se envió a {usuario.email} el "
                "enlace para elegir la contraseña."
            )
        )
