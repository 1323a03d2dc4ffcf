# The two commands of the README: `make run` and `make test`. `make bench` measures.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8000
# manage.py reads it too: links in e-mails and the sitemap use the port served.
export PORT
STAMP := $(VENV)/.instalado

.PHONY: run worker test bench lint install browser clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/python manage.py migrate --noinput
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

test: $(STAMP) browser
	$(BIN)/python -m pytest -n 2 $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

bench: $(STAMP)
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles media
