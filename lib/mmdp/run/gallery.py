"""Country gallery of the book: the migration profile executed for each country listed in
``gallery/countries.csv``, turned into book pages, plus a card index (``gallery/index.md``).

Run before ``jupyter-book build`` (``make book`` does): ``python -m mmdp.gallery``.
Pages are build products (git-ignored), re-executed every time so they match code and data.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

import nbformat
import pandas as pd

from ..data.loaders import load_countries
from ..data.places import country_place
from ..errors import MmdpError
from ..findings.factsheet import key_facts
from ..paths import gallery_dir
from .runner import run_all, summary

GALLERY = gallery_dir()
PAGES = GALLERY / "countries"
TEMPLATE = "migration_profile"


def gallery_countries() -> pd.DataFrame:
    """The gallery's countries (iso3, why) in the order they appear."""
    return pd.read_csv(GALLERY / "countries.csv", keep_default_na=False)


def to_page(path: Path, title: str) -> None:
    """Turn an executed notebook into a gallery page: country title, parameters hidden, code hidden."""
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
    nbformat.write(notebook, path)


def card(iso3: str, name: str, why: str) -> str:
    """A sphinx-design card with the country's headline figures, each with its year."""
    facts = key_facts(country_place(iso3))
    shown = [("Immigrants", facts["immigrants"]), ("Emigrants", facts["emigrants"]), ("Remittances, % of GDP", facts["remittances_pct_gdp"])]
    body = "\n".join(f"- {label}: {f.with_year()}" for label, f in shown)
    return f""":::{{grid-item-card}} {name}
:link: countries/{iso3}
:link-type: doc

{why}

{body}
:::
"""


def write_index(rows: pd.DataFrame, names: dict[str, str]) -> None:
    cards = "\n".join(card(r.iso3, names[r.iso3], r.why) for r in rows.itertuples())
    text = f"""# Country gallery

The {TEMPLATE.replace("_", " ")} notebook executed for each country below, with the same code and
the same embedded data as every other page of this handbook. Each page names its sources and
editions under every figure and says plainly where a source has no value. To produce the pack
for any other country: `mmdp run <country> --html`.

::::{{grid}} 1 2 3 3
:gutter: 2

{cards}::::
"""
    (GALLERY / "index.md").write_text(text, encoding="utf-8")


def build(jobs: int = 2) -> int:
    """Execute, post-process and index the gallery; return the number of failed runs."""
    rows = gallery_countries()
    names = load_countries().set_index("iso3").short_name.to_dict()
    unknown = sorted(set(rows.iso3) - set(names))
    if unknown:
        raise MmdpError(f"gallery/countries.csv lists codes not in the data: {unknown}")
    with tempfile.TemporaryDirectory() as scratch:
        results = run_all(list(rows.iso3), [TEMPLATE], Path(scratch), jobs=jobs, force=True)
        print(summary(results), file=sys.stderr)
        shutil.rmtree(PAGES, ignore_errors=True)
        PAGES.mkdir(parents=True)
        for result in results:
            if not result.error:
                page = PAGES / f"{result.iso3}.ipynb"
                shutil.copyfile(result.output, page)
                to_page(page, f"{names[result.iso3]}: migration profile")
    write_index(rows, names)
    return sum(bool(r.error) for r in results)


if __name__ == "__main__":
    sys.exit(1 if build() else 0)
