# casetrail: `make dev` starts the whole system; `make test` runs every check CI runs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: dev test lint system venv bench clean

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $(STAMP)

venv: $(STAMP)

system:
	./scripts/system-packages.sh

dev: system venv
	$(BIN)/casetrail dev

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

test: system venv lint
	$(BIN)/python -m pytest

bench: venv
	$(BIN)/python -m bench.render

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
