# schoolsite: `make run` serves the site, `make test` runs the suite.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PORT ?= 8000
export DJANGO_SETTINGS_MODULE := schoolsite.settings

.PHONY: run test lint format install clean bench screenshots

install: $(STAMP)

# Reinstall only when a requirements file changed since the last install.
$(STAMP): requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

# The task worker (roster imports from the admin) runs beside the server and stops with it.
# It does not reload on code changes as runserver does (a reloader's child would outlive the
# trap): restart `make run` after changing an import.
run: $(STAMP)
	DJANGO_DEBUG=true $(BIN)/python manage.py migrate --noinput
	DJANGO_DEBUG=true $(BIN)/python manage.py seed_demo --if-empty --site-url http://127.0.0.1:$(PORT)
	DJANGO_DEBUG=true $(BIN)/python manage.py db_worker --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT; trap 'exit 130' INT; trap 'exit 143' TERM; \
	DJANGO_DEBUG=true $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

test: $(STAMP)
	$(BIN)/python -m pytest

# PNGs of the main pages, desktop and phone, into docs/screenshots/ (needs /usr/bin/chromium).
screenshots: $(STAMP)
	$(BIN)/python -m browser_tests.screenshots

# Benchmark with 100,000 students under gunicorn and wrk; writes docs/BENCHMARKS.md.
bench: $(STAMP)
	$(BIN)/python bench/run.py $(BENCH_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
