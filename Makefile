# Quick start: `make report` and `make test`. Both create .venv and install swpolicy if needed.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
DATA := swpolicy/law/data

.PHONY: setup test lint typecheck validate pytest report serve clean browser

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

# The data check: every file validates, and the open dataset, codebook and crosswalk build.
DATASET := build/dataset
validate: $(STAMP)
	$(BIN)/swpolicy law validate $(DATA)/jurisdictions $(DATA)/bills
	mkdir -p $(DATASET)
	$(BIN)/swpolicy law export --format csv --out $(DATASET)/swpolicy-law.csv
	$(BIN)/swpolicy law export --format parquet --out $(DATASET)/swpolicy-law.parquet
	$(BIN)/swpolicy law codebook --format md --out $(DATASET)/codebook.md
	$(BIN)/swpolicy law crosswalk --format csv --out $(DATASET)/crosswalk.csv

# Browser tests drive Debian's Chromium (Playwright's own browser download does not work here).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
		echo "installing Debian's chromium for the browser tests"; \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
		|| echo "could not install chromium: browser tests will be skipped"; }

pytest: $(STAMP) browser
	# Tests with a wall-clock limit first, alone; then the rest on two processes, one BLAS
	# thread each, so they share the two cores without contention.
	$(BIN)/python -m pytest -q -m timed
	OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 $(BIN)/python -m pytest -q -n 2 -m "not timed"

test: lint typecheck validate pytest

# The main job: the offline HTML and PDF report (about 2 minutes).
report: $(STAMP)
	$(BIN)/swpolicy report --out out/report --pdf

# The local web app on http://127.0.0.1:8000/
serve: $(STAMP)
	$(BIN)/swpolicy serve

clean:
	rm -rf $(VENV) build *.egg-info .mypy_cache .pytest_cache .ruff_cache
