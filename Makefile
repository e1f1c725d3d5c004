# motcua — `make run` starts the whole suite, `make test` is what CI runs, `make bench` measures.

PYTHON ?= python3
# uv from PATH, else the one pip installs as a module (a fresh machine has only python3 and pip).
UV ?= $(shell command -v uv 2>/dev/null || echo "$(PYTHON) -m uv")

# Recipe lines that make sure uv exists and the workspace environment is in sync with uv.lock.
define ENSURE_ENV
	@$(UV) --version >/dev/null 2>&1 || { echo "uv not found: installing it with pip"; \
		$(PYTHON) -m pip install --user --quiet uv 2>/dev/null \
		|| $(PYTHON) -m pip install --user --quiet --break-system-packages uv 2>/dev/null \
		|| $(PYTHON) -m pip install --quiet uv; }
	@$(UV) sync --frozen --quiet || $(UV) sync --quiet
endef

.PHONY: run
# The whole stack on this machine; `make run ARGS="--only intake,gateway --base-port 9000"`.
run:
	$(ENSURE_ENV)
	$(UV) run python deploy/local/run.py $(ARGS)

PYTEST ?= $(UV) run pytest
LINTED = libs services gateway simulators tests bench deploy conftest.py
TYPED = deploy/local simulators/src libs/servicekit/src libs/contracts/src gateway/src services/intake/src services/workflow/src services/notify/src services/catalog/src services/payments/src services/identity/src services/nationalsync/src

.PHONY: test lint typecheck test-unit test-service test-e2e asyncapi migration token browser
# Everything CI checks: lint, types, then unit, service and end-to-end tests.
test: lint typecheck browser
	$(PYTEST) -q libs services gateway simulators tests

lint:
	$(ENSURE_ENV)
	$(UV) run ruff check $(LINTED)
	$(UV) run ruff format --check $(LINTED)

typecheck:
	$(ENSURE_ENV)
	$(UV) run mypy $(TYPED)

# The layers one at a time (unit: no I/O; service: one service in-process with real Postgres and broker;
# e2e: the whole stack as processes through the gateway).
test-unit:
	$(ENSURE_ENV)
	$(PYTEST) -q $$(find libs services gateway -type d -path '*tests/unit')

test-service:
	$(ENSURE_ENV)
	$(PYTEST) -q $$(find libs services gateway -type d -path '*tests/service')

test-e2e: browser
	$(ENSURE_ENV)
	$(PYTEST) -q tests

# The browser tests drive Debian's chromium + chromedriver; install them when missing (as root on Debian).
browser:
	@if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			echo "installing Debian's chromium and chromium-driver for the browser tests"; \
			DEBIAN_FRONTEND=noninteractive apt-get update -qq \
			&& DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null; \
		else \
			echo "the browser tests need chromium and chromedriver: sudo apt-get install chromium chromium-driver"; \
		fi; \
	fi

# Regenerate docs/asyncapi.yaml from the event contracts.
asyncapi:
	$(UV) run python -m contracts.asyncapi --out docs/asyncapi.yaml

# New Alembic revision for one service: make migration SERVICE=intake MSG="dossier code sequence"
migration:
	$(UV) run python deploy/local/makemigration.py $(SERVICE) "$(MSG)"

# A development access token from the local stack's key: make token ARGS="--kind official --agencies 000.00.00.G12"
token:
	@$(UV) run python deploy/local/devtoken.py $(ARGS)

.PHONY: bench
# Load scenarios measured side by side (bench/README.md); installs wrk from Debian when run as root.
bench:
	$(ENSURE_ENV)
	$(UV) run python bench/gateway_bench.py $(ARGS)
	$(UV) run python bench/catalog_search.py $(ARGS)
	$(UV) run python bench/catalog_statistics.py $(ARGS)
	$(UV) run python bench/notification_latency.py $(ARGS)
	$(UV) run python bench/payments_ipn.py $(ARGS)
	$(UV) run python bench/intake_bench.py $(ARGS)
	$(UV) run python bench/workflow_inbox.py $(ARGS)
