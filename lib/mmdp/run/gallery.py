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
import os
import shutil
import sys
from pathlib import Path

import nbformat
import pandas as pd

from ..data.countries import NOT_CLASSIFIED, NOT_LISTED, income_group_label
from ..data.loaders import load_countries
from ..data.places import country_place
from ..errors import MmdpError
from ..findings.factsheet import key_facts
from ..paths import gallery_dir
from .pack import compress_notebook_images
from .runner import run_all, summary

GALLERY = gallery_dir()
PAGES = GALLERY / "countries"
RUNS = GALLERY.parent / "out" / "gallery-runs"
"""Executed runs (resumable; out/ is neither in git nor in the book)."""
THUMBS = GALLERY.parent / "_static" / "gallery-thumbs"
TEMPLATE = "migration_profile"
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


def to_page(path: Path, title: str) -> None:
    """Turn an executed notebook into a gallery page: title, parameters and code hidden, images compressed;
    each chart keeps its data, which the book offers for download under it (_ext/mmdp_book.py)."""
    notebook = nbformat.read(path, as_version=4)
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
    nbformat.write(notebook, path)


def thumbnail(path: Path, target: Path, width: int = 220) -> bool:
    """A small PNG of the page's first figure (the migrant stock chart); False if there is none."""
    import base64
    import re

    from PIL import Image

    notebook = nbformat.read(path, as_version=4)
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            found = re.search(r"data:image/png;base64,([A-Za-z0-9+/=]+)", output.get("data", {}).get("text/html", ""))
            if found:
                image = Image.open(io.BytesIO(base64.b64decode(found.group(1)))).convert("RGB")
                image.thumbnail((width, width))
                small = image.quantize(colors=24, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
                target.parent.mkdir(parents=True, exist_ok=True)
                small.save(target, "PNG", optimize=True)
                return True
    return False


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def card(row, has_thumb: bool) -> str:
    """One card: thumbnail, name, region and income group, three headline figures with years."""
    e = html.escape
    facts = key_facts(country_place(row.iso3))
    shown = [("Immigrants", facts["immigrants"]), ("Emigrants", facts["emigrants"]), ("Remittances, % of GDP", facts["remittances_pct_gdp"])]
    figures = "".join(f"<li>{e(label)}: {e(f.with_year())}</li>" for label, f in shown)
    income = income_group_label(row.wb_region, row.wb_income_group)
    thumb = (
        f'<img src="../_static/gallery-thumbs/{row.iso3}.png" alt="Thumbnail: migrants to and from {e(row.short_name)} over time" loading="lazy" width="220">' if has_thumb else ""
    )
    why = f'<p class="mmdp-card-why">{e(row.why)}</p>' if _text(row.why) else ""
    return (
        f'<div class="mmdp-card" data-name="{e((row.short_name + " " + row["name"] + " " + row.iso3).lower())}" '
        f'data-region="{e(_text(row.un_region))}" data-income="{e(income)}">'
        f'<a href="countries/{row.iso3}.html">{thumb}<strong>{e(row.short_name)}</strong></a>'
        f'<p class="mmdp-card-meta">{e(_text(row.un_subregion))} · {e(income)}</p>{why}<ul>{figures}</ul></div>'
    )


def write_index(rows: pd.DataFrame, thumbs: set[str]) -> None:
    """The card index. Which places it holds (featured or all) is a build choice, said by `make book`, not on the page."""
    e = html.escape
    countries = load_countries().set_index("iso3")
    table = countries.loc[list(rows.iso3)].reset_index()
    table["why"] = list(rows.why)
    regions = sorted(table.un_region.dropna().unique())
    incomes = ["Low income", "Lower middle income", "Upper middle income", "High income"]
    labels = {income_group_label(r, i) for r, i in zip(table.wb_region, table.wb_income_group, strict=True)}
    incomes = [i for i in [*incomes, NOT_CLASSIFIED, NOT_LISTED] if i in labels]
    options = lambda values, label: f'<option value="">{label}</option>' + "".join(f'<option value="{e(v)}">{e(v)}</option>' for v in values)  # noqa: E731
    cards = "\n".join(card(row, row.iso3 in thumbs) for _, row in table.iterrows())
    text = f"""# Country gallery

The {TEMPLATE.replace("_", " ")} notebook executed for {len(table)} countries and areas, with the
same code and the same embedded data as every other page of this handbook. Each page names its
sources and editions under every figure and says plainly where a source has no value. The other
planning stages for a place go into its country pack: `mmdp pack <country>` (an offline folder and
zip with every stage, the data behind each figure as CSV, and the inputs used).
<div class="mmdp-gallery-controls">
<input id="gallery-filter" type="search" placeholder="Search by name or code" aria-label="Search places by name or code">
<select id="gallery-region" aria-label="Filter by UN region">{options(regions, "All regions")}</select>
<select id="gallery-income" aria-label="Filter by World Bank income group">{options(incomes, "All income groups")}</select>
<span id="gallery-count" aria-live="polite">{len(table)} places</span>
</div>

<div class="mmdp-gallery">
{cards}
</div>
"""
    (GALLERY / "index.md").write_text(text, encoding="utf-8")


def build(jobs: int = 2, scope: str | None = None) -> int:
    """Execute (resuming), post-process and index the gallery; return the number of failed runs."""
    scope = scope or os.environ.get(SCOPE_ENV, "all")
    rows = gallery_countries(scope)
    names = load_countries().set_index("iso3").short_name.to_dict()
    unknown = sorted(set(rows.iso3) - set(names))
    if unknown:
        raise MmdpError(f"gallery/countries.csv lists codes not in the data: {unknown}")
    results = run_all(list(rows.iso3), [TEMPLATE], RUNS, jobs=jobs, progress=sys.stderr.isatty())
    print(summary(results), file=sys.stderr)
    shutil.rmtree(PAGES, ignore_errors=True)
    shutil.rmtree(THUMBS, ignore_errors=True)
    PAGES.mkdir(parents=True)
    thumbs = set()
    for result in results:
        if not result.error:
            page = PAGES / f"{result.iso3}.ipynb"
            shutil.copyfile(result.output, page)
            to_page(page, f"{names[result.iso3]}: migration profile")
            if thumbnail(page, THUMBS / f"{result.iso3}.png"):
                thumbs.add(result.iso3)
    ok = rows[rows.iso3.isin({r.iso3 for r in results if not r.error})]
    write_index(ok, thumbs)
    return sum(bool(r.error) for r in results)


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
