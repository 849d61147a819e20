# Gazette — the two commands of the README are `make run` and `make test`; everything else supports them.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

VENV   := .venv
PY     := $(VENV)/bin/python
PIP    := $(VENV)/bin/pip
STAMP  := $(VENV)/.installed
SYSPKGS := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-cjk gettext chromium poppler-utils
PYTHON ?= python3

.PHONY: help setup sysdeps benchdeps run test lint security check pytest bench soak messages clean

help:
	@echo "make run    set up (first time) and start Gazette at http://127.0.0.1:8000 (web + worker + beat)"
	@echo "make test   set up and run ruff, checks and the whole test suite against PostgreSQL and Redis"
	@echo "make bench  run the benchmarks under bench/ (see bench/README.md)"
	@echo "make soak   run the reliability tests at large counts (1000 races, 25 worker kills, 1000 fuzz cases per API operation)"

# System libraries WeasyPrint needs, a CJK font, gettext for translations, Chromium for browser tests.
sysdeps:
	@missing=""; for p in $(SYSPKGS); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing system packages:$$missing"; \
	  SUDO=""; [ "$$(id -u)" -ne 0 ] && SUDO="sudo"; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi

# Only the benchmarks need these (wrk drives the API load test); `make test` does not install them.
BENCHPKGS := wrk
benchdeps:
	@missing=""; for p in $(BENCHPKGS); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing benchmark packages:$$missing"; \
	  SUDO=""; [ "$$(id -u)" -ne 0 ] && SUDO="sudo"; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	$(PIP) install -q -e '.[dev]'
	@touch $(STAMP)

messages: $(STAMP)
	@$(PY) manage.py compilemessages -v0 --ignore=.venv

setup: sysdeps $(STAMP) messages

run: setup
	$(PY) manage.py migrate --noinput -v0
	$(PY) manage.py seed_demo
	eval "$$($(PY) scripts/envprobe.py run)"; exec $(PY) manage.py runstack

lint: $(STAMP)
	$(VENV)/bin/ruff check .

check: $(STAMP)
	eval "$$($(PY) scripts/envprobe.py test)"; \
	  $(PY) manage.py check --fail-level WARNING && \
	  $(PY) manage.py makemigrations --check --dry-run

pytest: $(STAMP)
	eval "$$($(PY) scripts/envprobe.py test)"; DJANGO_ENV=test $(VENV)/bin/pytest --create-db -p no:cacheprovider $(PYTEST_ARGS)

# Static security check (issue 7): no medium or high bandit finding in the project package.
security: $(STAMP)
	$(VENV)/bin/bandit -q -r gazette -ll

test: setup lint security check pytest

# Reliability at large counts (issue 7); `make test` runs the same tests at small counts (the API fuzzer: 6 examples
# per operation there, 1000 here).
SOAK_ENV := SOAK_RACES=1000 SOAK_KILLS=25 SOAK_FAULT_CASES=300 SOAK_FUZZ_EXAMPLES=1000
soak: setup
	eval "$$($(PY) scripts/envprobe.py test)"; DJANGO_ENV=test $(SOAK_ENV) $(VENV)/bin/pytest --create-db \
	  -p no:cacheprovider -s tests/reliability tests/api/test_fuzz.py $(PYTEST_ARGS)

bench: setup benchdeps
	eval "$$($(PY) scripts/envprobe.py run)"; $(PY) bench/run.py $(BENCH_ARGS)

clean:
	rm -rf var/ .pytest_cache
