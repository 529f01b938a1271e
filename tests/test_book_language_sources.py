"""A language's book sources (mmdp.run.book_language): each chapter notebook keeps its English cells and takes
the outputs of its run in the language; the gallery's reasons are all marked for translation."""

from __future__ import annotations

import nbformat
import pandas as pd
import pytest

from mmdp.errors import MmdpError
from mmdp.paths import notebooks_dir
from mmdp.run.book_language import default_country, page_notebook, stage_sources
from mmdp.run.gallery import GALLERY, REASONS
from mmdp.run.notebooks import notebook_stages


def _notebook(*cells) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.cells = list(cells)
    return nb


def test_every_chapter_notebook_runs_for_the_country_of_its_parameters_cell():
    for name in notebook_stages():
        source = nbformat.read(notebooks_dir() / f"{name}.ipynb", as_version=4)
        parameters = next(c.source for c in source.cells if "parameters" in c.metadata.get("tags", []))
        assert f'country = "{default_country(notebooks_dir() / f"{name}.ipynb")}"' in parameters, name


def test_a_notebook_without_a_country_parameter_is_refused(tmp_path):
    path = tmp_path / "bare.ipynb"
    nbformat.write(_notebook(nbformat.v4.new_code_cell("year = 2024", metadata={"tags": ["parameters"]})), path)
    with pytest.raises(MmdpError, match=r"bare.ipynb: no `country = \.\.\.` in a cell tagged 'parameters'"):
        default_country(path)


def test_the_page_keeps_the_english_cells_and_takes_the_runs_outputs(tmp_path):
    markdown = nbformat.v4.new_markdown_cell("## Key figures\n\nThe English text, which the catalogs translate.")
    parameters = nbformat.v4.new_code_cell('country = "KGZ"\nlanguage = "en"  # language of the text', metadata={"tags": ["parameters", "hide-input"]})
    finding = nbformat.v4.new_code_cell("key_figures(params.place)", metadata={"tags": ["hide-input"]})
    source = _notebook(markdown, parameters, finding)
    ran = nbformat.read(_write(source, tmp_path / "source.ipynb"), as_version=4)  # the same cells, with their ids
    injected = nbformat.v4.new_code_cell('# Parameters\nlanguage = "fr"\n', metadata={"tags": ["injected-parameters"]})
    ran.cells.insert(2, injected)
    ran.cells[3].outputs = [nbformat.v4.new_output("display_data", {"text/plain": "Chiffres clés, Kirghizistan"})]
    ran.cells[3].execution_count = 4
    ran.cells[0].source = "## changed by the run"  # never taken: the page's text is the English source's
    page = page_notebook(_write(source, tmp_path / "source.ipynb"), _write(ran, tmp_path / "ran.ipynb"), "fr")
    assert [c.cell_type for c in page.cells] == ["markdown", "code", "code"]  # no injected cell
    assert page.cells[0].source == markdown.source
    assert page.cells[1].source == 'country = "KGZ"\nlanguage = "fr"  # language of the text'
    assert page.cells[2].outputs[0]["data"]["text/plain"] == "Chiffres clés, Kirghizistan"
    assert page.cells[2].execution_count == 4


def _write(nb, path):
    nbformat.write(nb, path)
    return path


@pytest.mark.parametrize(("lang", "message"), [("en", "built from the book's own folder"), ("de", "unknown language 'de'")])
def test_sources_are_staged_for_another_language_only(tmp_path, lang, message):
    with pytest.raises(MmdpError, match=message):
        stage_sources(lang, tmp_path / "src")
    assert not (tmp_path / "src").exists()


def test_every_reason_for_featuring_a_place_is_marked_for_translation():
    reasons = set(pd.read_csv(GALLERY / "countries.csv", keep_default_na=False).why) - {""}
    assert reasons and reasons <= set(REASONS)


def test_a_staged_file_is_rewritten_only_when_it_changed(tmp_path):
    """So that a rebuild of a language reads again only what an edit touched."""
    from mmdp.run.files import keep_only, write_if_changed

    page = tmp_path / "gallery" / "KGZ.ipynb"
    assert write_if_changed(page, "one") and page.read_text() == "one"
    before = page.stat().st_mtime_ns
    assert not write_if_changed(page, b"one") and page.stat().st_mtime_ns == before
    assert write_if_changed(page, "two") and page.read_text() == "two"
    (tmp_path / "gallery" / "OLD.ipynb").write_text("a place no longer in the gallery")
    keep_only(tmp_path / "gallery", {"KGZ.ipynb"})
    assert sorted(p.name for p in (tmp_path / "gallery").iterdir()) == ["KGZ.ipynb"]


def test_gallery_pages_written_by_processes_are_those_written_in_process(tmp_path):
    """A large gallery compresses its pages' images on every core; the pages and thumbnails are the same."""
    from mmdp.run.gallery import _page_writers, write_gallery_page

    run, pages = notebooks_dir() / "migration_profile.ipynb", 9  # over 4 per job: two processes
    kinds, written = [], {}
    for where, jobs in (("here", 1), ("processes", 2)):
        folder = tmp_path / where
        with _page_writers(pages, jobs) as pool:
            kinds.append(type(pool).__name__)
            thumbs = list(pool.map(write_gallery_page, [run] * pages, [f"Place {i}: migration profile" for i in range(pages)],
                                   [folder / f"P{i}.ipynb" for i in range(pages)], [folder / f"P{i}.png" for i in range(pages)]))
        assert thumbs == [True] * pages
        written[where] = {p.name: p.read_bytes() for p in sorted(folder.iterdir())}
    assert kinds == ["SimpleNamespace", "ProcessPoolExecutor"]
    assert written["here"] == written["processes"] and len(written["here"]) == 2 * pages
    page = nbformat.reads(written["here"]["P3.ipynb"].decode(), as_version=4)
    assert page.cells[0].source.startswith("# Place 3: migration profile")


def test_a_gallery_page_in_french_has_the_notebooks_narrative_in_french(tmp_path):
    """Its outputs come from the French run; its markdown is translated from the notebook page's catalog."""
    from mmdp.i18n import book_messages
    from mmdp.run.gallery import write_gallery_page

    run = notebooks_dir() / "migration_profile.ipynb"
    french = book_messages("notebooks/migration_profile", "fr")
    assert write_gallery_page(run, "Sénégal : profil migratoire", tmp_path / "SEN.ipynb", tmp_path / "SEN.png", "fr")
    text = "\n".join(c.source for c in nbformat.read(tmp_path / "SEN.ipynb", as_version=4).cells if c.cell_type == "markdown")
    assert "## Chiffres clés" in text and "## Key figures" not in text and french["Key figures"] == "Chiffres clés"
    assert text.startswith("# Sénégal : profil migratoire")
    write_gallery_page(run, "Senegal: migration profile", tmp_path / "SEN-en.ipynb", tmp_path / "SEN-en.png")
    assert "## Key figures" in (tmp_path / "SEN-en.ipynb").read_text(encoding="utf-8")
