"""Gender analysis of a place's migration (Stage 1).

The sources record sex (female/male), not gender; age is often missing. Each finding says what it
can show and leaves missing values missing. Works for countries and groups (sums over members).
"""

from __future__ import annotations

import pandas as pd

from ..constants import CORRIDOR_MIN_MIGRANTS, DEMOGRAPHICS_YEAR, GDI_SCALE, GII_SCALE, IDP_SEX_AGE_YEAR
from ..data.countries import country_name
from ..data.loaders import load
from ..data.places import Place
from ..data.provenance import IMS_EDITION, IMS_TITLE, SOURCES
from ..data.series import as_of, latest
from ..i18n import N_, _, language, t
from ..inputs.parameters import Parameters
from ..render import format as fmt
from ..render import style
from ..render.display import Chart, Table
from . import place_series
from .base import Fact, Finding

IMS = SOURCES["ims"]


# --- women's share over time --------------------------------------------------------------


def female_share_series(params: Parameters) -> pd.DataFrame:
    """Female share (%) of immigrants and emigrants per year: the place, its comparators and the world."""
    cols = ["year", "immigrants_female_share_pct", "emigrants_female_share_pct"]
    frames = [place_series.stock(p, params.year)[cols].assign(group=p.name) for p in dict.fromkeys([params.place, *params.peers])]
    return pd.concat(frames, ignore_index=True)


def female_share(params: Parameters) -> Finding:
    """Finding ``gender.female_share``: women's share among immigrants and emigrants, against comparators."""
    place = params.place
    name = place.local_name
    title = t("Women's share among migrants, {place} and comparators", place=name)
    data = female_share_series(params)
    own = data[data.group == place.name].dropna(subset=["immigrants_female_share_pct"])
    if own.empty:
        facts = {"immigrants": Fact(t("Women among immigrants, {place}", place=name), None, "%", None, IMS)}
        sentence = t("UN DESA's {title} has no estimate by sex for {place}.", title=IMS_TITLE, place=name)
        chart = style.no_data_chart(title, _("No UN DESA estimate for this country or area."), fmt.source_line(IMS))
        return Finding("gender.female_share", title, facts, sentence, charts=(chart,))
    first, last = own.iloc[0], own.iloc[-1]
    y = int(last.year)
    facts = {
        "immigrants": Fact(t("Women among immigrants, {place}", place=name), last.immigrants_female_share_pct, "%", y, IMS),
        "immigrants_first": Fact(_("Women among immigrants, first estimate"), first.immigrants_female_share_pct, "%", int(first.year), IMS),
        "emigrants": Fact(t("Women among emigrants, {place}", place=name), last.emigrants_female_share_pct, "%", y, IMS),
    }
    peers = []
    for peer in params.peers:
        if peer == place:
            continue
        rows = data[(data.group == peer.name) & (data.year == y)]
        value = rows.immigrants_female_share_pct.iloc[0] if not rows.empty else None
        fact = Fact(t("Women among immigrants, {place}", place=peer.local_name), value, "%", y, IMS, _("ratio of sums"))
        facts[f"peer:{peer.code}"] = fact
        peers.append(f"{peer.local_name} {fact.text}")
    change = last.immigrants_female_share_pct - first.immigrants_female_share_pct
    before = {"share": facts["immigrants_first"].text, "year": facts["immigrants_first"].year}
    if change > 0.05:
        trend = t("up from {share} in {year}", **before)
    elif change < -0.05:
        trend = t("down from {share} in {year}", **before)
    else:
        trend = t("unchanged from {share} in {year}", **before)
    sentence = t(
        "Women were {immigrants} of immigrants in {place} in {year} ({details}) and {emigrants} of emigrants.",
        immigrants=facts["immigrants"].text, place=name, year=y, details=fmt.semicolons([trend, *peers]), emigrants=facts["emigrants"].text,
    )
    shown = fmt.semicolons([f"{name} {facts['immigrants'].text}", *peers])
    alt = t("Line charts of women's share among immigrants and emigrants. In {year}, immigrants: {shown}.", year=y, shown=shown)
    return Finding("gender.female_share", title, facts, sentence, charts=(_female_share_chart(params, data, title, alt),))


def _female_share_chart(params: Parameters, data: pd.DataFrame, title: str, alt: str) -> Chart:
    fig, axes = style.new_figure(ncols=2, width=10)
    others = [p.name for p in params.peers if p != params.place]
    colours = dict(zip(others, style.PEERS))
    names = {p.name: p.local_name for p in (params.place, *params.peers)}
    subtitles = {"immigrants": _("Women, % of immigrants"), "emigrants": _("Women, % of emigrants")}
    for ax, who in zip(axes, ("immigrants", "emigrants")):
        for group, rows in data.groupby("group", sort=False):
            own = group == params.name
            ax.plot(
                rows.year,
                rows[f"{who}_female_share_pct"],
                color=style.COUNTRY if own else colours[group],
                lw=2.8 if own else 1.5,
                ls="-" if own else "--",
                marker="o" if own else None,
                label=names[group],
            )
        ax.axhline(50, color=style.NEUTRAL, lw=1)
        ax.set_title(subtitles[who])
        ax.set_ylim(0, 100)
        ax.legend(fontsize=8)
    fig.suptitle(title, x=0.01, ha="left", fontweight="bold")
    drawn = data[["group", "year", "immigrants_female_share_pct", "emigrants_female_share_pct"]]
    return style.render(fig, alt, fmt.source_line(IMS, note=_("Groups: women over all migrants of their member countries.")), data=drawn)


# --- corridors ----------------------------------------------------------------------------

CORRIDOR_COLUMNS = {
    "corridor": N_("Corridor"),
    "migrants": N_("Migrants"),
    "women_pct": N_("Women %"),
    "gap_points": N_("Gap (points)"),
    "overall_women_pct": N_("Average women %"),
}
"""Reader-facing headings of the corridor table (in English; ``_()`` gives them in the current language)."""


def corridor_label(direction: str, partner: str, names: dict[str, str]) -> str:
    """``Immigrants from Armenia`` or ``Emigrants in Italy`` in the current language (``direction``:
    Immigrants or Emigrants; the partner's name: its English short name, or the UN's name in French or Spanish)."""
    lang = language()
    country = names.get(partner) if lang == "en" else country_name(partner, lang)
    if direction == "Immigrants":
        return t("Immigrants from {country}", country=country)
    return t("Emigrants in {country}", country=country)


def corridor_representation(place: Place, year: int, n: int = 5) -> pd.DataFrame:
    """Corridors where women are most over- and under-represented against the place's own average.

    For immigrants (by origin) and emigrants (by destination), corridors of at least
    CORRIDOR_MIN_MIGRANTS people in the latest IMS year; gap = corridor female share minus the
    overall female share of that direction (percentage points). Sorted by gap, largest first (ties by
    the English label, so that every language shows the same corridors). For a group other than the
    world, corridors between two members are left out of corridors and averages
    (``place_series.bilateral``). ``corridor`` is the label in the current language, ``direction``
    Immigrants or Emigrants.
    """
    names = load("countries").set_index("iso3").short_name.to_dict()
    rows = []
    for direction, kind in (("Immigrants from", "origins"), ("Emigrants in", "destinations")):
        part, ims_year = place_series.bilateral(place, year, kind)
        part = part[part.partner != "OOO"].groupby("partner")[["female", "male"]].sum().reset_index()
        total = part.female.sum() + part.male.sum()
        if total == 0:
            continue
        overall = 100 * part.female.sum() / total
        part = part.assign(total=part.female + part.male)
        part = part[part.total >= CORRIDOR_MIN_MIGRANTS]
        share = 100 * part.female / part.total
        frame = pd.DataFrame(
            {
                "corridor": direction + " " + part.partner.map(names),
                "partner": part.partner,
                "migrants": part.total.astype("int64"),
                "women_pct": share.round(1),
                "gap_points": (share - overall).round(1),
            }
        ).sort_values(["gap_points", "corridor"])
        chosen = pd.concat([frame.tail(n).iloc[::-1], frame.head(n)]).drop_duplicates("corridor")
        rows.append(chosen.assign(direction=direction.split()[0], overall_women_pct=round(overall, 1), year=int(ims_year)))
    columns = ["corridor", "migrants", "women_pct", "gap_points", "direction", "overall_women_pct", "year"]
    if not rows:
        return pd.DataFrame(columns=columns)
    out = pd.concat(rows, ignore_index=True)
    out = out.sort_values(["gap_points", "corridor"], ascending=[False, True]).reset_index(drop=True)
    out["corridor"] = [corridor_label(d, p, names) for d, p in zip(out.direction, out.partner)]
    return out[columns]


def corridor_gaps(params: Parameters) -> Finding:
    """Finding ``gender.corridor_gaps``: where women are most over- and under-represented."""
    place = params.place
    name = place.local_name
    table = corridor_representation(place, params.year)
    title = t("Corridors where women are over- or under-represented, {place}", place=name)
    minimum = Fact(_("Minimum corridor size"), CORRIDOR_MIN_MIGRANTS, "people")
    between = place_series.counts_between_members(place)
    note = t("Corridors of {count} migrants or more.", count=minimum.text) + (
        " " + _("Corridors between two member countries are left out.") if between else ""
    )
    if table.empty:
        chart = style.no_data_chart(title, t("No corridor with {count} migrants or more in the UN DESA estimates.", count=minimum.text),
                                    fmt.source_line(IMS))
        sentence = t("No corridor of {count} migrants or more to compare for {place}.", count=minimum.text, place=name)
        return Finding("gender.corridor_gaps", title, {"minimum": minimum}, sentence, charts=(chart,))
    high, low = table.iloc[0], table.iloc[-1]
    y = int(high.year)

    def average(direction: str) -> str:
        return _("Average women's share, immigrants") if direction == "Immigrants" else _("Average women's share, emigrants")

    facts = {
        "minimum": minimum,
        "over": Fact(t("Most over-represented: {corridor}", corridor=high.corridor), high.women_pct, "%", y, IMS),
        "over_gap": Fact(_("Gap, most over-represented"), high.gap_points, "points", y, IMS),
        "over_average": Fact(average(high.direction), high.overall_women_pct, "%", y, IMS),
        "under": Fact(t("Most under-represented: {corridor}", corridor=low.corridor), low.women_pct, "%", y, IMS),
        "under_gap": Fact(_("Gap, most under-represented"), low.gap_points, "points", y, IMS),
        "under_average": Fact(average(low.direction), low.overall_women_pct, "%", y, IMS),
        "corridors": Fact(_("Corridors shown"), len(table), "count", y, IMS),
    }
    f = facts
    fields = {"high": high.corridor, "over": f["over"].text, "over_gap": f["over_gap"].text, "over_average": f["over_average"].text,
              "low": low.corridor, "under": f["under"].text, "under_gap": f["under_gap"].text, "under_average": f["under_average"].text}
    if high.direction == "Immigrants":
        sentence = t(
            "Women are most over-represented in the corridor '{high}' ({over} women, {over_gap} against the immigrants average of "
            "{over_average}) and most under-represented in '{low}' ({under}, {under_gap} against {under_average}). The estimates "
            "record sex; why the gaps exist (work sectors, visas, family reunification) needs national evidence.", **fields)
    else:
        sentence = t(
            "Women are most over-represented in the corridor '{high}' ({over} women, {over_gap} against the emigrants average of "
            "{over_average}) and most under-represented in '{low}' ({under}, {under_gap} against {under_average}). The estimates "
            "record sex; why the gaps exist (work sectors, visas, family reunification) needs national evidence.", **fields)
    if between:
        sentence += " " + t("Corridors between two member countries of {place} are left out.", place=name)
    alt = t(
        "Diverging bar chart of {corridors} corridors ({year}); bars to the right mean more women than average. "
        "Largest: {high} {over} women ({over_gap}); smallest: {low} {under} women ({under_gap}).",
        corridors=f["corridors"].text, year=y, **fields,
    )
    chart = _corridor_chart(table, title, alt, fmt.source_line(IMS, note=note))
    headings = {column: _(heading) for column, heading in CORRIDOR_COLUMNS.items()}
    shown = Table(
        table.drop(columns=["direction", "year"]).rename(columns=headings),
        t("Corridors by women's share, {place}, {year}", place=name, year=y),
        fmt.source_line(IMS, note=note),
        index=False,
        units={headings["women_pct"]: "%", headings["gap_points"]: "points", headings["overall_women_pct"]: "%"},
    )
    return Finding("gender.corridor_gaps", title, facts, sentence, charts=(chart,), tables=(shown,))


def _corridor_chart(table: pd.DataFrame, title: str, alt: str, source: str) -> Chart:
    table = table.iloc[::-1]
    fig, (ax,) = style.new_figure(width=9, height=max(3.0, 0.34 * len(table) + 1.4))
    colours = [style.WOMEN if g > 0 else style.MEN for g in table.gap_points]  # more women than average: the women's colour
    ax.barh(table.corridor, table.gap_points, color=colours)
    ax.axvline(0, color="#333333", lw=1)
    ax.set_xlabel(_("Women's share minus the overall share (percentage points)"))
    fig.suptitle(title, x=0.01, ha="left", fontweight="bold")
    ax.grid(axis="y", visible=False)
    return style.render(fig, alt, source, data=table.iloc[::-1].drop(columns=["direction"]))


# --- gender gaps in the context -----------------------------------------------------------

GAP_INDICATORS = {
    N_("Labour-force participation (15+), %"): ("lfpr_female", "lfpr_male", "%"),
    N_("Population with some secondary education (25+), %"): ("secondary_educ_female", "secondary_educ_male", "%"),
    N_("Human Development Index"): ("hdi_female", "hdi_male", "index"),
}
"""Indicators with a value for women and for men (labels in English; ``_()`` gives them in the current language)."""
GAP = N_("Gap (women - men), or the index")
HDR = SOURCES["hdr"]


def context_gaps(params: Parameters) -> Finding:
    """Finding ``gender.context_gaps``: women's and men's labour, education and HDI; GDI and GII."""
    place = params.place
    name = place.local_name
    title = t("Gender gaps, {place}", place=name)
    if place.is_group:
        sentence = t(
            "Gender gaps in labour, education and human development are country indicators; for {place} see "
            "each member country (a median of gaps would hide them).", place=name)
        return Finding("gender.context_gaps", title, {}, sentence)
    frame = load("context")
    frame = frame[frame.iso3 == place.code]
    facts: dict[str, Fact] = {}
    rows = []
    indicator, women_heading, men_heading, gap_heading, year_heading = _("Indicator"), _("Women"), _("Men"), _(GAP), _("Year")
    for english, (f_col, m_col, unit) in GAP_INDICATORS.items():
        label = _(english)
        both = frame.dropna(subset=[f_col, m_col])
        women, when = latest(both, f_col, params.year)
        men, _when = latest(both, m_col, params.year)
        key = f_col.removesuffix("_female")
        facts[f"{key}_women"] = Fact(t("{indicator}, women", indicator=label), women, unit, when, HDR)
        facts[f"{key}_men"] = Fact(t("{indicator}, men", indicator=label), men, unit, when, HDR)
        gap = None if women is None else women - men
        facts[f"{key}_gap"] = Fact(t("{indicator}, gap", indicator=label), gap, "points" if unit == "%" else "index", when, HDR)
        rows.append({indicator: label, women_heading: facts[f"{key}_women"].text, men_heading: facts[f"{key}_men"].text,
                     gap_heading: facts[f"{key}_gap"].text, year_heading: fmt.year(when)})
    indices = (("gdi", t("Gender Development Index (GDI; {scale})", scale=_(GDI_SCALE))),
               ("gii", t("Gender Inequality Index (GII; {scale})", scale=_(GII_SCALE))))
    for column, label in indices:
        value, when = latest(frame, column, params.year)
        facts[column] = Fact(label, value, "index", when, HDR)
        rows.append({indicator: label, women_heading: fmt.NOT_APPLICABLE, men_heading: fmt.NOT_APPLICABLE,
                     gap_heading: facts[column].text, year_heading: fmt.year(when)})
    f = facts
    if f["lfpr_women"].missing:
        sentence = t("UNDP's HDR series has no labour-force participation by sex for {place}.", place=name)
    else:
        sentence = t("In {year}, {women} of women and {men} of men aged 15+ in {place} were in the labour force.",
                     year=f["lfpr_women"].year, women=f["lfpr_women"].text, men=f["lfpr_men"].text, place=name)
    sentence += " " + t("Gender Inequality Index: {value}.", value=f["gii"].with_year())
    table = Table(pd.DataFrame(rows).set_index(indicator), title, fmt.source_line(HDR))
    return Finding("gender.context_gaps", title, facts, sentence, charts=(_lfpr_chart(params, f),), tables=(table,))


def _lfpr_chart(params: Parameters, f: dict[str, Fact]) -> Chart:
    frame = as_of(load("context"), params.year)
    frame = frame[frame.iso3 == params.iso3].dropna(subset=["lfpr_female", "lfpr_male"])
    title = t("Labour-force participation by sex, {place}", place=params.place.local_name)
    if frame.empty:
        return style.no_data_chart(title, _("UNDP's HDR series has no labour-force participation by sex here."), fmt.source_line(HDR))
    fig, (ax,) = style.new_figure()
    ax.plot(frame.year, frame.lfpr_female, color=style.WOMEN, lw=2.2, label=_("Women"))
    ax.plot(frame.year, frame.lfpr_male, color=style.MEN, lw=2.2, ls="--", label=_("Men"))
    ax.fill_between(frame.year, frame.lfpr_female, frame.lfpr_male, color="#cccccc", alpha=0.4)
    ax.set_ylim(0, 100)
    ax.set_ylabel(_("% of population aged 15+"))
    ax.set_title(title)
    ax.legend()
    alt = t(
        "Line chart to {year}: {women} of women and {men} of men aged 15+ were in the labour force, a gap of {gap}.",
        year=f["lfpr_women"].year, women=f["lfpr_women"].text, men=f["lfpr_men"].text, gap=f["lfpr_gap"].text,
    )
    return style.render(fig, alt, fmt.source_line(HDR), data=frame[["year", "lfpr_female", "lfpr_male"]])


# --- displaced people by sex and age ------------------------------------------------------

AGE_LABELS = {"0_4": "0-4", "5_11": "5-11", "12_17": "12-17", "18_59": "18-59", "60": "60+"}
PERSPECTIVES = {"hosted": N_("hosted in the country"), "origin": N_("from the country, abroad")}
"""Refugees' and asylum seekers' two perspectives (in English; ``_()`` gives them in the current language)."""


def displaced_by_sex_age(place: Place, perspective: str) -> tuple[pd.DataFrame, float, float]:
    """Refugees and asylum seekers by sex and age (UNHCR) and how many of them the sex data cover.

    Returns (table with age, women, men), people covered by the sex breakdown, and total people.
    """
    demo = load("displacement_demographics")
    demo = demo[demo.iso3.isin(place.members) & (demo.perspective == perspective) & demo.pop_type.isin(["REF", "ASY"])]
    table = pd.DataFrame(
        {
            "age": list(AGE_LABELS.values()),
            "women": [demo[f"female_{a}"].sum(min_count=1) for a in AGE_LABELS],
            "men": [demo[f"male_{a}"].sum(min_count=1) for a in AGE_LABELS],
        }
    )
    return table, float(demo.total_sex_known.sum()), float(demo.total.sum())


def displaced_sex_age(params: Parameters) -> Finding:
    """Finding ``gender.displaced_sex_age``: refugees and asylum seekers by sex and age; IDPs by sex."""
    place = params.place
    name = place.local_name
    title = t("Refugees and asylum seekers by sex and age, {place}, {year}", place=name, year=DEMOGRAPHICS_YEAR)
    source = fmt.source_line(t("{source} (demographics, end-{year})", source=SOURCES["unhcr"], year=DEMOGRAPHICS_YEAR))
    facts: dict[str, Fact] = {}
    panels = []
    for perspective, english in PERSPECTIVES.items():
        label = _(english)
        table, covered, total = displaced_by_sex_age(place, perspective)
        facts[f"{perspective}_total"] = Fact(t("Refugees and asylum seekers {perspective}", perspective=label), total, "people",
                                             DEMOGRAPHICS_YEAR, SOURCES["unhcr"])
        facts[f"{perspective}_covered"] = Fact(t("With sex recorded, {perspective}", perspective=label), covered, "people",
                                               DEMOGRAPHICS_YEAR, SOURCES["unhcr"])
        if covered > 0:
            facts[f"{perspective}_coverage"] = Fact(t("Share with sex recorded, {perspective}", perspective=label), 100 * covered / total,
                                                    "%", DEMOGRAPHICS_YEAR)
            facts[f"{perspective}_women"] = Fact(
                t("Women and girls, {perspective}", perspective=label), 100 * table.women.sum() / covered, "%", DEMOGRAPHICS_YEAR,
                SOURCES["unhcr"]
            )
            panels.append((perspective, label, table))
    parts = [
        t("{perspective}: {women} women and girls among the {covered} with sex recorded ({coverage} of {total})",
          perspective=label, women=facts[f"{p}_women"].text, covered=facts[f"{p}_covered"].text,
          coverage=facts[f"{p}_coverage"].text, total=facts[f"{p}_total"].text)
        for p, label, _table in panels
    ]
    if parts:
        sentence = t("At the end of {year}, refugees and asylum seekers {parts}.", year=DEMOGRAPHICS_YEAR, parts=fmt.semicolons(parts))
    else:
        sentence = t("UNHCR records no sex and age breakdown of refugees and asylum seekers for {place} (end-{year}).",
                     place=name, year=DEMOGRAPHICS_YEAR)
    if panels:
        chart = _pyramid_chart(title, panels, facts, t("Population pyramids. {parts}.", parts=fmt.semicolons(parts)), source)
    else:
        chart = style.no_data_chart(title, _("UNHCR records no sex and age breakdown for this country."), source)
    return Finding("gender.displaced_sex_age", title, facts, sentence, charts=(chart,), tables=(idp_sex_table(place),))


def _pyramid_chart(title: str, panels: list, facts: dict[str, Fact], alt: str, source: str) -> Chart:
    fig, axes = style.new_figure(ncols=len(panels), width=5 * len(panels) + 1)
    for ax, (perspective, label, table) in zip(axes, panels):
        ax.barh(table.age, -table.women.fillna(0), color=style.WOMEN, label=_("Women and girls"))
        ax.barh(table.age, table.men.fillna(0), color=style.MEN, label=_("Men and boys"))
        ax.axvline(0, color="#333333", lw=0.8)
        style.thousands(ax, "x", absolute=True)
        ax.set_title(
            t("{perspective}\n(sex known for {coverage} of {total})", perspective=label,
              coverage=facts[f"{perspective}_coverage"].text, total=facts[f"{perspective}_total"].text), fontsize=9
        )
        ax.legend(fontsize=7, loc="lower right")
        ax.grid(axis="y", visible=False)
    fig.suptitle(title, x=0.01, ha="left", fontweight="bold")
    drawn = pd.concat([table.assign(population=label)[["population", "age", "women", "men"]] for _perspective, label, table in panels])
    return style.render(fig, alt, source, data=drawn)


IDP_HEADINGS = {"female": N_("Female"), "male": N_("Male"), "unknown": N_("Unknown")}
IDP_CAUSES = {"conflict": N_("conflict"), "disaster": N_("disaster")}
"""IDMC's sexes and causes as the IDP table heads its columns and rows (in English; ``_()`` translates them)."""


def idp_sex_table(place: Place) -> Table:
    """IDMC's IDP stocks by cause and sex ('Unknown' where sex is not recorded), as counts."""
    table = load("idp_sex_age")
    table = table[table.iso3.isin(place.members)]
    out = table.pivot_table(index="cause", columns="sex", values="idps", aggfunc="sum")
    out = out.reindex(columns=list(IDP_HEADINGS)).rename(columns=lambda sex: _(IDP_HEADINGS[sex]))
    out = out.rename(index=lambda cause: _(IDP_CAUSES[cause]) if cause in IDP_CAUSES else cause)
    out = out.rename_axis(index=_("Cause"), columns=None).round(0).astype("Int64")
    return Table(
        out,
        t("Internally displaced people by cause and sex, end-{year}, {place}", year=IDP_SEX_AGE_YEAR, place=place.local_name),
        fmt.source_line(t("{source}, IDP stocks by sex and age (end-{year})", source=SOURCES["idmc"], year=IDP_SEX_AGE_YEAR)),
        units={c: "people" for c in out.columns},
    )


# --- checklist ----------------------------------------------------------------------------

CHECKLIST_COLUMNS = (N_("Question"), N_("What the embedded data can answer here"), N_("What they cannot answer"))
"""The checklist's headings (in English; ``_()`` gives them in the current language)."""


def checklist(params: Parameters) -> Finding:
    """Finding ``gender.checklist``: gender questions, each marked with what the embedded data can answer."""
    place = params.place
    name = place.local_name
    stock = place_series.stock(place, params.year)
    has_stock = not stock.empty and stock.immigrants_total.notna().any()
    has_corridors = not corridor_representation(place, params.year).empty
    coverage = {p: displaced_by_sex_age(place, p)[1:] for p in PERSPECTIVES}
    context = as_of(load("context"), params.year)
    context = context[context.iso3.isin(place.members)]
    has_lfpr = context.lfpr_female.notna().any()
    has_gii = context.gii.notna().any()
    received = place_series.remittances(place, params.year).received_usd.notna().any()

    def displaced(covered: float, total: float) -> tuple[bool, str]:
        if total == 0:
            return False, _("No: UNHCR records no refugees or asylum seekers here.")
        if covered == 0:
            return False, t("No: UNHCR has no sex breakdown for the {count} people recorded.", count=fmt.count(total))
        return True, t("Partly: sex and age known for {share} of {count} people (UNHCR {year}).",
                       share=fmt.share(100 * covered / total, 0), count=fmt.count(total), year=DEMOGRAPHICS_YEAR)

    if received:
        remittances = _("No: remittance flows are not split by sex; only totals exist here.")
    else:
        remittances = _("No: remittance flows are not split by sex; only totals (and none here).")
    nowhere = (False, _("No: not in any embedded source."))
    rows = [  # (question, (answered at least partly, what the data can answer), what they cannot answer)
        (_("Are women a growing or shrinking share of those who leave, and of those who arrive?"),
         (True, t("Yes: UN DESA {edition}, by sex.", edition=IMS_EDITION)) if has_stock else (False, _("No: no UN DESA estimate here.")),
         _("Why they move, their age, education or occupation; gender identity (sources record sex).")),
        (_("In which corridors are women over- or under-represented?"),
         (True, t("Yes: bilateral {edition} by sex.", edition=IMS_EDITION)) if has_corridors
         else (False, _("No: no corridor large enough to compare.")),
         _("Work and visa conditions in each corridor; informal and irregular migration.")),
        (_("How many displaced women and girls are hosted, and of what age?"), displaced(*coverage["hosted"]),
         _("Protection risks, gender-based violence, access to services.")),
        (_("How many women and girls from the country are displaced abroad?"), displaced(*coverage["origin"]),
         _("Conditions in host countries; family separation.")),
        (_("Do women have the same access to work at home (a driver of migration)?"),
         (True, _("Partly: labour-force participation by sex (UNDP HDR).")) if has_lfpr else (False, _("No: not in UNDP's HDR series here.")),
         _("Informal and care work; wages; sectors; migrants' own labour outcomes.")),
        (_("How unequal are women and men overall?"),
         (True, _("Partly: Gender Inequality Index (UNDP HDR).")) if has_gii else (False, _("No: GII not computed here.")),
         _("Inequality among migrants specifically.")),
        (_("Who sends and who receives remittances, and at what cost to women?"), (False, remittances),
         _("Sender and recipient sex, use of remittances, decision-making in households: needs surveys.")),
        (_("What happens to families and children left behind?"), nowhere,
         _("Needs household surveys or census modules on absent members.")),
        (_("Are women migrants working below their skill level (deskilling)?"), nowhere,
         _("Needs labour-force surveys with country of birth and education.")),
        (_("Are women and men exposed differently to trafficking and exploitation?"), nowhere,
         _("Needs administrative data (victims identified) and qualitative work; counts are never complete.")),
    ]
    frame = pd.DataFrame([(question, answer, cannot) for question, (_answered, answer), cannot in rows],
                         columns=[_(heading) for heading in CHECKLIST_COLUMNS])
    answered = sum(answered for _question, (answered, _answer), _cannot in rows)
    facts = {"answered": Fact(_("Questions the embedded data answer at least partly"), answered, "count"),
             "questions": Fact(_("Questions"), len(frame), "count")}
    sentence = t(
        "The embedded international data answer {answered} of the {questions} questions at least partly for {place}; "
        "the rest is the agenda for national data and consultation.",
        answered=facts["answered"].text, questions=facts["questions"].text, place=name,
    )
    table = Table(frame, t("Gender questions and the evidence available, {place}", place=name),
                  fmt.source_line(t("Computed from the embedded data: UN DESA {edition}", edition=IMS_EDITION), SOURCES["unhcr"], HDR,
                                  _("World Bank WDI")), index=False)
    return Finding("gender.checklist", t("Gender checklist, {place}", place=name), facts, sentence, tables=(table,))
