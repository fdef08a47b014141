# Lindung — the whole set-up is `make run` (try it) and `make test` (check it).
PYTHON ?= python3
VENV ?= .venv
PORT ?= 8000
BIN := $(VENV)/bin
LINDUNG := $(BIN)/lindung
PG_URL ?= postgres://postgres@127.0.0.1:5432/test
PYTEST_ARGS ?=

.PHONY: install run worker test test-sqlite test-postgres bench-screen bench-billing bench-allocation bench-load bench-dedupe dedupe-train lint clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Lindung needs Python 3.11 or newer"'
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test]"
	touch $@

install: $(BIN)/.installed

# Migrating loads the reference data (regions, occupations, tenants); `demo` adds the demo city once.
run: install
	LINDUNG_DEBUG=1 $(LINDUNG) migrate --noinput
	LINDUNG_DEBUG=1 $(LINDUNG) demo
	@echo ""
	@echo "Lindung: http://127.0.0.1:$(PORT)/  (background worker started alongside; Ctrl-C stops both)"
	@trap 'kill 0' INT TERM EXIT; \
	  LINDUNG_DEBUG=1 $(LINDUNG) db_worker --interval 1 --no-startup-delay >/dev/null & \
	  LINDUNG_DEBUG=1 $(LINDUNG) runserver 127.0.0.1:$(PORT)

worker: install
	$(LINDUNG) db_worker

# The whole suite on SQLite, then again on PostgreSQL when one is reachable (said clearly when not).
test: install test-sqlite test-postgres

test-sqlite: install
	@echo "== Test suite on SQLite =="
	$(BIN)/pytest -n 2 $(PYTEST_ARGS)

test-postgres: install
	@if $(BIN)/python -c 'import psycopg,sys; psycopg.connect("$(PG_URL)", connect_timeout=3).close()' 2>/dev/null; then \
	  echo "== Test suite on PostgreSQL ($(PG_URL)) =="; \
	  LINDUNG_DATABASE_URL=$(PG_URL) $(BIN)/pytest -n 2 $(PYTEST_ARGS); \
	else \
	  echo "== PostgreSQL not reachable at $(PG_URL): PostgreSQL run SKIPPED (SQLite run above is the only one) =="; \
	fi

bench-screen: install
	bash bench/screen.sh

# Precision and recall of the shipped probable-duplicate model on held-out FEBRL 1, 2 and generated data.
bench-dedupe: install
	$(BIN)/pip install --quiet -e ".[dedupe-train]"
	$(BIN)/python bench/dedupe_eval.py

# Re-train that model (writes lindung/registers/dedupe_model.json; bump --version when it changes).
dedupe-train: install
	$(BIN)/pip install --quiet -e ".[dedupe-train]"
	$(BIN)/python bench/dedupe_train.py

bench-billing: install
	bash bench/billing.sh

# Funding allocation (issue 9): the pure core on 100,000 participants, then the whole assignment through the database.
bench-allocation: install
	$(BIN)/python bench/allocation.py
	bash bench/assignment.sh

# 50 users on gunicorn + db_worker over PostgreSQL with 10^6 persons (bench/load.py; PostgreSQL at $(PG_URL)'s host).
bench-load: install
	$(BIN)/pip install --quiet -e ".[bench]"
	$(BIN)/python bench/load.py

clean:
	rm -rf $(VENV) var .pytest_cache
