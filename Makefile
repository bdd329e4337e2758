# Outreach — run `make help` for the list of targets.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
FLASK  := $(BIN)/flask --app wsgi
HOST   ?= 127.0.0.1
PORT   ?= 5000
# Test processes for `make test` (pytest-xdist): `auto` is one per core.
TEST_WORKERS ?= auto

.DEFAULT_GOAL := help

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt $(VENV)/.installed
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed ## Create the virtualenv and install the requirements

install-dev: $(VENV)/.installed-dev ## Install the test and tooling requirements too

db: install ## Create or upgrade the database schema
	$(FLASK) db upgrade

# The content is local: it is loaded even when the directory's source cannot be reached
# (the sync then says which source it tried and how to point it elsewhere).
directory: db ## Load the officials directory and the campaign content if they are empty
	@$(FLASK) directory sync --if-empty || echo "make: the directory was not loaded (see above); loading the campaign content anyway." >&2
	$(FLASK) content load --if-empty
	$(FLASK) corrections load --if-empty

run: directory ## Prepare everything and serve on http://127.0.0.1:5000 (PORT=, HOST= to change)
	@$(BIN)/python scripts/check_port.py $(HOST) $(PORT)
	$(FLASK) run --host $(HOST) --port $(PORT)

serve: directory ## Serve with gunicorn (production settings from gunicorn.conf.py)
	$(BIN)/gunicorn --config gunicorn.conf.py wsgi:app

sync: db ## Sync the directory from its source now (see README)
	$(FLASK) directory sync

test: install-dev ## Install and run every test
	bash scripts/install-os-packages.sh
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadscope --durations=15

lint: install-dev ## Check style and types (ruff, mypy)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

fmt: install-dev ## Format the code (ruff)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: install-dev ## Measure speed and memory; prints a table, writes bench/results.json
	WITH_BENCH_TOOLS=1 bash scripts/install-os-packages.sh
	$(BIN)/python -m bench

.PHONY: help install install-dev db directory run serve sync test lint fmt bench
