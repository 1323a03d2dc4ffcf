"""The site's URLs plus one view that fails (test_errores_en_desarrollo.py)."""

from django.urls import path

from portal.urls import (  # noqa: F401 - the error handlers too
    handler400,
    handler403,
    handler404,
    handler500,
)
from portal.urls import (
    urlpatterns as urlpatterns_del_sitio,
)


def falla(request):
    raise RuntimeError("falla de prueba")


urlpatterns = [path("falla/", falla), *urlpatterns_del_sitio]
