"""Stage 2, goals and priorities: candidate objectives traced to Stage 1 findings, ranked on
weighted criteria (weights are a parameter; sliders in JupyterLab), aligned to SDG and GCM codes,
with the GCM objectives touched and missed and a gender-responsiveness check per objective."""

from __future__ import annotations

import re
from collections.abc import Mapping

import pandas as pd
from matplotlib.ticker import MaxNLocator

from ..constants import GCM_OBJECTIVE_COUNT, PRIORITY_CRITERIA, PRIORITY_WEIGHTS
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
    "cost": "Cost and fundability",
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


def scores(priorities: pd.DataFrame, weights: Mapping[str, float] | None = None) -> pd.DataFrame:
    """Weighted score (1-5) of each objective, highest first: sum(weight x score) / sum(weights)."""
    weights = check_weights(weights)
    total = sum(weights.values())
    out = priorities[["priority_id", "objective"]].copy()
    out["score"] = sum(priorities[f"score_{c}"] * w for c, w in weights.items()) / total
    out["score"] = out.score.round(2)
    out = out.sort_values(["score", "priority_id"], ascending=[False, True]).reset_index(drop=True)
    out.insert(0, "rank", range(1, len(out) + 1))
    return out


def objectives(params) -> Finding:
    """Finding ``priorities.objectives``: candidate objectives, each traced to the Stage 1 findings behind it."""
    table = template(params, "priorities")
    cited = sorted({i for cell in table.finding_ids for i in split_list(cell)})
    f = PlanFinding(params, "priorities.objectives", "Candidate objectives and their evidence")
    objectives, findings = f.count("objectives", "Candidate objectives", len(table)), f.count("findings", "Stage 1 findings cited", len(cited))
    f.say(f"{objectives.text} candidate objectives cite {findings.text} different Stage 1 findings ({', '.join(cited)}); "
          "every cited id is one the Stage 1 notebooks print.")
    rows = table[["priority_id", "objective", "finding_ids", "lead"]].rename(
        columns={"priority_id": "Id", "objective": "Objective", "finding_ids": "Stage 1 findings", "lead": "Lead"}
    )
    f.table(rows, "Candidate objectives traced to Stage 1 findings")
    return f.finding()


def ranking(params, weights: Mapping[str, float] | None = None) -> Finding:
    """Finding ``priorities.ranking``: objectives ranked by weighted criteria scores (weights a parameter)."""
    weights = check_weights(weights)
    table = template(params, "priorities")
    ranked = scores(table, weights)
    total = sum(weights.values())
    f = PlanFinding(params, "priorities.ranking", "Ranking on weighted criteria")
    weight = {c: f.fact(f"weight:{c}", f"Weight of {CRITERIA_NAMES[c].lower()}", 100 * w / total, "%") for c, w in weights.items()}
    score = {r.priority_id: f.fact(f"score:{r.priority_id}", f"{r.priority_id} weighted score", r.score, "score") for r in ranked.itertuples()}
    scale = f.fact("scale", "Score scale", "1-5", "count")
    order = ", ".join(f"{p} ({score[p].text})" for p in ranked.priority_id)
    top = ranked.iloc[0]
    f.name("top", [top.priority_id])
    weight_text = ", ".join(f"{CRITERIA_NAMES[c].lower()} {weight[c].text}" for c in PRIORITY_CRITERIA)
    f.say(f"With weights {weight_text}, the ranking on the {scale.text} scale is {order}; first: {top.priority_id}, '{top.objective}'.")
    fig, (ax,) = style.new_figure(height=0.6 * len(ranked) + 1.6)
    shown = ranked.iloc[::-1]
    ax.barh([f"{r.priority_id} {_short(r.objective)}" for r in shown.itertuples()], shown.score, color=style.COUNTRY)
    ax.set_xlim(1, 5)
    ax.set_xlabel("Weighted score (1 low - 5 high)")
    ax.set_title("Candidate objectives ranked")
    ax.grid(axis="y", visible=False)
    ax.tick_params(axis="y", labelsize=8)
    f.chart(fig, "Bar chart of weighted scores")
    f.chart(_matrix(table), "", alt=f"Priority matrix: each objective placed by its development-impact and institutional-feasibility scores "
                                   f"({scale.text}); top right are quick wins, top left need capacity first. ({f.label}.)")
    detail = table.set_index("priority_id")[[f"score_{c}" for c in PRIORITY_CRITERIA]]
    detail.columns = [CRITERIA_NAMES[c] for c in PRIORITY_CRITERIA]
    shown_table = ranked.rename(columns={"rank": "Rank", "priority_id": "Id", "objective": "Objective", "score": "Weighted score"})
    f.table(shown_table.join(detail, on="Id"), "Scores (1-5) and weighted score", units={"Weighted score": "score"})
    return f.finding()


def _matrix(table: pd.DataFrame):
    """Impact x feasibility grid of the objectives (the chapter's priority matrix)."""
    fig, (ax,) = style.new_figure(width=7, height=5)
    jitter = table.groupby(["score_feasibility", "score_impact"]).cumcount() * 0.3
    ax.scatter(table.score_feasibility + jitter, table.score_impact, s=90, color=style.COUNTRY, edgecolor="black", zorder=3)
    for x, y, name in zip(table.score_feasibility + jitter, table.score_impact, table.priority_id):
        ax.annotate(name, (x, y), xytext=(7, 4), textcoords="offset points", fontsize=9)
    ax.axhline(2.5, color="#777777", lw=0.8)  # 3 or more counts as high
    ax.axvline(2.5, color="#777777", lw=0.8)
    ax.set_xlim(0.5, 5.7)
    ax.set_ylim(0.5, 5.5)
    ax.set_xlabel("Institutional feasibility (1-5)")
    ax.set_ylabel("Development impact (1-5)")
    ax.set_title("Priority matrix: impact and feasibility")
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
