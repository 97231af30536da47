# Two commands for a newcomer: `make run` and `make test` (see README.md).
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8501

.PHONY: run test test-fast check lint format bench agreement clean-db

# Every folder that holds Python source.
SOURCES := mixdecide ui pages app.py tests bench migrations
# The SQLite file `make run` uses (DATABASE_URL selects PostgreSQL instead; clean-db leaves that alone).
DB_FILE ?= $(or $(MIXDECIDE_DB_PATH),data/mixdecide.db)

$(VENV)/bin/python:
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "MIX Decide needs Python 3.11 or newer"'
	@$(PYTHON) -m venv $(VENV) || { echo "Could not create a virtualenv: install python3-venv (apt-get install python3-venv)"; exit 1; }

$(VENV)/.installed: requirements.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	@touch $@

$(VENV)/.test-installed: $(VENV)/.installed requirements-test.txt
	$(PY) -m pip install --quiet -r requirements-test.txt
	@touch $@

run: $(VENV)/.installed
	$(PY) -m mixdecide.store upgrade
	$(PY) -m mixdecide.store seed
	$(PY) -m streamlit run app.py --server.port $(PORT)

# --durations: the slowest tests are named at the end, so a slower suite shows where it went
test: $(VENV)/.test-installed
	$(PY) -m pytest --durations=30

# The edit loop: unit tests and every page through AppTest (no browser, no slow tests, fewer
# property-test examples). About a minute; see README.md for each suite's time.
test-fast: $(VENV)/.test-installed
	HYPOTHESIS_PROFILE=fast $(PY) -m pytest tests/unit tests/ui -m "not browser and not slow" -q

# Before the tests in CI: lint, formatting and strict type checks (mypy settings in pyproject.toml).
check: lint
	$(VENV)/bin/mypy

lint: $(VENV)/.test-installed
	$(VENV)/bin/ruff check $(SOURCES)
	$(VENV)/bin/ruff format --check $(SOURCES)

format: $(VENV)/.test-installed
	$(VENV)/bin/ruff check --fix $(SOURCES)
	$(VENV)/bin/ruff format $(SOURCES)

# Forget the local SQLite database (demo assessments are seeded again by `make run`).
clean-db:
	rm -f $(DB_FILE) $(DB_FILE)-wal $(DB_FILE)-shm $(DB_FILE)-journal

# Does the engine pick the route real buyers used? The pack's case library against the engine and a
# plain direction-table baseline: hit@1, hit@3, confusion table, each disagreement (see README.md).
agreement: $(VENV)/.installed
	$(PY) bench/agreement.py

bench: $(VENV)/.test-installed
	$(PY) bench/engine.py
	$(PY) bench/cases.py
	$(PY) bench/store.py
	$(PY) bench/reports.py
	$(PY) bench/ui.py
