# Two commands on a fresh machine: `make run` and `make test`. Everything else is set up here.
SHELL := /bin/bash
PY ?= python3
UV := $(shell command -v uv 2>/dev/null || echo "$(PY) -m uv")
RUN := $(UV) run --frozen
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: setup run test browser lint format bench migrate seed worker beat clean

# uv is the only tool we need; install it through pip when the machine does not have it.
.venv/.synced: pyproject.toml uv.lock
	@command -v uv >/dev/null 2>&1 || $(PY) -m uv --version >/dev/null 2>&1 || \
		$(PY) -m pip install --quiet uv || $(PY) -m pip install --quiet --user --break-system-packages uv
	$(UV) sync --frozen
	@touch $@

setup: .venv/.synced

migrate: setup
	$(RUN) rcm migrate

seed: migrate
	$(RUN) rcm seed-demo

run: seed
	$(RUN) rcm serve --host $(HOST) --port $(PORT)

# The dashboard's browser tests need Debian's Chromium and its driver: CI installs them (it runs as
# root); locally they are skipped with the install command when missing.
browser:
	@if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then :; \
	elif [ "$$CI" = "true" ] && command -v apt-get >/dev/null; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver; \
	fi

test: setup $(if $(filter true,$(CI)),browser)
	$(RUN) pytest $(PYTEST_ARGS)

lint: setup
	$(RUN) ruff check src tests bench migrations
	$(RUN) ruff format --check src tests bench migrations
	$(RUN) mypy src

format: setup
	$(RUN) ruff format src tests bench migrations
	$(RUN) ruff check --fix src tests bench migrations

bench: setup
	$(RUN) python bench/__main__.py $(BENCH)

worker: migrate
	$(RUN) celery -A rcm.worker worker --loglevel=INFO --concurrency=2

beat: setup
	$(RUN) celery -A rcm.worker beat --loglevel=INFO

clean:
	rm -rf .venv var .pytest_cache .mypy_cache .ruff_cache
