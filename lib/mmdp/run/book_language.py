"""The book's sources for one language other than English, from which Sphinx builds that language's site
(``scripts/book_i18n.py build``; docs/architecture.md, "Languages").

Sphinx translates a page's own text through the gettext catalogs, but a notebook's outputs (the findings'
sentences, tables and charts) are written by the package when the notebook runs. So the sources of a
language are the English sources, linked, except:

- each chapter notebook, whose outputs are those of the same notebook run by the warm-kernel runner
  with its ``language`` parameter set (its cells, markdown included, are the English source's, so the
  catalogs translate them as they do for any page);
- the country gallery (``mmdp.run.gallery``): the same places as the English gallery, run in the
  language, with their thumbnails and the card index written in it.

Runs resume as ``mmdp run`` does: a rebuild executes only what the code, data, notebook or catalogs changed.
"""

from __future__ import annotations

import ast
import re
import shutil
from pathlib import Path

import nbformat

from ..constants import LANGUAGES
from ..errors import MmdpError
from ..i18n import check_language, using
from ..paths import book_dir, notebooks_dir
from . import gallery
from .files import keep_only, write_if_changed
from .notebooks import notebook_stages
from .runner import run_all, summary

NOT_SOURCES = frozenset({"_build", "out"})
"""Entries of the book's folder that are not sources (besides hidden ones)."""
RUNS = book_dir() / "out" / "book-runs"
"""The chapter notebooks' runs, one folder per language (resumable; out/ is neither in git nor in the book)."""
LANGUAGE_LINE = re.compile(r'^language = "[a-z]{2}"', re.MULTILINE)


def default_country(notebook: Path) -> str:
    """The ``country`` a notebook runs for by default: the value in its parameters cell."""
    nb = nbformat.read(notebook, as_version=4)
    for cell in nb.cells:
        if "parameters" in cell.metadata.get("tags", []):
            for node in ast.parse(cell.source).body:
                if isinstance(node, ast.Assign) and [getattr(t, "id", None) for t in node.targets] == ["country"]:
                    return ast.literal_eval(node.value)
    raise MmdpError(f"{notebook.name}: no `country = ...` in a cell tagged 'parameters'; the book runs each notebook for that place")


def page_notebook(source: Path, executed: Path, lang: str) -> nbformat.NotebookNode:
    """The English ``source`` notebook with the outputs of its run in ``lang``, cell by cell (matched by cell
    id), and its parameters cell saying ``language = "<lang>"``."""
    page = nbformat.read(source, as_version=4)
    ran = {cell.get("id"): cell for cell in nbformat.read(executed, as_version=4).cells}
    for cell in page.cells:
        if cell.cell_type != "code":
            continue
        if cell.get("id") not in ran:
            raise MmdpError(f"{source.name}: a code cell without an id the run kept ({cell.get('id')!r}); save the notebook with nbformat 4.5 or later")
        cell.outputs, cell.execution_count = ran[cell.id].outputs, ran[cell.id].execution_count
        if "parameters" in cell.metadata.get("tags", []):
            cell.source = LANGUAGE_LINE.sub(f'language = "{lang}"', cell.source)
    return page


def _link(target: Path, source: Path) -> None:
    """``target`` a link to ``source`` (kept if it already is one, so an incremental build sees no change)."""
    if target.is_symlink() and target.readlink() == source:
        return
    if target.is_dir() and not target.is_symlink():
        shutil.rmtree(target)
    target.unlink(missing_ok=True)
    target.symlink_to(source)


def _link_children(folder: Path, target: Path, apart: set[str]) -> None:
    """``target`` as a folder of links to the entries of ``folder``, except those named in ``apart`` (which
    the caller writes)."""
    if target.is_symlink():
        target.unlink()
    target.mkdir(parents=True, exist_ok=True)
    linked = {entry.name for entry in folder.iterdir() if entry.name not in apart}
    keep_only(target, linked | apart)
    for name in sorted(linked):
        _link(target / name, folder / name)


def link_sources(target: Path, apart: set[str]) -> None:
    """``target`` as the book's folder of sources, each entry a link, except those named in ``apart`` (which
    the caller writes); what no longer is a source is removed."""
    sources = {entry.name for entry in book_dir().iterdir() if not entry.name.startswith(".") and entry.name not in NOT_SOURCES}
    target.mkdir(parents=True, exist_ok=True)
    keep_only(target, sources | apart)
    for name in sorted(sources - apart):
        _link(target / name, book_dir() / name)


def stage_sources(lang: str, target: Path, jobs: int = 2) -> Path:
    """The book's sources in ``lang`` under ``target``: the English sources linked, the chapter notebooks and
    the gallery run in ``lang``. A file is written only when it changed, so that Sphinx rebuilds only what an
    edit touched. Raises MmdpError if a run fails, naming it."""
    check_language(lang)
    if lang == LANGUAGES[0]:
        raise MmdpError("the English book is built from the book's own folder; give fr or es")
    notebooks = [notebooks_dir() / f"{name}.ipynb" for name in notebook_stages()]
    link_sources(target, apart={"notebooks", "gallery", "_static"})
    _link_children(book_dir() / "notebooks", target / "notebooks", {p.name for p in notebooks})
    _link_children(book_dir() / "_static", target / "_static", {"gallery-thumbs"})
    _link_children(book_dir() / "gallery", target / "gallery", {"countries", "index.md"})
    with using(lang):
        by_country: dict[str, list[Path]] = {}
        for notebook in notebooks:
            by_country.setdefault(default_country(notebook), []).append(notebook)
        for country, group in by_country.items():
            results = run_all([country], [p.stem for p in group], RUNS / lang, jobs=jobs, progress=False)
            failed = [r for r in results if r.error]
            if failed:
                raise MmdpError(f"the {lang} book: {summary(results)}; first failure: {failed[0].notebook} ({failed[0].error})")
            for result in results:
                source = notebooks_dir() / f"{result.notebook}.ipynb"
                write_if_changed(target / "notebooks" / source.name, nbformat.writes(page_notebook(source, result.output, lang)))
        if gallery.write_gallery(gallery.built_places(), root=target, jobs=jobs):
            raise MmdpError(f"the {lang} book: a gallery page failed to run (see the summary above)")
    return target
