"""Stage 6, monitoring and evaluation: the M&E framework with baselines for data-backed indicators
from the embedded data for the chosen place (source, edition, year), targets from the inputs,
progress of the monitoring rounds against the targets, and a data-readiness and
disaggregation-completeness score."""

from __future__ import annotations

import pandas as pd

from ..constants import (
    ANNUAL_REPORT_DUE,
    GCM_FORUM_FIRST,
    GCM_REGIONAL_FIRST,
    GCM_REVIEW_INTERVAL,
    SEXES,
    TRACKER_AMBER,
    TRACKER_GREEN,
)
from ..i18n import N_, _, t
from ..inputs.checks import plan_row
from ..inputs.planning import split_list
from ..inputs.workbook import optional_template
from ..render import format as fmt
from ..render import style
from .base import Finding
from .baselines import DATA_INDICATORS, GLOBAL_ORIGIN, data_baselines
from .plan import PlanFinding, template
from .results import annual_targets, indicator_table


def framework_table(params) -> pd.DataFrame:
    """The plan's indicators, then every data-backed indicator the plan lacks as a context indicator (no target;
    its name in the current language: the catalog writes the numbers in names, such as SDG 10.7.4's 'per 100,000
    population', with the language's separators)."""
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
            "indicator_id": f"ctx:{ind.code}", "result_id": fmt.NOT_APPLICABLE, "indicator": _(ind.label), "baseline_from_data": ind.code,
            "unit": fact.unit, "about_people": "yes" if ind.by_sex or ind.by_migratory_status else "no",
            "by_sex": "yes" if ind.by_sex else "no", "by_migratory_status": "yes" if ind.by_migratory_status else "no",
            "baseline_value": None if fact.missing else float(fact.value), "baseline_year": fact.year,
            "baseline_source": None if fact.missing else fact.source, "target_value": None, "target_year": None,
            "means_of_verification": fact.source, "baseline_origin": GLOBAL_ORIGIN, "baseline_basis": fact.basis, "kind": "context",
        })
    return pd.DataFrame(plan.to_dict("records") + extra) if extra else plan


def latest_rounds(params) -> pd.DataFrame:
    """The latest monitoring value per indicator, with its round and date."""
    rounds = _totals(params)
    return rounds.groupby("indicator_id").tail(1).set_index("indicator_id")


def _totals(params) -> pd.DataFrame:
    """Monitoring values for all (sex 'total'), by date."""
    rounds = template(params, "monitoring").dropna(subset=["value"])
    return rounds[rounds.sex == "total"].sort_values("date")


def framework(params) -> Finding:
    """Finding ``monitoring.framework``: indicators with baseline (value, year, source and edition), target and latest value."""
    table = framework_table(params)
    latest = latest_rounds(params)
    data_backed = table[table.baseline_from_data.notna()]
    missing = data_backed[data_backed.baseline_value.isna()]
    f = PlanFinding(params, "monitoring.framework", _("M&E framework"))
    n_indicators = f.count("indicators", _("Indicators in the framework"), len(table))
    context = f.count("context", _("Context indicators added"), (table.kind == "context").sum())
    n_data, have = f.count("data", _("Data-backed indicators"), len(data_backed)), f.count("data_have", _("Data-backed baselines available"), len(data_backed) - len(missing))
    fields = {"indicators": n_indicators.text, "context": context.text, "have": have.text, "data": n_data.text, "place": params.place.local_name}
    note = _("targets and monitoring rounds from these inputs; data-backed baselines from the embedded data")
    if len(missing):
        unavailable = [f.fact(f"missing:{r.indicator_id}", r.indicator, None, r.unit).label for r in missing.itertuples()]
        f.say(t("The M&E framework holds {indicators} indicators ({context} context indicators added from the embedded data); "
                "{have} of the {data} data-backed baselines exist for {place}; not available: {missing}.", missing=fmt.listing(unavailable), **fields), note)
    else:
        f.say(t("The M&E framework holds {indicators} indicators ({context} context indicators added from the embedded data); "
                "{have} of the {data} data-backed baselines exist for {place}.", **fields), note)
    rows = []
    for r in table.itertuples():
        last = latest.loc[r.indicator_id] if r.indicator_id in latest.index else None
        rows.append({
            _("Id"): r.indicator_id, _("Indicator"): r.indicator,
            _("Baseline"): fmt.value(r.baseline_value, r.unit), _("Baseline year"): fmt.year(r.baseline_year),
            _("Baseline from"): _(r.baseline_origin) + (f" ({r.baseline_basis})" if r.baseline_basis else ""),
            _("Baseline source"): r.baseline_source if isinstance(r.baseline_source, str) else fmt.not_available(),
            _("Target"): fmt.value(r.target_value, r.unit) + ("" if pd.isna(r.target_year) else f" ({int(r.target_year)})"),
            _("Latest value"): fmt.not_available() if last is None else f"{fmt.value(last.value, r.unit)} ({last['round']})",
        })
    f.table(pd.DataFrame(rows), _("M&E framework"), _("baselines of data-backed indicators: embedded data, sources as listed"))
    return f.finding()


def progress(params) -> Finding:
    """Finding ``monitoring.progress``: how far each indicator has moved from baseline towards target in the latest round."""
    table = framework_table(params).set_index("indicator_id")
    rounds = _totals(params)
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
    f = PlanFinding(params, "monitoring.progress", _("Progress against targets"))
    shares = [f.fact(f"progress:{r.indicator_id}", t("{id} progress", id=r.indicator_id), r.progress, "%") for r in measured.itertuples()]
    tracked = f.count("tracked", _("Indicators with a monitoring value"), len(rows))
    n_rounds = f.count("rounds", _("Monitoring rounds"), rounds["round"].nunique())
    f.count("measured", _("With baseline and target"), len(measured))
    unmeasured = f.name("unmeasured", rows[rows.progress.isna()].indicator_id)
    fields = {"tracked": tracked.text, "rounds": n_rounds.text,
              "covered": ", ".join(f"{i} {share.text}" for i, share in zip(measured.indicator_id, shares)) or _("none")}
    if unmeasured:
        f.say(t("{tracked} indicators have values from {rounds} monitoring rounds; of the way from baseline to target, "
                "the latest round has covered: {covered}; no baseline or target to compare for {unmeasured}.",
                unmeasured=fmt.listing(unmeasured), **fields))
    else:
        f.say(t("{tracked} indicators have values from {rounds} monitoring rounds; of the way from baseline to target, "
                "the latest round has covered: {covered}.", **fields))
    if measured.empty:
        f.no_data(_("Progress towards targets"), _("No indicator has a baseline, a target and a monitoring value."))
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
        ax.text(100, -0.9, " " + _("target"), color=style.TARGET, fontsize=8)
        ax.text(0, -0.9, " " + _("baseline"), color="#555555", fontsize=8)
        ax.set_ylim(-1.1, len(order) - 0.5)
        ax.set_xlim(-22, 125)
        ax.set_xlabel(_("% of the way from baseline to target, by monitoring round"))
        ax.set_title(_("Progress towards targets"))
        ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.0, 1.0))
        ax.grid(axis="y", visible=False)
        f.chart(fig, _("Dot chart of progress towards targets by monitoring round"), _("baselines of data-backed indicators: embedded data"))
    detail = rounds.merge(table[["indicator", "unit"]], left_on="indicator_id", right_index=True)
    detail["value"] = [fmt.value(v, u) for v, u in zip(detail.value, detail.unit)]
    detail["date"] = detail.date.dt.strftime("%Y-%m-%d")
    pivot = detail.pivot_table(index=["indicator_id", "indicator"], columns="round", values="value", aggfunc="first").fillna(fmt.not_available())
    pivot.columns = [str(c) for c in pivot.columns]
    f.table(pivot.reset_index().rename(columns={"indicator_id": _("Id"), "indicator": _("Indicator")}), _("Values by monitoring round"))
    return f.finding()


def readiness_score(params) -> Finding:
    """Finding ``monitoring.data_readiness``: how many indicators can be measured now, how many by sex, how many by migratory status."""
    table = framework_table(params)
    now = table.baseline_value.notna()
    people = table.about_people == "yes"
    sex = people & (table.by_sex == "yes")
    status = table.by_migratory_status == "yes"
    f = PlanFinding(params, "monitoring.data_readiness", _("Data readiness and disaggregation completeness"))
    n = f.count("indicators", _("Indicators"), len(table))
    n_now, n_people = f.count("now", _("Measurable now (baseline value)"), now.sum()), f.count("people", _("Indicators about people"), people.sum())
    by_sex, by_status = f.count("by_sex", _("About people and by sex"), sex.sum()), f.count("by_status", _("By migratory status"), status.sum())
    now_pct = f.fact("now_pct", _("Measurable now, share of all indicators"), 100 * now.mean(), "%")
    sex_pct = f.fact("sex_pct", _("By sex, share of the indicators about people"), 100 * sex.sum() / people.sum() if people.sum() else None, "%")
    status_pct = f.fact("status_pct", _("By migratory status, share of all indicators"), 100 * status.mean(), "%")
    f.say(t("Data readiness for {place}: {now} of all {n} indicators ({now_pct}) can be measured now; "
            "{by_sex} of the {people} indicators about people ({sex_pct}) are planned by sex; {by_status} "
            "of all {n} indicators ({status_pct}) by migratory status.",
            place=params.place.local_name, now=n_now.text, n=n.text, now_pct=now_pct.text, by_sex=by_sex.text, people=n_people.text,
            sex_pct=sex_pct.text, by_status=by_status.text, status_pct=status_pct.text), _("baselines of data-backed indicators: embedded data"))
    fig, (ax,) = style.new_figure(height=2.8)
    labels = [_("Measurable now (of all)"), _("By sex (of those about people)"), _("By migratory status (of all)")]
    values = [now_pct.value, sex_pct.value or 0, status_pct.value]
    ax.barh(labels[::-1], values[::-1], color=style.COUNTRY)
    ax.set_xlim(0, 100)
    ax.set_xlabel(_("% of the indicators named in brackets"))
    ax.set_title(_("Data readiness and disaggregation completeness"))
    ax.grid(axis="y", visible=False)
    f.chart(fig, _("Bar chart of the data-readiness score"), _("baselines of data-backed indicators: embedded data"))
    f.table(pd.DataFrame([{_("Measure"): x.label, _("Value"): x.text} for x in f.facts.values()]), _("Data-readiness score"))
    return f.finding()


STATUS_COLOURS = {"green": "#009E73", "amber": "#E69F00", "red": "#D55E00", "grey": "#999999"}
STATUS_NAMES = {"green": N_("green"), "amber": N_("amber"), "red": N_("red"), "grey": N_("grey")}
"""The tracker's statuses (codes) as the Status column reads them; ``_()`` translates."""
STATUS_COUNTS = {"green": N_("{n} green"), "amber": N_("{n} amber"), "red": N_("{n} red"), "grey": N_("{n} grey")}
"""How the tracker's sentence counts rows per status."""
SEX_NAMES = {"total": N_("total"), "women": N_("women"), "men": N_("men")}
"""The values of ``monitoring.sex`` as the tracker shows them; ``_()`` translates."""
BY_SEX_MISSING = N_("By sex: missing")


def status(ratio: float | None) -> str:
    """The Stage 6 chapter's status rule (``constants.TRACKER_GREEN``, ``TRACKER_AMBER``)."""
    if ratio is None or pd.isna(ratio):
        return "grey"
    return "green" if ratio >= TRACKER_GREEN else "amber" if ratio >= TRACKER_AMBER else "red"


def _end_of(year: object) -> pd.Timestamp | None:
    return None if pd.isna(year) else pd.Timestamp(int(year), 12, 31)


def target_path(baseline: float, baseline_year: object, target: float, target_year: object, annual: dict[int, float]) -> list[tuple[pd.Timestamp, float]]:
    """The planned path: (end of year, value) from the baseline through the annual targets of the years
    between (``annual``: year -> value; others and empty values left out) to the final target."""
    if pd.isna(baseline_year) or pd.isna(target_year) or pd.isna(baseline) or pd.isna(target):
        return []
    first, last = int(baseline_year), int(target_year)
    points = {first: baseline, **{y: v for y, v in annual.items() if first < y < last and pd.notna(v)}, last: target}
    return [(_end_of(y), float(v)) for y, v in sorted(points.items())] if last > first else []


def expected_value(path: list[tuple[pd.Timestamp, float]], when: pd.Timestamp, target_type: object = None) -> float | None:
    """The value expected at ``when`` on straight lines between the points of ``path`` (``target_path``);
    before the first or after the last point the nearest line is extended. An annual target is that
    year's value, so for ``target_type`` 'annual' the line is read at the end of ``when``'s year."""
    if len(path) < 2:
        return None
    if target_type == "annual":
        when = _end_of(when.year)
    k = next((i for i in range(1, len(path) - 1) if when <= path[i][0]), len(path) - 1)
    (start, low), (end, high) = path[k - 1], path[k]
    return low + (high - low) * (when - start).days / (end - start).days


def tracker_table(params) -> pd.DataFrame:
    """One row per plan indicator and per sex (women and men too where the indicator is by sex): baseline,
    target, latest value and date, expected value at that date (through the annual targets where given),
    progress ratio, status, disaggregation flag."""
    table = framework_table(params)
    table = table[table.kind == "plan"]
    yearly = annual_targets(params)
    rounds = template(params, "monitoring").dropna(subset=["value"]).sort_values("date")
    latest = rounds.groupby(["indicator_id", "sex"]).tail(1).set_index(["indicator_id", "sex"])
    rows = []
    for r in table.itertuples():
        sexes = SEXES if r.by_sex == "yes" else ("total",)
        mine = yearly[yearly.indicator_id == r.indicator_id]
        for sex in sexes:
            column = "target_value" if sex == "total" else f"target_{sex}"
            base = r.baseline_value if sex == "total" else getattr(r, f"baseline_{sex}")
            target = getattr(r, column)
            path = target_path(base, r.baseline_year, target, r.target_year, dict(zip(mine.year, mine[column])))
            last = latest.loc[(r.indicator_id, sex)] if (r.indicator_id, sex) in latest.index else None
            expected = ratio = None
            if last is not None:
                expected = expected_value(path, last.date, r.target_type)
                if expected is not None and expected != base:
                    ratio = (last.value - base) / (expected - base)
            flag = ""
            if sex == "total" and r.about_people == "yes" and r.by_sex == "yes" and not {(r.indicator_id, "women"), (r.indicator_id, "men")} <= set(latest.index):
                flag = BY_SEX_MISSING
            rows.append({"indicator_id": r.indicator_id, "indicator": r.indicator, "sex": sex, "unit": r.unit,
                         "baseline": base, "baseline_year": r.baseline_year, "target": target, "target_year": r.target_year,
                         "target_type": r.target_type if isinstance(r.target_type, str) else None,
                         "annual_years": [when.year for when, _ in path[1:-1]],
                         "latest": None if last is None else last.value, "round": None if last is None else last["round"],
                         "date": None if last is None else last.date, "expected": expected, "ratio": ratio,
                         "status": status(ratio), "flag": flag})
    return pd.DataFrame(rows)


def path_text(row) -> str:
    """How a tracker row's expected value is read: the straight line, through which annual targets, and for an annual target the year's value."""
    years = ", ".join(map(str, row.annual_years))
    if row.target_type == "annual":
        if years:
            return t("baseline to target through the annual targets of {years}, read at the end of the round's year (annual target)", years=years)
        return _("baseline to target, read at the end of the round's year (annual target)")
    return t("baseline to target through the annual targets of {years}", years=years) if years else _("baseline to target")


def tracker(params) -> Finding:
    """Finding ``monitoring.tracker``: the Stage 6 chapter's indicator tracker, one row per indicator and per sex."""
    rows = tracker_table(params)
    f = PlanFinding(params, "monitoring.tracker", _("Indicator tracker"))
    n_rows = f.count("rows", _("Tracker rows (indicator and sex)"), len(rows))
    counts = {s: f.count(f"status:{s}", t("Rows rated {status}", status=_(STATUS_NAMES[s])), (rows.status == s).sum()) for s in STATUS_COLOURS}
    green_from, amber_from = fmt.local(f"{TRACKER_GREEN:g}"), fmt.local(f"{TRACKER_AMBER:g}")
    f.fact("green", t("Green from progress ratio {ratio}", ratio=green_from), TRACKER_GREEN, "decimal")
    f.fact("amber", t("Amber from progress ratio {ratio}", ratio=amber_from), TRACKER_AMBER, "decimal")
    for r in rows.dropna(subset=["ratio"]).itertuples():
        f.fact(f"ratio:{r.indicator_id}:{r.sex}", t("{id} ({sex}) progress ratio", id=r.indicator_id, sex=_(SEX_NAMES[r.sex])), r.ratio, "decimal")
    through = f.count("through_annual", _("Rows whose expected value runs through annual targets"), rows.annual_years.map(bool).sum())
    missing = f.name("by_sex_missing", rows[rows.flag != ""].indicator_id)
    red = f.name("red", [f"{r.indicator_id} ({_(SEX_NAMES[r.sex])})" for r in rows[rows.status == "red"].itertuples()])
    f.say(t("The tracker has {rows} rows (one per indicator and per sex where the indicator is by sex): {statuses}. "
            "Rules: progress ratio = (latest - baseline) / (expected - baseline), expected on straight lines from the baseline "
            "through the annual targets, where given ({through} rows), to the target, at the round's date (for an annual target, at the end "
            "of the round's year); green at {green} or more, amber from {amber} up, red below (or the wrong way), grey "
            "with no value or no ratio. Red: {red}; reported only as a total though planned by sex: {missing}.",
            rows=n_rows.text, statuses=", ".join(t(STATUS_COUNTS[s], n=counts[s].text) for s in STATUS_COLOURS), through=through.text,
            green=green_from, amber=amber_from, red=fmt.listing(red), missing=fmt.listing(missing)))
    shown = pd.DataFrame({
        _("Id"): rows.indicator_id, _("Indicator"): rows.indicator, _("Sex"): [_(SEX_NAMES[s]) for s in rows.sex],
        _("Baseline"): [fmt.value(v, u) + ("" if pd.isna(y) else f" ({int(y)})") for v, u, y in zip(rows.baseline, rows.unit, rows.baseline_year)],
        _("Target"): [fmt.value(v, u) + ("" if pd.isna(y) else f" ({int(y)})") for v, u, y in zip(rows.target, rows.unit, rows.target_year)],
        _("Latest"): [fmt.not_available() if pd.isna(v) else f"{fmt.value(v, u)} ({d:%Y-%m-%d})" for v, u, d in zip(rows.latest, rows.unit, rows.date)],
        _("Expected then"): [fmt.value(v, u) for v, u in zip(rows.expected, rows.unit)],
        _("Expected on the line"): [path_text(r) for r in rows.itertuples()],
        _("Progress ratio"): [fmt.not_available() if pd.isna(v) else fmt.local(f"{v:.2f}") for v in rows.ratio],
        _("Status"): [_(STATUS_NAMES[s]) for s in rows.status],
        _("Disaggregation flag"): [_(flag) if flag else fmt.NOT_APPLICABLE for flag in rows.flag],
    })
    f.table(shown, _("Indicator tracker: one row per indicator and per sex"), _("status rules of the Stage 6 chapter"))
    return f.finding()


VNR = N_("Voluntary National Review")
ANNUAL_REPORT = N_("Annual progress report")
REGIONAL_REVIEW = N_("GCM regional review")
REVIEW_FORUM = N_("International Migration Review Forum")
"""The reporting channels (in English in the calendar's table; ``_()`` translates them for display)."""
NO_ROUND_SINCE = N_("no monitoring round since the previous report")


def vnr_years(params) -> list[int]:
    """The years of the country's Voluntary National Reviews declared in the plan sheet (``vnr_years``)."""
    row = plan_row({"plan": optional_template(params.inputs, "plan")})
    return [] if row is None else sorted({int(y) for y in split_list(row.vnr_years)})


def reporting_calendar_table(params) -> pd.DataFrame:
    """Reports due from the year of the first monitoring round to the last target year: the plan's annual
    progress report, GCM regional reviews, the International Migration Review Forum and the country's
    Voluntary National Reviews (plan sheet); each says whether a monitoring round falls after the previous
    report of its channel and before it. Reviews are placed at the start of their year, so only a round of
    an earlier year counts before them."""
    rounds = template(params, "monitoring").dropna(subset=["value"])
    targets = template(params, "indicators").target_year.dropna()
    if rounds.empty:
        return pd.DataFrame(columns=["channel", "report", "due", "rounds", "flag"])
    first, last = rounds.date.min().year, int(max(targets.max() if len(targets) else 0, rounds.date.max().year))
    month, day = ANNUAL_REPORT_DUE
    due: list[tuple[str, str, pd.Timestamp]] = [
        (ANNUAL_REPORT, f"{ANNUAL_REPORT} on {y}", pd.Timestamp(y + 1, month, day)) for y in range(first, last + 1)]
    for channel, start in ((REGIONAL_REVIEW, GCM_REGIONAL_FIRST), (REVIEW_FORUM, GCM_FORUM_FIRST)):
        due += [(channel, f"{channel} {y}", pd.Timestamp(y, 1, 1)) for y in range(start, last + 1, GCM_REVIEW_INTERVAL) if y > first]
    due += [(VNR, f"{VNR} {y}", pd.Timestamp(y, 1, 1)) for y in vnr_years(params) if first <= y <= last]
    rows = []
    for channel, report, when in sorted(due, key=lambda d: d[2]):
        previous = max((w for c, _, w in due if c == channel and w < when), default=pd.Timestamp.min)
        n = int(((rounds.date > previous) & (rounds.date < when)).groupby(rounds["round"]).any().sum())
        rows.append({"channel": channel, "report": report, "due": when, "rounds": n,
                     "flag": "" if n else NO_ROUND_SINCE})
    return pd.DataFrame(rows)


def report_name(channel: str, due: pd.Timestamp) -> str:
    """A calendar row's report in the current language: 'Annual progress report on 2027', 'Voluntary National Review 2028'."""
    if channel == ANNUAL_REPORT:
        return t("Annual progress report on {year}", year=due.year - 1)
    return t("{channel} {year}", channel=_(channel), year=due.year)


def reporting_calendar(params) -> Finding:
    """Finding ``monitoring.reporting_calendar``: reports tied to the monitoring rounds; a report with no round before it flagged."""
    rows = reporting_calendar_table(params)
    f = PlanFinding(params, "monitoring.reporting_calendar", _("Reporting calendar"))
    n = f.count("reports", _("Reports due"), len(rows))
    reports = [report_name(r.channel, r.due) for r in rows.itertuples()]
    for k, (r, report) in enumerate(zip(rows.itertuples(), reports)):
        f.fact(f"report:{k}", t("{report}: monitoring rounds before it", report=report), r.rounds, "count")
    f.fact("forum", t("International Migration Review Forum every {interval} years from {first} "
                      "(Global Compact for Migration, A/RES/73/195)", interval=GCM_REVIEW_INTERVAL, first=GCM_FORUM_FIRST), GCM_REVIEW_INTERVAL, "count")
    uncovered = [report for report, flag in zip(reports, rows.flag) if flag]
    declared = vnr_years(params)
    if declared:
        listed = f.fact("vnr_years", _("Voluntary National Review years (plan sheet)"), ", ".join(map(str, declared)), "")
        outside = f.name("vnr_outside", [str(y) for y in declared if f"{VNR} {y}" not in set(rows.report)])
        vnr = (t("The country's Voluntary National Reviews declared in the plan sheet ({years}) are placed at the start of their year; "
                 "outside the monitored years: {outside}.", years=listed.text, outside=fmt.listing(outside)) if outside
               else t("The country's Voluntary National Reviews declared in the plan sheet ({years}) are placed at the start of their year.",
                      years=listed.text))
    else:
        vnr = _("The plan sheet declares no Voluntary National Review year (vnr_years): add the country's, so the calendar places it.")
    f.say(t("{n} reports fall due while the plan is monitored (annual progress reports, GCM regional reviews, the "
            "International Migration Review Forum, held every four years from {first}, and the country's Voluntary National Reviews); "
            "with no monitoring round before them: {uncovered}. {vnr}", n=n.text, first=GCM_FORUM_FIRST, uncovered=fmt.listing(uncovered), vnr=vnr),
          _("GCM review cycle: A/RES/73/195; Voluntary National Review years: the plan sheet; annual report due date: this example's convention"))
    shown = pd.DataFrame({_("Channel"): [_(c) for c in rows.channel], _("Report"): reports,
                          _("Due"): [d.strftime("%Y-%m-%d") if c == ANNUAL_REPORT else d.strftime("%Y") for c, d in zip(rows.channel, rows.due)],
                          _("Monitoring rounds before it"): rows.rounds.astype(str), _("Flag"): [_(flag) if flag else fmt.NOT_APPLICABLE for flag in rows.flag]})
    f.table(shown, _("Reporting calendar tied to the monitoring rounds"))
    return f.finding()
