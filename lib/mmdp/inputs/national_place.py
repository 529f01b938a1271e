"""Are a team's national figures the run place's own? Each figure that has a published counterpart in the
embedded data (emigrant and immigrant stocks by sex from UN DESA, remittances received and sent from the
World Bank, refugees hosted and abroad from UNHCR) is compared with that place's published value for the
same year (the latest at or before it), and with every other place's.

Two problems are reported, in the file, line and column of the figure:

- a figure more than ``FAR_OFF`` times the place's published value (or less than its inverse);
- a set of figures that looks like another place's: some figure at least ``OFF`` times off the place's
  published value, while exactly one other place's published values are all within ``MATCH`` of the
  figures (at least ``MIN_FIGURES`` figures on at least two topics; with ``TRIM_FROM`` figures or more
  the one farthest is left out, since one figure may differ for good reasons, e.g. a central bank's
  wider coverage of remittances). The thresholds were tried by simulation on the embedded data
  (``bench/national_place.py``: every place with all nine of the example's figures): a place's own
  published figures with 20 % noise are called another's in 0.6 % of the places with four figures and
  in none with nine; with 10 % noise, a place's nine figures checked for a wrong place name the right
  place in 97 % of the trials.

National and global figures differ for good reasons (definitions, dates, coverage), so a figure within
the thresholds is never questioned; the comparison beside the global estimates shows the difference.
``place_problems`` is pure (tables in, messages out); ``published_values`` reads the embedded data.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from ..i18n import N_, _, n_, t
from ..render import format as fmt

FAR_OFF = 3.0
"""A figure more than this many times the place's published value (or less than its inverse) is questioned on its own."""

OFF = 1.5
"""A set of figures is compared with other places' when one figure is at least this many times off the place's value."""

MATCH = 0.25
"""Another place matches when each figure is within this fraction of its published value (25 %)."""

MIN_FIGURES = 3
"""Fewest figures (on at least two topics) for naming the place they look like: with fewer, some place always matches by chance."""

TRIM_FROM = 5
"""From this many figures on, the one farthest from a place's published values is left out of the match."""


@dataclass(frozen=True)
class Published:
    """A national figure's published counterpart: the template rows it applies to and the data column."""

    template: str
    selector: tuple[tuple[str, str], ...]
    value_column: str
    label: str
    """What the figure is, in English (marked with ``N_``; shown in the current language)."""
    topic: str
    table: str
    column: str
    perspective: str | None = None


def _stock(direction: str, sex: str, label: str) -> Published:
    return Published("migrant_counts", (("direction", direction), ("sex", sex), ("partner", "ALL")), "count", label, direction,
                     "migrant_stock", f"{direction}_{sex}")


PUBLISHED = (
    _stock("emigrants", "total", N_("emigrants (all partner countries)")),
    _stock("emigrants", "female", N_("emigrant women (all partner countries)")),
    _stock("emigrants", "male", N_("emigrant men (all partner countries)")),
    _stock("immigrants", "total", N_("immigrants (all partner countries)")),
    _stock("immigrants", "female", N_("immigrant women (all partner countries)")),
    _stock("immigrants", "male", N_("immigrant men (all partner countries)")),
    Published("remittances", (("direction", "received"), ("partner", "ALL")), "usd", N_("remittances received"), "remittances received", "remittances", "received_usd"),
    Published("remittances", (("direction", "sent"), ("partner", "ALL")), "usd", N_("remittances sent"), "remittances sent", "remittances", "sent_usd"),
    Published("displacement", (("population", "refugees_hosted"), ("sex", "total")), "count", N_("refugees hosted"), "refugees hosted", "displacement", "refugees", "hosted"),
    Published("displacement", (("population", "refugees_abroad"), ("sex", "total")), "count", N_("refugees abroad"), "refugees abroad", "displacement", "refugees", "origin"),
)
"""Each national figure with a published counterpart in the embedded data."""

SOURCE_KEYS = {"migrant_stock": "ims", "remittances": "remittance_flows", "displacement": "unhcr"}


def national_figures(tables: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """The rows of the national tables that have a published counterpart: one per figure, with its file, line and column."""
    rows = []
    for k, spec in enumerate(PUBLISHED):
        frame = tables.get(spec.template)
        if frame is None:
            continue
        chosen = frame
        for column, value in spec.selector:
            chosen = chosen[chosen[column] == value]
        for i, row in chosen.iterrows():
            rows.append({"figure": f"{spec.template}:{i}", "spec": k, "file": f"{spec.template}.csv", "line": int(i) + 2, "column": spec.value_column,
                         "label": spec.label, "topic": spec.topic, "year": int(row["year"]), "value": float(row[spec.value_column]),
                         "unit": "US$" if spec.value_column == "usd" else "people"})
    return pd.DataFrame(rows, columns=["figure", "spec", "file", "line", "column", "label", "topic", "year", "value", "unit"])


def published_values(figures: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame, dict[str, str]]:
    """Every place's published value of each figure (latest at or before its year): values and years (places x
    figures), and each figure's source line. Reads the embedded data."""
    from ..data.loaders import load
    from ..data.provenance import SOURCES
    from ..data.series import latest_rows

    values, years, sources = {}, {}, {}
    for figure in figures.itertuples():
        spec = PUBLISHED[figure.spec]
        table = load(spec.table)
        if spec.perspective is not None:
            table = table[table.perspective == spec.perspective]
        latest = latest_rows(table, spec.column, figure.year).set_index("iso3")
        values[figure.figure], years[figure.figure] = latest[spec.column], latest.year
        sources[figure.figure] = SOURCES[SOURCE_KEYS[spec.table]]
    return pd.DataFrame(values, columns=list(figures.figure)), pd.DataFrame(years, columns=list(figures.figure)), sources


def _log_ratios(figures: pd.DataFrame, values: pd.DataFrame) -> pd.DataFrame:
    """log(national / published) per place and figure; missing where either is missing or not above 0."""
    national = figures.set_index("figure").value
    published = values[national.index].where(values[national.index] > 0)
    return (published.rdiv(national.where(national > 0), axis=1)).map(lambda r: math.log(r) if pd.notna(r) else float("nan"))


def _distance(ratios: pd.DataFrame) -> pd.Series:
    """Per place, the largest |log ratio| over the figures (the farthest left out from TRIM_FROM figures on)."""
    distances = ratios.abs()
    if distances.shape[1] >= TRIM_FROM:
        return distances.apply(lambda row: row.sort_values().iloc[:-1].max(), axis=1)
    return distances.max(axis=1)


def _lines(figures: pd.DataFrame) -> str:
    """'migrant_counts.csv lines 2, 3; remittances.csv line 2', in the current language."""
    # TRANSLATORS: {file} is a file's name; {lines} its line numbers ("2, 3")
    return fmt.semicolons(n_("{file} line {lines}", "{file} lines {lines}", len(group), file=file, lines=", ".join(map(str, group.line)))
                          for file, group in figures.groupby("file", sort=False))


def place_problems(place: str, figures: pd.DataFrame, values: pd.DataFrame, years: pd.DataFrame, sources: Mapping[str, str],
                   names: Mapping[str, str]) -> list[tuple[str, str]]:
    """(file, message) for figures that do not look like ``place``'s published figures (see the module's rules).

    ``figures``: ``national_figures``; ``values``, ``years``: published values and their years, places x figures
    (``published_values``); ``names``: place code -> name."""
    if figures.empty or place not in values.index:
        return []
    ratios = _log_ratios(figures, values)
    own = ratios.loc[place].dropna()
    if own.empty:
        return []
    name = names.get(place, place)
    compared = figures[figures.figure.isin(own.index)]
    ratios = ratios[own.index].dropna()
    distance = _distance(ratios)
    others = distance.drop(place, errors="ignore")
    matching = others[others <= math.log(1 + MATCH)]
    enough = len(own) >= MIN_FIGURES and compared.topic.nunique() >= 2
    off = own.abs().max() >= math.log(OFF)
    twin = matching.index[0] if enough and off and len(matching) == 1 else None
    problems = []
    for figure in compared.itertuples():
        ratio = math.exp(own[figure.figure])
        if 1 / FAR_OFF <= ratio <= FAR_OFF:
            continue
        published = values.at[place, figure.figure]
        when = int(years.at[place, figure.figure])
        hint = ""
        if twin and abs(ratios.at[twin, figure.figure]) <= math.log(1 + MATCH):
            # TRANSLATORS: {other} is another country's name; {value} its published figure
            hint = t("; it is close to {other}'s ({value})", other=names.get(twin, twin), value=fmt.value(values.at[twin, figure.figure], figure.unit))
        fields = {"line": figure.line, "column": repr(figure.column), "label": _(figure.label), "year": figure.year, "value": fmt.value(figure.value, figure.unit),
                  "name": name, "published": fmt.value(published, figure.unit), "when": when, "source": sources[figure.figure], "hint": hint}
        if ratio >= 1:
            # TRANSLATORS: {label} is what the figure is ("emigrants (all partner countries)"); {value} the national figure; {ratio} how many times
            # the published figure it is ("4.4"); {name} the country's name; {published} the published figure, of the year {when}, from {source};
            # {hint} "; it is close to X's (...)" or nothing
            problems.append((figure.file, t("line {line}, column {column}: {label} in {year}, {value}, is {ratio} times {name}'s published figure "
                                            "({published} in {when}, {source}){hint}; give {name}'s figure, or check that the folder is {name}'s",
                                            ratio=fmt.local(f"{ratio:,.1f}"), **fields)))
        else:
            # TRANSLATORS: {label} is what the figure is ("emigrants (all partner countries)"); {value} the national figure; {share} the share of
            # the published figure it is ("2.6 %"); {name} the country's name; {published} the published figure, of the year {when}, from {source};
            # {hint} "; it is close to X's (...)" or nothing
            problems.append((figure.file, t("line {line}, column {column}: {label} in {year}, {value}, is {share} of {name}'s published figure "
                                            "({published} in {when}, {source}){hint}; give {name}'s figure, or check that the folder is {name}'s",
                                            share=fmt.value(100 * ratio, "%"), **fields)))
    if twin:
        within = math.exp(distance[twin]) - 1
        close = int((ratios.loc[twin].abs() <= distance[twin] + 1e-12).sum())
        far = int((own.abs() >= math.log(OFF)).sum())
        cited = fmt.semicolons(dict.fromkeys(sources[f] for f in own.index))
        # TRANSLATORS: {lines} are files and lines ("migrant_counts.csv lines 2, 3"); {other} another country's name, {code} its code; {name} the
        # country checked; {close} of the {count} figures are within {within} (a share) of the other's; {n} figures are {off} times or more off
        problems.append((compared.file.iloc[0], n_("{lines}: these look like {other}'s figures, not {name}'s: {close} of the {count} figures are within "
                                                   "{within} of {other}'s published figures ({cited}), while {n} is {off} times or more off {name}'s; "
                                                   "give {name}'s figures, or check them for {other} (--country {code})",
                                                   "{lines}: these look like {other}'s figures, not {name}'s: {close} of the {count} figures are within "
                                                   "{within} of {other}'s published figures ({cited}), while {n} are {off} times or more off {name}'s; "
                                                   "give {name}'s figures, or check them for {other} (--country {code})",
                                                   far, lines=_lines(compared), other=names.get(twin, twin), name=name, close=close, count=len(own),
                                                   within=fmt.value(100 * within, "%"), cited=cited, off=fmt.local(f"{OFF:g}"), code=twin)))
    return problems


class _CountryNames(Mapping):
    """Country code -> the country's name in the current language, looked up when asked (a check names two at most)."""

    def __init__(self, codes: frozenset[str]):
        self.codes = codes

    def __getitem__(self, code: str) -> str:
        from ..data.countries import country_name
        from ..i18n import language

        if code not in self.codes:
            raise KeyError(code)
        return country_name(code, language())

    def __iter__(self):
        return iter(sorted(self.codes))

    def __len__(self) -> int:
        return len(self.codes)


def check_place(place: str, tables: Mapping[str, pd.DataFrame]) -> list[tuple[str, str]]:
    """``place_problems`` against the embedded data, for a country code."""
    from ..data.loaders import load_countries

    figures = national_figures(tables)
    if figures.empty:
        return []
    values, years, sources = published_values(figures)
    names = _CountryNames(frozenset(load_countries().iso3))
    return place_problems(place, figures, values, years, sources, names)
