# Banco de Buenas Prácticas: the commands a newcomer needs (see README.md).
#   make run    set up everything and serve http://127.0.0.1:8000 (DEBUG on)
#   make serve  production: gunicorn with the environment of README.md ("Configuration")
#   make test   the whole suite (SQLite; PostgreSQL when DATABASE_URL is set)
#   make search-eval  the search's recall@5 and MRR on the judged queries, SQLite and PostgreSQL
#   make bench  the benchmark (N=100000 practices; PostgreSQL when DATABASE_URL is set)
#   make loadtest  60 s of 50 clients at once against N practices (PostgreSQL for 100000)
#   make backup    back up the database into BACKUP_DIR (backups/)
#   make restore FILE=backups/…  restore a backup over the database (asks first)

VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
PYTHON_WANTED := $(shell cat .python-version 2>/dev/null)
DEV_ENV := DJANGO_DEBUG=1
# Tests run with debugging off, like production; this key exists only for them. Their
# servers speak plain HTTP (tests/test_production.py checks the HTTPS redirect itself).
TEST_ENV := DJANGO_SECRET_KEY=tests-only-not-a-secret DJANGO_SECURE_SSL_REDIRECT=0
HOST ?= 127.0.0.1
PORT ?= 8000
# Practices in the benchmark's throwaway database (105263: 100.000 of them published):
# `make bench N=2000` for a quick run; `make bench CHECK=1` fails when a budget is missed.
N ?= 105263

.PHONY: install run serve migrate demo test search-eval bench loadtest backup restore lint \
	format messages check clean

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

# Production, with the variables of README.md ("Configuration") and DJANGO_DEBUG unset
# whatever the shell says. Apply migrations once per release (`manage.py migrate`) first.
# collectstatic writes the hashed, compressed copies whitenoise serves; `check --deploy`
# prints what the environment still lacks (errors stop here). gunicorn: WEB_CONCURRENCY
# sync workers (2 per CPU + 1 by default), each replaced after ~1000 requests. The access
# log is the JSON line per request on stdout (ops/logging.py); gunicorn's own is off,
# as it would print query strings (searches) and client addresses.
WEB_CONCURRENCY ?= $(shell echo $$(( 2 * $$(nproc) + 1 )))
PROD_ENV := env -u DJANGO_DEBUG PYTHONUNBUFFERED=1
# A sync worker silent for longer than this is killed, even while it streams: the whole
# CSV export of 100.000 practices takes about a minute on 2 cores (make bench), so 300 s.
GUNICORN_TIMEOUT ?= 300
# gunicorn's control socket (for gunicornc) is one per user by default,
# ~/.gunicorn/gunicorn.ctl: a second instance on the host would take it over. None unless
# GUNICORN_CONTROL_SOCKET names one of this instance's own, e.g. /run/bbp/gunicorn-8000.ctl.
GUNICORN_CONTROL_SOCKET ?=
serve: install
	$(PROD_ENV) $(PY) manage.py collectstatic --no-input --verbosity 0
	$(PROD_ENV) $(PY) manage.py check --deploy
	$(PROD_ENV) $(VENV)/bin/gunicorn catalogue_site.wsgi:application \
	  --bind $(HOST):$(PORT) --workers $(WEB_CONCURRENCY) \
	  $(if $(GUNICORN_CONTROL_SOCKET),--control-socket $(GUNICORN_CONTROL_SOCKET),--no-control-socket) \
	  --max-requests 1000 --max-requests-jitter 100 --timeout $(GUNICORN_TIMEOUT) --graceful-timeout 30

# The suite runs on one process per core, up to four (pytest-xdist): each has its own test
# database and Redis database. TEST_WORKERS=0 runs it in this process (e.g. for --pdb).
TEST_WORKERS ?= $(shell n=$$(nproc 2>/dev/null || echo 2); [ $$n -gt 4 ] && n=4; echo $$n)
test: install
	$(TEST_ENV) $(VENV)/bin/pytest --numprocesses $(TEST_WORKERS) $(ARGS)

# The search's quality on the judged queries of tests/search_judgments.toml: recall@5 and
# MRR per kind of query (tests/test_search_quality.py, also part of `make test`), printed
# for SQLite, then for PostgreSQL: DATABASE_URL's (its test database made afresh) or, when
# none is set and one answers at 127.0.0.1:5432, a throwaway database created and dropped
# with psql. Tables also in artifacts/search-eval/. Fails when a database's recall@5 is
# below the test's THRESHOLD, after running both.
SEARCH_EVAL := $(VENV)/bin/pytest --numprocesses 0 -s -q tests/test_search_quality.py $(ARGS)
PG_EVAL := psql -h 127.0.0.1 -U postgres -d postgres -v ON_ERROR_STOP=1 -q
search-eval: install
	@status=0; \
	echo "== SQLite"; \
	env -u DATABASE_URL -u DATABASE_REPLICA_URL $(TEST_ENV) $(SEARCH_EVAL) || status=1; \
	case "$$DATABASE_URL" in \
	  postgres*) \
	    echo "== PostgreSQL: DATABASE_URL (a fresh test database)"; \
	    $(TEST_ENV) $(SEARCH_EVAL) --create-db || status=1 ;; \
	  *) \
	    if $(PG_EVAL) -c 'select 1' >/dev/null 2>&1; then \
	      db=bbp_search_eval_$$$$; \
	      echo "== PostgreSQL at 127.0.0.1:5432 (database $$db, dropped afterwards)"; \
	      $(PG_EVAL) -c "create database $$db" || exit 1; \
	      DATABASE_URL=postgres://postgres@127.0.0.1:5432/$$db $(TEST_ENV) $(SEARCH_EVAL) \
	        --create-db || status=1; \
	      $(PG_EVAL) -c "drop database if exists test_$$db with (force)" \
	        -c "drop database if exists $$db with (force)"; \
	    else \
	      echo "== PostgreSQL: none at 127.0.0.1:5432 and no DATABASE_URL, skipped"; \
	    fi ;; \
	esac; \
	exit $$status

# Builds a throwaway database (never yours), serves it with gunicorn like production and
# measures each page; see "Benchmark" in README.md. DJANGO_DEBUG here is for the command
# itself only: the server it starts runs without it.
bench: install
	$(DEV_ENV) $(PY) manage.py benchmark --count $(N) $(if $(CHECK),--check) $(BENCH_ARGS)

# The load test: the benchmark's throwaway database (<name>_loadtest beside DATABASE_URL's
# PostgreSQL database, else SQLite) with N practices, gunicorn as `make serve` runs it,
# then 60 s of 50 clients at once (list, filters, search, ficha, exports); fails on any
# error or 5xx. 100000 practices are meant for PostgreSQL: `make loadtest N=2000` for a
# quick run on SQLite. E.g. LOADTEST_ARGS="--duration 20 --connections 20". See README.md.
loadtest: install
	$(DEV_ENV) $(PY) manage.py loadtest --count $(N) $(LOADTEST_ARGS)

# Backups of the configured database (DATABASE_URL, else db.sqlite3) into BACKUP_DIR
# (backups/): pg_dump, or SQLite's online backup. `make backup KEEP=14` then deletes all but
# the 14 newest. `make restore FILE=…` restores one over the database, which is backed up
# first; it asks before (RESTORE_ARGS=--no-input does not; "--into NAME" restores beside
# it). See "Backup and restore" in README.md. DJANGO_DEBUG=1 only spares these commands a
# secret key: they serve nothing.
backup: install
	$(DEV_ENV) $(PY) manage.py backup $(if $(KEEP),--keep $(KEEP)) $(BACKUP_ARGS)

restore: install
	@if [ -z "$(FILE)" ]; then \
	  echo "error: say which backup to restore: make restore FILE=backups/<name>.dump (PostgreSQL) or .sqlite3 (SQLite)." >&2; \
	  dir="$${BACKUP_DIR:-backups}"; \
	  if ls "$$dir" >/dev/null 2>&1; then \
	    echo "       The newest in $$dir:" >&2; ls -1t "$$dir" | grep -v '\.partial$$' | head -5 | sed 's/^/         /' >&2; \
	  fi; \
	  exit 2; \
	fi
	$(DEV_ENV) $(PY) manage.py restore "$(FILE)" $(RESTORE_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Translations (needs GNU gettext): collect the interface's strings (Spanish msgids) into
# the English catalogue, locale/en/LC_MESSAGES/django.po, then compile every catalogue
# (en and the hand-made es overrides, which makemessages never touches) to its .mo.
# Locations without line numbers, so that moving code does not rewrite the catalogue;
# strings gone from the code leave the catalogue (their English stays in git history).
I18N_IGNORE := --ignore=$(VENV) --ignore=node_modules --ignore=staticfiles --ignore=build
messages: install
	$(DEV_ENV) $(PY) manage.py makemessages --locale=en --add-location=file --no-obsolete $(I18N_IGNORE)
	$(DEV_ENV) $(PY) manage.py compilemessages $(I18N_IGNORE)

# What CI checks besides the tests.
check: install
	$(DEV_ENV) $(PY) manage.py makemigrations --check --dry-run
	$(DEV_ENV) $(PY) manage.py check

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache *.egg-info
