"""Country packs: index with key figures and stage links, compressed pages, figure data as CSV
with metadata, a zip that holds the inputs and an environment check."""

from __future__ import annotations

import json
import re
import shutil
import zipfile

import pytest

from mmdp.cli import main
from mmdp.run.pack import PACK_LIMIT, PAGE_LIMIT


@pytest.fixture(scope="module")
def pack(tmp_path_factory):
    out = tmp_path_factory.mktemp("packs")
    assert main(["pack", "KGZ", "--out", str(out), "--quiet"]) == 0
    return out


def test_index_has_key_figures_stage_links_inputs_and_editions(pack):
    index = (pack / "KGZ" / "index.html").read_text(encoding="utf-8")
    assert "Kyrgyzstan" in index and "194,816" in index  # immigrants, 2024, from the fact sheet
    assert 'href="migration_profile.html"' in index and "Stage 1" in index
    assert "ILLUSTRATIVE" in index and "International Migrant Stock 2024" in index
    assert "<script" not in index and "http" not in index.split("<body>")[1]  # opens offline


def test_every_pack_page_opens_offline(pack):
    """No page of the pack loads a script, a font or a style from the network (no require.js, no MathJax CDN)."""
    pages = sorted((pack / "KGZ").glob("*.html"))
    assert len(pages) >= 10  # the index and every stage's notebook
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert not re.search(r'src="(?:https?:)?//|<link[^>]+href="(?:https?:)?//', text), f"{page.name} loads from the network"
        assert "<script" not in text, f"{page.name} carries a script"


def test_figure_data_ships_as_csv_with_metadata_and_a_link(pack):
    page = (pack / "KGZ" / "migration_profile.html").read_text(encoding="utf-8")
    assert 'href="data/migration_profile-figure-1.csv"' in page
    meta = json.loads((pack / "KGZ" / "data" / "migration_profile-figure-1.json").read_text())
    assert meta["source"] and meta["years"] and "Kyrgyzstan" in meta["citation"]
    csv = (pack / "KGZ" / "data" / "migration_profile-figure-1.csv").read_text()
    assert csv.startswith("year,immigrants_female") and ".0," not in csv


def test_zip_is_complete_and_small(pack):
    archive = pack / "KGZ.zip"
    names = zipfile.ZipFile(archive).namelist()
    assert "KGZ/index.html" in names and "check_environment.sh" in names and "README.txt" in names
    assert any(n.startswith("KGZ/inputs/") for n in names) and any(n.startswith("templates/") for n in names)
    assert archive.stat().st_size < PACK_LIMIT
    assert max(p.stat().st_size for p in (pack / "KGZ").glob("*.html")) < PAGE_LIMIT


def test_shared_pack_names_the_inputs_folder_but_not_the_local_path(tmp_path):
    """A pack is emailed: its index says which folder the inputs came from, never where it sits on this machine."""
    from mmdp.paths import REPO_ROOT

    inputs = tmp_path / "secret-place" / "<img src=x onerror=alert(9)>"
    shutil.copytree(REPO_ROOT / "data" / "examples", inputs, ignore=shutil.ignore_patterns("national*"))
    out = tmp_path / "out"
    assert main(["pack", "KGZ", "--inputs", str(inputs), "--out", str(out), "--quiet"]) == 0
    index = (out / "KGZ" / "index.html").read_text(encoding="utf-8")
    assert "&lt;img src=x onerror=alert(9)&gt;" in index and "<img src=x" not in index
    assert "secret-place" not in index and str(tmp_path) not in index
    for page in (out / "KGZ").glob("*.html"):
        assert str(tmp_path) not in page.read_text(encoding="utf-8"), page.name
    import zipfile

    names = zipfile.ZipFile(out / "KGZ.zip").namelist()
    assert "KGZ/plan.docx" in names and "KGZ/plan.xlsx" in names  # a pack made with inputs carries the plan as Word and Excel
    assert 'href="plan.docx"' in index


def test_rerun_of_a_pack_skips_and_keeps_it(pack):
    assert main(["pack", "KGZ", "--out", str(pack), "--quiet"]) == 0
    assert (pack / "KGZ.zip").is_file() and (pack / "KGZ" / "index.html").is_file()
