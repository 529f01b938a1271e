"""Stage 2, goals and priorities: candidate objectives traced to Stage 1 findings, ranked on
weighted criteria (weights are a parameter; sliders in JupyterLab), aligned to SDG and GCM codes,
with the GCM objectives touched and missed and a gender-responsiveness check per objective."""

from __future__ import annotations

import re
from collections.abc import Mapping

import pandas as pd
from matplotlib.ticker import MaxNLocator

from ..constants import (
    FEASIBILITY_CRITERIA,
    GCM_OBJECTIVE_COUNT,
    IMPACT_CRITERIA,
    MATRIX_CUTOFF,
    PRIORITY_CRITERIA,
    PRIORITY_WEIGHTS,
    QUADRANT_ADVICE,
    QUADRANTS,
    SENSITIVITY_POINTS,
)
from ..errors import MmdpError
from ..inputs.planning import split_list
from ..paths import frameworks_dir
from ..render import format as fmt
from ..render import style, widgets
from ..render.display import Text
from .base import Finding
from .plan import PlanFinding, template

CRITERIA_NAMES = {
    "impact": "Development impact",
    "rights": "Rights and protection",
    "gender": "Gender-equality contribution",
    "feasibility": "Institutional feasibility",
    "cost": "Cost and fundability (5 = low cost)",
    "ownership": "Political ownership",
    "data": "Data to monitor",
}
GENDER_SCORE_MIN = 3
"""A gender-equality score of 3 or more (on 1-5) counts as contributing to gender equality."""


def _short(text: str, n: int = 48) -> str:
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def check_weights(weights: Mapping[str, float] | None) -> dict[str, float]:
    """The weights per criterion (defaults: ``PRIORITY_WEIGHTS``); MmdpError on an unknown name or all zero."""
    weights = dict(PRIORITY_WEIGHTS if weights is None else weights)
    unknown = set(weights) - set(PRIORITY_CRITERIA)
    if unknown:
        raise MmdpError(f"unknown criteria {sorted(unknown)}; the criteria are {', '.join(PRIORITY_CRITERIA)}")
    weights = {c: float(weights.get(c, 0)) for c in PRIORITY_CRITERIA}
    if any(w < 0 for w in weights.values()) or sum(weights.values()) <= 0:
        raise MmdpError("weights must be 0 or more, and at least one above 0")
    return weights


def _mean(priorities: pd.DataFrame, weights: Mapping[str, float], criteria: tuple[str, ...]) -> pd.Series:
    """Weighted mean of the criteria's scores (NaN where every weight is 0)."""
    total = sum(weights[c] for c in criteria)
    if total <= 0:
        return pd.Series(float("nan"), index=priorities.index)
    return sum(priorities[f"score_{c}"] * weights[c] for c in criteria) / total


def scores(priorities: pd.DataFrame, weights: Mapping[str, float] | None = None) -> pd.DataFrame:
    """Weighted score (1-5) of each objective, highest first: sum(weight x score) / sum(weights).
    Equal scores share a rank (``tied`` says so); the matrix axes (impact, feasibility) and quadrant
    are the chapter's: weighted means of ``IMPACT_CRITERIA`` and ``FEASIBILITY_CRITERIA``."""
    weights = check_weights(weights)
    out = priorities[["priority_id", "objective"]].copy()
    out["score"] = _mean(priorities, weights, PRIORITY_CRITERIA).round(2)
    out["impact"] = _mean(priorities, weights, IMPACT_CRITERIA).round(2)
    out["feasibility"] = _mean(priorities, weights, FEASIBILITY_CRITERIA).round(2)
    out["quadrant"] = [QUADRANTS[(i >= MATRIX_CUTOFF, f >= MATRIX_CUTOFF)] for i, f in zip(out.impact, out.feasibility)]
    out = out.sort_values(["score", "priority_id"], ascending=[False, True]).reset_index(drop=True)
    out.insert(0, "rank", out.score.rank(method="min", ascending=False).astype(int))
    out["tied"] = out.score.duplicated(keep=False)
    return out


def rank_changes(priorities: pd.DataFrame, weights: Mapping[str, float] | None = None) -> pd.DataFrame:
    """Rank sensitivity: each criterion's weight moved ``SENSITIVITY_POINTS`` up and down (not below 0);
    one row per objective whose rank changes, with the moves that change it and its ranks."""
    weights = check_weights(weights)
    base = scores(priorities, weights).set_index("priority_id")["rank"]
    moves: dict[str, list[str]] = {p: [] for p in base.index}
    ranks: dict[str, set[int]] = {p: {int(r)} for p, r in base.items()}
    for c in PRIORITY_CRITERIA:
        for step in (SENSITIVITY_POINTS, -SENSITIVITY_POINTS):
            moved = {**weights, c: max(weights[c] + step, 0)}
            if moved == weights or sum(moved.values()) <= 0:
                continue
            new = scores(priorities, moved).set_index("priority_id")["rank"]
            for p in base.index[new[base.index] != base]:
                moves[p].append(f"{CRITERIA_NAMES[c].split(' (')[0].lower()} {step:+d}")
                ranks[p].add(int(new[p]))
    rows = [{"priority_id": p, "ranks": sorted(ranks[p]), "moves": moves[p]} for p in base.index if moves[p]]
    return pd.DataFrame(rows, columns=["priority_id", "ranks", "moves"])


def objectives(params) -> Finding:
    """Finding ``priorities.objectives``: candidate objectives, each traced to the findings behind it (Stages 0 and 1, the remittance cost scenario)."""
    table = template(params, "priorities")
    cited = sorted({i for cell in table.finding_ids for i in split_list(cell)})
    f = PlanFinding(params, "priorities.objectives", "Candidate objectives and their evidence")
    objectives, findings = f.count("objectives", "Candidate objectives", len(table)), f.count("findings", "Findings cited", len(cited))
    f.say(f"{objectives.text} candidate objectives cite {findings.text} different findings of the situation assessment and the "
          f"remittance cost scenario ({', '.join(cited)}); every cited id is a known finding id.")
    rows = table[["priority_id", "objective", "finding_ids", "lead"]].rename(
        columns={"priority_id": "Id", "objective": "Objective", "finding_ids": "Evidence (finding ids)", "lead": "Lead"}
    )
    f.table(rows, "Candidate objectives traced to their evidence")
    return f.finding()


def ranking(params, weights: Mapping[str, float] | None = None) -> Finding:
    """Finding ``priorities.ranking``: objectives ranked by weighted criteria scores (weights a parameter),
    ties flagged, and which objectives change rank when any weight moves by ``SENSITIVITY_POINTS`` points."""
    weights = check_weights(weights)
    table = template(params, "priorities")
    ranked = scores(table, weights)
    total = sum(weights.values())
    f = PlanFinding(params, "priorities.ranking", "Ranking on weighted criteria")
    weight = {c: f.fact(f"weight:{c}", f"Weight of {CRITERIA_NAMES[c].lower()}", 100 * w / total, "%") for c, w in weights.items()}
    score = {r.priority_id: f.fact(f"score:{r.priority_id}", f"{r.priority_id} weighted score", r.score, "score") for r in ranked.itertuples()}
    scale = f.fact("scale", "Score scale", "1-5", "count")
    order = ", ".join(f"{p} ({score[p].text})" for p in ranked.priority_id)
    top = ranked[ranked["rank"] == 1]
    f.name("top", top.priority_id)
    tied = f.name("tied", ranked[ranked.tied].priority_id)
    points = f.count("points", "Weight moved, points", SENSITIVITY_POINTS)
    changes = rank_changes(table, weights)
    moved = f.name("moved", changes.priority_id)
    weight_text = ", ".join(f"{CRITERIA_NAMES[c].split(' (')[0].lower()} {weight[c].text}" for c in PRIORITY_CRITERIA)
    first = (f"first: {top.priority_id.iloc[0]}, '{top.objective.iloc[0]}'" if len(top) == 1
             else f"first, tied: {fmt.listing(list(top.priority_id))}")
    f.say(f"With weights {weight_text}, the ranking on the {scale.text} scale is {order}; {first}. "
          f"Tied scores (same rank, not broken by id): {fmt.listing(tied)}. Moving any one weight by {points.text} points "
          f"changes the rank of {fmt.listing(moved)}.")
    fig, (ax,) = style.new_figure(height=0.6 * len(ranked) + 1.6)
    shown = ranked.iloc[::-1]
    ax.barh([style.wrap(f"{r.priority_id} {r.objective}", 40) for r in shown.itertuples()], shown.score, color=style.COUNTRY)
    ax.set_xlim(1, 5)
    ax.set_xlabel("Weighted score (1 low - 5 high)")
    ax.set_title("Candidate objectives ranked")
    ax.grid(axis="y", visible=False)
    ax.tick_params(axis="y", labelsize=8)
    f.chart(fig, "Bar chart of weighted scores")
    detail = table.set_index("priority_id")[[f"score_{c}" for c in PRIORITY_CRITERIA]]
    detail.columns = [CRITERIA_NAMES[c] for c in PRIORITY_CRITERIA]
    shown_table = ranked.assign(rank=[f"{r} (tied)" if t else str(r) for r, t in zip(ranked["rank"], ranked.tied)])
    shown_table = shown_table[["rank", "priority_id", "objective", "score"]].rename(
        columns={"rank": "Rank", "priority_id": "Id", "objective": "Objective", "score": "Weighted score"})
    f.table(shown_table.join(detail, on="Id"), "Scores (1-5) and weighted score", units={"Weighted score": "score"})
    sensitivity = changes.assign(ranks=[" to ".join(map(str, (min(r), max(r)))) for r in changes.ranks], moves=["; ".join(m) for m in changes.moves])
    f.table(sensitivity.rename(columns={"priority_id": "Id", "ranks": "Ranks reached", "moves": "Weight moves that change its rank"}),
            f"Rank sensitivity: objectives whose rank changes when one weight moves by {SENSITIVITY_POINTS} points")
    return f.finding()


def matrix(params, weights: Mapping[str, float] | None = None) -> Finding:
    """Finding ``priorities.matrix``: the chapter's priority matrix (impact x feasibility, each the weighted
    mean of its criteria), its four quadrants, the chapter's advice and the team's decision per objective."""
    table = template(params, "priorities")
    ranked = scores(table, weights).merge(table[["priority_id", "decision"]], on="priority_id")
    f = PlanFinding(params, "priorities.matrix", "Priority matrix and decisions")
    cutoff = f.fact("cutoff", "Cut-off between lower and higher on each axis", MATRIX_CUTOFF, "score")
    for r in ranked.itertuples():
        f.fact(f"impact:{r.priority_id}", f"{r.priority_id} impact", r.impact, "score")
        f.fact(f"feasibility:{r.priority_id}", f"{r.priority_id} feasibility", r.feasibility, "score")
    by_quadrant = "; ".join(f"{q}: {fmt.listing(f.name(q, ranked[ranked.quadrant == q].priority_id))}" for q in QUADRANTS.values())
    adopted, parked = (f.name(d, ranked[ranked.decision == d].priority_id) for d in ("adopted", "parked"))
    undecided = f.name("undecided", ranked[ranked.decision.isna()].priority_id)
    f.say(f"On the priority matrix (impact: development impact, rights, gender; feasibility: institutional feasibility, cost, "
          f"ownership, data; {cutoff.text} or more counts as higher): {by_quadrant}. Adopted: {fmt.listing(adopted)}; "
          f"parked: {fmt.listing(parked)}; not yet decided: {fmt.listing(undecided)}. Only adopted priorities get outcomes in Stage 3.")
    f.chart(_matrix(ranked), "Scatter plot of the priority matrix",
            alt=f"Priority matrix: each objective placed at its impact and feasibility scores; {by_quadrant}. ({f.label}.)")
    rows = ranked.assign(advice=ranked.quadrant.map(QUADRANT_ADVICE), decision=ranked.decision.fillna("not decided"))
    rows = rows[["priority_id", "objective", "impact", "feasibility", "score", "quadrant", "advice", "decision"]].rename(columns={
        "priority_id": "Id", "objective": "Objective", "impact": "Impact", "feasibility": "Feasibility", "score": "Weighted score",
        "quadrant": "Quadrant", "advice": "The chapter advises", "decision": "Decision"})
    f.table(rows, "Priority matrix: quadrant and decision per objective", units={c: "score" for c in ("Impact", "Feasibility", "Weighted score")})
    return f.finding()


def _matrix(ranked: pd.DataFrame):
    """Impact x feasibility on the chapter's composite axes; points at their scores (no jitter), the
    quadrants named; objectives at the same point share one label."""
    fig, (ax,) = style.new_figure(width=7, height=5)
    ax.scatter(ranked.feasibility, ranked.impact, s=90, color=style.COUNTRY, edgecolor="black", zorder=3)
    for (x, y), group in ranked.groupby(["feasibility", "impact"]):
        ax.annotate(", ".join(group.priority_id), (x, y), xytext=(7, 4), textcoords="offset points", fontsize=9)
    ax.axhline(MATRIX_CUTOFF, color="#777777", lw=0.8)
    ax.axvline(MATRIX_CUTOFF, color="#777777", lw=0.8)
    for (high_impact, high_feasibility), name in QUADRANTS.items():
        ax.text(5.4 if high_feasibility else 0.6, 5.4 if high_impact else 0.6, name, fontsize=9, color="#555555",
                ha="right" if high_feasibility else "left", va="top" if high_impact else "bottom")
    ax.set_xlim(0.5, 5.5)
    ax.set_ylim(0.5, 5.5)
    ax.set_xlabel("Feasibility (weighted mean of feasibility, cost, ownership, data; 1-5)")
    ax.set_ylabel("Impact (weighted mean of impact, rights, gender; 1-5)")
    ax.set_title("Priority matrix")
    return fig


def ranking_explorer(params):
    """Sliders, one per criterion weight, that re-rank live in JupyterLab; a note when unattended."""
    if widgets.headless():
        return Text("*Weights explorer: open this notebook in JupyterLab to move a slider per criterion and watch the ranking change. Shown above: the default weights.*")
    import ipywidgets
    from IPython.display import display

    sliders = {c: ipywidgets.IntSlider(value=int(PRIORITY_WEIGHTS[c]), min=0, max=50, step=5, description=CRITERIA_NAMES[c],
                                       style={"description_width": "190px"}, layout={"width": "480px"}) for c in PRIORITY_CRITERIA}

    def redraw(**weights):
        if sum(weights.values()) == 0:
            display(Text("Give at least one criterion a weight above 0."))
            return
        display(ranking(params, weights).charts[0])

    return ipywidgets.interactive(redraw, **sliders)


def _frameworks() -> tuple[pd.DataFrame, pd.DataFrame]:
    sdg = pd.read_csv(frameworks_dir() / "sdg_indicators.csv", dtype=str)
    gcm = pd.read_csv(frameworks_dir() / "gcm_objectives.csv", dtype={"number": str})
    return sdg, gcm


def alignment(params) -> Finding:
    """Finding ``priorities.alignment``: SDG targets and indicators and GCM objectives per objective (codes checked)."""
    table = template(params, "priorities")
    sdg, gcm = _frameworks()
    titles = dict(zip(sdg.indicator_code, sdg.indicator)) | dict(zip(sdg.target, "target " + sdg.target))
    gcm_names = dict(zip(gcm.number, gcm.short_name))
    rows = []
    for r in table.itertuples():
        codes = [c.removeprefix("SDG").strip() for c in split_list(r.sdg_indicators)]
        numbers = [c.removeprefix("GCM").strip() for c in split_list(r.gcm_objectives)]
        rows.append({
            "Id": r.priority_id, "Objective": r.objective,
            "SDG": "; ".join(f"{c} {_short(titles.get(c, ''), 60)}" for c in codes) or "none",
            "GCM objectives": "; ".join(f"{n} {gcm_names[n]}" for n in numbers) or "none",
        })
    rows = pd.DataFrame(rows)
    sdg_cited = {c for cell in table.sdg_indicators for c in split_list(cell)}
    f = PlanFinding(params, "priorities.alignment", "Alignment with the SDGs and the GCM")
    objectives, sdg_codes = f.count("objectives", "Objectives", len(rows)), f.count("sdg", "SDG codes cited", len(sdg_cited))
    without = f.name("unaligned", rows[(rows.SDG == "none") & (rows["GCM objectives"] == "none")].Id)
    f.say(f"The {objectives.text} objectives cite {sdg_codes.text} SDG targets or indicators, all found in "
          f"data/frameworks; objectives with no SDG or GCM alignment: {fmt.listing(without)}.")
    f.table(rows, "SDG and GCM alignment per objective", "titles from data/frameworks")
    return f.finding()


def gcm_coverage(params) -> Finding:
    """Finding ``priorities.gcm_coverage``: which of the 23 GCM objectives the objectives touch and which they miss."""
    table = template(params, "priorities")
    _, gcm = _frameworks()
    citing = {n: [] for n in gcm.number}
    for r in table.itertuples():
        for n in split_list(r.gcm_objectives):
            citing[n.removeprefix("GCM").strip()].append(r.priority_id)
    gcm["objectives"] = [len(citing[n]) for n in gcm.number]
    touched = gcm[gcm.objectives > 0]
    f = PlanFinding(params, "priorities.gcm_coverage", "GCM objectives touched and missed")
    n_touched, total = f.count("touched", "GCM objectives touched", len(touched)), f.count("total", "GCM objectives", GCM_OBJECTIVE_COUNT)
    missed = f.count("missed", "GCM objectives missed", (gcm.objectives == 0).sum())
    f.say(f"The plan's objectives touch {n_touched.text} of the {total.text} GCM objectives "
          f"({fmt.listing(f.name('touched', touched.short_name))}) and miss {missed.text}.")
    fig, (ax,) = style.new_figure(height=6.2)
    shown = gcm.iloc[::-1]
    ax.barh([f"{n}. {s}" for n, s in zip(shown.number, shown.short_name)], shown.objectives.clip(lower=0.08),
            color=[style.COUNTRY if k else style.NEUTRAL for k in shown.objectives])
    ax.set_xlabel("Plan objectives citing it (grey: missed)")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_title("The 23 GCM objectives: touched and missed")
    ax.tick_params(axis="y", labelsize=7.5)
    ax.grid(axis="y", visible=False)
    f.chart(fig, "Bar chart of the GCM objectives by number of plan objectives citing them", "GCM objectives: data/frameworks/gcm_objectives.csv")
    rows = gcm.assign(**{"Cited by": ["; ".join(citing[n]) or fmt.NOT_APPLICABLE for n in gcm.number]})[["number", "short_name", "Cited by"]]
    f.table(rows.rename(columns={"number": "GCM", "short_name": "Objective"}), "GCM objectives and the plan objectives citing them")
    return f.finding()


NON_ANSWERS = frozenset({"", "none", "n/a", "na", "-", "--", "no", "nil", "not applicable", "tbd"})
"""A ``gender_gap`` cell holding one of these names no gap."""
GENDER_WORDS = re.compile(r"\b(women|woman|girls?|gender|sex|female|men and women|women and men)\b", re.IGNORECASE)
"""Words that make an objective's wording gender-specific."""
GENDER_TESTS = (
    "Gender gap named, with a Stage 1 gender finding",
    f"Gender score {GENDER_SCORE_MIN} or more",
    "Women consulted",
    "Gender-specific objective or indicator by sex (Stage 3)",
)
"""The Stage 2 gender-responsiveness tests, in the order the chapter and the table give them."""


def names_gap(gap: object) -> bool:
    """A ``gender_gap`` cell that names a gap (not empty, not 'none', 'n/a', '-'...)."""
    return isinstance(gap, str) and gap.strip().lower().strip(".") not in NON_ANSWERS


def _indicators_by_sex(params) -> dict[str, bool]:
    """Per priority: whether an indicator of its outcomes (or of their outputs) is broken down by sex."""
    try:
        results, indicators = template(params, "results"), template(params, "indicators")
    except MmdpError:
        return {}
    parent = dict(zip(results.result_id, results.parent_id))
    served = dict(zip(results.result_id, results.priority_id))
    out: dict[str, bool] = {}
    for r in indicators.itertuples():
        rid = r.result_id if isinstance(served.get(r.result_id), str) else parent.get(r.result_id)
        priority = served.get(rid)
        if isinstance(priority, str):
            out[priority] = out.get(priority, False) or r.by_sex == "yes"
    return out


def gender_check(params) -> Finding:
    """Finding ``priorities.gender_check``: per objective, the four gender-responsiveness tests of
    ``GENDER_TESTS``; the objectives failing any."""
    table = template(params, "priorities")
    by_sex = _indicators_by_sex(params)
    rows = []
    for r in table.itertuples():
        gender_findings = [i for i in split_list(r.finding_ids) if i.startswith("gender.")]
        specific = bool(GENDER_WORDS.search(r.objective)) or by_sex.get(r.priority_id, False)
        passed = (names_gap(r.gender_gap) and bool(gender_findings), r.score_gender >= GENDER_SCORE_MIN,
                  r.women_consulted == "yes", specific)
        rows.append({"Id": r.priority_id, **{t: "yes" if ok else "no" for t, ok in zip(GENDER_TESTS, passed)}})
    rows = pd.DataFrame(rows)
    tests = rows.columns[1:]
    rows["Tests passed"] = (rows[tests] == "yes").sum(axis=1)
    failing = rows[rows["Tests passed"] < len(tests)]
    f = PlanFinding(params, "priorities.gender_check", "Gender-responsiveness check per objective")
    passing = f.count("passing", "Objectives passing every test", len(rows) - len(failing))
    objectives, n_tests = f.count("objectives", "Objectives", len(rows)), f.count("tests", "Tests", len(tests))
    f.count("gender_min", "Gender score threshold", GENDER_SCORE_MIN)
    gaps = f.name("failing", [f"{i} ({'; '.join(t[0].lower() + t[1:] for t in tests if rows.at[n, t] == 'no')})" for n, i in failing.Id.items()])
    f.say(f"{passing.text} of the {objectives.text} objectives pass all {n_tests.text} gender-responsiveness tests; to strengthen: {fmt.listing(gaps)}.")
    f.table(rows, "Gender-responsiveness tests per objective")
    return f.finding()
