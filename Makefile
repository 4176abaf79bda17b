# Two commands for a fresh machine with Python 3.11+ and make:  make run  ·  make test
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
UV_VERSION := 0.13.8
# --compile-bytecode: where PYTHONDONTWRITEBYTECODE is set (as on the machines this project is built on) no
# .pyc is ever written, and every process (a test worker, the dashboard, a CLI call) compiled
# pandas, Streamlit and SQLAlchemy from source again: 5.6 s to import the dashboard instead of 1.6.
UV := $(BIN)/uv pip install --quiet --compile-bytecode --python $(BIN)/python

.PHONY: run test lint typecheck pytest e2e format clean bench fuzz soak audit

$(BIN)/uv:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet uv==$(UV_VERSION)

# The app's own dependencies, pinned with hashes in requirements.lock.
$(VENV)/.runtime: requirements.lock pyproject.toml | $(BIN)/uv
	$(UV) --require-hashes -r requirements.lock
	$(UV) --no-deps -e .
	touch $@

# Plus the test and lint tools (requirements-dev.lock).
$(VENV)/.dev: requirements-dev.lock pyproject.toml | $(BIN)/uv
	$(UV) --require-hashes -r requirements-dev.lock
	$(UV) --no-deps -e .
	touch $@ $(VENV)/.runtime

run: $(VENV)/.runtime
	$(BIN)/directives serve --demo-if-empty

test: $(VENV)/.dev lint typecheck pytest

lint: $(VENV)/.dev
	$(BIN)/ruff format --check src dashboard tests bench
	$(BIN)/ruff check src dashboard tests bench

typecheck: $(VENV)/.dev
	$(BIN)/mypy src

# The whole suite on SQLite, then again on a throwaway PostgreSQL cluster (skipped, with the
# reason, where its server binaries are missing), each spread over the machine's cores.
PARALLEL := -n auto --maxprocesses=4 --dist loadgroup
pytest: $(VENV)/.dev
	$(BIN)/pytest $(PARALLEL) --database=sqlite
	$(BIN)/pytest $(PARALLEL) --database=postgresql

# The Hypothesis tests with twenty times the suite's cases (tens of thousands of hostile inputs).
fuzz: $(VENV)/.dev
	DIRECTIVES_FUZZ_SCALE=20 $(BIN)/pytest -m fuzz -p no:cacheprovider

format: $(VENV)/.dev
	$(BIN)/ruff format src dashboard tests bench
	$(BIN)/ruff check --fix src dashboard tests bench

# Overview figures and page render on a province-sized database (built once in data/).
bench: $(VENV)/.dev
	$(BIN)/python bench/run.py

# Twenty writers and two readers for 60 s on SQLite and on PostgreSQL: latency, nothing lost.
soak: $(VENV)/.dev
	$(BIN)/python bench/soak.py

# Security: the static security lint (ruff's bandit rules, part of make lint too) with every
# suppression and its reason, then known vulnerabilities in the locked dependencies. pip-audit
# asks pypi.org's JSON API per version; --strict fails rather than pass when a package could not
# be checked (as in a sandbox without that API). Not part of make test: it needs the network.
audit: $(VENV)/.dev
	$(BIN)/ruff check src dashboard bench  # the S rules are selected in pyproject.toml
	@echo "Suppressed security findings, each with its reason:"
	@grep -rn "noqa: S" src dashboard bench
	$(BIN)/pip-audit --strict --disable-pip --require-hashes -r requirements.lock --vulnerability-service pypi --progress-spinner off

# Refresh the lock files after changing dependencies in pyproject.toml.
lock: | $(BIN)/uv
	$(BIN)/uv pip compile pyproject.toml --extra postgres --generate-hashes --universal --python-version 3.11 -q -o requirements.lock
	$(BIN)/uv pip compile pyproject.toml --extra postgres --group dev --generate-hashes --universal --python-version 3.11 -q -o requirements-dev.lock

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
