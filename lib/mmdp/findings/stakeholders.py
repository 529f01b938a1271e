"""Stakeholders (Stage 0, shown in Stage 1 too): the influence x interest map and the gender balance
of participation, read from the country team's ``stakeholders.csv`` (the default is illustrative)."""

from __future__ import annotations

import pandas as pd

from ..i18n import N_, _, t
from ..inputs.parameters import Parameters
from ..inputs.workbook import load_template
from ..render import style
from .base import Fact, Finding
from .plan import PlanFinding

HEADINGS = {
    "stakeholder_id": N_("Id"),
    "stakeholder": N_("Stakeholder"),
    "actor_type": N_("Actor type"),
    "category": N_("Category"),
    "influence": N_("Influence (1-5)"),
    "interest": N_("Interest (1-5)"),
    "women_led": N_("Women-led"),
    "migrant_or_diaspora_org": N_("Migrant or diaspora organisation"),
    "women_participants": N_("Women taking part"),
    "men_participants": N_("Men taking part"),
    "quadrant": N_("Quadrant"),
}
"""Reader-facing headings of the stakeholder table (in English; ``_()`` gives them in the current language)."""

QUADRANTS = (N_("Manage closely"), N_("Keep satisfied"), N_("Keep informed and empower"), N_("Monitor"))
"""The quadrants of the influence x interest grid (English in ``stakeholder_table``; ``_()`` translates them where shown)."""
YES_NO = {"yes": N_("yes"), "no": N_("no")}
"""The template's yes/no as readers see them."""
HIGH = 3
"""Influence or interest of 3 or more (on the 1-5 scale) counts as high."""


def stakeholder_table(params: Parameters) -> pd.DataFrame:
    """The stakeholder template, validated, with the quadrant of the influence x interest grid."""
    table = load_template(params.inputs, "stakeholders")
    high_influence = table.influence >= HIGH
    high_interest = table.interest >= HIGH
    table["quadrant"] = "Monitor"
    table.loc[high_influence & ~high_interest, "quadrant"] = "Keep satisfied"
    table.loc[~high_influence & high_interest, "quadrant"] = "Keep informed and empower"
    table.loc[high_influence & high_interest, "quadrant"] = "Manage closely"
    table = table.sort_values(["influence", "interest", "stakeholder"], ascending=[False, False, True])
    return table.reset_index(drop=True).rename_axis("#").rename(index=lambda i: i + 1)


def balance_facts(table: pd.DataFrame) -> dict[str, Fact]:
    """Women's share of participants, and the shares of stakeholders led by women or representing migrants."""
    women, men = int(table.women_participants.sum()), int(table.men_participants.sum())
    people = women + men
    return {
        "stakeholders": Fact(_("Stakeholders"), len(table), "count"),
        "women_participants": Fact(_("Women among named participants"), 100 * women / people if people else None, "%"),
        "women_led": Fact(_("Stakeholders led by women"), 100 * (table.women_led == "yes").mean(), "%"),
        "migrant_or_diaspora": Fact(_("Stakeholders representing migrants or diaspora"), 100 * (table.migrant_or_diaspora_org == "yes").mean(), "%"),
    }


def stakeholder_map(params: Parameters) -> Finding:
    """Finding ``stakeholders.map``: who has influence and interest, and the gender balance of participation."""
    table = stakeholder_table(params)
    f = PlanFinding(params, "stakeholders.map", t("Stakeholder map, {place}", place=params.place.local_name))
    facts = f.facts
    facts.update(balance_facts(table))
    f.say(t("Women are {women} of named participants; {women_led} of the {stakeholders} stakeholders are women-led and "
            "{migrant_or_diaspora} represent migrants or diaspora.", women=facts["women_participants"].text,
            women_led=facts["women_led"].text, stakeholders=facts["stakeholders"].text, migrant_or_diaspora=facts["migrant_or_diaspora"].text))
    f.chart(_map_chart(params, table), t("Scatter map of {count} stakeholders by interest and influence", count=facts["stakeholders"].text))
    f.table(shown_table(table), _("Stakeholders by quadrant"))
    return f.finding()


def shown_table(table: pd.DataFrame) -> pd.DataFrame:
    """``stakeholder_table`` as readers see it: headings, quadrants and yes/no in the current language (names,
    actor types and categories as the team wrote them)."""
    words = {column: [_(YES_NO[v]) if v in YES_NO else v for v in table[column]] for column in ("women_led", "migrant_or_diaspora_org")}
    shown = table.assign(quadrant=[_(q) for q in table.quadrant], **words)
    return shown.rename(columns={column: _(heading) for column, heading in HEADINGS.items()})


def _map_chart(params: Parameters, table: pd.DataFrame):
    fig, (ax,) = style.new_figure(width=9, height=6)
    jitter = table.groupby(["influence", "interest"]).cumcount() * 0.12
    x, y = table.interest + jitter, table.influence - jitter
    styles = [
        (table.women_led == "yes", style.WOMEN, "o", _("Women-led")),
        ((table.women_led == "no") & (table.migrant_or_diaspora_org == "yes"), style.PEERS[1], "s", _("Migrant or diaspora organisation")),
        ((table.women_led == "no") & (table.migrant_or_diaspora_org == "no"), style.NEUTRAL, "D", _("Other")),
    ]
    for mask, colour, marker, name in styles:
        ax.scatter(x[mask], y[mask], s=80, color=colour, marker=marker, label=name, edgecolor="black", zorder=3)
    for xi, yi, number in zip(x, y, table.index):
        ax.annotate(str(number), (xi, yi), xytext=(7, 2), textcoords="offset points", fontsize=8)
    ax.axhline(HIGH - 0.5, color="#777777", lw=0.8)
    ax.axvline(HIGH - 0.5, color="#777777", lw=0.8)
    for tx, ty, text in ((1.0, 5.35, "Keep satisfied"), (3.6, 5.35, "Manage closely"), (1.0, 0.6, "Monitor"), (3.6, 0.6, "Keep informed and empower")):
        ax.text(tx, ty, _(text), fontsize=8, color="#555555", style="italic")
    ax.set_xlim(0.5, 6.3)
    ax.set_ylim(0.4, 5.6)
    ax.set_xlabel(_("Interest in migration and development (1-5)"))
    ax.set_ylabel(_("Influence on the plan (1-5)"))
    ax.set_title(t("Stakeholder map, {place} (numbers as in the table below)", place=params.place.local_name))
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    return fig
