# Droomplan: `make demo` and `make test` are the two commands a newcomer needs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
# pytest-xdist workers for `make test` (auto: one per core; 0: none, in this process).
TEST_WORKERS ?= auto

.PHONY: demo test install lint format messages browser-deps screenshots vendor clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

install: $(STAMP)

# The web server and one background worker (e-mail, reminders, long downloads); Ctrl+C stops
# both. The daily jobs run once at the start (in production a timer runs them: docs/deployment.md).
demo: install
	$(BIN)/droomplan migrate --no-input
	$(BIN)/droomplan createcachetable
	$(BIN)/droomplan demo_data
	$(BIN)/droomplan run_periodic
	$(BIN)/droomplan demo_logins
	@echo "Droomplan runs on http://$(HOST):$(PORT)/ with a background worker (stop both with Ctrl+C)"
	@export DROOMPLAN_BASE_URL="$${DROOMPLAN_BASE_URL:-http://$(HOST):$(PORT)}"; \
	$(BIN)/droomplan db_worker --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/droomplan runserver $(HOST):$(PORT)

# Debian's chromium drives the browser tests; installed when missing and we may (root + apt).
browser-deps:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "Installing Debian's chromium for the browser tests..."; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core >/dev/null) \
	      || echo "Could not install chromium: browser tests will be skipped."; \
	  else \
	    echo "chromium not found and cannot be installed here: browser tests will be skipped."; \
	  fi; }

test: install browser-deps
	$(BIN)/ruff check src tests benchmarks scripts conftest.py
	$(BIN)/ruff format --check src tests benchmarks scripts conftest.py
	$(BIN)/droomplan makemigrations --check --dry-run
	$(BIN)/pytest -n $(TEST_WORKERS)

lint: install
	$(BIN)/ruff check src tests benchmarks scripts conftest.py

format: install
	$(BIN)/ruff format src tests benchmarks scripts conftest.py
	$(BIN)/ruff check --fix src tests benchmarks scripts conftest.py

# Extract and compile the Dutch translations of every app (needs GNU gettext).
messages: install
	cd src/droomplan && for app in */locale; do \
	  (cd $$(dirname $$app) && ../../../$(BIN)/droomplan makemessages -l nl --no-obsolete >/dev/null && ../../../$(BIN)/droomplan compilemessages -l nl >/dev/null); \
	done

screenshots: install browser-deps
	$(BIN)/python scripts/screenshots.py

# Refresh the vendored front-end files (versions in scripts/vendor.py) from the npm registry.
vendor:
	$(PYTHON) scripts/vendor.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
