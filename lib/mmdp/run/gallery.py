"""Country gallery of the book: the migration profile executed for every place with data (238
countries and areas), turned into book pages, plus a card index (``gallery/index.md``) with a
thumbnail, region and income group per card, filtered by region and income group and searched by
name in the browser (``_static/gallery-filter.js``: plain JavaScript, works offline).

    python -m mmdp.run.gallery [--scope all|featured] [--jobs N]

``featured`` keeps the places of ``gallery/countries.csv`` (a quick build). Runs go through the
warm-kernel runner into ``out/gallery-runs/`` and resume: a rerun re-executes only what the code,
data or notebook changed. Pages and thumbnails are build products (git-ignored); images are
quantised so a page stays well under 1.5 MB. The other stages of each place go into its country
pack (``mmdp pack``), not into the book.
"""

from __future__ import annotations

import argparse
import html
import io
import multiprocessing
import os
import sys
from concurrent.futures import ProcessPoolExecutor
from contextlib import nullcontext
from pathlib import Path
from types import SimpleNamespace

import nbformat
import pandas as pd

from ..constants import LANGUAGES
from ..data.countries import INCOME_GROUPS, NOT_CLASSIFIED, NOT_LISTED, country_name, income_group_label
from ..data.loaders import load_countries
from ..data.places import country_place, group_label
from ..errors import MmdpError
from ..findings.factsheet import key_facts
from ..i18n import N_, _, language, n_, t, using
from ..paths import book_dir, gallery_dir
from .pack import compress_notebook_images, translate_markdown
from .files import keep_only, write_if_changed
from .runner import run_all, summary

GALLERY = gallery_dir()
PAGES = GALLERY / "countries"
RUNS = GALLERY.parent / "out" / "gallery-runs"
"""Executed runs (resumable; out/ is neither in git nor in the book); another language's in gallery-runs-<lang>."""
TEMPLATE = "migration_profile"
REASONS = (N_("IOM-UNDP mainstreaming programme (pilot phase)"), N_("IOM-UNDP mainstreaming programme (phase II)"))
"""The reasons gallery/countries.csv gives for featuring a place, marked for translation (a reason not
listed here is refused, so none is left in English)."""
SCOPE_ENV = "MMDP_GALLERY"
"""``all`` (every place with data) or ``featured`` (gallery/countries.csv)."""


def featured() -> pd.DataFrame:
    """The featured places (iso3, why), in order."""
    return pd.read_csv(GALLERY / "countries.csv", keep_default_na=False)


def gallery_countries(scope: str | None = None) -> pd.DataFrame:
    """The gallery's places (iso3, why): every country or area in the data, or the featured ones."""
    scope = scope or os.environ.get(SCOPE_ENV, "all")
    if scope not in ("all", "featured"):
        raise MmdpError(f"gallery scope must be 'all' or 'featured' (got {scope!r})")
    chosen = featured()
    if scope == "featured":
        return chosen
    why = dict(zip(chosen.iso3, chosen.why))
    codes = list(load_countries().iso3)
    return pd.DataFrame({"iso3": codes, "why": [why.get(c, "") for c in codes]})


def built_places() -> pd.DataFrame:
    """The places of the English gallery as last built (iso3, why): another language's gallery holds the
    same, so that every page's language switcher leads to a page that exists."""
    built = {path.stem for path in PAGES.glob("*.ipynb")}
    if not built:
        raise MmdpError("no English gallery to follow: build it first (make gallery, or make html)")
    scope = "featured" if built == set(featured().iso3) else "all"
    return gallery_countries(scope).query("iso3 in @built").reset_index(drop=True)


def runs_dir(lang: str) -> Path:
    """Where the gallery's runs in ``lang`` are kept (each language resumes its own)."""
    return RUNS if lang == LANGUAGES[0] else RUNS.with_name(f"{RUNS.name}-{lang}")


def to_page(notebook: nbformat.NotebookNode, title: str) -> nbformat.NotebookNode:
    """Turn an executed notebook into a gallery page: title, parameters and code hidden, images compressed;
    each chart keeps its data, which the book offers for download under it (_ext/mmdp_book.py)."""
    first = notebook.cells[0]
    lines = first.source.splitlines()
    first.source = "\n".join([f"# {title}", *lines[1:]])
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        tags = set(cell.metadata.get("tags", []))
        tags.discard("hide-input")
        tags.add("remove-cell" if tags & {"parameters", "injected-parameters"} else "remove-input")
        cell.metadata["tags"] = sorted(tags)
    compress_notebook_images(notebook)
    return notebook


def thumbnail(notebook: nbformat.NotebookNode, width: int = 220) -> bytes | None:
    """A small PNG of the page's first figure (the migrant stock chart); None if there is none."""
    import base64
    import re

    from PIL import Image

    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            found = re.search(r"data:image/png;base64,([A-Za-z0-9+/=]+)", output.get("data", {}).get("text/html", ""))
            if found:
                image = Image.open(io.BytesIO(base64.b64decode(found.group(1)))).convert("RGB")
                image.thumbnail((width, width))
                small = image.quantize(colors=24, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
                png = io.BytesIO()
                small.save(png, "PNG", optimize=True)
                return png.getvalue()
    return None


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def place_title(iso3: str, short_name: str) -> str:
    """A place's name on its card and page: the English short name, or the UN's name in another language."""
    return short_name if language() == LANGUAGES[0] else country_name(iso3, language())


def card(row, has_thumb: bool) -> str:
    """One card: thumbnail, name, region and income group, three headline figures with years, in the current
    language; searched by its name in English and in that language, and by code."""
    e = html.escape
    facts = key_facts(country_place(row.iso3))
    shown = [(_("Immigrants"), facts["immigrants"]), (_("Emigrants"), facts["emigrants"]),
             (_("Remittances, % of GDP"), facts["remittances_pct_gdp"])]
    lines = [t("{label}: {figure}", label=label, figure=fact.with_year()) for label, fact in shown]
    figures = "".join(f"<li>{e(line)}</li>" for line in lines)
    income = income_group_label(row.wb_region, row.wb_income_group)
    name = place_title(row.iso3, row.short_name)
    alt = t("Thumbnail: migrants to and from {place} over time", place=name)
    thumb = f'<img src="../_static/gallery-thumbs/{row.iso3}.png" alt="{e(alt)}" loading="lazy" width="220">' if has_thumb else ""
    why = f'<p class="mmdp-card-why">{e(_(row.why))}</p>' if _text(row.why) else ""
    searched = " ".join(dict.fromkeys([name, row.short_name, row["name"], row.iso3]))
    return (
        f'<div class="mmdp-card" data-name="{e(searched.lower())}" '
        f'data-region="{e(group_label(_text(row.un_region)))}" data-income="{e(income)}">'
        f'<a href="countries/{row.iso3}.html">{thumb}<strong>{e(name)}</strong></a>'
        f'<p class="mmdp-card-meta">{e(group_label(_text(row.un_subregion)))} · {e(income)}</p>{why}<ul>{figures}</ul></div>'
    )


def write_index(rows: pd.DataFrame, thumbs: set[str], index: Path) -> None:
    """The card index, in the current language. Which places it holds (featured or all) is a build choice,
    said by `make book`, not on the page."""
    e = html.escape
    countries = load_countries().set_index("iso3")
    table = countries.loc[list(rows.iso3)].reset_index()
    table["why"] = list(rows.why)
    regions = sorted({group_label(r) for r in table.un_region.dropna()})
    incomes = [_(i) for i in [*INCOME_GROUPS, NOT_CLASSIFIED, NOT_LISTED]]
    labels = {income_group_label(r, i) for r, i in zip(table.wb_region, table.wb_income_group, strict=True)}
    incomes = [i for i in incomes if i in labels]
    options = lambda values, label: f'<option value="">{label}</option>' + "".join(f'<option value="{e(v)}">{e(v)}</option>' for v in values)  # noqa: E731
    cards = "\n".join(card(row, row.iso3 in thumbs) for _row, row in table.iterrows())
    intro = t("The migration profile notebook executed for {count} countries and areas, with the same code and the same "
              "embedded data as every other page of this handbook. Each page names its sources and editions under every "
              "figure and says plainly where a source has no value. The other planning stages for a place go into its "
              "country pack: `mmdp pack <country>` (an offline folder and zip with every stage, the data behind each "
              "figure as CSV, and the inputs used).", count=len(table))
    title, search, search_label = _("Country gallery"), e(_("Search by name or code")), e(_("Search places by name or code"))
    region_label, all_regions = e(_("Filter by UN region")), e(_("All regions"))
    income_label, all_incomes = e(_("Filter by World Bank income group")), e(_("All income groups"))
    shown = {n: e(n_("{count} place", "{count} places", n, count="{count}")) for n in (1, 2)}  # the filter's count, as the script writes it
    count = e(n_("{count} place", "{count} places", len(table), count=len(table)))
    text = f"""# {title}

{intro}
<div class="mmdp-gallery-controls">
<input id="gallery-filter" type="search" placeholder="{search}" aria-label="{search_label}">
<select id="gallery-region" aria-label="{region_label}">{options(regions, all_regions)}</select>
<select id="gallery-income" aria-label="{income_label}">{options(incomes, all_incomes)}</select>
<span id="gallery-count" aria-live="polite" data-one="{shown[1]}" data-other="{shown[2]}">{count}</span>
</div>

<div class="mmdp-gallery">
{cards}
</div>
"""
    write_if_changed(index, text)


def write_gallery_page(run: Path, title: str, page: Path, thumb: Path, lang: str = LANGUAGES[0]) -> bool:
    """The gallery page of one executed run in ``lang``, and its thumbnail; each written only when it changed
    (an incremental book build rereads only what changed). The run's outputs are in its language already;
    its narrative (the notebook's markdown) is translated as the book's page of the notebook is, from that
    page's catalog. Returns whether the page has a thumbnail."""
    notebook = nbformat.read(run, as_version=4)
    with using(lang):
        for cell in notebook.cells:
            if cell.cell_type == "markdown":
                cell.source = translate_markdown(cell.source, f"notebooks/{TEMPLATE}")
    notebook = to_page(notebook, title)
    write_if_changed(page, nbformat.writes(notebook))
    png = thumbnail(notebook)
    if png:
        write_if_changed(thumb, png)
    return png is not None


def _page_writers(pages: int, jobs: int):
    """Where pages are written: ``jobs`` processes for a gallery of many pages, else this process (a few
    pages do not pay for starting processes)."""
    if jobs > 1 and pages > 4 * jobs:
        return ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("spawn"))
    return nullcontext(SimpleNamespace(map=map))


def write_gallery(rows: pd.DataFrame, root: Path | None = None, jobs: int = 2) -> int:
    """Execute (resuming) the profile of each place in ``rows`` in the current language, turn the runs into
    pages under ``root`` (default: the book's folder; gallery/countries/, _static/gallery-thumbs/) and write its index; return the
    number of failed runs."""
    names = load_countries().set_index("iso3").short_name.to_dict()
    unknown = sorted(set(rows.iso3) - set(names))
    if unknown:
        raise MmdpError(f"gallery/countries.csv lists codes not in the data: {unknown}")
    unmarked = sorted(set(filter(None, rows.why)) - set(REASONS))
    if unmarked:
        raise MmdpError(f"gallery/countries.csv gives reasons not marked for translation: {unmarked}; add them to REASONS in {__name__}")
    results = run_all(list(rows.iso3), [TEMPLATE], runs_dir(language()), jobs=jobs, progress=sys.stderr.isatty())
    print(summary(results), file=sys.stderr)
    root = root or book_dir()
    pages, thumbs_dir = root / "gallery" / "countries", root / "_static" / "gallery-thumbs"
    done = [r for r in results if not r.error]
    titles = [t("{place}: migration profile", place=place_title(r.iso3, names[r.iso3])) for r in done]
    from .gallery import write_gallery_page as by_name  # the processes find it by its module's name, also under `python -m`

    with _page_writers(len(done), jobs) as pool:  # compressing a page's images takes about 0.6 s of CPU
        written = pool.map(by_name, [r.output for r in done], titles, [pages / f"{r.iso3}.ipynb" for r in done],
                           [thumbs_dir / f"{r.iso3}.png" for r in done], [language()] * len(done))
        thumbs = {r.iso3 for r, has_thumb in zip(done, written) if has_thumb}
    ok = rows[rows.iso3.isin({r.iso3 for r in done})]
    keep_only(pages, {f"{code}.ipynb" for code in ok.iso3})
    keep_only(thumbs_dir, {f"{code}.png" for code in thumbs})
    write_index(ok, thumbs, root / "gallery" / "index.md")
    return sum(bool(r.error) for r in results)


def build(jobs: int = 2, scope: str | None = None) -> int:
    """The English gallery of the book (``scope``: all or featured); return the number of failed runs. The
    other languages' galleries are written with their books (``mmdp.run.book_language``)."""
    with using(LANGUAGES[0]):
        return write_gallery(gallery_countries(scope), jobs=jobs)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m mmdp.run.gallery", description="Build the book's country gallery.")
    parser.add_argument("--scope", choices=("all", "featured"), default=os.environ.get(SCOPE_ENV, "all"))
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args(argv)
    try:
        return 1 if build(args.jobs, args.scope) else 0
    except MmdpError as exc:
        print(f"mmdp: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
