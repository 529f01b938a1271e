"""Stage 0, getting started: are the actors a mainstreaming process needs at the table, are women
taking part and leading, and are the mandate, focal point, coordination and budget in place?

The stakeholder map itself is ``stakeholders.stakeholder_map`` (one implementation, shown here)."""

from __future__ import annotations

import pandas as pd

from ..inputs.planning import ACTOR_TYPES, READINESS_ITEMS, REQUIRED_ACTORS, split_list
from ..render import format as fmt
from ..render import style
from .base import Finding
from .plan import PlanFinding, template
from .stakeholders import HIGH, balance_facts


def actor_rows(stakeholders: pd.DataFrame) -> pd.DataFrame:
    """Per actor a process needs: the stakeholders of that type (none: a gap)."""
    rows = []
    for code in REQUIRED_ACTORS:
        who = [s for s, types in zip(stakeholders.stakeholder, stakeholders.actor_type) if code in split_list(types)]
        rows.append({"Actor": ACTOR_TYPES[code], "Present": "yes" if who else "no", "Stakeholders": len(who), "Who": "; ".join(who) or fmt.NOT_APPLICABLE})
    return pd.DataFrame(rows)


def actor_coverage(params) -> Finding:
    """Finding ``readiness.actor_coverage``: which of the actors a mainstreaming process needs are missing."""
    rows = actor_rows(template(params, "stakeholders"))
    f = PlanFinding(params, "readiness.actor_coverage", "Coverage of the actors a process needs")
    present, needed = f.count("present", "Actors present", (rows.Present == "yes").sum()), f.count("needed", "Actors a process needs", len(rows))
    missing = f.name("missing", rows[rows.Present == "no"].Actor)
    f.say(f"The stakeholder list covers {present.text} of the {needed.text} kinds of actors a mainstreaming process needs; missing: {fmt.listing(missing)}.")
    fig, (ax,) = style.new_figure(height=5.2)
    shown = rows.iloc[::-1]
    colours = [style.COUNTRY if p == "yes" else style.ALERT for p in shown.Present]
    ax.barh(shown.Actor, shown.Stakeholders, color=colours)
    for y, (n, present) in enumerate(zip(shown.Stakeholders, shown.Present)):
        if present == "no":
            ax.text(0.05, y, "missing", va="center", fontsize=8, color=style.MARK)
    ax.set_xlabel("Stakeholders of this kind")
    ax.set_title("Actors a mainstreaming process needs")
    ax.grid(axis="y", visible=False)
    f.chart(fig, "Bar chart of stakeholders per kind of actor")
    f.table(rows, "Actors a mainstreaming process needs")
    return f.finding()


def gender_balance(params) -> Finding:
    """Finding ``readiness.gender_balance``: women's share of participants and of leadership, overall and among the most influential."""
    table = template(params, "stakeholders")
    f = PlanFinding(params, "readiness.gender_balance", "Gender balance of participation and leadership")
    f.facts.update(balance_facts(table))
    strong = table[table.influence >= HIGH]
    women, men = int(strong.women_participants.sum()), int(strong.men_participants.sum())
    women_influential = f.fact("women_influential", f"Women among participants from stakeholders of influence {HIGH} or more", 100 * women / (women + men) if women + men else None, "%")
    led_influential = f.fact("women_led_influential", f"Stakeholders of influence {HIGH} or more led by women", 100 * (strong.women_led == "yes").mean() if len(strong) else None, "%")
    influential, scale = f.count("influential", f"Stakeholders of influence {HIGH} or more", len(strong)), f.fact("scale", "Influence scale", "1-5", "count")
    f.say(f"Women are {f.facts['women_participants'].text} of named participants and {women_influential.text} of those sent by the "
          f"{influential.text} most influential stakeholders (influence {HIGH} or more on {scale.text}); {f.facts['women_led'].text} of all "
          f"stakeholders and {led_influential.text} of the most influential are led by women.")
    numbers = table.sort_values("influence", ascending=True)
    fig, (ax,) = style.new_figure(height=5.2)
    ax.barh(numbers.stakeholder, numbers.women_participants, color=style.WOMEN, label="Women")
    ax.barh(numbers.stakeholder, numbers.men_participants, left=numbers.women_participants, color=style.MEN, label="Men")
    ax.set_xlabel("People taking part (most influential stakeholders at the top)")
    ax.set_title("Women and men taking part, by stakeholder")
    ax.tick_params(axis="y", labelsize=7)
    ax.legend(fontsize=8)
    ax.grid(axis="y", visible=False)
    f.chart(fig, "Stacked bars of women and men taking part per stakeholder")
    f.table(pd.DataFrame([{"Measure": x.label, "Value": x.text} for x in f.facts.values() if x.unit == "%"]), "Gender balance")
    return f.finding()


def checklist(params) -> Finding:
    """Finding ``readiness.checklist``: mandate, focal point, coordination mechanism, process budget; the gaps named."""
    table = template(params, "readiness").set_index("item")
    rows = pd.DataFrame([
        {"Condition": text, "In place": table.status.get(item, "not stated"), "Evidence": table.evidence.get(item) if item in table.index else None}
        for item, text in READINESS_ITEMS.items()
    ])
    rows["Evidence"] = rows.Evidence.fillna(fmt.not_available())
    gaps = rows[rows["In place"] != "yes"]
    f = PlanFinding(params, "readiness.checklist", "Readiness checklist")
    ready, conditions = f.count("ready", "Conditions in place", (rows["In place"] == "yes").sum()), f.count("conditions", "Readiness conditions", len(rows))
    gap_names = f.name("gap", [f"{c[0].lower()}{c[1:]} ({s})" for c, s in zip(gaps.Condition, gaps["In place"])])
    f.say(f"{ready.text} of the {conditions.text} readiness conditions are in place; gaps: {fmt.listing(gap_names)}.")
    f.table(rows, "Readiness checklist")
    return f.finding()
