# casetrail: `make dev` starts the whole system; `make test` runs every check CI runs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: dev test lint system venv fonts node bench clean

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $(STAMP)

venv: $(STAMP)

system:
	./scripts/system-packages.sh

# The workbench's front-end parts (htmx, Alpine.js, tus-js-client, signature_pad, axe-core, swagger-ui, echarts),
# pinned by package-lock.json and served from our own path (/ui/vendor); no CDN, no bundler.
NODE_STAMP := node_modules/.installed
$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts
	touch $(NODE_STAMP)

node: $(NODE_STAMP)

# The compact CJK face documents are set in, built once from the system font (casetrail/documents/compact_font.py).
fonts: system venv
	$(BIN)/casetrail fonts build

dev: fonts node
	$(BIN)/casetrail dev

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

test: fonts lint node
	$(BIN)/python -m pytest

bench: venv
	$(BIN)/python -m bench.render

clean:
	rm -rf $(VENV) node_modules .pytest_cache .mypy_cache .ruff_cache
