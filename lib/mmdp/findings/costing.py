"""Stage 4, resourcing, as the chapter prescribes: activity-based costing (each cost line belongs to
an activity and so to its output), with unit, quantity and its assumption, unit cost and its source
and price year, one-off or recurrent, incremental or existing, budget code; amounts in the plan's
currency with totals in US$; a contingency; medium-term expenditure ceilings; gender budget tagging
with the OECD DAC gender equality marker; funding linked to outputs and the gap per output,
institution, year and gender marker (surpluses shown, committed and pledged apart); and a costed
capacity-development plan drawn from the Stage 1 capacity scores."""

from __future__ import annotations

import pandas as pd

from ..constants import GENDER_MARKER_LABELS
from ..inputs.checks import USD, plan_row
from ..inputs.planning import split_list
from ..inputs.templates import CAPACITY_SCALE
from ..inputs.workbook import optional_template
from ..i18n import N_, _, t
from ..render import format as fmt
from ..render import style
from .base import Fact, Finding
from .capacity import SCORE, capacity_scores
from .plan import PlanFinding, template
from .priorities import GENDER_WORDS

LOW_CAPACITY = 1
"""Capacity questions scored at or below this (on 0-4) come first in the capacity-development plan."""

CAPACITY_PLAN = N_("Capacity plan")
"""The row of the capacity-development plan in tables by output (it serves the whole plan)."""

MARKER_LABELS = (N_("0 not targeted"), N_("1 significant (mainstreamed)"), N_("2 principal (targeted)"))
"""``constants.GENDER_MARKER_LABELS``, marked for translation here (the constants module cannot import
``mmdp.i18n``, which imports it); a test checks that the two stay the same."""


def marker_label(marker: int) -> str:
    """The OECD DAC gender equality marker's label in the current language: ``1 significant (mainstreamed)``."""
    return _(GENDER_MARKER_LABELS[marker])


def settings(params) -> dict:
    """The plan sheet's currency, rate to US$ and contingency (US$, 1 and 0 without a plan sheet)."""
    row = plan_row({"plan": optional_template(params.inputs, "plan")})
    if row is None:
        return {"currency": USD, "rate": 1.0, "contingency": 0.0, "price_year": None, "rate_date": None, "title": None}
    return {"currency": row.currency, "rate": float(row.usd_rate), "contingency": float(row.contingency_pct),
            "price_year": int(row.price_year), "rate_date": row.rate_date, "title": row.title}


def _to_usd(amount: pd.Series, currency: pd.Series, rate: float) -> pd.Series:
    return amount.where(currency == USD, amount / rate)


def cost_lines(params) -> pd.DataFrame:
    """Cost lines with their activity, output, outcome and institution; cost in the plan's currency and in US$."""
    costs = template(params, "costs").copy()
    acts = template(params, "activities").set_index("activity_id")
    results = template(params, "results").set_index("result_id")
    names = template(params, "stakeholders").set_index("stakeholder_id").stakeholder
    plan = settings(params)
    amount = costs.unit_cost * costs.quantity
    costs["cost_usd"] = _to_usd(amount, costs.currency, plan["rate"])
    costs["cost_local"] = costs.cost_usd * plan["rate"]
    costs["output_id"] = costs.activity_id.map(acts.output_id)
    costs["activity"] = costs.activity_id.map(acts.activity)
    costs["outcome_id"] = costs.output_id.map(results.parent_id)
    costs["outcome"] = costs.outcome_id.map(results.statement)
    costs["output"] = costs.output_id.map(results.statement)
    costs["institution_name"] = costs.institution.map(names)
    return costs


def capacity_actions(params) -> pd.DataFrame:
    """The costed capacity actions (empty when the inputs have none), cost in US$."""
    actions = optional_template(params.inputs, "capacity_actions")
    if actions is None:
        return pd.DataFrame(columns=["action_id", "domain_code", "gap", "action", "owner", "start", "end", "cost", "currency", "measure", "cost_usd", "year"])
    actions["cost_usd"] = _to_usd(actions.cost, actions.currency, settings(params)["rate"])
    actions["year"] = actions.start.dt.year
    return actions


def money(value: float) -> Fact:
    return Fact("", value, "US$")


def plan_cost(params) -> dict[str, float]:
    """The plan's cost in US$: cost lines, contingency on them, capacity plan, total."""
    lines = cost_lines(params).cost_usd.sum()
    contingency = lines * settings(params)["contingency"] / 100
    capacity = capacity_actions(params).cost_usd.sum()
    return {"lines": lines, "contingency": contingency, "capacity": capacity, "total": lines + contingency + capacity}


ACTION_PLAN_COLUMNS = {
    "outcome_id": N_("Outcome"), "output_id": N_("Output"), "activity_id": N_("Activity"), "cost_id": N_("Cost line"), "item": N_("Item"),
    "institution": N_("Institution"), "year": N_("Year"), "unit": N_("Unit"), "quantity": N_("Quantity"),
    "quantity_assumption": N_("Quantity assumption"), "unit_cost": N_("Unit cost"), "currency": N_("Currency"),
    "unit_cost_source": N_("Unit cost source"), "price_year": N_("Price year"), "recurrence": N_("One-off or recurrent"),
    "additionality": N_("Incremental or existing"), "budget_code": N_("Budget code"),
}
"""The costed action plan's columns and their headers, before the cost in the plan's currency and in US$ (``cost_column``)."""


def year_units() -> dict[str, str]:
    """Year columns' units by their header in the current language (``Table`` recognises only English headers as years)."""
    return {_("Year"): "year", _("Price year"): "year"}


def cost_column(currency: str) -> str:
    """``Cost (KGS)``: the header of a cost in ``currency``."""
    return t("Cost ({currency})", currency=currency)


def totals(params) -> Finding:
    """Finding ``costing.totals``: the costed action plan (activity-based), with contingency and the capacity plan, by outcome and output."""
    costs = cost_lines(params)
    plan = settings(params)
    cost = plan_cost(params)
    by_outcome = costs.groupby(["outcome_id", "outcome"]).cost_usd.sum().sort_values(ascending=False)
    (top_id, top_name), top_cost = by_outcome.index[0], by_outcome.iloc[0]
    years = sorted(costs.year.unique())
    f = PlanFinding(params, "costing.totals", _("Costed action plan"))
    total, lines_cost = f.fact("total", _("Total cost"), cost["total"], "US$"), f.fact("lines_cost", _("Cost of the cost lines"), cost["lines"], "US$")
    contingency, rate = f.fact("contingency", _("Contingency"), cost["contingency"], "US$"), f.fact("rate", _("Contingency rate"), plan["contingency"], "%")
    capacity = f.fact("capacity", _(CAPACITY_PLAN), cost["capacity"], "US$")
    top = f.fact("top", t("Cost of {outcome}", outcome=top_id), top_cost, "US$")
    share = f.fact("top_share", t("Share of {outcome}", outcome=top_id), 100 * top_cost / cost["lines"], "%")
    first, last = f.fact("first", _("First year"), int(years[0]), "year"), f.fact("last", _("Last year"), int(years[-1]), "year")
    lines, activities = f.count("lines", _("Cost lines"), len(costs)), f.count("activities", _("Activities costed"), costs.activity_id.nunique())
    one_off = f.fact("one_off", _("One-off share"), 100 * costs[costs.recurrence == "one-off"].cost_usd.sum() / cost["lines"], "%")
    incremental = f.fact("incremental", _("Incremental share"), 100 * costs[costs.additionality == "incremental"].cost_usd.sum() / cost["lines"], "%")
    said = dict(total=total.text, first=first.text, last=last.text, lines_cost=lines_cost.text, lines=lines.text, activities=activities.text,
                rate=rate.text, contingency=contingency.text, capacity=capacity.text, one_off=one_off.text, incremental=incremental.text,
                top_id=top_id, top_name=top_name, top=top.text, share=share.text)
    if plan["currency"] != USD:
        in_local = f.fact("total_local", t("Total cost in {currency}", currency=plan["currency"]), cost["total"] * plan["rate"], plan["currency"])
        f.say(t("The plan costs {total} ({total_local} at the plan's rate) over {first}-{last}: {lines_cost} in {lines} cost lines of "
                "{activities} activities (unit cost x quantity), a contingency of {rate} ({contingency}) and the capacity plan "
                "({capacity}). One-off costs are {one_off} of the lines and incremental money {incremental}; the largest outcome "
                "is {top_id}, '{top_name}', with {top} ({share} of the lines).", total_local=in_local.text, **said))
    else:
        f.say(t("The plan costs {total} over {first}-{last}: {lines_cost} in {lines} cost lines of "
                "{activities} activities (unit cost x quantity), a contingency of {rate} ({contingency}) and the capacity plan "
                "({capacity}). One-off costs are {one_off} of the lines and incremental money {incremental}; the largest outcome "
                "is {top_id}, '{top_name}', with {top} ({share} of the lines).", **said))
    table = costs.groupby(["outcome_id", "output_id", "output"]).cost_usd.sum().reset_index()
    table = table.rename(columns={"outcome_id": _("Outcome"), "output_id": _("Output"), "output": _("Output statement"), "cost_usd": _("Cost")})
    pivot = costs.pivot_table(index="outcome_id", columns="year", values="cost_usd", aggfunc="sum", fill_value=0).iloc[::-1]
    names = costs.groupby("outcome_id").outcome.first()
    pivot.index = [style.wrap(f"{i} {names[i]}", 32) for i in pivot.index]  # the id with its statement, whole
    fig, (ax,) = style.new_figure(width=9, height=max(3.6, 0.8 * len(pivot) + 1.4))
    ax.tick_params(axis="y", labelsize=9)
    left = pd.Series(0.0, index=pivot.index)
    for k, year in enumerate(pivot.columns):
        ax.barh(pivot.index, pivot[year], left=left, color=style.PEERS[k % len(style.PEERS)], label=str(year))
        left += pivot[year]
    style.thousands(ax, "x")
    ax.set_xlabel("US$")
    ax.set_title(_("Cost by outcome and year"))
    ax.legend(fontsize=8)
    ax.grid(axis="y", visible=False)
    f.chart(fig, _("Stacked bars of cost by outcome and year"))
    f.table(table, _("Cost by output (US$, before contingency)"), units={_("Cost"): "US$"})
    action = costs.sort_values(["outcome_id", "output_id", "activity_id", "year", "cost_id"])[[*ACTION_PLAN_COLUMNS, "cost_local", "cost_usd"]]
    action["quantity"] = action.quantity.map(lambda q: fmt.decimal(q, 0) if float(q).is_integer() else fmt.decimal(q, 2))
    headers = {k: _(v) for k, v in ACTION_PLAN_COLUMNS.items()} | {"cost_local": cost_column(plan["currency"]), "cost_usd": cost_column("US$")}
    action = action.rename(columns=headers)
    if plan["currency"] == USD:
        action = action.drop(columns=[cost_column(USD)])
    f.table(action.fillna(fmt.not_available()), _("Costed action plan: cost lines by activity"),
            units={cost_column(plan["currency"]): plan["currency"] if plan["currency"] != USD else "US$", cost_column("US$"): "US$", _("Unit cost"): "number",
                   **year_units()})
    summary = pd.DataFrame({_("Part"): [_("Cost lines"), _("Contingency"), _(CAPACITY_PLAN), _("Total")],
                            _("Cost"): [cost["lines"], cost["contingency"], cost["capacity"], cost["total"]]})
    f.table(summary, _("The plan's cost (US$)"), units={_("Cost"): "US$"})
    return f.finding()


def by_institution(params) -> Finding:
    """Finding ``costing.by_institution``: cost by institution and year, against medium-term expenditure ceilings where given."""
    costs = cost_lines(params)
    pivot = costs.pivot_table(index="institution_name", columns="year", values="cost_usd", aggfunc="sum", fill_value=0)
    pivot["Total"] = pivot.sum(axis=1)
    pivot = pivot.sort_values("Total", ascending=False)
    by_year = costs.groupby("year").cost_usd.sum()
    top = pivot.index[0]
    f = PlanFinding(params, "costing.by_institution", _("Cost by institution and year"))
    institutions = f.count("institutions", _("Institutions spending"), len(pivot))
    top_cost = f.fact("top", t("Cost through {institution}", institution=top), pivot.Total.iloc[0], "US$")
    year_costs = {y: f.fact(f"year:{y}", t("Cost in {year}", year=y), v, "US$", int(y)) for y, v in by_year.items()}
    years = ", ".join(t("{year}: {amount}", year=y, amount=cost.text) for y, cost in year_costs.items())
    f.name("top_name", [top])
    over = ceiling_check(params)
    flagged = over[over.Over > 0]
    overs = [(r, f.fact(f"over_year:{k}", _("Year"), int(r.Year), "year"),
              f.fact(f"over:{k}", t("Over the ceiling, {institution}", institution=r.Institution), r.Over, "US$"))
             for k, r in enumerate(flagged.itertuples())]
    listed = [t("{institution} in {year} by {amount}", institution=r.Institution, year=year.text, amount=amount.text)
              for r, year, amount in overs]
    ceilings = f.count("ceilings", _("Ceilings given"), len(over))
    sentence = t("{count} institutions spend the budget; the largest share goes through {top} ({amount}). By year: {years}.",
                 count=institutions.text, top=top, amount=top_cost.text, years=years)
    if len(over):
        exceeded = f.count("over_n", _("Over a ceiling"), len(flagged))
        said = dict(ceilings=ceilings.text, exceeded=exceeded.text, listed=fmt.listing(listed))
        sentence += " " + (t("Of the {ceilings} medium-term expenditure ceilings given, {exceeded} is exceeded: {listed}.", **said) if len(flagged) == 1
                           else t("Of the {ceilings} medium-term expenditure ceilings given, {exceeded} are exceeded: {listed}.", **said))
    else:
        sentence += " " + _("No medium-term expenditure ceilings are given (template `ceilings`).")
    f.say(sentence)
    table = pivot.rename(columns={"Total": _("Total")}).rename_axis(_("Institution"))
    table.columns = [str(c) for c in table.columns]
    f.table(table, _("Cost by institution and year (US$)"), index=True, units={c: "US$" for c in table.columns})
    if len(over):
        headers = {c: _(c) for c in CEILING_COLUMNS}
        f.table(over.rename(columns=headers), _("Cost against the medium-term expenditure ceilings (US$); Over > 0: the lines exceed the ceiling"),
                units={headers["Cost"]: "US$", headers["Ceiling"]: "US$", headers["Over"]: "US$", **year_units()})
    return f.finding()


CEILING_COLUMNS = (N_("Institution"), N_("Year"), N_("Cost"), N_("Ceiling"), N_("Over"), N_("Cost lines"))
"""The columns of ``ceiling_check`` (English; the table shown translates them)."""


def ceiling_check(params) -> pd.DataFrame:
    """Institution-year cost against the ceilings template (empty without it), in US$, with the cost lines concerned."""
    ceilings = optional_template(params.inputs, "ceilings")
    if ceilings is None:
        return pd.DataFrame(columns=list(CEILING_COLUMNS))
    costs = cost_lines(params)
    ceilings["ceiling_usd"] = _to_usd(ceilings.ceiling, ceilings.currency, settings(params)["rate"])
    rows = []
    for c in ceilings.itertuples():
        lines = costs[(costs.institution == c.institution) & (costs.year == c.year)]
        spent = lines.cost_usd.sum()
        rows.append({"Institution": c.institution, "Year": int(c.year), "Cost": spent, "Ceiling": c.ceiling_usd, "Over": spent - c.ceiling_usd,
                     "Cost lines": fmt.semicolons(lines.cost_id) or fmt.NOT_APPLICABLE})
    return pd.DataFrame(rows)


def gender_marker(params) -> Finding:
    """Finding ``costing.gender_marker``: the budget by OECD DAC gender equality marker; shares targeted (2) and mainstreamed (1)."""
    costs = cost_lines(params)
    total = costs.cost_usd.sum()
    by_marker = costs.groupby("gender_marker").cost_usd.sum().reindex(list(GENDER_MARKER_LABELS), fill_value=0)
    f = PlanFinding(params, "costing.gender_marker", _("Gender budget tagging"))
    share = {m: f.fact(f"marker:{m}", t("Marker {marker} share", marker=m), 100 * v / total, "%") for m, v in by_marker.items()}
    amount = {m: f.fact(f"amount:{m}", t("Marker {marker} amount", marker=m), v, "US$") for m, v in by_marker.items()}
    indicators = template(params, "indicators")
    by_sex = set(indicators[indicators.by_sex == "yes"].result_id)
    tagged = sorted(set(costs[costs.gender_marker > 0].output_id))
    unmeasured = f.name("unmeasured", [o for o in tagged if o not in by_sex])
    f.say(t("By the OECD DAC gender equality marker, {share2} of the budget ({amount2}) targets gender equality as its "
            "principal objective (marker 2), {share1} ({amount1}) mainstreams it (marker 1) and {share0} "
            "({amount0}) does not target it (marker 0). Outputs tagged 1 or 2 without an output indicator by sex, so the "
            "tag cannot be checked later: {unmeasured}. Marker-1 money is not money spent on gender equality: only "
            "part of a marker-1 line serves the gender objective, so the two shares are never added (the marker is a qualitative "
            "instrument, not a measure of spending).", share2=share[2].text, amount2=amount[2].text, share1=share[1].text,
            amount1=amount[1].text, share0=share[0].text, amount0=amount[0].text, unmeasured=fmt.listing(unmeasured)))
    fig, (ax,) = style.new_figure(height=3.0)
    left = 0.0
    colours = {0: style.NEUTRAL, 1: style.PEERS[1], 2: style.COUNTRY}
    for m, v in by_marker.items():
        ax.barh([_("Budget")], [100 * v / total], left=left, color=colours[m], label=marker_label(m))
        left += 100 * v / total
    ax.set_xlim(0, 100)
    ax.set_xlabel(_("% of the plan's cost"))
    ax.set_title(_("Gender budget tagging (OECD DAC gender equality marker)"))
    ax.legend(fontsize=8, ncols=3, loc="upper center", bbox_to_anchor=(0.5, -0.55))
    f.chart(fig, _("Stacked bar of the budget by gender marker"))
    table = costs[["cost_id", "output_id", "item", "year", "cost_usd", "gender_marker"]].copy()
    table["gender_marker"] = table.gender_marker.map(marker_label)
    table = table.rename(columns={"cost_id": _("Id"), "output_id": _("Output"), "item": _("Item"), "year": _("Year"), "cost_usd": _("Cost"),
                                  "gender_marker": _("Gender marker")})
    f.table(table, _("Cost lines and their gender marker"), units={_("Cost"): "US$", **year_units()})
    return f.finding()


def funding_lines(params) -> pd.DataFrame:
    """Funding lines with their amount in US$."""
    funding = template(params, "funding").copy()
    funding["amount_usd"] = _to_usd(funding.amount, funding.currency, settings(params)["rate"])
    return funding


GAP = N_("Gap after committed")
GAP_PLEDGED = N_("Gap if pledges come")
NOT_LINKED = N_("Not linked to an output")
CONTINGENCY = N_("Contingency")
GAP_COLUMNS = (N_("Cost"), N_("Committed"), N_("Pledged"), GAP, GAP_PLEDGED)
"""The columns of ``gap_table`` (English; the tables shown translate them, and the rows named above)."""


def _shown_gaps(table: pd.DataFrame) -> pd.DataFrame:
    """A ``gap_table`` as the reader sees it: headers, index name and the rows without an output in the current language."""
    rows = {name: _(name) for name in (NOT_LINKED, CONTINGENCY, CAPACITY_PLAN)}
    rows |= {label: _(label) for label in GENDER_MARKER_LABELS.values()}
    shown = table.rename(columns={c: _(c) for c in GAP_COLUMNS}, index=lambda i: rows.get(i, i))
    return shown.rename_axis(_(table.index.name))


def gap_table(cost: pd.Series, funding: pd.DataFrame, key: str) -> pd.DataFrame:
    """Cost, committed, pledged and the gaps per ``key``; a negative gap is a surplus (never clipped)."""
    money = funding.pivot_table(index=key, columns="status", values="amount_usd", aggfunc="sum", fill_value=0) if len(funding) else pd.DataFrame()
    keys = list(dict.fromkeys([*cost.index, *money.index]))
    table = pd.DataFrame(index=pd.Index(keys, name=key))
    table["Cost"] = cost.reindex(keys, fill_value=0)
    for status in ("committed", "pledged"):
        table[status.capitalize()] = money.get(status, pd.Series(dtype=float)).reindex(keys, fill_value=0)
    table[GAP] = table.Cost - table.Committed
    table[GAP_PLEDGED] = table.Cost - table.Committed - table.Pledged
    return table


def _allocated(costs: pd.DataFrame, funding: pd.DataFrame, key: str) -> pd.DataFrame:
    """Funding of each output shared among ``key`` (institution, gender marker) in proportion to their cost in that output."""
    shares = costs.groupby(["output_id", key]).cost_usd.sum()
    shares = shares / shares.groupby(level=0).transform("sum")
    rows = []
    for line in funding.dropna(subset=["output_id"]).itertuples():
        for (output, part), share in shares.loc[[line.output_id]].items() if line.output_id in shares.index.get_level_values(0) else []:
            rows.append({key: part, "status": line.status, "amount_usd": line.amount_usd * share})
    return pd.DataFrame(rows, columns=[key, "status", "amount_usd"])


def funding_gap(params) -> Finding:
    """Finding ``costing.funding_gap``: cost against committed and pledged funding, and the gap per output, year, institution and gender marker."""
    costs = cost_lines(params)
    funding = funding_lines(params)
    cost = plan_cost(params)
    actions = capacity_actions(params)
    rate = settings(params)["contingency"] / 100
    by_output = costs.groupby("output_id").cost_usd.sum()
    by_output[CONTINGENCY] = cost["contingency"]
    by_output[CAPACITY_PLAN] = cost["capacity"]
    linked = funding.assign(output_id=funding.output_id.fillna(NOT_LINKED))
    outputs = gap_table(by_output, linked, "output_id").rename_axis("Output")
    by_year = costs.groupby("year").cost_usd.sum() * (1 + rate)
    by_year = by_year.add(actions.groupby("year").cost_usd.sum(), fill_value=0)
    years = gap_table(by_year, funding, "year").rename_axis("Year")
    institutions = gap_table(costs.groupby("institution").cost_usd.sum(), _allocated(costs, funding, "institution"), "institution").rename_axis("Institution")
    markers = gap_table(costs.groupby("gender_marker").cost_usd.sum(), _allocated(costs, funding, "gender_marker"), "gender_marker")
    f = PlanFinding(params, "costing.funding_gap", _("Funding and the funding gap"))
    total = f.fact("cost", _("Total cost"), cost["total"], "US$")
    committed = f.fact("committed", _("Committed"), funding[funding.status == "committed"].amount_usd.sum(), "US$")
    pledged = f.fact("pledged", _("Pledged"), funding[funding.status == "pledged"].amount_usd.sum(), "US$")
    gap = f.fact("gap", _("Gap after committed funding"), cost["total"] - committed.value, "US$")
    gap_pledged = f.fact("gap_pledged", _("Gap if every pledge is paid"), cost["total"] - committed.value - pledged.value, "US$")
    year_gaps = {y: f.fact(f"gap:{y}", t("Gap in {year}", year=y), v, "US$", int(y)) for y, v in years[GAP].items()}
    per_year = ", ".join(t("{year}: {amount}", year=y, amount=gap_in_year.text) for y, gap_in_year in year_gaps.items())
    real = outputs.drop(index=[NOT_LINKED, CONTINGENCY, CAPACITY_PLAN], errors="ignore")
    worst = real[GAP].idxmax()
    worst_gap = f.fact("worst", t("Gap of {output}", output=worst), real[GAP].max(), "US$")
    surplus = real[real[GAP] < 0]
    surplus_facts = {o: f.fact(f"surplus:{o}", t("Surplus of {output}", output=o), -v, "US$") for o, v in surplus[GAP].items()}
    surpluses = [f"{o} ({fact.text})" for o, fact in surplus_facts.items()]
    f.name("outputs", [worst, *surplus.index])
    covered = {m: f.fact(f"covered:{GENDER_MARKER_LABELS[m]}", t("Committed share, {marker}", marker=marker_label(m)),
                         100 * r.Committed / r.Cost if r.Cost else None, "%") for m, r in markers.iterrows()}
    marker_text = fmt.semicolons(t("{marker}: {share}", marker=marker_label(m), share=c.text) for m, c in covered.items())
    markers.index = markers.index.map(GENDER_MARKER_LABELS)
    markers = markers.rename_axis(N_("Gender marker"))
    unlinked = outputs.Committed.get(NOT_LINKED, 0) + outputs.Pledged.get(NOT_LINKED, 0)
    unlinked_fact = f.fact("unlinked", _("Funding not linked to an output"), unlinked, "US$")
    f.say(t("Of {total} (contingency and capacity plan included), {committed} is committed and {pledged} pledged: committed "
            "funding leaves a gap of {gap} ({per_year}; a negative gap is a surplus); if every pledge is paid the gap is {gap_pledged}. "
            "The largest gap is that of {worst} ({worst_gap}); outputs funded beyond their cost: {surpluses}. "
            "{unlinked} is not linked to an output. Committed funding covers, by gender marker, {markers}.",
            total=total.text, committed=committed.text, pledged=pledged.text, gap=gap.text, per_year=per_year, gap_pledged=gap_pledged.text,
            worst=worst, worst_gap=worst_gap.text, surpluses=fmt.listing(surpluses), unlinked=unlinked_fact.text, markers=marker_text))
    fig, (ax,) = style.new_figure()
    x = range(len(years))
    ax.bar([i - 0.2 for i in x], years.Cost, width=0.4, color=style.NEUTRAL, label=_("Cost"))
    ax.bar([i + 0.2 for i in x], years.Committed, width=0.4, color=style.COUNTRY, label=_("Committed"))
    ax.bar([i + 0.2 for i in x], years.Pledged, width=0.4, bottom=years.Committed, color=style.PEERS[1], label=_("Pledged"))
    ax.set_xticks(list(x), [str(y) for y in years.index])
    style.thousands(ax)
    ax.set_ylabel("US$")
    ax.set_title(_("Cost and funding by year"))
    ax.legend(fontsize=8)
    f.chart(fig, _("Bars of cost and funding by year"))
    drawn = outputs.drop(index=[NOT_LINKED], errors="ignore")
    f.chart(_gap_figure(drawn), _("Bars of the funding gap per output (a bar left of zero is a surplus)"), data=drawn.reset_index())
    units = {_(c): "US$" for c in outputs.columns}
    f.table(_shown_gaps(outputs), _("Financing by output (US$; a negative gap is a surplus)"), index=True, units=units)
    f.table(_shown_gaps(years), _("Cost, funding and gap by year (US$; contingency and capacity plan included)"), index=True, units=units)
    f.table(_shown_gaps(institutions), _("Gap by institution (US$; an output's funding shared among its institutions in proportion to their cost)"),
            index=True, units=units)
    f.table(_shown_gaps(markers), _("Gap by gender marker (US$; an output's funding shared among its cost lines' markers in proportion to their cost)"),
            index=True, units=units)
    sources = funding[["funding_id", "source", "output_id", "year", "amount_usd", "status"]].rename(
        columns={"funding_id": _("Id"), "source": _("Source"), "output_id": _("Output"), "year": _("Year"), "amount_usd": _("Amount"), "status": _("Status")})
    f.table(sources.fillna(_(NOT_LINKED)), _("Funding sources"), units={_("Amount"): "US$", **year_units()})
    return f.finding()


def _gap_figure(outputs: pd.DataFrame):
    """Horizontal bars of each output's gap after committed funding and if pledges come (negative: a surplus)."""
    rows = outputs.iloc[::-1]
    fig, (ax,) = style.new_figure(width=9, height=max(3.2, 0.45 * len(rows) + 1.6))
    y = range(len(rows))
    ax.barh([i + 0.2 for i in y], rows[GAP], height=0.4, color=style.ALERT, label=_(GAP))
    ax.barh([i - 0.2 for i in y], rows[GAP_PLEDGED], height=0.4, color=style.CATEGORIES[0], label=_(GAP_PLEDGED))
    ax.set_yticks(list(y), [_(o) if o in (CONTINGENCY, CAPACITY_PLAN) else str(o) for o in rows.index])
    ax.axvline(0, color=style.MARK, linewidth=0.8)
    style.thousands(ax, "x")
    ax.set_xlabel(_("US$ (left of zero: a surplus)"))
    ax.set_title(_("Funding gap per output"))
    ax.legend(fontsize=8)
    ax.grid(axis="y", visible=False)
    return fig


def capacity_plan(params) -> Finding:
    """Finding ``costing.capacity_plan``: the Stage 1 capacity gaps (0-4, weakest first) and the costed capacity actions for them."""
    answers = template(params, "capacity_self_assessment")
    scores = capacity_scores(params)
    low = answers[answers.score <= LOW_CAPACITY].sort_values(["score", "domain_code"])
    low = low.assign(Domain=low.domain_code.map(scores.Domain))
    weakest = scores.dropna(subset=[SCORE]).sort_values([SCORE, "Domain"]).iloc[0]
    actions = capacity_actions(params)
    answered = low.question.isin(actions.gap)
    f = PlanFinding(params, "costing.capacity_plan", _("Capacity-development plan"))
    n_low, questions = f.count("low", _("Capacity questions scored low"), len(low)), f.count("questions", _("Capacity questions"), len(answers))
    weakest_score, threshold = f.fact("weakest", weakest.Domain, weakest[SCORE], "score"), f.count("threshold", _("Low score threshold"), LOW_CAPACITY)
    top, bottom = f.count("top", _("Top of the scale"), CAPACITY_SCALE[1]), f.count("bottom", _("Bottom of the scale"), CAPACITY_SCALE[0])
    n_actions = f.count("actions", _("Capacity actions"), len(actions))
    cost = f.fact("cost", _("Cost of the capacity actions"), actions.cost_usd.sum(), "US$")
    with_action = f.count("answered", _("Low-scored questions with a costed action"), int(answered.sum()))
    f.say(t("{low} of the {questions} capacity questions of Stage 1 score {threshold} or less on the {bottom}-{top} "
            "scale; the weakest domain is {domain} ({score}). {actions} costed capacity actions, with owner, dates "
            "and measure, cost {cost} and count in the plan's total; {answered} of the low-scored questions have one.",
            low=n_low.text, questions=questions.text, threshold=threshold.text, bottom=bottom.text, top=top.text, domain=weakest.Domain,
            score=weakest_score.text, actions=n_actions.text, cost=cost.text, answered=with_action.text))
    table = low[["Domain", "question", "score", "evidence"]].rename(
        columns={"Domain": _("Domain"), "question": _("Capacity to build"), "score": _("Score now"), "evidence": _("Evidence")})
    table.insert(0, _("Order"), range(1, len(table) + 1))
    table[_("Costed action")] = [", ".join(actions[actions.gap == q].action_id) or _("none yet") for q in low.question]
    f.table(table.fillna(fmt.not_available()), _("Capacity to build first (lowest Stage 1 scores)"))
    plan = actions[["action_id", "domain_code", "gap", "action", "owner", "start", "end", "cost_usd", "measure"]].copy()
    plan["start"], plan["end"] = plan.start.dt.strftime("%Y-%m-%d"), plan.end.dt.strftime("%Y-%m-%d")
    plan = plan.rename(columns={"action_id": _("Id"), "domain_code": _("Domain"), "gap": _("Gap"), "action": _("Action"), "owner": _("Owner"),
                                "start": _("Start"), "end": _("End"), "cost_usd": _("Cost"), "measure": _("Measure of success")})
    f.table(plan, _("Costed capacity actions"), units={_("Cost"): "US$"})
    return f.finding()


MARKER_CRITERIA = (
    N_("Gender analysis (Stage 1 gender finding)"),
    N_("Gender-equality objective"),
    N_("Gender-specific indicator"),
    N_("Sex-disaggregated data"),
    N_("Commitment to report by sex"),
)
"""The OECD DAC minimum criteria for a marker of 1 or 2 (GENDERNET 2016), checked per output from the plan's own inputs."""


def marker_evidence(params) -> Finding:
    """Finding ``costing.marker_evidence``: for each output with a cost line tagged 1 or 2, the OECD DAC minimum
    criteria met by the plan's inputs, and what is missing."""
    costs = cost_lines(params)
    results = template(params, "results").set_index("result_id")
    indicators = template(params, "indicators")
    priorities = template(params, "priorities").set_index("priority_id")
    criteria = [_(c) for c in MARKER_CRITERIA]
    output_header, marker_header, missing_header = _("Output"), _("Marker"), _("Missing")
    rows = []
    for output, lines in costs[costs.gender_marker > 0].groupby("output_id", sort=True):
        outcome = results.at[output, "parent_id"]
        priority = results.at[outcome, "priority_id"]
        cited = split_list(priorities.at[priority, "finding_ids"]) if priority in priorities.index else []
        own = indicators[indicators.result_id.isin([output, outcome])]
        met = (
            any(i.startswith("gender.") for i in cited),
            bool(GENDER_WORDS.search(results.at[output, "statement"]) or GENDER_WORDS.search(results.at[outcome, "statement"])),
            any(GENDER_WORDS.search(text) for text in own.indicator),
            bool((own.by_sex == "yes").any()),
            bool(((own.by_sex == "yes") & own.frequency.notna() & own.responsible.notna()).any()),
        )
        missing = [c for c, ok in zip(criteria, met) if not ok]
        rows.append({output_header: output, marker_header: int(lines.gender_marker.max()),
                     **{c: _("yes") if ok else _("no") for c, ok in zip(criteria, met)}, missing_header: fmt.semicolons(missing) or fmt.NOT_APPLICABLE})
    rows = pd.DataFrame(rows, columns=[output_header, marker_header, *criteria, missing_header])
    f = PlanFinding(params, "costing.marker_evidence", _("Evidence for the gender marker"))
    tagged = f.count("tagged", _("Outputs with a line tagged 1 or 2"), len(rows))
    complete = f.count("complete", _("Outputs meeting every minimum criterion"), (rows[missing_header] == fmt.NOT_APPLICABLE).sum())
    n_criteria = f.count("criteria", _("OECD DAC minimum criteria checked"), len(MARKER_CRITERIA))
    gaps = f.name("gaps", [t("{output} (missing: {criteria})", output=output, criteria=missing.lower())
                           for output, missing in zip(rows[output_header], rows[missing_header]) if missing != fmt.NOT_APPLICABLE])
    f.say(t("{complete} of the {tagged} outputs tagged 1 or 2 meet all {criteria} OECD DAC minimum criteria in the "
            "plan's own inputs; to evidence or re-tag: {gaps}.", complete=complete.text, tagged=tagged.text, criteria=n_criteria.text,
            gaps=fmt.listing(gaps)), _("criteria: the minimum criteria of the OECD DAC gender equality policy marker"))
    f.table(rows, _("OECD DAC minimum criteria per output tagged 1 or 2 (the highest marker of its cost lines)"))
    return f.finding()
