"""Capacity and data-gap assessment (Stages 0-1): what data exist for a country, a capacity
self-assessment, and a stakeholder map. The last two read a country team's CSV templates
(the defaults in ``data/examples`` are clearly labelled illustrative)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from . import plots
from .data import load
from .paths import REPO_ROOT
from .provenance import SOURCES
from .setup import Setup
from .templates import CAPACITY_SCHEMA, STAKEHOLDER_SCHEMA, read_template

# --- data-availability register -----------------------------------------------------------


@dataclass(frozen=True)
class Indicator:
    """One indicator of the register: where it lives and whether the source splits it by sex."""

    label: str
    table: str
    column: str
    by_sex: str  # "yes", "partly" or "no"
    source: str
    where: tuple[tuple[str, str], ...] = ()
    own_col: str = "iso3"


REGISTER = (
    Indicator("Immigrants (stock)", "migrant_stock", "immigrants_total", "yes", "ims"),
    Indicator("Emigrants (stock)", "migrant_stock", "emigrants_total", "yes", "ims"),
    Indicator("Immigrants, % of population", "migrant_stock", "immigrants_pct_population", "no", "ims"),
    Indicator("Immigrants by origin", "migrant_stock_bilateral", "female", "yes", "ims", own_col="dest_iso3"),
    Indicator("Emigrants by destination", "migrant_stock_bilateral", "female", "yes", "ims", own_col="orig_iso3"),
    Indicator("Refugees hosted", "displacement", "refugees", "no", "unhcr", (("perspective", "hosted"),)),
    Indicator("Asylum seekers hosted", "displacement", "asylum_seekers", "no", "unhcr", (("perspective", "hosted"),)),
    Indicator("Refugees from the country", "displacement", "refugees", "no", "unhcr", (("perspective", "origin"),)),
    Indicator("Displaced people by sex and age", "displacement_demographics", "female_total", "yes", "unhcr"),
    Indicator("IDPs, conflict (IDMC)", "idps_idmc", "idps_conflict", "no", "idmc"),
    Indicator("IDPs by sex and age (IDMC)", "idp_sex_age", "idps", "partly", "idmc"),
    Indicator("Remittances received (US$)", "remittances", "received_usd", "no", "remittance_flows"),
    Indicator("Remittances sent (US$)", "remittances", "sent_usd", "no", "remittance_flows"),
    Indicator("Remittances received, % of GDP", "remittances", "received_pct_gdp", "no", "remittance_flows"),
    Indicator("Cost of sending money here (SDG 10.c.1)", "remittances", "cost_to_country_pct", "no", "remittance_costs"),
    Indicator("Corridor costs from here (RPW)", "remittance_corridor_costs", "avg_total_cost_pct", "no", "rpw", own_col="sending_iso3"),
    Indicator("Corridor costs to here (RPW)", "remittance_corridor_costs", "avg_total_cost_pct", "no", "rpw", own_col="receiving_iso3"),
    Indicator("Bilateral remittance estimates (2021)", "remittance_matrix", "usd_million", "no", "brm", own_col="receiving_iso3"),
    Indicator("Human Development Index", "context", "hdi", "partly", "hdr"),
    Indicator("Gender Inequality Index", "context", "gii", "yes", "hdr"),
    Indicator("Labour-force participation", "context", "lfpr_female", "yes", "hdr"),
    Indicator("Population", "context", "population", "no", "wdi"),
)


def _years(frame: pd.DataFrame) -> pd.Series:
    if "year" in frame:
        return frame.year
    if "period" in frame:
        return frame.period.str[:4].astype(int)
    return pd.Series([2021] * len(frame), index=frame.index)  # the 2021 bilateral remittance matrix


def indicator_years(ind: Indicator, setup: Setup) -> list[int]:
    """Sorted years, up to the reference year, in which ``ind`` has a value for the country."""
    frame = load(ind.table)
    frame = frame[frame[ind.own_col] == setup.iso3]
    for col, value in ind.where:
        frame = frame[frame[col] == value]
    return sorted(y for y in set(_years(frame.dropna(subset=[ind.column]))) if y <= setup.year)


def register_rows(setup: Setup) -> pd.DataFrame:
    """Per indicator: available or not, first and latest year, number of years, by sex, source."""
    rows = []
    for ind in REGISTER:
        years = indicator_years(ind, setup)
        rows.append(
            {
                "Indicator": ind.label,
                "Available": "yes" if years else "no",
                "First year": years[0] if years else None,
                "Latest year": years[-1] if years else None,
                "Years with data": len(years),
                "By sex": ind.by_sex if years else "-",
                "Source": SOURCES[ind.source],
            }
        )
    out = pd.DataFrame(rows)
    for col in ("First year", "Latest year"):
        out[col] = out[col].astype("Int64")
    return out


def register_years(setup: Setup) -> pd.DataFrame:
    """Indicator x year grid of availability (for the chart)."""
    records = [
        {"Indicator": ind.label, "year": year, "by_sex": ind.by_sex} for ind in REGISTER for year in indicator_years(ind, setup)
    ]
    return pd.DataFrame(records, columns=["Indicator", "year", "by_sex"])


def register_sentence(setup: Setup) -> str:
    """How many indicators exist, how many are split by sex, and the gaps."""
    reg = register_rows(setup)
    have = reg[reg.Available == "yes"]
    sexed = have[have["By sex"] == "yes"]
    missing = reg[reg.Available == "no"].Indicator.tolist()
    gaps = "; ".join(missing) if missing else "none"
    return (
        f"The embedded international sources hold {len(have)} of the {len(reg)} register indicators for "
        f"{setup.name}; {len(sexed)} of them are split by sex. Not available: {gaps}. "
        "National sources (census, labour-force and household surveys, administrative records) are needed "
        "to fill these gaps and to go beyond sex to gender."
    )


def register_chart(setup: Setup) -> plots.Chart:
    """Dots for each year with data, coloured by whether the indicator is split by sex."""
    grid = register_years(setup)
    labels = [ind.label for ind in REGISTER]
    fig, (ax,) = plots.new_figure(width=10, height=6.5)
    colours = {"yes": plots.COUNTRY, "partly": plots.PEERS[0], "no": plots.NEUTRAL}
    for kind, label in (("yes", "split by sex"), ("partly", "partly by sex"), ("no", "not split by sex")):
        part = grid[grid.by_sex == kind]
        ax.scatter(part.year, part.Indicator.map(labels.index), s=22, color=colours[kind], label=label)
    ax.set_yticks(range(len(labels)), labels, fontsize=8)
    ax.invert_yaxis()
    ax.set_xlim(1988, max(2026, setup.year + 1))
    ax.set_title(f"Data available for {setup.name} in the embedded international sources")
    ax.legend(fontsize=8, loc="lower left", ncols=3)
    reg = register_rows(setup)
    missing = reg[reg.Available == "no"].Indicator.tolist()
    alt = (
        f"Dot chart of {len(labels)} indicators by year. {int((reg.Available == 'yes').sum())} have data for "
        f"{setup.name}; missing: {', '.join(missing) if missing else 'none'}."
    )
    return plots.render(fig, alt, "Sources: " + "; ".join(sorted({SOURCES[i.source] for i in REGISTER})) + ".")


# --- templates: capacity self-assessment and stakeholders ---------------------------------

MGI_DOMAINS = REPO_ROOT / "data" / "frameworks" / "mgi_domains.csv"


def label_for(setup: Setup) -> str:
    """The caption that says whose inputs a template figure shows."""
    if setup.illustrative_inputs:
        return "ILLUSTRATIVE EXAMPLE: invented inputs from data/examples, not data about " + setup.name
    return f"Inputs of the {setup.name} country team ({setup.inputs})"


def capacity_scores(setup: Setup) -> pd.DataFrame:
    """Mean self-assessed score (0-4) per MGI domain, with the number of questions."""
    answers = read_template(setup.inputs / CAPACITY_SCHEMA.name, CAPACITY_SCHEMA)
    domains = pd.read_csv(MGI_DOMAINS)
    domains = domains[domains.framework == "MGI"].set_index("code").domain
    scores = answers.groupby("domain_code").score.agg(["mean", "count"]).reindex(domains.index)
    return pd.DataFrame(
        {"Domain": domains, "Mean score (0-4)": scores["mean"].round(2), "Questions": scores["count"].fillna(0).astype(int)}
    ).rename_axis("Code")


def capacity_chart(setup: Setup) -> plots.Chart:
    """Horizontal bars of mean scores per domain on the 0-4 scale."""
    scores = capacity_scores(setup).iloc[::-1]
    fig, (ax,) = plots.new_figure(height=3.8)
    ax.barh(scores.Domain, scores["Mean score (0-4)"].fillna(0), color=plots.COUNTRY)
    ax.set_xlim(0, 4)
    ax.set_xticks(range(5), ["0\nnot in place", "1", "2", "3", "4\nfully in place"])
    ax.set_title(f"Capacity self-assessment by MGI domain, {setup.name}")
    ax.grid(axis="y", visible=False)
    weakest = scores.dropna(subset=["Mean score (0-4)"]).sort_values(["Mean score (0-4)", "Domain"]).head(2)
    alt = (
        "Bar chart of mean self-assessed scores by domain (0-4). Weakest: "
        + "; ".join(f"{r.Domain} {r._2:.2f}" for r in weakest.itertuples())
        + f". {label_for(setup)}."
    )
    return plots.render(fig, alt, label_for(setup) + ". Domains: IOM Migration Governance Indicators.")


def stakeholders(setup: Setup) -> pd.DataFrame:
    """The stakeholder template, validated, with the quadrant of the influence x interest grid."""
    table = read_template(setup.inputs / STAKEHOLDER_SCHEMA.name, STAKEHOLDER_SCHEMA)
    high_influence = table.influence >= 3
    high_interest = table.interest >= 3
    table["quadrant"] = "Monitor"
    table.loc[high_influence & ~high_interest, "quadrant"] = "Keep satisfied"
    table.loc[~high_influence & high_interest, "quadrant"] = "Keep informed and empower"
    table.loc[high_influence & high_interest, "quadrant"] = "Manage closely"
    table = table.sort_values(["influence", "interest", "stakeholder"], ascending=[False, False, True])
    return table.reset_index(drop=True).rename_axis("#").rename(index=lambda i: i + 1)


def participation_balance(table: pd.DataFrame) -> dict[str, float]:
    """Women's share of participants, and the share of stakeholders led by women or representing migrants."""
    people = table.women_participants.sum() + table.men_participants.sum()
    return {
        "women_share_of_participants_pct": round(100 * table.women_participants.sum() / people, 1) if people else float("nan"),
        "women_led_pct": round(100 * (table.women_led == "yes").mean(), 1),
        "migrant_or_diaspora_pct": round(100 * (table.migrant_or_diaspora_org == "yes").mean(), 1),
    }


def stakeholder_chart(setup: Setup) -> plots.Chart:
    """Influence x interest map; women-led and migrant or diaspora organisations marked."""
    table = stakeholders(setup)
    fig, (ax,) = plots.new_figure(width=9, height=6)
    jitter = table.groupby(["influence", "interest"]).cumcount() * 0.12
    x, y = table.interest + jitter, table.influence - jitter
    styles = [
        (table.women_led == "yes", plots.WOMEN, "o", "Women-led"),
        ((table.women_led == "no") & (table.migrant_or_diaspora_org == "yes"), plots.PEERS[1], "s", "Migrant or diaspora organisation"),
        ((table.women_led == "no") & (table.migrant_or_diaspora_org == "no"), plots.NEUTRAL, "D", "Other"),
    ]
    for mask, colour, marker, label in styles:
        ax.scatter(x[mask], y[mask], s=80, color=colour, marker=marker, label=label, edgecolor="black", zorder=3)
    for xi, yi, number in zip(x, y, table.index):
        ax.annotate(str(number), (xi, yi), xytext=(7, 2), textcoords="offset points", fontsize=8)
    ax.axhline(2.5, color="#777777", lw=0.8)
    ax.axvline(2.5, color="#777777", lw=0.8)
    for tx, ty, text in ((1.0, 5.35, "Keep satisfied"), (3.6, 5.35, "Manage closely"), (1.0, 0.6, "Monitor"), (3.6, 0.6, "Keep informed and empower")):
        ax.text(tx, ty, text, fontsize=8, color="#555555", style="italic")
    ax.set_xlim(0.5, 6.3)
    ax.set_ylim(0.4, 5.6)
    ax.set_xlabel("Interest in migration and development (1-5)")
    ax.set_ylabel("Influence on the plan (1-5)")
    ax.set_title(f"Stakeholder map, {setup.name} (numbers as in the table below)")
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    balance = participation_balance(table)
    alt = (
        f"Scatter map of {len(table)} stakeholders by interest and influence. Women are "
        f"{balance['women_share_of_participants_pct']:.1f} % of participants; {balance['women_led_pct']:.1f} % of "
        f"stakeholders are women-led and {balance['migrant_or_diaspora_pct']:.1f} % represent migrants or diaspora. "
        f"{label_for(setup)}."
    )
    return plots.render(fig, alt, label_for(setup) + ".")
