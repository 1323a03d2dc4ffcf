"""URLs of the filing benchmark's server (``bench.settings_radicacion`` only).

The portal's URLs, plus ``/bench/insertar/``: the baseline of ``bench/radicacion.py``,
a bare Django view behind the same middleware, on the same database, that inserts
one row into ``bench_fila`` (created by ``python -m bench.radicacion preparar``,
outside Django's migrations) and answers 201. Filings per second are reported as a
fraction of its inserts per second.
"""

from django.db import connection
from django.http import HttpResponse
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

TABLA = "bench_fila"
CREAR_TABLA = (
    f"CREATE TABLE IF NOT EXISTS {TABLA} "
    "(id serial PRIMARY KEY, creada timestamptz DEFAULT now(), dato text)"
)


@csrf_exempt
@require_POST
def insertar(request):
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {TABLA} (dato) VALUES (%s)",  # noqa: S608 - constant name
            [request.POST.get("dato", "")],
        )
    return HttpResponse(status=201)


urlpatterns = [
    path("bench/insertar/", insertar),
    path("", include("portal.urls")),
]
