# Quick start: `make serve` then `make test`. Everything runs from .venv.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-site
TEST_STAMP := $(VENV)/.installed-test
# `make serve PORT=8001` when 8000 is taken.
PORT ?= 8000
HOST := 127.0.0.1
# mkdocs serve watches docs/ and mkdocs.yml (policy/ through the plugin); the theme folders too:
THEME_WATCH := --watch plugins/policy_archive/theme
export NO_MKDOCS_2_WARNING := 1

.PHONY: install system-deps serve build test lint check demo bench bench-redline mutation clean

# What building and serving need (the package, MkDocs, Material, i18n), with pip's progress shown.
$(STAMP): pyproject.toml
	@echo 'Installing policy-archive and MkDocs into $(VENV) (the first time takes a minute or two)...'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --progress-bar on -e .
	touch $(STAMP)

# The test tools on top (pytest, Playwright, aiosmtpd, ruff): only for `make test`, `make lint`, the benchmarks.
$(TEST_STAMP): $(STAMP)
	@echo 'Installing the test tools into $(VENV)...'
	$(BIN)/pip install --progress-bar on -e '.[test]'
	touch $(TEST_STAMP)

install: $(STAMP) system-deps
	@echo 'Installed in $(VENV). Put policy-archive and mkdocs on the PATH with: . $(BIN)/activate'

# Before installing or serving: a clear message instead of mkdocs' traceback when the port is taken.
port-free-%:
	@case '$(PORT)' in ''|*[!0-9]*) echo "make $*: PORT must be a number, not '$(PORT)'" >&2; exit 1;; esac
	@$(PYTHON) -c 'import socket, sys; s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind((sys.argv[1], int(sys.argv[2])))' $(HOST) $(PORT) 2>/dev/null || { \
	  echo "make $*: port $(PORT) on $(HOST) is in use (another 'make serve' or 'make demo', or another program)." >&2; \
	  echo "Stop it, or serve on another port: make $* PORT=$$(( $(PORT) + 1 ))" >&2; exit 1; }

serve: port-free-serve $(STAMP)
	POLICY_ARCHIVE_PDF=0 $(BIN)/mkdocs serve --dev-addr $(HOST):$(PORT) --watch overrides $(THEME_WATCH)

build: $(STAMP)
	$(BIN)/mkdocs build --strict --site-dir site

demo: port-free-demo $(STAMP)
	POLICY_ARCHIVE_PDF=0 $(BIN)/mkdocs serve -f examples/demo/mkdocs.yml --dev-addr $(HOST):$(PORT) $(THEME_WATCH)

bench: $(TEST_STAMP)
	$(BIN)/python bench/run.py

bench-redline: $(TEST_STAMP)
	$(BIN)/python bench/redline_quality.py
	$(BIN)/python bench/redline_share.py

check: $(STAMP)
	$(BIN)/policy-archive check

# Pango for WeasyPrint (PDFs), poppler-utils for the PDF tests: installed with apt-get when it can.
PDF_DEBS := libpango-1.0-0 libpangoft2-1.0-0 fonts-liberation poppler-utils
system-deps:
	@if command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ] && ! dpkg -s $(PDF_DEBS) >/dev/null 2>&1; then \
	  echo "Installing $(PDF_DEBS)..."; apt-get update -qq && apt-get install -y -qq $(PDF_DEBS) >/dev/null; fi

test: $(TEST_STAMP) system-deps
	$(BIN)/python tests/browser_check.py
	$(BIN)/ruff check .
	$(BIN)/pytest -n 2

# Mutation testing of the modules that implement the rules (TESTING.md); slow, not part of `make test` or CI.
# `make mutation MODULES="notice send"` for some of them.
mutation: $(TEST_STAMP)
	@test -x $(BIN)/mutmut || $(BIN)/pip install --quiet -e '.[test,mutation]'
	$(BIN)/python tests/mutation.py $(MODULES)

lint: $(TEST_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

clean:
	rm -rf site .pytest_cache
