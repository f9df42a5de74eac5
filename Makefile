# relsafe: two commands on a fresh machine — `make demo` and `make test`. See README.md.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
# Two workers by default (CI machines have two cores), each taking the next test when it is free
# (a long browser journey last no longer leaves the other worker idle); `make test PYTEST_ARGS=`
# runs in one process.
PYTEST_ARGS ?= -n 2 --dist worksteal
FRONTEND_SOURCES := $(shell find frontend scripts -type f 2>/dev/null)
PROD_ENV := DJANGO_SETTINGS_MODULE=relsafe.settings.production \
	SECRET_KEY=check-deploy-example-key-0123456789-abcdefghijklmnopqrstuvwxyz \
	ALLOWED_HOSTS=relsafe.example.org \
	DATABASE_URL=postgresql://relsafe@127.0.0.1:5432/relsafe \
	FIELD_ENCRYPTION_KEYS=$$($(PY) -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())')

.PHONY: demo serve serve-prod load test lint format check-deploy install static system-deps demo-code clean

$(VENV)/.installed: pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev,bench]'
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

static_build/.built: node_modules/.installed $(FRONTEND_SOURCES)
	node scripts/build-static.mjs
	@touch $@

install: $(VENV)/.installed node_modules/.installed
static: static_build/.built

system-deps:
	@bash scripts/system-deps.sh

demo: install static
	$(PY) manage.py migrate --noinput -v0
	$(PY) manage.py collectstatic --noinput -v0
	$(PY) manage.py seed_demo
	$(PY) manage.py audit_anchor
	@echo ""
	@echo "relsafe is running at http://127.0.0.1:$(PORT)/  (Ctrl+C to stop)"
	@# The background worker (django-tasks' database backend: a full re-link of people of
	@# concern) runs beside the web server and stops with it.
	$(PY) manage.py db_worker --interval 2 & WORKER=$$!; \
	trap 'kill $$WORKER 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver 127.0.0.1:$(PORT) --noreload

# Production settings and gunicorn on this machine (http on 127.0.0.1, so the cookies' Secure flag
# and the HTTPS redirect are relaxed by SERVE_PROD_LOCAL_HTTP; never set that behind a real proxy).
# It reads the demo's data, so it uses the demo's public field key unless FIELD_ENCRYPTION_KEYS is
# set: production settings allow that key only with SERVE_PROD_LOCAL_HTTP (loopback hosts only).
SERVE_PROD_ENV := DJANGO_SETTINGS_MODULE=relsafe.settings.production \
	SECRET_KEY=$$(cat var/secret_key 2>/dev/null || echo serve-prod-local-0123456789-abcdefghijklmnopqrstuvwxyz) \
	ALLOWED_HOSTS=127.0.0.1,localhost SERVE_PROD_LOCAL_HTTP=true \
	FIELD_ENCRYPTION_KEYS=$${FIELD_ENCRYPTION_KEYS:-$$($(PY) -c 'from relsafe.core.crypto import development_key; print(development_key())')}
serve-prod: install static
	$(SERVE_PROD_ENV) $(PY) manage.py migrate --noinput -v0
	$(SERVE_PROD_ENV) $(PY) manage.py collectstatic --noinput -v0
	$(SERVE_PROD_ENV) $(VENV)/bin/gunicorn -c gunicorn.conf.py

# Load test: gunicorn + generated data + locust for two minutes (bench/load/run.py; FAMILIES=50000,
# USERS=200, SECONDS=120). Uses DATABASE_URL's PostgreSQL server when set (a throwaway database).
load: install static
	$(PY) -m bench.load.run --families $(or $(FAMILIES),50000) --users $(or $(USERS),200) --seconds $(or $(SECONDS),120)

demo-code: install
	@$(PY) manage.py demo_totp $(EMAIL)

test: install static system-deps
	$(VENV)/bin/pytest $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy relsafe tests bench
	$(VENV)/bin/lint-imports

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

check-deploy: install
	$(PROD_ENV) $(PY) manage.py check --deploy --fail-level WARNING

clean:
	rm -rf $(VENV) node_modules static_build staticfiles
