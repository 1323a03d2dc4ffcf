"""``manage.py procesar_pendientes``: retry every pending record and e-mail.

For cron (every few minutes in production) and by hand after an outage of the
mail server or the task worker. Safe to run at any time and in parallel with the
worker: each record and e-mail is locked while it is processed, and what is done
is never done again (``tasks.py``).

An e-mail whose send began and was never confirmed (the worker died, or the
database stopped answering, in the middle of it) may have left: it is listed and
not sent again, unless ``--reenviar-sin-confirmar`` says so (README, "When the
database or the worker fails").
"""

import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.formats import date_format

from expedientes import tasks

#: An unconfirmed send younger than this may still be under way in a worker.
MINUTOS_SIN_CONFIRMAR = 10


class Command(BaseCommand):
    help = (
        "Genera los registros (PDF) pendientes y envía los correos pendientes de "
        "todas las solicitudes. Se puede repetir: lo hecho no se vuelve a hacer."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--reenviar-sin-confirmar",
            action="store_true",
            help=(
                "Vuelve a enviar los correos cuyo envío empezó hace más de "
                f"{MINUTOS_SIN_CONFIRMAR} minutos y no se confirmó (pueden haber "
                "salido: el destinatario podría recibir dos copias con el mismo "
                "Message-ID)."
            ),
        )

    def handle(self, *args, reenviar_sin_confirmar=False, **options):
        if reenviar_sin_confirmar:
            antes_de = timezone.now() - datetime.timedelta(
                minutes=MINUTOS_SIN_CONFIRMAR
            )
            devueltos = tasks.reenviar_sin_confirmar(antes_de=antes_de)
            self.stdout.write(f"Correos sin confirmar que se reenvían: {devueltos}.")
        resumen = tasks.procesar_todo()
        self.stdout.write(
            f"Documentos generados: {resumen.documentos_generados} "
            f"(con error: {resumen.documentos_fallidos})."
        )
        self.stdout.write(
            f"Correos enviados: {resumen.correos_enviados} "
            f"(con error: {resumen.correos_fallidos}; "
            f"esperando su documento: {resumen.correos_en_espera})."
        )
        documentos = tasks.documentos_pendientes().select_related("solicitud")
        notificaciones = tasks.notificaciones_pendientes().select_related("solicitud")
        sin_confirmar = tasks.notificaciones_sin_confirmar()
        sin_confirmar = sin_confirmar.order_by("envio_iniciado_en")
        for notificacion in sin_confirmar:
            inicio = timezone.localtime(notificacion.envio_iniciado_en)
            self.stdout.write(
                self.style.ERROR(
                    f"Sin confirmar: correo «{notificacion.asunto}» a "
                    f"{notificacion.destinatario}: su envío empezó el "
                    f"{date_format(inicio, 'DATETIME_FORMAT')} y no se sabe si "
                    "salió; no se reenvía solo (--reenviar-sin-confirmar)."
                )
            )
        if not documentos and not notificaciones and not sin_confirmar:
            self.stdout.write(self.style.SUCCESS("No queda nada pendiente."))
            return
        for documento in documentos:
            self.stdout.write(
                self.style.WARNING(
                    f"Pendiente: {documento.get_tipo_display()} de "
                    f"{documento.solicitud.radicado}."
                )
            )
        for notificacion in notificaciones:
            error = notificacion.ultimo_error.splitlines()[:1] or [
                "esperando su documento"
            ]
            self.stdout.write(
                self.style.WARNING(
                    f"Pendiente: correo «{notificacion.asunto}» a "
                    f"{notificacion.destinatario} (intentos: "
                    f"{notificacion.intentos}; {error[0]})."
                )
            )
