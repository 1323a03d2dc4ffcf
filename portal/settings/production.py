"""Production: every secret and host comes from the environment.

Refuses to start without SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL and SITE_URL,
and without the certificate every issued record is signed with (FIRMA_*).
"""

import os
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured
from django.http.request import validate_host

from .base import *  # noqa: F403


def _required(name: str) -> str:
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(f"Falta la variable de entorno {name}.")
    return value


DEBUG = False
SECRET_KEY = _required("SECRET_KEY")
# Rotation (README): the previous keys, comma-separated, keep sessions and
# password-reset links valid while they expire.
SECRET_KEY_FALLBACKS = [
    k.strip()
    for k in os.environ.get("SECRET_KEY_FALLBACKS", "").split(",")
    if k.strip()
]
ALLOWED_HOSTS = [h.strip() for h in _required("ALLOWED_HOSTS").split(",") if h.strip()]
CSRF_TRUSTED_ORIGINS = [
    o.strip()
    for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",")
    if o.strip()
]
_required("DATABASE_URL")  # base.py already parsed it; here it is mandatory.

# The site's public address: every absolute link (e-mails, receipts and their
# snapshots, the API, the sitemap through the Site row: portal.services.
# sitio_direccion_asegurar) comes from it. Without it they would say localhost.
SITE_URL = _required("SITE_URL").rstrip("/")
_direccion = urlsplit(SITE_URL)
if (
    _direccion.scheme not in ("https", "http")
    or not _direccion.hostname
    or _direccion.path
    or _direccion.query
):
    raise ImproperlyConfigured(
        "SITE_URL debe ser la dirección pública del sitio, sin ruta, "
        "p. ej. https://asesoria.santander.gov.co"
    )
if not validate_host(_direccion.hostname, ALLOWED_HOSTS):
    raise ImproperlyConfigured(
        f"El servidor de SITE_URL ({_direccion.hostname}) no está en ALLOWED_HOSTS."
    )
WAGTAILADMIN_BASE_URL = WAGTAILAPI_BASE_URL = SITE_URL
# E-mails leave from the site's own domain unless told otherwise (never localhost).
DEFAULT_FROM_EMAIL = SERVER_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL",
    f"Secretaría de Planeación <no-responder@{_direccion.hostname}>",
)

# Behind a reverse proxy every request comes from the proxy's address: name the
# header that carries the client's (its META name, e.g. HTTP_X_REAL_IP for nginx's
# `proxy_set_header X-Real-IP $remote_addr`). Login lockouts (django-axes) and rate
# limits (django-ratelimit) then count each visitor by their own address.
IP_CLIENTE_CABECERA = os.environ.get("IP_CLIENTE_CABECERA", "").strip()
if IP_CLIENTE_CABECERA:
    AXES_IPWARE_META_PRECEDENCE_ORDER = (IP_CLIENTE_CABECERA, "REMOTE_ADDR")
    RATELIMIT_IP_META_KEY = IP_CLIENTE_CABECERA

# Without Redis, the database is the cache every process shares (needs
# `manage.py createcachetable`, see the README).
if not REDIS_URL:  # noqa: F405
    CACHES["default"] = {  # noqa: F405
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "cache_compartida",
    }

# Every issued record is signed (expedientes/firma/): no certificate, no start.
FIRMA_DEMO = ""
if FIRMA_PKCS11_MODULO:  # noqa: F405
    _required("FIRMA_PKCS11_PIN")
elif not FIRMA_PKCS12:  # noqa: F405
    raise ImproperlyConfigured(
        "Falta la variable de entorno FIRMA_PKCS12 (o FIRMA_PKCS11_MODULO): los "
        "registros se firman con el certificado de la entidad."
    )
elif not os.path.isfile(FIRMA_PKCS12):  # noqa: F405
    raise ImproperlyConfigured(
        f"FIRMA_PKCS12={FIRMA_PKCS12} no es un archivo legible."  # noqa: F405
    )
_required("FIRMA_TSA_URL")
for _raiz in FIRMA_RAICES:  # noqa: F405
    if not os.path.isfile(_raiz):
        raise ImproperlyConfigured(f"FIRMA_RAICES: {_raiz} no es un archivo.")

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = os.environ.get("SECURE_SSL_REDIRECT", "1") == "1"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", 25))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "0") == "1"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "INFO"},
    # pyHanko logs each failed path or revision of an uploaded PDF, with its
    # traceback, as a warning: /verificar/ tells the person, the log needs not.
    "loggers": {
        nombre: {"level": "ERROR"} for nombre in ("pyhanko", "pyhanko_certvalidator")
    },
}
