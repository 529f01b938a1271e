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
from ..i18n import N_, _, t
from ..inputs.planning import split_list
from ..data.frameworks import framework_table
from ..render import format as fmt
from ..render import style, widgets
from ..render.display import Text
from .base import Finding
from .plan import PlanFinding, template

CRITERIA_NAMES = {
    "impact": N_("Development impact"),
    "rights": N_("Rights and protection"),
    "gender": N_("Gender-equality contribution"),
    "feasibility": N_("Institutional feasibility"),
    "cost": N_("Cost and fundability (5 = low cost)"),
    "ownership": N_("Political ownership"),
    "data": N_("Data to monitor"),
}
"""The criteria's names in English; ``_()`` gives them in the current language."""
GENDER_SCORE_MIN = 3
"""A gender-equality score of 3 or more (on 1-5) counts as contributing to gender equality."""


def _criterion(c: str) -> str:
    """A criterion's name in a sentence, in the current language: 'development impact', 'cost and fundability'."""
    return _(CRITERIA_NAMES[c]).split(" (")[0].lower()


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
                moves[p].append(f"{_criterion(c)} {step:+d}")
                ranks[p].add(int(new[p]))
    rows = [{"priority_id": p, "ranks": sorted(ranks[p]), "moves": moves[p]} for p in base.index if moves[p]]
    return pd.DataFrame(rows, columns=["priority_id", "ranks", "moves"])


def objectives(params) -> Finding:
    """Finding ``priorities.objectives``: candidate objectives, each traced to the findings behind it (Stages 0 and 1, the remittance cost scenario)."""
    table = template(params, "priorities")
    cited = sorted({i for cell in table.finding_ids for i in split_list(cell)})
    f = PlanFinding(params, "priorities.objectives", _("Candidate objectives and their evidence"))
    objectives, findings = f.count("objectives", _("Candidate objectives"), len(table)), f.count("findings", _("Findings cited"), len(cited))
    f.say(t("{objectives} candidate objectives cite {findings} different findings of the situation assessment and the "
            "remittance cost scenario ({ids}); every cited id is a known finding id.",
            objectives=objectives.text, findings=findings.text, ids=", ".join(cited)))
    rows = table[["priority_id", "objective", "finding_ids", "lead"]].rename(
        columns={"priority_id": _("Id"), "objective": _("Objective"), "finding_ids": _("Evidence (finding ids)"), "lead": _("Lead")}
    )
    f.table(rows, _("Candidate objectives traced to their evidence"))
    return f.finding()


def ranking(params, weights: Mapping[str, float] | None = None) -> Finding:
    """Finding ``priorities.ranking``: objectives ranked by weighted criteria scores (weights a parameter),
    ties flagged, and which objectives change rank when any weight moves by ``SENSITIVITY_POINTS`` points."""
    weights = check_weights(weights)
    table = template(params, "priorities")
    ranked = scores(table, weights)
    total = sum(weights.values())
    f = PlanFinding(params, "priorities.ranking", _("Ranking on weighted criteria"))
    weight = {c: f.fact(f"weight:{c}", t("Weight of {criterion}", criterion=_(CRITERIA_NAMES[c]).lower()), 100 * w / total, "%")
              for c, w in weights.items()}
    score = {r.priority_id: f.fact(f"score:{r.priority_id}", t("{id} weighted score", id=r.priority_id), r.score, "score") for r in ranked.itertuples()}
    scale = f.fact("scale", _("Score scale"), "1-5", "count")
    order = ", ".join(f"{p} ({score[p].text})" for p in ranked.priority_id)
    top = ranked[ranked["rank"] == 1]
    f.name("top", top.priority_id)
    tied = f.name("tied", ranked[ranked.tied].priority_id)
    points = f.count("points", _("Weight moved, points"), SENSITIVITY_POINTS)
    changes = rank_changes(table, weights)
    moved = f.name("moved", changes.priority_id)
    fields = {"weights": ", ".join(f"{_criterion(c)} {weight[c].text}" for c in PRIORITY_CRITERIA), "scale": scale.text, "order": order,
              "tied": fmt.listing(tied), "points": points.text, "moved": fmt.listing(moved)}
    if len(top) == 1:
        f.say(t("With weights {weights}, the ranking on the {scale} scale is {order}; first: {id}, '{objective}'. "
                "Tied scores (same rank, not broken by id): {tied}. Moving any one weight by {points} points "
                "changes the rank of {moved}.", id=top.priority_id.iloc[0], objective=top.objective.iloc[0], **fields))
    else:
        f.say(t("With weights {weights}, the ranking on the {scale} scale is {order}; first, tied: {first}. "
                "Tied scores (same rank, not broken by id): {tied}. Moving any one weight by {points} points "
                "changes the rank of {moved}.", first=fmt.listing(list(top.priority_id)), **fields))
    fig, (ax,) = style.new_figure(height=0.6 * len(ranked) + 1.6)
    shown = ranked.iloc[::-1]
    ax.barh([style.wrap(f"{r.priority_id} {r.objective}", 40) for r in shown.itertuples()], shown.score, color=style.COUNTRY)
    ax.set_xlim(1, 5)
    ax.set_xlabel(_("Weighted score (1 low - 5 high)"))
    ax.set_title(_("Candidate objectives ranked"))
    ax.grid(axis="y", visible=False)
    ax.tick_params(axis="y", labelsize=8)
    f.chart(fig, _("Bar chart of weighted scores"))
    detail = table.set_index("priority_id")[[f"score_{c}" for c in PRIORITY_CRITERIA]]
    detail.columns = [_(CRITERIA_NAMES[c]) for c in PRIORITY_CRITERIA]
    shown_table = ranked.assign(rank=[t("{rank} (tied)", rank=r) if tie else str(r) for r, tie in zip(ranked["rank"], ranked.tied)])
    shown_table = shown_table[["rank", "priority_id", "objective", "score"]].rename(
        columns={"rank": _("Rank"), "priority_id": _("Id"), "objective": _("Objective"), "score": _("Weighted score")})
    f.table(shown_table.join(detail, on=_("Id")), _("Scores (1-5) and weighted score"), units={_("Weighted score"): "score"})
    sensitivity = changes.assign(ranks=[t("{low} to {high}", low=min(r), high=max(r)) for r in changes.ranks],
                                 moves=[fmt.semicolons(m) for m in changes.moves])
    f.table(sensitivity.rename(columns={"priority_id": _("Id"), "ranks": _("Ranks reached"), "moves": _("Weight moves that change its rank")}),
            t("Rank sensitivity: objectives whose rank changes when one weight moves by {points} points", points=SENSITIVITY_POINTS))
    return f.finding()


def matrix(params, weights: Mapping[str, float] | None = None) -> Finding:
    """Finding ``priorities.matrix``: the chapter's priority matrix (impact x feasibility, each the weighted
    mean of its criteria), its four quadrants, the chapter's advice and the team's decision per objective."""
    table = template(params, "priorities")
    ranked = scores(table, weights).merge(table[["priority_id", "decision"]], on="priority_id")
    f = PlanFinding(params, "priorities.matrix", _("Priority matrix and decisions"))
    cutoff = f.fact("cutoff", _("Cut-off between lower and higher on each axis"), MATRIX_CUTOFF, "score")
    for r in ranked.itertuples():
        f.fact(f"impact:{r.priority_id}", t("{id} impact", id=r.priority_id), r.impact, "score")
        f.fact(f"feasibility:{r.priority_id}", t("{id} feasibility", id=r.priority_id), r.feasibility, "score")
    by_quadrant = fmt.semicolons(t("{quadrant}: {objectives}", quadrant=_(q), objectives=fmt.listing(f.name(q, ranked[ranked.quadrant == q].priority_id)))
                            for q in QUADRANTS.values())
    adopted, parked = (f.name(d, ranked[ranked.decision == d].priority_id) for d in ("adopted", "parked"))
    undecided = f.name("undecided", ranked[ranked.decision.isna()].priority_id)
    f.say(t("On the priority matrix (impact: development impact, rights, gender; feasibility: institutional feasibility, cost, "
            "ownership, data; {cutoff} or more counts as higher): {quadrants}. Adopted: {adopted}; "
            "parked: {parked}; not yet decided: {undecided}. Only adopted priorities get outcomes in Stage 3.",
            cutoff=cutoff.text, quadrants=by_quadrant, adopted=fmt.listing(adopted), parked=fmt.listing(parked), undecided=fmt.listing(undecided)))
    f.chart(_matrix(ranked), _("Scatter plot of the priority matrix"),
            alt=t("Priority matrix: each objective placed at its impact and feasibility scores; {quadrants}. ({label}.)",
                  quadrants=by_quadrant, label=f.label))
    rows = ranked.assign(advice=[_(QUADRANT_ADVICE[q]) for q in ranked.quadrant], quadrant=[_(q) for q in ranked.quadrant],
                         decision=ranked.decision.fillna(_("not decided")))
    headers = {"priority_id": _("Id"), "objective": _("Objective"), "impact": _("Impact"), "feasibility": _("Feasibility"),
               "score": _("Weighted score"), "quadrant": _("Quadrant"), "advice": _("The chapter advises"), "decision": _("Decision")}
    f.table(rows[list(headers)].rename(columns=headers), _("Priority matrix: quadrant and decision per objective"),
            units={headers[c]: "score" for c in ("impact", "feasibility", "score")})
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
        ax.text(5.4 if high_feasibility else 0.6, 5.4 if high_impact else 0.6, _(name), fontsize=9, color="#555555",
                ha="right" if high_feasibility else "left", va="top" if high_impact else "bottom")
    ax.set_xlim(0.5, 5.5)
    ax.set_ylim(0.5, 5.5)
    ax.set_xlabel(_("Feasibility (weighted mean of feasibility, cost, ownership, data; 1-5)"))
    ax.set_ylabel(_("Impact (weighted mean of impact, rights, gender; 1-5)"))
    ax.set_title(_("Priority matrix"))
    return fig


def ranking_explorer(params):
    """Sliders, one per criterion weight, that re-rank live in JupyterLab; a note when unattended."""
    if widgets.headless():
        return Text(_("*Weights explorer: open this notebook in JupyterLab to move a slider per criterion and watch the ranking change. "
                      "Shown above: the default weights.*"))
    import ipywidgets
    from IPython.display import display

    sliders = {c: ipywidgets.IntSlider(value=int(PRIORITY_WEIGHTS[c]), min=0, max=50, step=5, description=_(CRITERIA_NAMES[c]),
                                       style={"description_width": "190px"}, layout={"width": "480px"}) for c in PRIORITY_CRITERIA}

    def redraw(**weights):
        if sum(weights.values()) == 0:
            display(Text(_("Give at least one criterion a weight above 0.")))
            return
        display(ranking(params, weights).charts[0])

    return ipywidgets.interactive(redraw, **sliders)


def _frameworks() -> tuple[pd.DataFrame, pd.DataFrame]:
    """The SDG indicators and GCM objectives with their titles in the current language (the official
    French or Spanish text where ``data/frameworks/official_titles.csv`` has one, English otherwise)."""
    return framework_table("sdg_indicators"), framework_table("gcm_objectives")


def alignment(params) -> Finding:
    """Finding ``priorities.alignment``: SDG targets and indicators and GCM objectives per objective (codes checked)."""
    table = template(params, "priorities")
    sdg, gcm = _frameworks()
    titles = dict(zip(sdg.indicator_code, sdg.indicator)) | {target: t("target {code}", code=target) for target in sdg.target}
    gcm_names = dict(zip(gcm.number, gcm.short_name))
    rows = []
    for r in table.itertuples():
        codes = [c.removeprefix("SDG").strip() for c in split_list(r.sdg_indicators)]
        numbers = [c.removeprefix("GCM").strip() for c in split_list(r.gcm_objectives)]
        rows.append({
            "Id": r.priority_id, "Objective": r.objective,
            "SDG": fmt.semicolons(f"{c} {_short(titles.get(c, ''), 60)}" for c in codes),
            "GCM objectives": fmt.semicolons(f"{n} {gcm_names[n]}" for n in numbers),
        })
    rows = pd.DataFrame(rows)
    sdg_cited = {c for cell in table.sdg_indicators for c in split_list(cell)}
    f = PlanFinding(params, "priorities.alignment", _("Alignment with the SDGs and the GCM"))
    objectives, sdg_codes = f.count("objectives", _("Objectives"), len(rows)), f.count("sdg", _("SDG codes cited"), len(sdg_cited))
    without = f.name("unaligned", rows[(rows.SDG == "") & (rows["GCM objectives"] == "")].Id)
    f.say(t("The {objectives} objectives cite {sdg} SDG targets or indicators, all found in "
            "data/frameworks; objectives with no SDG or GCM alignment: {unaligned}.",
            objectives=objectives.text, sdg=sdg_codes.text, unaligned=fmt.listing(without)))
    rows = rows.replace({"SDG": {"": _("none")}, "GCM objectives": {"": _("none")}}).rename(columns={
        "Id": _("Id"), "Objective": _("Objective"), "SDG": _("SDG"), "GCM objectives": _("GCM objectives")})
    f.table(rows, _("SDG and GCM alignment per objective"), _("titles from data/frameworks"))
    return f.finding()


def gcm_coverage(params) -> Finding:
    """Finding ``priorities.gcm_coverage``: which of the 23 GCM objectives the objectives touch and which they miss."""
    table = template(params, "priorities")
    gcm = _frameworks()[1]
    citing = {n: [] for n in gcm.number}
    for r in table.itertuples():
        for n in split_list(r.gcm_objectives):
            citing[n.removeprefix("GCM").strip()].append(r.priority_id)
    gcm["objectives"] = [len(citing[n]) for n in gcm.number]
    touched = gcm[gcm.objectives > 0]
    f = PlanFinding(params, "priorities.gcm_coverage", _("GCM objectives touched and missed"))
    n_touched, total = f.count("touched", _("GCM objectives touched"), len(touched)), f.count("total", _("GCM objectives"), GCM_OBJECTIVE_COUNT)
    missed = f.count("missed", _("GCM objectives missed"), (gcm.objectives == 0).sum())
    f.say(t("The plan's objectives touch {touched} of the {total} GCM objectives ({names}) and miss {missed}.",
            touched=n_touched.text, total=total.text, names=fmt.listing(f.name("touched", touched.short_name)), missed=missed.text))
    fig, (ax,) = style.new_figure(height=6.2)
    shown = gcm.iloc[::-1]
    ax.barh([f"{n}. {s}" for n, s in zip(shown.number, shown.short_name)], shown.objectives.clip(lower=0.08),
            color=[style.COUNTRY if k else style.NEUTRAL for k in shown.objectives])
    ax.set_xlabel(_("Plan objectives citing it (grey: missed)"))
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_title(t("The {count} GCM objectives: touched and missed", count=GCM_OBJECTIVE_COUNT))
    ax.tick_params(axis="y", labelsize=7.5)
    ax.grid(axis="y", visible=False)
    f.chart(fig, _("Bar chart of the GCM objectives by number of plan objectives citing them"), _("GCM objectives: data/frameworks/gcm_objectives.csv"))
    rows = gcm.assign(cited_by=[fmt.semicolons(citing[n]) or fmt.NOT_APPLICABLE for n in gcm.number])[["number", "short_name", "cited_by"]]
    f.table(rows.rename(columns={"number": _("GCM"), "short_name": _("Objective"), "cited_by": _("Cited by")}),
            _("GCM objectives and the plan objectives citing them"))
    return f.finding()


NON_ANSWERS = frozenset({"", "none", "n/a", "na", "-", "--", "no", "nil", "not applicable", "tbd"})
"""A ``gender_gap`` cell holding one of these names no gap."""
GENDER_WORDS = re.compile(r"\b(women|woman|girls?|gender|sex|female|men and women|women and men)\b", re.IGNORECASE)
"""Words that make an objective's wording gender-specific."""
GENDER_TESTS = (
    N_("Gender gap named, with a Stage 1 gender finding"),
    N_("Gender score {min} or more"),
    N_("Women consulted"),
    N_("Gender-specific objective or indicator by sex (Stage 3)"),
)
"""The Stage 2 gender-responsiveness tests, in the order the chapter and the table give them (in English,
``{min}`` for ``GENDER_SCORE_MIN``); ``gender_test`` gives one as the table heads it."""


def gender_test(test: str) -> str:
    """A test of ``GENDER_TESTS`` in the current language, its score threshold filled in."""
    return t(test, min=GENDER_SCORE_MIN)


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
        rows.append({_("Id"): r.priority_id, **{gender_test(test): _("yes") if ok else _("no") for test, ok in zip(GENDER_TESTS, passed)}})
    rows = pd.DataFrame(rows)
    tests = rows.columns[1:]
    passed = (rows[tests] == _("yes")).sum(axis=1)
    failing = rows[passed < len(tests)]
    rows[_("Tests passed")] = passed
    f = PlanFinding(params, "priorities.gender_check", _("Gender-responsiveness check per objective"))
    passing = f.count("passing", _("Objectives passing every test"), len(rows) - len(failing))
    objectives, n_tests = f.count("objectives", _("Objectives"), len(rows)), f.count("tests", _("Tests"), len(tests))
    f.count("gender_min", _("Gender score threshold"), GENDER_SCORE_MIN)
    gaps = f.name("failing", [f"{i} ({'; '.join(test[0].lower() + test[1:] for test in tests if rows.at[n, test] == _('no'))})"
                              for n, i in failing.iloc[:, 0].items()])
    f.say(t("{passing} of the {objectives} objectives pass all {tests} gender-responsiveness tests; to strengthen: {gaps}.",
            passing=passing.text, objectives=objectives.text, tests=n_tests.text, gaps=fmt.listing(gaps)))
    f.table(rows, _("Gender-responsiveness tests per objective"))
    return f.finding()
