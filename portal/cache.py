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

import logging
import time
import uuid
from contextlib import contextmanager
from typing import Any

from redis.exceptions import RedisError

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import caches
from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from django.middleware.cache import FetchFromCacheMiddleware, UpdateCacheMiddleware

logger = logging.getLogger(__name__)

CLAVE_GENERACION = "paginas:generacion"


class CacheRedisTolerante(RedisCache):
    """Django's RedisCache that fails open: without Redis it is an empty cache.

    Everything this site keeps in Redis can be rebuilt (README, "Several
    servers"): pages are rendered again, Wagtail reads its site roots from the
    database, and the rate limits count nothing (``RATELIMIT_FAIL_OPEN`` in
    settings/base.py says why). So an error of Redis is logged once, when it
    starts, and every operation then acts as a miss: ``get`` gives the default,
    ``add``, ``touch``, ``delete`` and ``has_key`` give False, ``incr`` raises
    ValueError as for a missing key (what django-ratelimit expects), writes are
    dropped. For ``ESPERA_TRAS_FALLO`` seconds after an error Redis is not even
    tried, and every call has a short timeout, so an unreachable server costs a
    request milliseconds, not the worker. ``en_falla`` says whether the last
    attempt failed (``CacheEnDosNiveles`` renews its generation after an outage);
    ``responde()`` asks Redis itself (``/healthz``).

    ``OPTIONS``: ``ESPERA_TRAS_FALLO`` (seconds, 2 by default) and redis-py's
    connection options (``socket_connect_timeout`` 0.25 s and ``socket_timeout``
    0.5 s unless given).
    """

    def __init__(self, server, params: dict[str, Any]) -> None:
        opciones = dict(params.get("OPTIONS", {}))
        self._espera: float = float(opciones.pop("ESPERA_TRAS_FALLO", 2.0))
        opciones.setdefault("socket_connect_timeout", 0.25)
        opciones.setdefault("socket_timeout", 0.5)
        super().__init__(server, {**params, "OPTIONS": opciones})
        self._reintentar_desde: float = float("-inf")
        self.en_falla: bool = False

    def _tolerar(self, operacion, *args, si_falla=None, **kwargs):
        if self.en_falla and time.monotonic() < self._reintentar_desde:
            return si_falla
        try:
            resultado = operacion(*args, **kwargs)
        except RedisError as error:
            if not self.en_falla:
                logger.warning(
                    "Redis no responde (%s: %s): la caché actúa vacía hasta que "
                    "vuelva; se reintenta cada %s s",
                    type(error).__name__,
                    error,
                    self._espera,
                )
            self.en_falla = True
            self._reintentar_desde = time.monotonic() + self._espera
            return si_falla
        if self.en_falla:
            logger.warning("Redis responde otra vez: la caché vuelve a usarse")
            self.en_falla = False
        return resultado

    def responde(self) -> bool:
        """Whether Redis answers a PING now (within the socket timeouts)."""
        try:
            return bool(self._cache.get_client(None, write=True).ping())
        except RedisError:
            return False

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._tolerar(super().add, key, value, timeout, version, si_falla=False)

    def get(self, key, default=None, version=None):
        return self._tolerar(super().get, key, default, version, si_falla=default)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self._tolerar(super().set, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._tolerar(super().touch, key, timeout, version, si_falla=False)

    def delete(self, key, version=None):
        return self._tolerar(super().delete, key, version, si_falla=False)

    def get_many(self, keys, version=None):
        return self._tolerar(super().get_many, keys, version, si_falla={})

    def has_key(self, key, version=None):
        return self._tolerar(super().has_key, key, version, si_falla=False)

    def incr(self, key, delta=1, version=None):
        valor = self._tolerar(super().incr, key, delta, version)
        if valor is None:
            raise ValueError(f"Clave {key!r} no disponible: Redis no responde.")
        return valor

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._tolerar(
            super().set_many, data, timeout, version, si_falla=list(data)
        )

    def delete_many(self, keys, version=None):
        self._tolerar(super().delete_many, keys, version)

    def clear(self):
        return self._tolerar(super().clear, si_falla=False)


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
        #: The shared cache failed since the generation was last read: a page
        #: published meanwhile could not change it, so a new one is set when the
        #: shared cache answers again (pages it kept from before may be stale).
        self._renovar: bool = False

    @property
    def _compartida(self) -> BaseCache:
        return caches[self._alias_compartida]

    def _vigente(self) -> str:
        """The generation in force; a new one empties this worker's memory."""
        ahora = time.monotonic()
        if self._generacion is None or ahora - self._revisada >= self._revalidar:
            compartida = self._compartida
            generacion = compartida.get(CLAVE_GENERACION)
            if getattr(compartida, "en_falla", False):
                self._renovar = True
            elif self._renovar:
                generacion = uuid.uuid4().hex
                compartida.set(CLAVE_GENERACION, generacion, timeout=None)
                self._renovar = getattr(compartida, "en_falla", False)
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
        compartida = self._compartida
        compartida.set(CLAVE_GENERACION, uuid.uuid4().hex, timeout=None)
        if getattr(compartida, "en_falla", False):
            self._renovar = True  # not written: renewed when Redis is back
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
