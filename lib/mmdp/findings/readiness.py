"""Stage 0, getting started: are the actors a mainstreaming process needs at the table, are women
taking part and leading, and are the mandate, focal point, coordination and budget in place?

The stakeholder map itself is ``stakeholders.stakeholder_map`` (one implementation, shown here)."""

from __future__ import annotations

import pandas as pd

from ..i18n import N_, _, t
from ..inputs.planning import ACTOR_TYPES, READINESS_ITEMS, REQUIRED_ACTORS, split_list
from ..render import format as fmt
from ..render import style
from .base import Finding
from .plan import PlanFinding, template
from .stakeholders import HIGH, balance_facts


STATUS = {"yes": N_("yes"), "partly": N_("partly"), "no": N_("no"), "not stated": N_("not stated")}
"""Present or in place, as readers see it (the codes stay English in the frames the findings compute with)."""
ACTOR_HEADINGS = {"Actor": N_("Actor"), "Present": N_("Present"), "Stakeholders": N_("Stakeholders"), "Who": N_("Who")}
CHECKLIST_HEADINGS = {"Condition": N_("Condition"), "In place": N_("In place"), "Evidence": N_("Evidence")}
"""The tables' headings (in English; ``_()`` gives them in the current language)."""


def as_shown(frame: pd.DataFrame, headings: dict[str, str], status: str) -> pd.DataFrame:
    """``frame`` as readers see it: its ``status`` column's codes and its headings in the current language."""
    words = [_(STATUS[v]) if v in STATUS else v for v in frame[status]]
    return frame.assign(**{status: words}).rename(columns={column: _(heading) for column, heading in headings.items()})


def actor_rows(stakeholders: pd.DataFrame) -> pd.DataFrame:
    """Per actor a process needs (its name in the current language): the stakeholders of that type (none: a gap)."""
    rows = []
    for code in REQUIRED_ACTORS:
        who = [s for s, types in zip(stakeholders.stakeholder, stakeholders.actor_type) if code in split_list(types)]
        rows.append({"Actor": _(ACTOR_TYPES[code]), "Present": "yes" if who else "no", "Stakeholders": len(who), "Who": fmt.semicolons(who) or fmt.NOT_APPLICABLE})
    return pd.DataFrame(rows)


def actor_coverage(params) -> Finding:
    """Finding ``readiness.actor_coverage``: which of the actors a mainstreaming process needs are missing."""
    rows = actor_rows(template(params, "stakeholders"))
    f = PlanFinding(params, "readiness.actor_coverage", _("Coverage of the actors a process needs"))
    present, needed = f.count("present", _("Actors present"), (rows.Present == "yes").sum()), f.count("needed", _("Actors a process needs"), len(rows))
    missing = f.name("missing", rows[rows.Present == "no"].Actor)
    f.say(t("The stakeholder list covers {present} of the {needed} kinds of actors a mainstreaming process needs; missing: {missing}.",
            present=present.text, needed=needed.text, missing=fmt.listing(missing)))
    fig, (ax,) = style.new_figure(height=5.2)
    shown = rows.iloc[::-1]
    colours = [style.COUNTRY if p == "yes" else style.ALERT for p in shown.Present]
    ax.barh(shown.Actor, shown.Stakeholders, color=colours)
    for y, (n, present) in enumerate(zip(shown.Stakeholders, shown.Present)):
        if present == "no":
            ax.text(0.05, y, _("missing"), va="center", fontsize=8, color=style.MARK)
    ax.set_xlabel(_("Stakeholders of this kind"))
    ax.set_title(_("Actors a mainstreaming process needs"))
    ax.grid(axis="y", visible=False)
    f.chart(fig, _("Bar chart of stakeholders per kind of actor"))
    f.table(as_shown(rows, ACTOR_HEADINGS, "Present"), _("Actors a mainstreaming process needs"))
    return f.finding()


def gender_balance(params) -> Finding:
    """Finding ``readiness.gender_balance``: women's share of participants and of leadership, overall and among the most influential."""
    table = template(params, "stakeholders")
    f = PlanFinding(params, "readiness.gender_balance", _("Gender balance of participation and leadership"))
    f.facts.update(balance_facts(table))
    strong = table[table.influence >= HIGH]
    women, men = int(strong.women_participants.sum()), int(strong.men_participants.sum())
    women_influential = f.fact("women_influential", t("Women among participants from stakeholders of influence {level} or more", level=HIGH),
                               100 * women / (women + men) if women + men else None, "%")
    led_influential = f.fact("women_led_influential", t("Stakeholders of influence {level} or more led by women", level=HIGH),
                             100 * (strong.women_led == "yes").mean() if len(strong) else None, "%")
    influential = f.count("influential", t("Stakeholders of influence {level} or more", level=HIGH), len(strong))
    scale = f.fact("scale", _("Influence scale"), "1-5", "count")
    f.say(t("Women are {women} of named participants and {women_influential} of those sent by the {influential} most influential "
            "stakeholders (influence {level} or more on {scale}); {women_led} of all stakeholders and {led_influential} of the most "
            "influential are led by women.", women=f.facts["women_participants"].text, women_influential=women_influential.text,
            influential=influential.text, level=HIGH, scale=scale.text, women_led=f.facts["women_led"].text,
            led_influential=led_influential.text))
    numbers = table.sort_values("influence", ascending=True)
    fig, (ax,) = style.new_figure(height=5.2)
    ax.barh(numbers.stakeholder, numbers.women_participants, color=style.WOMEN, label=_("Women"))
    ax.barh(numbers.stakeholder, numbers.men_participants, left=numbers.women_participants, color=style.MEN, label=_("Men"))
    ax.set_xlabel(_("People taking part (most influential stakeholders at the top)"))
    ax.set_title(_("Women and men taking part, by stakeholder"))
    ax.tick_params(axis="y", labelsize=7)
    ax.legend(fontsize=8)
    ax.grid(axis="y", visible=False)
    f.chart(fig, _("Stacked bars of women and men taking part per stakeholder"))
    f.table(pd.DataFrame([{_("Measure"): x.label, _("Value"): x.text} for x in f.facts.values() if x.unit == "%"]), _("Gender balance"))
    return f.finding()


def checklist(params) -> Finding:
    """Finding ``readiness.checklist``: mandate, focal point, coordination mechanism, process budget; the gaps named."""
    table = template(params, "readiness").set_index("item")
    rows = pd.DataFrame([
        {"Condition": _(text), "In place": table.status.get(item, "not stated"), "Evidence": table.evidence.get(item) if item in table.index else None}
        for item, text in READINESS_ITEMS.items()
    ])
    rows["Evidence"] = rows.Evidence.fillna(fmt.not_available())
    gaps = rows[rows["In place"] != "yes"]
    f = PlanFinding(params, "readiness.checklist", _("Readiness checklist"))
    ready, conditions = f.count("ready", _("Conditions in place"), (rows["In place"] == "yes").sum()), f.count("conditions", _("Readiness conditions"), len(rows))
    gap_names = f.name("gap", [f"{c[0].lower()}{c[1:]} ({_(STATUS.get(s, s))})" for c, s in zip(gaps.Condition, gaps["In place"])])
    f.say(t("{ready} of the {conditions} readiness conditions are in place; gaps: {gaps}.", ready=ready.text, conditions=conditions.text,
            gaps=fmt.listing(gap_names)))
    f.table(as_shown(rows, CHECKLIST_HEADINGS, "In place"), _("Readiness checklist"))
    return f.finding()
