"""Remittance cost scenario (Stage 6): what households would save if sending money cost the SDG 10.c target.

Method, per sending -> receiving corridor into the place's countries:

- flow: the World Bank/KNOMAD Bilateral Remittance Matrix 2021 (modelled estimates, US$ million);
- cost: the latest average total cost of sending US$200 in Remittance Prices Worldwide (RPW), at or
  before the reference year, with its quarter;
- saving = flow x (cost - target) / 100 where the cost is above the target, else 0.

Corridors without a cost are named and not counted; how much of the inflow they carry is a fact.
A separate, labelled sensitivity prices them at the country's SDG 10.c.1 average
(``remittances.cost_to_country_pct``). For a group, corridors into every member are summed.
"""

from __future__ import annotations

import pandas as pd

from ..constants import REMITTANCE_MATRIX_YEAR, SDG_10C_CORRIDOR_CEILING_PCT, SDG_10C_TARGET_PCT, SEND_AMOUNT_USD
from ..data.loaders import load
from ..data.places import Place
from ..data.provenance import SOURCES
from ..data.series import latest_rows
from ..inputs.parameters import Parameters
from ..render import format as fmt
from ..render import style
from ..render.display import Chart, Table, Text
from . import place_series
from .base import Fact, Finding
from .baselines import cost_to_country

BRM = SOURCES["brm"]
RPW = SOURCES["rpw"]
COST = SOURCES["remittance_costs"]
MAX_BARS = 15
"""Corridors drawn in a chart (the largest); tables list every corridor of a country."""
MAX_ROWS_GROUP = 30
"""Rows of a group's corridor tables (the largest; the rest summed in a last row)."""


# --- the corridor frame -------------------------------------------------------------------


def latest_costs(year: int | None = None) -> pd.DataFrame:
    """Latest RPW cost per corridor at or before ``year``: sending_iso3, receiving_iso3, period, cost_pct."""
    costs = load("remittance_corridor_costs")
    latest = latest_rows(costs, "avg_total_cost_pct", year, key=["sending_iso3", "receiving_iso3"], time="period")
    return latest.rename(columns={"avg_total_cost_pct": "cost_pct"})


def corridors_to(place: Place, year: int | None = None) -> pd.DataFrame:
    """Every corridor into the place's countries with a modelled flow or a cost.

    Columns: sending_iso3, sender, receiving_iso3, receiver, flow_usd (US$, 2021; missing where the
    matrix has no estimate), cost_pct and period (missing where RPW has no price), covered (has both).
    Largest flow first.
    """
    matrix = load("remittance_matrix")
    flows = matrix[matrix.receiving_iso3.isin(place.members) & (matrix.usd_million > 0)]
    flows = flows.assign(flow_usd=flows.usd_million * 1e6).drop(columns="usd_million")
    costs = latest_costs(year)
    costs = costs[costs.receiving_iso3.isin(place.members)]
    frame = flows.merge(costs, on=["sending_iso3", "receiving_iso3"], how="outer")
    names = load("countries").set_index("iso3").short_name
    frame["sender"] = frame.sending_iso3.map(names).fillna(frame.sending_iso3)
    frame["receiver"] = frame.receiving_iso3.map(names).fillna(frame.receiving_iso3)
    frame["covered"] = frame.flow_usd.notna() & frame.cost_pct.notna()
    frame = frame.sort_values(["flow_usd", "sending_iso3", "receiving_iso3"], ascending=[False, True, True], na_position="last")
    columns = ["sending_iso3", "sender", "receiving_iso3", "receiver", "flow_usd", "cost_pct", "period", "covered"]
    return frame[columns].reset_index(drop=True)


def with_savings(frame: pd.DataFrame, target_pct: float) -> pd.DataFrame:
    """``frame`` with ``saving_usd`` = flow x (cost - target) / 100 where cost > target, 0 at or below
    it, missing where the corridor has no cost or no flow."""
    gap = (frame.cost_pct - target_pct).clip(lower=0)
    saving = (frame.flow_usd * gap / 100).where(frame.covered)
    return frame.assign(saving_usd=saving)


def _label(row, place: Place) -> str:
    """``Germany`` for a country; ``Germany to Kyrgyzstan`` for a group."""
    return f"{row.sender} to {row.receiver}" if place.is_group else str(row.sender)


def _into(place: Place) -> str:
    """``Kyrgyzstan``; ``the countries of Central Asia``; ``all countries`` for the world."""
    if not place.is_group:
        return place.name
    return "all countries" if place.kind == "world" else f"the countries of {place.name}"


def _plural(n: int, word: str) -> str:
    """``1 corridor``, ``2 corridors`` (the number as the formatter prints counts)."""
    return f"{fmt.count(n)} {word}{'' if n == 1 else 's'}"


def _period_range(periods: pd.Series) -> str:
    first, last = periods.min(), periods.max()
    return str(last) if first == last else f"{first} to {last}"


def _validate_target(target_pct: float) -> float:
    target = float(target_pct)
    if not 0 <= target <= 100:
        raise ValueError(f"target_pct must be a percentage between 0 and 100, not {target_pct!r}")
    return target


def flow_weighted_cost(frame: pd.DataFrame) -> float | None:
    """The average of the latest corridor prices weighted by each corridor's modelled flow, over the
    corridors of ``frame`` (``corridors_to``) that have both: sum(cost x flow) / sum(flow)."""
    both = frame[frame.covered]
    return float((both.cost_pct * both.flow_usd).sum() / both.flow_usd.sum()) if len(both) else None


def weighted_cost_fact(frame: pd.DataFrame) -> Fact:
    """``flow_weighted_cost`` as the fact every finding states."""
    return Fact(f"Average over priced corridors, weighted by {REMITTANCE_MATRIX_YEAR} flows", flow_weighted_cost(frame),
                "%", REMITTANCE_MATRIX_YEAR, f"{RPW}; {BRM}")


# --- corridor costs -----------------------------------------------------------------------


def corridor_costs(params: Parameters) -> Finding:
    """Finding ``scenario.corridor_costs``: the latest cost per corridor into the place, against the
    SDG 10.c target (3 %) and corridor ceiling (5 %)."""
    place = params.place
    frame = corridors_to(place, params.year)
    priced = frame.dropna(subset=["cost_pct"])
    title = f"Cost of sending US${SEND_AMOUNT_USD} to {_into(place)}, per corridor"
    source = fmt.source_line(RPW, f"flows: {BRM}")
    facts: dict[str, Fact] = {
        "target": Fact(f"SDG 10.c target for the average cost: {fmt.less_than(SDG_10C_TARGET_PCT)}", SDG_10C_TARGET_PCT, "%"),
        "ceiling": Fact("SDG 10.c ceiling for any corridor", SDG_10C_CORRIDOR_CEILING_PCT, "%"),
        "n_priced": Fact("Corridors with a price in RPW", len(priced), "count", None, RPW),
    }
    if priced.empty:
        sentence = (
            f"Remittance Prices Worldwide has no corridor cost for sending money to {_into(place)}: "
            "the cost per corridor is not available."
        )
        chart = style.no_data_chart(title, "No corridor in Remittance Prices Worldwide.", source)
        return Finding("scenario.corridor_costs", title, facts, sentence, charts=(chart,))
    high, low = priced.loc[priced.cost_pct.idxmax()], priced.loc[priced.cost_pct.idxmin()]
    facts |= {
        "n_no_flow": Fact("Priced corridors without a modelled flow", int(priced.flow_usd.isna().sum()), "count", REMITTANCE_MATRIX_YEAR, BRM),
        "n_older": Fact(
            f"Corridors last priced before {priced.period.max()}", int((priced.period < priced.period.max()).sum()), "count", None, RPW
        ),
        "oldest": Fact("Oldest latest price", priced.period.min(), "", None, RPW),
        "n_above_ceiling": Fact("Corridors above the ceiling", int((priced.cost_pct > SDG_10C_CORRIDOR_CEILING_PCT).sum()), "count"),
        "n_above_target": Fact("Corridors at or above the target", int((priced.cost_pct >= SDG_10C_TARGET_PCT).sum()), "count"),
        "periods": Fact("Quarters of the latest prices", _period_range(priced.period), "", None, RPW),
        "highest": Fact(f"Highest cost: {_label(high, place)}, {high.period}", high.cost_pct, "%", None, RPW),
        "lowest": Fact(f"Lowest cost: {_label(low, place)}, {low.period}", low.cost_pct, "%", None, RPW),
        "weighted": weighted_cost_fact(frame),
    }
    f = facts
    n_target, n_ceiling = f["n_above_target"].value, f["n_above_ceiling"].value
    if len(priced) == 1:
        spread = (
            f"From {_label(high, place)}, the latest cost of sending US${SEND_AMOUNT_USD} to {_into(place)} was "
            f"{f['highest'].text} ({high.period})."
        )
        verdict = (
            "above the SDG 10.c ceiling of " + f["ceiling"].text if n_ceiling
            else "not within the SDG 10.c target of " + fmt.less_than(f["target"].value) if n_target
            else "within the SDG 10.c target of " + fmt.less_than(f["target"].value)
        )
        sentence = f"Remittance Prices Worldwide prices one corridor into {_into(place)}. {spread} That is {verdict}."
    else:
        weighted_text = (
            f"; weighted by the {REMITTANCE_MATRIX_YEAR} flows, the average is {f['weighted'].text}" if not f["weighted"].missing else ""
        )
        sentence = (
            f"Remittance Prices Worldwide prices {_plural(len(priced), 'corridor')} into {_into(place)}"
            + (f" ({f['n_no_flow'].text} of them with no modelled flow in {REMITTANCE_MATRIX_YEAR}). " if f["n_no_flow"].value else ". ")
            + f"The latest cost of sending US${SEND_AMOUNT_USD} runs from {f['lowest'].text} ({_label(low, place)}, {low.period}) "
            f"to {f['highest'].text} ({_label(high, place)}, {high.period}){weighted_text}. "
            f"{f['n_above_target'].text} of them {'costs' if n_target == 1 else 'cost'} {f['target'].text} or more, outside the SDG 10.c target of "
            f"{fmt.less_than(f['target'].value)}, and {f['n_above_ceiling'].text} more than the {f['ceiling'].text} that SDG 10.c sets as "
            "the most any corridor should cost."
        )
        if f["n_older"].value:
            sentence += (
                f" {f['n_older'].text} of the prices are older than {priced.period.max()} (the oldest from "
                f"{f['oldest'].text}): read those corridors with care."
            )
    chart = _costs_chart(place, priced, f, title, source)
    return Finding("scenario.corridor_costs", title, facts, sentence, charts=(chart,), tables=(_costs_table(place, priced, source),))


def _verdict(cost: float) -> str:
    if cost > SDG_10C_CORRIDOR_CEILING_PCT:
        return f"above the {fmt.share(SDG_10C_CORRIDOR_CEILING_PCT)} ceiling"
    if cost >= SDG_10C_TARGET_PCT:
        return f"not within the SDG 10.c target of {fmt.less_than(SDG_10C_TARGET_PCT)}"
    return f"within the SDG 10.c target of {fmt.less_than(SDG_10C_TARGET_PCT)}"


FLOW = f"Flow {REMITTANCE_MATRIX_YEAR} (modelled)"
COST_COLUMN = f"Cost of sending US${SEND_AMOUNT_USD}"
CORRIDOR_UNITS = {FLOW: "US$", COST_COLUMN: "%"}


def _corridor_rows(place: Place, corridors: pd.DataFrame, priced: bool = True) -> tuple[pd.DataFrame, pd.DataFrame, str]:
    """The rows a corridor table shows (a group's largest ``MAX_ROWS_GROUP``), the columns every corridor
    table opens with (sender, receiver for a group, modelled flow, and for priced corridors the cost and
    its quarter), and the note on rows left out."""
    rows = corridors.head(MAX_ROWS_GROUP) if place.is_group else corridors
    out = pd.DataFrame({"Sending country": rows.sender})
    if place.is_group:
        out["Receiving country"] = rows.receiver
    out[FLOW] = rows.flow_usd
    if priced:
        out[COST_COLUMN], out["Quarter"] = rows.cost_pct, rows.period
    more = f" The {MAX_ROWS_GROUP} largest of {len(corridors):,} priced corridors." if priced and len(corridors) > len(rows) else ""
    return rows, out, more


def _costs_table(place: Place, priced: pd.DataFrame, source: str) -> Table:
    rows, out, more = _corridor_rows(place, priced)
    out["Against SDG 10.c"] = rows.cost_pct.map(_verdict)
    return Table(
        out.reset_index(drop=True),
        f"Latest cost per corridor into {_into(place)}, largest flows first",
        fmt.source_line(RPW, f"flows: {BRM}", note=f"Cost: average total cost of sending US${SEND_AMOUNT_USD}, latest quarter available.{more}"),
        index=False,
        units=CORRIDOR_UNITS,
    )


ABOVE = style.PEERS[0]
"""Bars of corridors above the target (orange); above the ceiling they are hatched too."""


def _money_axis(largest: float) -> tuple[float, str]:
    """Divisor and unit for an axis of US$ amounts: billions or millions."""
    return (1e9, "US$ billion") if largest >= 2e9 else (1e6, "US$ million")


def _costs_chart(place: Place, priced: pd.DataFrame, f: dict[str, Fact], title: str, source: str) -> Chart:
    from matplotlib.patches import Patch

    shown = priced.head(MAX_BARS).iloc[::-1]
    fig, (ax,) = style.new_figure(width=10, height=max(2.8, 1.2 + 0.42 * len(shown)))
    y = list(range(len(shown)))
    for i, row in zip(y, shown.itertuples()):
        above_ceiling = row.cost_pct > SDG_10C_CORRIDOR_CEILING_PCT
        colour = ABOVE if row.cost_pct >= SDG_10C_TARGET_PCT else style.COUNTRY
        ax.barh(i, row.cost_pct, color=colour, height=0.6, hatch="///" if above_ceiling else None, edgecolor="white")
        ax.text(max(row.cost_pct, 0), i, f" {fmt.share(row.cost_pct)} ({row.period})", va="center", fontsize=8)
    labels = [
        f"{_label(row, place)}\n{fmt.money(row.flow_usd)} in {REMITTANCE_MATRIX_YEAR}" if pd.notna(row.flow_usd)
        else f"{_label(row, place)}\nflow not available"
        for row in shown.itertuples()
    ]
    ax.set_yticks(y, labels, fontsize=8)
    ax.set_ylim(-0.6, len(shown) - 0.4)
    target = ax.axvline(SDG_10C_TARGET_PCT, color=style.TARGET, ls="--", lw=1.5)
    ceiling = ax.axvline(SDG_10C_CORRIDOR_CEILING_PCT, color=style.TARGET, ls=":", lw=1.8)
    handles = [
        Patch(color=style.COUNTRY, label="below the target"),
        Patch(color=ABOVE, label="at or above the target"),
        Patch(facecolor=ABOVE, hatch="///", edgecolor="white", label="above the corridor ceiling"),
        target, ceiling,
    ]
    target.set_label(f"SDG 10.c target: {fmt.less_than(SDG_10C_TARGET_PCT)}")
    ceiling.set_label(f"SDG 10.c corridor ceiling: {fmt.share(SDG_10C_CORRIDOR_CEILING_PCT)}")
    ax.legend(handles=handles, fontsize=8, loc="center left", bbox_to_anchor=(1.01, 0.5))
    ax.set_xlim(min(0, shown.cost_pct.min()), max(shown.cost_pct.max(), SDG_10C_CORRIDOR_CEILING_PCT) * 1.3)
    ax.set_xlabel(f"Average total cost of sending US${SEND_AMOUNT_USD}, % of the amount (latest quarter)")
    ax.grid(axis="y", visible=False)
    ax.set_axisbelow(True)
    fig.suptitle(title, x=0.01, ha="left", fontweight="bold")
    if len(priced) > len(shown):
        f["n_drawn"] = Fact("Corridors drawn (largest flows)", len(shown), "count")
        largest = f"the {f['n_drawn'].text} largest (by {REMITTANCE_MATRIX_YEAR} flow) of "
    else:
        largest = ""
    fig.suptitle(title, x=0.01, ha="left", fontweight="bold")
    ends = (
        f"{f['highest'].label.split(': ', 1)[1]}: {f['highest'].text}" if len(priced) == 1
        else f"Highest: {f['highest'].label.split(': ', 1)[1]} at {f['highest'].text}; lowest: "
        f"{f['lowest'].label.split(': ', 1)[1]} at {f['lowest'].text}"
    )
    alt = (
        f"Horizontal bar chart of the latest cost of sending US${SEND_AMOUNT_USD} in {largest}"
        f"{_plural(f['n_priced'].value, 'priced corridor')} into {_into(place)}, against dashed lines at the target "
        f"({f['target'].text}) and the ceiling ({f['ceiling'].text}). {ends}."
    )
    return style.render(fig, alt, source, data=shown)


# --- two averages of the cost ------------------------------------------------------------


def cost_averages(params: Parameters) -> Finding:
    """Finding ``scenario.cost_averages``: the flow-weighted average cost of sending money to the place
    beside the simple average that SDG 10.c.1 reports (the baseline of an indicator marked 10.c.1), and
    why they differ: the unweighted mean of the same corridors shows what the weighting alone does."""
    place = params.place
    frame = corridors_to(place, params.year)
    both = frame[frame.covered]
    simple = cost_to_country(place, place_series.remittances(place, params.year))
    title = f"Two averages of the cost of sending US${SEND_AMOUNT_USD} to {_into(place)}"
    y = REMITTANCE_MATRIX_YEAR
    facts: dict[str, Fact] = {
        "simple": simple,
        "weighted": weighted_cost_fact(frame),
        "corridor_mean": Fact("Unweighted mean of the same corridors' latest prices", both.cost_pct.mean() if len(both) else None, "%", None, RPW),
        "n_corridors": Fact("Corridors with a price and a modelled flow", len(both), "count", None, f"{RPW}; {BRM}"),
        "coverage": Fact(f"Their share of the modelled {y} inflow", 100 * both.flow_usd.sum() / frame.flow_usd.sum() if len(both) else None, "%", y, BRM),
    }
    f = facts
    if len(both):
        top = both.loc[both.flow_usd.idxmax()]
        f["top_share"] = Fact(f"Largest corridor's share of the priced flow: {_label(top, place)}", 100 * top.flow_usd / both.flow_usd.sum(), "%", y, BRM)
        f["top_cost"] = Fact(f"Latest cost from {_label(top, place)}, {top.period}", top.cost_pct, "%", None, RPW)
        f["periods"] = Fact("Quarters of the latest corridor prices", _period_range(both.period), "", None, RPW)
    what = ("SDG 10.c.1 is a simple average over the services priced into the country, each counted once "
            "however much money goes through its corridor")
    if f["weighted"].missing:
        weighted_part = (f"No corridor into {_into(place)} has both a price in Remittance Prices Worldwide and a modelled flow, "
                         "so no flow-weighted average can be computed")
    else:
        mover = "cheaper" if f["weighted"].value < f["corridor_mean"].value else "dearer"
        if f["n_corridors"].value < 2:
            why = ""
        elif f["weighted"].text == f["corridor_mean"].text:
            why = "Weighting hardly moves the average: the corridors that carry most of the money cost about what the others do. "
        else:
            why = (f"Weighting moves the average because the corridors that carry most of the money are {mover} than the rest: "
                   f"{_label(top, place)} carries {f['top_share'].text} of the priced flow at {f['top_cost'].text} ({top.period}). ")
        weighted_part = (
            f"Weighted by what each corridor carried in {y}, the latest corridor prices average {f['weighted'].text} "
            f"({_plural(f['n_corridors'].value, 'corridor')}, {f['coverage'].text} of the modelled inflow)"
            + (f"; unweighted, the same corridors average {f['corridor_mean'].text}. " if f["n_corridors"].value > 1 else ". ") + why
        )
    if place.is_group:
        sentence = (f"{weighted_part.rstrip('. ')}. SDG 10.c.1, a simple average over the services priced into a country, is not "
                    "computed for a group (a cost is not additive), so the flow-weighted average has no simple average beside it.")
    elif simple.missing:
        sentence = f"{weighted_part.rstrip('. ')}. The simple average that SDG 10.c.1 reports for {place.name} is {fmt.not_available()}."
    else:
        gap = "" if f["weighted"].missing else (
            " The simple average also differs from the corridor prices in what it counts (every service, not every corridor) and "
            f"when ({simple.year}, against corridor prices from {f['periods'].text}).")
        sentence = (f"The baseline of an indicator marked SDG 10.c.1 is {simple.text} for {place.name} in {simple.year}: {what}. "
                    f"{weighted_part.rstrip(' ')}{gap} A plan that targets what households pay reads the weighted average; "
                    "the SDG indicator is the simple one.")
    rows = [
        {"Average": "Simple average: SDG 10.c.1", "Value": simple.value, "When": fmt.year(simple.year),
         "What it averages": "every service priced into the country, each counted once", "Source": simple.source},
        {"Average": f"Weighted by {y} flows", "Value": f["weighted"].value, "When": f["periods"].text if "periods" in f else fmt.not_available(),
         "What it averages": f"the latest price of each corridor with a modelled flow ({f['n_corridors'].text}), weighted by its flow",
         "Source": f["weighted"].source},
        {"Average": "Unweighted, same corridors", "Value": f["corridor_mean"].value, "When": f["periods"].text if "periods" in f else fmt.not_available(),
         "What it averages": "the same corridors' latest prices, each counted once", "Source": RPW},
    ]
    if simple.missing and f["weighted"].missing:
        return Finding("scenario.cost_averages", title, facts, sentence)  # the sentence says neither exists: no empty table
    table = Table(pd.DataFrame(rows), title, fmt.source_line(COST, RPW, f"flows: {BRM}"), index=False, units={"Value": "%"})
    return Finding("scenario.cost_averages", title, facts, sentence, tables=(table,))


# --- savings ------------------------------------------------------------------------------


def savings(params: Parameters, target_pct: float = SDG_10C_TARGET_PCT, top: int = 3) -> Finding:
    """Finding ``scenario.savings``: yearly savings if every priced corridor into the place cost at
    most ``target_pct``; coverage of the inflow; the corridors without a price, named."""
    target = _validate_target(target_pct)
    place = params.place
    frame = with_savings(corridors_to(place, params.year), target)
    flows = frame.dropna(subset=["flow_usd"])
    covered, uncovered = flows[flows.covered], flows[~flows.covered]
    y = REMITTANCE_MATRIX_YEAR
    title = f"Savings if sending money to {_into(place)} cost at most {fmt.share(target)}"
    source = fmt.source_line(BRM, RPW)
    facts: dict[str, Fact] = {"target": Fact(f"Target cost of sending US${SEND_AMOUNT_USD}", target, "%")}
    if flows.empty:
        facts["inflow"] = Fact(f"Remittances received, all corridors (modelled, {y})", None, "US$", y, BRM)
        sentence = (
            f"The Bilateral Remittance Matrix {y} has no estimate of remittances sent to {_into(place)}: "
            f"the savings at a cost of {facts['target'].text} cannot be estimated ({fmt.not_available()})."
        )
        chart = style.no_data_chart(title, f"No estimate of remittances to {_into(place)} in the Bilateral Remittance Matrix.", source)
        return Finding("scenario.savings", title, facts, sentence, charts=(chart,))
    inflow = flows.flow_usd.sum()
    receivers = flows.receiving_iso3.nunique()
    basis = f"sum over {receivers} of {len(place.members)} countries" if place.is_group else ""
    saving = covered.saving_usd.sum() if len(covered) else None
    above = covered[covered.saving_usd > 0].sort_values(["saving_usd", "sending_iso3"], ascending=[False, True])
    facts |= {
        "inflow": Fact(f"Remittances received, all corridors (modelled, {y})", inflow, "US$", y, BRM, basis),
        "n_corridors": Fact("Corridors with a modelled flow", len(flows), "count", y, BRM),
        "n_covered": Fact("Corridors with a modelled flow and a price", len(covered), "count", y, f"{BRM}; {RPW}"),
        "n_uncovered": Fact("Corridors without a price", len(uncovered), "count", y, f"{BRM}; {RPW}"),
        "covered_inflow": Fact("Inflow through priced corridors", covered.flow_usd.sum(), "US$", y, BRM),
        "coverage": Fact("Share of the inflow through priced corridors", 100 * covered.flow_usd.sum() / inflow, "%", y, BRM),
        "uncovered_inflow": Fact("Inflow through corridors without a price", uncovered.flow_usd.sum(), "US$", y, BRM),
        "uncovered_share": Fact("Share of the inflow through corridors without a price", 100 * uncovered.flow_usd.sum() / inflow, "%", y, BRM),
        "n_above_target": Fact("Priced corridors above the target", len(above), "count", None, RPW),
        "savings": Fact(
            "Yearly savings at the target cost, priced corridors", saving, "US$", y, f"{BRM}; {RPW}",
            "sum of flow x (cost - target) / 100 over priced corridors above the target",
        ),
    }
    if saving is not None:
        facts["savings_share"] = Fact("Savings as a share of the inflow", 100 * saving / inflow, "%", y)
        facts["fees_now"] = Fact(
            "Estimated cost paid now on priced corridors", (covered.flow_usd * covered.cost_pct.clip(lower=0) / 100).sum(), "US$", y
        )
    names = []
    for i, row in enumerate(above.head(top).itertuples()):
        names.append(_label(row, place))
        facts[f"top{i}"] = Fact(f"Saving, {names[-1]}", row.saving_usd, "US$", y, f"{BRM}; {RPW}")
        facts[f"top{i}_cost"] = Fact(f"Cost, {names[-1]}, {row.period}", row.cost_pct, "%", None, RPW)
    f = facts
    sentence = _savings_sentence(place, f, names, uncovered)
    charts = (_savings_chart(place, covered, above, f, title, source),)
    tables = ((_savings_table(place, covered, target, f),) if len(covered) else ()) + (
        (_uncovered_table(place, uncovered, inflow),) if len(uncovered) else ()
    )
    return Finding("scenario.savings", title, facts, sentence, charts=charts, tables=tables)


def _savings_sentence(place: Place, f: dict[str, Fact], names: list[str], uncovered: pd.DataFrame) -> str:
    inflow = f"the {f['inflow'].text} sent to {_into(place)} in {f['inflow'].year} (modelled)"
    if f["savings"].missing:
        head = (
            f"None of the {f['n_corridors'].text} corridors carrying {inflow} has a price in Remittance Prices "
            f"Worldwide: the savings at a cost of {f['target'].text} cannot be estimated from corridor costs."
        )
    elif f["savings"].value == 0:
        head = (
            f"Every priced corridor into {_into(place)} already costs at most {f['target'].text}: at that cost, "
            f"households would save nothing on the {f['covered_inflow'].text} sent through "
            f"{'the one priced corridor' if f['n_covered'].value == 1 else 'the ' + _plural(f['n_covered'].value, 'priced corridor')}, "
            f"{f['coverage'].text} of {inflow}."
        )
    else:
        named = [f"{name} ({f[f'top{i}_cost'].text} in {f[f'top{i}_cost'].label.rsplit(', ', 1)[1]}, saving {f[f'top{i}'].text})"
                 for i, name in enumerate(names)]
        n_above = f["n_above_target"].value
        verb = "costs" if n_above == 1 else "cost"
        which = ":" if len(named) == n_above else ", the largest savings being"
        head = (
            f"If every priced corridor into {_into(place)} cost at most {f['target'].text}, households would save about "
            f"{f['savings'].text} a year, {f['savings_share'].text} of {inflow}. "
            f"{_priced_part(f)}, on which the latest prices mean fees of about {f['fees_now'].text} a year; "
            f"{_above_part(f, verb)}{which} {fmt.listing(named)}."
        )
    if uncovered.empty:
        return head + " Every corridor with a modelled flow has a price."
    largest = fmt.listing([_label(r, place) for r in uncovered.head(3).itertuples()])
    if f["savings"].missing:
        return head + f" The largest of these corridors: {largest}."
    return head + (
        f" The other {f['n_uncovered'].text} corridors carry {f['uncovered_inflow'].text} "
        f"({f['uncovered_share'].text} of the inflow) and have no price: they are not counted"
        f" in the savings (the largest: {largest})."
    )


def _priced_part(f: dict[str, Fact]) -> str:
    carries = f"{f['covered_inflow'].text} ({f['coverage'].text} of the inflow)"
    if f["n_covered"].value == 1:
        return f"The one priced corridor carries {carries}"
    return f"The {f['n_covered'].text} priced corridors carry {carries}"


def _above_part(f: dict[str, Fact], verb: str) -> str:
    if f["n_covered"].value == 1:
        return "it costs more than the target"
    return f"{f['n_above_target'].text} of them {verb} more than the target"


def _savings_table(place: Place, covered: pd.DataFrame, target: float, f: dict[str, Fact]) -> Table:
    rows, out, more = _corridor_rows(place, covered.sort_values(["saving_usd", "flow_usd"], ascending=False))
    out["Saving per year"] = rows.saving_usd
    return Table(
        out.reset_index(drop=True),
        f"Savings per corridor at a cost of {fmt.share(target)}, {place.name} (total {f['savings'].text})",
        fmt.source_line(
            BRM, RPW,
            note=f"Saving = flow x (cost - {fmt.share(target)}) / 100 where the cost is above it; 0 where it is not.{more}",
        ),
        index=False,
        units=CORRIDOR_UNITS | {"Saving per year": "US$"},
    )


def _uncovered_table(place: Place, uncovered: pd.DataFrame, inflow: float) -> Table:
    rows, out, _ = _corridor_rows(place, uncovered, priced=False)
    out["Share of the inflow"] = 100 * rows.flow_usd / inflow
    rest = uncovered.iloc[len(rows):]
    if len(rest):
        other = {"Sending country": f"{len(rest):,} other corridors"} | ({"Receiving country": ""} if place.is_group else {})
        other |= {FLOW: rest.flow_usd.sum(), "Share of the inflow": 100 * rest.flow_usd.sum() / inflow}
        out = pd.concat([out, pd.DataFrame([other])])
    return Table(
        out.reset_index(drop=True),
        f"Corridors into {_into(place)} with no price in Remittance Prices Worldwide (not counted in the savings)",
        fmt.source_line(BRM, RPW),
        index=False,
        units={FLOW: "US$", "Share of the inflow": "%"},
    )


def _savings_chart(place: Place, covered: pd.DataFrame, above: pd.DataFrame, f: dict[str, Fact], title: str, source: str) -> Chart:
    if f["savings"].missing:
        return style.no_data_chart(
            title, f"No corridor into {_into(place)} has a price: the savings cannot be estimated from corridor costs.", source
        )
    target = f["target"].value
    shown = above.head(MAX_BARS).iloc[::-1]
    fig, (_ax,) = style.new_figure(width=10, height=2.9 + 0.36 * max(len(shown), 2))
    _ax.remove()
    top, ax = fig.subplots(2, 1, gridspec_kw={"height_ratios": [1.1, max(len(shown), 2)]})
    parts = [
        (f"priced, above {fmt.share(target)}", covered[covered.cost_pct > target].flow_usd.sum(), ABOVE),
        (f"priced, at or below {fmt.share(target)}", covered[covered.cost_pct <= target].flow_usd.sum(), style.COUNTRY),
        ("no price (not counted)", f["uncovered_inflow"].value, style.NEUTRAL),
    ]
    divisor, unit = _money_axis(f["inflow"].value)
    left = 0.0
    for label, value, colour in parts:
        if not value:
            continue
        top.barh(0, value / divisor, left=left, color=colour, height=0.6, label=f"{label}: {fmt.money(value)}", edgecolor="white")
        left += value / divisor
    top.set_xlim(0, left)
    top.set_yticks([])
    top.set_xlabel(f"{unit}, {REMITTANCE_MATRIX_YEAR} (modelled)", fontsize=8)
    top.tick_params(axis="x", labelsize=8)
    top.grid(False)
    top.set_title(f"Where the inflow of {f['inflow'].text} goes through", fontsize=10)
    top.legend(fontsize=8, loc="center left", bbox_to_anchor=(1.01, 0.5))
    if shown.empty:
        ax.axis("off")
        ax.text(0, 0.5, f"Every priced corridor already costs at most {fmt.share(target)}: no saving.", fontsize=10, color="#444444")
    else:
        divisor, unit = _money_axis(shown.saving_usd.max())
        ax.barh(range(len(shown)), shown.saving_usd / divisor, color=ABOVE, height=0.6)
        ax.set_yticks(range(len(shown)), [f"{_label(r, place)} ({fmt.share(r.cost_pct)} in {r.period})" for r in shown.itertuples()], fontsize=8)
        for i, row in enumerate(shown.itertuples()):
            ax.text(row.saving_usd / divisor, i, f" {fmt.money(row.saving_usd)}", va="center", fontsize=8)
        ax.set_xlim(0, shown.saving_usd.max() / divisor * 1.3)
        ax.set_ylim(-0.6, max(len(shown), 2) - 0.4)
        ax.set_xlabel(f"{unit} a year")
        ax.grid(axis="y", visible=False)
        ax.set_axisbelow(True)
        largest = f", the {len(shown)} largest" if len(above) > len(shown) else ""
        ax.set_title(f"Savings per corridor at {fmt.share(target)}{largest} (total {f['savings'].text} a year)", fontsize=10)
    fig.suptitle(title, x=0.01, ha="left", fontweight="bold")
    alt = (
        f"Two bar charts. Top: of the {f['inflow'].text} sent to {_into(place)} in {f['inflow'].year} (modelled), "
        f"{f['covered_inflow'].text} goes through priced corridors and {f['uncovered_inflow'].text} "
        f"({f['uncovered_share'].text}) through corridors without a price. Below: savings per corridor at a cost of "
        f"{f['target'].text}, {f['savings'].text} a year in total."
    )
    return style.render(fig, alt, source, data=shown)


# --- sensitivity --------------------------------------------------------------------------


def sensitivity(params: Parameters, target_pct: float = SDG_10C_TARGET_PCT) -> Finding:
    """Finding ``scenario.sensitivity``: the unpriced corridors priced at the receiving country's
    SDG 10.c.1 average; shown apart from the savings, never added to them silently."""
    target = _validate_target(target_pct)
    place = params.place
    frame = corridors_to(place, params.year).dropna(subset=["flow_usd"])
    uncovered = frame[~frame.covered]
    title = f"Sensitivity: corridors without a price, {place.name}"
    source = fmt.source_line(BRM, COST)
    y = REMITTANCE_MATRIX_YEAR
    facts: dict[str, Fact] = {
        "target": Fact(f"Target cost of sending US${SEND_AMOUNT_USD}", target, "%"),
        "uncovered_inflow": Fact("Inflow through corridors without a price", uncovered.flow_usd.sum() if len(frame) else None, "US$", y, BRM),
    }
    if uncovered.empty:
        sentence = (
            f"The Bilateral Remittance Matrix {y} has no estimate of remittances sent to {_into(place)}: there is no "
            "unpriced corridor to test." if frame.empty
            else f"Every corridor into {_into(place)} with a modelled flow has a price: no sensitivity is needed."
        )
        return Finding("scenario.sensitivity", title, facts, sentence)
    money = load("remittances")
    latest = latest_rows(money[money.iso3.isin(place.members)], "cost_to_country_pct", params.year).set_index("iso3")
    average, years = latest.cost_to_country_pct, latest.year
    by_receiver = uncovered.groupby("receiving_iso3").flow_usd.sum()
    with_average = by_receiver[by_receiver.index.isin(average.index)]
    extra = (with_average * (average.reindex(with_average.index) - target).clip(lower=0) / 100).sum()
    facts["extra"] = Fact(
        "Sensitivity: further yearly savings if unpriced corridors cost the country average",
        extra if len(with_average) else None, "US$", y, f"{BRM}; {COST}",
        "" if not place.is_group else f"sum over {len(with_average)} of {len(by_receiver)} countries with unpriced corridors",
    )
    facts["priced_by_average"] = Fact("Unpriced inflow that a country average can price", with_average.sum(), "US$", y, BRM)
    f = facts
    if not place.is_group:
        facts["average"] = Fact(
            f"Average cost of sending US${SEND_AMOUNT_USD} to {place.name} (SDG 10.c.1)",
            average.iloc[0] if len(average) else None, "%", int(years.iloc[0]) if len(years) else None, COST,
        )
        if f["average"].missing:
            sentence = (
                f"The {f['uncovered_inflow'].text} sent to {place.name} through corridors without a price cannot be "
                f"priced another way either: the average cost of sending money to {place.name} (SDG 10.c.1) is {fmt.not_available()}."
            )
        elif f["average"].value <= target:
            sentence = (
                f"Sensitivity: the average cost of sending money to {place.name} ({f['average'].text}, SDG 10.c.1 in "
                f"{f['average'].year}) is already at or below {f['target'].text}, so pricing the {f['uncovered_inflow'].text} "
                "sent through corridors without a price at that average adds no saving."
            )
        else:
            sentence = (
                f"Sensitivity, not included in the savings above: if the {f['uncovered_inflow'].text} sent through "
                f"corridors without a price cost the country average of {f['average'].text} "
                f"(SDG 10.c.1 in {f['average'].year}), bringing them to {f['target'].text} would save a further "
                f"{f['extra'].text} a year. The average mixes every corridor, cheap large ones included, so this is a rough stand-in."
            )
    else:
        sentence = (
            f"Sensitivity, not included in the savings above: pricing each member country's corridors without a price at "
            f"that country's own average cost (SDG 10.c.1 in its latest year), and bringing them to {f['target'].text}, would save a "
            f"further {f['extra'].text} a year ({f['extra'].basis}; {f['priced_by_average'].text} of the "
            f"{f['uncovered_inflow'].text} unpriced inflow has such an average)."
        )
    return Finding("scenario.sensitivity", title, facts, sentence)


def savings_explorer(params: Parameters):
    """In JupyterLab, a slider for the target cost (0-10 %, step 0.5) that redraws the savings; a note headless."""
    from ..render.widgets import target_slider

    return target_slider(lambda target: savings(params, target), value=SDG_10C_TARGET_PCT)


def method(params: Parameters) -> Text:
    """The method and its assumptions in plain words, from the constants and the data's editions."""
    costs = load("remittance_corridor_costs")
    first, last = costs.period.min(), costs.period.max()
    into = _into(params.place)
    return Text(
        f"**How the estimate is made** (for {into}, reference year {params.year})\n\n"
        f"1. **Flows.** For every country that sends money to {into}, the World Bank/KNOMAD Bilateral Remittance "
        f"Matrix (December 2022 version) gives a modelled estimate "
        f"of what was sent in {REMITTANCE_MATRIX_YEAR}, in US$. It is built from migrant stocks and incomes, "
        "not from observed transfers.\n"
        f"2. **Costs.** For each of those corridors, the World Bank's Remittance Prices Worldwide gives the average total cost (fees plus the "
        f"exchange-rate margin) of sending US${SEND_AMOUNT_USD}, per quarter. The latest quarter available at or "
        f"before {params.year} is used, and the tables name it; the data run from {first} to {last}, so a corridor "
        "may be priced in an older quarter than another.\n"
        f"3. **Saving per corridor** = flow x (cost - target) / 100 where the cost is above the target; a corridor "
        f"already at or below the target saves nothing. The target is {fmt.share(SDG_10C_TARGET_PCT, digits=0)}, the bound of "
        f"the SDG 10.c target ({fmt.less_than(SDG_10C_TARGET_PCT)}), unless you move the slider at the end of the notebook.\n"
        "4. **Corridors without a price** are not counted. The notebook names them and says how much of the inflow "
        "they carry. A separate sensitivity prices them at the receiving country's average cost (SDG 10.c.1); it is "
        "shown apart and never added to the total.\n"
        "5. **Groups** (the world, a region, an income group): corridors into every member country are summed, "
        "corridors between members included, since households in the receiving member gain.\n\n"
        "**What to keep in mind**\n\n"
        f"- Costs are for sending US${SEND_AMOUNT_USD}. Larger transfers usually cost less as a share of the amount, "
        "and many transfers are larger, so the savings are an **upper bound**.\n"
        f"- The flows are modelled {REMITTANCE_MATRIX_YEAR} estimates and the costs come from quarters up to {last}: "
        "the two do not describe the same year, and neither is a forecast.\n"
        "- Money sent through informal channels (cash carried home, hawala) has no price here.\n"
        "- No household survey is used: the estimate says how much less senders as a whole would pay, not which "
        "households gain, nor whether women or men send or receive the money."
    )
