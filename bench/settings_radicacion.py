"""Production settings for the filing benchmark's server (``bench/radicacion.py``).

Imports ``portal.settings.production`` and changes only what a throughput
measurement needs:

* rate limits off: eight clients file hundreds of requests a minute from a handful
  of accounts, far over ``PORTAL_LIMITE_RADICACIONES``;
* e-mail to local memory: nothing leaves the machine (the bench runs no task
  worker, so no e-mail is even attempted: a filing only enqueues a task row);
* ``bench.urls``: the portal's URLs plus ``/bench/insertar/``, the bare view the
  filings are compared with.
"""

from portal.settings.production import *  # noqa: F403

RATELIMIT_ENABLE = False
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
ROOT_URLCONF = "bench.urls"
