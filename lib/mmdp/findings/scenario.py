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
from ..i18n import _, language, t
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
    Largest flow first. The names are the current language's (the UN's M49 names in French and Spanish).
    """
    matrix = load("remittance_matrix")
    flows = matrix[matrix.receiving_iso3.isin(place.members) & (matrix.usd_million > 0)]
    flows = flows.assign(flow_usd=flows.usd_million * 1e6).drop(columns="usd_million")
    costs = latest_costs(year)
    costs = costs[costs.receiving_iso3.isin(place.members)]
    frame = flows.merge(costs, on=["sending_iso3", "receiving_iso3"], how="outer")
    countries = load("countries").set_index("iso3")
    names = countries.short_name if language() == "en" else countries[f"name_{language()}"].fillna(countries.short_name)
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
    return t("{sender} to {receiver}", sender=row.sender, receiver=row.receiver) if place.is_group else str(row.sender)


def _into(place: Place) -> str:
    """``Kyrgyzstan``; ``the countries of Central Asia``; ``all countries`` for the world."""
    if not place.is_group:
        return place.local_name
    return _("all countries") if place.kind == "world" else t("the countries of {group}", group=place.local_name)


def _corridors(n: int) -> str:
    """``1 corridor``, ``2 corridors`` (the number as the formatter prints counts)."""
    return t("{count} corridor", count=fmt.count(n)) if n == 1 else t("{count} corridors", count=fmt.count(n))


def _priced_corridors(n: int) -> str:
    """``1 priced corridor``, ``2 priced corridors``."""
    return t("{count} priced corridor", count=fmt.count(n)) if n == 1 else t("{count} priced corridors", count=fmt.count(n))


def _period_range(periods: pd.Series) -> str:
    first, last = periods.min(), periods.max()
    return str(last) if first == last else t("{first} to {last}", first=first, last=last)


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
    return Fact(t("Average over priced corridors, weighted by {year} flows", year=REMITTANCE_MATRIX_YEAR), flow_weighted_cost(frame),
                "%", REMITTANCE_MATRIX_YEAR, f"{RPW}; {BRM}")


def _amount_fact() -> Fact:
    """The amount whose sending cost RPW prices (US$200), a fact where a sentence states it."""
    return Fact(_("Amount whose sending cost is priced"), SEND_AMOUNT_USD, "US$", None, RPW)


# --- corridor costs -----------------------------------------------------------------------


def corridor_costs(params: Parameters) -> Finding:
    """Finding ``scenario.corridor_costs``: the latest cost per corridor into the place, against the
    SDG 10.c target (3 %) and corridor ceiling (5 %)."""
    place = params.place
    frame = corridors_to(place, params.year)
    priced = frame.dropna(subset=["cost_pct"])
    into = _into(place)
    title = t("Cost of sending US${amount} to {into}, per corridor", amount=SEND_AMOUNT_USD, into=into)
    source = fmt.source_line(RPW, t("flows: {source}", source=BRM))
    facts: dict[str, Fact] = {
        "target": Fact(t("SDG 10.c target for the average cost: {bound}", bound=fmt.less_than(SDG_10C_TARGET_PCT)), SDG_10C_TARGET_PCT, "%"),
        "ceiling": Fact(_("SDG 10.c ceiling for any corridor"), SDG_10C_CORRIDOR_CEILING_PCT, "%"),
        "n_priced": Fact(_("Corridors with a price in RPW"), len(priced), "count", None, RPW),
        "amount": _amount_fact(),
    }
    if priced.empty:
        sentence = t("Remittance Prices Worldwide has no corridor cost for sending money to {into}: "
                     "the cost per corridor is not available.", into=into)
        chart = style.no_data_chart(title, _("No corridor in Remittance Prices Worldwide."), source)
        return Finding("scenario.corridor_costs", title, facts, sentence, charts=(chart,))
    high, low = priced.loc[priced.cost_pct.idxmax()], priced.loc[priced.cost_pct.idxmin()]
    facts |= {
        "n_no_flow": Fact(_("Priced corridors without a modelled flow"), int(priced.flow_usd.isna().sum()), "count", REMITTANCE_MATRIX_YEAR, BRM),
        "n_older": Fact(
            t("Corridors last priced before {period}", period=priced.period.max()), int((priced.period < priced.period.max()).sum()), "count", None, RPW
        ),
        "oldest": Fact(_("Oldest latest price"), priced.period.min(), "", None, RPW),
        "n_above_ceiling": Fact(_("Corridors above the ceiling"), int((priced.cost_pct > SDG_10C_CORRIDOR_CEILING_PCT).sum()), "count"),
        "n_above_target": Fact(_("Corridors at or above the target"), int((priced.cost_pct >= SDG_10C_TARGET_PCT).sum()), "count"),
        "periods": Fact(_("Quarters of the latest prices"), _period_range(priced.period), "", None, RPW),
        "highest": Fact(t("Highest cost: {corridor}, {period}", corridor=_label(high, place), period=high.period), high.cost_pct, "%", None, RPW),
        "lowest": Fact(t("Lowest cost: {corridor}, {period}", corridor=_label(low, place), period=low.period), low.cost_pct, "%", None, RPW),
        "weighted": weighted_cost_fact(frame),
    }
    f = facts
    n_target, n_ceiling = f["n_above_target"].value, f["n_above_ceiling"].value
    if len(priced) == 1:
        said = dict(into=into, corridor=_label(high, place), amount=SEND_AMOUNT_USD, cost=f["highest"].text, period=high.period)
        if n_ceiling:
            sentence = t("Remittance Prices Worldwide prices one corridor into {into}. From {corridor}, the latest cost of sending US${amount} "
                         "to {into} was {cost} ({period}). That is above the SDG 10.c ceiling of {ceiling}.", ceiling=f["ceiling"].text, **said)
        elif n_target:
            sentence = t("Remittance Prices Worldwide prices one corridor into {into}. From {corridor}, the latest cost of sending US${amount} "
                         "to {into} was {cost} ({period}). That is not within the SDG 10.c target of {bound}.",
                         bound=fmt.less_than(f["target"].value), **said)
        else:
            sentence = t("Remittance Prices Worldwide prices one corridor into {into}. From {corridor}, the latest cost of sending US${amount} "
                         "to {into} was {cost} ({period}). That is within the SDG 10.c target of {bound}.",
                         bound=fmt.less_than(f["target"].value), **said)
    else:
        if f["n_no_flow"].value:
            parts = [t("Remittance Prices Worldwide prices {corridors} into {into} ({no_flow} of them with no modelled flow in {year}).",
                       corridors=_corridors(len(priced)), into=into, no_flow=f["n_no_flow"].text, year=REMITTANCE_MATRIX_YEAR)]
        else:
            parts = [t("Remittance Prices Worldwide prices {corridors} into {into}.", corridors=_corridors(len(priced)), into=into)]
        ends = dict(amount=SEND_AMOUNT_USD, lowest=f["lowest"].text, low_corridor=_label(low, place), low_period=low.period,
                    highest=f["highest"].text, high_corridor=_label(high, place), high_period=high.period)
        if f["weighted"].missing:
            parts.append(t("The latest cost of sending US${amount} runs from {lowest} ({low_corridor}, {low_period}) "
                           "to {highest} ({high_corridor}, {high_period}).", **ends))
        else:
            parts.append(t("The latest cost of sending US${amount} runs from {lowest} ({low_corridor}, {low_period}) "
                           "to {highest} ({high_corridor}, {high_period}); weighted by the {year} flows, the average is {weighted}.",
                           year=REMITTANCE_MATRIX_YEAR, weighted=f["weighted"].text, **ends))
        above = dict(above_target=f["n_above_target"].text, target=f["target"].text, bound=fmt.less_than(f["target"].value),
                     above_ceiling=f["n_above_ceiling"].text, ceiling=f["ceiling"].text)
        if n_target == 1:
            parts.append(t("{above_target} of them costs {target} or more, outside the SDG 10.c target of {bound}, and {above_ceiling} "
                           "more than the {ceiling} that SDG 10.c sets as the most any corridor should cost.", **above))
        else:
            parts.append(t("{above_target} of them cost {target} or more, outside the SDG 10.c target of {bound}, and {above_ceiling} "
                           "more than the {ceiling} that SDG 10.c sets as the most any corridor should cost.", **above))
        if f["n_older"].value:
            parts.append(t("{older} of the prices are older than {period} (the oldest from {oldest}): read those corridors with care.",
                           older=f["n_older"].text, period=priced.period.max(), oldest=f["oldest"].text))
        sentence = " ".join(parts)
    chart = _costs_chart(place, priced, f, title, source)
    return Finding("scenario.corridor_costs", title, facts, sentence, charts=(chart,), tables=(_costs_table(place, priced, source),))


def _verdict(cost: float) -> str:
    if cost > SDG_10C_CORRIDOR_CEILING_PCT:
        return t("above the {ceiling} ceiling", ceiling=fmt.share(SDG_10C_CORRIDOR_CEILING_PCT))
    if cost >= SDG_10C_TARGET_PCT:
        return t("not within the SDG 10.c target of {bound}", bound=fmt.less_than(SDG_10C_TARGET_PCT))
    return t("within the SDG 10.c target of {bound}", bound=fmt.less_than(SDG_10C_TARGET_PCT))


def _flow_column() -> str:
    """The header of a corridor's modelled flow: ``Flow 2021 (modelled)``."""
    return t("Flow {year} (modelled)", year=REMITTANCE_MATRIX_YEAR)


def _cost_column() -> str:
    """The header of a corridor's cost: ``Cost of sending US$200``."""
    return t("Cost of sending US${amount}", amount=SEND_AMOUNT_USD)


def _corridor_units() -> dict[str, str]:
    return {_flow_column(): "US$", _cost_column(): "%"}


def _corridor_rows(place: Place, corridors: pd.DataFrame, priced: bool = True) -> tuple[pd.DataFrame, pd.DataFrame, str]:
    """The rows a corridor table shows (a group's largest ``MAX_ROWS_GROUP``), the columns every corridor
    table opens with (sender, receiver for a group, modelled flow, and for priced corridors the cost and
    its quarter), and the note on rows left out."""
    rows = corridors.head(MAX_ROWS_GROUP) if place.is_group else corridors
    out = pd.DataFrame({_("Sending country"): rows.sender})
    if place.is_group:
        out[_("Receiving country")] = rows.receiver
    out[_flow_column()] = rows.flow_usd
    if priced:
        out[_cost_column()], out[_("Quarter")] = rows.cost_pct, rows.period
    more = (" " + t("The {shown} largest of {count} priced corridors.", shown=MAX_ROWS_GROUP, count=fmt.count(len(corridors)))
            if priced and len(corridors) > len(rows) else "")
    return rows, out, more


def _costs_table(place: Place, priced: pd.DataFrame, source: str) -> Table:
    rows, out, more = _corridor_rows(place, priced)
    out[_("Against SDG 10.c")] = rows.cost_pct.map(_verdict)
    return Table(
        out.reset_index(drop=True),
        t("Latest cost per corridor into {into}, largest flows first", into=_into(place)),
        fmt.source_line(RPW, t("flows: {source}", source=BRM),
                        note=t("Cost: average total cost of sending US${amount}, latest quarter available.", amount=SEND_AMOUNT_USD) + more),
        index=False,
        units=_corridor_units(),
    )


ABOVE = style.PEERS[0]
"""Bars of corridors above the target (orange); above the ceiling they are hatched too."""


def _money_axis(largest: float) -> tuple[float, str]:
    """Divisor and unit for an axis of US$ amounts: billions or millions."""
    return (1e9, _("US$ billion")) if largest >= 2e9 else (1e6, _("US$ million"))


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
        t("{corridor}\n{amount} in {year}", corridor=_label(row, place), amount=fmt.money(row.flow_usd), year=REMITTANCE_MATRIX_YEAR)
        if pd.notna(row.flow_usd) else t("{corridor}\nflow not available", corridor=_label(row, place))
        for row in shown.itertuples()
    ]
    ax.set_yticks(y, labels, fontsize=8)
    ax.set_ylim(-0.6, len(shown) - 0.4)
    target = ax.axvline(SDG_10C_TARGET_PCT, color=style.TARGET, ls="--", lw=1.5)
    ceiling = ax.axvline(SDG_10C_CORRIDOR_CEILING_PCT, color=style.TARGET, ls=":", lw=1.8)
    handles = [
        Patch(color=style.COUNTRY, label=_("below the target")),
        Patch(color=ABOVE, label=_("at or above the target")),
        Patch(facecolor=ABOVE, hatch="///", edgecolor="white", label=_("above the corridor ceiling")),
        target, ceiling,
    ]
    target.set_label(t("SDG 10.c target: {bound}", bound=fmt.less_than(SDG_10C_TARGET_PCT)))
    ceiling.set_label(t("SDG 10.c corridor ceiling: {ceiling}", ceiling=fmt.share(SDG_10C_CORRIDOR_CEILING_PCT)))
    ax.legend(handles=handles, fontsize=8, loc="center left", bbox_to_anchor=(1.01, 0.5))
    ax.set_xlim(min(0, shown.cost_pct.min()), max(shown.cost_pct.max(), SDG_10C_CORRIDOR_CEILING_PCT) * 1.3)
    ax.set_xlabel(t("Average total cost of sending US${amount}, % of the amount (latest quarter)", amount=SEND_AMOUNT_USD))
    ax.grid(axis="y", visible=False)
    ax.set_axisbelow(True)
    fig.suptitle(title, x=0.01, ha="left", fontweight="bold")
    said = dict(amount=SEND_AMOUNT_USD, corridors=_priced_corridors(f["n_priced"].value), into=_into(place), target=f["target"].text,
                ceiling=f["ceiling"].text)
    if len(priced) > len(shown):
        f["n_drawn"] = Fact(_("Corridors drawn (largest flows)"), len(shown), "count")
        alt = t("Horizontal bar chart of the latest cost of sending US${amount} in the {drawn} largest (by {year} flow) of "
                "{corridors} into {into}, against dashed lines at the target ({target}) and the ceiling ({ceiling}).",
                drawn=f["n_drawn"].text, year=REMITTANCE_MATRIX_YEAR, **said)
    else:
        alt = t("Horizontal bar chart of the latest cost of sending US${amount} in {corridors} into {into}, against dashed lines "
                "at the target ({target}) and the ceiling ({ceiling}).", **said)
    fig.suptitle(title, x=0.01, ha="left", fontweight="bold")
    high, low = priced.loc[priced.cost_pct.idxmax()], priced.loc[priced.cost_pct.idxmin()]
    if len(priced) == 1:
        ends = t("{corridor}, {period}: {cost}.", corridor=_label(high, place), period=high.period, cost=f["highest"].text)
    else:
        ends = t("Highest: {high_corridor}, {high_period} at {highest}; lowest: {low_corridor}, {low_period} at {lowest}.",
                 high_corridor=_label(high, place), high_period=high.period, highest=f["highest"].text,
                 low_corridor=_label(low, place), low_period=low.period, lowest=f["lowest"].text)
    return style.render(fig, f"{alt} {ends}", source, data=shown)


# --- two averages of the cost ------------------------------------------------------------


def cost_averages(params: Parameters) -> Finding:
    """Finding ``scenario.cost_averages``: the flow-weighted average cost of sending money to the place
    beside the simple average that SDG 10.c.1 reports (the baseline of an indicator marked 10.c.1), and
    why they differ: the unweighted mean of the same corridors shows what the weighting alone does."""
    place = params.place
    frame = corridors_to(place, params.year)
    both = frame[frame.covered]
    simple = cost_to_country(place, place_series.remittances(place, params.year))
    into = _into(place)
    title = t("Two averages of the cost of sending US${amount} to {into}", amount=SEND_AMOUNT_USD, into=into)
    y = REMITTANCE_MATRIX_YEAR
    facts: dict[str, Fact] = {
        "simple": simple,
        "weighted": weighted_cost_fact(frame),
        "corridor_mean": Fact(_("Unweighted mean of the same corridors' latest prices"), both.cost_pct.mean() if len(both) else None, "%", None, RPW),
        "n_corridors": Fact(_("Corridors with a price and a modelled flow"), len(both), "count", None, f"{RPW}; {BRM}"),
        "coverage": Fact(t("Their share of the modelled {year} inflow", year=y), 100 * both.flow_usd.sum() / frame.flow_usd.sum() if len(both) else None,
                         "%", y, BRM),
    }
    f = facts
    if len(both):
        top = both.loc[both.flow_usd.idxmax()]
        f["top_share"] = Fact(t("Largest corridor's share of the priced flow: {corridor}", corridor=_label(top, place)),
                              100 * top.flow_usd / both.flow_usd.sum(), "%", y, BRM)
        f["top_cost"] = Fact(t("Latest cost from {corridor}, {period}", corridor=_label(top, place), period=top.period), top.cost_pct, "%", None, RPW)
        f["periods"] = Fact(_("Quarters of the latest corridor prices"), _period_range(both.period), "", None, RPW)
    if f["weighted"].missing:
        weighted_part = t("No corridor into {into} has both a price in Remittance Prices Worldwide and a modelled flow, "
                          "so no flow-weighted average can be computed.", into=into)
    else:
        said = dict(year=y, weighted=f["weighted"].text, corridors=_corridors(f["n_corridors"].value), coverage=f["coverage"].text)
        if f["n_corridors"].value > 1:
            weighted_part = t("Weighted by what each corridor carried in {year}, the latest corridor prices average {weighted} "
                              "({corridors}, {coverage} of the modelled inflow); unweighted, the same corridors average {mean}.",
                              mean=f["corridor_mean"].text, **said)
        else:
            weighted_part = t("Weighted by what each corridor carried in {year}, the latest corridor prices average {weighted} "
                              "({corridors}, {coverage} of the modelled inflow).", **said)
        if f["n_corridors"].value < 2:
            pass
        elif f["weighted"].text == f["corridor_mean"].text:
            weighted_part += " " + _("Weighting hardly moves the average: the corridors that carry most of the money cost about what the others do.")
        else:
            why = (t("Weighting moves the average because the corridors that carry most of the money are cheaper than the rest: "
                     "{corridor} carries {share} of the priced flow at {cost} ({period}).", corridor=_label(top, place),
                     share=f["top_share"].text, cost=f["top_cost"].text, period=top.period)
                   if f["weighted"].value < f["corridor_mean"].value else
                   t("Weighting moves the average because the corridors that carry most of the money are dearer than the rest: "
                     "{corridor} carries {share} of the priced flow at {cost} ({period}).", corridor=_label(top, place),
                     share=f["top_share"].text, cost=f["top_cost"].text, period=top.period))
            weighted_part += " " + why
    if place.is_group:
        sentence = weighted_part + " " + _("SDG 10.c.1, a simple average over the services priced into a country, is not computed for a group "
                                           "(a cost is not additive), so the flow-weighted average has no simple average beside it.")
    elif simple.missing:
        sentence = weighted_part + " " + t("The simple average that SDG 10.c.1 reports for {place} is {value}.", place=place.local_name,
                                           value=fmt.not_available())
    else:
        parts = [t("The baseline of an indicator marked SDG 10.c.1 is {value} for {place} in {year}: SDG 10.c.1 is a simple average over the "
                   "services priced into the country, each counted once however much money goes through its corridor.",
                   value=simple.text, place=place.local_name, year=simple.year), weighted_part]
        if not f["weighted"].missing:
            parts.append(t("The simple average also differs from the corridor prices in what it counts (every service, not every corridor) and "
                           "when ({year}, against corridor prices from {periods}).", year=simple.year, periods=f["periods"].text))
        parts.append(_("A plan that targets what households pay reads the weighted average; the SDG indicator is the simple one."))
        sentence = " ".join(parts)
    when = f["periods"].text if "periods" in f else fmt.not_available()
    average, value, what_it_averages = _("Average"), _("Value"), _("What it averages")
    rows = [
        {average: _("Simple average: SDG 10.c.1"), value: simple.value, _("When"): fmt.year(simple.year),
         what_it_averages: _("every service priced into the country, each counted once"), _("Source"): simple.source},
        {average: t("Weighted by {year} flows", year=y), value: f["weighted"].value, _("When"): when,
         what_it_averages: t("the latest price of each corridor with a modelled flow ({count}), weighted by its flow", count=f["n_corridors"].text),
         _("Source"): f["weighted"].source},
        {average: _("Unweighted, same corridors"), value: f["corridor_mean"].value, _("When"): when,
         what_it_averages: _("the same corridors' latest prices, each counted once"), _("Source"): RPW},
    ]
    if simple.missing and f["weighted"].missing:
        return Finding("scenario.cost_averages", title, facts, sentence)  # the sentence says neither exists: no empty table
    table = Table(pd.DataFrame(rows), title, fmt.source_line(COST, RPW, t("flows: {source}", source=BRM)), index=False, units={value: "%"})
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
    into = _into(place)
    title = t("Savings if sending money to {into} cost at most {target}", into=into, target=fmt.share(target))
    source = fmt.source_line(BRM, RPW)
    facts: dict[str, Fact] = {"target": Fact(t("Target cost of sending US${amount}", amount=SEND_AMOUNT_USD), target, "%")}
    if flows.empty:
        facts["inflow"] = Fact(t("Remittances received, all corridors (modelled, {year})", year=y), None, "US$", y, BRM)
        sentence = t("The Bilateral Remittance Matrix {year} has no estimate of remittances sent to {into}: "
                     "the savings at a cost of {target} cannot be estimated ({missing}).",
                     year=y, into=into, target=facts["target"].text, missing=fmt.not_available())
        chart = style.no_data_chart(title, t("No estimate of remittances to {into} in the Bilateral Remittance Matrix.", into=into), source)
        return Finding("scenario.savings", title, facts, sentence, charts=(chart,))
    inflow = flows.flow_usd.sum()
    receivers = flows.receiving_iso3.nunique()
    basis = t("sum over {n} of {count} countries", n=receivers, count=len(place.members)) if place.is_group else ""
    saving = covered.saving_usd.sum() if len(covered) else None
    above = covered[covered.saving_usd > 0].sort_values(["saving_usd", "sending_iso3"], ascending=[False, True])
    facts |= {
        "inflow": Fact(t("Remittances received, all corridors (modelled, {year})", year=y), inflow, "US$", y, BRM, basis),
        "n_corridors": Fact(_("Corridors with a modelled flow"), len(flows), "count", y, BRM),
        "n_covered": Fact(_("Corridors with a modelled flow and a price"), len(covered), "count", y, f"{BRM}; {RPW}"),
        "n_uncovered": Fact(_("Corridors without a price"), len(uncovered), "count", y, f"{BRM}; {RPW}"),
        "covered_inflow": Fact(_("Inflow through priced corridors"), covered.flow_usd.sum(), "US$", y, BRM),
        "coverage": Fact(_("Share of the inflow through priced corridors"), 100 * covered.flow_usd.sum() / inflow, "%", y, BRM),
        "uncovered_inflow": Fact(_("Inflow through corridors without a price"), uncovered.flow_usd.sum(), "US$", y, BRM),
        "uncovered_share": Fact(_("Share of the inflow through corridors without a price"), 100 * uncovered.flow_usd.sum() / inflow, "%", y, BRM),
        "n_above_target": Fact(_("Priced corridors above the target"), len(above), "count", None, RPW),
        "savings": Fact(
            _("Yearly savings at the target cost, priced corridors"), saving, "US$", y, f"{BRM}; {RPW}",
            _("sum of flow x (cost - target) / 100 over priced corridors above the target"),
        ),
    }
    if saving is not None:
        facts["savings_share"] = Fact(_("Savings as a share of the inflow"), 100 * saving / inflow, "%", y)
        facts["fees_now"] = Fact(
            _("Estimated cost paid now on priced corridors"), (covered.flow_usd * covered.cost_pct.clip(lower=0) / 100).sum(), "US$", y
        )
    named = []
    for i, row in enumerate(above.head(top).itertuples()):
        name = _label(row, place)
        facts[f"top{i}"] = Fact(t("Saving, {corridor}", corridor=name), row.saving_usd, "US$", y, f"{BRM}; {RPW}")
        facts[f"top{i}_cost"] = Fact(t("Cost, {corridor}, {period}", corridor=name, period=row.period), row.cost_pct, "%", None, RPW)
        named.append(t("{corridor} ({cost} in {period}, saving {saving})", corridor=name, cost=facts[f"top{i}_cost"].text, period=row.period,
                       saving=facts[f"top{i}"].text))
    f = facts
    sentence = _savings_sentence(place, f, named, uncovered)
    charts = (_savings_chart(place, covered, above, f, title, source),)
    tables = ((_savings_table(place, covered, target, f),) if len(covered) else ()) + (
        (_uncovered_table(place, uncovered, inflow),) if len(uncovered) else ()
    )
    return Finding("scenario.savings", title, facts, sentence, charts=charts, tables=tables)


def _savings_sentence(place: Place, f: dict[str, Fact], named: list[str], uncovered: pd.DataFrame) -> str:
    """The savings finding's sentence; ``named``: the corridors with the largest savings, as the sentence lists them."""
    inflow = dict(inflow=f["inflow"].text, into=_into(place), year=f["inflow"].year)
    if f["savings"].missing:
        parts = [t("None of the {n} corridors carrying the {inflow} sent to {into} in {year} (modelled) has a price in Remittance Prices "
                   "Worldwide: the savings at a cost of {target} cannot be estimated from corridor costs.",
                   n=f["n_corridors"].text, target=f["target"].text, **inflow)]
    elif f["savings"].value == 0:
        said = dict(target=f["target"].text, covered_inflow=f["covered_inflow"].text, coverage=f["coverage"].text, **inflow)
        if f["n_covered"].value == 1:
            parts = [t("Every priced corridor into {into} already costs at most {target}: at that cost, households would save nothing on the "
                       "{covered_inflow} sent through the one priced corridor, {coverage} of the {inflow} sent to {into} in {year} (modelled).",
                       **said)]
        else:
            parts = [t("Every priced corridor into {into} already costs at most {target}: at that cost, households would save nothing on the "
                       "{covered_inflow} sent through the {corridors}, {coverage} of the {inflow} sent to {into} in {year} (modelled).",
                       corridors=_priced_corridors(f["n_covered"].value), **said)]
    else:
        parts = [t("If every priced corridor into {into} cost at most {target}, households would save about {savings} a year, "
                   "{share} of the {inflow} sent to {into} in {year} (modelled).",
                   target=f["target"].text, savings=f["savings"].text, share=f["savings_share"].text, **inflow)]
        carried = dict(covered_inflow=f["covered_inflow"].text, coverage=f["coverage"].text, fees=f["fees_now"].text, named=fmt.listing(named))
        n_above = f["n_above_target"].value
        if f["n_covered"].value == 1:
            parts.append(t("The one priced corridor carries {covered_inflow} ({coverage} of the inflow), on which the latest prices mean fees "
                           "of about {fees} a year; it costs more than the target: {named}.", **carried))
        else:
            carried |= dict(n_covered=f["n_covered"].text, n_above=f["n_above_target"].text)
            if len(named) == n_above and n_above == 1:
                parts.append(t("The {n_covered} priced corridors carry {covered_inflow} ({coverage} of the inflow), on which the latest prices "
                               "mean fees of about {fees} a year; {n_above} of them costs more than the target: {named}.", **carried))
            elif len(named) == n_above:
                parts.append(t("The {n_covered} priced corridors carry {covered_inflow} ({coverage} of the inflow), on which the latest prices "
                               "mean fees of about {fees} a year; {n_above} of them cost more than the target: {named}.", **carried))
            elif n_above == 1:
                parts.append(t("The {n_covered} priced corridors carry {covered_inflow} ({coverage} of the inflow), on which the latest prices "
                               "mean fees of about {fees} a year; {n_above} of them costs more than the target, the largest savings being {named}.",
                               **carried))
            else:
                parts.append(t("The {n_covered} priced corridors carry {covered_inflow} ({coverage} of the inflow), on which the latest prices "
                               "mean fees of about {fees} a year; {n_above} of them cost more than the target, the largest savings being {named}.",
                               **carried))
    if uncovered.empty:
        parts.append(_("Every corridor with a modelled flow has a price."))
        return " ".join(parts)
    largest = fmt.listing([_label(r, place) for r in uncovered.head(3).itertuples()])
    if f["savings"].missing:
        parts.append(t("The largest of these corridors: {largest}.", largest=largest))
    else:
        parts.append(t("The other {n} corridors carry {amount} ({share} of the inflow) and have no price: they are not counted "
                       "in the savings (the largest: {largest}).", n=f["n_uncovered"].text, amount=f["uncovered_inflow"].text,
                       share=f["uncovered_share"].text, largest=largest))
    return " ".join(parts)


def _savings_table(place: Place, covered: pd.DataFrame, target: float, f: dict[str, Fact]) -> Table:
    rows, out, more = _corridor_rows(place, covered.sort_values(["saving_usd", "flow_usd"], ascending=False))
    saving = _("Saving per year")
    out[saving] = rows.saving_usd
    return Table(
        out.reset_index(drop=True),
        t("Savings per corridor at a cost of {target}, {place} (total {savings})", target=fmt.share(target), place=place.local_name,
          savings=f["savings"].text),
        fmt.source_line(
            BRM, RPW,
            note=t("Saving = flow x (cost - {target}) / 100 where the cost is above it; 0 where it is not.", target=fmt.share(target)) + more,
        ),
        index=False,
        units=_corridor_units() | {saving: "US$"},
    )


def _uncovered_table(place: Place, uncovered: pd.DataFrame, inflow: float) -> Table:
    rows, out, _more = _corridor_rows(place, uncovered, priced=False)
    share, flow = _("Share of the inflow"), _flow_column()
    out[share] = 100 * rows.flow_usd / inflow
    rest = uncovered.iloc[len(rows):]
    if len(rest):
        other = {_("Sending country"): t("{count} other corridors", count=fmt.count(len(rest)))} | ({_("Receiving country"): ""} if place.is_group else {})
        other |= {flow: rest.flow_usd.sum(), share: 100 * rest.flow_usd.sum() / inflow}
        out = pd.concat([out, pd.DataFrame([other])])
    return Table(
        out.reset_index(drop=True),
        t("Corridors into {into} with no price in Remittance Prices Worldwide (not counted in the savings)", into=_into(place)),
        fmt.source_line(BRM, RPW),
        index=False,
        units={flow: "US$", share: "%"},
    )


def _savings_chart(place: Place, covered: pd.DataFrame, above: pd.DataFrame, f: dict[str, Fact], title: str, source: str) -> Chart:
    if f["savings"].missing:
        return style.no_data_chart(
            title, t("No corridor into {into} has a price: the savings cannot be estimated from corridor costs.", into=_into(place)), source
        )
    target = f["target"].value
    shown = above.head(MAX_BARS).iloc[::-1]
    fig, (_ax,) = style.new_figure(width=10, height=2.9 + 0.36 * max(len(shown), 2))
    _ax.remove()
    top, ax = fig.subplots(2, 1, gridspec_kw={"height_ratios": [1.1, max(len(shown), 2)]})
    parts = [
        (t("priced, above {target}", target=fmt.share(target)), covered[covered.cost_pct > target].flow_usd.sum(), ABOVE),
        (t("priced, at or below {target}", target=fmt.share(target)), covered[covered.cost_pct <= target].flow_usd.sum(), style.COUNTRY),
        (_("no price (not counted)"), f["uncovered_inflow"].value, style.NEUTRAL),
    ]
    divisor, unit = _money_axis(f["inflow"].value)
    left = 0.0
    for label, value, colour in parts:
        if not value:
            continue
        top.barh(0, value / divisor, left=left, color=colour, height=0.6, label=t("{part}: {amount}", part=label, amount=fmt.money(value)),
                 edgecolor="white")
        left += value / divisor
    top.set_xlim(0, left)
    top.set_yticks([])
    top.set_xlabel(t("{unit}, {year} (modelled)", unit=unit, year=REMITTANCE_MATRIX_YEAR), fontsize=8)
    top.tick_params(axis="x", labelsize=8)
    top.grid(False)
    top.set_title(t("Where the inflow of {inflow} goes through", inflow=f["inflow"].text), fontsize=10)
    top.legend(fontsize=8, loc="center left", bbox_to_anchor=(1.01, 0.5))
    if shown.empty:
        ax.axis("off")
        ax.text(0, 0.5, t("Every priced corridor already costs at most {target}: no saving.", target=fmt.share(target)), fontsize=10, color="#444444")
    else:
        divisor, unit = _money_axis(shown.saving_usd.max())
        ax.barh(range(len(shown)), shown.saving_usd / divisor, color=ABOVE, height=0.6)
        ax.set_yticks(range(len(shown)), [t("{corridor} ({cost} in {period})", corridor=_label(r, place), cost=fmt.share(r.cost_pct), period=r.period)
                                          for r in shown.itertuples()], fontsize=8)
        for i, row in enumerate(shown.itertuples()):
            ax.text(row.saving_usd / divisor, i, f" {fmt.money(row.saving_usd)}", va="center", fontsize=8)
        ax.set_xlim(0, shown.saving_usd.max() / divisor * 1.3)
        ax.set_ylim(-0.6, max(len(shown), 2) - 0.4)
        ax.set_xlabel(t("{unit} a year", unit=unit))
        ax.grid(axis="y", visible=False)
        ax.set_axisbelow(True)
        if len(above) > len(shown):
            ax.set_title(t("Savings per corridor at {target}, the {n} largest (total {savings} a year)", target=fmt.share(target), n=len(shown),
                           savings=f["savings"].text), fontsize=10)
        else:
            ax.set_title(t("Savings per corridor at {target} (total {savings} a year)", target=fmt.share(target), savings=f["savings"].text), fontsize=10)
    fig.suptitle(title, x=0.01, ha="left", fontweight="bold")
    alt = t("Two bar charts. Top: of the {inflow} sent to {into} in {year} (modelled), {covered_inflow} goes through priced corridors and "
            "{uncovered_inflow} ({uncovered_share}) through corridors without a price. Below: savings per corridor at a cost of "
            "{target}, {savings} a year in total.", inflow=f["inflow"].text, into=_into(place), year=f["inflow"].year,
            covered_inflow=f["covered_inflow"].text, uncovered_inflow=f["uncovered_inflow"].text, uncovered_share=f["uncovered_share"].text,
            target=f["target"].text, savings=f["savings"].text)
    return style.render(fig, alt, source, data=shown)


# --- sensitivity --------------------------------------------------------------------------


def sensitivity(params: Parameters, target_pct: float = SDG_10C_TARGET_PCT) -> Finding:
    """Finding ``scenario.sensitivity``: the unpriced corridors priced at the receiving country's
    SDG 10.c.1 average; shown apart from the savings, never added to them silently."""
    target = _validate_target(target_pct)
    place = params.place
    frame = corridors_to(place, params.year).dropna(subset=["flow_usd"])
    uncovered = frame[~frame.covered]
    name = place.local_name
    title = t("Sensitivity: corridors without a price, {place}", place=name)
    source = fmt.source_line(BRM, COST)
    y = REMITTANCE_MATRIX_YEAR
    facts: dict[str, Fact] = {
        "target": Fact(t("Target cost of sending US${amount}", amount=SEND_AMOUNT_USD), target, "%"),
        "uncovered_inflow": Fact(_("Inflow through corridors without a price"), uncovered.flow_usd.sum() if len(frame) else None, "US$", y, BRM),
    }
    if uncovered.empty:
        sentence = (
            t("The Bilateral Remittance Matrix {year} has no estimate of remittances sent to {into}: there is no "
              "unpriced corridor to test.", year=y, into=_into(place)) if frame.empty
            else t("Every corridor into {into} with a modelled flow has a price: no sensitivity is needed.", into=_into(place))
        )
        return Finding("scenario.sensitivity", title, facts, sentence)
    money = load("remittances")
    latest = latest_rows(money[money.iso3.isin(place.members)], "cost_to_country_pct", params.year).set_index("iso3")
    average, years = latest.cost_to_country_pct, latest.year
    by_receiver = uncovered.groupby("receiving_iso3").flow_usd.sum()
    with_average = by_receiver[by_receiver.index.isin(average.index)]
    extra = (with_average * (average.reindex(with_average.index) - target).clip(lower=0) / 100).sum()
    facts["extra"] = Fact(
        _("Sensitivity: further yearly savings if unpriced corridors cost the country average"),
        extra if len(with_average) else None, "US$", y, f"{BRM}; {COST}",
        "" if not place.is_group else t("sum over {n} of {count} countries with unpriced corridors", n=len(with_average), count=len(by_receiver)),
    )
    facts["priced_by_average"] = Fact(_("Unpriced inflow that a country average can price"), with_average.sum(), "US$", y, BRM)
    f = facts
    if not place.is_group:
        facts["average"] = Fact(
            t("Average cost of sending US${amount} to {place} (SDG 10.c.1)", amount=SEND_AMOUNT_USD, place=name),
            average.iloc[0] if len(average) else None, "%", int(years.iloc[0]) if len(years) else None, COST,
        )
        if f["average"].missing:
            sentence = t("The {inflow} sent to {place} through corridors without a price cannot be priced another way either: the average "
                         "cost of sending money to {place} (SDG 10.c.1) is {missing}.", inflow=f["uncovered_inflow"].text, place=name,
                         missing=fmt.not_available())
        elif f["average"].value <= target:
            sentence = t("Sensitivity: the average cost of sending money to {place} ({average}, SDG 10.c.1 in {year}) is already at or below "
                         "{target}, so pricing the {inflow} sent through corridors without a price at that average adds no saving.",
                         place=name, average=f["average"].text, year=f["average"].year, target=f["target"].text, inflow=f["uncovered_inflow"].text)
        else:
            sentence = t("Sensitivity, not included in the savings above: if the {inflow} sent through corridors without a price cost the "
                         "country average of {average} (SDG 10.c.1 in {year}), bringing them to {target} would save a further {extra} a year. "
                         "The average mixes every corridor, cheap large ones included, so this is a rough stand-in.",
                         inflow=f["uncovered_inflow"].text, average=f["average"].text, year=f["average"].year, target=f["target"].text,
                         extra=f["extra"].text)
    else:
        sentence = t("Sensitivity, not included in the savings above: pricing each member country's corridors without a price at that "
                     "country's own average cost (SDG 10.c.1 in its latest year), and bringing them to {target}, would save a further "
                     "{extra} a year ({basis}; {priced} of the {inflow} unpriced inflow has such an average).",
                     target=f["target"].text, extra=f["extra"].text, basis=f["extra"].basis, priced=f["priced_by_average"].text,
                     inflow=f["uncovered_inflow"].text)
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
    lines = [
        t("**How the estimate is made** (for {into}, reference year {year})", into=into, year=params.year),
        "",
        "1. " + t("**Flows.** For every country that sends money to {into}, the World Bank/KNOMAD Bilateral Remittance Matrix "
                  "(December 2022 version) gives a modelled estimate of what was sent in {year}, in US$. It is built from migrant "
                  "stocks and incomes, not from observed transfers.", into=into, year=REMITTANCE_MATRIX_YEAR),
        "2. " + t("**Costs.** For each of those corridors, the World Bank's Remittance Prices Worldwide gives the average total cost (fees "
                  "plus the exchange-rate margin) of sending US${amount}, per quarter. The latest quarter available at or before "
                  "{year} is used, and the tables name it; the data run from {first} to {last}, so a corridor may be priced in an older "
                  "quarter than another.", amount=SEND_AMOUNT_USD, year=params.year, first=first, last=last),
        "3. " + t("**Saving per corridor** = flow x (cost - target) / 100 where the cost is above the target; a corridor already at or "
                  "below the target saves nothing. The target is {target}, the bound of the SDG 10.c target ({bound}), unless you move "
                  "the slider at the end of the notebook.", target=fmt.share(SDG_10C_TARGET_PCT, digits=0), bound=fmt.less_than(SDG_10C_TARGET_PCT)),
        "4. " + _("**Corridors without a price** are not counted. The notebook names them and says how much of the inflow they carry. "
                  "A separate sensitivity prices them at the receiving country's average cost (SDG 10.c.1); it is shown apart and never "
                  "added to the total."),
        "5. " + _("**Groups** (the world, a region, an income group): corridors into every member country are summed, corridors between "
                  "members included, since households in the receiving member gain."),
        "",
        _("**What to keep in mind**"),
        "",
        "- " + t("Costs are for sending US${amount}. Larger transfers usually cost less as a share of the amount, and many transfers are "
                 "larger, so the savings are an **upper bound**.", amount=SEND_AMOUNT_USD),
        "- " + t("The flows are modelled {year} estimates and the costs come from quarters up to {last}: the two do not describe the same "
                 "year, and neither is a forecast.", year=REMITTANCE_MATRIX_YEAR, last=last),
        "- " + _("Money sent through informal channels (cash carried home, hawala) has no price here."),
        "- " + _("No household survey is used: the estimate says how much less senders as a whole would pay, not which households gain, "
                 "nor whether women or men send or receive the money."),
    ]
    return Text("\n".join(lines))
