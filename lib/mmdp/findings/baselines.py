"""Baselines of data-backed indicators: from the embedded global data, or from a team's national figures.

Stages 3 and 6 take these as the baselines of data-backed indicators: each is a Fact with value,
unit, year and source edition, or 'not available'. Groups get sums and ratios of sums (never medians
of shares); a cost of sending money is not additive, so groups have none. Where the indicators
template says ``national:<code>``, the baseline comes from the national figures instead, and the
framework says so in its "Baseline from" column.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..data.loaders import cached, load
from ..data.places import Place, summed
from ..data.provenance import SOURCES
from ..errors import MmdpError
from ..i18n import N_, _, language, t
from ..inputs.national import is_illustrative, read_national
from ..inputs.planning import NATIONAL_PREFIX
from ..render import format as fmt
from . import place_series
from .base import Fact


@dataclass(frozen=True)
class DataIndicator:
    """A monitoring indicator the embedded data can measure."""

    code: str
    """SDG indicator code where there is one (as in ``data/frameworks/sdg_indicators.csv``), else a short name."""
    label: str
    """In English (``_(label)`` gives it in the current language)."""
    unit: str
    by_sex: bool
    """The embedded source gives it by sex."""
    by_migratory_status: bool
    """It is about migrants or compares migrants with others."""


DATA_INDICATORS = (
    DataIndicator("10.c.1", N_("Remittance cost as a proportion of the amount remitted"), "%", False, True),
    DataIndicator("17.3.2", N_("Volume of remittances as a proportion of total GDP"), "%", False, True),
    DataIndicator("10.7.4", N_("Refugees and other people in need of international protection by country of origin, per 100,000 population"),
                  "rate", False, True),
    DataIndicator("immigrants_pct", N_("Immigrants as % of population"), "%", True, True),
    DataIndicator("emigrants_female_share", N_("Women's share of emigrants"), "%", True, True),
    DataIndicator("hdi", N_("Human Development Index"), "index", False, False),
    DataIndicator("gii", N_("Gender Inequality Index"), "index", False, False),
)
"""Indicators with a baseline in the embedded data, in the order a framework lists them."""

GENDER_SPECIFIC = {"gii": N_("a gender-inequality index: gender-specific by construction, not a value by sex")}
"""Data-backed indicators that measure gender inequality itself: not flagged for lacking a breakdown by sex (notes in
English; ``_()`` gives them in the current language)."""
BY_SEX_INSTEAD = {"hdi": N_("not by sex: use the Gender Development Index, or the female and male HDI (all three in the embedded HDR data)")}
"""Data-backed indicators not given by sex, and the ones the data carry that are (notes in English, as above)."""


def refugees_per_100k(place: Place, year: int | None) -> tuple[float | None, int | None, int]:
    """SDG 10.7.4 as its custodian (UNHCR) computes it: refugees (under UNHCR's mandate, and people
    in a refugee-like situation) plus other people in need of international protection, by country
    of origin at end-year, over the origin's end-year population plus those same people, x 100,000
    (population: UN WPP via WDI, same year). Returns the value, the latest year with both, and how
    many countries enter the ratio. A year with no 'other people in need' count adds none."""
    displaced = load("displacement")
    displaced = displaced[displaced.perspective == "origin"].dropna(subset=["refugees"])
    protected = displaced.assign(protected=displaced.refugees + displaced.other_in_need.fillna(0))[["iso3", "year", "protected"]]
    population = load("context")[["iso3", "year", "population"]].dropna(subset=["population"])
    both = protected.merge(population, on=["iso3", "year"])
    sums = summed(both, place, ["protected", "population"], year).dropna(subset=["protected", "population"])
    sums = sums[sums.population > 0]
    if sums.empty:
        return None, None, 0
    last = sums.iloc[-1]
    return float(1e5 * last.protected / (last.population + last.protected)), int(last.year), int(last.n_population)


def cost_to_country(place: Place, money: pd.DataFrame) -> Fact:
    """SDG 10.c.1 for a country: the World Bank's average cost of sending US$200 to it (WDI
    SI.RMT.COST.IB.ZS), latest year in ``money`` (``place_series.remittances`` at the reference year).
    It averages the services priced into the country, each counted once, not weighted by the money each
    corridor carries. Not computed for groups: a cost is not additive."""
    label = _(DATA_INDICATORS[0].label)
    if place.is_group:
        return Fact(label, None, "%", None, SOURCES["remittance_costs"], _("not computed for groups: a cost is not additive"))
    return place_series.series_fact(place, money, "cost_to_country_pct", label, "%", SOURCES["remittance_costs"])


def data_baselines(place: Place, year: int | None) -> dict[str, Fact]:
    """A baseline Fact per indicator of ``DATA_INDICATORS`` (keyed by code), 'not available' where none."""
    return dict(_data_baselines(place, year, language()))


@cached
def _data_baselines(place: Place, year: int | None, lang: str) -> dict[str, Fact]:
    """``data_baselines``, computed once per place, year and language (a framework asks for every
    indicator's row; cleared with the data caches)."""
    facts: dict[str, Fact] = {}
    money = place_series.remittances(place, year)
    stock = place_series.stock(place, year)
    labels = {i.code: _(i.label) for i in DATA_INDICATORS}

    def from_series(code: str, frame, column: str, unit: str, source: str) -> Fact:
        return place_series.series_fact(place, frame, column, labels[code], unit, source)

    facts["10.c.1"] = cost_to_country(place, money)
    facts["17.3.2"] = from_series("17.3.2", money, "received_pct_gdp", "%", SOURCES["remittance_flows"])
    value, when, n = refugees_per_100k(place, year)
    basis = t("ratio of sums over {n} of {count} countries", n=fmt.count(n), count=fmt.count(len(place.members))) if place.is_group and when else ""
    source = t("{source}; population: {population}", source=SOURCES["unhcr"], population=SOURCES["wdi"])
    facts["10.7.4"] = Fact(labels["10.7.4"], value, "rate", when, source, basis)
    facts["immigrants_pct"] = from_series("immigrants_pct", stock, "immigrants_pct_population", "%", SOURCES["ims"])
    facts["emigrants_female_share"] = from_series("emigrants_female_share", stock, "emigrants_female_share_pct", "%", SOURCES["ims"])
    for code in ("hdi", "gii"):
        value, when, n = place_series.context_value(place, code, year)
        basis = t("median over {n} of {count} countries", n=n, count=len(place.members)) if place.is_group and when else ""
        facts[code] = Fact(labels[code], value, "index", when, SOURCES["hdr"], basis)
    return facts


def national_baselines(folder: Path) -> dict[str, Fact]:
    """Baselines a country team's national figures can give (keyed as ``inputs.planning.NATIONAL_CODES``).

    The women's share of emigrants: female / total emigrants to all countries (``migrant_counts.csv``,
    partner ALL), in the latest year that has both. The source names the national source, marked
    ILLUSTRATIVE for the handbook's example folder.
    """
    counts = read_national(folder).get("migrant_counts", pd.DataFrame(columns=["direction", "sex", "partner", "year", "count", "source"]))
    rows = counts[(counts.direction == "emigrants") & (counts.partner == "ALL")]
    both = rows.pivot_table(index="year", columns="sex", values="count", aggfunc="first").reindex(columns=["female", "total"]).dropna()
    both = both[both.total > 0]
    label = _("Women's share of emigrants")
    if both.empty:
        counts_file = folder.name + "/migrant_counts.csv"
        return {"emigrants_female_share": Fact(label, None, "%", None, t("national figures ({file})", file=counts_file),
                                               _("no year with female and total emigrants to all countries"))}
    year = int(both.index.max())
    source = rows[rows.year == year].source.iloc[0]
    if is_illustrative(folder) and "ILLUSTRATIVE" not in source:
        source = t("ILLUSTRATIVE: {source}", source=source)
    value = 100 * both.at[year, "female"] / both.at[year, "total"]
    return {"emigrants_female_share": Fact(label, float(value), "%", year, source)}


GLOBAL_ORIGIN = N_("global estimate (embedded data)")
NATIONAL_ORIGIN = N_("national figures")
"""Where a baseline comes from, in English (a framework's ``baseline_origin`` value, compared as such; ``_()`` gives
it in the current language where it is shown)."""


def baseline_for(code: str, place: Place, year: int | None, national: Path | None) -> tuple[Fact, str]:
    """The baseline the indicators template asks for (``<code>`` or ``national:<code>``) and where it comes from."""
    if code.startswith(NATIONAL_PREFIX):
        if national is None:
            raise MmdpError(
                f"indicators: baseline_from_data {code!r} asks for a national baseline, but no national figures were given; "
                "pass the folder of national-figure templates (parameter national, or --national DIR), or use the global code "
                f"{code.removeprefix(NATIONAL_PREFIX)!r}"
            )
        return national_baselines(national)[code.removeprefix(NATIONAL_PREFIX)], NATIONAL_ORIGIN
    return data_baselines(place, year)[code], GLOBAL_ORIGIN
