# casetrail: `make dev` starts the whole system; `make test` runs every check CI runs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: dev test lint system venv fonts bench clean

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $(STAMP)

venv: $(STAMP)

system:
	./scripts/system-packages.sh

# The compact CJK face documents are set in, built once from the system font (casetrail/documents/compact_font.py).
fonts: system venv
	$(BIN)/casetrail fonts build

dev: fonts
	$(BIN)/casetrail dev

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

test: fonts lint
	$(BIN)/python -m pytest

bench: venv
	$(BIN)/python -m bench.render

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
