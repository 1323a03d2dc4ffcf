"""``manage.py servir``: the site as production must serve it, nginx in front of
gunicorn (``make servir``, ``deploy/web.service``; portal/servir.py says why).

``--solo-configuracion DIR`` only writes nginx's configuration and its error
pages to DIR, for a system nginx (README, "Production").
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from portal.servir import (
    ErrorDeConfiguracion,
    Opciones,
    Pila,
    configuracion_del_sitio,
    escribir_paginas,
)


class Command(BaseCommand):
    help = (
        "Sirve el sitio con nginx delante de gunicorn: los clientes lentos, los "
        "envíos demasiado grandes y los errores del servidor web los atiende nginx."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--carpeta",
            type=Path,
            default=Path("/run/asesoria"),
            help="Dónde van la configuración, el socket y los registros "
            "(por defecto /run/asesoria).",
        )
        parser.add_argument("--puerto", type=int, default=8000)
        parser.add_argument("--direccion", default="127.0.0.1")
        parser.add_argument(
            "--servidor",
            action="append",
            default=[],
            help="Nombre de servidor aceptado (se repite; por defecto ALLOWED_HOSTS).",
        )
        parser.add_argument("--puerto-tls", type=int)
        parser.add_argument("--certificado", default="")
        parser.add_argument("--clave-tls", default="")
        parser.add_argument("--trabajadores", type=int, help="Procesos de gunicorn.")
        parser.add_argument(
            "--conexiones-por-ip",
            type=int,
            default=60,
            help="Conexiones abiertas a la vez por dirección (por defecto 60).",
        )
        parser.add_argument(
            "--peticiones-por-segundo",
            type=int,
            default=20,
            help="Peticiones por segundo y dirección, sostenidas (por defecto 20).",
        )
        parser.add_argument(
            "--rafaga",
            type=int,
            default=100,
            help="Peticiones por encima de ese ritmo admitidas de golpe (100).",
        )
        parser.add_argument("--espera-cabecera", type=int, default=10)
        parser.add_argument("--espera-cuerpo", type=int, default=15)
        parser.add_argument("--espera-envio", type=int, default=30)
        parser.add_argument(
            "--con-trabajador",
            action="store_true",
            help="Arranca también manage.py trabajador.",
        )
        parser.add_argument(
            "--solo-configuracion",
            type=Path,
            metavar="DIR",
            help="Solo escribe en DIR asesoria.conf y errores/ para un nginx del "
            "sistema (con el socket de gunicorn en --carpeta).",
        )

    def handle(self, *args, **o):
        opciones = Opciones(
            carpeta=(o["solo_configuracion"] or o["carpeta"]).resolve(),
            puerto=o["puerto"],
            direccion=o["direccion"],
            servidores=o["servidor"],
            puerto_tls=o["puerto_tls"],
            certificado=o["certificado"],
            clave_tls=o["clave_tls"],
            espera_cabecera=o["espera_cabecera"],
            espera_cuerpo=o["espera_cuerpo"],
            espera_envio=o["espera_envio"],
            conexiones_por_ip=o["conexiones_por_ip"],
            peticiones_por_segundo=o["peticiones_por_segundo"],
            rafaga=o["rafaga"],
            trabajadores=o["trabajadores"],
        )
        try:
            if o["solo_configuracion"]:
                escribir_paginas(opciones.carpeta / "errores")
                socket = o["carpeta"].resolve() / "gunicorn.sock"
                destino = opciones.carpeta / "asesoria.conf"
                destino.write_text(configuracion_del_sitio(opciones, f"unix:{socket}"))
                errores = opciones.carpeta / "errores"
                self.stdout.write(f"Escritos {destino} y {errores}/")
                return
            opciones.carpeta.mkdir(parents=True, exist_ok=True)
            pila = Pila(opciones, con_trabajador=o["con_trabajador"])
            pila.arrancar()
        except ErrorDeConfiguracion as error:
            raise CommandError(str(error)) from error
        try:
            pila.esperar_socket()
        except ErrorDeConfiguracion as error:
            pila.parar()
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Sitio en http://{opciones.direccion}:{opciones.puerto}/ (nginx delante "
            f"de gunicorn; registros en {opciones.carpeta})"
        )
        self.stdout.flush()
        codigo = pila.vigilar()
        if codigo:
            raise CommandError(pila.cola_del_registro(2000) or "Un proceso terminó.")
