"""``/healthz``: for the load balancer and monitoring (portal/urls.py).

It answers from the database, not from memory: 200 when a query goes through, 503
when it does not. With the database task backend (production) it also reports the
queue: how many tasks wait and how long the oldest has waited, so a stopped worker
(``manage.py db_worker``, ``make worker``) shows up as a growing age.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from .errores import ERRORES_DE_BASE_DE_DATOS, REINTENTAR_EN

logger = logging.getLogger(__name__)

BACKEND_DE_BASE_DE_DATOS = "django_tasks_db.DatabaseBackend"


def _cola_en_base_de_datos() -> bool:
    return any(
        opciones.get("BACKEND") == BACKEND_DE_BASE_DE_DATOS
        for opciones in settings.TASKS.values()
    )


def _tareas_pendientes() -> dict:
    """Tasks ready to run and the age, in seconds, of the one waiting longest."""
    from django_tasks_db.models import DBTaskResult, get_date_max

    listas = DBTaskResult.objects.ready()
    mas_antigua = listas.order_by("enqueued_at").only("enqueued_at", "run_after")
    mas_antigua = mas_antigua.first()
    edad = None
    if mas_antigua is not None:
        desde = mas_antigua.enqueued_at
        if mas_antigua.run_after != get_date_max():
            desde = max(desde, mas_antigua.run_after)
        edad = max(0, round((timezone.now() - desde).total_seconds()))
    return {"pendientes": listas.count(), "mas_antigua_segundos": edad}


@never_cache
@require_safe
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        tareas = _tareas_pendientes() if _cola_en_base_de_datos() else None
    except ERRORES_DE_BASE_DE_DATOS:
        logger.exception("healthz: la base de datos no responde")
        respuesta = JsonResponse(
            {"estado": "error", "base_de_datos": "sin respuesta"}, status=503
        )
        respuesta["Retry-After"] = str(REINTENTAR_EN)
        return respuesta
    return JsonResponse({"estado": "ok", "base_de_datos": "ok", "tareas": tareas})
