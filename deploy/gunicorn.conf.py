"""gunicorn behind the shipped nginx (README, "Production"; ``manage.py servir``).

Sync workers are right here because nginx stands between them and every client:
it reads the whole request (``proxy_request_buffering on``) before passing it on
and reads the whole answer (``proxy_buffering on``) before sending it, so a worker
only ever talks to nginx over a local socket, at memory speed. Without nginx, sync
and gthread workers alike are held by slow clients (two connections sending a
header line every 2 s left the site unreachable for 33 s); never expose this
server directly.

Its limits on the request line and headers are looser than nginx's
(``large_client_header_buffers 4 8k``): nginx refuses what is too large with its
Spanish pages, and gunicorn, which would answer with an English page of its own,
never sees a request nginx let through that it would refuse.

Environment: ``GUNICORN_BIND`` (``unix:/run/asesoria/gunicorn.sock`` by default;
``manage.py servir`` gives its own), ``GUNICORN_WORKERS`` (2 x CPUs + 1),
``GUNICORN_TIMEOUT`` (seconds a request may take, 60).
"""

import os

bind = os.environ.get("GUNICORN_BIND", "unix:/run/asesoria/gunicorn.sock")
workers = int(os.environ.get("GUNICORN_WORKERS", 2 * (os.cpu_count() or 1) + 1))
worker_class = "sync"
#: A worker stuck longer than this is killed and replaced; nginx's
#: proxy_read_timeout is longer, so the client gets nginx's Spanish 502.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
#: Only nginx connects, over a socket only it can reach.
umask = 0o007
#: Looser than nginx's limits (8 kB per line, 32 kB in all): see above. 8190 is
#: the largest request line gunicorn takes; 32768 the most header fields.
limit_request_line = 8190
limit_request_fields = 32768
limit_request_field_size = 16380
#: nginx passes X-Forwarded-Proto, X-Real-IP and X-Forwarded-For itself,
#: replacing whatever a client sent; Django reads them (SECURE_PROXY_SSL_HEADER,
#: IP_CLIENTE_CABECERA). gunicorn itself trusts them only from its socket.
forwarded_allow_ips = "127.0.0.1,::1"
accesslog = None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "warning")
