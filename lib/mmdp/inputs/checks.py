"""Planning-logic checks across templates that the cell rules and id links cannot see: dates and
money against the ``plan`` sheet (the period, the currency, the risk scale), milestones,
finish-to-start dependencies (a cycle refused), statuses with actual dates, monitoring after the
baseline; and coverage flags (an output without an indicator, an activity or a cost), which are
notes, not errors.
"""

from __future__ import annotations

import pandas as pd

from ..constants import RISK_SCALE_DEFAULT
from ..i18n import n_, t
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
        # TRANSLATORS: {where} is the file or sheet and must stay first (so for every message starting with {where} or {at}:
        # {at} is "file or sheet, row 3, column 'x'"); the plan's rows are counted
        problems.append(n_("{where}: has {n} rows; declare the plan in exactly one row", "{where}: has {n} rows; declare the plan in exactly one row",
                           len(plan["plan"]), where=where["plan"]))
    if row is not None and row.end <= row.start:
        problems.append(t("{at}: the plan ends {end}, not after its start {start}", at=at("plan", plan["plan"].index[0], "end"),
                          end=format(row.end, "%Y-%m-%d"), start=format(row.start, "%Y-%m-%d")))
    if "activities" in plan:
        acts = plan["activities"]
        for index, act in acts.iterrows():
            if act.milestone == "yes" and act.start != act.end:
                problems.append(t("{at}: a milestone is a point in time; give it the same start and end (here {start} and {end})",
                                  at=at("activities", index, "end"), start=format(act.start, "%Y-%m-%d"), end=format(act.end, "%Y-%m-%d")))
            if act.status == "done" and pd.isna(act.actual_end):
                # TRANSLATORS: 'done' is a code of the column status, kept as it is
                problems.append(t("{at}: is empty; an activity marked 'done' gives the date it actually ended", at=at("activities", index, "actual_end")))
            if pd.notna(act.actual_end) and act.status not in ("done", "cancelled"):
                # TRANSLATORS: {status} is the status typed (quoted); 'done' and actual_end are codes (a status, a column)
                problems.append(t("{at}: {status} with an actual end date; mark it 'done' or clear actual_end", at=at("activities", index, "status"),
                                  status=repr(act.status)))
            if pd.notna(act.actual_start) and pd.notna(act.actual_end) and act.actual_end < act.actual_start:
                problems.append(t("{at}: ends {end}, before its actual start {start}", at=at("activities", index, "actual_end"),
                                  end=format(act.actual_end, "%Y-%m-%d"), start=format(act.actual_start, "%Y-%m-%d")))
            if act.activity_id in split_list(act.depends_on):
                problems.append(t("{at}: an activity cannot depend on itself", at=at("activities", index, "depends_on")))
        cycle = dependency_cycle(acts)
        if len(cycle) > 2:
            # TRANSLATORS: {cycle} is the activities' ids, "A01 -> A02 -> A01"
            problems.append(t("{where}: the dependencies run in a circle ({cycle}); remove one of them", where=where["activities"], cycle=" -> ".join(cycle)))
        ends = dict(zip(acts.activity_id, acts.end))
        for index, act in acts.iterrows():
            for before in split_list(act.depends_on):
                if before in ends and before != act.activity_id and act.start < ends[before]:
                    # TRANSLATORS: {before} is the id of the activity it depends on; {end} that activity's end
                    problems.append(t("{at}: starts {start}, before {before} ends ({end}); a dependency is finish-to-start: move the start or remove the dependency",
                                      at=at("activities", index, "start"), start=format(act.start, "%Y-%m-%d"), before=before, end=format(ends[before], "%Y-%m-%d")))
    if "risks" in plan:
        top = risk_scale(plan)
        for index, risk in plan["risks"].iterrows():
            for column in ("likelihood", "impact", "residual_likelihood", "residual_impact"):
                if risk[column] > top:
                    # TRANSLATORS: {value} is the score typed; {top} the highest score of the plan's scale (3 or 5); risk_scale is a column's name
                    problems.append(t("{at}: {value} is above the plan's risk scale; give 1 to {top} (risk_scale in the plan sheet)",
                                      at=at("risks", index, column), value=risk[column], top=top))
            if risk.residual_likelihood * risk.residual_impact > risk.likelihood * risk.impact:
                problems.append(t("{at}: the residual rating is higher than the rating before the response; check the scores", at=at("risks", index, "residual_impact")))
    if row is not None:
        problems += _inside_period(plan, at, row)
        for year in split_list(row.vnr_years):
            if not (year.isdigit() and VNR_YEARS[0] <= int(year) <= VNR_YEARS[1]):
                # TRANSLATORS: {year} is the text typed (quoted); {first} and {last} the years allowed
                problems.append(t("{at}: {year} is not a year; give the years of the country's Voluntary National Reviews ({first} to {last}), "
                                  "several separated by ';', e.g. 2025;2029", at=at("plan", plan["plan"].index[0], "vnr_years"), year=repr(year),
                                  first=VNR_YEARS[0], last=VNR_YEARS[1]))
    if "monitoring" in plan and "indicators" in plan:
        base = plan["indicators"].set_index("indicator_id").baseline_year
        for index, rnd in plan["monitoring"].iterrows():
            year = base.get(rnd.indicator_id)
            if year is not None and pd.notna(year) and rnd.date.year <= int(year):
                # TRANSLATORS: {date} is the monitoring round's date; {indicator} the indicator's id
                problems.append(t("{at}: the round on {date} is not after the baseline year {year} of {indicator}; a monitoring round comes after the baseline",
                                  at=at("monitoring", index, "date"), date=format(rnd.date, "%Y-%m-%d"), year=int(year), indicator=rnd.indicator_id))
    return problems


def _inside_period(plan: dict[str, pd.DataFrame], at: Located, row: pd.Series) -> list[str]:
    """Dates, years and currencies against the plan sheet."""
    problems = []
    first, last = row.start, row.end
    start, end = f"{first:%Y-%m-%d}", f"{last:%Y-%m-%d}"
    currencies = {row.currency, USD}
    for name, columns in (("activities", ("start", "end")), ("meetings", ("date",)), ("capacity_actions", ("start", "end")), ("risks", ("review_date",))):
        frame = plan.get(name)
        for column in columns if frame is not None else ():
            outside = frame[(frame[column] < first) | (frame[column] > last)]
            # TRANSLATORS: {date} is the date typed; {start} and {end} the plan's first and last days
            problems += [t("{at}: {date} is outside the plan period {start} to {end}; move it inside or change the plan sheet",
                           at=at(name, i, column), date=format(d, "%Y-%m-%d"), start=start, end=end) for i, d in outside[column].items()]
    indicators = plan.get("indicators")
    if indicators is not None:
        late = indicators[(indicators.target_year > last.year).fillna(False)]
        # TRANSLATORS: {year} is the target year typed; {end} the plan's last day, {last_year} its year; "plan sheet, end" names the cell to change
        problems += [t("{at}: {year} is after the plan's end ({end}); a plan's targets fall within it: give {last_year} or an earlier year, "
                       "or move the plan's end (plan sheet, end)", at=at("indicators", i, "target_year"), year=int(y), end=end, last_year=last.year)
                     for i, y in late.target_year.items()]
        targets = plan.get("annual_targets")
        if targets is not None:
            open_ended = set(indicators[indicators.target_year.isna()].indicator_id)
            late = targets[targets.indicator_id.isin(open_ended) & (targets.year > last.year)]
            problems += [t("{at}: {year} is after the plan's end ({end}); give a year within the plan, or move the plan's end (plan sheet, end)",
                           at=at("annual_targets", i, "year"), year=y, end=end) for i, y in late.year.items()]
    for name in ("costs", "funding", "ceilings"):
        frame = plan.get(name)
        if frame is not None:
            outside = frame[(frame.year < first.year) | (frame.year > last.year)]
            # TRANSLATORS: {year} is the year typed; {start} and {end} the plan's first and last days
            problems += [t("{at}: {year} is outside the plan period {start} to {end}", at=at(name, i, "year"), year=y, start=start, end=end)
                         for i, y in outside.year.items()]
    for name in ("costs", "funding", "ceilings", "capacity_actions"):
        frame = plan.get(name)
        if frame is not None:
            other = frame[~frame.currency.isin(currencies)]
            if row.currency != USD:
                # TRANSLATORS: {code} is the currency code typed (quoted); {currency} the plan's currency code (KGS, EUR)
                problems += [t("{at}: {code} is not the plan's currency; give amounts in {currency} (declared in the plan sheet) or USD",
                               at=at(name, i, "currency"), code=repr(c), currency=row.currency) for i, c in other.currency.items()]
            else:
                problems += [t("{at}: {code} is not the plan's currency; give amounts in {currency} (declared in the plan sheet)",
                               at=at(name, i, "currency"), code=repr(c), currency=row.currency) for i, c in other.currency.items()]
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
    for what, covered in (("indicator", with_indicator), ("activity", with_activity), ("cost", with_cost)):
        if covered is not None:
            missing = [o for o in outputs if o not in covered]
            if missing:
                flags.append(_without(what, missing))
    return flags


def _without(what: str, missing: list[str]) -> str:
    """'outputs without an indicator: O1, O2' (``what``: indicator, activity or cost), in the current language."""
    outputs, n = ", ".join(missing), len(missing)
    if what == "indicator":
        # TRANSLATORS: {outputs} are the outputs' ids
        return n_("output without an indicator: {outputs}", "outputs without an indicator: {outputs}", n, outputs=outputs)
    if what == "activity":
        # TRANSLATORS: {outputs} are the outputs' ids
        return n_("output without an activity: {outputs}", "outputs without an activity: {outputs}", n, outputs=outputs)
    # TRANSLATORS: {outputs} are the outputs' ids
    return n_("output without a cost line: {outputs}", "outputs without a cost line: {outputs}", n, outputs=outputs)
