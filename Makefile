# Klageportal — `make run` starts the portal, `make test` runs every test. Both install what is missing.
SHELL := /bin/bash
PORT ?= 8000
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
CHROMIUM := /usr/bin/chromium

.PHONY: run test unit e2e bench lint install assets chromium system-libs migrate messages clean

$(VENV)/.installed: requirements/base.txt requirements/dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements/base.txt -r requirements/dev.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

static/vendor/.built: node_modules/.installed scripts/build_assets.mjs
	npm run --silent build
	touch $@

install: $(VENV)/.installed
assets: static/vendor/.built

# Receipts are PDF/A made with WeasyPrint, which needs Pango and a font from the system.
system-libs:
	@ldconfig -p | grep -q libpangoft2-1.0 && ldconfig -p | grep -q libharfbuzz-subset && test -d /usr/share/fonts/truetype/dejavu || { \
	  echo "Installing Pango and fonts for the PDF receipts"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	    libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core; }

chromium:
	@test -x $(CHROMIUM) || { echo "Installing Chromium for the browser tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }
	@test -x $(CHROMIUM) || { echo "Chromium is missing: $(CHROMIUM)"; exit 1; }

migrate: install
	$(PY) manage.py migrate --noinput -v0

run: install assets system-libs migrate
	$(PY) manage.py setup_portal
	$(PY) manage.py collectstatic --noinput -v0
	$(PY) manage.py serve --host 127.0.0.1 --port $(PORT)

# The production server (gunicorn.conf.py reads KP_BIND, KP_WEB_WORKERS, KP_WEB_THREADS, …); no scheduler in it:
# production runs Celery worker and beat with KP_CELERY_BROKER_URL.
.PHONY: serve-prod
serve-prod:
	$(PY) -m gunicorn -c gunicorn.conf.py klageportal.wsgi

unit: install assets system-libs
	$(PY) -m pytest tests

e2e: install assets system-libs chromium
	$(PY) -m pytest e2e

test: install assets system-libs chromium
	$(PY) -m pytest tests e2e

bench: install assets
	@$(PY) bench/run.py

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/mypy
	$(VENV)/bin/djlint templates --lint
	$(PY) manage.py makemigrations --check --dry-run

messages: install
	$(PY) manage.py makemessages -l en --ignore=$(VENV) --ignore=node_modules
	$(PY) manage.py compilemessages --ignore=$(VENV) --ignore=node_modules

clean:
	rm -rf var/staticfiles static/vendor node_modules/.installed

# The production shape on this machine, from Debian's and PyPI's packages (scripts/prod_local.py): nginx with TLS
# balancing over two Gunicorn servers, Celery worker and beat, a private Redis, moto's S3 server, clamd and a
# database of its own on PostgreSQL; KP_ENVIRONMENT=staging with the test identities. KP_PROD_LOCAL_PORT (8443).
.PHONY: prod-local prod-local-stop
prod-local: install assets system-libs
	$(PY) scripts/prod_local.py start

prod-local-stop:
	$(PY) scripts/prod_local.py stop

# Background work with a broker (KP_CELERY_BROKER_URL, e.g. redis://127.0.0.1:6379/0): `make worker` sends e-mails
# and runs what beat schedules; `make beat` schedules the retry sweep, digest, reminders, unlinked files and
# retention. Run one beat, and as many workers as wanted (each KP_WORKER_CONCURRENCY processes).
KP_WORKER_CONCURRENCY ?= 2
KP_LOG_LEVEL ?= INFO
.PHONY: worker beat
worker: install
	@test -n "$$KP_CELERY_BROKER_URL" || { echo "KP_CELERY_BROKER_URL is not set: without a broker the portal runs tasks in-process"; exit 1; }
	$(VENV)/bin/celery -A klageportal worker --pool=prefork --concurrency=$(KP_WORKER_CONCURRENCY) \
	  --loglevel=$(KP_LOG_LEVEL) --without-gossip --without-mingle

beat: install
	@test -n "$$KP_CELERY_BROKER_URL" || { echo "KP_CELERY_BROKER_URL is not set: without a broker the portal runs tasks in-process"; exit 1; }
	@mkdir -p $${KP_VAR_DIR:-var}
	$(VENV)/bin/celery -A klageportal beat --loglevel=$(KP_LOG_LEVEL)
