"""Capacity and data-gap assessment (Stage 1): what data exist for a place, and a capacity
self-assessment read from the country team's template (the default in ``data/examples`` is
clearly labelled illustrative)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..constants import REMITTANCE_MATRIX_YEAR
from ..data.loaders import load
from ..data.places import Place
from ..data.provenance import SOURCES
from ..inputs.parameters import Parameters
from ..inputs.templates import CAPACITY_SCALE
from ..inputs.workbook import is_workbook, load_template
from ..paths import frameworks_dir
from ..render import format as fmt
from ..render import style
from ..render.display import Chart, Table
from .base import Fact, Finding

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
    Indicator(f"Bilateral remittance estimates ({REMITTANCE_MATRIX_YEAR})", "remittance_matrix", "usd_million", "no", "brm", own_col="receiving_iso3"),
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
    return pd.Series([REMITTANCE_MATRIX_YEAR] * len(frame), index=frame.index)  # a one-year matrix


def indicator_years(ind: Indicator, place: Place, year: int) -> list[int]:
    """Sorted years, up to ``year``, in which ``ind`` has a value for the place (any member, for a group)."""
    frame = load(ind.table)
    frame = frame[frame[ind.own_col].isin(place.members)]
    for col, value in ind.where:
        frame = frame[frame[col] == value]
    return sorted(y for y in set(_years(frame.dropna(subset=[ind.column]))) if y <= year)


def register_rows(place: Place, year: int) -> pd.DataFrame:
    """Per indicator: available or not, first and latest year, number of years, by sex, source."""
    rows = []
    for ind in REGISTER:
        years = indicator_years(ind, place, year)
        rows.append(
            {
                "Indicator": ind.label,
                "Available": "yes" if years else "no",
                "First year": years[0] if years else None,
                "Latest year": years[-1] if years else None,
                "Years with data": len(years),
                "By sex": ind.by_sex if years else fmt.not_available(),
                "Source": SOURCES[ind.source],
            }
        )
    out = pd.DataFrame(rows)
    for col in ("First year", "Latest year"):
        out[col] = out[col].astype("Int64")
    return out


def data_register(params: Parameters) -> Finding:
    """Finding ``capacity.data_register``: which indicators exist for the place, by year and by sex."""
    reg = register_rows(params.place, params.year)
    have = reg[reg.Available == "yes"]
    missing = reg[reg.Available == "no"].Indicator.tolist()
    facts = {
        "available": Fact("Register indicators with data", len(have), "count"),
        "indicators": Fact("Register indicators", len(reg), "count"),
        "by_sex": Fact("Available indicators split by sex", int((have["By sex"] == "yes").sum()), "count"),
        "missing": Fact("Indicators without data", len(missing), "count"),
    }
    facts |= {f"missing:{name}": Fact(name, fmt.not_available(), "count") for name in missing}
    gaps = "; ".join(missing) if missing else "none"
    sentence = (
        f"The embedded international sources hold {facts['available'].text} of the {facts['indicators'].text} register "
        f"indicators for {params.name}; {facts['by_sex'].text} of them are split by sex. Not available: {gaps}. "
        "National sources (census, labour-force and household surveys, administrative records) are needed "
        "to fill these gaps and to go beyond sex to gender."
    )
    alt = (
        f"Dot chart of {facts['indicators'].text} indicators by year. {facts['available'].text} have data for "
        f"{params.name}; missing: {', '.join(missing) if missing else 'none'}."
    )
    sources = sorted({SOURCES[i.source] for i in REGISTER})
    table = Table(reg, f"Data-availability register, {params.name}", fmt.source_line("Computed from the embedded tables; sources as listed"), index=False)
    chart = _register_chart(params, alt, fmt.source_line(*sources))
    return Finding("capacity.data_register", f"Data-availability register, {params.name}", facts, sentence, charts=(chart,), tables=(table,))


def _register_chart(params: Parameters, alt: str, source: str) -> Chart:
    records = [
        {"Indicator": ind.label, "year": y, "by_sex": ind.by_sex}
        for ind in REGISTER
        for y in indicator_years(ind, params.place, params.year)
    ]
    grid = pd.DataFrame(records, columns=["Indicator", "year", "by_sex"])
    labels = [ind.label for ind in REGISTER]
    fig, (ax,) = style.new_figure(width=10, height=6.5)
    colours = {"yes": style.COUNTRY, "partly": style.PEERS[0], "no": style.NEUTRAL}
    for kind, label in (("yes", "split by sex"), ("partly", "partly by sex"), ("no", "not split by sex")):
        part = grid[grid.by_sex == kind]
        ax.scatter(part.year, part.Indicator.map(labels.index), s=22, color=colours[kind], label=label)
    ax.set_yticks(range(len(labels)), labels, fontsize=8)
    ax.invert_yaxis()
    ax.set_xlim(1988, max(2026, params.year + 1))
    ax.set_title(f"Data available for {params.name} in the embedded international sources")
    ax.legend(fontsize=8, loc="lower left", ncols=3)
    return style.render(fig, alt, source)


# --- capacity self-assessment -------------------------------------------------------------


def inputs_label(params: Parameters) -> str:
    """The caption that says whose inputs a template figure shows (never a local path)."""
    if params.illustrative_inputs:
        return "ILLUSTRATIVE EXAMPLE: invented inputs from data/examples, not data about " + params.name
    kind = "workbook" if is_workbook(params.inputs) else "folder"
    return f"Inputs of the {params.name} country team ({kind} {params.inputs.name})"


SCORE = f"Mean score ({CAPACITY_SCALE[0]}-{CAPACITY_SCALE[1]})"


def capacity_scores(params: Parameters) -> pd.DataFrame:
    """Mean self-assessed score per MGI domain, with the number of questions."""
    answers = load_template(params.inputs, "capacity_self_assessment")
    domains = pd.read_csv(frameworks_dir() / "mgi_domains.csv")
    domains = domains[domains.framework == "MGI"].set_index("code").domain
    scores = answers.groupby("domain_code").score.agg(["mean", "count"]).reindex(domains.index)
    return pd.DataFrame(
        {"Domain": domains, SCORE: scores["mean"].round(2), "Questions": scores["count"].fillna(0).astype(int)}
    ).rename_axis("Code")


def self_assessment(params: Parameters) -> Finding:
    """Finding ``capacity.self_assessment``: mean capacity score per MGI domain, weakest first."""
    scores = capacity_scores(params)
    weakest = scores.dropna(subset=[SCORE]).sort_values([SCORE, "Domain"]).head(2)
    facts = {f"weakest_{i}": Fact(row.Domain, row[SCORE], "score") for i, (_, row) in enumerate(weakest.iterrows(), start=1)}
    facts["scale_bottom"] = Fact("Bottom of the scale", CAPACITY_SCALE[0], "count")
    facts["scale_top"] = Fact("Top of the scale", CAPACITY_SCALE[1], "count")
    named = "; ".join(f"{f.label} {f.text}" for k, f in facts.items() if k.startswith("weakest_"))
    label = inputs_label(params)
    sentence = f"Weakest domains on the {facts['scale_bottom'].text}-{facts['scale_top'].text} scale: {named}. ({label}.)"
    alt = f"Bar chart of mean self-assessed scores by domain ({facts['scale_bottom'].text}-{facts['scale_top'].text}). Weakest: {named}. {label}."
    table = Table(scores, "Mean score by domain", label + ".", units={SCORE: "score"})
    return Finding("capacity.self_assessment", "Capacity self-assessment", facts, sentence,
                   charts=(_capacity_chart(params, scores, alt, label),), tables=(table,))


def _capacity_chart(params: Parameters, scores: pd.DataFrame, alt: str, label: str) -> Chart:
    scores = scores.iloc[::-1]
    fig, (ax,) = style.new_figure(height=3.8)
    ax.barh(scores.Domain, scores[SCORE].fillna(0), color=style.COUNTRY)
    low, high = CAPACITY_SCALE
    ax.set_xlim(low, high)
    ax.set_xticks(range(low, high + 1), [f"{low}\nnot in place", *map(str, range(low + 1, high)), f"{high}\nfully in place"])
    ax.set_title(f"Capacity self-assessment by MGI domain, {params.name}")
    ax.grid(axis="y", visible=False)
    return style.render(fig, alt, label + ". Domains: IOM Migration Governance Indicators.")
