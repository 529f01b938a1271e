"""Stage 5, implementation: the work plan as a Gantt chart with milestones, RACI checks (exactly
one Accountable, at least one Responsible per activity), the risk log with a likelihood x impact
heat map and the owner of each mitigation, and the coordination calendar."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..inputs.planning import split_list
from ..render import format as fmt
from ..render import style
from ..render.display import Table
from .base import Fact, Finding
from .plan import count, label, named, template

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
    facts = {"activities": count("Activities", len(acts)), "milestones": count("Milestones", len(milestones)),
             "start": Fact("First start", _day(acts.start.min()), "count"), "end": Fact("Last end", _day(acts.end.max()), "count")}
    facts |= named("milestone", [f"{r.activity} ({_day(r.start)})" for r in milestones.itertuples()])
    lab = label(params)
    listed = fmt.listing([f"{r.activity} ({_day(r.start)})" for r in milestones.itertuples()])
    sentence = (
        f"The work plan runs {facts['activities'].text} activities from {facts['start'].text} to {facts['end'].text}, with "
        f"{facts['milestones'].text} milestones: {listed}. ({lab}.)"
    )
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
    chart = style.render(fig, f"Gantt chart of the work plan. {sentence}", lab + ".")
    table = acts[["activity_id", "output_id", "activity", "start", "end", "milestone"]].copy()
    table["start"], table["end"] = table.start.map(_day), table.end.map(_day)
    table = table.rename(columns={"activity_id": "Id", "output_id": "Output", "activity": "Activity", "start": "Start", "end": "End", "milestone": "Milestone"})
    return Finding("workplan.gantt", "Work plan", facts, sentence, charts=(chart,), tables=(Table(table, "Activities", lab + ".", index=False),))


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
    named_problems = [f"{a} ({p})" for a, p in problems]
    stakeholders = template(params, "stakeholders")
    women = set(stakeholders[stakeholders.actor_type.map(lambda t: "womens_machinery" in split_list(t))].stakeholder_id)
    roles = [set().union(*(split_list(getattr(r, c)) for c in ("responsible", "accountable", "consulted", "informed"))) for r in acts.itertuples()]
    facts = {"activities": count("Activities", len(acts)), "ok": count("Activities passing both RACI checks", len(acts) - len({a for a, _ in problems})),
             "women": count("Activities with a role for the national women's machinery", sum(bool(r & women) for r in roles))}
    facts |= named("raci", named_problems)
    lab = label(params)
    sentence = (
        f"{facts['ok'].text} of the {facts['activities'].text} activities have exactly one Accountable and at least one Responsible; "
        f"to fix: {fmt.listing(named_problems)}. The national women's machinery has a role in {facts['women'].text} of them. ({lab}.)"
    )
    people = stakeholders.stakeholder_id.tolist()
    matrix = pd.DataFrame("", index=acts.activity_id, columns=people)
    for r in acts.itertuples():
        for letter, column in (("R", "responsible"), ("A", "accountable"), ("C", "consulted"), ("I", "informed")):
            for who in split_list(getattr(r, column)):
                matrix.loc[r.activity_id, who] += letter
    matrix = matrix.loc[:, (matrix != "").any()].replace("", fmt.NOT_APPLICABLE)
    matrix.insert(0, "Check", ["; ".join(p for a, p in problems if a == i) or "ok" for i in matrix.index])
    return Finding("workplan.raci", "Responsibilities (RACI)", facts, sentence,
                   tables=(Table(matrix.rename_axis("Activity"), "RACI matrix (R responsible, A accountable, C consulted, I informed)", lab + "."),))


def risks(params) -> Finding:
    """Finding ``workplan.risks``: the risk log, a likelihood x impact heat map, and who owns each mitigation."""
    log = template(params, "risks").copy()
    names = template(params, "stakeholders").set_index("stakeholder_id").stakeholder
    log["rating"] = log.likelihood * log.impact
    log = log.sort_values(["rating", "risk_id"], ascending=[False, True])
    high = log[log.rating >= HIGH_RISK]
    facts = {"risks": count("Risks", len(log)), "high": count("High risks", len(high)), "threshold": Fact("High-risk rating", HIGH_RISK, "count")}
    facts |= named("high", [f"{r.risk_id} ({r.rating}, owner {r.owner})" for r in high.itertuples()])
    lab = label(params)
    listed = fmt.listing([f"{r.risk_id} ({r.rating}, owner {r.owner})" for r in high.itertuples()])
    sentence = (
        f"{facts['high'].text} of the {facts['risks'].text} risks rate {facts['threshold'].text} or more (likelihood x impact, each 1-5): "
        f"{listed}. ({lab}.)"
    )
    facts["scale"] = Fact("Scale", "1-5", "count")
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
    chart = style.render(fig, f"Heat map of risks by likelihood and impact. {sentence}", lab + ".")
    table = log[["risk_id", "output_id", "risk", "likelihood", "impact", "rating", "mitigation", "owner"]].copy()
    table["owner"] = table.owner.map(lambda o: f"{names.get(o, o)} ({o})")
    table = table.rename(columns={"risk_id": "Id", "output_id": "Output", "risk": "Risk", "likelihood": "Likelihood", "impact": "Impact",
                                  "rating": "Rating", "mitigation": "Mitigation", "owner": "Mitigation owner"})
    return Finding("workplan.risks", "Risk log", facts, sentence, charts=(chart,), tables=(Table(table, "Risk log, highest rating first", lab + ".", index=False),))


def calendar(params) -> Finding:
    """Finding ``workplan.calendar``: the coordination calendar, and whether women's machinery and migrants' organisations are invited."""
    meetings = template(params, "meetings").sort_values("date")
    people = template(params, "stakeholders")
    women = set(people[people.actor_type.str.contains("womens_machinery")].stakeholder_id)
    migrants = set(people[people.migrant_or_diaspora_org == "yes"].stakeholder_id)
    invited = [set(split_list(p)) | {c} for p, c in zip(meetings.participants, meetings.chair)]
    facts = {"meetings": count("Meetings", len(meetings)), "first": Fact("First meeting", _day(meetings.date.min()), "count"),
             "last": Fact("Last meeting", _day(meetings.date.max()), "count"),
             "women": count("Meetings with the national women's machinery", sum(bool(s & women) for s in invited)),
             "migrants": count("Meetings with migrants' or diaspora organisations", sum(bool(s & migrants) for s in invited))}
    lab = label(params)
    sentence = (
        f"{facts['meetings'].text} coordination meetings are planned from {facts['first'].text} to {facts['last'].text}; the national "
        f"women's machinery attends {facts['women'].text} and migrants' or diaspora organisations {facts['migrants'].text} of them. ({lab}.)"
    )
    fig, (ax,) = style.new_figure(height=2.6)
    ax.scatter(meetings.date, [0] * len(meetings), s=70, color=style.COUNTRY, zorder=3)
    for k, r in enumerate(meetings.itertuples()):
        ax.annotate(f"{r.meeting_id}: {_short(r.meeting, 34)}", (r.date, 0), xytext=(0, 12 if k % 2 == 0 else -18), textcoords="offset points", ha="center", fontsize=7)
    ax.set_yticks([])
    ax.set_ylim(-1, 1)
    ax.set_title("Coordination calendar")
    chart = style.render(fig, f"Timeline of coordination meetings. {sentence}", lab + ".")
    table = meetings.copy()
    table["date"] = table.date.map(_day)
    table = table.rename(columns={"meeting_id": "Id", "date": "Date", "meeting": "Meeting", "chair": "Chair", "participants": "Participants", "purpose": "Purpose"})
    return Finding("workplan.calendar", "Coordination calendar", facts, sentence, charts=(chart,), tables=(Table(table.fillna(fmt.NOT_AVAILABLE), "Coordination meetings", lab + ".", index=False),))
