# Colloquy: `make run` for a demo on 127.0.0.1:8000, `make test` for the whole suite.
PYTHON ?= $(shell command -v python3.13 2>/dev/null || echo python3)
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
export DEBUG ?= 1

.PHONY: run worker serve cluster cluster-stop test test-fast lint format lock bench bench-search loadtest screenshots clean

# One .venv, filled from the hash-locked files: the server's targets install requirements.txt
# (what production installs), the tests' and tools' targets install requirements-dev.txt (the
# same pins plus test and lint tools). A stamp per lock reinstalls when its lock changes. Going
# from a test target back to `make run` leaves the dev tools in .venv; a package dropped from a
# lock stays there too until `make clean`.
$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 13) else "Colloquy needs Python 3.13 or newer (found " + sys.version.split()[0] + ").")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed-runtime: requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.txt
	@touch $@

$(VENV)/.installed-dev: requirements-dev.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements-dev.txt
	@touch $@

# The OpenID provider the school sign-in tests run against (Node's oidc-provider, pinned in its
# package-lock.json), reinstalled when the lock changes; the stamp sits in the git-ignored folder.
OIDC_PROVIDER := tests/oidc_provider
$(OIDC_PROVIDER)/node_modules/.installed: $(OIDC_PROVIDER)/package-lock.json
	npm ci --prefix $(OIDC_PROVIDER) --no-audit --no-fund --loglevel=error
	@touch $@

# The Nu Html Checker (npm vnu-jar, pinned in its package-lock.json) that tests/test_valid_html.py
# runs under the machine's Java. --ignore-scripts: its install script would download a Java of
# its own when none is found; .ci/run installs Debian's instead.
HTML_CHECKER := tests/html_checker
$(HTML_CHECKER)/node_modules/.installed: $(HTML_CHECKER)/package-lock.json
	npm ci --prefix $(HTML_CHECKER) --ignore-scripts --no-audit --no-fund --loglevel=error
	@touch $@

# pytest exits 5 when it collects nothing; that must never look like a pass.
define pytest
	$(BIN)/pytest $(1); status=$$?; \
	if [ $$status -eq 5 ]; then echo "No tests ran: failing on purpose."; exit 1; fi; exit $$status
endef

# Style, formatting, and the layers of pyproject.toml's [tool.importlinter] contract.
define lint_checks
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
endef

# The background worker (e-mail digests, assignment announcements) runs beside the server and
# stops with it: the trap ends it, by its process id, however runserver ends.
run: $(VENV)/.installed-runtime
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py seed_demo
	@echo ""
	@echo "  Colloquy is running at http://$(HOST):$(PORT)/  (Ctrl-C stops it and its worker)"
	@echo ""
	@trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/python manage.py db_worker --no-reload & worker=$$!; \
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# The worker on its own, e.g. beside `make serve`; production runs it under systemd (docs/deployment.md).
worker: $(VENV)/.installed-runtime
	$(BIN)/python manage.py db_worker

# The production stack on this machine: DEBUG off, hashed static files through whitenoise,
# gunicorn with gunicorn.conf.py. Plain HTTP on loopback, so no HTTPS redirect; the session
# cookie stays Secure, which browsers accept on http://localhost. See docs/deployment.md.
serve cluster: export DEBUG = 0
serve cluster: export ALLOWED_HOSTS ?= 127.0.0.1,localhost
serve cluster: export SECURE_SSL_REDIRECT ?= 0
serve: export GUNICORN_BIND ?= $(HOST):$(PORT)

# Without SECRET_KEY in the environment, the production targets use a local one kept in the
# git-ignored .secret_key, made on first use.
define with_secret_key
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
	fi
endef

serve: $(VENV)/.installed-runtime
	@set -e; $(with_secret_key); \
	$(BIN)/python manage.py collectstatic --no-input -v0; \
	$(BIN)/python manage.py migrate --no-input; \
	echo "  Colloquy (production settings) at http://$(HOST):$(PORT)/  (Ctrl-C stops it)"; \
	exec $(BIN)/gunicorn -c gunicorn.conf.py

# SERVERS gunicorn servers on loopback behind nginx at http://127.0.0.1:$(CLUSTER_PORT)/, with
# the cluster's own PostgreSQL (port 5440, database colloquy_cluster with the demo course),
# Redis (port 6390, REDIS_URL) and task worker, all kept in the git-ignored .cluster/; Ctrl-C
# or `make cluster-stop` stops everything. See tools/cluster.py and docs/deployment.md.
SERVERS ?= 3
CLUSTER_PORT ?= 8800
cluster: $(VENV)/.installed-runtime
	@set -e; $(with_secret_key); \
	exec $(BIN)/python tools/cluster.py --servers $(SERVERS) --port $(CLUSTER_PORT) $(CLUSTER_ARGS)

cluster-stop: $(VENV)/.installed-runtime
	$(BIN)/python tools/cluster.py --stop

# Everything but the browser tests runs with one pytest worker per core; the browser tests,
# each with its own server and Chromium, run after them one at a time. BROWSER_TESTS=0 leaves
# them out: CI's PostgreSQL leg does, as they drive the same pages the SQLite leg already did.
BROWSER_TESTS ?= 1
test: $(VENV)/.installed-dev $(OIDC_PROVIDER)/node_modules/.installed $(HTML_CHECKER)/node_modules/.installed
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(lint_checks)
	$(call pytest,-n auto -m "not browser" $(PYTEST_ARGS))
ifeq ($(BROWSER_TESTS),1)
	$(call pytest,-m browser $(PYTEST_ARGS))
endif

# The quick loop while working: no browser tests, no tests that need a scratch PostgreSQL, one
# pytest worker per core (pytest-xdist; each worker has its own test database).
test-fast: $(VENV)/.installed-dev $(OIDC_PROVIDER)/node_modules/.installed $(HTML_CHECKER)/node_modules/.installed
	$(call pytest,-n auto -m "not browser and not postgres" $(PYTEST_ARGS))

lint: $(VENV)/.installed-dev
	$(lint_checks)

format: $(VENV)/.installed-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Rewrites both locks from pyproject.toml, keeping every pin that still fits; the dev lock is
# constrained by the runtime one, so the tests run the versions production installs. Move a
# package on with LOCK_ARGS="--upgrade-package django", or everything with LOCK_ARGS=--upgrade.
UV_COMPILE = $(BIN)/uv pip compile pyproject.toml --python-version 3.13 --python-platform linux \
	--generate-hashes --custom-compile-command "make lock" --quiet $(LOCK_ARGS)
lock: $(VENV)/.installed-dev
	$(UV_COMPILE) --output-file requirements.txt
	$(UV_COMPILE) --group dev --constraint requirements.txt --output-file requirements-dev.txt

bench: $(VENV)/.installed-dev
	$(BIN)/python bench/reading_page.py --sizes 200,1000,5000 --peer 1000

# Course search over 100,000 comments, on SQLite and then on a scratch PostgreSQL database
# (127.0.0.1:5432, dropped afterwards); see bench/search.py.
bench-search: $(VENV)/.installed-dev
	$(BIN)/python bench/search.py
	@db=colloquy_bench_search_$$$$; \
	psql -h 127.0.0.1 -U postgres -q -c "CREATE DATABASE $$db" || exit 1; \
	DATABASE_URL="postgres://postgres@127.0.0.1:5432/$$db" $(BIN)/python bench/search.py; status=$$?; \
	psql -h 127.0.0.1 -U postgres -q -c "DROP DATABASE IF EXISTS $$db"; exit $$status

# The demo's main pages at 1366x768 and 390x844, light and dark, into screenshots/ (a throwaway
# database and a server on a free port); SCREENSHOT_ARGS=--readme refreshes docs/screenshots/.
screenshots: $(VENV)/.installed-dev
	$(BIN)/python tools/screenshots.py $(SCREENSHOT_ARGS)

# 200 students on one reading for 60 s through nginx to a 3-server cluster (tools/cluster.py,
# its own PostgreSQL and Redis); LOADTEST_ARGS="--faults", "--servers 1" or "--users 1000
# --seconds 300" for the other runs. See bench/cluster_load.py.
loadtest: $(VENV)/.installed-dev
	$(BIN)/python bench/cluster_load.py $(LOADTEST_ARGS)

clean:
	rm -rf $(VENV) staticfiles screenshots .pytest_cache .ruff_cache .import_linter_cache
