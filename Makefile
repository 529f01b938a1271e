# Two commands on a fresh clone (Python 3.11): `make book` and `make test`. Each sets up .venv.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: book book-all test test-all sweep-all data data-check notebooks snapshots gallery bench bench-runner clean

$(STAMP): requirements.txt pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m ipykernel install --prefix $(VENV) --name python3 >/dev/null
	touch $(STAMP)

## The main job: build the HTML book (executes notebooks; warnings are errors). The gallery holds
## the featured places (gallery/countries.csv) so the build stays short; `make book-all` builds the
## published book, with a profile page for every place with data (see docs/architecture.md).
book: $(STAMP)
	MMDP_HEADLESS=1 $(BIN)/python -m mmdp.run.gallery --scope featured
	MMDP_HEADLESS=1 $(BIN)/jupyter-book build . -W -n --keep-going
	@echo "Open _build/html/index.html (gallery: featured places only; 'make book-all' builds every place)"

## The published book: the gallery with every place that has data (~238 pages; runs resume).
book-all: $(STAMP)
	MMDP_HEADLESS=1 $(BIN)/python -m mmdp.run.gallery --scope all
	MMDP_HEADLESS=1 $(BIN)/jupyter-book build . -W -n --keep-going
	@echo "Open _build/html/index.html"

## Every test: unit, data, CLI, notebooks (nbval), papermill sweep over a sample of countries, book checks.
test: $(STAMP)
	$(BIN)/python -m pytest -q

## The slow sweep: every notebook for every country (run before a release).
sweep-all: $(STAMP)
	$(BIN)/mmdp run all --out out/sweep --jobs 2

## Rebuild data/ from ../shared/data/raw (or RAW=dir).
data: $(STAMP)
	$(BIN)/mmdp data build $(if $(RAW),--raw $(RAW))

data-check: $(STAMP)
	$(BIN)/mmdp data check

## After an intended change of outputs: re-store the notebooks' outputs (nbval) and the snapshots.
notebooks: $(STAMP)
	$(BIN)/python scripts/refresh_notebook_outputs.py

snapshots: $(STAMP)
	$(BIN)/python scripts/refresh_snapshots.py

## Country gallery pages for the book (warm-kernel runs of the profile notebook; SCOPE=all|featured).
gallery: $(STAMP)
	MMDP_HEADLESS=1 $(BIN)/python -m mmdp.run.gallery --scope $(or $(SCOPE),featured)

bench: $(STAMP)
	$(BIN)/python bench/load_tables.py

## The runner against a papermill loop and the floor (warm shell), side by side; ~3 min on 2 cores.
bench-runner: $(STAMP)
	$(BIN)/python bench/runner.py

clean:
	rm -rf _build out
