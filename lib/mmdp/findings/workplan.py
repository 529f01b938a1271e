"""Stage 5, implementation: the work plan as a Gantt chart with milestones, RACI checks (exactly
one Accountable, at least one Responsible per activity), the risk log with a likelihood x impact
heat map and the owner of each mitigation, and the coordination calendar."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..inputs.planning import split_list
from ..render import format as fmt
from ..render import style
from .base import Finding
from .plan import PlanFinding, template

HIGH_RISK = 12
"""A risk whose likelihood x impact (each 1-5) is 12 or more is high: it needs a mitigation owner at senior level."""


def _short(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def _day(value) -> str:
    return pd.Timestamp(value).strftime("%Y-%m-%d")


def gantt(params) -> Finding:
    """Finding ``workplan.gantt``: activities on a timeline by output, milestones as diamonds."""
    acts = template(params, "activities").sort_values(["output_id", "start", "activity_id"]).reset_index(drop=True)
    milestones = acts[acts.milestone == "yes"]
    f = PlanFinding(params, "workplan.gantt", "Work plan")
    n_acts, n_milestones = f.count("activities", "Activities", len(acts)), f.count("milestones", "Milestones", len(milestones))
    start, end = f.fact("start", "First start", _day(acts.start.min()), "date"), f.fact("end", "Last end", _day(acts.end.max()), "date")
    dates = [f.fact(f"milestone:{r.activity_id}", r.activity, _day(r.start), "date") for r in milestones.itertuples()]
    listed = fmt.listing([f"{d.label} ({d.text})" for d in dates])
    f.say(f"The work plan runs {n_acts.text} activities from {start.text} to {end.text}, with {n_milestones.text} milestones: {listed}.")
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
    ax.set_title("Work plan (bars: activities coloured by output; diamonds: milestones)")
    ax.grid(axis="y", visible=False)
    f.chart(fig, "Gantt chart of the work plan")
    table = acts[["activity_id", "output_id", "activity", "start", "end", "milestone"]].copy()
    table["start"], table["end"] = table.start.map(_day), table.end.map(_day)
    f.table(table.rename(columns={"activity_id": "Id", "output_id": "Output", "activity": "Activity", "start": "Start", "end": "End", "milestone": "Milestone"}), "Activities")
    return f.finding()


def raci_problems(acts: pd.DataFrame) -> list[tuple[str, str]]:
    """(activity id, problem) for activities without exactly one Accountable or without a Responsible."""
    problems = []
    for r in acts.itertuples():
        accountable = split_list(r.accountable)
        if len(accountable) != 1:
            problems.append((r.activity_id, f"{len(accountable)} accountable"))
        if not split_list(r.responsible):
            problems.append((r.activity_id, "no responsible"))
    return problems


def raci(params) -> Finding:
    """Finding ``workplan.raci``: the RACI matrix, and the activities without exactly one Accountable or without a Responsible."""
    acts = template(params, "activities")
    problems = raci_problems(acts)
    stakeholders = template(params, "stakeholders")
    women = set(stakeholders[stakeholders.actor_type.map(lambda t: "womens_machinery" in split_list(t))].stakeholder_id)
    roles = [set().union(*(split_list(getattr(r, c)) for c in ("responsible", "accountable", "consulted", "informed"))) for r in acts.itertuples()]
    f = PlanFinding(params, "workplan.raci", "Responsibilities (RACI)")
    n_acts = f.count("activities", "Activities", len(acts))
    ok = f.count("ok", "Activities passing both RACI checks", len(acts) - len({a for a, _ in problems}))
    women_role = f.count("women", "Activities with a role for the national women's machinery", sum(bool(r & women) for r in roles))
    for k, (activity, problem) in enumerate(problems):  # '2 accountable': the count is a fact
        if problem[0].isdigit():
            f.count(f"accountable:{k}", f"Accountable for {activity}", int(problem.split()[0]))
    to_fix = f.name("raci", [f"{a} ({p})" for a, p in problems])
    f.say(f"{ok.text} of the {n_acts.text} activities have exactly one Accountable and at least one Responsible; "
          f"to fix: {fmt.listing(to_fix)}. The national women's machinery has a role in {women_role.text} of them.")
    people = stakeholders.stakeholder_id.tolist()
    matrix = pd.DataFrame("", index=acts.activity_id, columns=people)
    for r in acts.itertuples():
        for letter, column in (("R", "responsible"), ("A", "accountable"), ("C", "consulted"), ("I", "informed")):
            for who in split_list(getattr(r, column)):
                matrix.loc[r.activity_id, who] += letter
    matrix = matrix.loc[:, (matrix != "").any()].replace("", fmt.NOT_APPLICABLE)
    matrix.insert(0, "Check", ["; ".join(p for a, p in problems if a == i) or "ok" for i in matrix.index])
    f.table(matrix.rename_axis("Activity"), "RACI matrix (R responsible, A accountable, C consulted, I informed)", index=True)
    return f.finding()


def risks(params) -> Finding:
    """Finding ``workplan.risks``: the risk log, a likelihood x impact heat map, and who owns each mitigation."""
    log = template(params, "risks").copy()
    names = template(params, "stakeholders").set_index("stakeholder_id").stakeholder
    log["rating"] = log.likelihood * log.impact
    log = log.sort_values(["rating", "risk_id"], ascending=[False, True])
    high = log[log.rating >= HIGH_RISK]
    f = PlanFinding(params, "workplan.risks", "Risk log")
    n_risks, n_high = f.count("risks", "Risks", len(log)), f.count("high", "High risks", len(high))
    threshold, scale = f.count("threshold", "High-risk rating", HIGH_RISK), f.fact("scale", "Scale", "1-5", "count")
    ratings = [f.count(f"rating:{r.risk_id}", f"Rating of {r.risk_id}", r.rating) for r in high.itertuples()]
    f.name("high", high.risk_id)
    f.name("owner", high.owner)
    listed = fmt.listing([f"{r.risk_id} ({rating.text}, owner {r.owner})" for r, rating in zip(high.itertuples(), ratings)])
    f.say(f"{n_high.text} of the {n_risks.text} risks rate {threshold.text} or more (likelihood x impact, each {scale.text}): {listed}.")
    grid = np.zeros((5, 5), dtype=int)
    for r in log.itertuples():
        grid[r.impact - 1, r.likelihood - 1] += 1
    fig, (ax,) = style.new_figure(width=6, height=4.6)
    rating = np.outer(np.arange(1, 6), np.arange(1, 6))
    ax.imshow(rating, origin="lower", cmap="YlOrRd", alpha=0.55, extent=(0.5, 5.5, 0.5, 5.5))
    for r in log.itertuples():
        same = log[(log.likelihood == r.likelihood) & (log.impact == r.impact)].risk_id.tolist()
        k = same.index(r.risk_id)
        ax.text(r.likelihood, r.impact + 0.25 - 0.25 * k, r.risk_id, ha="center", va="center", fontsize=9, fontweight="bold")
    ax.set_xticks(range(1, 6))
    ax.set_yticks(range(1, 6))
    ax.set_xlabel("Likelihood (1-5)")
    ax.set_ylabel("Impact (1-5)")
    ax.grid(False)
    ax.set_title("Risk heat map")
    f.chart(fig, "Heat map of risks by likelihood and impact")
    table = log[["risk_id", "output_id", "risk", "likelihood", "impact", "rating", "mitigation", "owner"]].copy()
    table["owner"] = table.owner.map(lambda o: f"{names.get(o, o)} ({o})")
    table = table.rename(columns={"risk_id": "Id", "output_id": "Output", "risk": "Risk", "likelihood": "Likelihood", "impact": "Impact",
                                  "rating": "Rating", "mitigation": "Mitigation", "owner": "Mitigation owner"})
    f.table(table, "Risk log, highest rating first")
    return f.finding()


def calendar(params) -> Finding:
    """Finding ``workplan.calendar``: the coordination calendar, and whether women's machinery and migrants' organisations are invited."""
    meetings = template(params, "meetings").sort_values("date")
    people = template(params, "stakeholders")
    women = set(people[people.actor_type.str.contains("womens_machinery")].stakeholder_id)
    migrants = set(people[people.migrant_or_diaspora_org == "yes"].stakeholder_id)
    invited = [set(split_list(p)) | {c} for p, c in zip(meetings.participants, meetings.chair)]
    f = PlanFinding(params, "workplan.calendar", "Coordination calendar")
    n_meetings = f.count("meetings", "Meetings", len(meetings))
    first, last = f.fact("first", "First meeting", _day(meetings.date.min()), "date"), f.fact("last", "Last meeting", _day(meetings.date.max()), "date")
    with_women = f.count("women", "Meetings with the national women's machinery", sum(bool(s & women) for s in invited))
    with_migrants = f.count("migrants", "Meetings with migrants' or diaspora organisations", sum(bool(s & migrants) for s in invited))
    f.say(f"{n_meetings.text} coordination meetings are planned from {first.text} to {last.text}; the national women's machinery "
          f"attends {with_women.text} and migrants' or diaspora organisations {with_migrants.text} of them.")
    fig, (ax,) = style.new_figure(height=2.6)
    ax.scatter(meetings.date, [0] * len(meetings), s=70, color=style.COUNTRY, zorder=3)
    for k, r in enumerate(meetings.itertuples()):
        ax.annotate(f"{r.meeting_id}: {_short(r.meeting, 34)}", (r.date, 0), xytext=(0, 12 if k % 2 == 0 else -18), textcoords="offset points", ha="center", fontsize=7)
    ax.set_yticks([])
    ax.set_ylim(-1, 1)
    ax.set_title("Coordination calendar")
    f.chart(fig, "Timeline of coordination meetings")
    table = meetings.copy()
    table["date"] = table.date.map(_day)
    table = table.rename(columns={"meeting_id": "Id", "date": "Date", "meeting": "Meeting", "chair": "Chair", "participants": "Participants", "purpose": "Purpose"})
    f.table(table.fillna(fmt.NOT_AVAILABLE), "Coordination meetings")
    return f.finding()
