# The two commands of the README: `make run` and `make test`. `make bench` measures.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8000
# manage.py reads it too: links in e-mails and the sitemap use the port served.
export PORT
STAMP := $(VENV)/.instalado

.PHONY: run worker servir test bench lint install browser nginx softhsm clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py firma_demo
	$(BIN)/python manage.py cargar_demo
	$(BIN)/python manage.py crear_admin_demo
	@echo "Sitio: http://localhost:$(PORT)/   Administración: http://localhost:$(PORT)/admin/"
	$(BIN)/python manage.py runserver 0.0.0.0:$(PORT)

# The task worker (django-tasks-db): receipts, e-mails and search index updates wait
# for it whenever TASKS uses the database backend (production). `trabajador` runs
# db_worker and starts it again when it exits (a database restart), putting back
# the tasks it left running (portal/trabajador.py; deploy/worker.service for
# systemd). /healthz says "degradado" when the oldest task waits too long.
worker: $(STAMP)
	$(BIN)/python manage.py trabajador

# Debian's Chromium for the browser tests (Playwright drives it; it never downloads one).
browser:
	@command -v chromium >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

# Debian's nginx for `make servir` and tests/servidor/ (nginx-light: the core
# modules, limit_conn and limit_req among them). Installing it starts no server.
nginx:
	@command -v nginx >/dev/null || test -x /usr/sbin/nginx || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light >/dev/null; }

# The site as production serves it (README, "Production"): nginx in front of
# gunicorn (deploy/nginx.conf.plantilla, deploy/gunicorn.conf.py) and the task
# worker, with production settings, on http://localhost:$(PORT)/. Its state (the
# rendered configuration, the socket, the logs) goes to $(SERVIR_CARPETA).
SERVIR_CARPETA ?= $(CURDIR)/servir
servir: $(STAMP) nginx
	@mkdir -p $(SERVIR_CARPETA)
	@test -s $(SERVIR_CARPETA)/clave || $(BIN)/python -c "import secrets; print(secrets.token_urlsafe(50))" > $(SERVIR_CARPETA)/clave
	@export DJANGO_SETTINGS_MODULE=portal.settings.production \
	  SECRET_KEY="$$(cat $(SERVIR_CARPETA)/clave)" \
	  ALLOWED_HOSTS="$${ALLOWED_HOSTS:-localhost,127.0.0.1}" \
	  DATABASE_URL="$${DATABASE_URL:-sqlite:///$(CURDIR)/db.sqlite3}" \
	  SITE_URL="$${SITE_URL:-http://localhost:$(PORT)}" \
	  SECURE_SSL_REDIRECT="$${SECURE_SSL_REDIRECT:-0}" \
	  IP_CLIENTE_CABECERA=HTTP_X_REAL_IP; \
	$(BIN)/python manage.py migrate --noinput && \
	$(BIN)/python manage.py createcachetable && \
	$(BIN)/python manage.py collectstatic --noinput -v0 && \
	$(BIN)/python manage.py cargar_demo && \
	exec $(BIN)/python manage.py servir --carpeta $(SERVIR_CARPETA) --puerto $(PORT) --con-trabajador

# Debian's SoftHSM, a PKCS#11 token in files, for tests/expedientes/test_firma_pkcs11.py.
softhsm:
	@command -v softhsm2-util >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq softhsm2 >/dev/null; }

test: $(STAMP) browser nginx softhsm
	$(BIN)/python -m pytest -n 2 --dist loadgroup $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

bench: $(STAMP)
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles media servir firma-demo
