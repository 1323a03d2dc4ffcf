"""Part 7 (``bench/casos.py``): test settings plus ``django.contrib.admin`` and a
URLconf with a bare Django admin of ``Solicitud`` (``bench/urls_casos.py``), the
baseline the Wagtail listing and inboxes are measured against. The project itself
never installs ``django.contrib.admin``."""

from portal.settings.test import *  # noqa: F403

INSTALLED_APPS = [*INSTALLED_APPS, "django.contrib.admin"]  # noqa: F405
ROOT_URLCONF = "bench.urls_casos"
