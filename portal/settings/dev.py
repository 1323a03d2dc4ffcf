"""Development: `make run`. Never used in production."""

import os
import sys

from .base import *  # noqa: F403


def puerto_servido(argv: list[str], entorno: dict[str, str]) -> str:
    """The port this process serves: ``runserver``'s argument, else ``PORT``
    (``make run`` exports it to every command), else 8000."""
    if "runserver" in argv:
        for argumento in argv[argv.index("runserver") + 1 :]:
            if not argumento.startswith("-"):
                return argumento.rsplit(":", 1)[-1]
    return entorno.get("PORT") or "8000"


# Links in e-mails, receipts and the sitemap use the address actually served.
WAGTAILADMIN_BASE_URL = WAGTAILAPI_BASE_URL = (
    os.environ.get("SITE_URL")
    or f"http://localhost:{puerto_servido(sys.argv, os.environ)}"
)

DEBUG = True
# The site's Spanish 404, 400 and 500 pages, as in production; DJANGO_PAGINA_TECNICA=1
# brings back Django's technical pages, with the traceback
# (portal.middleware.PaginasDelSitioEnDesarrolloMiddleware).
PAGINA_TECNICA = os.environ.get("DJANGO_PAGINA_TECNICA", "") not in ("", "0")
SECRET_KEY = "solo-para-desarrollo-no-usar-en-produccion"  # noqa: S105
ALLOWED_HOSTS = ["localhost", "127.0.0.1", "[::1]"]
# E-mails are written as files to read (receipts attached), one per message.
EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = BASE_DIR / "correos"  # noqa: F405
# The demo's e-mails come from the entity, at its own domain (never sent from here:
# they are files); production takes the domain from SITE_URL (production.py).
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL",
    "Secretaría de Planeación · Gobernación de Santander "
    "<no-responder@santander.gov.co>",
)
# Pages change while developing: don't serve them from the page cache.
CACHES["paginas"] = {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}  # noqa: F405
# Records are signed with the demo PKI `make run` makes (manage.py firma_demo) in
# this git-ignored folder, unless a real certificate is configured: documents
# signed with it are for demonstration only.
FIRMA_DEMO = "" if FIRMA_PKCS12 or FIRMA_PKCS11_MODULO else str(BASE_DIR / "firma-demo")  # noqa: F405
FIRMA_REVOCACION_EN_LINEA = False
