# Quick start: `make serve` then `make test`. Everything runs from .venv.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1

.PHONY: install system-deps serve build test lint check demo bench bench-redline clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP) system-deps
	@echo 'Installed in $(VENV). Put policy-archive and mkdocs on the PATH with: . $(BIN)/activate'

serve: $(STAMP)
	POLICY_ARCHIVE_PDF=0 $(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

build: $(STAMP)
	$(BIN)/mkdocs build --strict --site-dir site

demo: $(STAMP)
	POLICY_ARCHIVE_PDF=0 $(BIN)/mkdocs serve -f examples/demo/mkdocs.yml --dev-addr 127.0.0.1:8000

bench: $(STAMP)
	$(BIN)/python bench/run.py

bench-redline: $(STAMP)
	$(BIN)/python bench/redline_quality.py
	$(BIN)/python bench/redline_share.py

check: $(STAMP)
	$(BIN)/policy-archive check

# Pango for WeasyPrint (PDFs), poppler-utils for the PDF tests: installed with apt-get when it can.
PDF_DEBS := libpango-1.0-0 libpangoft2-1.0-0 fonts-liberation poppler-utils
system-deps:
	@if command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ] && ! dpkg -s $(PDF_DEBS) >/dev/null 2>&1; then \
	  echo "Installing $(PDF_DEBS)..."; apt-get update -qq && apt-get install -y -qq $(PDF_DEBS) >/dev/null; fi

test: $(STAMP) system-deps
	$(BIN)/python tests/browser_check.py
	$(BIN)/ruff check .
	$(BIN)/pytest -n 2

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

clean:
	rm -rf site .pytest_cache
