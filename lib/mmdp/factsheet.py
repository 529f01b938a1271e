"""A country's key migration figures, each with its year and source edition."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from .countries import resolve
from .data import load
from .provenance import SOURCES
from .setup import check_year


@dataclass(frozen=True)
class Fact:
    """One figure of a fact sheet; ``value`` is None where the source gives none."""

    indicator: str
    value: float | None
    unit: str
    year: int | None
    source: str

    def formatted(self) -> str:
        """The value as people read it, or a plain 'not available'."""
        return show(self.value, self.unit)


def format_value(value: float, unit: str) -> str:
    """Round for reading: counts to thousands separators, % to one decimal, US$ to M/bn."""
    if unit == "%":
        return f"{value:.1f} %"
    if unit == "US$":
        if abs(value) >= 1e9:
            return f"US$ {value / 1e9:,.2f} bn"
        return f"US$ {value / 1e6:,.1f} M"
    if unit == "index":
        return f"{value:.3f}"
    return f"{value:,.0f}"


def show(value: float | None, unit: str) -> str:
    """``format_value``, or 'not available' where the value is missing."""
    return "not available" if value is None or pd.isna(value) else format_value(value, unit)


def latest(frame: pd.DataFrame, column: str, year: int | None = None) -> tuple[float | None, int | None]:
    """Latest non-missing value of ``column`` (at or before ``year``) and its year."""
    rows = frame.dropna(subset=[column])
    if year is not None:
        rows = rows[rows.year <= year]
    if rows.empty:
        return None, None
    row = rows.loc[rows.year.idxmax()]
    return float(row[column]), int(row.year)


def _facts_from(
    table: str, iso3: str, spec: list[tuple[str, str, str, str]], year: int | None, **where: str
) -> list[Fact]:
    frame = load(table)
    frame = frame[frame.iso3 == iso3]
    for col, val in where.items():
        frame = frame[frame[col] == val]
    out = []
    for indicator, column, unit, source in spec:
        value, when = latest(frame, column, year)
        out.append(Fact(indicator, value, unit, when, SOURCES[source]))
    return out


def country_facts(country: str, year: int | None = None) -> list[Fact]:
    """The fact sheet of one country: migrant stock, displacement, remittances, human development."""
    iso3 = resolve(country)
    if year is not None:
        check_year(year)
    facts = _facts_from(
        "migrant_stock",
        iso3,
        [
            ("Immigrants (international migrant stock)", "immigrants_total", "people", "ims"),
            ("Immigrants, % of population", "immigrants_pct_population", "%", "ims"),
            ("Immigrants, female share", "immigrants_female_share_pct", "%", "ims"),
            ("Emigrants (born here, living abroad)", "emigrants_total", "people", "ims"),
            ("Emigrants, % of population", "emigrants_pct_population", "%", "ims"),
            ("Emigrants, female share", "emigrants_female_share_pct", "%", "ims"),
        ],
        year,
    )
    facts += _facts_from(
        "displacement", iso3, [("Refugees hosted", "refugees", "people", "unhcr")], year, perspective="hosted"
    )
    facts += _facts_from(
        "displacement", iso3, [("Refugees originating (abroad)", "refugees", "people", "unhcr")], year, perspective="origin"
    )
    facts += _facts_from(
        "remittances",
        iso3,
        [
            ("Remittances received", "received_usd", "US$", "remittance_flows"),
            ("Remittances received, % of GDP", "received_pct_gdp", "%", "remittance_flows"),
            ("Average cost of sending US$200 to the country (SDG 10.c.1)", "cost_to_country_pct", "%", "remittance_costs"),
        ],
        year,
    )
    facts += _facts_from(
        "context",
        iso3,
        [("Human Development Index", "hdi", "index", "hdr"), ("Gender Inequality Index", "gii", "index", "hdr")],
        year,
    )
    return facts


def facts_table(country: str, year: int | None = None) -> pd.DataFrame:
    """The fact sheet as a table: indicator, value, year, source edition."""
    rows = [
        {
            "Indicator": f.indicator,
            "Value": f.formatted(),
            "Year": "-" if f.year is None else str(f.year),
            "Source": f.source,
        }
        for f in country_facts(country, year)
    ]
    return pd.DataFrame(rows)
