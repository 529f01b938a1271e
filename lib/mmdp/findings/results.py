"""Stage 3, action plan: the results framework (goal -> outcomes -> outputs -> indicators) as a
table and a diagram, with checks: complete indicators, disaggregation of indicators about
people, codes that exist, outcomes that trace back to a Stage 2 priority.

Baselines of indicators marked ``baseline_from_data`` come from the embedded data for the chosen
place (``baselines.baseline_for``: the embedded global data, or the national figures for ``national:<code>``); the others from the inputs."""

from __future__ import annotations

import pandas as pd

from ..i18n import N_, _, t
from ..inputs.planning import ANNUAL_TARGET_SCHEMA, split_list
from ..inputs.workbook import optional_template
from ..paths import frameworks_dir
from ..render import format as fmt
from ..render import style
from .base import Finding
from .baselines import BY_SEX_INSTEAD, GENDER_SPECIFIC, NATIONAL_ORIGIN, baseline_for
from .plan import PlanFinding, template

REQUIRED = {
    "baseline_value": N_("baseline value"),
    "baseline_year": N_("baseline year"),
    "baseline_source": N_("baseline source"),
    "target_value": N_("target"),
    "target_year": N_("target year"),
    "unit": N_("unit"),
    "means_of_verification": N_("means of verification"),
}
"""What every indicator needs (column: words in a flag, in English; ``_()`` gives them in the current language)."""

LEVELS = {"goal": N_("goal"), "outcome": N_("outcome"), "output": N_("output"), "indicator": N_("indicator")}
"""The results chain's levels (the template's codes) as the results matrix names them; ``_()`` translates."""

INPUTS_ORIGIN = N_("inputs")
"""``baseline_origin`` of a baseline typed in the indicators template (``_()`` translates it for display)."""


def migratory_status_codes() -> set[str]:
    """SDG indicators whose official wording asks for a breakdown by migrant or migratory status."""
    sdg = pd.read_csv(frameworks_dir() / "sdg_indicators.csv", dtype=str)
    return set(sdg[sdg.indicator.str.contains("migra(?:nt|tory) status", case=False)].indicator_code)


def indicator_table(params) -> pd.DataFrame:
    """The indicators with their baselines: from the embedded data where marked, else from the inputs."""
    table = template(params, "indicators").copy()
    table["baseline_origin"], table["baseline_basis"] = INPUTS_ORIGIN, ""
    for i, code in table.baseline_from_data.items():
        if isinstance(code, str):
            fact, origin = baseline_for(code, params.place, params.year, params.national)
            table.loc[i, "baseline_value"] = None if fact.missing else float(fact.value)
            table.loc[i, "baseline_year"] = fact.year
            table.loc[i, "baseline_source"] = fact.source if not fact.missing else None
            table.loc[i, "baseline_origin"], table.loc[i, "baseline_basis"] = origin, fact.basis
    return table


def annual_targets(params) -> pd.DataFrame:
    """The intermediate targets (template ``annual_targets``, optional), by indicator and year; empty
    with the template's columns when the inputs have none."""
    frame = optional_template(params.inputs, "annual_targets")
    if frame is None:
        return pd.DataFrame(columns=list(ANNUAL_TARGET_SCHEMA.columns))
    return frame.sort_values(["indicator_id", "year"]).reset_index(drop=True)


def annual_target_text(rows: pd.DataFrame, unit: str) -> str:
    """'2027: 3,000 (women 1,200, men 1,800); 2028: ...' for one indicator's annual targets."""
    parts = []
    for r in rows.itertuples():
        sexes = [t(words, value=fmt.value(v, unit)) for words, v in ((N_("women {value}"), r.target_women), (N_("men {value}"), r.target_men))
                 if pd.notna(v)]
        total = fmt.value(r.target_value, unit) if pd.notna(r.target_value) else ""
        parts.append(f"{r.year}: " + " ".join(filter(None, [total, f"({', '.join(sexes)})" if sexes else ""])))
    return fmt.semicolons(parts) or fmt.NOT_APPLICABLE


def _value(value: object, unit: str) -> str:
    return fmt.value(value, unit)


def framework(params) -> Finding:
    """Finding ``results.framework``: goal, outcomes, outputs and indicators as a readable table and a diagram."""
    results = template(params, "results")
    indicators = indicator_table(params)
    levels = results.level.value_counts()
    from_data = indicators.baseline_from_data.notna()
    yearly = annual_targets(params)
    f = PlanFinding(params, "results.framework", _("Results framework"))
    outcomes, outputs = f.count("outcomes", _("Outcomes"), levels.get("outcome", 0)), f.count("outputs", _("Outputs"), levels.get("output", 0))
    n_indicators = f.count("indicators", _("Indicators"), len(indicators))
    with_annual = f.count("with_annual", _("Indicators with intermediate (annual) targets"), yearly.indicator_id.nunique())
    n_from_data = f.count("from_data", _("Baselines from the embedded data"), from_data.sum())
    available = f.count("from_data_available", _("Baselines from the embedded data with a value"), (from_data & indicators.baseline_value.notna()).sum())
    goal = results[results.level == "goal"].iloc[0]
    f.say(t("The results framework links one goal to {outcomes} outcomes, {outputs} outputs and {indicators} indicators; "
            "{from_data} indicators take their baseline from the embedded international data for {place}, and "
            "{available} of those have a value; {with_annual} indicators have intermediate (annual) targets.",
            outcomes=outcomes.text, outputs=outputs.text, indicators=n_indicators.text, from_data=n_from_data.text,
            place=params.place.local_name, available=available.text, with_annual=with_annual.text))
    rows = []
    order = [goal.result_id]
    for oc in results[results.parent_id == goal.result_id].result_id:
        order.append(oc)
        order.extend(results[results.parent_id == oc].result_id)
    by_id = results.set_index("result_id")
    for rid in order:
        level = by_id.at[rid, "level"]
        indent = {"goal": "", "outcome": "  ", "output": "    "}[level]
        empty = dict.fromkeys((_("Baseline"), _("Target"), _("Annual targets"), _("Source"), _("Means of verification"), _("Frequency"),
                               _("Responsible")), fmt.NOT_APPLICABLE)
        rows.append({_("Level"): _(LEVELS[level]), _("Id"): rid, _("Result or indicator"): indent + by_id.at[rid, "statement"],
                     _("Plan pillar"): _text(by_id.at[rid, "plan_pillar"]), **empty,
                     _("Assumptions and risks"): _text(by_id.at[rid, "assumptions_risks"])})
        for r in indicators[indicators.result_id == rid].itertuples():
            base = _value(r.baseline_value, r.unit) + ("" if pd.isna(r.baseline_year) else f" ({int(r.baseline_year)})")
            target = _value(r.target_value, r.unit) + ("" if pd.isna(r.target_year) else f" ({int(r.target_year)})")
            target += f", {r.target_type}" if isinstance(r.target_type, str) else ""
            rows.append({_("Level"): _(LEVELS["indicator"]), _("Id"): r.indicator_id, _("Result or indicator"): indent + "  - " + r.indicator,
                         _("Plan pillar"): fmt.NOT_APPLICABLE, _("Baseline"): base, _("Target"): target,
                         _("Annual targets"): annual_target_text(yearly[yearly.indicator_id == r.indicator_id], r.unit),
                         _("Source"): _text(r.baseline_source, fmt.not_available()),
                         _("Means of verification"): _text(r.means_of_verification, fmt.not_available()),
                         _("Frequency"): _text(r.frequency, fmt.not_available()), _("Responsible"): _text(r.responsible, fmt.not_available()),
                         _("Assumptions and risks"): fmt.NOT_APPLICABLE})
    f.chart(_tree(results, order, indicators), _("Tree diagram of the results framework"))
    f.table(pd.DataFrame(rows), _("Results matrix: goal, outcomes, outputs, indicators (UNDG RBM format)"),
            _("baselines marked from the embedded data: sources as listed; responsible: stakeholder ids"))
    outcomes_table = results[results.level == "outcome"]
    f.table(outcomes_table[["result_id", "statement", "theory_of_change"]].fillna(fmt.not_available()).rename(
        columns={"result_id": _("Outcome"), "statement": _("Statement"), "theory_of_change": _("Theory of change (if ... then ...)")}),
        _("Theory of change per outcome"))
    return f.finding()


def _text(value: object, missing: str = fmt.NOT_APPLICABLE) -> str:
    return value if isinstance(value, str) and value.strip() else missing


def _tree(results, order, indicators):
    by_id = results.set_index("result_id")
    n = len(order)
    fig, (ax,) = style.new_figure(width=10, height=0.42 * n + 1.2)
    ax.axis("off")
    x = {"goal": 0.0, "outcome": 0.06, "output": 0.12}
    colours = {"goal": style.COUNTRY, "outcome": style.PEERS[1], "output": style.PEERS[0]}
    ys = {}
    for k, rid in enumerate(order):
        level = by_id.at[rid, "level"]
        y = n - k
        ys[rid] = y
        text = by_id.at[rid, "statement"]
        text = text if len(text) <= 80 else text[:79] + "…"
        n_ind = int((indicators.result_id == rid).sum())
        ax.text(x[level], y, t("{id}  {statement}  [{n} ind.]", id=rid, statement=text, n=n_ind), fontsize=8.5, va="center",
                bbox={"boxstyle": "round,pad=0.3", "facecolor": colours[level], "alpha": 0.25, "edgecolor": colours[level]})
        parent = by_id.at[rid, "parent_id"]
        if isinstance(parent, str) and parent in ys:
            px = x[by_id.at[parent, "level"]] + 0.01
            ax.plot([px, px, x[level] - 0.004], [ys[parent] - 0.3, y, y], color="#777777", lw=0.8)
    ax.set_xlim(0, 1)
    ax.set_ylim(0.3, n + 0.7)
    ax.set_title(_("Results framework (goal, outcomes, outputs; indicators per result in brackets)"))
    return fig


def indicator_checks(params) -> Finding:
    """Finding ``results.indicator_checks``: indicators missing a baseline, source, year, target, unit or means of verification."""
    indicators = indicator_table(params)
    rows = []
    for r in indicators.itertuples():
        missing = [column for column in REQUIRED if fmt.is_missing(getattr(r, column))]
        if missing:
            why = ""
            if r.baseline_origin != INPUTS_ORIGIN and "baseline_value" in missing:
                place = params.place.local_name
                why = (t("no value for {place} in the national figures", place=place) if r.baseline_origin == NATIONAL_ORIGIN
                       else t("no value for {place} in the embedded data", place=place)) + (f": {r.baseline_basis}" if r.baseline_basis else "")
            rows.append({"Id": r.indicator_id, "Indicator": r.indicator, "Missing": ", ".join(_(REQUIRED[c]) for c in missing),
                         "Note": why or fmt.NOT_APPLICABLE})
    flagged = [f"{r['Id']} ({r['Missing']})" for r in rows]
    results = template(params, "results")
    bare = results[~results.result_id.isin(indicators.result_id)]
    for r in bare.itertuples():
        rows.append({"Id": r.result_id, "Indicator": t("({level} with no indicator) {statement}", level=_(LEVELS[r.level]), statement=r.statement),
                     "Missing": _("an indicator"), "Note": _("a result with no indicator cannot be monitored; add one to indicators")})
    f = PlanFinding(params, "results.indicator_checks", _("Indicator completeness"))
    complete = f.count("complete", _("Complete indicators"), len(indicators) - len(flagged))
    total = f.count("indicators", _("Indicators"), len(indicators))
    flagged = f.name("flag", flagged)
    no_indicator = f.name("no_indicator", bare.result_id)
    f.say(t("{complete} of the {total} indicators have a baseline value, source and year, a target "
            "and target year, a unit and a means of verification; to complete: {flagged}. "
            "Results with no indicator: {no_indicator}.",
            complete=complete.text, total=total.text, flagged=fmt.listing(flagged), no_indicator=fmt.listing(no_indicator)))
    columns = {"Id": _("Id"), "Indicator": _("Indicator"), "Missing": _("Missing"), "Note": _("Note")}
    f.table(pd.DataFrame(rows, columns=list(columns)).rename(columns=columns), _("Indicators to complete"))
    return f.finding()


def widens_gender_gap(row) -> bool:
    """Targets for women and men further apart than their baselines: for counts of people, women's
    share further from half; for other units, a larger difference between women's and men's values."""
    values = [getattr(row, c) for c in ("baseline_women", "baseline_men", "target_women", "target_men")]
    if any(pd.isna(v) for v in values):
        return False
    bw, bm, tw, tm = values
    if row.unit in ("count", "people"):
        if bw + bm <= 0 or tw + tm <= 0:
            return False
        return abs(tw / (tw + tm) - 0.5) > abs(bw / (bw + bm) - 0.5) + 1e-9
    return abs(tw - tm) > abs(bw - bm) + 1e-9


def disaggregation(params) -> Finding:
    """Finding ``results.disaggregation``: indicators about people not broken down by sex, or not by migratory status where their SDG indicator asks."""
    indicators = template(params, "indicators")
    asks = migratory_status_codes()
    people = indicators[indicators.about_people == "yes"]
    no_sex = people[(people.by_sex != "yes") & ~people.baseline_from_data.isin(list(GENDER_SPECIFIC))]
    wants_status = indicators[indicators.sdg_indicator.map(lambda c: any(x in asks for x in split_list(c)))]
    no_status = wants_status[wants_status.by_migratory_status != "yes"]
    widening = indicators[[widens_gender_gap(r) for r in indicators.itertuples()]]
    f = PlanFinding(params, "results.disaggregation", _("Disaggregation by sex and migratory status"))
    n_people = f.count("people", _("Indicators about people"), len(people))
    by_sex = f.count("by_sex", _("Indicators about people broken down by sex, or a gender-inequality index"), len(people) - len(no_sex))
    asked = f.count("status_asked", _("Indicators whose SDG indicator asks for migratory status"), len(wants_status))
    by_status = f.count("by_status", _("Of those, broken down by migratory status"), len(wants_status) - len(no_status))
    f.say(t("{by_sex} of the {people} indicators about people are broken down by sex or measure gender inequality itself (flagged: "
            "{no_sex}); {by_status} of the {asked} indicators "
            "whose SDG indicator asks for migratory status have it (flagged: {no_status}); "
            "targets for women and men that would widen the gender gap: {widening}.",
            by_sex=by_sex.text, people=n_people.text, no_sex=fmt.listing(f.name("no_sex", no_sex.indicator_id)), by_status=by_status.text,
            asked=asked.text, no_status=fmt.listing(f.name("no_status", no_status.indicator_id)),
            widening=fmt.listing(f.name("widening", widening.indicator_id))))
    rows = indicators[["indicator_id", "indicator", "sdg_indicator", "about_people", "by_sex", "by_migratory_status"]].copy()
    rows["flag"] = fmt.NOT_APPLICABLE
    rows.loc[no_sex.index, "flag"] = _("about people, not by sex")
    rows.loc[widening.index, "flag"] = _("target widens the gender gap")
    for code, note in {**GENDER_SPECIFIC, **BY_SEX_INSTEAD}.items():
        rows.loc[indicators.baseline_from_data == code, "flag"] = _(note)
    rows.loc[no_status.index, "flag"] = _("SDG asks for migratory status")
    rows = rows.fillna({"sdg_indicator": fmt.NOT_APPLICABLE}).rename(columns={
        "indicator_id": _("Id"), "indicator": _("Indicator"), "sdg_indicator": _("SDG"), "about_people": _("About people"),
        "by_sex": _("By sex"), "by_migratory_status": _("By migratory status"), "flag": _("Flag")})
    f.table(rows, _("Disaggregation of each indicator"))
    return f.finding()


def traceability(params) -> Finding:
    """Finding ``results.traceability``: each outcome traces to a Stage 2 priority; priorities without an outcome named."""
    results = template(params, "results")
    priorities = template(params, "priorities")
    outcomes = results[results.level == "outcome"]
    served = set(outcomes.priority_id.dropna())
    f = PlanFinding(params, "results.traceability", _("Outcomes traced to priorities"))
    n_outcomes = f.count("outcomes", _("Outcomes"), len(outcomes))
    traced = f.count("traced", _("Outcomes citing a priority"), outcomes.priority_id.notna().sum())
    f.count("priorities", _("Stage 2 priorities"), len(priorities))
    orphan = f.name("orphan", [p for p in priorities.priority_id if p not in served])
    f.say(t("{traced} of the {outcomes} outcomes cite the Stage 2 priority they serve, and every SDG and "
            "GCM code was checked against data/frameworks when the inputs were read; priorities with no outcome yet: {orphan}.",
            traced=traced.text, outcomes=n_outcomes.text, orphan=fmt.listing(orphan)))
    rows = outcomes.merge(priorities[["priority_id", "objective"]], on="priority_id", how="left")[["result_id", "statement", "priority_id", "objective"]]
    f.table(rows.rename(columns={"result_id": _("Outcome"), "statement": _("Statement"), "priority_id": _("Priority"), "objective": _("Stage 2 objective")}),
            _("Outcomes and the priorities they serve"))
    return f.finding()
