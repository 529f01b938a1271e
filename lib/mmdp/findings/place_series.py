"""Yearly series of a place: a country's own rows, or a group's sums over its members.

Stocks and flows of a group are sums; its shares are computed from those sums (never medians of
shares); every group value carries how many member countries have data.
"""

from __future__ import annotations

import pandas as pd

from ..data.loaders import load
from ..data.places import Place, summed
from ..data.series import as_of, latest, latest_rows
from ..i18n import t
from ..render import format as fmt
from .base import Fact

STOCK_COUNTS = [f"{who}_{sex}" for who in ("immigrants", "emigrants") for sex in ("female", "male", "total")]


def _own(table: str, place: Place, year: int | None, **where: str) -> pd.DataFrame:
    frame = as_of(load(table), year)
    frame = frame[frame.iso3 == place.code]
    for column, value in where.items():
        frame = frame[frame[column] == value]
    return frame


def stock(place: Place, year: int | None) -> pd.DataFrame:
    """Immigrants and emigrants by sex, % of population and female shares, per IMS year up to ``year``.

    For a group: sums over members; % of population over the members that have a population estimate.
    """
    if not place.is_group:
        frame = _own("migrant_stock", place, year).reset_index(drop=True)
        return frame.assign(**{f"n_{c}": frame[c].notna().astype(int) for c in STOCK_COUNTS})
    table = load("migrant_stock")
    out = summed(table, place, STOCK_COUNTS, year)
    with_pop = table.dropna(subset=["population", "immigrants_total"])
    pop = summed(with_pop, place, ["immigrants_total", "emigrants_total", "population"], year).set_index("year")
    out = out.set_index("year")
    out["immigrants_pct_population"] = 100 * pop.immigrants_total / pop.population
    out["emigrants_pct_population"] = 100 * pop.emigrants_total / pop.population
    for who in ("immigrants", "emigrants"):
        out[f"n_{who}_pct_population"] = pop.n_population
        out[f"{who}_female_share_pct"] = 100 * out[f"{who}_female"] / out[f"{who}_total"]
        out[f"n_{who}_female_share_pct"] = out[f"n_{who}_female"]
    return out.reset_index()


DISPLACEMENT_COLUMNS = {
    "hosted": ["refugees", "asylum_seekers", "idps"],
    "origin": ["refugees", "asylum_seekers"],
}


def displacement(place: Place, year: int | None) -> pd.DataFrame:
    """Refugees and asylum seekers hosted and abroad, UNHCR IDPs, IDMC conflict IDPs, per year."""
    table = load("displacement")
    parts = []
    for perspective, prefix in (("hosted", "hosted_"), ("origin", "abroad_")):
        rows = table[table.perspective == perspective]
        part = summed(rows, place, DISPLACEMENT_COLUMNS[perspective], year).set_index("year")
        parts.append(part.rename(columns=lambda c: f"n_{prefix}{c[2:]}" if c.startswith("n_") else prefix + c))
    idmc = summed(load("idps_idmc"), place, ["idps_conflict"], year).set_index("year")
    return parts[0].join(parts[1], how="outer").join(idmc, how="outer").reset_index()


REMITTANCE_SUMS = ["received_usd", "sent_usd"]


def remittances(place: Place, year: int | None) -> pd.DataFrame:
    """Remittances received and sent (US$), received as % of GDP, and (countries only) the cost of sending.

    For a group, % of GDP is the members' summed remittances over their summed GDP, over the members
    that have both; the cost of sending is not additive and is left out.
    """
    if not place.is_group:
        frame = _own("remittances", place, year).reset_index(drop=True)
        return frame.assign(**{f"n_{c}": frame[c].notna().astype(int) for c in ["received_usd", "sent_usd", "received_pct_gdp"]})
    table = load("remittances")
    out = summed(table, place, REMITTANCE_SUMS, year).set_index("year")
    both = table.dropna(subset=["received_usd", "gdp_usd"])
    weight = summed(both, place, ["received_usd", "gdp_usd"], year).set_index("year")
    out["received_pct_gdp"] = 100 * weight.received_usd / weight.gdp_usd
    out["n_received_pct_gdp"] = weight.n_gdp_usd
    out["cost_to_country_pct"] = float("nan")
    return out.reset_index()


def context_value(place: Place, column: str, year: int | None) -> tuple[float | None, int | None, int]:
    """A context indicator (HDI, GII...): the country's latest value and year, or for a group the
    median of its members' latest values, the latest of their years, and how many members have one."""
    table = load("context")
    if not place.is_group:
        value, when = latest(table[table.iso3 == place.code], column, year)
        return value, when, int(value is not None)
    rows = latest_rows(table[table.iso3.isin(place.members)], column, year)
    if rows.empty:
        return None, None, 0
    return float(rows[column].median()), int(rows.year.max()), len(rows)


def series_fact(place: Place, frame: pd.DataFrame, column: str, label: str, unit: str, source: str, year: int | None = None) -> Fact:
    """The latest value of ``column`` at or before ``year`` as a Fact; for a group, its basis says how it was
    computed and how many members it covers ("ratio of sums over 5 of 5 countries" for a %, else "sum over ...")."""
    if column not in frame:
        return Fact(label, None, unit, None, source)
    value, when = latest(frame, column, year)
    basis = ""
    if place.is_group and when is not None and f"n_{column}" in frame:
        fields = {"n": fmt.count(frame.loc[frame.year == when, f"n_{column}"].iloc[0]), "count": fmt.count(len(place.members))}
        if unit == "%":
            basis = t("ratio of sums over {n} of {count} countries", **fields)
        else:
            basis = t("sum over {n} of {count} countries", **fields)
    return Fact(label, value, unit, when, source, basis)


def counts_between_members(place: Place) -> bool:
    """True for a group other than the world: a migrant who moved from one member country to another is
    inside it, neither an immigrant from outside nor an emigrant living outside. (For the world, every
    migrant moved between two of its members, so nothing is left out.)"""
    return place.is_group and place.kind != "world"


def bilateral(place: Place, year: int, direction: str) -> tuple[pd.DataFrame, int | None]:
    """Bilateral IMS rows of the latest IMS year at or before ``year`` for the place's corridors, and that year.

    ``direction='origins'``: immigrants in the place by origin; ``'destinations'``: emigrants from it by
    destination. Columns: own (member country), partner, female, male. For a group other than the world,
    corridors between two members are left out (see ``counts_between_members``); ``between_members``
    counts them.
    """
    if direction not in ("origins", "destinations"):
        raise ValueError("direction must be 'origins' or 'destinations'")
    table = as_of(load("migrant_stock_bilateral"), year)
    if table.empty:
        return pd.DataFrame(columns=["own", "partner", "female", "male"]), None
    ims_year = int(table.year.max())
    own, partner = ("dest_iso3", "orig_iso3") if direction == "origins" else ("orig_iso3", "dest_iso3")
    rows = table[(table.year == ims_year) & table[own].isin(place.members)]
    if counts_between_members(place):
        rows = rows[~rows[partner].isin(place.members)]
    return rows.rename(columns={own: "own", partner: "partner"})[["own", "partner", "female", "male"]], ims_year


def between_members(place: Place, year: int) -> tuple[float, int | None]:
    """Migrants born in one member country of a group and living in another (women and men, where the
    source has both), in the latest IMS year at or before ``year``, and that year."""
    table = as_of(load("migrant_stock_bilateral"), year)
    if table.empty:
        return 0.0, None
    ims_year = int(table.year.max())
    rows = table[(table.year == ims_year) & table.orig_iso3.isin(place.members) & table.dest_iso3.isin(place.members)]
    return float(rows.female.sum() + rows.male.sum()), ims_year
