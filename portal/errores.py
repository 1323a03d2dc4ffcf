"""Error pages a person can read: 400, 403, 404, 405, 413, 429, 500 and 503, in Spanish.

Wired in ``portal/urls.py`` (``handler400`` … ``handler500``), ``CSRF_FAILURE_VIEW``
and the middlewares of ``portal/middleware.py`` (405, 413, 503, and under DEBUG the
404, 400 and 500 that Django would answer with its technical pages). Each page extends
``base.html``; rendering it must never fail in turn, so ``pagina_de_error`` tries
the full page with the request (its context processors read the database: the
entity's name, the session's user), then the same template with no request and the
entity's name written here (the database may be what failed), then a fixed page.
"""

from __future__ import annotations

import logging
import sys
from html import escape

from django.conf import settings
from django.core.exceptions import TooManyFilesSent
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.views.decorators.csrf import requires_csrf_token

logger = logging.getLogger(__name__)

#: What base.html shows of the entity when its settings cannot be read.
ENTIDAD_DE_RESPALDO = {
    "procedimientos": {
        "Entidad": {
            "nombre": "Gobernación de Santander",
            "dependencia": "Secretaría de Planeación",
            "encabezado": "",
        }
    }
}

#: Seconds a client is asked to wait before retrying while the database is down.
REINTENTAR_EN = 30

TITULOS = {
    400: "Solicitud incorrecta",
    403: "Acceso no permitido",
    404: "Página no encontrada",
    405: "Esta dirección no se abre así",
    413: "Envío demasiado grande",
    429: "Demasiados intentos",
    500: "Algo salió mal",
    503: "Servicio no disponible por un momento",
}

ERRORES_DE_BASE_DE_DATOS = (OperationalError, InterfaceError)


def pagina_de_error(
    request: HttpRequest | None,
    plantilla: str,
    status: int,
    contexto: dict | None = None,
    *,
    con_peticion: bool = True,
) -> HttpResponse:
    """``plantilla`` rendered as safely as possible, never raising.

    ``con_peticion=False`` skips the first attempt (the database is known to be
    down: no need to wait for it again).
    """
    contexto = {"titulo": TITULOS.get(status, ""), **(contexto or {})}
    html = None
    if con_peticion and request is not None:
        try:
            html = render_to_string(plantilla, contexto, request=request)
        except Exception:  # noqa: BLE001 - an error page must not fail
            logger.warning("La página de error %s falló con la petición", plantilla)
    if html is None:
        try:
            html = render_to_string(
                plantilla, {"settings": ENTIDAD_DE_RESPALDO, **contexto}
            )
        except Exception:
            logger.exception("La página de error %s no se pudo mostrar", plantilla)
            html = _pagina_minima(contexto["titulo"])
    respuesta = HttpResponse(html, status=status)
    respuesta["Cache-Control"] = "no-store"
    return respuesta


def _pagina_minima(titulo: str) -> str:
    return (
        '<!DOCTYPE html><html lang="es-CO"><head><meta charset="utf-8">'
        f"<title>{escape(titulo)}</title></head><body><h1>{escape(titulo)}</h1>"
        "<p>Intente de nuevo en unos minutos.</p>"
        '<p><a href="/">Volver a la página de inicio</a></p></body></html>'
    )


# --- Django's handlers (portal/urls.py) --------------------------------------------


def peticion_incorrecta(request, exception=None):
    """handler400: malformed requests (a body in another charset, a bad header…),
    and a body with more files than ``DATA_UPLOAD_MAX_NUMBER_FILES``, which says so."""
    contexto = {}
    if isinstance(exception, TooManyFilesSent):
        contexto["maximo_de_archivos"] = settings.DATA_UPLOAD_MAX_NUMBER_FILES
    return pagina_de_error(request, "400.html", 400, contexto)


@requires_csrf_token
def acceso_denegado(request, exception=None):
    """handler403."""
    return pagina_de_error(request, "403.html", 403)


def no_encontrada(request, exception=None):
    """handler404."""
    return pagina_de_error(request, "404.html", 404)


def error_del_servidor(request):
    """handler500; an error of the database itself is a 503 (``base_de_datos_caida``).

    Django calls it inside the ``except`` that caught the error, so the error is
    still at hand: exceptions raised by a middleware (the session saved after a
    view, say) never reach ``BaseDeDatosCaidaMiddleware.process_exception``.
    """
    error = sys.exc_info()[1]
    if isinstance(error, ERRORES_DE_BASE_DE_DATOS):
        return base_de_datos_caida(request)
    return pagina_de_error(request, "500.html", 500)


def csrf_fallido(request, reason=""):
    """``CSRF_FAILURE_VIEW``: an old form, cookies off, or a forged request."""
    return pagina_de_error(request, "403_csrf.html", 403)


def metodo_no_permitido(request, permitidos: str = ""):
    """405 from ``MetodoNoPermitidoMiddleware``: e.g. a GET on an action that only
    takes its form (an admin action, the portal's upload). ``permitidos``: the
    ``Allow`` header of Django's answer, kept."""
    respuesta = pagina_de_error(
        request,
        "405.html",
        405,
        {"en_la_administracion": request.path.startswith("/admin/")},
    )
    if permitidos:
        respuesta["Allow"] = permitidos
    return respuesta


def demasiado_grande(request, limite: int):
    """413 from ``LimiteDeCuerpoMiddleware``; the body was not read.

    No ``Connection: close`` here: it is the server's header (PEP 3333 forbids
    hop-by-hop headers to applications, and runserver's wsgiref asserts it).
    """
    return pagina_de_error(request, "413.html", 413, {"limite": limite})


def base_de_datos_caida(request):
    """503 with ``Retry-After`` while the database does not answer; marked, so that
    ``BaseDeDatosCaidaMiddleware`` may run the request again once it answers."""
    respuesta = pagina_de_error(request, "503.html", 503, con_peticion=False)
    respuesta["Retry-After"] = str(REINTENTAR_EN)
    respuesta.base_de_datos_caida = True
    return respuesta
