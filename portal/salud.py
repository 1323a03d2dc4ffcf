"""``/healthz``: for the load balancer and monitoring (portal/urls.py).

Everyone gets the state and, when it is not ok, the names of the parts that fail:

- ``ok`` (200): the database answers, Redis (when configured) answers and no task
  has waited longer than ``SALUD_TAREAS_ESPERA_MAXIMA`` seconds;
- ``degradado`` (200): the site serves, but Redis does not answer (the cache acts
  empty and the rate limits count nothing: portal/cache.py) or the task queue is
  stuck (no worker: ``manage.py trabajador``, ``make worker``). 200, so that a load
  balancer keeps every server: none of them would do better;
- ``caido`` (503 with Retry-After): the database does not answer.

The queue's size and age, and what each part said, are for monitoring only: a
request with ``Authorization: Bearer <SALUD_CLAVE>`` or from an address in
``SALUD_REDES`` (the client's address, ``IP_CLIENTE_CABECERA`` behind a proxy)
gets them under ``detalle``. They tell how busy the office is, nobody else's
business.
"""

from __future__ import annotations

import hmac
import ipaddress
import logging

from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from expedientes.models import Notificacion

from .cache import CacheRedisTolerante
from .errores import ERRORES_DE_BASE_DE_DATOS, REINTENTAR_EN

logger = logging.getLogger(__name__)

BACKEND_DE_BASE_DE_DATOS = "django_tasks_db.DatabaseBackend"

OK, DEGRADADO, CAIDO = "ok", "degradado", "caido"


def _cola_en_base_de_datos() -> bool:
    return any(
        opciones.get("BACKEND") == BACKEND_DE_BASE_DE_DATOS
        for opciones in settings.TASKS.values()
    )


def _tareas() -> dict:
    """Tasks ready to run and the age, in seconds, of the one waiting longest;
    tasks running and the age of the oldest run (a dead worker's stays, until
    ``manage.py trabajador`` puts it back in the queue)."""
    from django_tasks_db.models import DBTaskResult, get_date_max

    ahora = timezone.now()
    listas = DBTaskResult.objects.ready()
    mas_antigua = listas.order_by("enqueued_at").only("enqueued_at", "run_after")
    mas_antigua = mas_antigua.first()
    edad = None
    if mas_antigua is not None:
        desde = mas_antigua.enqueued_at
        if mas_antigua.run_after != get_date_max():
            desde = max(desde, mas_antigua.run_after)
        edad = max(0, round((ahora - desde).total_seconds()))
    en_curso = DBTaskResult.objects.running()
    inicio = en_curso.order_by("started_at").values_list("started_at", flat=True)
    inicio = inicio.first()
    return {
        "pendientes": listas.count(),
        "mas_antigua_segundos": edad,
        "en_curso": en_curso.count(),
        "en_curso_mas_antigua_segundos": (
            None if inicio is None else max(0, round((ahora - inicio).total_seconds()))
        ),
        "espera_maxima_segundos": settings.SALUD_TAREAS_ESPERA_MAXIMA,
    }


def _redis() -> str | None:
    """``ok`` or ``sin respuesta`` when the shared cache is Redis; None otherwise."""
    cache = caches["default"]
    if not isinstance(cache, CacheRedisTolerante):
        return None
    return "ok" if cache.responde() else "sin respuesta"


def _direccion_del_cliente(request: HttpRequest) -> str:
    cabecera = getattr(settings, "IP_CLIENTE_CABECERA", "")
    if cabecera and request.META.get(cabecera):
        return request.META[cabecera].split(",")[0].strip()
    return request.META.get("REMOTE_ADDR", "")


def _es_monitoreo(request: HttpRequest) -> bool:
    """The bearer of ``SALUD_CLAVE``, or a client in ``SALUD_REDES``."""
    clave = settings.SALUD_CLAVE
    autorizacion = request.META.get("HTTP_AUTHORIZATION", "")
    if clave and autorizacion.startswith("Bearer "):
        if hmac.compare_digest(autorizacion[7:].strip().encode(), clave.encode()):
            return True
    if settings.SALUD_REDES:
        try:
            direccion = ipaddress.ip_address(_direccion_del_cliente(request))
        except ValueError:
            return False
        return any(
            direccion in ipaddress.ip_network(red, strict=False)
            for red in settings.SALUD_REDES
        )
    return False


def _respuesta(request, estado: str, fallas: list[str], detalle: dict) -> JsonResponse:
    cuerpo: dict = {"estado": estado}
    if fallas:
        cuerpo["fallas"] = fallas
    if _es_monitoreo(request):
        cuerpo["detalle"] = detalle
    respuesta = JsonResponse(cuerpo, status=503 if estado == CAIDO else 200)
    if estado == CAIDO:
        respuesta["Retry-After"] = str(REINTENTAR_EN)
    return respuesta


@never_cache
@require_safe
def healthz(request):
    redis = _redis()
    detalle: dict = {"base_de_datos": "ok", "redis": redis, "tareas": None}
    fallas = [] if redis in (None, "ok") else ["redis"]
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        if _cola_en_base_de_datos():
            detalle["tareas"] = _tareas()
        # E-mails whose send began and was never confirmed (expedientes/tasks.py).
        detalle["correos_sin_confirmar"] = Notificacion.objects.filter(
            estado=Notificacion.Estado.ENVIANDO
        ).count()
    except ERRORES_DE_BASE_DE_DATOS:
        logger.exception("healthz: la base de datos no responde")
        detalle["base_de_datos"] = "sin respuesta"
        return _respuesta(request, CAIDO, ["base_de_datos", *fallas], detalle)
    tareas = detalle["tareas"]
    if (
        tareas is not None
        and tareas["mas_antigua_segundos"] is not None
        and tareas["mas_antigua_segundos"] > settings.SALUD_TAREAS_ESPERA_MAXIMA
    ):
        fallas.append("tareas")
    return _respuesta(request, DEGRADADO if fallas else OK, fallas, detalle)
