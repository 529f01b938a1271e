"""Planning-logic checks across templates that the cell rules and id links cannot see: dates and
money against the ``plan`` sheet (the period, the currency, the risk scale), milestones,
finish-to-start dependencies (a cycle refused), statuses with actual dates, monitoring after the
baseline; and coverage flags (an output without an indicator, an activity or a cost), which are
notes, not errors.
"""

from __future__ import annotations

import pandas as pd

from ..constants import RISK_SCALE_DEFAULT
from .planning import Located, split_list

USD = "USD"
VNR_YEARS = (2016, 2100)
"""Voluntary National Reviews are presented at the HLPF from 2016, the first year of SDG follow-up."""


def plan_row(plan: dict[str, pd.DataFrame]) -> pd.Series | None:
    """The plan sheet's one row (None without a plan sheet)."""
    frame = plan.get("plan")
    return None if frame is None or len(frame) != 1 else frame.iloc[0]


def risk_scale(plan: dict[str, pd.DataFrame]) -> int:
    row = plan_row(plan)
    return int(row.risk_scale) if row is not None else RISK_SCALE_DEFAULT


def dependency_cycle(acts: pd.DataFrame) -> list[str]:
    """The activity ids of one cycle of ``depends_on`` (empty when there is none)."""
    after = {a: split_list(d) for a, d in zip(acts.activity_id, acts.depends_on)}
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str]:
        state[node] = 1
        stack.append(node)
        for nxt in after.get(node, []):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt):] + [nxt]
            if nxt in after and not state.get(nxt):
                found = visit(nxt)
                if found:
                    return found
        state[node] = 2
        stack.pop()
        return []

    for node in after:
        if not state.get(node):
            found = visit(node)
            if found:
                return found
    return []


def plan_problems(plan: dict[str, pd.DataFrame], where: dict[str, str]) -> list[str]:
    """Errors of planning logic, each starting with the file or sheet as ``link_problems`` does."""
    at = Located(where)
    problems: list[str] = []
    row = plan_row(plan)
    if "plan" in plan and row is None:
        problems.append(f"{where['plan']}: has {len(plan['plan'])} rows; declare the plan in exactly one row")
    if row is not None and row.end <= row.start:
        problems.append(f"{at('plan', plan['plan'].index[0], 'end')}: the plan ends {row.end:%Y-%m-%d}, not after its start {row.start:%Y-%m-%d}")
    if "activities" in plan:
        acts = plan["activities"]
        for index, act in acts.iterrows():
            if act.milestone == "yes" and act.start != act.end:
                problems.append(f"{at('activities', index, 'end')}: a milestone is a point in time; give it the same start and end (here {act.start:%Y-%m-%d} and {act.end:%Y-%m-%d})")
            if act.status == "done" and pd.isna(act.actual_end):
                problems.append(f"{at('activities', index, 'actual_end')}: is empty; an activity marked 'done' gives the date it actually ended")
            if pd.notna(act.actual_end) and act.status not in ("done", "cancelled"):
                problems.append(f"{at('activities', index, 'status')}: {act.status!r} with an actual end date; mark it 'done' or clear actual_end")
            if pd.notna(act.actual_start) and pd.notna(act.actual_end) and act.actual_end < act.actual_start:
                problems.append(f"{at('activities', index, 'actual_end')}: ends {act.actual_end:%Y-%m-%d}, before its actual start {act.actual_start:%Y-%m-%d}")
            if act.activity_id in split_list(act.depends_on):
                problems.append(f"{at('activities', index, 'depends_on')}: an activity cannot depend on itself")
        cycle = dependency_cycle(acts)
        if len(cycle) > 2:
            problems.append(f"{where['activities']}: the dependencies run in a circle ({' -> '.join(cycle)}); remove one of them")
        ends = dict(zip(acts.activity_id, acts.end))
        for index, act in acts.iterrows():
            for before in split_list(act.depends_on):
                if before in ends and before != act.activity_id and act.start < ends[before]:
                    problems.append(f"{at('activities', index, 'start')}: starts {act.start:%Y-%m-%d}, before {before} ends ({ends[before]:%Y-%m-%d}); "
                                    "a dependency is finish-to-start: move the start or remove the dependency")
    if "risks" in plan:
        top = risk_scale(plan)
        for index, risk in plan["risks"].iterrows():
            for column in ("likelihood", "impact", "residual_likelihood", "residual_impact"):
                if risk[column] > top:
                    problems.append(f"{at('risks', index, column)}: {risk[column]} is above the plan's risk scale; give 1 to {top} (risk_scale in the plan sheet)")
            if risk.residual_likelihood * risk.residual_impact > risk.likelihood * risk.impact:
                problems.append(f"{at('risks', index, 'residual_impact')}: the residual rating is higher than the rating before the response; check the scores")
    if row is not None:
        problems += _inside_period(plan, at, row)
        for year in split_list(row.vnr_years):
            if not (year.isdigit() and VNR_YEARS[0] <= int(year) <= VNR_YEARS[1]):
                problems.append(f"{at('plan', plan['plan'].index[0], 'vnr_years')}: {year!r} is not a year; give the years of the country's "
                                f"Voluntary National Reviews ({VNR_YEARS[0]} to {VNR_YEARS[1]}), several separated by ';', e.g. 2025;2029")
    if "monitoring" in plan and "indicators" in plan:
        base = plan["indicators"].set_index("indicator_id").baseline_year
        for index, rnd in plan["monitoring"].iterrows():
            year = base.get(rnd.indicator_id)
            if year is not None and pd.notna(year) and rnd.date.year <= int(year):
                problems.append(f"{at('monitoring', index, 'date')}: the round on {rnd.date:%Y-%m-%d} is not after the baseline year {int(year)} of {rnd.indicator_id}; "
                                "a monitoring round comes after the baseline")
    return problems


def _inside_period(plan: dict[str, pd.DataFrame], at: Located, row: pd.Series) -> list[str]:
    """Dates, years and currencies against the plan sheet."""
    problems = []
    first, last = row.start, row.end
    period = f"the plan period {first:%Y-%m-%d} to {last:%Y-%m-%d}"
    currencies = {row.currency, USD}
    for name, columns in (("activities", ("start", "end")), ("meetings", ("date",)), ("capacity_actions", ("start", "end")), ("risks", ("review_date",))):
        frame = plan.get(name)
        for column in columns if frame is not None else ():
            outside = frame[(frame[column] < first) | (frame[column] > last)]
            problems += [f"{at(name, i, column)}: {d:%Y-%m-%d} is outside {period}; move it inside or change the plan sheet" for i, d in outside[column].items()]
    indicators = plan.get("indicators")
    if indicators is not None:
        late = indicators[(indicators.target_year > last.year).fillna(False)]
        problems += [f"{at('indicators', i, 'target_year')}: {int(y)} is after the plan's end ({last:%Y-%m-%d}); a plan's targets fall "
                     f"within it: give {last.year} or an earlier year, or move the plan's end (plan sheet, end)" for i, y in late.target_year.items()]
        targets = plan.get("annual_targets")
        if targets is not None:
            open_ended = set(indicators[indicators.target_year.isna()].indicator_id)
            late = targets[targets.indicator_id.isin(open_ended) & (targets.year > last.year)]
            problems += [f"{at('annual_targets', i, 'year')}: {y} is after the plan's end ({last:%Y-%m-%d}); give a year within the plan, "
                         "or move the plan's end (plan sheet, end)" for i, y in late.year.items()]
    for name in ("costs", "funding", "ceilings"):
        frame = plan.get(name)
        if frame is not None:
            outside = frame[(frame.year < first.year) | (frame.year > last.year)]
            problems += [f"{at(name, i, 'year')}: {y} is outside {period}" for i, y in outside.year.items()]
    for name in ("costs", "funding", "ceilings", "capacity_actions"):
        frame = plan.get(name)
        if frame is not None:
            other = frame[~frame.currency.isin(currencies)]
            problems += [f"{at(name, i, 'currency')}: {c!r} is not the plan's currency; give amounts in {row.currency} (declared in the plan sheet)"
                         f"{' or USD' if row.currency != USD else ''}" for i, c in other.currency.items()]
    return problems


def coverage_flags(plan: dict[str, pd.DataFrame]) -> list[str]:
    """Outputs without an indicator, an activity or a cost line (notes for the planner, not errors)."""
    results = plan.get("results")
    if results is None:
        return []
    outputs = results[results.level == "output"].result_id.tolist()
    with_indicator = set(plan["indicators"].result_id) if "indicators" in plan else None
    acts = plan.get("activities")
    with_activity = set(acts.output_id) if acts is not None else None
    with_cost = set(acts[acts.activity_id.isin(plan["costs"].activity_id)].output_id) if acts is not None and "costs" in plan else None
    flags = []
    for what, covered in (("an indicator", with_indicator), ("an activity", with_activity), ("a cost line", with_cost)):
        if covered is not None:
            missing = [o for o in outputs if o not in covered]
            if missing:
                flags.append(f"output{'s' if len(missing) > 1 else ''} without {what}: {', '.join(missing)}")
    return flags
