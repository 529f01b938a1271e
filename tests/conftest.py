"""Shared fixtures: the raw data folder (optional), the book built once per session, the system Chromium."""

from __future__ import annotations

import fcntl
import json
import os
import shlex
import subprocess
import sys
import time
from pathlib import Path

import pytest

import mmdp
from mmdp.paths import REPO_ROOT, raw_dir

os.environ.setdefault(mmdp.STRICT_WARNINGS_ENV, "1")  # our deprecations fail in notebook kernels too, not only here

JUPYTER_BOOK = [sys.executable, str(REPO_ROOT / "scripts" / "build_book.py")]  # jupyter-book, without an import it does not need

sys.path.insert(0, str(REPO_ROOT / "scripts"))  # browser.py, print_pdf.py: shared with make pdf / screenshots


def pytest_addoption(parser):
    parser.addoption("--screenshots", metavar="DIR", default=None,
                     help="browser tests save screenshots of the pages they open into DIR (make screenshots)")


def pytest_configure(config):
    config.addinivalue_line("markers", "browser: drives the system Chromium (Playwright); part of make test")
    config.addinivalue_line("markers", "sweep: the same check repeated over many places; make test runs it, make check keeps one place of each shape")


BOOK_FIXTURES = {"book_build", "book_html"}
FOLLOW_UP_FIXTURES = {"book_languages", "book_html_fr", "book_pdf"}
"""The fixtures of the English book, and of the builds that follow it (``FOLLOW_UPS``)."""


def pytest_collection_modifyitems(config, items):
    """Under ``-n 2 --dist loadfile`` (make test) each worker takes whole files in this order: the first
    file that needs the built book (so one worker starts the build at once), every file that does not,
    the other files of the English book, then the files that need a follow-up build (languages, PDF), which
    run in the background meanwhile."""
    if config.getoption("dist", "no") != "loadfile":
        return
    rank: dict[Path, int] = {}
    for item in items:
        needs = set(getattr(item, "fixturenames", ()))
        if needs & FOLLOW_UP_FIXTURES:
            rank[item.path] = 3
        elif needs & BOOK_FIXTURES:
            rank.setdefault(item.path, 2)
    if rank:
        first = next(item.path for item in items if item.path in rank)
        rank[first] = 0
        items.sort(key=lambda item: rank.get(item.path, 1))  # stable: the order within a file is kept


@pytest.fixture(scope="session")
def raw():
    """The raw public sources; tests that rebuild from raw skip, saying why, when it is absent."""
    path = raw_dir()
    if not path.is_dir():
        pytest.skip(
            f"raw sources not found at {path} (set MMDP_RAW_DIR); the committed tables in data/ "
            "are tested by the other tests"
        )
    return path



def built_once(tmp_path_factory, name: str, build) -> Path:
    """``build(folder)`` run once per test session, also when ``make test`` spreads the tests over two
    pytest-xdist workers: the first worker to ask builds under a file lock, the other waits and reuses the
    folder (pytest's recipe for session fixtures under xdist). A failed build is not retried by the other."""
    if not os.environ.get("PYTEST_XDIST_WORKER"):
        folder = tmp_path_factory.mktemp(name)
        build(folder)
        return folder
    shared = tmp_path_factory.getbasetemp().parent  # one folder for the workers of this session
    folder, done, failed = shared / name, shared / f"{name}.done", shared / f"{name}.failed"
    with open(shared / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if failed.exists():
            pytest.fail(f"{name} failed on the other worker:\n{failed.read_text()}")
        if not done.exists():
            folder.mkdir(exist_ok=True)
            try:
                build(folder)
            except BaseException as error:
                failed.write_text(str(error)[-6000:])
                raise
            done.touch()
    return folder


BOOK_SUBTITLE = "An executable handbook, including a gender perspective"  # as the Makefile's
FOLLOW_UPS = {
    "languages": lambda build: [sys.executable, str(REPO_ROOT / "scripts" / "book_i18n.py"), "build", "--build-dir", str(build)],
    "language-pdfs": lambda build: [sys.executable, str(REPO_ROOT / "scripts" / "book_i18n.py"), "pdf", "--build-dir", str(build),
                                    "--subtitle", BOOK_SUBTITLE],
    "singlehtml": lambda build: [*JUPYTER_BOOK, "build", ".", "--builder", "singlehtml", "--path-output", str(build.parent),
                                 "-W", "-n", "--keep-going"],
}
"""Builds that need the English book: the released languages (as `make html` builds them, so the switcher's
links resolve), then their PDFs (as `make pdf` prints them, from the languages' sources), and the single page
the English PDFs are printed from. They start in the background as soon as the English book is built, the
languages and the single page side by side, while the tests go on; a fixture that needs one waits for it."""
AFTER = {"language-pdfs": "languages"}
"""A follow-up that starts when another has ended (its input)."""


def _build_book(folder: Path) -> None:
    env = {**os.environ, "MMDP_HEADLESS": "1"}
    subprocess.run([sys.executable, "-m", "mmdp.run.gallery", "--scope", "featured"], cwd=REPO_ROOT, env=env, check=True, capture_output=True)
    result = subprocess.run(
        [*JUPYTER_BOOK, "build", ".", "--path-output", str(folder), "-W", "-n", "--keep-going"],
        cwd=REPO_ROOT, env=env, capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    def step(name: str) -> str:
        log, done = folder / f"{name}.log", folder / f"{name}.done"
        return f"{shlex.join(FOLLOW_UPS[name](folder / '_build'))} > {shlex.quote(str(log))} 2>&1; echo $? > {shlex.quote(str(done))}"

    for name in FOLLOW_UPS:
        if name not in AFTER:
            chain = [name, *(later for later, first in AFTER.items() if first == name)]
            subprocess.Popen(["bash", "-c", "; ".join(map(step, chain))], cwd=REPO_ROOT, env=env, start_new_session=True)


def wait_for(book_build: Path, name: str) -> None:
    """Wait until the follow-up build ``name`` of the book (``FOLLOW_UPS``) has ended; fail with its log if it
    failed. A book given by ``MMDP_BUILT_BOOK`` was built by make, follow-ups included."""
    if os.environ.get("MMDP_BUILT_BOOK"):
        return
    folder = book_build.parent
    done = folder / f"{name}.done"
    while not done.is_file() or not done.read_text().strip():
        time.sleep(1)
    if done.read_text().strip() != "0":
        pytest.fail(f"the book's {name} build failed:\n{(folder / f'{name}.log').read_text()[-6000:]}")


def _build_languages(build_dir: Path, *languages: str) -> None:
    """The book in ``languages`` after the English build in ``build_dir``."""
    result = subprocess.run(
        [sys.executable, str(REPO_ROOT / "scripts" / "book_i18n.py"), "build", *languages, "--build-dir", str(build_dir)],
        cwd=REPO_ROOT, env={**os.environ, "MMDP_HEADLESS": "1"}, capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]


@pytest.fixture(scope="session")
def book_build(tmp_path_factory) -> Path:
    """The gallery generated and the whole book built once per test session, with warnings as errors,
    into a temporary folder (the working tree's _build is left alone). Returns that ``_build`` folder.

    ``MMDP_BUILT_BOOK=_build`` reuses a book already built by ``make book`` instead (quick reruns of the
    browser tests, ``make screenshots``); the build itself is then not under test."""
    if os.environ.get("MMDP_BUILT_BOOK"):
        built = Path(os.environ["MMDP_BUILT_BOOK"]).resolve()
        assert (built / "html" / "index.html").is_file(), f"MMDP_BUILT_BOOK={built}: no html/index.html in it"
        return built
    return built_once(tmp_path_factory, "book", _build_book) / "_build"


@pytest.fixture(scope="session")
def book_html(book_build) -> Path:
    return book_build / "html"


@pytest.fixture(scope="session")
def book_languages(book_build) -> Path:
    """The English site with the released languages' sites in ``<lang>/`` (``_build/html``)."""
    wait_for(book_build, "languages")
    return book_build / "html"


@pytest.fixture(scope="session")
def book_html_fr(book_languages) -> Path:
    """The French book (`make html-fr`) built after the English one, its notebooks and gallery run in French,
    with warnings as errors: ``<_build>/html/fr``; built with the other released languages when French is released."""
    french = book_languages / "fr"
    if not (french / "index.html").is_file():
        _build_languages(book_languages.parent, "fr")
    return french


@pytest.fixture(scope="session")
def screenshots(request) -> Path | None:
    """Where to save screenshots (``--screenshots DIR``), or None."""
    folder = request.config.getoption("--screenshots")
    if folder:
        path = Path(folder).resolve()
        path.mkdir(parents=True, exist_ok=True)
        return path
    return None


@pytest.fixture(scope="session")
def chromium():
    """Debian's Chromium driven by Playwright (never a downloaded browser). Missing: a failure in CI,
    a skip with the reason elsewhere (``make test`` installs it: ``make browser-deps``)."""
    from browser import chromium_missing, launch

    why = chromium_missing()
    if why:
        if os.environ.get("CI"):
            pytest.fail(why)
        pytest.skip(why)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch(playwright)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def book_pdf(book_build, chromium, tmp_path_factory) -> tuple[Path, dict]:
    """The whole book as one PDF and one per part and per stage, made as `make pdf` makes them (single-page
    HTML printed by Chromium) and put where the site links them, in English and in each released language
    (``<lang>/mmdp-handbook.pdf``). Returns the English book's PDF and what its print layout measured."""
    pdf = book_build / "html" / "mmdp-handbook.pdf"

    def print_pdfs(folder: Path) -> None:
        from print_pdf import print_book

        if os.environ.get("MMDP_BUILT_BOOK"):  # make book built no single page
            subprocess.run([*FOLLOW_UPS["singlehtml"](book_build)], cwd=REPO_ROOT, check=True, capture_output=True,
                           env={**os.environ, "MMDP_HEADLESS": "1"})
        wait_for(book_build, "singlehtml")
        results = print_book(book_build / "singlehtml" / "intro.html", pdf, book_build / "html" / "pdf", browser=chromium,
                             subtitle=BOOK_SUBTITLE)
        (folder / "layout.json").write_text(json.dumps(results[pdf.resolve()]))
        wait_for(book_build, "language-pdfs")  # the other languages' sites link theirs

    layout = built_once(tmp_path_factory, "book-pdf", print_pdfs) / "layout.json"
    return pdf, json.loads(layout.read_text())


CHECK_PLACES = ("DEU", "UKR", "TKL", "World")
"""The places `make check` keeps of a sweep: data-rich, conflict-affected, almost no data, a group."""


def places_param(places) -> list:
    """``places`` for parametrize, the ones beyond ``CHECK_PLACES`` marked ``sweep``."""
    return [p if p in CHECK_PLACES else pytest.param(p, marks=pytest.mark.sweep) for p in places]
