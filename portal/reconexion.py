"""Requests that outlive a database restart (``portal.middleware.
BaseDeDatosCaidaMiddleware``; README, "When the database or the worker fails").

A PostgreSQL restart breaks every connection the app servers hold (``CONN_MAX_AGE``
keeps one per worker) and refuses new ones for a few seconds. Django by itself
notices a broken connection only when a query fails, and then answers that request
with an error. Here, before a request uses the database:

- the connection it would reuse is pinged and, if the restart broke it, replaced
  (what ``CONN_HEALTH_CHECKS`` does at the first query, done earlier, so that the
  next step can wait);
- while the database refuses connections, the request waits for it, up to
  ``BASE_DE_DATOS_ESPERA`` seconds, trying every ``PAUSA`` s; only then does it
  get the site's 503.

Nothing has been done for the request yet at that point, so waiting is safe for
every method. Retrying a request that met the outage half-way is safe only if it
had changed nothing: the middleware does it for safe methods (GET, HEAD,
OPTIONS), and for any other whose statements until the break were all reads
(``Escrituras``: a POST cut while its upload was parsed, its session read or its
form checked). A request that had sent a write is never run again: it may have
committed (the filing judges that itself: ``expedientes.services.radicacion``).
"""

from __future__ import annotations

import re
import time

from django.conf import settings
from django.db import connection

from .errores import ERRORES_DE_BASE_DE_DATOS

#: Seconds between two tries while the database refuses connections.
PAUSA = 0.25


def base_de_datos_lista(*, hasta: float = 0.0) -> bool:
    """Whether the default connection works now, waiting for it until ``hasta``
    (``time.monotonic()``; 0: one try).

    Inside a transaction (the test client's) nothing is checked: a connection in a
    transaction is never replaced.
    """
    if connection.in_atomic_block:
        return True
    while True:
        try:
            if connection.connection is not None and (
                connection.errors_occurred or not connection.is_usable()
            ):
                connection.close()  # broken by a restart: a new one below
            connection.ensure_connection()
            # Pinged or just opened: CONN_HEALTH_CHECKS needs not ping it again.
            connection.health_check_done = True
            return True
        except ERRORES_DE_BASE_DE_DATOS:
            connection.close()
        if time.monotonic() + PAUSA > hasta:
            return False
        time.sleep(PAUSA)


#: The first words of statements that change nothing. Any other, ``WITH``
#: included (it may write), counts as a write.
LECTURAS = frozenset({"SELECT", "SAVEPOINT", "RELEASE", "ROLLBACK", "SET", "SHOW"})

_PRIMERA_PALABRA = re.compile(r"\s*([A-Za-z]+)")


class Escrituras:
    """``connection.execute_wrapper`` noting whether a request sent any write.

    Noted before the statement runs: a write that failed may still have
    committed (its answer lost with the connection), so it counts. Writes to a
    ``DatabaseCache`` table (the shared cache when there is no Redis) do not:
    the cache holds nothing of what a request did, and running it again at most
    counts it once more in a rate limit.
    """

    def __init__(self) -> None:
        self.hubo = False
        self.tablas_de_cache = tuple(
            f'"{cache["LOCATION"]}"'
            for cache in settings.CACHES.values()
            if cache["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
        )

    def __call__(self, execute, sql, params, many, context):
        if not self.hubo:
            palabra = _PRIMERA_PALABRA.match(sql)
            self.hubo = (
                palabra is None or palabra[1].upper() not in LECTURAS
            ) and not any(tabla in sql[:80] for tabla in self.tablas_de_cache)
        return execute(sql, params, many, context)
