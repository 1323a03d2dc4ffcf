import pytest

from django.core.cache import caches


@pytest.fixture
def leyes(db):
    """Periods and terms as the migration loads them (again after a flush)."""
    from planes.datos import leyes_asegurar

    leyes_asegurar()


@pytest.fixture
def con_cache(settings):
    """The page cache as in production (tests/portal/test_cache.py does the same)."""
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "paginas": {
            "BACKEND": "portal.cache.CacheEnDosNiveles",
            "OPTIONS": {"COMPARTIDA": "default", "REVALIDAR": 0},
        },
    }
    caches["default"].clear()
    caches["paginas"].clear()
    yield
    caches["default"].clear()
