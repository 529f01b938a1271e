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
from ..i18n import N_, _, t
from ..inputs.parameters import Parameters
from ..inputs.templates import CAPACITY_SCALE
from ..inputs.workbook import load_template
from ..paths import frameworks_dir
from ..render import format as fmt
from ..render import style
from ..render.display import Chart, Table
from .base import Fact, Finding
from .plan import label as plan_label

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

    @property
    def name(self) -> str:
        """The label in the current language, with the matrix year filled in."""
        return t(self.label, year=REMITTANCE_MATRIX_YEAR)


REGISTER = (
    Indicator(N_("Immigrants (stock)"), "migrant_stock", "immigrants_total", "yes", "ims"),
    Indicator(N_("Emigrants (stock)"), "migrant_stock", "emigrants_total", "yes", "ims"),
    Indicator(N_("Immigrants, % of population"), "migrant_stock", "immigrants_pct_population", "no", "ims"),
    Indicator(N_("Immigrants by origin"), "migrant_stock_bilateral", "female", "yes", "ims", own_col="dest_iso3"),
    Indicator(N_("Emigrants by destination"), "migrant_stock_bilateral", "female", "yes", "ims", own_col="orig_iso3"),
    Indicator(N_("Refugees hosted"), "displacement", "refugees", "no", "unhcr", (("perspective", "hosted"),)),
    Indicator(N_("Asylum seekers hosted"), "displacement", "asylum_seekers", "no", "unhcr", (("perspective", "hosted"),)),
    Indicator(N_("Refugees from the country"), "displacement", "refugees", "no", "unhcr", (("perspective", "origin"),)),
    Indicator(N_("Displaced people by sex and age"), "displacement_demographics", "female_total", "yes", "unhcr"),
    Indicator(N_("IDPs, conflict (IDMC)"), "idps_idmc", "idps_conflict", "no", "idmc"),
    Indicator(N_("IDPs by sex and age (IDMC)"), "idp_sex_age", "idps", "partly", "idmc"),
    Indicator(N_("Remittances received (US$)"), "remittances", "received_usd", "no", "remittance_flows"),
    Indicator(N_("Remittances sent (US$)"), "remittances", "sent_usd", "no", "remittance_flows"),
    Indicator(N_("Remittances received, % of GDP"), "remittances", "received_pct_gdp", "no", "remittance_flows"),
    Indicator(N_("Cost of sending money here (SDG 10.c.1)"), "remittances", "cost_to_country_pct", "no", "remittance_costs"),
    Indicator(N_("Corridor costs from here (RPW)"), "remittance_corridor_costs", "avg_total_cost_pct", "no", "rpw", own_col="sending_iso3"),
    Indicator(N_("Corridor costs to here (RPW)"), "remittance_corridor_costs", "avg_total_cost_pct", "no", "rpw", own_col="receiving_iso3"),
    Indicator(N_("Bilateral remittance estimates ({year})"), "remittance_matrix", "usd_million", "no", "brm", own_col="receiving_iso3"),
    Indicator(N_("Human Development Index"), "context", "hdi", "partly", "hdr"),
    Indicator(N_("Gender Inequality Index"), "context", "gii", "yes", "hdr"),
    Indicator(N_("Labour-force participation"), "context", "lfpr_female", "yes", "hdr"),
    Indicator(N_("Population"), "context", "population", "no", "wdi"),
)
"""The register (labels in English, ``{year}`` the matrix year; ``Indicator.name`` gives a label in the current language)."""


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
    """Per indicator (its name in the current language): available or not, first and latest year, number of
    years, by sex (``yes``, ``partly``, ``no``), source. Column names and yes/no codes stay English: the
    finding translates them where it shows the table (``REGISTER_HEADINGS``)."""
    rows = []
    for ind in REGISTER:
        years = indicator_years(ind, place, year)
        rows.append(
            {
                "Indicator": ind.name,
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


REGISTER_HEADINGS = {
    "Indicator": N_("Indicator"),
    "Available": N_("Available"),
    "First year": N_("First year"),
    "Latest year": N_("Latest year"),
    "Years with data": N_("Years with data"),
    "By sex": N_("By sex"),
    "Source": N_("Source"),
}
"""The register's headings as readers see them (in English; ``_()`` gives them in the current language)."""
ANSWERS = {"yes": N_("yes"), "partly": N_("partly"), "no": N_("no")}
"""The register's yes/partly/no as readers see them."""


def register_table(reg: pd.DataFrame) -> pd.DataFrame:
    """``register_rows`` as readers see it: headings and yes/partly/no in the current language."""
    shown = reg.assign(**{column: [_(ANSWERS[v]) if v in ANSWERS else v for v in reg[column]] for column in ("Available", "By sex")})
    return shown.rename(columns={column: _(heading) for column, heading in REGISTER_HEADINGS.items()})


def data_register(params: Parameters) -> Finding:
    """Finding ``capacity.data_register``: which indicators exist for the place, by year and by sex."""
    name = params.place.local_name
    reg = register_rows(params.place, params.year)
    have = reg[reg.Available == "yes"]
    missing = reg[reg.Available == "no"].Indicator.tolist()
    facts = {
        "available": Fact(_("Register indicators with data"), len(have), "count"),
        "indicators": Fact(_("Register indicators"), len(reg), "count"),
        "by_sex": Fact(_("Available indicators split by sex"), int((have["By sex"] == "yes").sum()), "count"),
        "missing": Fact(_("Indicators without data"), len(missing), "count"),
    }
    facts |= {f"missing:{indicator}": Fact(indicator, fmt.not_available(), "count") for indicator in missing}
    sentence = t(
        "The embedded international sources hold {available} of the {indicators} register indicators for {place}; "
        "{by_sex} of them are split by sex. Not available: {gaps}. National sources (census, labour-force and household "
        "surveys, administrative records) are needed to fill these gaps and to go beyond sex to gender.",
        available=facts["available"].text, indicators=facts["indicators"].text, place=name, by_sex=facts["by_sex"].text,
        gaps=fmt.semicolons(missing) if missing else _("none"),
    )
    alt = t(
        "Dot chart of {indicators} indicators by year. {available} have data for {place}; missing: {gaps}.",
        indicators=facts["indicators"].text, available=facts["available"].text, place=name,
        gaps=", ".join(missing) if missing else _("none"),
    )
    sources = sorted({SOURCES[i.source] for i in REGISTER})
    title = t("Data-availability register, {place}", place=name)
    table = Table(register_table(reg), title, fmt.source_line(_("Computed from the embedded tables; sources as listed")), index=False,
                  units={_(REGISTER_HEADINGS["First year"]): "year", _(REGISTER_HEADINGS["Latest year"]): "year"})
    chart = _register_chart(params, alt, fmt.source_line(*sources))
    return Finding("capacity.data_register", title, facts, sentence, charts=(chart,), tables=(table,))


def _register_chart(params: Parameters, alt: str, source: str) -> Chart:
    records = [
        {"Indicator": ind.name, "year": y, "by_sex": ind.by_sex}
        for ind in REGISTER
        for y in indicator_years(ind, params.place, params.year)
    ]
    grid = pd.DataFrame(records, columns=["Indicator", "year", "by_sex"])
    labels = [ind.name for ind in REGISTER]
    fig, (ax,) = style.new_figure(width=10, height=6.5)
    colours = {"yes": style.COUNTRY, "partly": style.PEERS[0], "no": style.NEUTRAL}
    for kind, label in (("yes", _("split by sex")), ("partly", _("partly by sex")), ("no", _("not split by sex"))):
        part = grid[grid.by_sex == kind]
        ax.scatter(part.year, part.Indicator.map(labels.index), s=22, color=colours[kind], label=label)
    ax.set_yticks(range(len(labels)), labels, fontsize=8)
    ax.invert_yaxis()
    ax.set_xlim(1988, max(2026, params.year + 1))
    ax.set_title(t("Data available for {place} in the embedded international sources", place=params.place.local_name))
    ax.legend(fontsize=8, loc="lower left", ncols=3)
    return style.render(fig, alt, source)


# --- capacity self-assessment -------------------------------------------------------------


SCORE = f"Mean score ({CAPACITY_SCALE[0]}-{CAPACITY_SCALE[1]})"
"""The score's column in ``capacity_scores`` (an internal name; the table shows ``score_heading()``)."""


def score_heading() -> str:
    """The score's heading in the current language: ``Mean score (0-4)``."""
    return t("Mean score ({bottom}-{top})", bottom=CAPACITY_SCALE[0], top=CAPACITY_SCALE[1])


def capacity_scores(params: Parameters) -> pd.DataFrame:
    """Mean self-assessed score per MGI domain, with the number of questions (English column names: the
    finding translates them where it shows the table)."""
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
    facts = {f"weakest_{i}": Fact(row.Domain, row[SCORE], "score") for i, (_code, row) in enumerate(weakest.iterrows(), start=1)}
    facts["scale_bottom"] = Fact(_("Bottom of the scale"), CAPACITY_SCALE[0], "count")
    facts["scale_top"] = Fact(_("Top of the scale"), CAPACITY_SCALE[1], "count")
    named = fmt.semicolons(f"{f.label} {f.text}" for k, f in facts.items() if k.startswith("weakest_"))
    label = plan_label(params)
    scale = {"bottom": facts["scale_bottom"].text, "top": facts["scale_top"].text}
    sentence = t("Weakest domains on the {bottom}-{top} scale: {named}. ({label}.)", **scale, named=named, label=label)
    alt = t("Bar chart of mean self-assessed scores by domain ({bottom}-{top}). Weakest: {named}. {label}.", **scale, named=named, label=label)
    heading = score_heading()
    shown = scores.rename(columns={"Domain": _("Domain"), SCORE: heading, "Questions": _("Questions")}).rename_axis(_("Code"))
    table = Table(shown, _("Mean score by domain"), label + ".", units={heading: "score"})
    return Finding("capacity.self_assessment", _("Capacity self-assessment"), facts, sentence,
                   charts=(_capacity_chart(params, scores, alt, label),), tables=(table,))


def _capacity_chart(params: Parameters, scores: pd.DataFrame, alt: str, label: str) -> Chart:
    scores = scores.iloc[::-1]
    fig, (ax,) = style.new_figure(height=3.8)
    ax.barh(scores.Domain, scores[SCORE].fillna(0), color=style.COUNTRY)
    low, high = CAPACITY_SCALE
    ax.set_xlim(low, high)
    ticks = [t("{score}\nnot in place", score=low), *map(str, range(low + 1, high)), t("{score}\nfully in place", score=high)]
    ax.set_xticks(range(low, high + 1), ticks)
    ax.set_title(t("Capacity self-assessment by MGI domain, {place}", place=params.place.local_name))
    ax.grid(axis="y", visible=False)
    return style.render(fig, alt, t("{inputs}. Domains: IOM Migration Governance Indicators.", inputs=label))
