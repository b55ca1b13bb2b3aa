# MộtCửa — the two commands a newcomer needs: `make run` and `make test`. See README.md.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: run test bench lint messages clean help

help:
	@echo "make run    - start the demo at http://127.0.0.1:8000 (SQLite, demo province, task worker)"
	@echo "make test   - install what is missing, start a throwaway PostgreSQL, run every check and test"
	@echo "make bench  - benchmarks on PostgreSQL with generated data -> bench/results.json"

# The venv is rebuilt only when the pinned requirements change (stamp files).
$(VENV)/.base-installed: requirements/base.txt pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements/base.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -e .
	@touch $@

$(VENV)/.dev-installed: $(VENV)/.base-installed requirements/dev.txt
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements/dev.txt
	@touch $@

run: $(VENV)/.base-installed
	@scripts/run-demo.sh

test:
	@scripts/install-system-deps.sh
	@$(MAKE) --no-print-directory $(VENV)/.dev-installed
	@scripts/test.sh

bench:
	@scripts/install-system-deps.sh bench
	@$(MAKE) --no-print-directory $(VENV)/.dev-installed
	@scripts/bench.sh

lint: $(VENV)/.dev-installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports

messages: $(VENV)/.dev-installed
	cd src/motcua && DJANGO_SETTINGS_MODULE=config.settings.dev ../../$(PY) ../../manage.py makemessages -l en --no-obsolete
	cd src/motcua && DJANGO_SETTINGS_MODULE=config.settings.dev ../../$(PY) ../../manage.py compilemessages -l en

clean:
	rm -rf $(VENV) var/static .pytest_cache
