"""Stage 5, implementation: the work plan as a Gantt chart with milestones, finish-to-start
dependencies and statuses, a quarter view and a months view of the first year, the delayed
activities and what depends on them; RACI checks (exactly one Accountable, at least one
Responsible per activity); the risk register on the plan's declared scale (``constants.RISK_SCALES``,
the same bands the Stage 5 chapter prints) with category, early-warning sign, response, residual
rating, review date, status and owner; and the coordination calendar against the plan period and
the monitoring rounds."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..constants import RISK_SCALES
from ..inputs.checks import plan_row, risk_scale
from ..inputs.planning import split_list
from ..inputs.workbook import optional_template
from ..i18n import N_, _, t
from ..render import format as fmt
from ..render import style
from .base import Finding
from .plan import PlanFinding, template

REVIEW_AFTER_ROUND_DAYS = 90
"""A review meeting follows a monitoring round when it is held within this many days after it."""

FINISHED = ("done", "cancelled")


BANDS = {"low": N_("low"), "medium": N_("medium"), "high": N_("high")}
"""The risk bands of ``constants.RISK_SCALES`` as the reader reads them (translated with ``_()``)."""


def band(rating: int, scale: int) -> str:
    """'low', 'medium' or 'high' for a likelihood x impact rating on the declared scale."""
    return next(name for name, (low, high) in RISK_SCALES[scale].items() if rating <= high)


def _short(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def _day(value) -> str:
    return pd.Timestamp(value).strftime("%Y-%m-%d")


def gantt(params) -> Finding:
    """Finding ``workplan.gantt``: activities on a timeline by output, milestones as diamonds."""
    acts = template(params, "activities").sort_values(["output_id", "start", "activity_id"]).reset_index(drop=True)
    milestones = acts[acts.milestone == "yes"]
    f = PlanFinding(params, "workplan.gantt", _("Work plan"))
    n_acts, n_milestones = f.count("activities", _("Activities"), len(acts)), f.count("milestones", _("Milestones"), len(milestones))
    start, end = f.fact("start", _("First start"), _day(acts.start.min()), "date"), f.fact("end", _("Last end"), _day(acts.end.max()), "date")
    dates = [f.fact(f"milestone:{r.activity_id}", r.activity, _day(r.start), "date") for r in milestones.itertuples()]
    listed = fmt.listing([f"{d.label} ({d.text})" for d in dates])
    f.say(t("The work plan runs {activities} activities from {start} to {end}, with {milestones} milestones: {listed}.",
            activities=n_acts.text, start=start.text, end=end.text, milestones=n_milestones.text, listed=listed))
    fig, (ax,) = style.new_figure(width=10, height=0.38 * len(acts) + 1.4)
    outputs = list(dict.fromkeys(acts.output_id))
    for i, r in acts.iterrows():
        colour = style.CATEGORIES[outputs.index(r.output_id) % len(style.CATEGORIES)]
        y = len(acts) - 1 - i
        if r.milestone == "yes":
            ax.scatter([r.start], [y], marker="D", s=60, color=style.MARK, zorder=3)
        else:
            ax.barh(y, (r.end - r.start).days + 1, left=r.start, color=colour, height=0.6)
    ax.set_yticks(range(len(acts)), [f"{r.activity_id} {r.output_id} {_short(r.activity, 42)}" for r in acts.iloc[::-1].itertuples()], fontsize=7.5)
    quarter_ticks(ax, *_period(params))
    ax.set_title(_("Work plan by quarter"))
    ax.grid(axis="y", visible=False)
    f.chart(fig, _("Gantt chart of the work plan by quarter (bars: activities coloured by output; diamonds: milestones)"))
    table = acts[["activity_id", "output_id", "activity", "start", "end", "milestone", "depends_on", "status", "actual_start", "actual_end", "budget_released"]].copy()
    for column in ("start", "end", "actual_start", "actual_end"):
        table[column] = table[column].map(lambda d: _day(d) if pd.notna(d) else fmt.NOT_APPLICABLE)
    table["depends_on"] = table.depends_on.fillna(fmt.NOT_APPLICABLE)
    f.table(table.rename(columns={"activity_id": _("Id"), "output_id": _("Output"), "activity": _("Activity"), "start": _("Start"), "end": _("End"),
                                  "milestone": _("Milestone"), "depends_on": _("After (finish-to-start)"), "status": _("Status"),
                                  "actual_start": _("Actual start"), "actual_end": _("Actual end"), "budget_released": _("Budget released")}),
            _("Activities"))
    quarters = period_view(acts, "Q", *_period(params))
    quarters.columns = [t("{year}Q{quarter}", year=q.year, quarter=q.quarter) for q in (pd.Period(c, freq="Q") for c in quarters.columns)]
    f.table(quarters.rename_axis(_("Activity")), _("Quarter view of the plan (x: the activity runs in the quarter; M: a milestone)"), index=True)
    first = _period(params)[0]
    months = period_view(acts, "M", first, first + pd.DateOffset(years=1) - pd.Timedelta(days=1))
    f.table(months.rename_axis(_("Activity")), _("Months of the first year"), index=True)
    return f.finding()


MAX_QUARTER_LABELS = 16
"""A plan longer than this many quarters gets a label at each year's first quarter only."""


def quarter_ticks(ax, first: pd.Timestamp, last: pd.Timestamp) -> None:
    """Gridlines at the start of each quarter of the plan period, labelled 'Q1 2027'."""
    quarters = pd.period_range(first, last, freq="Q")
    every = len(quarters) <= MAX_QUARTER_LABELS
    labels = [t("Q{quarter}\n{year}", quarter=q.quarter, year=q.year) if q.quarter == 1 or i == 0
              else (t("Q{quarter}", quarter=q.quarter) if every else "") for i, q in enumerate(quarters)]
    ax.set_xticks([q.start_time for q in quarters], labels, fontsize=8)
    ax.set_xlim(quarters[0].start_time, quarters[-1].end_time)


def _period(params) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The plan period (the plan sheet's; without one, the activities' first start to last end)."""
    row = plan_row({"plan": optional_template(params.inputs, "plan")})
    if row is not None:
        return row.start, row.end
    acts = template(params, "activities")
    return acts.start.min(), acts.end.max()


def period_view(acts: pd.DataFrame, freq: str, first: pd.Timestamp, last: pd.Timestamp) -> pd.DataFrame:
    """Activities x periods (quarters 'Q' or months 'M') from ``first`` to ``last``: 'x' where the activity runs, 'M' for a milestone."""
    periods = pd.period_range(first, last, freq=freq)
    view = pd.DataFrame("", index=pd.Index(acts.activity_id, name="Activity"), columns=[str(p) for p in periods])
    for r in acts.itertuples():
        for p in periods:
            if r.start.to_period(freq) <= p <= r.end.to_period(freq):
                view.loc[r.activity_id, str(p)] = "M" if r.milestone == "yes" else "x"
    return view.replace("", fmt.NOT_APPLICABLE)


def dependents(acts: pd.DataFrame, activity: str) -> list[str]:
    """Every activity that waits, directly or through others, on ``activity`` (finish-to-start)."""
    after = {a: split_list(d) for a, d in zip(acts.activity_id, acts.depends_on)}
    found: list[str] = []
    todo = [activity]
    while todo:
        current = todo.pop()
        for a, before in after.items():
            if current in before and a not in found and a != activity:
                found.append(a)
                todo.append(a)
    return sorted(found)


def delayed(params) -> Finding:
    """Finding ``workplan.delayed``: activities past their end on the status date and not done, what depends on them, and budget not released."""
    acts = template(params, "activities")
    row = plan_row({"plan": optional_template(params.inputs, "plan")})
    status_date = row.status_date if row is not None else acts.end.max()
    late = acts[(acts.end < status_date) & ~acts.status.isin(FINISHED)]
    running = acts[acts.status.isin(["on track", "delayed"])]
    unreleased = running[running.budget_released == "no"]
    f = PlanFinding(params, "workplan.delayed", _("Delayed activities"))
    as_of = f.fact("status_date", _("Status date"), _day(status_date), "date")
    n_late, n_acts = f.count("late", _("Activities past their end and not done"), len(late)), f.count("activities", _("Activities"), len(acts))
    waiting = {r.activity_id: dependents(acts, r.activity_id) for r in late.itertuples()}
    n_waiting = f.count("waiting", _("Activities waiting on a late one"), len(set().union(*waiting.values())) if waiting else 0)
    due = {a: f.fact(f"end:{a}", t("End of {activity}", activity=a), _day(e), "date") for a, e in zip(late.activity_id, late.end)}
    ends = [t("{activity} (due {date})", activity=a, date=date.text) for a, date in due.items()]
    f.name("late", late.activity_id)
    f.name("unreleased", unreleased.activity_id)
    n_unreleased = f.count("unreleased_n", _("Running without budget released"), len(unreleased))
    f.say(t("On the status date {date}, {late} of the {activities} activities are past their end and not done: {listed}; "
            "{waiting} activities wait on them (finish-to-start). Running activities whose budget is not released: {unreleased}.",
            date=as_of.text, late=n_late.text, activities=n_acts.text, listed=fmt.listing(ends), waiting=n_waiting.text,
            unreleased=n_unreleased.text))
    table = late[["activity_id", "output_id", "activity", "end", "status"]].copy()
    table["end"] = table.end.map(_day)
    table[_("Waiting on it")] = [", ".join(waiting[a]) or fmt.NOT_APPLICABLE for a in late.activity_id]
    responsible = acts.set_index("activity_id").accountable
    table[_("Accountable")] = table.activity_id.map(responsible).fillna(fmt.not_available())
    f.table(table.rename(columns={"activity_id": _("Id"), "output_id": _("Output"), "activity": _("Activity"), "end": _("Planned end"),
                                  "status": _("Status")}),
            _("Delayed: past their planned end and not done, and what waits on them"))
    return f.finding()


def raci_problems(acts: pd.DataFrame) -> list[tuple[str, str, int | None]]:
    """(activity id, problem, number of Accountables or None) for activities without exactly one Accountable
    or without a Responsible, the problem in the current language: ``2 accountable``, ``no responsible``."""
    problems = []
    for r in acts.itertuples():
        accountable = split_list(r.accountable)
        if len(accountable) != 1:
            problems.append((r.activity_id, t("{n} accountable", n=len(accountable)), len(accountable)))
        if not split_list(r.responsible):
            problems.append((r.activity_id, _("no responsible"), None))
    return problems


def raci(params) -> Finding:
    """Finding ``workplan.raci``: the RACI matrix, and the activities without exactly one Accountable or without a Responsible."""
    acts = template(params, "activities")
    problems = raci_problems(acts)
    stakeholders = template(params, "stakeholders")
    women = set(stakeholders[stakeholders.actor_type.map(lambda t: "womens_machinery" in split_list(t))].stakeholder_id)
    roles = [set().union(*(split_list(getattr(r, c)) for c in ("responsible", "accountable", "consulted", "informed"))) for r in acts.itertuples()]
    f = PlanFinding(params, "workplan.raci", _("Responsibilities (RACI)"))
    n_acts = f.count("activities", _("Activities"), len(acts))
    ok = f.count("ok", _("Activities passing both RACI checks"), len(acts) - len({a for a, *_problem in problems}))
    women_role = f.count("women", _("Activities with a role for the national women's machinery"), sum(bool(r & women) for r in roles))
    for k, (activity, _problem, accountable) in enumerate(problems):  # '2 accountable': the count is a fact
        if accountable is not None:
            f.count(f"accountable:{k}", t("Accountable for {activity}", activity=activity), accountable)
    to_fix = f.name("raci", [f"{a} ({p})" for a, p, _n in problems])
    f.say(t("{ok} of the {activities} activities have exactly one Accountable and at least one Responsible; "
            "to fix: {listed}. The national women's machinery has a role in {women} of them.",
            ok=ok.text, activities=n_acts.text, listed=fmt.listing(to_fix), women=women_role.text))
    people = stakeholders.stakeholder_id.tolist()
    matrix = pd.DataFrame("", index=acts.activity_id, columns=people)
    for r in acts.itertuples():
        for letter, column in (("R", "responsible"), ("A", "accountable"), ("C", "consulted"), ("I", "informed")):
            for who in split_list(getattr(r, column)):
                matrix.loc[r.activity_id, who] += letter
    matrix = matrix.loc[:, (matrix != "").any()].replace("", fmt.NOT_APPLICABLE)
    matrix.insert(0, _("Check"), [fmt.semicolons(p for a, p, _n in problems if a == i) or _("ok") for i in matrix.index])
    f.table(matrix.rename_axis(_("Activity")), _("RACI matrix (R responsible, A accountable, C consulted, I informed)"), index=True)
    return f.finding()


def risks(params) -> Finding:
    """Finding ``workplan.risks``: the risk register on the plan's declared scale, a likelihood x impact heat map, responses and owners."""
    log = template(params, "risks").copy()
    names = template(params, "stakeholders").set_index("stakeholder_id").stakeholder
    scale = risk_scale({"plan": optional_template(params.inputs, "plan")})
    bands = RISK_SCALES[scale]
    log["rating"] = log.likelihood * log.impact
    log["residual"] = log.residual_likelihood * log.residual_impact
    log = log.sort_values(["rating", "risk_id"], ascending=[False, True])
    high = log[log.rating >= bands["high"][0]]
    f = PlanFinding(params, "workplan.risks", _("Risk register"))
    n_risks, n_high = f.count("risks", _("Risks"), len(log)), f.count("high", _("High risks"), len(high))
    threshold, top = f.count("threshold", _("High-risk rating"), bands["high"][0]), f.count("scale", _("Top of the scale"), scale)
    one = f.count("bottom", _("Bottom of the scale"), 1)
    still_high = f.count("residual_high", _("High after the response"), int((log.residual >= bands["high"][0]).sum()))
    ratings = [f.count(f"rating:{r.risk_id}", t("Rating of {risk}", risk=r.risk_id), r.rating) for r in high.itertuples()]
    f.name("high", high.risk_id)
    f.name("owner", high.owner)
    listed = fmt.listing([t("{risk} ({rating}, {response}, owner {owner})", risk=r.risk_id, rating=rating.text, response=r.response, owner=r.owner)
                          for r, rating in zip(high.itertuples(), ratings)])
    f.say(t("{high} of the {risks} risks rate {threshold} or more, the high band (likelihood x impact, each {bottom}-{top}, "
            "the scale the plan declares): {listed}; after the planned responses {still_high} would stay high.",
            high=n_high.text, risks=n_risks.text, threshold=threshold.text, bottom=one.text, top=top.text, listed=listed,
            still_high=still_high.text))
    fig, (ax,) = style.new_figure(width=6, height=4.6)
    rating = np.outer(np.arange(1, scale + 1), np.arange(1, scale + 1))
    ax.imshow(rating, origin="lower", cmap="YlOrRd", alpha=0.55, extent=(0.5, scale + 0.5, 0.5, scale + 0.5))
    for r in log.itertuples():
        same = log[(log.likelihood == r.likelihood) & (log.impact == r.impact)].risk_id.tolist()
        k = same.index(r.risk_id)
        ax.text(r.likelihood, r.impact + 0.25 - 0.25 * k, r.risk_id, ha="center", va="center", fontsize=9, fontweight="bold")
    ax.set_xticks(range(1, scale + 1))
    ax.set_yticks(range(1, scale + 1))
    ax.set_xlabel(t("Likelihood (1-{top})", top=scale))
    ax.set_ylabel(t("Impact (1-{top})", top=scale))
    ax.grid(False)
    ax.set_title(_("Risk heat map (before the response)"))
    f.chart(fig, _("Heat map of risks by likelihood and impact"))
    table = log[["risk_id", "output_id", "risk", "category", "likelihood", "impact", "rating", "early_warning", "response", "mitigation",
                 "residual", "review_date", "status", "owner"]].copy()
    table["rating"] = [f"{r} ({_(BANDS[band(r, scale)])})" for r in table.rating]
    table["residual"] = [f"{r} ({_(BANDS[band(r, scale)])})" for r in table.residual]
    table["review_date"] = table.review_date.map(_day)
    table["owner"] = table.owner.map(lambda o: f"{names.get(o, o)} ({o})")
    table = table.rename(columns={"risk_id": _("Id"), "output_id": _("Output"), "risk": _("Risk"), "category": _("Category"),
                                  "likelihood": _("Likelihood"), "impact": _("Impact"), "rating": _("Rating"), "early_warning": _("Early-warning sign"),
                                  "response": _("Response"), "mitigation": _("Mitigation"), "residual": _("Residual rating"),
                                  "review_date": _("Review date"), "status": _("Status"), "owner": _("Owner")})
    f.table(table, _("Risk register, highest rating first"))
    scale_table = pd.DataFrame([{_("Band"): _(BANDS[name]), _("Ratings"): f"{low}-{high_}"} for name, (low, high_) in bands.items()])
    f.table(scale_table, t("The plan's risk scale: likelihood and impact each 1-{top}, rating their product", top=scale))
    return f.finding()


def calendar(params) -> Finding:
    """Finding ``workplan.calendar``: the coordination calendar, and whether women's machinery and migrants' organisations are invited."""
    meetings = template(params, "meetings").sort_values("date")
    people = template(params, "stakeholders")
    women = set(people[people.actor_type.str.contains("womens_machinery")].stakeholder_id)
    migrants = set(people[people.migrant_or_diaspora_org == "yes"].stakeholder_id)
    invited = [set(split_list(p)) | {c} for p, c in zip(meetings.participants, meetings.chair)]
    f = PlanFinding(params, "workplan.calendar", _("Coordination calendar"))
    n_meetings = f.count("meetings", _("Meetings"), len(meetings))
    first = f.fact("first", _("First meeting"), _day(meetings.date.min()), "date")
    last = f.fact("last", _("Last meeting"), _day(meetings.date.max()), "date")
    with_women = f.count("women", _("Meetings with the national women's machinery"), sum(bool(s & women) for s in invited))
    with_migrants = f.count("migrants", _("Meetings with migrants' or diaspora organisations"), sum(bool(s & migrants) for s in invited))
    start, end = _period(params)
    years = range(start.year, end.year + 1)
    without = [f.fact(f"no_meeting:{y}", _("Plan year without a meeting"), y, "year").text for y in years if not (meetings.date.dt.year == y).any()]
    monitoring = optional_template(params.inputs, "monitoring")
    rounds = sorted(set(monitoring.date)) if monitoring is not None else []
    followed = [r for r in rounds if ((meetings.date > r) & (meetings.date <= r + pd.Timedelta(days=REVIEW_AFTER_ROUND_DAYS))).any()]
    n_rounds = f.count("rounds", _("Monitoring round dates"), len(rounds))
    n_followed = f.count("followed", _("Rounds followed by a meeting"), len(followed))
    window = f.count("window", _("Days after a round"), REVIEW_AFTER_ROUND_DAYS)
    unfollowed = [f.fact(f"round:{k}", _("Round without a review"), _day(r), "date").text for k, r in enumerate(rounds) if r not in followed]
    f.say(t("{meetings} coordination meetings are planned from {first} to {last}; the national women's machinery "
            "attends {women} and migrants' or diaspora organisations {migrants} of them. Plan years without a meeting: "
            "{without}. {followed} of the {rounds} monitoring round dates are followed by a meeting within "
            "{window} days; without one: {unfollowed}.", meetings=n_meetings.text, first=first.text, last=last.text, women=with_women.text,
            migrants=with_migrants.text, without=fmt.listing(without), followed=n_followed.text, rounds=n_rounds.text, window=window.text,
            unfollowed=fmt.listing(unfollowed)))
    fig, (ax,) = style.new_figure(height=2.6)
    ax.scatter(meetings.date, [0] * len(meetings), s=70, color=style.COUNTRY, zorder=3)
    for k, r in enumerate(meetings.itertuples()):
        ax.annotate(f"{r.meeting_id}: {_short(r.meeting, 34)}", (r.date, 0), xytext=(0, 12 if k % 2 == 0 else -18), textcoords="offset points", ha="center", fontsize=7)
    ax.set_yticks([])
    ax.set_ylim(-1, 1)
    ax.set_title(_("Coordination calendar"))
    f.chart(fig, _("Timeline of coordination meetings"))
    table = meetings.copy()
    table["date"] = table.date.map(_day)
    table = table.rename(columns={"meeting_id": _("Id"), "date": _("Date"), "meeting": _("Meeting"), "chair": _("Chair"),
                                  "participants": _("Participants"), "purpose": _("Purpose")})
    f.table(table.fillna(fmt.not_available()), _("Coordination meetings"))
    return f.finding()
