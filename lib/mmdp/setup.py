"""Notebook parameters checked once, in the first code cell of every notebook.

Every notebook of the handbook takes the same parameters: ``country`` (code or name),
``year`` (reference year, default the latest available), ``comparators`` (default: the
country's UN subregion and World Bank income group; or a list of countries) and ``inputs``
(folder of a country team's planning templates; default: the illustrative examples).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .countries import resolve
from .data import load
from .errors import MmdpError
from .paths import REPO_ROOT
from .templates import check_templates

EXAMPLE_INPUTS = REPO_ROOT / "data" / "examples"
"""The illustrative planning inputs shipped with the handbook (clearly labelled as such)."""


@dataclass(frozen=True)
class Group:
    """A comparator: a named set of countries (a region, an income group, the world, or a list)."""

    name: str
    members: tuple[str, ...]


@dataclass(frozen=True)
class Setup:
    """Validated parameters of a notebook run."""

    iso3: str
    name: str
    year: int
    comparators: tuple[Group, ...]
    inputs: Path
    illustrative_inputs: bool

    @property
    def world(self) -> Group:
        """Every country and area in the data."""
        return Group("World", tuple(load("countries").iso3))


def data_years() -> tuple[int, int]:
    """First and last year that any embedded table covers."""
    years = [load(n).year for n in ("migrant_stock", "displacement", "remittances", "context")]
    return int(min(y.min() for y in years)), int(max(y.max() for y in years))


def check_year(year: object) -> int:
    """The year if the embedded data cover it; else MmdpError naming the range."""
    if isinstance(year, bool) or not isinstance(year, int):
        raise MmdpError(f"year must be a whole number such as 2024, not {year!r}")
    first, last = data_years()
    if not first <= year <= last:
        raise MmdpError(f"year {year} is outside the embedded data ({first}-{last}); choose a year in that range")
    return year


def default_comparators(iso3: str) -> tuple[Group, ...]:
    """The country's UN subregion and World Bank income group (members other than itself)."""
    table = load("countries")
    row = table.set_index("iso3").loc[iso3]
    groups = []
    for field_name, label in (("un_subregion", "{}"), ("wb_income_group", "{} countries")):
        value = row[field_name]
        if isinstance(value, str):
            members = tuple(table.loc[table[field_name] == value, "iso3"])
            groups.append(Group(label.format(value), members))
    return tuple(groups)


def setup(
    country: str | int,
    year: int | None = None,
    comparators: list[str] | str | None = None,
    inputs: str | Path | None = None,
) -> Setup:
    """Check the parameters; raise MmdpError naming the problem and the fix."""
    iso3 = resolve(country)
    year = data_years()[1] if year is None else check_year(year)

    if comparators is None or comparators == "default":
        groups = default_comparators(iso3)
    else:
        if isinstance(comparators, str):
            comparators = [comparators]
        codes = tuple(dict.fromkeys(resolve(c) for c in comparators))
        if not codes:
            raise MmdpError("comparators is empty; give a list of countries or None for the defaults")
        groups = tuple(Group(load("countries").set_index("iso3").at[c, "short_name"], (c,)) for c in codes)

    folder = Path(inputs) if inputs else EXAMPLE_INPUTS
    if not folder.is_dir():
        raise MmdpError(f"inputs folder not found: {folder}; give a folder with your planning templates or None")
    check_templates(folder)
    name = str(load("countries").set_index("iso3").at[iso3, "short_name"])
    return Setup(iso3, name, year, groups, folder, folder.resolve() == EXAMPLE_INPUTS.resolve())


def as_of(frame: pd.DataFrame, year: int) -> pd.DataFrame:
    """Rows at or before the reference year."""
    return frame[frame.year <= year]
