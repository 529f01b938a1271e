"""National figures beside the global estimates: finding ``profile.national_figures``.

A country team's census, survey, central-bank and register figures (``inputs.national``) are set
beside the global estimate of the same thing (UN DESA, UNHCR, World Bank), each with its source and
year, and the difference in percent of the global estimate. A national figure never replaces a
global one: both are shown, and the notes say why they may differ.
"""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

from ..data.places import Place
from ..i18n import N_, _, language, t
from ..inputs.national import is_illustrative, read_national
from ..inputs.national_place import check_place
from ..inputs.parameters import Parameters
from ..render import format as fmt
from ..render.display import Table
from .base import Fact, Finding
from .factsheet import key_facts

FINDING_ID = "profile.national_figures"
WHY = {
    "migrants": N_("Global migrant stock counts people by country of birth (or citizenship), estimated for "
                   "mid-year; a census counts residents on its reference date and may define migrants otherwise; "
                   "emigrants are counted abroad by destination countries, but at home only as absent household members."),
    "remittances": N_("The World Bank compiles balance-of-payments remittances; a central bank's own series may "
                      "differ in coverage (money transfer operators only, informal channels) and revision date."),
    "displacement": N_("UNHCR counts refugees under its mandate and government registrations at year end; a "
                       "national register may count on another date or include other statuses."),
}
"""Why a national figure may differ from the global estimate, per topic (in English; ``_()`` translates)."""
TOPICS = {"migrants": N_("migrants"), "remittances": N_("remittances"), "displacement": N_("displacement")}
"""Each topic's name as a note states it (in English)."""
# (key, label, template, selector, global fact, share fact or None, topic)
COMPARISONS = (
    ("emigrants", N_("Emigrants"), "migrant_counts", {"direction": "emigrants", "sex": "total", "partner": "ALL"}, "emigrants", None, "migrants"),
    ("emigrant_women", N_("Emigrant women"), "migrant_counts", {"direction": "emigrants", "sex": "female", "partner": "ALL"}, "emigrants", "emigrants_female_share", "migrants"),
    ("immigrants", N_("Immigrants"), "migrant_counts", {"direction": "immigrants", "sex": "total", "partner": "ALL"}, "immigrants", None, "migrants"),
    ("immigrant_women", N_("Immigrant women"), "migrant_counts", {"direction": "immigrants", "sex": "female", "partner": "ALL"}, "immigrants", "immigrants_female_share", "migrants"),
    ("remittances_received", N_("Remittances received"), "remittances", {"direction": "received", "partner": "ALL"}, "remittances_received", None, "remittances"),
    ("refugees_hosted", N_("Refugees hosted"), "displacement", {"population": "refugees_hosted", "sex": "total"}, "refugees_hosted", None, "displacement"),
    ("refugees_abroad", N_("Refugees abroad"), "displacement", {"population": "refugees_abroad", "sex": "total"}, "refugees_abroad", None, "displacement"),
)


@lru_cache(maxsize=64)
def _cached_global(place: Place, year: int, lang: str) -> dict[str, Fact]:
    return key_facts(place, year)


def _global(place: Place, year: int) -> dict[str, Fact]:
    """The fact sheet's facts at ``year``, in the current language (cached per language)."""
    return _cached_global(place, year, language())


def _pick(table: pd.DataFrame, selector: dict[str, str]) -> pd.Series | None:
    rows = table
    for column, value in selector.items():
        rows = rows[rows[column] == value]
    return None if rows.empty else rows.sort_values("year").iloc[-1]


def _global_fact(place: Place, year: int, key: str, share: str | None, label: str) -> Fact:
    facts = _global(place, year)
    base = facts[key]
    if share is None:
        return Fact(label, base.value, base.unit, base.year, base.source)
    part = facts[share]
    value = None if base.missing or part.missing else base.value * part.value / 100
    return Fact(label, value, "people", base.year, base.source, f"{base.label} x {part.label}")


def _difference(national: Fact, global_: Fact) -> Fact:
    if national.missing or global_.missing or not global_.value:
        return Fact(_("Difference from the global estimate"), None, "%")
    return Fact(_("Difference from the global estimate"), (national.value - global_.value) / global_.value * 100, "%")


def _signed(fact: Fact) -> str:
    if fact.missing:
        return fmt.not_available()
    return ("+" if fact.value > 0 else "") + fact.text


def comparison(params: Parameters) -> Finding:
    """The national figures of ``params.national`` beside the global estimates, differences explained."""
    title = t("National figures beside the global estimates, {place}", place=params.place.local_name)
    if params.national is None:
        sentence = _(
            "No national figures were given, so this profile shows the global estimates only. To set your "
            "census, survey or central-bank figures beside them, fill in the templates of "
            "data/examples/national/ and pass the folder as the parameter national."
        )
        return Finding(FINDING_ID, title, {}, sentence)
    tables = read_national(params.national, None if params.place.is_group else params.place.code)
    label = _("ILLUSTRATIVE (invented numbers, not official statistics):") if is_illustrative(params.national) else ""
    facts: dict[str, Fact] = {}
    rows = []
    topics = []
    names: dict[str, str] = {}
    for key, name, template, selector, global_key, share, topic in COMPARISONS:
        if template not in tables:
            continue
        row = _pick(tables[template], selector)
        if row is None:
            continue
        unit = "US$" if template == "remittances" else "people"
        value = row["usd"] if template == "remittances" else row["count"]
        source = row["source"] if "ILLUSTRATIVE" in row["source"] or not label else t("ILLUSTRATIVE: {source}", source=row["source"])
        national = Fact(t("{name}, national", name=_(name)), value, unit, int(row["year"]), source)
        global_ = _global_fact(params.place, int(row["year"]), global_key, share, t("{name}, global estimate", name=_(name)))
        difference = _difference(national, global_)
        facts.update({f"{key}_national": national, f"{key}_global": global_, f"{key}_difference": difference})
        topics.append(topic)
        names[key] = _(name)
        rows.append(
            {
                _("Figure"): _(name),
                _("National figure"): national.text,
                _("National source"): national.source,
                _("National year"): national.year,
                _("Global estimate"): global_.text,
                _("Global source"): global_.source,
                _("Global year"): global_.year if global_.year is not None else fmt.not_available(),
                _("Difference (% of global)"): _signed(difference),
            }
        )
    shown = []
    if rows:
        shown.append(
            Table(
                pd.DataFrame(rows),
                t("National figures beside the global estimates, {place}", place=params.place.local_name),
                _("Sources: as named in each row. Difference = (national - global) / global."),
                index=False,
                units={_("National year"): "year"},
            )
        )
    extra = _national_only(tables, label)
    if extra is not None:
        shown.append(extra)
    compared = [k for k in facts if k.endswith("_difference") and not facts[k].missing]
    mismatches = [] if params.place.is_group else check_place(params.place.code, tables)
    if mismatches:
        facts["mismatches"] = Fact(_("Problems: figures that may not be the place's"), len(mismatches), "count")
        found = {"place": params.place.local_name, "count": facts["mismatches"].text, "code": params.place.code}
        if len(mismatches) == 1:
            sentence = t("The national figures may not be {place}'s ({count} problem below), so no difference is highlighted here; "
                         "check them (`mmdp inputs check --national FOLDER --country {code}`).", **found)
        else:
            sentence = t("The national figures may not be {place}'s ({count} problems below), so no difference is highlighted here; "
                         "check them (`mmdp inputs check --national FOLDER --country {code}`).", **found)
    elif compared:
        key = max(compared, key=lambda k: abs(facts[k].value))
        name = key.removesuffix("_difference")
        n, g, d = facts[f"{name}_national"], facts[f"{name}_global"], facts[key]
        facts["figures_compared"] = Fact(_("National figures set beside a global estimate"), len(rows), "count")
        fields = {"count": fmt.count(len(rows)), "figure": names[name].lower(), "national": n.text, "national_year": n.year,
                  "global_estimate": g.text, "global_year": g.year, "difference": fmt.value(abs(d.value), "%")}
        if d.value > 0:
            sentence = t("{count} national figures are shown beside the global estimates, which they do not replace. The largest "
                         "difference: {figure}, {national} in {national_year} by the national source against {global_estimate} in "
                         "{global_year} by the global estimate, {difference} higher.", **fields)
        else:
            sentence = t("{count} national figures are shown beside the global estimates, which they do not replace. The largest "
                         "difference: {figure}, {national} in {national_year} by the national source against {global_estimate} in "
                         "{global_year} by the global estimate, {difference} lower.", **fields)
    else:
        sentence = _("The national figures given have no global estimate to set beside them here; they are shown as given.")
    if label:
        sentence = f"{label} {sentence}"
    notes = tuple(t("*Not {place}'s figures?* {name}, {problem}.", place=params.place.local_name, name=name, problem=problem)
                  for name, problem in mismatches)
    notes += tuple(t("*Why they can differ ({topic}):* {why}", topic=_(TOPICS[topic]), why=_(WHY[topic])) for topic in dict.fromkeys(topics))
    return Finding(FINDING_ID, title, facts, sentence, tables=tuple(shown), notes=notes)


def _national_only(tables: dict[str, pd.DataFrame], label: str) -> Table | None:
    """Labour force by sex and migrant status (no global series by migrant status to compare)."""
    if "labour_force" not in tables:
        return None
    frame = tables["labour_force"].copy()
    frame["participation_rate"] = [
        fmt.value(lf / wap * 100, "%") if wap else fmt.not_available() for lf, wap in zip(frame.labour_force, frame.working_age_population)
    ]
    headers = {column: _(heading) for column, heading in LABOUR_FORCE_HEADINGS.items()}
    shown = frame.rename(columns=headers)[list(headers.values())]
    sources = fmt.semicolons(dict.fromkeys(frame.source))
    caption = _("Labour force by sex and migrant status (national survey; the global data here have no split by migrant status)")
    return Table(
        shown,
        f"{label} {caption}" if label else caption,
        t("Source: {sources}.", sources=sources),
        index=False,
        units={headers["year"]: "year"},
    )


LABOUR_FORCE_HEADINGS = {"sex": N_("Sex"), "migrant_status": N_("Migrant status"), "year": N_("Year"), "labour_force": N_("Labour force"),
                         "working_age_population": N_("Working-age population"), "participation_rate": N_("Participation rate")}
"""The labour-force table's columns and their headers (in English; ``_()`` translates)."""
