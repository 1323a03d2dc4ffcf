"""Settings shared by every environment.

No secret lives here: dev.py and test.py set throwaway keys, production.py reads
SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL from the environment.
"""

import ipaddress
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF

from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent

INSTALLED_APPS = [
    "portal",
    "expedientes",
    "planes",
    "informes",
    "procedimientos",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.redirects",
    "wagtail.sites",
    "portal.apps.UsuariosConfig",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.api.v2",
    "wagtail",
    "modelcluster",
    "taggit",
    "rest_framework",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "axes",
]

MIDDLEWARE = [
    # Runs last on the way out: stores anonymous GET responses in CACHES["paginas"]
    # (portal/cache.py: a request with a session or a pending message skips the
    # cache, and no cookie is part of the key).
    "portal.cache.GuardarEnCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy on every response, the early error pages included
    # (CONTENT_SECURITY_POLICY below). Inside the page cache: a cached page keeps
    # the header, and the nonce, it was rendered with.
    "portal.csp.CSPMiddleware",
    # Before anything reads a body: oversized ones get a 413 (portal/middleware.py).
    "portal.middleware.LimiteDeCuerpoMiddleware",
    # A NUL in the address is a 400, on SQLite and PostgreSQL alike.
    "portal.middleware.PeticionMalformadaMiddleware",
    # Django's empty 405s get the site's Spanish page.
    "portal.middleware.MetodoNoPermitidoMiddleware",
    # Under DEBUG only: the site's 404/400/500 pages, not Django's technical ones
    # (PAGINA_TECNICA in dev.py brings those back).
    "portal.middleware.PaginasDelSitioEnDesarrolloMiddleware",
    # A database that does not answer gives a 503 with Retry-After, not a 500.
    "portal.middleware.BaseDeDatosCaidaMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Early, so a hit skips the rest of the stack. Safe here because the key comes
    # from the stored Vary headers, and the site has a single language (the
    # Locale middleware below would otherwise have to set it first).
    "portal.cache.LeerDeCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Turns django-ratelimit's Ratelimited into RATELIMIT_VIEW's HTTP 429 page.
    "django_ratelimit.middleware.RatelimitMiddleware",
    # Last, as django-axes asks: refuses logins of locked-out accounts.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# SQLite with no configuration; DATABASE_URL switches to PostgreSQL (production, CI).
# A connection is kept for 60 s and pinged before its first use in each request
# (CONN_HEALTH_CHECKS): one a PostgreSQL restart broke is replaced, not failed on.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=60,
        conn_health_checks=True,
    )
}
#: Seconds a request waits for a database that refuses connections (a restart
#: takes a few) before the site's 503 (portal/reconexion.py). Under gunicorn's
#: timeout (60 s) with room for the request itself.
BASE_DE_DATOS_ESPERA = float(os.environ.get("BASE_DE_DATOS_ESPERA", "10"))
#: Paths that never wait: /healthz says at once that the database is down.
BASE_DE_DATOS_SIN_ESPERA = ("/healthz",)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "portal.Usuario"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: counts failures, locks out
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "/cuenta/ingresar/"
LOGIN_REDIRECT_URL = "/solicitudes/"
LOGOUT_REDIRECT_URL = "/"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24 * 3  # set-password links for new accounts: 3 days
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "Secretaría de Planeación <no-responder@localhost>"
)

# Lockout after repeated failed logins (portal and admin alike), per account *and*
# client address together: five wrong guesses lock that account from that address
# only, so nobody can lock a municipality out from elsewhere. Behind a proxy the
# client's address must come from the proxy's header (production.py,
# IP_CLIENTE_CABECERA), or every visitor would share the proxy's.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.5  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "portal/cuenta/bloqueada.html"
AXES_USERNAME_FORM_FIELD = "username"
# Cut to axes' varchar(255): a longer name was a 500 on PostgreSQL (portal/ingreso.py).
AXES_USERNAME_CALLABLE = "portal.ingreso.usuario_para_axes"

# Rate limits (django-ratelimit) count in the shared cache; over the limit the
# view answers HTTP 429 with a Spanish page.
RATELIMIT_USE_CACHE = "default"
# Without Redis the limits count nothing (fail open), and the README says so: the
# other way, every filing and every lookup would be a 429 for as long as Redis is
# down, which is the outage the cache must not cause. What they guard stays guarded
# by what does not need Redis: an access code is 60 random bits (expedientes/
# codigos.py) and the radicado must match it, logins lock in the database (axes'
# database handler), a filing needs a municipal account and its size is bounded.
RATELIMIT_FAIL_OPEN = True
RATELIMIT_VIEW = "portal.views.limite_excedido"
#: Filings per municipal account (portal.views.solicitud_nueva).
PORTAL_LIMITE_RADICACIONES = "10/h"
#: Sendings whose files were refused (too many, or a PDF refused by its content or
#: its bounds), per account and per client address (portal.acceso.rechazos_excedidos):
#: each one may have cost a whole inspection budget (EXPEDIENTES_PDF_*_PETICION).
PORTAL_LIMITE_RECHAZOS = "5/h"
#: Public tracking lookups per client address (portal.views.consulta). Behind a
#: proxy, RATELIMIT_IP_META_KEY must name the header with the client's address.
PORTAL_LIMITE_CONSULTAS = "20/10m"

# Redis when REDIS_URL is set (shared by every process); local memory otherwise.
# "paginas" holds whole anonymous responses (portal/cache.py): each worker's memory
# in front of the shared cache, emptied everywhere when a page is published
# (portal/signals.py), within REVALIDAR seconds in the other workers.
# Without Redis the site keeps serving: CacheRedisTolerante acts as an empty cache
# while Redis does not answer (logged once; /healthz says "degradado").
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHES = {
    "default": (
        {"BACKEND": "portal.cache.CacheRedisTolerante", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    ),
    "paginas": {
        "BACKEND": "portal.cache.CacheEnDosNiveles",
        "OPTIONS": {"COMPARTIDA": "default", "REVALIDAR": 1.0},
    },
}
CACHE_MIDDLEWARE_ALIAS = "paginas"
CACHE_MIDDLEWARE_SECONDS = 600
CACHE_MIDDLEWARE_KEY_PREFIX = "paginas"

_VALIDACION = "django.contrib.auth.password_validation"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"{_VALIDACION}.{nombre}"}
    for nombre in (
        "UserAttributeSimilarityValidator",
        "MinimumLengthValidator",
        "CommonPasswordValidator",
        "NumericPasswordValidator",
    )
]

LANGUAGE_CODE = "es-co"
LANGUAGES = [("es-co", "Español (Colombia)")]
TIME_ZONE = "America/Bogota"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Case files: private, served only through permission-checked views (expedientes).
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", BASE_DIR / "privado"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "privado": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None},
    },
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}


def opciones_s3(entorno) -> dict:
    """django-storages options of the case files' bucket, from the environment.

    Private whatever the bucket's defaults: no public ACL, every request signed,
    no custom domain (it would give unsigned URLs). The views stream files through
    the storage API; a signed URL, if one were ever made, lasts a minute.
    """
    acl = entorno.get("S3_ACL", "private").strip() or None
    if acl not in (None, "private", "bucket-owner-full-control"):
        raise ImproperlyConfigured(
            f"S3_ACL={acl} haría públicos los expedientes: use private, "
            "bucket-owner-full-control o déjela vacía."
        )
    endpoint = entorno.get("S3_ENDPOINT_URL", "").strip() or None
    opciones = {
        "bucket_name": entorno["S3_BUCKET"].strip(),
        "endpoint_url": endpoint,
        "region_name": entorno.get("S3_REGION", "").strip() or None,
        "location": entorno.get("S3_PREFIX", "").strip("/ "),
        "default_acl": acl,
        "querystring_auth": True,
        "querystring_expire": 60,
        "custom_domain": None,
        "file_overwrite": False,
        # A download is read from the bucket into a temporary file as it streams:
        # in memory up to 1 MB, on disk past that (10 MB PDFs, many at once).
        "max_memory_size": 1024 * 1024,
        "signature_version": "s3v4",
        # Path-style requests for MinIO and other S3-compatible servers.
        "addressing_style": entorno.get("S3_ADDRESSING_STYLE", "").strip()
        or ("path" if endpoint else None),
    }
    # Without keys, boto3 looks for credentials itself (e.g. an instance role).
    for opcion, variable in (
        ("access_key", "AWS_ACCESS_KEY_ID"),
        ("secret_key", "AWS_SECRET_ACCESS_KEY"),
    ):
        if entorno.get(variable, "").strip():
            opciones[opcion] = entorno[variable].strip()
    return opciones


# S3_BUCKET set: case files in S3-compatible object storage, shared by every app
# server (README, "Production"). Wagtail's public media stay in "default".
if os.environ.get("S3_BUCKET", "").strip():
    STORAGES["privado"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": opciones_s3(os.environ),
    }

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
#: Files in one body: twice the largest form (the filing's oficio and
#: expedientes.constants.MAX_ANEXOS = 10 annexes), so that a person who picks a few
#: too many is told by the form (expedientes/forms/cargas.py) and a body with more
#: gets the Spanish 400 page before anything is read (Django's default, 100, let
#: an oficio and 99 annexes through to the inspection: 30 s and a dead worker).
DATA_UPLOAD_MAX_NUMBER_FILES = 2 * (1 + 10)
#: Everything in a body that is not a file (the admin's largest page forms included).
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
# A request body larger than the largest filing (oficio + annexes + the form) is
# refused unread with a 413 (portal.middleware.LimiteDeCuerpoMiddleware); set
# PORTAL_TAMANO_MAXIMO_PETICION (bytes) to choose another limit.

# Error pages in Spanish with the site's layout (portal/errores.py).
CSRF_FAILURE_VIEW = "portal.errores.csrf_fallido"

# Content-Security-Policy (django-csp): only this site's own files run or style a
# page; an inline <script> or <style> runs only with the request's nonce
# (`nonce="{{ request.csp_nonce }}"`). No CDN, no plugin, no <base>, forms post
# only here, and only this site may frame its pages (the admin's preview).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [SELF],
        "form-action": [SELF],
    },
}

# Background work: immediate in development and tests (production.py switches to the
# database backend and its worker).
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

#: Seconds after which a RUNNING task is taken for abandoned by a dead worker and
#: put back in the queue (``manage.py trabajador``, portal/trabajador.py). Every
#: task here takes seconds and may run again safely.
TAREAS_ABANDONADA_TRAS = int(os.environ.get("TAREAS_ABANDONADA_TRAS", 600))

# /healthz (portal/salud.py): everyone gets ok / degradado / caido; the details
# (queue size and age, each part's answer) go only to monitoring.
#: Bearer token of monitoring (``Authorization: Bearer …``); empty: no token.
SALUD_CLAVE = os.environ.get("SALUD_CLAVE", "")
#: Client networks of monitoring (comma-separated CIDRs, e.g. 10.0.0.0/8).
SALUD_REDES = [
    red.strip() for red in os.environ.get("SALUD_REDES", "").split(",") if red.strip()
]
for _red in SALUD_REDES:
    try:
        ipaddress.ip_network(_red, strict=False)
    except ValueError as _error:
        raise ImproperlyConfigured(
            f"SALUD_REDES: {_red!r} no es una red (p. ej. 10.0.0.0/8)."
        ) from _error
#: Seconds the oldest task may wait before /healthz says "degradado" ("tareas").
SALUD_TAREAS_ESPERA_MAXIMA = int(os.environ.get("SALUD_TAREAS_ESPERA_MAXIMA", 120))

# Wagtail
WAGTAIL_SITE_NAME = "Secretaría de Planeación · Gobernación de Santander"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://localhost:8000")
WAGTAIL_I18N_ENABLED = False
WAGTAILADMIN_PERMITTED_LANGUAGES = [("es", "Español")]
WAGTAIL_CONTENT_LANGUAGES = [("es-co", "Español (Colombia)")]
# Everyone works in Colombian time: no time-zone choice on the account page (its
# default list is the server's zoneinfo, where "localtime" breaks the page's script).
WAGTAIL_USER_TIME_ZONES = [TIME_ZONE]
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["pdf"]
WAGTAILAPI_BASE_URL = WAGTAILADMIN_BASE_URL
WAGTAILAPI_LIMIT_MAX = 50
# This site calls no outside service it was not configured for.
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILADMIN_COMMENTS_ENABLED = True
# Approving a formal version numbers it, records it and publishes it (procedimientos).
WAGTAIL_FINISH_WORKFLOW_ACTION = "procedimientos.flujo.al_aprobar"

REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
}

# Cases (expedientes)
#: The procedure requests follow (its formal version in force when filed).
EXPEDIENTES_PROCEDIMIENTO = "ES-PE-PR-31"
#: Radicado numbers: SP-2026-000123.
EXPEDIENTES_PREFIJO_RADICADO = os.environ.get("EXPEDIENTES_PREFIJO_RADICADO", "SP")
#: Response term in días hábiles (Ley 1755 de 2015, art. 14: 15 for a petición).
EXPEDIENTES_DIAS_RESPUESTA = 15
#: Largest PDF accepted, in bytes.
EXPEDIENTES_TAMANO_MAXIMO = 10 * 1024 * 1024
#: Key of the access codes' HMAC (expedientes/codigos.py); empty: SECRET_KEY, as
#: for the codes issued before it had its own. With its own key, rotating SECRET_KEY
#: leaves every code issued valid (README, "Keys and their rotation").
EXPEDIENTES_CLAVE_CODIGOS = os.environ.get("EXPEDIENTES_CLAVE_CODIGOS", "")
#: Earlier keys of the access codes (comma-separated), after a rotation: the codes
#: issued under them keep working. New codes always use the current key.
EXPEDIENTES_CLAVES_CODIGOS_ANTERIORES = [
    clave
    for clave in os.environ.get("EXPEDIENTES_CLAVES_CODIGOS_ANTERIORES", "").split(",")
    if clave
]
#: Bounds of the inspection of each PDF (expedientes/subidas.py, in a child
#: process: expedientes/inspeccion_pdf.py): pages, objects, bytes once inflated
#: (a content stream of 1 MB that inflates to 1 GiB is a bomb) and seconds.
EXPEDIENTES_PDF_MAX_PAGINAS = 2000
EXPEDIENTES_PDF_MAX_OBJETOS = 50_000
EXPEDIENTES_PDF_MAX_DESCOMPRIMIDO = 128 * 1024 * 1024
#: CPU seconds for each PDF (a SIGPROF interrupts its inspection past them).
EXPEDIENTES_PDF_SEGUNDOS = 1.5
#: One budget for all the PDFs of a request together: wall-clock seconds (the
#: child is killed past them), CPU seconds and memory (the kernel's RLIMIT_CPU and
#: RLIMIT_AS on the child). Well under gunicorn's 30 s worker timeout.
EXPEDIENTES_PDF_SEGUNDOS_PETICION = 6.0
EXPEDIENTES_PDF_CPU_PETICION = 6
EXPEDIENTES_PDF_MEMORIA = 1024 * 1024 * 1024

# Records are signed when issued (PAdES, expedientes/firma/; README, "Signed
# records"). The entity's certificate: a PKCS#12 file and its password, or a
# PKCS#11 token (module, token label, PIN, certificate and key labels). Production
# refuses to start without one (production.py); `make run` makes a demo one.
FIRMA_PKCS12 = os.environ.get("FIRMA_PKCS12", "").strip()
FIRMA_PKCS12_CLAVE = os.environ.get("FIRMA_PKCS12_CLAVE", "")
FIRMA_PKCS11_MODULO = os.environ.get("FIRMA_PKCS11_MODULO", "").strip()
FIRMA_PKCS11_TOKEN = os.environ.get("FIRMA_PKCS11_TOKEN", "").strip()
FIRMA_PKCS11_PIN = os.environ.get("FIRMA_PKCS11_PIN", "")
FIRMA_PKCS11_CERTIFICADO = os.environ.get("FIRMA_PKCS11_CERTIFICADO", "").strip()
FIRMA_PKCS11_LLAVE = os.environ.get("FIRMA_PKCS11_LLAVE", "").strip()
#: The RFC 3161 timestamping authority (baseline B-T).
FIRMA_TSA_URL = os.environ.get("FIRMA_TSA_URL", "").strip()
#: Root certificates (PEM or DER files, comma-separated) /verificar/ trusts besides
#: the root of the entity's own certificate: the TSA's, a previous certificate's.
FIRMA_RAICES = [
    ruta.strip()
    for ruta in os.environ.get("FIRMA_RAICES", "").split(",")
    if ruta.strip()
]
#: Fetch OCSP and CRLs when signing (B-LT); without them a record is B-T.
FIRMA_REVOCACION_EN_LINEA = os.environ.get("FIRMA_REVOCACION_EN_LINEA", "1") == "1"
#: Development and tests only: the folder of a demo PKI (expedientes/firma/demo.py),
#: its certificate and a local timestamper in the process. Never in production.
FIRMA_DEMO = ""
