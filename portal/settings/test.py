"""Tests: `make test` (SQLite) and CI (also PostgreSQL through DATABASE_URL)."""

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "solo-para-pruebas"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    # Case files in memory: nothing written to disk, and each test can list them.
    "privado": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
}
# Tests that exercise the page cache turn it on with override_settings.
CACHES["paginas"] = {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}  # noqa: F405
WHITENOISE_AUTOREFRESH = True
# Records are signed with a test PKI made once per test session (tests/conftest.py
# points FIRMA_DEMO at it); nothing is fetched from the network.
FIRMA_PKCS12 = FIRMA_PKCS11_MODULO = FIRMA_TSA_URL = ""
FIRMA_RAICES = []
FIRMA_REVOCACION_EN_LINEA = False
