# Cosign. `make run` serves the demo; `make test` runs the tests. Both set themselves up.
#
# Only Python 3.11+ and make are needed: the first run installs uv (the package manager) into
# .tools/ and the locked dependencies into .venv/.

PYTHON ?= python3
PORT ?= 8000
UV_VERSION := 0.13.9
UV := .tools/bin/uv
VENV := .venv
MANAGE := $(VENV)/bin/python manage.py
# ASGI, so that the live count's event stream is served too; it reloads on code changes.
SERVE = $(VENV)/bin/uvicorn cosign.asgi:application --reload --reload-dir cosign --reload-dir campaigns --reload-dir accounts --reload-dir templates --reload-include '*.html' --lifespan off --host 127.0.0.1 --port $(PORT)
PYTEST_WORKERS ?= auto

export UV_PROJECT_ENVIRONMENT := $(VENV)
export UV_PYTHON_DOWNLOADS := never

.PHONY: help setup run worker test test-services e2e check format bench bench-pdf bench-render clean

help:
	@echo "make run            set up, migrate, load the demo and serve on 127.0.0.1:$(PORT)"
	@echo "make test           run the tests (SQLite, tasks in-process)"
	@echo "make test-services  run them on PostgreSQL + Redis with a real Celery worker, then on RabbitMQ"
	@echo "make e2e            the browser suite: Chromium, a live server, a worker, SMTP"
	@echo "make check          ruff, makemigrations --check, import-linter, mypy"
	@echo "make bench          benchmarks; record the figures in docs/benchmarks.md"
	@echo "make bench-pdf      letter PDFs of 146 to 100,000 signers through Celery workers"
	@echo "make bench-render   letter text: 100,000 characters of each hostile nesting, rendered"

$(UV):
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Cosign needs Python 3.11 or newer; this is " + sys.version.split()[0])'
	$(PYTHON) -m venv .tools
	.tools/bin/python -m pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"

$(VENV)/.synced: $(UV) pyproject.toml uv.lock
	$(UV) sync --frozen --python "$$($(PYTHON) -c 'import sys; print(sys.executable)')"
	@touch $@

setup: $(VENV)/.synced
	@$(VENV)/bin/python -c 'import weasyprint' 2>/dev/null || { \
	  echo; \
	  echo "WeasyPrint, which renders the letter PDFs, needs the Pango library, and it is missing."; \
	  echo "  Debian/Ubuntu:  sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0"; \
	  echo "  Fedora:         sudo dnf install pango"; \
	  echo "  macOS:          brew install pango"; \
	  echo; exit 1; }

run: setup
	@$(MANAGE) migrate --noinput -v 0
	@$(MANAGE) seed_demo
	@echo
	@echo "  Cosign is at http://127.0.0.1:$(PORT)/"
	@echo "  Demo organizer: organizer@cosign.test, password cosign-demo"
	@if [ -z "$$EMAIL_HOST" ]; then echo "  Emails are printed here and kept in var/outbox/"; fi
	@if [ -n "$$REDIS_URL" ]; then echo "  Celery worker and beat: running beside the web server"; \
	  else echo "  Celery tasks run in this process, after each response (set REDIS_URL for Redis and a worker)"; fi
	@echo
	@if [ -n "$$REDIS_URL" ]; then \
	  trap 'kill 0' INT TERM; \
	  WEBHOOKS_ALLOW_LOOPBACK=1 $(VENV)/bin/celery -A cosign worker --beat --loglevel=INFO --concurrency=2 & \
	  WEBHOOKS_ALLOW_LOOPBACK=1 PORT=$(PORT) $(SERVE); \
	  kill 0; \
	else \
	  WEBHOOKS_ALLOW_LOOPBACK=1 OUTBOX_IN_BACKGROUND=1 PORT=$(PORT) $(SERVE); \
	fi

worker: setup
	$(VENV)/bin/celery -A cosign worker --beat --loglevel=INFO

test: setup
	$(VENV)/bin/pytest -n $(PYTEST_WORKERS)

# The services suite: every test on PostgreSQL and Redis, then those marked `services`, which
# share one real Celery worker process (started by the tests) and so run one at a time, all
# keeping their files in moto's S3 server (started by the tests on loopback). Needs
# both servers; CI fails if absent. pytest-django creates (and drops) the test databases
# test_<name>[_gw<n>]; a fresh name per run keeps concurrent runs apart. The parallel workers
# use Redis databases 13 and 14 (tests/conftest.py).
PG_URL ?= postgres://postgres@127.0.0.1:5432
REDIS_TEST_URL ?= redis://127.0.0.1:6379/13

# Then the `broker` tests again with RabbitMQ as the broker (delivery, the outbox's dispatch to
# the queues by kind, retries, the PDF chord, a worker killed mid-task, the burst of emails
# beside a render), in a vhost of their own (.ci/run makes it: rabbitmqctl add_vhost).
RABBITMQ_TEST_URL ?= amqp://guest:guest@127.0.0.1:5672/cosign_test

SERVICES_ENV = DATABASE_URL="$(PG_URL)/cosign_$$(date +%s)_$$$$" REDIS_URL="$(REDIS_TEST_URL)"

test-services: setup
	$(SERVICES_ENV) $(VENV)/bin/pytest -n 2 -m "not services"
	$(SERVICES_ENV) $(VENV)/bin/pytest -p no:xdist -m services
	$(SERVICES_ENV) CELERY_BROKER_URL="$(RABBITMQ_TEST_URL)" $(VENV)/bin/pytest -p no:xdist -m "services and broker"

# The browser suite: headless Chromium (apt-get install chromium) against uvicorn, a Celery
# worker and a local SMTP server, on PostgreSQL and Redis; axe-core and the Nu HTML Checker
# (Java) come from npm. Screenshots and reports go to test-output/e2e/.
e2e/node_modules/.installed: e2e/package.json e2e/package-lock.json
	npm ci --prefix e2e --ignore-scripts --no-audit --no-fund
	@touch $@

e2e: setup e2e/node_modules/.installed
	COSIGN_E2E=1 DATABASE_URL="$(PG_URL)/postgres" REDIS_URL="$(REDIS_TEST_URL)" \
	  $(VENV)/bin/pytest -p no:xdist tests/e2e

check: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(MANAGE) makemigrations --check --dry-run
	$(VENV)/bin/lint-imports
	$(VENV)/bin/mypy campaigns accounts cosign

# The load benchmark (gunicorn + uvicorn + PostgreSQL + Redis, driven by wrk; needs `wrk`),
# then page timings with 100,000 signers. Figures go in docs/benchmarks.md.
bench: setup
	$(VENV)/bin/python -W ignore -m bench.load
	$(MANAGE) migrate --noinput -v 0
	$(VENV)/bin/python -W ignore -m bench.signer_list --signers 100000
	$(VENV)/bin/python -W ignore -m bench.api --signatures 100000
	$(VENV)/bin/python -W ignore -m bench.tracker
	$(VENV)/bin/python -W ignore -m bench.outreach
	$(MANAGE) seed_demo
	$(VENV)/bin/python -W ignore -m bench.organizer_actions
	OUTBOX_IN_BACKGROUND=1 $(VENV)/bin/python -W ignore -m bench.organizer_actions --in-process

# Letter PDFs of 146 to 100,000 signers rendered by 1 and 2 Celery worker processes, and
# refreshed after one more signature (PostgreSQL + Redis); then the 10,000 and 100,000 on S3
# storage (moto's server on loopback). Figures go in docs/benchmarks.md.
bench-pdf: setup
	$(VENV)/bin/python -W ignore -m bench.pdf
	$(VENV)/bin/python -W ignore -m bench.pdf --storage s3 --sizes 10000,100000 --workers 2

# Rendering letter text (Markdown, then the sanitizer), in this process, no services: 100,000
# characters of each nesting shape in tests/hostile/corpus.py, of dense markup and of a letter.
# Figures go in docs/benchmarks.md.
bench-render: setup
	$(VENV)/bin/python -W ignore -m bench.render

format: setup
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

clean:
	rm -rf .tools $(VENV) var db.sqlite3 test-output
