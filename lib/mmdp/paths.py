"""Where things live. Every path the package uses comes from here.

``MMDP_DATA_DIR`` moves the processed data (tables, frameworks, examples) elsewhere, e.g. for tests.
"""

from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
"""Root of the handbook repository (the package is installed editable from ``lib/``)."""


def data_dir() -> Path:
    """Folder of the processed tables; ``MMDP_DATA_DIR`` overrides it (tests use this)."""
    return Path(os.environ.get("MMDP_DATA_DIR", REPO_ROOT / "data"))


def frameworks_dir() -> Path:
    """SDG, GCM and MGI catalogues (CSV)."""
    return data_dir() / "frameworks"


def examples_dir() -> Path:
    """The illustrative planning inputs shipped with the handbook."""
    return data_dir() / "examples"


def templates_dir() -> Path:
    """The blank planning workbook and the filled example workbook (``data/templates``)."""
    return data_dir() / "templates"


def locales_dir() -> Path:
    """The translations' catalogs: the book's pages and the package's text (``locales/<lang>/LC_MESSAGES``)."""
    return REPO_ROOT / "locales"


def notebooks_dir() -> Path:
    """The parameterised notebook templates."""
    return REPO_ROOT / "notebooks"


def book_dir() -> Path:
    """The book's folder: its sources (``_config.yml``, chapters, notebooks, gallery) and ``out/``."""
    return REPO_ROOT


def book_config() -> Path:
    """The book's ``_config.yml``: its title, online address, edition, licence and citation."""
    return REPO_ROOT / "_config.yml"


def book_toc() -> Path:
    """The book's ``_toc.yml``: its parts and chapters."""
    return REPO_ROOT / "_toc.yml"


def book_source(doc: str) -> Path:
    """A book page's source without its suffix, from its document name (``/chapters/.../index``)."""
    return REPO_ROOT / doc.strip("/")


REFERENCES = REPO_ROOT / "references.bib"
"""The book's one bibliography (country packs print the works a page cites)."""


def gallery_dir() -> Path:
    """The book's country gallery (generated pages and the card index)."""
    return REPO_ROOT / "gallery"


def raw_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """Folder of the raw public sources: ``--raw``, else ``MMDP_RAW_DIR``, else ``../shared/data/raw``."""
    if explicit is not None:
        return Path(explicit)
    if "MMDP_RAW_DIR" in os.environ:
        return Path(os.environ["MMDP_RAW_DIR"])
    return REPO_ROOT.parent / "shared" / "data" / "raw"


def chapters_dir() -> Path:
    """The book's chapter sources (MyST Markdown), read by the workshop kit for its exercises."""
    return REPO_ROOT / "chapters"


def workshop_kit_dir() -> Path:
    """The workshop kit's own material: session plans, role cards, worksheets, slide script."""
    return REPO_ROOT / "chapters" / "workshop" / "kit"


def bibliography_file() -> Path:
    """The book's BibTeX file."""
    return REPO_ROOT / "references.bib"


def scripts_dir() -> Path:
    """Helper scripts (``print_pdf.py`` prints pages with the system Chromium)."""
    return REPO_ROOT / "scripts"
