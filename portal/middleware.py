"""Middlewares that protect the site before any view runs (settings ``MIDDLEWARE``).

``LimiteDeCuerpoMiddleware`` refuses oversized bodies before anything reads them;
``BaseDeDatosCaidaMiddleware`` waits for a database that restarts, and turns one
that does not come back into a 503;
``MetodoNoPermitidoMiddleware`` gives Django's empty 405s the site's page;
``PaginasDelSitioEnDesarrolloMiddleware`` serves the site's error pages under DEBUG.
"""

from __future__ import annotations

import logging
import time

from django.conf import settings
from django.core.exceptions import (
    BadRequest,
    MiddlewareNotUsed,
    RequestDataTooBig,
    SuspiciousOperation,
)
from django.db import connection
from django.http import Http404
from django.urls import is_valid_path
from django.views.debug import ExceptionReporter

from expedientes.constants import MAX_ANEXOS

from .errores import (
    ERRORES_DE_BASE_DE_DATOS,
    base_de_datos_caida,
    demasiado_grande,
    error_del_servidor,
    metodo_no_permitido,
    no_encontrada,
    peticion_incorrecta,
)
from .reconexion import Escrituras, base_de_datos_lista

logger = logging.getLogger(__name__)

#: Methods that change nothing: run again after the database came back.
SEGUROS = frozenset({"GET", "HEAD", "OPTIONS"})


def limite_de_cuerpo() -> int:
    """Largest request body accepted, in bytes.

    ``PORTAL_TAMANO_MAXIMO_PETICION`` when set; otherwise the largest filing: an
    oficio and ``MAX_ANEXOS`` annexes (the filing form's limit), each of
    ``EXPEDIENTES_TAMANO_MAXIMO``, plus what is not a file
    (``DATA_UPLOAD_MAX_MEMORY_SIZE``: the form's fields and the multipart headers).
    Read on each request (tests change the settings).
    """
    explicito = getattr(settings, "PORTAL_TAMANO_MAXIMO_PETICION", None)
    if explicito:
        return int(explicito)
    archivos = 1 + MAX_ANEXOS
    return (
        archivos * settings.EXPEDIENTES_TAMANO_MAXIMO
        + settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    )


class CuerpoDemasiadoGrande(RequestDataTooBig):
    """More bytes came than the limit allows, whatever Content-Length said."""


class _FlujoContado:
    """The request's input stream, counting: past ``limite`` bytes it raises.

    Django already stops at Content-Length (``LimitedStream``); this is the guard
    for a body with no or a wrong length under a server that passes it on (the
    ``LimitedStream`` way, but on what is actually read).
    """

    def __init__(self, flujo, limite: int, request) -> None:
        self._flujo = flujo
        self._limite = limite
        self._request = request
        self.leidos = 0

    def _contar(self, datos: bytes) -> bytes:
        self.leidos += len(datos)
        if self.leidos > self._limite:
            self._request._cuerpo_excedido = True
            raise CuerpoDemasiadoGrande("El cuerpo de la petición supera el límite.")
        return datos

    def read(self, size=-1, /):
        return self._contar(self._flujo.read(size))

    def readline(self, size=-1, /):
        return self._contar(self._flujo.readline(size))

    def __iter__(self):
        return iter(self.readline, b"")

    def __getattr__(self, nombre):
        return getattr(self._flujo, nombre)


class LimiteDeCuerpoMiddleware:
    """A body larger than ``limite_de_cuerpo()`` gets the 413 page, unread.

    Early in ``MIDDLEWARE``: before the session, CSRF (which reads a POST's form to
    find its token) or any view, so anyone, signed in or not, is refused from the
    Content-Length alone. A body that turns out longer while it is read (no or a
    false Content-Length) stops at the limit and is answered with the same page.
    The reverse proxy should cap bodies too (README, "Production").
    """

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        limite = limite_de_cuerpo()
        declarada = request.META.get("CONTENT_LENGTH") or "0"
        try:
            longitud = int(declarada)
        except ValueError:
            return peticion_incorrecta(request)
        if longitud < 0:
            return peticion_incorrecta(request)
        if longitud > limite:
            return demasiado_grande(request, limite)
        if hasattr(request, "_stream"):
            request._stream = _FlujoContado(request._stream, limite, request)
        respuesta = self.get_response(request)
        if getattr(request, "_cuerpo_excedido", False):
            return demasiado_grande(request, limite)
        return respuesta


class PeticionMalformadaMiddleware:
    """A NUL character in the path or the query string gets the 400 page.

    No page, radicado or search has one, and PostgreSQL refuses it in a query
    (``ValueError``: a 500 on any page looked up by its address) while SQLite does
    not, so the answer would depend on the database.
    """

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        consulta = request.META.get("QUERY_STRING", "")
        if "\x00" in request.path or "%00" in consulta or "\x00" in consulta:
            return peticion_incorrecta(request)
        return self.get_response(request)


class BaseDeDatosCaidaMiddleware:
    """Requests survive a database restart; one that cannot answers 503.

    Before the rest of the stack runs, the request waits for the database, up to
    ``BASE_DE_DATOS_ESPERA`` seconds (``portal.reconexion``: a connection the
    restart broke is replaced; while connections are refused it tries again). A
    request that met the outage half-way is run once more, within the same wait,
    if it is safe (GET, HEAD, OPTIONS) or had sent no write until then
    (``portal.reconexion.Escrituras``); one that had may have committed and is
    not (the filing judges that itself: ``expedientes.services.radicacion``).
    What still fails gets the site's 503 with ``Retry-After``: from
    ``process_exception`` for a view's error, from ``portal.errores.
    error_del_servidor`` (handler500) for a middleware's. ``/healthz``
    (``BASE_DE_DATOS_SIN_ESPERA``) never waits: it says at once that the database
    is down.
    """

    def __init__(self, get_response) -> None:
        self.get_response = get_response
        self.espera = float(getattr(settings, "BASE_DE_DATOS_ESPERA", 0))
        self.sin_espera = tuple(getattr(settings, "BASE_DE_DATOS_SIN_ESPERA", ()))

    def __call__(self, request):
        if request.path.startswith(self.sin_espera):
            return self.get_response(request)
        hasta = time.monotonic() + self.espera
        if not base_de_datos_lista(hasta=hasta):
            logger.error("Base de datos no disponible: %s", request.path)
            return base_de_datos_caida(request)
        escrituras = Escrituras()
        with connection.execute_wrapper(escrituras):
            respuesta = self.get_response(request)
        if (
            getattr(respuesta, "base_de_datos_caida", False)
            and (request.method in SEGUROS or not escrituras.hubo)
            and base_de_datos_lista(hasta=hasta)
        ):
            logger.warning("Petición repetida tras reconectar: %s", request.path)
            respuesta = self.get_response(request)
        return respuesta

    def process_exception(self, request, exception):
        if isinstance(exception, ERRORES_DE_BASE_DE_DATOS):
            logger.error(
                "Base de datos no disponible: %s", request.path, exc_info=exception
            )
            return base_de_datos_caida(request)
        return None


class MetodoNoPermitidoMiddleware:
    """Django's 405 (``require_POST``, a view's ``http_method_not_allowed``) has an
    empty body, which a browser shows as a blank "HTTP ERROR 405": it gets the
    site's Spanish page instead, with the same ``Allow`` header. A 405 that says
    something already (the API's JSON) is left as it is.
    """

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        respuesta = self.get_response(request)
        if (
            respuesta.status_code == 405
            and not respuesta.streaming
            and not respuesta.content
        ):
            return metodo_no_permitido(request, respuesta.get("Allow", ""))
        return respuesta


class InformeConLaPaginaDelSitio(ExceptionReporter):
    """Django's technical 500 (and its 400 for a ``BadRequest``) under DEBUG, as
    the site's page: the traceback still goes to the console (``django.request``).

    Set per request (``request.exception_reporter_class``) by
    ``PaginasDelSitioEnDesarrolloMiddleware``. It never reads the request's body:
    the technical page does, and a form in another charset raised again there,
    turning the 400 into a 500.
    """

    def _pagina(self):
        if self.exc_type is not None and issubclass(
            self.exc_type, (BadRequest, SuspiciousOperation)
        ):
            return peticion_incorrecta(self.request)
        return error_del_servidor(self.request)

    def get_traceback_html(self) -> str:
        return self._pagina().content.decode()

    def get_traceback_text(self) -> str:
        return self._pagina().content.decode()


class PaginasDelSitioEnDesarrolloMiddleware:
    """Under DEBUG (``make run``), the site's Spanish 404, 400 and 500 pages instead
    of Django's technical ones, so the demo shows what production shows.

    ``PAGINA_TECNICA`` (``DJANGO_PAGINA_TECNICA=1`` in the environment, dev.py)
    brings Django's technical pages back for a developer who wants the traceback
    in the browser. Without DEBUG, Django already uses ``portal/urls.py``'s
    handlers: the middleware is not loaded.
    """

    def __init__(self, get_response) -> None:
        if not settings.DEBUG or getattr(settings, "PAGINA_TECNICA", False):
            raise MiddlewareNotUsed
        self.get_response = get_response

    def __call__(self, request):
        request.exception_reporter_class = InformeConLaPaginaDelSitio
        respuesta = self.get_response(request)
        if respuesta.status_code == 404 and not is_valid_path(
            request.path_info, getattr(request, "urlconf", None)
        ):
            # No view ran (the address matches no URL pattern): the 404 is
            # Django's technical page.
            return no_encontrada(request)
        return respuesta

    def process_exception(self, request, exception):
        if isinstance(exception, Http404):
            return no_encontrada(request, exception)
        return None
