"""Stage 4, resourcing: the plan's cost (unit cost x quantity) by outcome, output, institution and
year; gender budget tagging with the OECD DAC gender equality marker; funding and the gap by
year; a capacity-development plan drawn from the Stage 1 capacity scores."""

from __future__ import annotations

import pandas as pd

from ..constants import GENDER_MARKER_LABELS
from ..inputs.planning import split_list
from ..inputs.templates import CAPACITY_SCALE
from ..render import format as fmt
from ..render import style
from .base import Fact, Finding
from .capacity import SCORE, capacity_scores
from .plan import PlanFinding, template
from .priorities import GENDER_WORDS

LOW_CAPACITY = 1
"""Capacity questions scored at or below this (on 0-4) come first in the capacity-development plan."""


def cost_lines(params) -> pd.DataFrame:
    """Cost lines with their cost (unit cost x quantity), output, outcome and institution names."""
    costs = template(params, "costs").copy()
    results = template(params, "results").set_index("result_id")
    names = template(params, "stakeholders").set_index("stakeholder_id").stakeholder
    costs["cost_usd"] = costs.unit_cost_usd * costs.quantity
    costs["outcome_id"] = costs.output_id.map(results.parent_id)
    costs["outcome"] = costs.outcome_id.map(results.statement)
    costs["output"] = costs.output_id.map(results.statement)
    costs["institution_name"] = costs.institution.map(names)
    return costs


def money(value: float) -> Fact:
    return Fact("", value, "US$")


def totals(params) -> Finding:
    """Finding ``costing.totals``: the plan's cost by outcome and output."""
    costs = cost_lines(params)
    by_outcome = costs.groupby(["outcome_id", "outcome"]).cost_usd.sum().sort_values(ascending=False)
    total = costs.cost_usd.sum()
    (top_id, top_name), top_cost = by_outcome.index[0], by_outcome.iloc[0]
    years = sorted(costs.year.unique())
    f = PlanFinding(params, "costing.totals", "Cost by outcome and output")
    cost, top, share = f.fact("total", "Total cost", total, "US$"), f.fact("top", f"Cost of {top_id}", top_cost, "US$"), f.fact("top_share", f"Share of {top_id}", 100 * top_cost / total, "%")
    first, last = f.fact("first", "First year", int(years[0]), "year"), f.fact("last", "Last year", int(years[-1]), "year")
    lines = f.count("lines", "Cost lines", len(costs))
    f.say(f"The plan costs {cost.text} over {first.text}-{last.text} ({lines.text} cost lines, unit cost x quantity); "
          f"the largest outcome is {top_id}, '{top_name}', with {top.text} ({share.text}).")
    table = costs.groupby(["outcome_id", "output_id", "output"]).cost_usd.sum().reset_index()
    table = table.rename(columns={"outcome_id": "Outcome", "output_id": "Output", "output": "Output statement", "cost_usd": "Cost"})
    pivot = costs.pivot_table(index="outcome_id", columns="year", values="cost_usd", aggfunc="sum", fill_value=0).iloc[::-1]
    names = costs.groupby("outcome_id").outcome.first()
    pivot.index = [style.wrap(f"{i} {names[i]}", 32) for i in pivot.index]  # the id with its statement, whole
    fig, (ax,) = style.new_figure(width=9, height=max(3.6, 0.8 * len(pivot) + 1.4))
    ax.tick_params(axis="y", labelsize=9)
    left = pd.Series(0.0, index=pivot.index)
    for k, year in enumerate(pivot.columns):
        ax.barh(pivot.index, pivot[year], left=left, color=style.PEERS[k % len(style.PEERS)], label=str(year))
        left += pivot[year]
    style.thousands(ax, "x")
    ax.set_xlabel("US$")
    ax.set_title("Cost by outcome and year")
    ax.legend(fontsize=8)
    ax.grid(axis="y", visible=False)
    f.chart(fig, "Stacked bars of cost by outcome and year")
    f.table(table, "Cost by output (US$)", units={"Cost": "US$"})
    return f.finding()


def by_institution(params) -> Finding:
    """Finding ``costing.by_institution``: cost by institution and year."""
    costs = cost_lines(params)
    pivot = costs.pivot_table(index="institution_name", columns="year", values="cost_usd", aggfunc="sum", fill_value=0)
    pivot["Total"] = pivot.sum(axis=1)
    pivot = pivot.sort_values("Total", ascending=False)
    by_year = costs.groupby("year").cost_usd.sum()
    top = pivot.index[0]
    f = PlanFinding(params, "costing.by_institution", "Cost by institution and year")
    institutions, top_cost = f.count("institutions", "Institutions spending", len(pivot)), f.fact("top", f"Cost through {top}", pivot.Total.iloc[0], "US$")
    years = ", ".join(f"{y}: {f.fact(f'year:{y}', f'Cost in {y}', v, 'US$', int(y)).text}" for y, v in by_year.items())
    f.name("top_name", [top])
    f.say(f"{institutions.text} institutions spend the budget; the largest share goes through {top} ({top_cost.text}). By year: {years}.")
    table = pivot.rename_axis("Institution")
    table.columns = [str(c) for c in table.columns]
    f.table(table, "Cost by institution and year (US$)", index=True, units={c: "US$" for c in table.columns})
    return f.finding()


def gender_marker(params) -> Finding:
    """Finding ``costing.gender_marker``: the budget by OECD DAC gender equality marker; shares targeted (2) and mainstreamed (1)."""
    costs = cost_lines(params)
    total = costs.cost_usd.sum()
    by_marker = costs.groupby("gender_marker").cost_usd.sum().reindex(list(GENDER_MARKER_LABELS), fill_value=0)
    f = PlanFinding(params, "costing.gender_marker", "Gender budget tagging")
    share = {m: f.fact(f"marker:{m}", f"Marker {m} share", 100 * v / total, "%") for m, v in by_marker.items()}
    amount = {m: f.fact(f"amount:{m}", f"Marker {m} amount", v, "US$") for m, v in by_marker.items()}
    indicators = template(params, "indicators")
    by_sex = set(indicators[indicators.by_sex == "yes"].result_id)
    tagged = sorted(set(costs[costs.gender_marker > 0].output_id))
    unmeasured = f.name("unmeasured", [o for o in tagged if o not in by_sex])
    f.say(f"By the OECD DAC gender equality marker, {share[2].text} of the budget ({amount[2].text}) targets gender equality as its "
          f"principal objective (marker 2), {share[1].text} ({amount[1].text}) mainstreams it (marker 1) and {share[0].text} "
          f"({amount[0].text}) does not target it (marker 0). Outputs tagged 1 or 2 without an output indicator by sex, so the "
          f"tag cannot be checked later: {fmt.listing(unmeasured)}. Marker-1 money is not money spent on gender equality: only "
          "part of a marker-1 line serves the gender objective, so the two shares are never added (the marker is a qualitative "
          "instrument, not a measure of spending).")
    fig, (ax,) = style.new_figure(height=3.0)
    left = 0.0
    colours = {0: style.NEUTRAL, 1: style.PEERS[1], 2: style.COUNTRY}
    for m, v in by_marker.items():
        ax.barh(["Budget"], [100 * v / total], left=left, color=colours[m], label=GENDER_MARKER_LABELS[m])
        left += 100 * v / total
    ax.set_xlim(0, 100)
    ax.set_xlabel("% of the plan's cost")
    ax.set_title("Gender budget tagging (OECD DAC gender equality marker)")
    ax.legend(fontsize=8, ncols=3, loc="upper center", bbox_to_anchor=(0.5, -0.55))
    f.chart(fig, "Stacked bar of the budget by gender marker")
    table = costs[["cost_id", "output_id", "item", "year", "cost_usd", "gender_marker"]].copy()
    table["gender_marker"] = table.gender_marker.map(GENDER_MARKER_LABELS)
    table = table.rename(columns={"cost_id": "Id", "output_id": "Output", "item": "Item", "year": "Year", "cost_usd": "Cost", "gender_marker": "Gender marker"})
    f.table(table, "Cost lines and their gender marker", units={"Cost": "US$"})
    return f.finding()


def funding_gap(params) -> Finding:
    """Finding ``costing.funding_gap``: cost, committed and pledged funding, and the gap by year."""
    costs = cost_lines(params).groupby("year").cost_usd.sum()
    funding = template(params, "funding")
    pledged = funding.pivot_table(index="year", columns="status", values="amount_usd", aggfunc="sum", fill_value=0)
    years = sorted(set(costs.index) | set(pledged.index))
    table = pd.DataFrame(index=pd.Index(years, name="Year"))
    table["Cost"] = costs.reindex(years, fill_value=0)
    table["Committed"] = pledged.get("committed", pd.Series(dtype=float)).reindex(years, fill_value=0)
    table["Pledged"] = pledged.get("pledged", pd.Series(dtype=float)).reindex(years, fill_value=0)
    table["Gap after committed"] = (table.Cost - table.Committed).clip(lower=0)
    table["Gap if pledges come"] = (table.Cost - table.Committed - table.Pledged).clip(lower=0)
    f = PlanFinding(params, "costing.funding_gap", "Funding and the funding gap")
    gap = f.fact("gap", "Gap after committed funding", table["Gap after committed"].sum(), "US$")
    gap_pledged = f.fact("gap_pledged", "Gap if every pledge is paid", table["Gap if pledges come"].sum(), "US$")
    cost = f.fact("cost", "Total cost", table.Cost.sum(), "US$")
    by_year = ", ".join(f"{y}: {f.fact(f'gap:{y}', f'Gap in {y}', v, 'US$', int(y)).text}" for y, v in table["Gap after committed"].items())
    f.say(f"Of {cost.text}, committed funding leaves a gap of {gap.text} ({by_year}); if every pledge is paid the gap is {gap_pledged.text}.")
    fig, (ax,) = style.new_figure()
    x = range(len(years))
    ax.bar([i - 0.2 for i in x], table.Cost, width=0.4, color=style.NEUTRAL, label="Cost")
    ax.bar([i + 0.2 for i in x], table.Committed, width=0.4, color=style.COUNTRY, label="Committed")
    ax.bar([i + 0.2 for i in x], table.Pledged, width=0.4, bottom=table.Committed, color=style.PEERS[1], label="Pledged")
    ax.set_xticks(list(x), [str(y) for y in years])
    style.thousands(ax)
    ax.set_ylabel("US$")
    ax.set_title("Cost and funding by year")
    ax.legend(fontsize=8)
    f.chart(fig, "Bars of cost and funding by year")
    f.table(table, "Cost, funding and gap by year (US$)", index=True, units={c: "US$" for c in table.columns})
    sources = funding.rename(columns={"funding_id": "Id", "source": "Source", "year": "Year", "amount_usd": "Amount", "status": "Status"})
    f.table(sources, "Funding sources", units={"Amount": "US$"})
    return f.finding()


def capacity_plan(params) -> Finding:
    """Finding ``costing.capacity_plan``: capacity development drawn from the Stage 1 self-assessment (0-4), weakest first."""
    answers = template(params, "capacity_self_assessment")
    scores = capacity_scores(params)
    low = answers[answers.score <= LOW_CAPACITY].sort_values(["score", "domain_code"])
    low = low.assign(Domain=low.domain_code.map(scores.Domain))
    weakest = scores.dropna(subset=[SCORE]).sort_values([SCORE, "Domain"]).iloc[0]
    f = PlanFinding(params, "costing.capacity_plan", "Capacity-development plan")
    n_low, questions = f.count("low", "Capacity questions scored low", len(low)), f.count("questions", "Capacity questions", len(answers))
    weakest_score, threshold = f.fact("weakest", weakest.Domain, weakest[SCORE], "score"), f.count("threshold", "Low score threshold", LOW_CAPACITY)
    top, bottom = f.count("top", "Top of the scale", CAPACITY_SCALE[1]), f.count("bottom", "Bottom of the scale", CAPACITY_SCALE[0])
    f.say(f"{n_low.text} of the {questions.text} capacity questions of Stage 1 score {threshold.text} or less on the {bottom.text}-{top.text} "
          f"scale: they come first in the capacity-development plan; the weakest domain is {weakest.Domain} ({weakest_score.text}). "
          "Cost the actions for them as lines of the outputs they serve.")
    table = low[["Domain", "question", "score", "evidence"]].rename(columns={"question": "Capacity to build", "score": "Score now", "evidence": "Evidence"})
    table.insert(0, "Order", range(1, len(table) + 1))
    f.table(table.fillna(fmt.NOT_AVAILABLE), "Capacity to build first (lowest Stage 1 scores)")
    return f.finding()


MARKER_CRITERIA = (
    "Gender analysis (Stage 1 gender finding)",
    "Gender-equality objective",
    "Gender-specific indicator",
    "Sex-disaggregated data",
    "Commitment to report by sex",
)
"""The OECD DAC minimum criteria for a marker of 1 or 2 (GENDERNET 2016), checked per output from the plan's own inputs."""


def marker_evidence(params) -> Finding:
    """Finding ``costing.marker_evidence``: for each output with a cost line tagged 1 or 2, the OECD DAC minimum
    criteria met by the plan's inputs, and what is missing."""
    costs = cost_lines(params)
    results = template(params, "results").set_index("result_id")
    indicators = template(params, "indicators")
    priorities = template(params, "priorities").set_index("priority_id")
    rows = []
    for output, lines in costs[costs.gender_marker > 0].groupby("output_id", sort=True):
        outcome = results.at[output, "parent_id"]
        priority = results.at[outcome, "priority_id"]
        cited = split_list(priorities.at[priority, "finding_ids"]) if priority in priorities.index else []
        own = indicators[indicators.result_id.isin([output, outcome])]
        met = (
            any(i.startswith("gender.") for i in cited),
            bool(GENDER_WORDS.search(results.at[output, "statement"]) or GENDER_WORDS.search(results.at[outcome, "statement"])),
            any(GENDER_WORDS.search(text) for text in own.indicator),
            bool((own.by_sex == "yes").any()),
            bool(((own.by_sex == "yes") & own.frequency.notna() & own.responsible.notna()).any()),
        )
        missing = [c for c, ok in zip(MARKER_CRITERIA, met) if not ok]
        rows.append({"Output": output, "Marker": int(lines.gender_marker.max()), **{c: "yes" if ok else "no" for c, ok in zip(MARKER_CRITERIA, met)},
                     "Missing": "; ".join(missing) or fmt.NOT_APPLICABLE})
    rows = pd.DataFrame(rows, columns=["Output", "Marker", *MARKER_CRITERIA, "Missing"])
    f = PlanFinding(params, "costing.marker_evidence", "Evidence for the gender marker")
    tagged = f.count("tagged", "Outputs with a line tagged 1 or 2", len(rows))
    complete = f.count("complete", "Outputs meeting every minimum criterion", (rows.Missing == fmt.NOT_APPLICABLE).sum())
    n_criteria = f.count("criteria", "OECD DAC minimum criteria checked", len(MARKER_CRITERIA))
    gaps = f.name("gaps", [f"{r.Output} (missing: {r.Missing.lower()})" for r in rows.itertuples() if r.Missing != fmt.NOT_APPLICABLE])
    f.say(f"{complete.text} of the {tagged.text} outputs tagged 1 or 2 meet all {n_criteria.text} OECD DAC minimum criteria in the "
          f"plan's own inputs; to evidence or re-tag: {fmt.listing(gaps)}.", "criteria: the minimum criteria of the OECD DAC gender equality policy marker")
    f.table(rows, "OECD DAC minimum criteria per output tagged 1 or 2 (the highest marker of its cost lines)")
    return f.finding()
