"""Stage 6, monitoring and evaluation: the M&E framework with baselines for data-backed indicators
from the embedded data for the chosen place (source, edition, year), targets from the inputs,
progress of the monitoring rounds against the targets, and a data-readiness and
disaggregation-completeness score."""

from __future__ import annotations

import pandas as pd

from ..render import format as fmt
from ..render import style
from ..render.display import Table
from .base import Fact, Finding
from .baselines import DATA_INDICATORS, GLOBAL_ORIGIN, data_baselines
from .plan import count, label, named, template
from .results import indicator_table


def framework_table(params) -> pd.DataFrame:
    """The plan's indicators, then every data-backed indicator the plan lacks as a context indicator (no target)."""
    plan = indicator_table(params)
    plan["kind"] = "plan"
    used = set(plan.baseline_from_data.dropna())  # a "national:<code>" baseline keeps the global one beside it, as context
    facts = data_baselines(params.place, params.year)
    extra = []
    for ind in DATA_INDICATORS:
        if ind.code in used:
            continue
        fact = facts[ind.code]
        extra.append({
            "indicator_id": f"ctx:{ind.code}", "result_id": fmt.NOT_APPLICABLE, "indicator": ind.label, "baseline_from_data": ind.code,
            "unit": fact.unit, "about_people": "yes" if ind.by_sex or ind.by_migratory_status else "no",
            "by_sex": "yes" if ind.by_sex else "no", "by_migratory_status": "yes" if ind.by_migratory_status else "no",
            "baseline_value": None if fact.missing else float(fact.value), "baseline_year": fact.year,
            "baseline_source": None if fact.missing else fact.source, "target_value": None, "target_year": None,
            "means_of_verification": fact.source, "baseline_origin": GLOBAL_ORIGIN, "baseline_basis": fact.basis, "kind": "context",
        })
    return pd.DataFrame(plan.to_dict("records") + extra) if extra else plan


def latest_rounds(params) -> pd.DataFrame:
    """The latest monitoring value per indicator, with its round and date."""
    rounds = template(params, "monitoring").dropna(subset=["value"]).sort_values("date")
    return rounds.groupby("indicator_id").tail(1).set_index("indicator_id")


def framework(params) -> Finding:
    """Finding ``monitoring.framework``: indicators with baseline (value, year, source and edition), target and latest value."""
    table = framework_table(params)
    latest = latest_rounds(params)
    data_backed = table[table.baseline_from_data.notna()]
    missing = data_backed[data_backed.baseline_value.isna()]
    facts = {"indicators": count("Indicators in the framework", len(table)), "context": count("Context indicators added", (table.kind == "context").sum()),
             "data": count("Data-backed indicators", len(data_backed)), "data_have": count("Data-backed baselines available", len(data_backed) - len(missing))}
    facts |= named("missing", missing.indicator.tolist())
    lab = label(params)
    sentence = (
        f"The M&E framework holds {facts['indicators'].text} indicators ({facts['context'].text} context indicators added from the embedded data); "
        f"{facts['data_have'].text} of the {facts['data'].text} data-backed baselines exist for {params.name}"
        + (f"; not available: {fmt.listing(missing.indicator.tolist())}" if len(missing) else "")
        + f". Targets and monitoring rounds: {lab}."
    )
    rows = []
    for r in table.itertuples():
        last = latest.loc[r.indicator_id] if r.indicator_id in latest.index else None
        rows.append({
            "Id": r.indicator_id, "Indicator": r.indicator,
            "Baseline": fmt.value(r.baseline_value, r.unit), "Baseline year": fmt.year(r.baseline_year),
            "Baseline from": r.baseline_origin + (f" ({r.baseline_basis})" if r.baseline_basis else ""),
            "Baseline source": r.baseline_source if isinstance(r.baseline_source, str) else fmt.NOT_AVAILABLE,
            "Target": fmt.value(r.target_value, r.unit) + ("" if pd.isna(r.target_year) else f" ({int(r.target_year)})"),
            "Latest value": fmt.NOT_AVAILABLE if last is None else f"{fmt.value(last.value, r.unit)} ({last['round']})",
        })
    return Finding("monitoring.framework", "M&E framework", facts, sentence,
                   tables=(Table(pd.DataFrame(rows), "M&E framework", f"Baselines of data-backed indicators: embedded data, sources as listed; other baselines, targets and rounds: {lab}.", index=False),))


def progress(params) -> Finding:
    """Finding ``monitoring.progress``: how far each indicator has moved from baseline towards target in the latest round."""
    table = framework_table(params).set_index("indicator_id")
    rounds = template(params, "monitoring").dropna(subset=["value"]).sort_values("date")
    rows, steps = [], []
    for ind, group in rounds.groupby("indicator_id", sort=True):
        r = table.loc[ind]
        base, target = r.baseline_value, r.target_value
        share = None
        if pd.notna(base) and pd.notna(target) and target != base:
            share = 100 * (group.value.iloc[-1] - base) / (target - base)
            steps += [{"indicator_id": ind, "round": k, "progress": 100 * (v - base) / (target - base)} for k, v in zip(group["round"], group.value)]
        rows.append({"indicator_id": ind, "indicator": r.indicator, "round": group["round"].iloc[-1], "progress": share})
    rows = pd.DataFrame(rows, columns=["indicator_id", "indicator", "round", "progress"])
    steps = pd.DataFrame(steps, columns=["indicator_id", "round", "progress"])
    measured = rows.dropna(subset=["progress"]).sort_values(["progress", "indicator_id"], ascending=[False, True])
    unmeasured = rows[rows.progress.isna()].indicator_id.tolist()
    facts = {f"progress:{r.indicator_id}": Fact(f"{r.indicator_id} progress", r.progress, "%") for r in measured.itertuples()}
    facts |= {"tracked": count("Indicators with a monitoring value", len(rows)), "measured": count("With baseline and target", len(measured)),
              "rounds": count("Monitoring rounds", rounds["round"].nunique())}
    facts |= named("unmeasured", unmeasured)
    lab = label(params)
    listed = ", ".join(f"{r.indicator_id} {facts[f'progress:{r.indicator_id}'].text}" for r in measured.itertuples())
    sentence = (
        f"{facts['tracked'].text} indicators have values from {facts['rounds'].text} monitoring rounds; of the way from baseline to target, "
        f"the latest round has covered: {listed or 'none'}"
        + (f"; no baseline or target to compare for {fmt.listing(unmeasured)}" if unmeasured else "") + f". ({lab}.)"
    )
    if measured.empty:
        chart = style.no_data_chart("Progress towards targets", "No indicator has a baseline, a target and a monitoring value.", lab + ".")
    else:
        fig, (ax,) = style.new_figure(height=0.45 * len(measured) + 1.6)
        order = measured.indicator_id.tolist()[::-1]
        names = dict(zip(measured.indicator_id, measured.indicator))
        ax.set_yticks(range(len(order)), [f"{i} {names[i][:40]}" for i in order], fontsize=8)
        ax.axvline(0, color=style.NEUTRAL, lw=1)
        ax.axvline(100, color=style.TARGET, lw=1.2)
        for k, (name, part) in enumerate(steps.groupby("round", sort=True)):
            part = part[part.indicator_id.isin(order)]
            ax.scatter(part.progress.clip(-20, 120), part.indicator_id.map(order.index), s=45, zorder=3,
                       color=style.CATEGORIES[k % len(style.CATEGORIES)], label=name)
        for ind, part in steps[steps.indicator_id.isin(order)].groupby("indicator_id"):
            ax.plot(part.progress.clip(-20, 120), [order.index(ind)] * len(part), color="#777777", lw=0.8)
        ax.text(100, -0.9, " target", color=style.TARGET, fontsize=8)
        ax.text(0, -0.9, " baseline", color="#555555", fontsize=8)
        ax.set_ylim(-1.1, len(order) - 0.5)
        ax.set_xlim(-22, 125)
        ax.set_xlabel("% of the way from baseline to target, by monitoring round")
        ax.set_title("Progress towards targets")
        ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.0, 1.0))
        ax.grid(axis="y", visible=False)
        chart = style.render(fig, f"Dot chart of progress towards targets by monitoring round. {sentence}", lab + "; baselines of data-backed indicators: embedded data.")
    detail = rounds.merge(table[["indicator", "unit"]], left_on="indicator_id", right_index=True)
    detail["value"] = [fmt.value(v, u) for v, u in zip(detail.value, detail.unit)]
    detail["date"] = detail.date.dt.strftime("%Y-%m-%d")
    pivot = detail.pivot_table(index=["indicator_id", "indicator"], columns="round", values="value", aggfunc="first").fillna(fmt.NOT_AVAILABLE)
    pivot.columns = [str(c) for c in pivot.columns]
    return Finding("monitoring.progress", "Progress against targets", facts, sentence, charts=(chart,),
                   tables=(Table(pivot.reset_index().rename(columns={"indicator_id": "Id", "indicator": "Indicator"}), "Values by monitoring round", lab + ".", index=False),))


def readiness_score(params) -> Finding:
    """Finding ``monitoring.data_readiness``: how many indicators can be measured now, how many by sex, how many by migratory status."""
    table = framework_table(params)
    now = table.baseline_value.notna()
    people = table.about_people == "yes"
    sex = people & (table.by_sex == "yes")
    status = table.by_migratory_status == "yes"
    n = len(table)
    facts = {
        "indicators": count("Indicators", n),
        "now": count("Measurable now (baseline value)", now.sum()),
        "people": count("Indicators about people", people.sum()),
        "by_sex": count("About people and by sex", sex.sum()),
        "by_status": count("By migratory status", status.sum()),
        "now_pct": Fact("Measurable now", 100 * now.mean(), "%"),
        "sex_pct": Fact("Of those about people, by sex", 100 * sex.sum() / people.sum() if people.sum() else None, "%"),
        "status_pct": Fact("By migratory status", 100 * status.mean(), "%"),
    }
    f = facts
    lab = label(params)
    sentence = (
        f"Data readiness for {params.name}: {f['now'].text} of {f['indicators'].text} indicators ({f['now_pct'].text}) can be measured now; "
        f"{f['by_sex'].text} of the {f['people'].text} about people ({f['sex_pct'].text}) are planned by sex; {f['by_status'].text} "
        f"({f['status_pct'].text}) by migratory status. ({lab}; baselines of data-backed indicators: embedded data.)"
    )
    fig, (ax,) = style.new_figure(height=2.8)
    labels = ["Measurable now", "About people: by sex", "By migratory status"]
    values = [f["now_pct"].value, f["sex_pct"].value or 0, f["status_pct"].value]
    ax.barh(labels[::-1], values[::-1], color=style.COUNTRY)
    ax.set_xlim(0, 100)
    ax.set_xlabel("% of indicators")
    ax.set_title("Data readiness and disaggregation completeness")
    ax.grid(axis="y", visible=False)
    chart = style.render(fig, f"Bar chart of the data-readiness score. {sentence}", lab + "; baselines of data-backed indicators: embedded data.")
    rows = pd.DataFrame([{"Measure": x.label, "Value": x.text} for x in facts.values()])
    return Finding("monitoring.data_readiness", "Data readiness and disaggregation completeness", facts, sentence, charts=(chart,),
                   tables=(Table(rows, "Data-readiness score", lab + ".", index=False),))
