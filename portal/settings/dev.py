"""Development: `make run`. Never used in production."""

from .base import *  # noqa: F403

DEBUG = True
SECRET_KEY = "solo-para-desarrollo-no-usar-en-produccion"  # noqa: S105
ALLOWED_HOSTS = ["localhost", "127.0.0.1", "[::1]"]
# E-mails are written as files to read (receipts attached), one per message.
EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = BASE_DIR / "correos"  # noqa: F405
# Pages change while developing: don't serve them from the page cache.
CACHES["paginas"] = {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}  # noqa: F405
