"""How well the embedded sources cover each country: used to pick test samples that reach both the
best- and the worst-covered places of every region."""

from __future__ import annotations

import pandas as pd

from .loaders import TABLES, load


def coverage_scores() -> pd.Series:
    """Per ISO3, the number of non-missing values over every table keyed by the country (higher is richer)."""
    totals: dict[str, int] = {}
    for name in TABLES:
        table = load(name)
        key = next((c for c in ("iso3", "dest_iso3", "receiving_iso3") if c in table), None)
        if key is None or name == "countries":
            continue
        values = table.drop(columns=[c for c in table.columns if c.endswith("iso3") or c in ("year", "period")])
        counts = values.notna().sum(axis=1).groupby(table[key]).sum()
        for iso3, n in counts.items():
            totals[iso3] = totals.get(iso3, 0) + int(n)
    scores = pd.Series(totals, name="values").reindex(load("countries").iso3, fill_value=0)
    return scores.sort_index()


def coverage_sample(extra: tuple[str, ...] = ()) -> list[str]:
    """For each UN region, the best- and the worst-covered place (ties by code), plus ``extra``."""
    countries = load("countries").set_index("iso3")
    scores = coverage_scores().rename("values").to_frame().join(countries.un_region)
    picked = set(extra)
    for _, rows in scores.dropna(subset=["un_region"]).groupby("un_region"):
        ordered = rows.reset_index().sort_values(["values", "iso3"], ascending=[False, True])
        picked |= {ordered.iso3.iloc[0], ordered.iso3.iloc[-1]}
    return sorted(picked)
