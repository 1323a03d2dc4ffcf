"""The site's URLs with Wagtail's own serve view in place of ``rutas.servir``
(test_html_igual.py: the page as it was served before issue 18)."""

from django.urls import re_path
from wagtail import urls as wagtail_urls
from wagtail import views as vistas_wagtail

from portal.urls import (  # noqa: F401 - the error handlers too
    handler400,
    handler403,
    handler404,
    handler500,
)
from portal.urls import (
    urlpatterns as urlpatterns_del_sitio,
)

urlpatterns = [
    *(p for p in urlpatterns_del_sitio if getattr(p, "name", None) != "wagtail_serve"),
    re_path(wagtail_urls.serve_pattern, vistas_wagtail.serve, name="wagtail_serve"),
]
