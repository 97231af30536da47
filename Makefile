# Two commands for a newcomer: `make run` and `make test` (see README.md).
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8501

.PHONY: run test lint bench clean-db

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

test: $(VENV)/.test-installed
	$(PY) -m pytest

lint: $(VENV)/.test-installed
	$(VENV)/bin/ruff check mixdecide pages app.py tests bench

bench: $(VENV)/.test-installed
	$(PY) bench/engine.py
	$(PY) bench/store.py
	$(PY) bench/reports.py
	$(PY) bench/ui.py
