# Colloquy: `make run` for a demo on 127.0.0.1:8000, `make test` for the whole suite.
PYTHON ?= $(shell command -v python3.13 2>/dev/null || echo python3)
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
export DEBUG ?= 1

.PHONY: run worker serve test lint format bench loadtest screenshots clean

$(BIN)/.installed: requirements.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 13) else "Colloquy needs Python 3.13 or newer (found " + sys.version.split()[0] + ").")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	@touch $@

# The background worker (e-mail digests, assignment announcements) runs beside the server and
# stops with it: the trap ends it, by its process id, however runserver ends.
run: $(BIN)/.installed
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py seed_demo
	@echo ""
	@echo "  Colloquy is running at http://$(HOST):$(PORT)/  (Ctrl-C stops it and its worker)"
	@echo ""
	@trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/python manage.py db_worker --no-reload & worker=$$!; \
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# The worker on its own, e.g. beside `make serve`; production runs it under systemd (docs/deployment.md).
worker: $(BIN)/.installed
	$(BIN)/python manage.py db_worker

# The production stack on this machine: DEBUG off, hashed static files through whitenoise,
# gunicorn with gunicorn.conf.py. Plain HTTP on loopback, so no HTTPS redirect; the session
# cookie stays Secure, which browsers accept on http://localhost. See docs/deployment.md.
serve: export DEBUG = 0
serve: export ALLOWED_HOSTS ?= 127.0.0.1,localhost
serve: export SECURE_SSL_REDIRECT ?= 0
serve: export GUNICORN_BIND ?= $(HOST):$(PORT)
serve: $(BIN)/.installed
	@set -e; \
	if [ -z "$$SECRET_KEY" ]; then \
	  if [ ! -s .secret_key ]; then \
	    $(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))' > .secret_key; \
	    chmod 600 .secret_key; \
	  fi; \
	  echo ""; \
	  echo "  !! SECRET_KEY is not set: using the local key in .secret_key (git-ignored)."; \
	  echo "  !! A real server sets SECRET_KEY in its environment file instead."; \
	  echo ""; \
	  SECRET_KEY=$$(cat .secret_key); export SECRET_KEY; \
	fi; \
	$(BIN)/python manage.py collectstatic --no-input -v0; \
	$(BIN)/python manage.py migrate --no-input; \
	echo "  Colloquy (production settings) at http://$(HOST):$(PORT)/  (Ctrl-C stops it)"; \
	exec $(BIN)/gunicorn -c gunicorn.conf.py

# pytest exits 5 when it collects nothing; that must never look like a pass.
test: $(BIN)/.installed
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest $(PYTEST_ARGS); status=$$?; \
	if [ $$status -eq 5 ]; then echo "No tests ran: failing on purpose."; exit 1; fi; exit $$status

lint: $(BIN)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(BIN)/.installed
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: $(BIN)/.installed
	$(BIN)/python bench/reading_page.py --sizes 200,1000,5000 --peer 1000

# The demo's main pages at 1366x768 and 390x844, light and dark, into screenshots/ (a throwaway
# database and a server on a free port); SCREENSHOT_ARGS=--readme refreshes docs/screenshots/.
screenshots: $(BIN)/.installed
	$(BIN)/python tools/screenshots.py $(SCREENSHOT_ARGS)

# 200 students on one reading for 60 s against gunicorn on loopback, on SQLite then PostgreSQL
# (a scratch database on 127.0.0.1:5432, or DATABASE_URL's server); see bench/loadtest.py.
loadtest: $(BIN)/.installed
	$(BIN)/python bench/loadtest.py --database sqlite $(LOADTEST_ARGS)
	$(BIN)/python bench/loadtest.py --database postgres $(LOADTEST_ARGS)

clean:
	rm -rf $(VENV) staticfiles screenshots .pytest_cache .ruff_cache
