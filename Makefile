# Quick start: `make serve` then `make test`. Everything runs from .venv.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1

.PHONY: install serve build test lint check demo bench bench-redline clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)
	@echo 'Installed in $(VENV). Put policy-archive and mkdocs on the PATH with: . $(BIN)/activate'

serve: $(STAMP)
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

build: $(STAMP)
	$(BIN)/mkdocs build --strict --site-dir site

demo: $(STAMP)
	$(BIN)/mkdocs serve -f examples/demo/mkdocs.yml --dev-addr 127.0.0.1:8000

bench: $(STAMP)
	$(BIN)/python bench/run.py

bench-redline: $(STAMP)
	$(BIN)/python bench/redline_quality.py
	$(BIN)/python bench/redline_share.py

check: $(STAMP)
	$(BIN)/policy-archive check

test: $(STAMP)
	$(BIN)/python tests/browser_check.py
	$(BIN)/ruff check .
	$(BIN)/pytest -n 2

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

clean:
	rm -rf site .pytest_cache
