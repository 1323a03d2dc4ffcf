"""BaseDeDatosCaidaMiddleware runs a request cut by a database outage once more
only if it had changed nothing (issue 14): a safe method, or a POST whose
statements until the cut were all reads (its upload parsed, its session read, its
form checked). A POST that had sent a write may have committed: never again.

The cut is the view answering ``portal.errores.base_de_datos_caida``, as
``process_exception`` does for an ``OperationalError``; what the view sent to the
database before it is real SQL on the test database.
"""

from __future__ import annotations

import pytest

from django.db import connection
from django.http import HttpResponse
from django.test import RequestFactory, override_settings

from portal.errores import base_de_datos_caida
from portal.middleware import BaseDeDatosCaidaMiddleware
from portal.reconexion import Escrituras

LEE = "SELECT count(*) FROM expedientes_municipio"
ESCRIBE = "UPDATE expedientes_municipio SET nombre = nombre WHERE id = -1"


def cortada_tras(sql: str):
    """A view that sends ``sql``, then meets the outage the first time it runs."""
    llamadas: list[str] = []

    def vista(request):
        llamadas.append(request.method)
        with connection.cursor() as cursor:
            cursor.execute(sql)
        if len(llamadas) == 1:
            return base_de_datos_caida(request)
        return HttpResponse("hecho")

    return vista, llamadas


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("metodo", "sql", "veces", "estado"),
    [
        ("post", LEE, 2, 200),  # nothing changed yet: run again
        ("post", ESCRIBE, 1, 503),  # a write sent: it may have committed
        ("get", LEE, 2, 200),
        ("get", ESCRIBE, 2, 200),  # a safe method is run again whatever it sent
    ],
)
def test_repite_solo_lo_que_no_cambio_nada(metodo, sql, veces, estado):
    vista, llamadas = cortada_tras(sql)
    peticion = getattr(RequestFactory(), metodo)("/solicitudes/nueva/")
    respuesta = BaseDeDatosCaidaMiddleware(vista)(peticion)
    assert len(llamadas) == veces
    assert respuesta.status_code == estado


@pytest.mark.parametrize(
    ("sql", "escribe"),
    [
        ("SELECT 1", False),
        ("  select * from x", False),
        ("SAVEPOINT s1", False),
        ("RELEASE SAVEPOINT s1", False),
        ("ROLLBACK TO SAVEPOINT s1", False),
        ("SET LOCAL jit = off", False),
        ("SHOW server_version", False),
        ("INSERT INTO x VALUES (1)", True),
        ("update x set y = 1", True),
        ("DELETE FROM x", True),
        ("WITH b AS (DELETE FROM x RETURNING *) SELECT * FROM b", True),
        ("SELECTIVE", True),  # not a SELECT: what is not known as a read writes
    ],
)
def test_que_cuenta_como_escritura(sql, escribe):
    escrituras = Escrituras()
    escrituras(lambda *argumentos: None, sql, None, False, {})
    assert escrituras.hubo is escribe


@override_settings(
    CACHES={
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "cache_compartida",
        }
    }
)
@pytest.mark.parametrize(
    ("sql", "escribe"),
    [
        ('INSERT INTO "cache_compartida" (cache_key) VALUES (%s)', False),
        ('DELETE FROM "cache_compartida" WHERE cache_key IN (%s)', False),
        ('UPDATE "cache_compartida" SET value = %s', False),
        ('INSERT INTO "expedientes_solicitud" (radicado) VALUES (%s)', True),
    ],
)
def test_la_cache_en_la_base_de_datos_no_cuenta_como_escritura(sql, escribe):
    escrituras = Escrituras()
    escrituras(lambda *argumentos: None, sql, None, False, {})
    assert escrituras.hubo is escribe
