"""National figures beside the global estimates: finding ``profile.national_figures``.

A country team's census, survey, central-bank and register figures (``inputs.national``) are set
beside the global estimate of the same thing (UN DESA, UNHCR, World Bank), each with its source and
year, and the difference in percent of the global estimate. A national figure never replaces a
global one: both are shown, and the notes say why they may differ.
"""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

from ..data.places import Place
from ..inputs.national import is_illustrative, read_national
from ..inputs.national_place import check_place
from ..inputs.parameters import Parameters
from ..render import format as fmt
from ..render.display import Table
from .base import Fact, Finding
from .factsheet import key_facts

FINDING_ID = "profile.national_figures"
WHY = {
    "migrants": "Global migrant stock counts people by country of birth (or citizenship), estimated for "
    "mid-year; a census counts residents on its reference date and may define migrants otherwise; "
    "emigrants are counted abroad by destination countries, but at home only as absent household members.",
    "remittances": "The World Bank compiles balance-of-payments remittances; a central bank's own series may "
    "differ in coverage (money transfer operators only, informal channels) and revision date.",
    "displacement": "UNHCR counts refugees under its mandate and government registrations at year end; a "
    "national register may count on another date or include other statuses.",
}
# (key, label, template, selector, global fact, share fact or None, topic)
COMPARISONS = (
    ("emigrants", "Emigrants", "migrant_counts", {"direction": "emigrants", "sex": "total", "partner": "ALL"}, "emigrants", None, "migrants"),
    ("emigrant_women", "Emigrant women", "migrant_counts", {"direction": "emigrants", "sex": "female", "partner": "ALL"}, "emigrants", "emigrants_female_share", "migrants"),
    ("immigrants", "Immigrants", "migrant_counts", {"direction": "immigrants", "sex": "total", "partner": "ALL"}, "immigrants", None, "migrants"),
    ("immigrant_women", "Immigrant women", "migrant_counts", {"direction": "immigrants", "sex": "female", "partner": "ALL"}, "immigrants", "immigrants_female_share", "migrants"),
    ("remittances_received", "Remittances received", "remittances", {"direction": "received", "partner": "ALL"}, "remittances_received", None, "remittances"),
    ("refugees_hosted", "Refugees hosted", "displacement", {"population": "refugees_hosted", "sex": "total"}, "refugees_hosted", None, "displacement"),
    ("refugees_abroad", "Refugees abroad", "displacement", {"population": "refugees_abroad", "sex": "total"}, "refugees_abroad", None, "displacement"),
)


@lru_cache(maxsize=64)
def _global(place: Place, year: int) -> dict[str, Fact]:
    return key_facts(place, year)


def _pick(table: pd.DataFrame, selector: dict[str, str]) -> pd.Series | None:
    rows = table
    for column, value in selector.items():
        rows = rows[rows[column] == value]
    return None if rows.empty else rows.sort_values("year").iloc[-1]


def _global_fact(place: Place, year: int, key: str, share: str | None, label: str) -> Fact:
    facts = _global(place, year)
    base = facts[key]
    if share is None:
        return Fact(label, base.value, base.unit, base.year, base.source)
    part = facts[share]
    value = None if base.missing or part.missing else base.value * part.value / 100
    return Fact(label, value, "people", base.year, base.source, f"{base.label} x {part.label}")


def _difference(national: Fact, global_: Fact) -> Fact:
    if national.missing or global_.missing or not global_.value:
        return Fact("Difference from the global estimate", None, "%")
    return Fact("Difference from the global estimate", (national.value - global_.value) / global_.value * 100, "%")


def _signed(fact: Fact) -> str:
    if fact.missing:
        return fmt.not_available()
    return ("+" if fact.value > 0 else "") + fact.text


def comparison(params: Parameters) -> Finding:
    """The national figures of ``params.national`` beside the global estimates, differences explained."""
    title = f"National figures beside the global estimates, {params.place.name}"
    if params.national is None:
        sentence = (
            "No national figures were given, so this profile shows the global estimates only. To set your "
            "census, survey or central-bank figures beside them, fill in the templates of "
            "data/examples/national/ and pass the folder as the parameter national."
        )
        return Finding(FINDING_ID, title, {}, sentence)
    tables = read_national(params.national, None if params.place.is_group else params.place.code)
    label = "ILLUSTRATIVE (invented numbers, not official statistics): " if is_illustrative(params.national) else ""
    facts: dict[str, Fact] = {}
    rows = []
    topics = []
    for key, name, template, selector, global_key, share, topic in COMPARISONS:
        if template not in tables:
            continue
        row = _pick(tables[template], selector)
        if row is None:
            continue
        unit = "US$" if template == "remittances" else "people"
        value = row["usd"] if template == "remittances" else row["count"]
        source = row["source"] if "ILLUSTRATIVE" in row["source"] or not label else f"ILLUSTRATIVE: {row['source']}"
        national = Fact(f"{name}, national", value, unit, int(row["year"]), source)
        global_ = _global_fact(params.place, int(row["year"]), global_key, share, f"{name}, global estimate")
        difference = _difference(national, global_)
        facts.update({f"{key}_national": national, f"{key}_global": global_, f"{key}_difference": difference})
        topics.append(topic)
        rows.append(
            {
                "Figure": name,
                "National figure": national.text,
                "National source": national.source,
                "National year": national.year,
                "Global estimate": global_.text,
                "Global source": global_.source,
                "Global year": global_.year if global_.year is not None else fmt.not_available(),
                "Difference (% of global)": _signed(difference),
            }
        )
    shown = []
    if rows:
        shown.append(
            Table(
                pd.DataFrame(rows),
                f"National figures beside the global estimates, {params.place.name}",
                "Sources: as named in each row. Difference = (national - global) / global.",
                index=False,
            )
        )
    extra = _national_only(tables, label)
    if extra is not None:
        shown.append(extra)
    compared = [k for k in facts if k.endswith("_difference") and not facts[k].missing]
    mismatches = [] if params.place.is_group else check_place(params.place.code, tables)
    if mismatches:
        facts["mismatches"] = Fact("Problems: figures that may not be the place's", len(mismatches), "count")
        sentence = (f"{label}The national figures may not be {params.place.name}'s ({facts['mismatches'].text} "
                    f"problem{'s' if len(mismatches) > 1 else ''} below), so no difference is highlighted here; check them "
                    f"(`mmdp inputs check --national FOLDER --country {params.place.code}`).")
    elif compared:
        key = max(compared, key=lambda k: abs(facts[k].value))
        name = key.removesuffix("_difference")
        n, g, d = facts[f"{name}_national"], facts[f"{name}_global"], facts[key]
        direction = "higher" if d.value > 0 else "lower"
        facts["figures_compared"] = Fact("National figures set beside a global estimate", len(rows), "count")
        sentence = (
            f"{label}{len(rows)} national figures are shown beside the global estimates, which they do not replace. "
            f"The largest difference: {n.label.split(',')[0].lower()}, {n.text} in {n.year} by the national source "
            f"against {g.text} in {g.year} by the global estimate, {fmt.value(abs(d.value), '%')} {direction}."
        )
    else:
        sentence = f"{label}The national figures given have no global estimate to set beside them here; they are shown as given."
    notes = tuple(f"*Not {params.place.name}'s figures?* {name}, {message}." for name, message in mismatches)
    notes += tuple(f"*Why they can differ ({topic}):* {WHY[topic]}" for topic in dict.fromkeys(topics))
    return Finding(FINDING_ID, title, facts, sentence, tables=tuple(shown), notes=notes)


def _national_only(tables: dict[str, pd.DataFrame], label: str) -> Table | None:
    """Labour force by sex and migrant status (no global series by migrant status to compare)."""
    if "labour_force" not in tables:
        return None
    frame = tables["labour_force"].copy()
    frame["Participation rate"] = [
        fmt.value(lf / wap * 100, "%") if wap else fmt.not_available() for lf, wap in zip(frame.labour_force, frame.working_age_population)
    ]
    shown = frame.rename(
        columns={"sex": "Sex", "migrant_status": "Migrant status", "year": "Year", "labour_force": "Labour force", "working_age_population": "Working-age population"}
    )[["Sex", "Migrant status", "Year", "Labour force", "Working-age population", "Participation rate"]]
    sources = "; ".join(dict.fromkeys(frame.source))
    return Table(
        shown,
        f"{label}Labour force by sex and migrant status (national survey; the global data here have no split by migrant status)",
        f"Source: {sources}.",
        index=False,
    )
