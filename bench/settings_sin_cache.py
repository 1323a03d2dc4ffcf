"""Production settings with the anonymous page cache switched off.

Only the bench uses this module, for the *uncached* server of ``bench/servidor.py``:
the same middleware, database and default cache as production, but
``CACHES["paginas"]`` is a DummyCache, so FetchFromCacheMiddleware always misses and
UpdateCacheMiddleware stores nothing. Every request renders the page. The README
explains why neither a unique query string nor a unique cookie is an honest miss.
"""

from portal.settings.production import *  # noqa: F403

CACHES = {
    **CACHES,  # noqa: F405
    "paginas": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
}
