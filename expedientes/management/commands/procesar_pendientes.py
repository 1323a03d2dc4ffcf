"""``manage.py procesar_pendientes``: retry every pending record and e-mail.

For cron (every few minutes in production) and by hand after an outage of the
mail server or the task worker. Safe to run at any time and in parallel with the
worker: each record and e-mail is locked while it is processed, and what is done
is never done again (``tasks.py``).
"""

from django.core.management.base import BaseCommand

from expedientes.tasks import (
    documentos_pendientes,
    notificaciones_pendientes,
    procesar_todo,
)


class Command(BaseCommand):
    help = (
        "Genera los registros (PDF) pendientes y envía los correos pendientes de "
        "todas las solicitudes. Se puede repetir: lo hecho no se vuelve a hacer."
    )

    def handle(self, *args, **options):
        resumen = procesar_todo()
        self.stdout.write(
            f"Documentos generados: {resumen.documentos_generados} "
            f"(con error: {resumen.documentos_fallidos})."
        )
        self.stdout.write(
            f"Correos enviados: {resumen.correos_enviados} "
            f"(con error: {resumen.correos_fallidos}; "
            f"esperando su documento: {resumen.correos_en_espera})."
        )
        documentos = documentos_pendientes().select_related("solicitud")
        notificaciones = notificaciones_pendientes().select_related("solicitud")
        if not documentos and not notificaciones:
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
