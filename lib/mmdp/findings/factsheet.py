"""Key figures of a place (a country, or a group: the world, a region, an income group), each with
its year, source edition and, for groups, how it was computed."""

from __future__ import annotations

import pandas as pd

from ..constants import SEND_AMOUNT_USD
from ..data.places import Place
from ..data.provenance import SOURCES
from ..i18n import N_, _, t
from ..render import format as fmt
from ..render.display import Table
from . import place_series
from .base import Fact, Finding, facts_rows

STOCK_FACTS = (
    ("immigrants", N_("Immigrants (international migrant stock)"), "immigrants_total", "people"),
    ("immigrants_pct", N_("Immigrants, % of population"), "immigrants_pct_population", "%"),
    ("immigrants_female_share", N_("Immigrants, female share"), "immigrants_female_share_pct", "%"),
    ("emigrants", N_("Emigrants (born here, living abroad)"), "emigrants_total", "people"),
    ("emigrants_pct", N_("Emigrants, % of population"), "emigrants_pct_population", "%"),
    ("emigrants_female_share", N_("Emigrants, female share"), "emigrants_female_share_pct", "%"),
)
DISPLACEMENT_FACTS = (
    ("refugees_hosted", N_("Refugees hosted"), "hosted_refugees"),
    ("refugees_abroad", N_("Refugees originating (abroad)"), "abroad_refugees"),
)
REMITTANCE_FACTS = (
    ("remittances_received", N_("Remittances received"), "received_usd", "US$"),
    ("remittances_pct_gdp", N_("Remittances received, % of GDP"), "received_pct_gdp", "%"),
    ("remittance_cost", N_("Average cost of sending US${amount} to the country (SDG 10.c.1)"), "cost_to_country_pct", "%"),
)
CONTEXT_FACTS = (("hdi", N_("Human Development Index"), "hdi"), ("gii", N_("Gender Inequality Index"), "gii"))


def _from(frame: pd.DataFrame, place: Place, label: str, column: str, unit: str, year: int | None, source: str) -> Fact:
    label = t(label, amount=SEND_AMOUNT_USD)
    if place.is_group and column == "cost_to_country_pct":
        return Fact(label, None, unit, None, source, _("not computed for groups: a cost is not additive"))
    if place.kind == "world" and column == "abroad_refugees":
        return Fact(label, None, unit, None, source, _("not computed for the world: refugees by origin are the refugees it hosts"))
    return place_series.series_fact(place, frame, column, label, unit, source, year)


def key_facts(place: Place, year: int | None = None) -> dict[str, Fact]:
    """The fact sheet: migrant stock, displacement, remittances, human development."""
    facts: dict[str, Fact] = {}
    stock = place_series.stock(place, year)
    for key, label, column, unit in STOCK_FACTS:
        facts[key] = _from(stock, place, label, column, unit, year, SOURCES["ims"])
    moved = place_series.displacement(place, year)
    for key, label, column in DISPLACEMENT_FACTS:
        facts[key] = _from(moved, place, label, column, "people", year, SOURCES["unhcr"])
    money = place_series.remittances(place, year)
    for key, label, column, unit in REMITTANCE_FACTS:
        source = SOURCES["remittance_costs" if column == "cost_to_country_pct" else "remittance_flows"]
        facts[key] = _from(money, place, label, column, unit, year, source)
    for key, label, column in CONTEXT_FACTS:
        value, when, n = place_series.context_value(place, column, year)
        basis = t("median over {n} of {count} countries", n=n, count=len(place.members)) if place.is_group and when else ""
        facts[key] = Fact(_(label), value, "index", when, SOURCES["hdr"], basis)
    return facts


def key_figures(place: Place, year: int | None = None) -> Finding:
    """Finding ``profile.key_figures``: the fact sheet as a sentence and a table."""
    facts = key_facts(place, year)
    f = facts
    parts = [t("{count} immigrants ({year})", count=f["immigrants"].text, year=f["immigrants"].year)
             if not f["immigrants"].missing else _("no immigrant estimate")]
    parts.append(t("{count} emigrants", count=f["emigrants"].text) if not f["emigrants"].missing else _("no emigrant estimate"))
    if not f["remittances_received"].missing:
        parts.append(t("remittances received of {amount} ({year})", amount=f["remittances_received"].text, year=f["remittances_received"].year))
    sentence = t("{place}: {figures}.", place=place.describe(), figures=fmt.listing(parts))
    rows = pd.DataFrame(facts_rows(facts.values()))
    title = t("Key figures, {place}", place=place.local_name)
    table = Table(
        rows,
        title,
        _("Latest value at or before the reference year; each row names its source.")
        + (" " + _("Groups: stocks and flows are sums over member countries, shares are ratios of those sums.") if place.is_group else ""),
        index=False,
    )
    return Finding("profile.key_figures", title, facts, sentence, tables=(table,))
