"""The anonymous page cache: process memory in front of the shared cache.

Django's cache middleware (settings/base.py) stores whole anonymous responses in
``CACHES["paginas"]``, which is this backend. A hit is then answered from the
worker's own memory, with no network round trip; the shared cache (Redis, or the
database) holds the same entries for the other workers and a *generation* token.
Publishing a page (portal/signals.py) calls ``clear()``: the token changes, so every
worker drops its memory the next time it looks at the token, at most
``REVALIDAR`` seconds later. Nothing here assumes a single process.

The two middlewares at the end (``MIDDLEWARE`` in settings/base.py) keep the cache
to anonymous visitors and out of the reach of cookies: every page varies on Cookie
(the header shows who is signed in), so with Django's own middlewares each distinct
Cookie header, however meaningless, made a new entry.
"""

from __future__ import annotations

import time
import uuid
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import caches
from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache
from django.core.cache.backends.locmem import LocMemCache
from django.middleware.cache import FetchFromCacheMiddleware, UpdateCacheMiddleware

CLAVE_GENERACION = "paginas:generacion"


class CacheEnDosNiveles(BaseCache):
    """``OPTIONS``: ``COMPARTIDA`` (alias of the shared cache), ``REVALIDAR``
    (seconds between looks at the generation token; 0 looks on every request) and
    ``MAX_ENTRIES`` of the process memory."""

    def __init__(self, location: str, params: dict[str, Any]) -> None:
        super().__init__(params)
        opciones = params.get("OPTIONS", {})
        self._alias_compartida: str = opciones["COMPARTIDA"]
        self._revalidar: float = float(opciones.get("REVALIDAR", 1.0))
        self._memoria = LocMemCache(
            f"paginas-{location}",
            {
                "TIMEOUT": params.get("TIMEOUT", 300),
                "OPTIONS": {"MAX_ENTRIES": opciones.get("MAX_ENTRIES", 500)},
            },
        )
        self._generacion: str | None = None
        self._revisada: float = float("-inf")

    @property
    def _compartida(self) -> BaseCache:
        return caches[self._alias_compartida]

    def _vigente(self) -> str:
        """The generation in force; a new one empties this worker's memory."""
        ahora = time.monotonic()
        if self._generacion is None or ahora - self._revisada >= self._revalidar:
            generacion = self._compartida.get(CLAVE_GENERACION)
            if generacion is None:
                generacion = uuid.uuid4().hex
                self._compartida.add(CLAVE_GENERACION, generacion, timeout=None)
                generacion = self._compartida.get(CLAVE_GENERACION, generacion)
            if generacion != self._generacion:
                self._memoria.clear()
                self._generacion = generacion
            self._revisada = ahora
        return self._generacion

    def _clave(self, key: str, version: int | None) -> str:
        return f"{self._vigente()}:{self.make_and_validate_key(key, version=version)}"

    def get(self, key, default=None, version=None):
        clave = self._clave(key, version)
        valor = self._memoria.get(clave)
        if valor is None:
            valor = self._compartida.get(clave)
            if valor is None:
                return default
            self._memoria.set(clave, valor)
        return valor

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        clave = self._clave(key, version)
        timeout = self.get_backend_timeout(timeout)
        self._compartida.set(clave, value, timeout)
        self._memoria.set(clave, value, timeout)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        if self.has_key(key, version=version):
            return False
        self.set(key, value, timeout, version=version)
        return True

    def delete(self, key, version=None):
        clave = self._clave(key, version)
        self._memoria.delete(clave)
        return self._compartida.delete(clave)

    def clear(self):
        """Every worker's pages are stale from now: a new generation."""
        self._compartida.set(CLAVE_GENERACION, uuid.uuid4().hex, timeout=None)
        self._memoria.clear()
        self._generacion = None


# --- The middlewares ---------------------------------------------------------------


def _anonima(request) -> bool:
    """No session and no pending message: the page is the one everybody gets.

    These are the only cookies that change what a cacheable page shows. The CSRF
    cookie does too, on a page with a form, but such a page sets it again in its
    response, and Django never stores a response that sets a cookie.
    """
    cookies = request.COOKIES
    return (
        settings.SESSION_COOKIE_NAME not in cookies
        and CookieStorage.cookie_name not in cookies
    )


@contextmanager
def _sin_cookies(request):
    """Hide the Cookie header while the cache key is computed or learnt.

    ``request.COOKIES`` is parsed first, so the rest of the request still sees
    every cookie.
    """
    request.COOKIES  # noqa: B018 - parsed and kept before the header is hidden
    cabecera = request.META.pop("HTTP_COOKIE", None)
    try:
        yield
    finally:
        if cabecera is not None:
            request.META["HTTP_COOKIE"] = cabecera


class LeerDeCacheMiddleware(FetchFromCacheMiddleware):
    """Django's, for anonymous requests only, with a key that ignores cookies."""

    def process_request(self, request):
        if not _anonima(request):
            request._cache_update_cache = False
            return None
        with _sin_cookies(request):
            return super().process_request(request)


class GuardarEnCacheMiddleware(UpdateCacheMiddleware):
    """Django's, storing only what ``LeerDeCacheMiddleware`` may serve."""

    def process_response(self, request, response):
        if not _anonima(request) or response.cookies:
            return response
        with _sin_cookies(request):
            return super().process_response(request, response)
