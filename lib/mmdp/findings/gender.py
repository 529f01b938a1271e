"""Gender analysis of a place's migration (Stage 1).

The sources record sex (female/male), not gender; age is often missing. Each finding says what it
can show and leaves missing values missing. Works for countries and groups (sums over members).
"""

from __future__ import annotations

import pandas as pd

from ..constants import CORRIDOR_MIN_MIGRANTS, DEMOGRAPHICS_YEAR, GDI_SCALE, GII_SCALE, IDP_SEX_AGE_YEAR
from ..data.loaders import load
from ..data.places import Place
from ..data.provenance import IMS_EDITION, IMS_TITLE, SOURCES
from ..data.series import as_of, latest
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
    title = f"Women's share among migrants, {place.name} and comparators"
    data = female_share_series(params)
    own = data[data.group == place.name].dropna(subset=["immigrants_female_share_pct"])
    if own.empty:
        facts = {"immigrants": Fact(f"Women among immigrants, {place.name}", None, "%", None, IMS)}
        sentence = f"UN DESA's {IMS_TITLE} has no estimate by sex for {place.name}."
        chart = style.no_data_chart(title, "No UN DESA estimate for this country or area.", fmt.source_line(IMS))
        return Finding("gender.female_share", title, facts, sentence, charts=(chart,))
    first, last = own.iloc[0], own.iloc[-1]
    y = int(last.year)
    facts = {
        "immigrants": Fact(f"Women among immigrants, {place.name}", last.immigrants_female_share_pct, "%", y, IMS),
        "immigrants_first": Fact("Women among immigrants, first estimate", first.immigrants_female_share_pct, "%", int(first.year), IMS),
        "emigrants": Fact(f"Women among emigrants, {place.name}", last.emigrants_female_share_pct, "%", y, IMS),
    }
    for peer in params.peers:
        if peer == place:
            continue
        rows = data[(data.group == peer.name) & (data.year == y)]
        value = rows.immigrants_female_share_pct.iloc[0] if not rows.empty else None
        facts[f"peer:{peer.code}"] = Fact(f"Women among immigrants, {peer.name}", value, "%", y, IMS, "ratio of sums")
    change = last.immigrants_female_share_pct - first.immigrants_female_share_pct
    direction = "up" if change > 0.05 else "down" if change < -0.05 else "unchanged"
    peers = [f"{fact.label.split(', ', 1)[1]} {fact.text}" for k, fact in facts.items() if k.startswith("peer:")]
    trend = f"{direction} from {facts['immigrants_first'].text} in {facts['immigrants_first'].year}"
    sentence = (
        f"Women were {facts['immigrants'].text} of immigrants in {place.name} in {y} ({'; '.join([trend, *peers])}) "
        f"and {facts['emigrants'].text} of emigrants."
    )
    shown = "; ".join([f"{place.name} {facts['immigrants'].text}", *peers])
    alt = f"Line charts of women's share among immigrants and emigrants. In {y}, immigrants: {shown}."
    return Finding("gender.female_share", title, facts, sentence, charts=(_female_share_chart(params, data, title, alt),))


def _female_share_chart(params: Parameters, data: pd.DataFrame, title: str, alt: str) -> Chart:
    fig, axes = style.new_figure(ncols=2, width=10)
    others = [p.name for p in params.peers if p != params.place]
    colours = dict(zip(others, style.PEERS))
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
                label=group,
            )
        ax.axhline(50, color=style.NEUTRAL, lw=1)
        ax.set_title(f"Women, % of {who}")
        ax.set_ylim(0, 100)
        ax.legend(fontsize=8)
    fig.suptitle(title, x=0.01, ha="left", fontweight="bold")
    drawn = data[["group", "year", "immigrants_female_share_pct", "emigrants_female_share_pct"]]
    return style.render(fig, alt, fmt.source_line(IMS, note="Groups: women over all migrants of their member countries."), data=drawn)


# --- corridors ----------------------------------------------------------------------------

CORRIDOR_COLUMNS = {
    "corridor": "Corridor",
    "migrants": "Migrants",
    "women_pct": "Women %",
    "gap_points": "Gap (points)",
    "overall_women_pct": "Average women %",
}
"""Reader-facing headings of the corridor table."""


def corridor_representation(place: Place, year: int, n: int = 5) -> pd.DataFrame:
    """Corridors where women are most over- and under-represented against the place's own average.

    For immigrants (by origin) and emigrants (by destination), corridors of at least
    CORRIDOR_MIN_MIGRANTS people in the latest IMS year; gap = corridor female share minus the
    overall female share of that direction (percentage points). Sorted by gap, largest first. For a
    group other than the world, corridors between two members are left out of corridors and averages
    (``place_series.bilateral``).
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
    out = pd.concat(rows, ignore_index=True)[columns]
    return out.sort_values(["gap_points", "corridor"], ascending=[False, True]).reset_index(drop=True)


def corridor_gaps(params: Parameters) -> Finding:
    """Finding ``gender.corridor_gaps``: where women are most over- and under-represented."""
    place = params.place
    table = corridor_representation(place, params.year)
    title = f"Corridors where women are over- or under-represented, {place.name}"
    minimum = Fact("Minimum corridor size", CORRIDOR_MIN_MIGRANTS, "people")
    note = f"Corridors of {minimum.text} migrants or more." + (
        " Corridors between two member countries are left out." if place_series.counts_between_members(place) else ""
    )
    if table.empty:
        chart = style.no_data_chart(title, f"No corridor with {minimum.text} migrants or more in the UN DESA estimates.", fmt.source_line(IMS))
        return Finding("gender.corridor_gaps", title, {"minimum": minimum}, f"No corridor of {minimum.text} migrants or more to compare for {place.name}.", charts=(chart,))
    high, low = table.iloc[0], table.iloc[-1]
    y = int(high.year)
    facts = {
        "minimum": minimum,
        "over": Fact(f"Most over-represented: {high.corridor}", high.women_pct, "%", y, IMS),
        "over_gap": Fact("Gap, most over-represented", high.gap_points, "points", y, IMS),
        "over_average": Fact(f"Average women's share, {high.direction.lower()}", high.overall_women_pct, "%", y, IMS),
        "under": Fact(f"Most under-represented: {low.corridor}", low.women_pct, "%", y, IMS),
        "under_gap": Fact("Gap, most under-represented", low.gap_points, "points", y, IMS),
        "under_average": Fact(f"Average women's share, {low.direction.lower()}", low.overall_women_pct, "%", y, IMS),
        "corridors": Fact("Corridors shown", len(table), "count", y, IMS),
    }
    f = facts
    sentence = (
        f"Women are most over-represented in the corridor '{high.corridor}' ({f['over'].text} women, "
        f"{f['over_gap'].text} against the {high.direction.lower()} average of {f['over_average'].text}) "
        f"and most under-represented in '{low.corridor}' ({f['under'].text}, {f['under_gap'].text} against "
        f"{f['under_average'].text}). The estimates record sex; why the gaps exist (work sectors, visas, family "
        "reunification) needs national evidence."
    ) + (f" Corridors between two member countries of {place.name} are left out." if place_series.counts_between_members(place) else "")
    alt = (
        f"Diverging bar chart of {f['corridors'].text} corridors ({y}); bars to the right mean more women than average. "
        f"Largest: {high.corridor} {f['over'].text} women ({f['over_gap'].text}); smallest: {low.corridor} "
        f"{f['under'].text} women ({f['under_gap'].text})."
    )
    chart = _corridor_chart(table, title, alt, fmt.source_line(IMS, note=note))
    shown = Table(
        table.drop(columns=["direction", "year"]).rename(columns=CORRIDOR_COLUMNS),
        f"Corridors by women's share, {place.name}, {y}",
        fmt.source_line(IMS, note=note),
        index=False,
        units={"Women %": "%", "Gap (points)": "points", "Average women %": "%"},
    )
    return Finding("gender.corridor_gaps", title, facts, sentence, charts=(chart,), tables=(shown,))


def _corridor_chart(table: pd.DataFrame, title: str, alt: str, source: str) -> Chart:
    table = table.iloc[::-1]
    fig, (ax,) = style.new_figure(width=9, height=max(3.0, 0.34 * len(table) + 1.4))
    colours = [style.WOMEN if g > 0 else style.MEN for g in table.gap_points]  # more women than average: the women's colour
    ax.barh(table.corridor, table.gap_points, color=colours)
    ax.axvline(0, color="#333333", lw=1)
    ax.set_xlabel("Women's share minus the overall share (percentage points)")
    fig.suptitle(title, x=0.01, ha="left", fontweight="bold")
    ax.grid(axis="y", visible=False)
    return style.render(fig, alt, source, data=table.iloc[::-1].drop(columns=["direction"]))


# --- gender gaps in the context -----------------------------------------------------------

GAP_INDICATORS = {
    "Labour-force participation (15+), %": ("lfpr_female", "lfpr_male", "%"),
    "Population with some secondary education (25+), %": ("secondary_educ_female", "secondary_educ_male", "%"),
    "Human Development Index": ("hdi_female", "hdi_male", "index"),
}
GAP = "Gap (women - men), or the index"
HDR = SOURCES["hdr"]


def context_gaps(params: Parameters) -> Finding:
    """Finding ``gender.context_gaps``: women's and men's labour, education and HDI; GDI and GII."""
    place = params.place
    if place.is_group:
        sentence = (
            f"Gender gaps in labour, education and human development are country indicators; for {place.name} see "
            "each member country (a median of gaps would hide them)."
        )
        return Finding("gender.context_gaps", f"Gender gaps, {place.name}", {}, sentence)
    frame = load("context")
    frame = frame[frame.iso3 == place.code]
    facts: dict[str, Fact] = {}
    rows = []
    for label, (f_col, m_col, unit) in GAP_INDICATORS.items():
        both = frame.dropna(subset=[f_col, m_col])
        women, when = latest(both, f_col, params.year)
        men, _ = latest(both, m_col, params.year)
        key = f_col.removesuffix("_female")
        facts[f"{key}_women"] = Fact(f"{label}, women", women, unit, when, HDR)
        facts[f"{key}_men"] = Fact(f"{label}, men", men, unit, when, HDR)
        gap = None if women is None else women - men
        facts[f"{key}_gap"] = Fact(f"{label}, gap", gap, "points" if unit == "%" else "index", when, HDR)
        rows.append({"Indicator": label, "Women": facts[f"{key}_women"].text, "Men": facts[f"{key}_men"].text,
                     GAP: facts[f"{key}_gap"].text, "Year": fmt.year(when)})
    for column, label in (("gdi", f"Gender Development Index (GDI; {GDI_SCALE})"), ("gii", f"Gender Inequality Index (GII; {GII_SCALE})")):
        value, when = latest(frame, column, params.year)
        facts[column] = Fact(label, value, "index", when, HDR)
        rows.append({"Indicator": label, "Women": fmt.NOT_APPLICABLE, "Men": fmt.NOT_APPLICABLE, GAP: facts[column].text, "Year": fmt.year(when)})
    f = facts
    if f["lfpr_women"].missing:
        sentence = f"UNDP's HDR series has no labour-force participation by sex for {place.name}."
    else:
        sentence = (
            f"In {f['lfpr_women'].year}, {f['lfpr_women'].text} of women and {f['lfpr_men'].text} of men aged 15+ in "
            f"{place.name} were in the labour force."
        )
    sentence += f" Gender Inequality Index: {f['gii'].with_year()}."
    table = Table(pd.DataFrame(rows).set_index("Indicator"), f"Gender gaps, {place.name}", fmt.source_line(HDR))
    return Finding("gender.context_gaps", f"Gender gaps, {place.name}", facts, sentence, charts=(_lfpr_chart(params, f),), tables=(table,))


def _lfpr_chart(params: Parameters, f: dict[str, Fact]) -> Chart:
    frame = as_of(load("context"), params.year)
    frame = frame[frame.iso3 == params.iso3].dropna(subset=["lfpr_female", "lfpr_male"])
    title = f"Labour-force participation by sex, {params.name}"
    if frame.empty:
        return style.no_data_chart(title, "UNDP's HDR series has no labour-force participation by sex here.", fmt.source_line(HDR))
    fig, (ax,) = style.new_figure()
    ax.plot(frame.year, frame.lfpr_female, color=style.WOMEN, lw=2.2, label="Women")
    ax.plot(frame.year, frame.lfpr_male, color=style.MEN, lw=2.2, ls="--", label="Men")
    ax.fill_between(frame.year, frame.lfpr_female, frame.lfpr_male, color="#cccccc", alpha=0.4)
    ax.set_ylim(0, 100)
    ax.set_ylabel("% of population aged 15+")
    ax.set_title(title)
    ax.legend()
    alt = (
        f"Line chart to {f['lfpr_women'].year}: {f['lfpr_women'].text} of women and {f['lfpr_men'].text} of men aged 15+ "
        f"were in the labour force, a gap of {f['lfpr_gap'].text}."
    )
    return style.render(fig, alt, fmt.source_line(HDR), data=frame[["year", "lfpr_female", "lfpr_male"]])


# --- displaced people by sex and age ------------------------------------------------------

AGE_LABELS = {"0_4": "0-4", "5_11": "5-11", "12_17": "12-17", "18_59": "18-59", "60": "60+"}
PERSPECTIVES = {"hosted": "hosted in the country", "origin": "from the country, abroad"}


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
    title = f"Refugees and asylum seekers by sex and age, {place.name}, {DEMOGRAPHICS_YEAR}"
    source = fmt.source_line(f"{SOURCES['unhcr']} (demographics, end-{DEMOGRAPHICS_YEAR})")
    facts: dict[str, Fact] = {}
    panels = []
    for perspective, label in PERSPECTIVES.items():
        table, covered, total = displaced_by_sex_age(place, perspective)
        facts[f"{perspective}_total"] = Fact(f"Refugees and asylum seekers {label}", total, "people", DEMOGRAPHICS_YEAR, SOURCES["unhcr"])
        facts[f"{perspective}_covered"] = Fact(f"With sex recorded, {label}", covered, "people", DEMOGRAPHICS_YEAR, SOURCES["unhcr"])
        if covered > 0:
            facts[f"{perspective}_coverage"] = Fact(f"Share with sex recorded, {label}", 100 * covered / total, "%", DEMOGRAPHICS_YEAR)
            facts[f"{perspective}_women"] = Fact(
                f"Women and girls, {label}", 100 * table.women.sum() / covered, "%", DEMOGRAPHICS_YEAR, SOURCES["unhcr"]
            )
            panels.append((perspective, label, table))
    parts = [
        f"{label}: {facts[f'{p}_women'].text} women and girls among the {facts[f'{p}_covered'].text} with sex recorded "
        f"({facts[f'{p}_coverage'].text} of {facts[f'{p}_total'].text})"
        for p, label, _ in panels
    ]
    if parts:
        sentence = f"At the end of {DEMOGRAPHICS_YEAR}, refugees and asylum seekers " + "; ".join(parts) + "."
    else:
        sentence = f"UNHCR records no sex and age breakdown of refugees and asylum seekers for {place.name} (end-{DEMOGRAPHICS_YEAR})."
    if panels:
        chart = _pyramid_chart(title, panels, facts, "Population pyramids. " + "; ".join(parts) + ".", source)
    else:
        chart = style.no_data_chart(title, "UNHCR records no sex and age breakdown for this country.", source)
    return Finding("gender.displaced_sex_age", title, facts, sentence, charts=(chart,), tables=(idp_sex_table(place),))


def _pyramid_chart(title: str, panels: list, facts: dict[str, Fact], alt: str, source: str) -> Chart:
    fig, axes = style.new_figure(ncols=len(panels), width=5 * len(panels) + 1)
    for ax, (perspective, label, table) in zip(axes, panels):
        ax.barh(table.age, -table.women.fillna(0), color=style.WOMEN, label="Women and girls")
        ax.barh(table.age, table.men.fillna(0), color=style.MEN, label="Men and boys")
        ax.axvline(0, color="#333333", lw=0.8)
        style.thousands(ax, "x", absolute=True)
        ax.set_title(
            f"{label}\n(sex known for {facts[f'{perspective}_coverage'].text} of {facts[f'{perspective}_total'].text})", fontsize=9
        )
        ax.legend(fontsize=7, loc="lower right")
        ax.grid(axis="y", visible=False)
    fig.suptitle(title, x=0.01, ha="left", fontweight="bold")
    drawn = pd.concat([table.assign(population=label)[["population", "age", "women", "men"]] for _, label, table in panels])
    return style.render(fig, alt, source, data=drawn)


def idp_sex_table(place: Place) -> Table:
    """IDMC's IDP stocks by cause and sex ('Unknown' where sex is not recorded), as counts."""
    table = load("idp_sex_age")
    table = table[table.iso3.isin(place.members)]
    out = table.pivot_table(index="cause", columns="sex", values="idps", aggfunc="sum")
    out = out.reindex(columns=["female", "male", "unknown"]).rename(columns=str.capitalize)
    out = out.rename_axis(index="Cause", columns=None).round(0).astype("Int64")
    return Table(
        out,
        f"Internally displaced people by cause and sex, end-{IDP_SEX_AGE_YEAR}, {place.name}",
        fmt.source_line(f"{SOURCES['idmc']}, IDP stocks by sex and age (end-{IDP_SEX_AGE_YEAR})"),
        units={c: "people" for c in out.columns},
    )


# --- checklist ----------------------------------------------------------------------------


def checklist(params: Parameters) -> Finding:
    """Finding ``gender.checklist``: gender questions, each marked with what the embedded data can answer."""
    place = params.place
    stock = place_series.stock(place, params.year)
    has_stock = not stock.empty and stock.immigrants_total.notna().any()
    has_corridors = not corridor_representation(place, params.year).empty
    coverage = {p: displaced_by_sex_age(place, p)[1:] for p in PERSPECTIVES}
    context = as_of(load("context"), params.year)
    context = context[context.iso3.isin(place.members)]
    has_lfpr = context.lfpr_female.notna().any()
    has_gii = context.gii.notna().any()
    received = place_series.remittances(place, params.year).received_usd.notna().any()

    def displaced(covered: float, total: float) -> str:
        if total == 0:
            return "No: UNHCR records no refugees or asylum seekers here."
        if covered == 0:
            return f"No: UNHCR has no sex breakdown for the {fmt.count(total)} people recorded."
        return f"Partly: sex and age known for {fmt.share(100 * covered / total, 0)} of {fmt.count(total)} people (UNHCR {DEMOGRAPHICS_YEAR})."

    rows = [
        ("Are women a growing or shrinking share of those who leave, and of those who arrive?",
         f"Yes: UN DESA {IMS_EDITION}, by sex." if has_stock else "No: no UN DESA estimate here.",
         "Why they move, their age, education or occupation; gender identity (sources record sex)."),
        ("In which corridors are women over- or under-represented?",
         f"Yes: bilateral {IMS_EDITION} by sex." if has_corridors else "No: no corridor large enough to compare.",
         "Work and visa conditions in each corridor; informal and irregular migration."),
        ("How many displaced women and girls are hosted, and of what age?", displaced(*coverage["hosted"]),
         "Protection risks, gender-based violence, access to services."),
        ("How many women and girls from the country are displaced abroad?", displaced(*coverage["origin"]),
         "Conditions in host countries; family separation."),
        ("Do women have the same access to work at home (a driver of migration)?",
         "Partly: labour-force participation by sex (UNDP HDR)." if has_lfpr else "No: not in UNDP's HDR series here.",
         "Informal and care work; wages; sectors; migrants' own labour outcomes."),
        ("How unequal are women and men overall?",
         "Partly: Gender Inequality Index (UNDP HDR)." if has_gii else "No: GII not computed here.",
         "Inequality among migrants specifically."),
        ("Who sends and who receives remittances, and at what cost to women?",
         "No: remittance flows are not split by sex; only totals" + (" exist here." if received else " (and none here)."),
         "Sender and recipient sex, use of remittances, decision-making in households: needs surveys."),
        ("What happens to families and children left behind?", "No: not in any embedded source.",
         "Needs household surveys or census modules on absent members."),
        ("Are women migrants working below their skill level (deskilling)?", "No: not in any embedded source.",
         "Needs labour-force surveys with country of birth and education."),
        ("Are women and men exposed differently to trafficking and exploitation?", "No: not in any embedded source.",
         "Needs administrative data (victims identified) and qualitative work; counts are never complete."),
    ]
    frame = pd.DataFrame(rows, columns=["Question", "What the embedded data can answer here", "What they cannot answer"])
    answered = int(frame.iloc[:, 1].str.startswith(("Yes", "Partly")).sum())
    facts = {"answered": Fact("Questions the embedded data answer at least partly", answered, "count"),
             "questions": Fact("Questions", len(frame), "count")}
    sentence = (
        f"The embedded international data answer {facts['answered'].text} of the {facts['questions'].text} questions "
        f"at least partly for {place.name}; the rest is the agenda for national data and consultation."
    )
    table = Table(frame, f"Gender questions and the evidence available, {place.name}",
                  fmt.source_line(f"Computed from the embedded data: UN DESA {IMS_EDITION}", SOURCES["unhcr"], HDR, "World Bank WDI"), index=False)
    return Finding("gender.checklist", f"Gender checklist, {place.name}", facts, sentence, tables=(table,))
