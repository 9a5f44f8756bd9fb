# `make run`: the site on http://127.0.0.1:8000 with the real programme data (SQLite, no services) and, on an
# empty database, a sample year of activity shown as at SAMPLE_AS_AT; `make run SAMPLE=0` starts without it.
# `make test`: everything CI checks, against PostgreSQL and Redis on 127.0.0.1.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/champions_portal
TEST_REDIS_URL ?= redis://127.0.0.1:6379/15
# pytest-xdist workers. On 2 cores, measured for the whole suite: 2 workers 223 s, 3 workers 197 s,
# 4 workers 240 s (browser tests spend much of their time waiting on Chromium, so one more than the cores).
TEST_WORKERS ?= 3
# Sample activity (sample_data): loaded by `make run` into a database with no activity, and the site's clock
# (SITE_AS_AT) set to the day it runs up to. SAMPLE=0: neither.
SAMPLE ?= 1
SAMPLE_AS_AT ?= 2014-01-14
WITH_SAMPLE := $(filter 1,$(SAMPLE))

.PHONY: run test lint chromium static

run: $(VENV)/.runtime
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_programme
	$(PY) manage.py create_demo_accounts
	$(if $(WITH_SAMPLE),$(PY) manage.py load_sample_activity --if-empty --as-at $(SAMPLE_AS_AT))
	$(if $(WITH_SAMPLE),SITE_AS_AT=$(SAMPLE_AS_AT)) $(PY) manage.py runserver 127.0.0.1:8000

test: $(VENV)/.dev chromium lint
	DATABASE_URL=$(TEST_DATABASE_URL) REDIS_URL=$(TEST_REDIS_URL) REQUIRE_SERVICES=1 $(PY) -m pytest -n $(TEST_WORKERS) --dist loadgroup

lint: $(VENV)/.dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py check --fail-level WARNING
	$(PY) manage.py makemigrations --check --dry-run

# Packages are installed by uv (from PyPI) rather than pip: the same pinned requirements, in 16 s rather than 30 s
# on a machine that has fetched them before (requirements-dev.txt in a fresh clone). Compiled to bytecode as pip
# does, or every process compiles them again where PYTHONDONTWRITEBYTECODE is set (it is on CI).
UV := $(VENV)/bin/uv pip install --quiet --compile-bytecode --python $(PY)

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/bin/uv: | $(VENV)/bin/python
	$(VENV)/bin/pip install --quiet uv==0.13.9

$(VENV)/.runtime: requirements.txt | $(VENV)/bin/uv
	$(UV) -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt | $(VENV)/bin/uv
	$(UV) -r requirements-dev.txt
	touch $@ $(VENV)/.runtime

# Browser tests drive Debian's Chromium (Playwright must not download its own).
chromium:
	@command -v chromium >/dev/null || { $(SUDO) apt-get update -q && $(SUDO) apt-get install -y -q chromium; }

# Rebuild static/ from govuk-frontend (needs Node; the output is committed).
static:
	frontend/build.sh
