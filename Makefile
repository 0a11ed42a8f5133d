# Quick start: `make report` and `make test`. Both create .venv and install swpolicy if needed.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
DATA := swpolicy/law/data

.PHONY: setup test lint typecheck validate pytest report clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

validate: $(STAMP)
	$(BIN)/swpolicy law validate $(DATA)/jurisdictions $(DATA)/bills

pytest: $(STAMP)
	$(BIN)/python -m pytest -q

test: lint typecheck validate pytest

# Until the HTML report exists (issue 5), the main job prints the law comparison.
report: $(STAMP)
	$(BIN)/swpolicy law classify --all
	$(BIN)/swpolicy law assess nz
	$(BIN)/swpolicy law diff nz --reform $(DATA)/bills/nz-purchase-offence-example.yaml

clean:
	rm -rf $(VENV) build *.egg-info .mypy_cache .pytest_cache .ruff_cache
