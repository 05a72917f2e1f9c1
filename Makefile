# The contract CI calls: `make test`. `make demo` runs the kit's main job.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
LINTED := conformance reference_impl tests $(wildcard benchmarks)

.PHONY: install test lint typecheck pytest demo docs clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)

lint: $(STAMP)
	$(BIN)/ruff check $(LINTED)
	$(BIN)/ruff format --check $(LINTED)

typecheck: $(STAMP)
	$(BIN)/mypy

pytest: $(STAMP)
	$(BIN)/python -m pytest -n 2

test: lint typecheck pytest

demo: $(STAMP)
	$(BIN)/lookup-conformance run --reference --report-dir reports

docs: $(STAMP)
	$(BIN)/lookup-conformance docs --out site

clean:
	rm -rf $(VENV) reports build dist .mypy_cache .ruff_cache
