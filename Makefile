# Banco de Buenas Prácticas: the commands a newcomer needs (see README.md).
#   make run    set up everything and serve http://127.0.0.1:8000 (DEBUG on)
#   make test   the whole suite (SQLite; PostgreSQL when DATABASE_URL is set)
#   make bench  the benchmark (N=100000 practices; PostgreSQL when DATABASE_URL is set)

VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
PYTHON_WANTED := $(shell cat .python-version 2>/dev/null)
DEV_ENV := DJANGO_DEBUG=1
# Tests run with debugging off, like production; this key exists only for them.
TEST_ENV := DJANGO_SECRET_KEY=tests-only-not-a-secret
HOST ?= 127.0.0.1
PORT ?= 8000
# Practices in the benchmark's throwaway database: `make bench N=2000` for a quick run.
N ?= 100000

.PHONY: install run migrate demo test bench lint format messages check clean

install: $(STAMP)

$(PY):
	@py=""; \
	for candidate in python$(PYTHON_WANTED) python3.13 python3.12 python3; do \
	  if command -v $$candidate >/dev/null 2>&1 && \
	     $$candidate -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1; then \
	    py=$$candidate; break; \
	  fi; \
	done; \
	if [ -z "$$py" ]; then \
	  echo "error: Python 3.12 or newer was not found (this project uses $(PYTHON_WANTED), see .python-version)." >&2; \
	  echo "       Install it (e.g. 'pyenv install $(PYTHON_WANTED)') and run make again." >&2; \
	  exit 1; \
	fi; \
	echo "Creating $(VENV) with $$($$py --version)"; \
	$$py -m venv $(VENV)

$(STAMP): $(PY) pyproject.toml
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet '.[test]'
	@touch $(STAMP)

migrate: install
	$(DEV_ENV) $(PY) manage.py migrate --no-input

demo: migrate
	$(DEV_ENV) $(PY) manage.py loaddata demo

run: demo
	$(DEV_ENV) $(PY) manage.py runserver $(HOST):$(PORT)

test: install
	$(TEST_ENV) $(VENV)/bin/pytest $(ARGS)

# Builds a throwaway database (never yours), serves it with gunicorn like production and
# measures each page; see "Benchmark" in README.md. DJANGO_DEBUG here is for the command
# itself only: the server it starts runs without it.
bench: install
	$(DEV_ENV) $(PY) manage.py benchmark --count $(N) $(BENCH_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Recompile the project's translation catalogues (needs gettext's msgfmt).
messages: install
	$(DEV_ENV) $(PY) manage.py compilemessages --ignore=$(VENV)

# What CI checks besides the tests.
check: install
	$(DEV_ENV) $(PY) manage.py makemigrations --check --dry-run
	$(DEV_ENV) $(PY) manage.py check

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache *.egg-info
