"""Links that leave the site: in e-mails, records and the access sheet.

The site's base URL (``WAGTAILADMIN_BASE_URL``, from ``SITE_URL``) followed by the
path the URLconf gives the view, so that no path is written by hand twice.
"""

from django.conf import settings
from django.urls import reverse


def absoluta(nombre: str, *args) -> str:
    """``https://…/verificar/ABC/`` for ``absoluta("verificar", "ABC")``."""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse(nombre, args=args)
