# refnet: one command to set up and run the review, one to run the tests.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
CORES ?= 2

.PHONY: review test lint format emulator clean-results

review: $(VENV)/.installed  ## set up (first time) and run the review in refs/
	$(BIN)/snakemake --cores $(CORES)
	@cat results/summary.txt

test: $(VENV)/.installed  ## set up (first time) and run the whole test suite
	$(BIN)/pytest -n 2 --dist loadfile --no-loadscope-reorder --durations=20

lint: $(VENV)/.installed  ## ruff, snakefmt and snakemake --lint
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/snakefmt --check .
	$(BIN)/snakemake --lint

format: $(VENV)/.installed
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .
	$(BIN)/snakefmt .

emulator: $(VENV)/.installed  ## the loopback API emulator on http://127.0.0.1:8765
	$(BIN)/python -m refnet.emulator --port 8765

clean-results:
	rm -rf results logs .snakemake

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "refnet needs Python 3.11 or newer"'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test,slurm]"
	touch $@
