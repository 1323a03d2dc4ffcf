"""Production settings for part 10 (``bench/aguante.py``): part 5's server
(``bench.settings_radicacion``: rate limits off, ``bench.urls``) with e-mail
written to files in ``BENCH_CORREOS``, so that the bench can count each message
the worker sent by its Message-ID (nothing leaves the machine)."""

import os

from bench.settings_radicacion import *  # noqa: F403

EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = os.environ["BENCH_CORREOS"]
