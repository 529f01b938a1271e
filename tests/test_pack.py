"""Country packs: index with key figures and stage links, compressed pages, figure data as CSV
with metadata, a zip that holds the inputs and an environment check; the book's MyST rendered, pages
built on the worked example labelled as such, a one-page summary, nothing of the run left behind."""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import html
import io
import json
import re
import shutil
import zipfile

import pytest

from mmdp.cli import main
from mmdp.run import handbook, pack as packs
from mmdp.run.pack import PACK_LIMIT, PAGE_LIMIT

RAW_MYST = re.compile(r"\{(?:term|doc|cite|ref|numref|eq|admonition|note|tip|warning|important)(?::[a-z]+)?\}|^:::|\{\{")
EXAMPLE = "Worked example: invented inputs, not Kyrgyzstan"


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
    assert "<script" not in index and "http" not in index.split("<body>")[1]  # opens offline (no online address set)


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


@pytest.mark.browser
def test_index_fits_a_phone(pack, chromium):
    """At 390 px the pack index does not scroll sideways: its tables become stacked rows."""
    context = chromium.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto((pack / "KGZ" / "index.html").as_uri())
    widths = page.evaluate("() => [document.documentElement.scrollWidth, innerWidth]")
    context.close()
    assert widths[0] <= widths[1], f"the pack index is {widths[0]} px wide on a {widths[1]} px screen"


def test_no_raw_myst_in_any_pack_page(pack):
    """Pack pages render the book's MyST: no role or directive reaches the reader as text."""
    for page in sorted((pack / "KGZ").glob("*.html")):
        text = page.read_text(encoding="utf-8")
        found = RAW_MYST.findall(re.sub(r"data:image/png;base64,[A-Za-z0-9+/=]+", "", text))
        assert not found, f"{page.name}: {found}"
    priorities = (pack / "KGZ" / "priorities.html").read_text(encoding="utf-8")
    assert '<div class="admonition' in priorities and '<p class="admonition-title">Your own inputs</p>' in priorities
    gender = (pack / "KGZ" / "gender_analysis.html").read_text(encoding="utf-8")
    assert 'href="capacity_data_gaps.html"' in gender  # {doc} to a notebook the pack holds: its page
    scenario = (pack / "KGZ" / "remittance_scenario.html").read_text(encoding="utf-8")
    assert 'href="#ref-unwomen2020remit">Azam et al. 2020</a>' in scenario and 'id="ref-unwomen2020remit"' in scenario


def test_every_page_built_on_the_example_carries_the_banner_and_its_figures_the_label(pack):
    banners = 0
    for notebook in sorted((pack / "KGZ").glob("*.ipynb")):
        page = notebook.with_suffix(".html").read_text(encoding="utf-8")
        uses_example = "ILLUSTRATIVE EXAMPLE" in notebook.read_text(encoding="utf-8")
        assert (EXAMPLE in page) == uses_example, notebook.name
        if not uses_example:
            continue
        banners += 'class="mmdp-banner"' in page
        for figure in re.findall(r'<figure class="mmdp-figure">.*?</figure>', page, re.S):
            if "ILLUSTRATIVE" in figure:  # a figure drawn from the example inputs
                assert EXAMPLE in figure, notebook.name
    assert banners >= 7  # Stages 0, 2-6 and the capacity page
    assert 'class="mmdp-banner"' not in (pack / "KGZ" / "migration_profile.html").read_text(encoding="utf-8")


def test_the_label_is_printed_on_the_example_figures_themselves(pack):
    """A figure saved alone still says it is the worked example: a dark band across the top of the image."""
    from PIL import Image

    page = (pack / "KGZ" / "priorities.html").read_text(encoding="utf-8")
    figure = re.search(r'<figure class="mmdp-figure">(?:<p [^>]*>[^<]*</p>)?<img [^>]*src="data:image/png;base64,([^"]+)"', page)
    image = Image.open(io.BytesIO(base64.b64decode(figure.group(1)))).convert("RGB")
    band = [image.getpixel((x, 2)) for x in range(image.width - 5, image.width)]
    assert all(pixel == (0x7A, 0x3E, 0x00) for pixel in band), band
    meta = json.loads((pack / "KGZ" / "data" / "migration_profile-figure-1.json").read_text())
    assert meta["finding"] == "profile.migrant_stock" and "inputs" not in meta  # public data: no example label


def test_figure_data_of_the_worked_example_says_so_in_its_metadata(tmp_path):
    import nbformat

    from mmdp.render.display import CHART_DATA_MIME

    chart = {"text/html": '<figure class="mmdp-figure"><img src="data:image/png;base64,AA=="/></figure>',
             CHART_DATA_MIME: {"csv": "year,value\n2024,3\n", "source": "Source: ILLUSTRATIVE EXAMPLE", "alt": "a chart"}}
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(outputs=[nbformat.v4.new_output(
        "display_data", data=chart, metadata={"mmdp": {"finding": "costing.totals"}})])])
    nb.cells[0].outputs[0]["data"]["text/html"] = nb.cells[0].outputs[0]["data"]["text/html"].replace(
        '<figure class="mmdp-figure">', f'<figure class="mmdp-figure"><p class="mmdp-label example">{EXAMPLE}</p>')
    assert packs.extract_chart_data(nb, "costing", tmp_path, "Kyrgyzstan") == 1
    meta = json.loads((tmp_path / "costing-figure-1.json").read_text())
    assert meta["finding"] == "costing.totals" and meta["inputs"] == EXAMPLE


def test_mixed_pages_label_each_section(pack):
    capacity = (pack / "KGZ" / "capacity_data_gaps.html").read_text(encoding="utf-8")
    assert '<p class="mmdp-label public">Kyrgyzstan: public data</p>' in capacity
    assert f'<p class="mmdp-label example">{EXAMPLE}</p>' in capacity
    scenario = (pack / "KGZ" / "remittance_scenario.html").read_text(encoding="utf-8")
    assert '<p class="mmdp-label public">' in scenario and '<p class="mmdp-label scenario">' in scenario
    assert EXAMPLE not in scenario  # the scenario runs on public data only


def test_index_separates_public_data_from_the_worked_example(pack):
    index = (pack / "KGZ" / "index.html").read_text(encoding="utf-8")
    public, planning = index.split("<h2>Kyrgyzstan: public data</h2>")[1].split(
        "<h2>Planning pages with the worked example: replace with your own inputs</h2>")
    planning = planning.split("<h2>Inputs used</h2>")[0]
    assert 'href="migration_profile.html"' in public and 'href="gender_analysis.html"' in public
    assert 'href="priorities.html"' in planning and 'href="costing.html"' in planning
    assert 'href="priorities.html"' not in public and 'href="migration_profile.html"' not in planning
    assert 'href="summary.html"' in public


def test_index_lists_each_data_edition_once_with_date_and_version(pack):
    import mmdp

    index = (pack / "KGZ" / "index.html").read_text(encoding="utf-8")
    editions = index.split("<h2>Data editions</h2>")[1].split("</table>")[0]
    rows = re.findall(r"<tr><td>.*?</tr>", editions)
    assert len(rows) >= 5 and len(rows) == len(set(rows))
    assert f"Generated {dt.date.today().isoformat()}" in index and f"version {mmdp.__version__}" in index


def test_index_links_the_online_handbook_when_its_address_is_set(pack, monkeypatch):
    online = handbook.Edition(**{**handbook.edition().__dict__, "baseurl": "https://handbook.example.org/mmdp/"})
    monkeypatch.setattr(packs, "edition", lambda: online)
    index = packs.index_html("KGZ", pack / "KGZ", None, None)
    assert '<a href="https://handbook.example.org/mmdp/">' in index
    cited = []
    text = packs.render_myst("See {doc}`/chapters/stage2-goals-priorities/index`.", set(), cited)
    assert 'href="https://handbook.example.org/mmdp/chapters/stage2-goals-priorities/index.html"' in text


def test_run_leaves_no_lock_or_kernel_logs_to_zip(pack):
    leftovers = [p.name for p in pack.iterdir() if p.name.startswith(".")]
    assert not leftovers, leftovers


def test_one_page_summary_shows_the_same_facts_and_three_charts(pack):
    from mmdp.data.places import resolve_place
    from mmdp.findings.factsheet import key_facts

    summary = (pack / "KGZ" / "summary.html").read_text(encoding="utf-8")
    for fact in key_facts(resolve_place("KGZ")).values():
        assert f"<td>{html.escape(fact.text)}</td>" in summary, fact.label
    assert summary.count('<figure class="mmdp-figure">') == 3 and "@page{size:A4" in summary
    profile = (pack / "KGZ" / "migration_profile.html").read_text(encoding="utf-8")
    alts = re.findall(r'<figure class="mmdp-figure"><img [^>]*alt="([^"]+)"', summary)
    assert all(alt in profile for alt in alts)  # the pages' own figures, not drawn again
    assert "KGZ/summary.html" in zipfile.ZipFile(pack / "KGZ.zip").namelist()


def test_french_pack_index_says_fr_and_reads_in_french_beside_the_english_one(tmp_path):
    """A pack in French (``--lang fr``) goes to ``SEN-fr/``: an English pack of the same place is not touched;
    its index declares lang="fr", has French headings, and the fact sheet's immigrants of 2024 read from
    data/migrant_stock.csv in French digits (Babel's grouping for fr)."""
    import pandas as pd
    from babel.numbers import format_decimal

    from mmdp.i18n import using
    from mmdp.paths import data_dir

    english = tmp_path / "SEN"
    english.mkdir()
    (english / "index.html").write_text("an English pack", encoding="utf-8")
    with using("fr"):
        target = packs.build_pack("SEN", tmp_path)
    assert target == tmp_path / "SEN-fr.zip" and (english / "index.html").read_text(encoding="utf-8") == "an English pack"
    index = (tmp_path / "SEN-fr" / "index.html").read_text(encoding="utf-8")
    assert index.startswith('<!DOCTYPE html>\n<html lang="fr">')
    assert "<h1>Dossier pays : Sénégal (SEN)</h1>" in index and "<h2>Sénégal : données publiques</h2>" in index
    assert "<h3>Chiffres clés</h3>" in index and "<th>Valeur</th>" in index and "<h2>Éditions des données</h2>" in index
    stock = pd.read_csv(data_dir() / "migrant_stock.csv")
    immigrants = stock[(stock.iso3 == "SEN") & (stock.year == 2024)].immigrants_total.item()
    french = format_decimal(round(immigrants), locale="fr")
    assert f"<td>{french}</td>" in index and "\u202f" in french  # 281 867, a narrow no-break space between groups
    assert "mmdp pack SEN --inputs inputs/ --lang fr --out out" in index  # the command that rebuilds this pack
    assert 'lang="fr"' in (tmp_path / "SEN-fr" / "summary.html").read_text(encoding="utf-8")[:80]
    assert "SEN-fr/index.html" in zipfile.ZipFile(target).namelist()


def test_a_pack_page_in_spanish_has_its_chrome_labels_and_the_books_translated_narrative(pack, tmp_path):
    """The English pack's executed page exported in Spanish: lang, the back link, the book's own Spanish
    title and paragraphs (locales/es/.../notebooks/capacity_data_gaps.po) and the sections' labels."""
    from babel.messages.pofile import read_po

    from mmdp.i18n import using
    from mmdp.paths import locales_dir

    shutil.copy(pack / "KGZ" / "capacity_data_gaps.ipynb", tmp_path / "capacity_data_gaps.ipynb")
    with using("es"):
        page = packs.export_page(tmp_path / "capacity_data_gaps.ipynb")
    with (locales_dir() / "es" / "LC_MESSAGES" / "notebooks" / "capacity_data_gaps.po").open("rb") as handle:
        title = read_po(handle)["Capacity and data-gap assessment"].string
    assert page.startswith('<!DOCTYPE html>\n<html lang="es">') and f"<h1 id=" in page and title in page
    assert "Índice del paquete de país</a></nav>" in page and "Capacity and data-gap assessment" not in page
    assert '<p class="mmdp-label public">Kirguistán: datos públicos</p>' in page
    assert '<p class="mmdp-label example">Ejemplo ilustrativo: insumos inventados, no Kirguistán</p>' in page


@pytest.mark.parametrize("lang, text, kind", [
    ("fr", "example", "example"),
    ("fr", "workbook", "team"),
    ("es", "example", "example"),
    ("es", "folder", "team"),
    ("fr", "Sénégal : 281 867 immigrants (2024).", "public"),
])
def test_sections_are_told_apart_in_the_packs_language(lang, text, kind):
    """The labels the findings write in French and Spanish (findings.plan.label, rendered in that language)
    mark a section as the worked example or a team's inputs, as the English ones do."""
    import nbformat

    from mmdp.findings.plan import label
    from mmdp.i18n import using
    from mmdp.inputs.parameters import validate_parameters

    with using(lang):
        if text in ("workbook", "folder"):
            params = validate_parameters("SEN")  # the example, presented as a team's workbook or folder
            params = dataclasses.replace(params, illustrative_inputs=False,
                                         inputs=params.inputs / "plan.xlsx" if text == "workbook" else params.inputs)
            text = f"Budget. ({label(params)}.)"
        elif text == "example":
            text = f"Budget. ({label(validate_parameters('SEN'))}.)"

    cell = nbformat.v4.new_code_cell(outputs=[nbformat.v4.new_output(
        "display_data", data={"text/plain": text}, metadata={"mmdp": {"finding": "costing.totals"}})])
    with using(lang):
        assert packs.section_kind(cell) == kind


def test_compressed_charts_keep_their_colours_and_their_look():
    """A pack's or gallery's chart, quantised: under half the size, the colours that fill it (women's and
    men's, the background) exact, and no visible change."""
    import numpy as np
    from PIL import Image

    from mmdp.findings import profile
    from mmdp.inputs.parameters import validate_parameters

    def pixels(png: bytes) -> np.ndarray:
        return np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).astype(int).reshape(-1, 3)

    for original in (chart.png for chart in profile.migrant_stock(validate_parameters("KGZ")).charts):
        compressed = packs.compress_png(original)
        before, after = pixels(original), pixels(compressed)
        colours, counts = np.unique(before, axis=0, return_counts=True)
        main_colours = {tuple(c) for c in colours[counts.argsort()[::-1][:4]]}
        assert len(compressed) < len(original) / 2
        assert main_colours <= {tuple(c) for c in after}, main_colours
        difference = np.abs(before - after)
        assert difference.mean() < 1 and (difference.max(axis=1) > 24).mean() < 0.01  # a few antialiased edge pixels
