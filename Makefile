# Two commands on a fresh clone (Python 3.11): `make book` and `make test`. Each sets up .venv.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: book book-all html translations translations-package translations-check pdf pack-pdf workshop browser-deps diagram-deps office-deps workbooks screenshots test check sweep-all data data-check notebooks snapshots gallery bench bench-runner bench-sweep bench-book bench-language bench-site bench-plan bench-workshop clean

PDF := _build/html/mmdp-handbook.pdf
BOOK_SUBTITLE := An executable handbook, including a gender perspective
COUNTRY ?= KGZ
# jupyter-book, without a 1.2 s import it does not need (see the script)
JUPYTER_BOOK := $(BIN)/python scripts/build_book.py
# The English book (one Sphinx process) while the other languages' notebooks and gallery run on the runner's kernels
# (they need the English gallery's places, not its site); then `book_i18n.py build` builds their sites side by side.
ENGLISH_BESIDE_LANGUAGES := MMDP_HEADLESS=1 $(BIN)/python scripts/book_i18n.py stage & staging=$$!; \
	MMDP_HEADLESS=1 $(JUPYTER_BOOK) build . -W -n --keep-going; english=$$?; \
	wait $$staging; staged=$$?; test $$english = 0 -a $$staged = 0

$(STAMP): requirements.txt pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m ipykernel install --prefix $(VENV) --name python3 >/dev/null
	touch $(STAMP)

## The main job: the HTML book (executes notebooks; warnings are errors) and its PDF, which the
## landing page links. The gallery holds the featured places (gallery/countries.csv) so the build
## stays short; `make book-all` builds the published book, with a profile page for every place with
## data (see docs/architecture.md).
book: html pdf
	@echo "Open _build/html/index.html (the PDF: $(PDF)); gallery: featured places only, 'make book-all' builds every place"

## The published site: the gallery with every place that has data (~238 pages; runs resume), in English and in each
## released language (their gallery and chapter notebooks run in the language); `make bench-site` times it from clean.
book-all: $(STAMP) diagram-deps
	MMDP_HEADLESS=1 $(BIN)/python -m mmdp.run.gallery --scope all
	$(ENGLISH_BESIDE_LANGUAGES)
	MMDP_HEADLESS=1 $(BIN)/python scripts/book_i18n.py build
	@echo "Open _build/html/index.html"

## The HTML book only, in English and in each released language (_config.yml: handbook: released_languages).
html: $(STAMP) diagram-deps gallery
	$(ENGLISH_BESIDE_LANGUAGES)
	MMDP_HEADLESS=1 $(BIN)/python scripts/book_i18n.py build

## The book in French or Spanish (`make html-fr`, `make html-es`) into _build/html/<lang>/, from the catalogs in
## locales/<lang>/ and its notebooks and gallery run in the language (the English gallery's places: `make gallery`
## first). A preview of an unreleased language links back to English (docs/architecture.md, "Languages").
html-%: $(STAMP) diagram-deps
	MMDP_HEADLESS=1 $(BIN)/python scripts/book_i18n.py build $*

## After an English edit: extract the book's messages (_build/gettext/*.pot) and update every language's catalogs
## (locales/<lang>/LC_MESSAGES/*.po): new messages empty, changed ones fuzzy, for the translator.
translations: $(STAMP)
	MMDP_HEADLESS=1 $(BIN)/python scripts/book_i18n.py extract
	$(BIN)/python scripts/book_i18n.py update

## After an edit of the package's text only (mmdp.i18n): its catalogs (locales/<lang>/LC_MESSAGES/package/), in seconds.
translations-package: $(STAMP)
	$(BIN)/python scripts/book_i18n.py extract --package
	$(BIN)/python scripts/book_i18n.py update

## The released languages (_config.yml: handbook: released_languages) have no untranslated or fuzzy message.
translations-check: $(STAMP)
	$(BIN)/python scripts/book_i18n.py check

## One PDF of the whole book and one per part and per stage (_build/html/pdf/, linked from each stage's
## pages): Jupyter Book's single-page HTML printed by Debian's Chromium (no browser download); then the same
## in each released language (_build/html/<lang>/), from the sources `make html` staged for it.
pdf: html browser-deps
	MMDP_HEADLESS=1 $(JUPYTER_BOOK) build . --builder singlehtml -W -n --keep-going
	$(BIN)/python scripts/print_pdf.py _build/singlehtml/intro.html $(PDF) --book --subtitle "$(BOOK_SUBTITLE)" --pieces _build/html/pdf
	MMDP_HEADLESS=1 $(BIN)/python scripts/book_i18n.py pdf --subtitle "$(BOOK_SUBTITLE)"

## A country pack as PDF: the Stage 1 notebooks executed for COUNTRY (code or name), each printed to out/<ISO3>/*.pdf.
pack-pdf: $(STAMP) browser-deps
	$(BIN)/mmdp run "$(COUNTRY)" --stage 1 --html
	iso3=$$($(BIN)/python -c "import sys; from mmdp.data.countries import resolve; print(resolve(sys.argv[1]))" "$(COUNTRY)") && \
	for page in out/$$iso3/*.html; do $(BIN)/python scripts/print_pdf.py "$$page" "$${page%.html}.pdf"; done

## A workshop in a box for COUNTRY: slides, participants' and facilitator's books (HTML and PDF), the country
## pack and a planning workbook, in out/workshop-<ISO3>/ and out/workshop-<ISO3>.zip (see README.md, "For trainers").
workshop: $(STAMP) browser-deps diagram-deps
	MMDP_HEADLESS=1 $(BIN)/mmdp workshop "$(COUNTRY)"

## The blank planning workbook and the filled example workbook in data/templates/ (after changing a template or the example).
workbooks: $(STAMP)
	$(BIN)/python scripts/write_workbooks.py

## LibreOffice Writer (headless): the test that plan.docx renders converts it to PDF; installed when missing, as root.
office-deps:
	@command -v soffice >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends libreoffice-writer-nogui >/dev/null; \
	  else echo "make: please install Debian's LibreOffice Writer (sudo apt-get install libreoffice-writer-nogui)" >&2; exit 1; fi; }

## Debian's Chromium (browser tests, PDF) and poppler-utils (PDF checks); installed when missing, as root.
browser-deps:
	@command -v chromium >/dev/null && command -v pdftoppm >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium poppler-utils >/dev/null; \
	  else echo "make: please install Debian's chromium and poppler-utils (sudo apt-get install chromium poppler-utils)" >&2; exit 1; fi; }

## Debian's Graphviz: the book's diagrams (chapters/diagrams/*.dot) are drawn by `dot` at build time, as SVG.
diagram-deps:
	@command -v dot >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq graphviz >/dev/null; \
	  else echo "make: please install Debian's graphviz (sudo apt-get install graphviz)" >&2; exit 1; fi; }

## Every test: unit, data, CLI, notebooks (nbval), papermill sweep over a sample of countries, book build,
## the book in a browser (links, accessibility, offline, PDF) and a live JupyterLab session.
test: $(STAMP) browser-deps diagram-deps office-deps
	$(BIN)/python -m pytest -q -n 2 --dist loadfile

## The fast loop a developer runs after each change (about 2 minutes on 2 cores, two pytest-xdist workers): layers, formatting, places,
## data, CLI, templates, every finding of every stage (number check), and each notebook once for its default
## place (nbval). No book build, no browser, no sweep: `make test` runs those.
CHECK_TESTS := tests/test_layers.py tests/test_format.py tests/test_countries.py tests/test_places.py tests/test_data.py \
	tests/test_cli.py tests/test_templates.py tests/test_findings.py tests/test_planning.py tests/test_scenario.py \
	tests/test_national.py tests/test_diagrams.py notebooks/
check: $(STAMP)
	$(BIN)/python -m pytest -q -n 2 --dist loadfile -m "not slow and not sweep" $(CHECK_TESTS)

## Screenshots of the book, a PDF page and a JupyterLab session into docs/screenshots/ (after make book).
screenshots: $(STAMP) browser-deps
	MMDP_BUILT_BOOK=_build $(BIN)/python -m pytest -q -m browser --screenshots docs/screenshots -k "screenshot or widgets_render"

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

## The all-country run (every stage, every place, --jobs 2) on 24 places, extrapolated to 238; BEFORE=REF runs REF
## beside this tree and compares every output (make bench-sweep BEFORE=main); ~5 min on a quiet 2-core machine.
bench-sweep: $(STAMP)
	$(BIN)/python bench/sweep.py $(if $(BEFORE),--before $(BEFORE))

## The time to write plan.docx and plan.xlsx, and to check a 10,000-row workbook (with the load average).
bench-plan: $(STAMP)
	$(BIN)/python bench/plan_export.py

## Where the time of `mmdp workshop` goes, phase by phase, and the build before and after REF (BEFORE=REF), side by side.
bench-workshop: $(STAMP) browser-deps diagram-deps
	MMDP_HEADLESS=1 $(BIN)/python bench/workshop.py $(if $(BEFORE),--before $(BEFORE))

## The published site in three languages (every place) from clean in a copy of the repository, phase by phase (~30 min).
bench-site: $(STAMP) diagram-deps
	$(BIN)/python bench/site_languages.py $(if $(SCOPE),--scope $(SCOPE))

## Book build times (full, after a chapter edit, after a notebook edit) in a temporary copy of the repository.
bench-book: $(STAMP)
	$(BIN)/python bench/book_build.py

## A translator's edit: the French book in full, then after one paragraph of its catalog changed (at most a tenth).
bench-language: $(STAMP) diagram-deps
	$(BIN)/python bench/language_edit.py

clean:
	rm -rf _build out
