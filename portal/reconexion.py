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
every method. Retrying a request that met the outage half-way is not: the
middleware does it only for safe methods (GET, HEAD, OPTIONS), never for a POST
that may have committed.
"""

from __future__ import annotations

import time

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
