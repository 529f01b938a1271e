"""A country team's own national figures (census, survey, central bank, registers), as CSV templates.

They are shown beside the global estimates, never instead of them (``findings.national``).
Templates, documented in ``data/examples/national/README.md`` (an ILLUSTRATIVE example folder):

- ``migrant_counts.csv``: emigrants and immigrants by sex and partner country;
- ``remittances.csv``: remittances received or sent, by source or destination country;
- ``labour_force.csv``: labour force and working-age population by sex and migrant status;
- ``displacement.csv``: refugees, asylum seekers and internally displaced people by sex.

Every file is optional; each present is checked with row-level errors (file, line, column).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pandera.pandas as pa
from pandera.pandas import Check, Column

from ..errors import MmdpError
from ..i18n import n_, t
from ..render.format import local
from .templates import read_csv_template, template_problems

SEX = Check.isin(["female", "male", "total"])
YEAR = Check.in_range(1950, 2100)
PARTNER = Check.str_matches(r"^([A-Z]{3}|ALL)$")
"""A partner country as ISO3 (KAZ, RUS) or ALL for every country together."""


def _national(name: str, key: dict[str, Column], figures: dict[str, Column]) -> pa.DataFrameSchema:
    """A national-figures template: its key columns (one row per key), its figures, then the
    ``source`` every row must name and optional ``notes``."""
    columns = key | figures | {"source": Column(str, Check.str_length(min_value=3)), "notes": Column(str, nullable=True)}
    return pa.DataFrameSchema(columns, strict=True, coerce=True, unique=list(key), name=name)


MIGRANT_COUNTS = _national(
    "migrant_counts.csv",
    {"direction": Column(str, Check.isin(["emigrants", "immigrants"])), "sex": Column(str, SEX), "partner": Column(str, PARTNER), "year": Column(int, YEAR)},
    {"count": Column(int, Check.ge(0))},
)
REMITTANCES = _national(
    "remittances.csv",
    {"direction": Column(str, Check.isin(["received", "sent"])), "partner": Column(str, PARTNER), "year": Column(int, YEAR)},
    {"usd": Column(float, Check.ge(0))},
)
LABOUR_FORCE = _national(
    "labour_force.csv",
    {"sex": Column(str, SEX), "migrant_status": Column(str, Check.isin(["migrant", "non-migrant", "total"])), "year": Column(int, YEAR)},
    {"labour_force": Column(int, Check.ge(0)), "working_age_population": Column(int, Check.ge(0))},
)
DISPLACEMENT = _national(
    "displacement.csv",
    {"population": Column(str, Check.isin(["refugees_hosted", "refugees_abroad", "asylum_seekers_hosted", "idps"])), "sex": Column(str, SEX), "year": Column(int, YEAR)},
    {"count": Column(int, Check.ge(0))},
)
NATIONAL_TEMPLATES = (MIGRANT_COUNTS, REMITTANCES, LABOUR_FORCE, DISPLACEMENT)


def check_national(folder: Path, country: str | None = None) -> tuple[dict[str, list[str]], dict[str, pd.DataFrame]]:
    """Every problem of every national-figures file in one pass (by file), and the tables that passed.

    A folder with none of the templates is an error (most likely the wrong folder)."""
    folder = Path(folder)
    if not folder.is_dir():
        raise MmdpError(t("national figures folder not found: {folder}; copy data/examples/national/ and fill in your figures", folder=folder))
    tables, problems = {}, {}
    for schema in NATIONAL_TEMPLATES:
        path = folder / schema.name
        if path.is_file():
            frame, found = template_problems(read_csv_template(path, "data/examples/national/"), schema, f"{folder.name}/{schema.name}")
            if found:
                problems[schema.name] = found
            else:
                tables[path.stem] = frame.reset_index(drop=True)
    if not tables and not problems:
        names = ", ".join(s.name for s in NATIONAL_TEMPLATES)
        # TRANSLATORS: {names} are the templates' file names
        raise MmdpError(t("{folder}: none of the national-figure templates ({names}); copy them from data/examples/national/", folder=folder, names=names))
    for name, found in national_problems(tables, country).items():
        problems.setdefault(name, []).extend(found)
    return problems, tables


def read_national(folder: Path, country: str | None = None) -> dict[str, pd.DataFrame]:
    """Every national-figures template present in ``folder``, checked; keyed by file stem.

    MmdpError names the first problem and how many there are (``mmdp inputs check --national`` lists all)."""
    problems, tables = check_national(folder, country)
    if problems:
        count = sum(len(p) for p in problems.values())
        first = next(iter(problems))
        # TRANSLATORS: {files} are the names of the files with problems
        more = n_("; and {n} more problem in {files}", "; and {n} more problems in {files}", count - 1, files=", ".join(problems)) if count > 1 else ""
        # TRANSLATORS: {where} is a folder and file; {problem} its first problem; {more} "; and 3 more problems in a.csv" or nothing; {folder} the folder
        raise MmdpError(t("{where}: {problem}{more}. `mmdp inputs check --national {folder}` lists every problem",
                          where="/".join((Path(folder).name, first)), problem=problems[first][0], more=more, folder=Path(folder).name))
    return tables


def is_illustrative(folder: Path) -> bool:
    """True for the handbook's example folder (its README says ILLUSTRATIVE)."""
    readme = Path(folder) / "README.md"
    return readme.is_file() and "ILLUSTRATIVE" in readme.read_text(encoding="utf-8")


def national_problems(tables: dict[str, pd.DataFrame], country: str | None = None, this_year: int | None = None) -> dict[str, list[str]]:
    """Logic checks of checked national figures, by file: women plus men within the total; years not
    in the future; partner codes that exist and are not the country itself; rates above 100 %."""
    import datetime as dt

    from ..data.loaders import load_countries

    this_year = this_year or dt.date.today().year
    known = set(load_countries().iso3) | {"ALL"}
    problems: dict[str, list[str]] = {}

    def add(name: str, text: str) -> None:
        problems.setdefault(f"{name}.csv", []).append(text)

    def line(i: int) -> int:
        return int(i) + 2

    for name, frame in tables.items():
        for i, year in frame.year.items():
            if year > this_year:
                # TRANSLATORS: {line} is the line of the file; 'year' a column's name; {this_year} the current year
                add(name, t("line {line}, column 'year': {year} is in the future; give the year the figure refers to ({this_year} or earlier)",
                            line=line(i), year=year, this_year=this_year))
        if "partner" in frame:
            for i, partner in frame.partner.items():
                if partner not in known:
                    # TRANSLATORS: {partner} is the code typed (quoted); 'partner' a column's name; RUS and ALL are codes
                    add(name, t("line {line}, column 'partner': {partner} is not a country code; give an ISO3 code such as RUS, or ALL",
                                line=line(i), partner=repr(partner)))
                elif country and partner == country:
                    # TRANSLATORS: {partner} is the code typed (quoted); 'partner' a column's name; ALL is a code
                    add(name, t("line {line}, column 'partner': {partner} is the country itself; a partner is another country (or ALL)",
                                line=line(i), partner=repr(partner)))
        if "sex" not in frame:
            continue
        keys = [c for c in ("direction", "population", "migrant_status", "partner", "year") if c in frame]
        values = [c for c in ("count", "labour_force", "working_age_population") if c in frame]
        for key, group in frame.groupby(keys):
            by_sex = group.set_index("sex")
            if not {"female", "male", "total"} <= set(by_sex.index):
                continue
            for value in values:
                women, men, total = (by_sex.loc[s, value] for s in ("female", "male", "total"))
                if women + men > total:
                    # TRANSLATORS: {column} is a column's name (quoted); {key} the row's codes and year, as typed ("emigrants, ALL, 2022")
                    add(name, t("line {line}, column {column}: women ({women}) plus men ({men}) exceed the total ({total}) for {key}; correct one of the three rows",
                                line=line(group.index[group.sex == "total"][0]), column=repr(value), women=local(f"{women:,}"), men=local(f"{men:,}"),
                                total=local(f"{total:,}"), key=", ".join(map(str, key))))
    if "labour_force" in tables:
        frame = tables["labour_force"]
        for i, row in frame.iterrows():
            if row.working_age_population and row.labour_force > row.working_age_population:
                # TRANSLATORS: {rate} is the labour force as a share of the working-age population, in per cent
                add("labour_force", t("line {line}: the labour force ({labour_force}) is larger than the working-age population ({population}), "
                                      "a rate of {rate} %; a rate cannot exceed 100 %: check the two columns", line=line(i),
                                      labour_force=local(f"{row.labour_force:,}"), population=local(f"{row.working_age_population:,}"),
                                      rate=local(f"{100 * row.labour_force / row.working_age_population:.1f}")))
    return problems
