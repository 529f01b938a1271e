"""Stage 0, getting started: are the actors a mainstreaming process needs at the table, are women
taking part and leading, and are the mandate, focal point, coordination and budget in place?

The stakeholder map itself is ``stakeholders.stakeholder_map`` (one implementation, shown here)."""

from __future__ import annotations

import pandas as pd

from ..inputs.planning import ACTOR_TYPES, READINESS_ITEMS, REQUIRED_ACTORS, split_list
from ..render import format as fmt
from ..render import style
from ..render.display import Chart, Table
from .base import Fact, Finding
from .plan import count, label, named, template
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
    missing = rows[rows.Present == "no"].Actor.tolist()
    facts = {"present": count("Actors present", (rows.Present == "yes").sum()), "needed": count("Actors a process needs", len(rows))}
    facts |= named("missing", missing)
    lab = label(params)
    sentence = (
        f"The stakeholder list covers {facts['present'].text} of the {facts['needed'].text} kinds of actors a mainstreaming "
        f"process needs; missing: {fmt.listing(missing)}. ({lab}.)"
    )
    alt = f"Bar chart of stakeholders per kind of actor. {sentence}"
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
    chart = style.render(fig, alt, lab + ".")
    return Finding("readiness.actor_coverage", "Coverage of the actors a process needs", facts, sentence,
                   charts=(chart,), tables=(Table(rows, "Actors a mainstreaming process needs", lab + ".", index=False),))


def gender_balance(params) -> Finding:
    """Finding ``readiness.gender_balance``: women's share of participants and of leadership, overall and among the most influential."""
    table = template(params, "stakeholders")
    facts = balance_facts(table)
    strong = table[table.influence >= HIGH]
    women, men = int(strong.women_participants.sum()), int(strong.men_participants.sum())
    facts["women_influential"] = Fact(f"Women among participants from stakeholders of influence {HIGH} or more", 100 * women / (women + men) if women + men else None, "%")
    facts["women_led_influential"] = Fact(f"Stakeholders of influence {HIGH} or more led by women", 100 * (strong.women_led == "yes").mean() if len(strong) else None, "%")
    facts["influential"] = count(f"Stakeholders of influence {HIGH} or more", len(strong))
    facts["scale"] = Fact("Influence scale", "1-5", "count")
    f = facts
    lab = label(params)
    sentence = (
        f"Women are {f['women_participants'].text} of named participants and {f['women_influential'].text} of those sent by the "
        f"{f['influential'].text} most influential stakeholders (influence {HIGH} or more on {f['scale'].text}); {f['women_led'].text} of all "
        f"stakeholders and {f['women_led_influential'].text} of the most influential are led by women. ({lab}.)"
    )
    numbers = table.sort_values("influence", ascending=True)
    fig, (ax,) = style.new_figure(height=5.2)
    ax.barh(numbers.stakeholder, numbers.women_participants, color=style.WOMEN, label="Women")
    ax.barh(numbers.stakeholder, numbers.men_participants, left=numbers.women_participants, color=style.MEN, label="Men")
    ax.set_xlabel("People taking part (most influential stakeholders at the top)")
    ax.set_title("Women and men taking part, by stakeholder")
    ax.tick_params(axis="y", labelsize=7)
    ax.legend(fontsize=8)
    ax.grid(axis="y", visible=False)
    chart = style.render(fig, f"Stacked bars of women and men taking part per stakeholder. {sentence}", lab + ".")
    rows = pd.DataFrame([{"Measure": x.label, "Value": x.text} for k, x in facts.items() if x.unit == "%"])
    return Finding("readiness.gender_balance", "Gender balance of participation and leadership", facts, sentence,
                   charts=(chart,), tables=(Table(rows, "Gender balance", lab + ".", index=False),))


def checklist(params) -> Finding:
    """Finding ``readiness.checklist``: mandate, focal point, coordination mechanism, process budget; the gaps named."""
    table = template(params, "readiness").set_index("item")
    rows = pd.DataFrame([
        {"Condition": text, "In place": table.status.get(item, "not stated"), "Evidence": table.evidence.get(item) if item in table.index else None}
        for item, text in READINESS_ITEMS.items()
    ])
    rows["Evidence"] = rows.Evidence.fillna(fmt.NOT_AVAILABLE)
    ready = rows[rows["In place"] == "yes"]
    gaps = rows[rows["In place"] != "yes"]
    facts = {"ready": count("Conditions in place", len(ready)), "conditions": count("Readiness conditions", len(rows))}
    gap_names = [f"{c[0].lower()}{c[1:]} ({s})" for c, s in zip(gaps.Condition, gaps["In place"])]
    facts |= named("gap", gap_names)
    gap_text = fmt.listing(gap_names)
    lab = label(params)
    sentence = f"{facts['ready'].text} of the {facts['conditions'].text} readiness conditions are in place; gaps: {gap_text}. ({lab}.)"
    return Finding("readiness.checklist", "Readiness checklist", facts, sentence,
                   tables=(Table(rows, "Readiness checklist", lab + ".", index=False),))
