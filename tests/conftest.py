"""Shared fixtures: the raw data folder (optional), the book built once per session, the system Chromium."""

from __future__ import annotations

import fcntl
import json
import os
import subprocess
import sys
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


BOOK_FIXTURES = {"book_build", "book_html", "book_pdf"}


def pytest_collection_modifyitems(config, items):
    """Under ``-n 2 --dist loadfile`` (make test) each worker takes whole files in this order: the first
    file that needs the built book (so one worker starts the build at once), every file that does not,
    then the other files of the book, which both workers share once it is built."""
    if config.getoption("dist", "no") != "loadfile":
        return
    book_files = [item.path for item in items if BOOK_FIXTURES & set(getattr(item, "fixturenames", ()))]
    if book_files:
        first = book_files[0]
        rank = {path: 2 for path in book_files} | {first: 0}
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


def _build_book(folder: Path) -> None:
    env = {**os.environ, "MMDP_HEADLESS": "1"}
    subprocess.run([sys.executable, "-m", "mmdp.run.gallery", "--scope", "featured"], cwd=REPO_ROOT, env=env, check=True, capture_output=True)
    result = subprocess.run(
        [*JUPYTER_BOOK, "build", ".", "--path-output", str(folder), "-W", "-n", "--keep-going"],
        cwd=REPO_ROOT, env=env, capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    _build_languages(folder / "_build")  # the released ones, as `make html` builds them, so the switcher's links resolve


def _build_languages(build_dir: Path, *languages: str) -> None:
    """The book in ``languages`` (default: the released ones) after the English build in ``build_dir``."""
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
def book_html_fr(book_build) -> Path:
    """The French book (`make html-fr`) built after the English one, reusing its executed notebooks, with
    warnings as errors: ``<_build>/html/fr``; already there when French is released (built with the book)."""
    french = book_build / "html" / "fr"
    if not (french / "index.html").is_file():
        _build_languages(book_build, "fr")
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
    HTML printed by Chromium) and put where the site links them. Returns the book's PDF and what its print
    layout measured."""
    pdf = book_build / "html" / "mmdp-handbook.pdf"

    def print_pdfs(folder: Path) -> None:
        from print_pdf import print_book

        result = subprocess.run(
            [*JUPYTER_BOOK, "build", ".", "--builder", "singlehtml", "--path-output", str(book_build.parent), "-W", "-n", "--keep-going"],
            cwd=REPO_ROOT, env={**os.environ, "MMDP_HEADLESS": "1"}, capture_output=True, text=True,
        )
        assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
        results = print_book(book_build / "singlehtml" / "intro.html", pdf, book_build / "html" / "pdf", browser=chromium,
                             subtitle="An executable handbook, including a gender perspective")
        (folder / "layout.json").write_text(json.dumps(results[pdf.resolve()]))

    layout = built_once(tmp_path_factory, "book-pdf", print_pdfs) / "layout.json"
    return pdf, json.loads(layout.read_text())


CHECK_PLACES = ("DEU", "UKR", "TKL", "World")
"""The places `make check` keeps of a sweep: data-rich, conflict-affected, almost no data, a group."""


def places_param(places) -> list:
    """``places`` for parametrize, the ones beyond ``CHECK_PLACES`` marked ``sweep``."""
    return [p if p in CHECK_PLACES else pytest.param(p, marks=pytest.mark.sweep) for p in places]
