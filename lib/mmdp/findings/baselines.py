"""Baselines from the embedded data for the monitoring indicators that international sources cover.

Stage 6 takes these as the baselines of data-backed indicators: each is a Fact with value, unit,
year and source edition, or 'not available'. Groups get sums and ratios of sums (never medians of
shares); a cost of sending money is not additive, so groups have none.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..data.loaders import load
from ..data.places import Place, summed
from ..data.provenance import SOURCES
from ..data.series import latest
from . import place_series
from .base import Fact


@dataclass(frozen=True)
class DataIndicator:
    """A monitoring indicator the embedded data can measure."""

    code: str
    """SDG indicator code where there is one (as in ``data/frameworks/sdg_indicators.csv``), else a short name."""
    label: str
    unit: str
    by_sex: bool
    """The embedded source gives it by sex."""
    by_migratory_status: bool
    """It is about migrants or compares migrants with others."""


DATA_INDICATORS = (
    DataIndicator("10.c.1", "Remittance cost as a proportion of the amount remitted", "%", False, True),
    DataIndicator("17.3.2", "Volume of remittances as a proportion of total GDP", "%", False, True),
    DataIndicator("10.7.4", "Refugees by country of origin per 100,000 population", "number", False, True),
    DataIndicator("immigrants_pct", "Immigrants as % of population", "%", True, True),
    DataIndicator("emigrants_female_share", "Women's share of emigrants", "%", True, True),
    DataIndicator("hdi", "Human Development Index", "index", False, False),
    DataIndicator("gii", "Gender Inequality Index", "index", True, False),
)
"""Indicators with a baseline in the embedded data, in the order a framework lists them."""


def refugees_per_100k(place: Place, year: int | None) -> tuple[float | None, int | None, int]:
    """SDG 10.7.4: refugees originating from the place per 100,000 of its population, same-year
    population (UN WPP via WDI); the latest year with both; how many countries enter the ratio."""
    refugees = load("displacement")
    refugees = refugees[refugees.perspective == "origin"][["iso3", "year", "refugees"]]
    population = load("context")[["iso3", "year", "population"]]
    both = refugees.merge(population, on=["iso3", "year"]).dropna(subset=["refugees", "population"])
    sums = summed(both, place, ["refugees", "population"], year).dropna(subset=["refugees", "population"])
    sums = sums[sums.population > 0]
    if sums.empty:
        return None, None, 0
    last = sums.iloc[-1]
    return float(1e5 * last.refugees / last.population), int(last.year), int(last.n_population)


def data_baselines(place: Place, year: int | None) -> dict[str, Fact]:
    """A baseline Fact per indicator of ``DATA_INDICATORS`` (keyed by code), 'not available' where none."""
    facts: dict[str, Fact] = {}
    money = place_series.remittances(place, year)
    stock = place_series.stock(place, year)
    labels = {i.code: i.label for i in DATA_INDICATORS}

    def from_series(code: str, frame, column: str, unit: str, source: str) -> Fact:
        value, when = latest(frame, column)
        basis = ""
        if place.is_group and when is not None and f"n_{column}" in frame:
            basis = f"ratio of sums over {int(frame.loc[frame.year == when, f'n_{column}'].iloc[0])} of {len(place.members)} countries"
        return Fact(labels[code], value, unit, when, source, basis)

    if place.is_group:
        facts["10.c.1"] = Fact(labels["10.c.1"], None, "%", None, SOURCES["remittance_costs"], "not computed for groups: a cost is not additive")
    else:
        facts["10.c.1"] = from_series("10.c.1", money, "cost_to_country_pct", "%", SOURCES["remittance_costs"])
    facts["17.3.2"] = from_series("17.3.2", money, "received_pct_gdp", "%", SOURCES["remittance_flows"])
    value, when, n = refugees_per_100k(place, year)
    basis = f"ratio of sums over {n} of {len(place.members)} countries" if place.is_group and when else ""
    facts["10.7.4"] = Fact(labels["10.7.4"], value, "decimal", when, f"{SOURCES['unhcr']}; population: {SOURCES['wdi']}", basis)
    facts["immigrants_pct"] = from_series("immigrants_pct", stock, "immigrants_pct_population", "%", SOURCES["ims"])
    facts["emigrants_female_share"] = from_series("emigrants_female_share", stock, "emigrants_female_share_pct", "%", SOURCES["ims"])
    for code in ("hdi", "gii"):
        value, when, n = place_series.context_value(place, code, year)
        basis = f"median over {n} of {len(place.members)} countries" if place.is_group and when else ""
        facts[code] = Fact(labels[code], value, "index", when, SOURCES["hdr"], basis)
    return facts
