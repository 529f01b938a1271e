"""Gender analysis of a country's migration (Stage 1).

The sources record sex (female/male), not gender; age is often missing. Each function says
what it can show and leaves missing values missing.
"""

from __future__ import annotations

import pandas as pd

from . import plots
from .data import load
from .factsheet import show
from .migration_profile import group_stock, stock_series
from .provenance import SOURCES
from .setup import Setup, as_of

CORRIDOR_MIN_MIGRANTS = 1000
"""Corridors smaller than this are left out of over/under-representation lists (shares of a few
dozen people swing widely and could identify individuals)."""


def female_share_series(setup: Setup) -> pd.DataFrame:
    """Female share (%) of immigrants and emigrants: the country, its comparators and the world."""
    own = stock_series(setup.iso3, setup.year).assign(group=setup.name)
    frames = [own] + [group_stock(g, setup.year) for g in [*setup.comparators, setup.world]]
    cols = ["group", "year", "immigrants_female_share_pct", "emigrants_female_share_pct"]
    return pd.concat([f[cols] for f in frames], ignore_index=True)


def female_share_sentence(setup: Setup) -> str:
    """How women's share among immigrants and emigrants changed, against region and world."""
    data = female_share_series(setup)
    own = data[data.group == setup.name].dropna(subset=["immigrants_female_share_pct"])
    if own.empty:
        return f"UN DESA's International Migrant Stock 2024 has no estimate by sex for {setup.name}."
    first, last = own.iloc[0], own.iloc[-1]
    peers = data[(data.group != setup.name) & (data.year == last.year)].set_index("group")
    compare = ", ".join(f"{g} {r.immigrants_female_share_pct:.1f} %" for g, r in peers.iterrows())
    change = last.immigrants_female_share_pct - first.immigrants_female_share_pct
    direction = "up" if change > 0.05 else "down" if change < -0.05 else "unchanged"
    return (
        f"Women were {last.immigrants_female_share_pct:.1f} % of immigrants in {setup.name} in {int(last.year)} "
        f"({direction} from {first.immigrants_female_share_pct:.1f} % in {int(first.year)}; {compare}) and "
        f"{show(last.emigrants_female_share_pct, '%')} of emigrants."
    )


def female_share_chart(setup: Setup) -> plots.Chart:
    """Female share over time, the country in bold against its comparators."""
    data = female_share_series(setup)
    title = f"Women's share among migrants, {setup.name} and comparators"
    if data[data.group == setup.name].empty:
        return plots.no_data_chart(title, "No UN DESA estimate for this country or area.", SOURCES["ims"])
    fig, axes = plots.new_figure(ncols=2, width=10)
    colours = dict(zip([g.name for g in [*setup.comparators, setup.world]], plots.PEERS))
    for ax, who in zip(axes, ("immigrants", "emigrants")):
        for group, rows in data.groupby("group", sort=False):
            own = group == setup.name
            ax.plot(
                rows.year,
                rows[f"{who}_female_share_pct"],
                color=plots.COUNTRY if own else colours[group],
                lw=2.8 if own else 1.5,
                ls="-" if own else "--",
                marker="o" if own else None,
                label=group,
            )
        ax.axhline(50, color=plots.NEUTRAL, lw=1)
        ax.set_title(f"Women, % of {who}")
        ax.set_ylim(0, 100)
        ax.legend(fontsize=8)
    fig.suptitle(title, x=0.01, ha="left", fontweight="bold")
    last = data.dropna(subset=["immigrants_female_share_pct"]).groupby("group", sort=False).last()
    alt = "Line charts of women's share among immigrants and emigrants. Latest immigrant shares: " + "; ".join(
        f"{g} {r.immigrants_female_share_pct:.1f} % ({int(r.year)})" for g, r in last.iterrows()
    ) + "."
    return plots.render(fig, alt, f"Source: {SOURCES['ims']}.")


CORRIDOR_COLUMNS = {
    "corridor": "Corridor",
    "migrants": "Migrants",
    "women_pct": "Women %",
    "gap_points": "Gap (points)",
    "overall_women_pct": "Average women %",
}
"""Reader-facing headings of the corridor table."""


def corridor_representation(setup: Setup, n: int = 5) -> pd.DataFrame:
    """Corridors where women are most over- and under-represented compared with the country's average.

    For immigrants (by origin) and emigrants (by destination) of at least CORRIDOR_MIN_MIGRANTS people
    in the latest IMS year; gap = corridor female share minus the overall female share (points).
    """
    bilateral = load("migrant_stock_bilateral")
    ims_year = bilateral.year[bilateral.year <= setup.year].max()
    names = load("countries").set_index("iso3").short_name.to_dict()
    rows = []
    for direction, own, partner in (("Immigrants from", "dest_iso3", "orig_iso3"), ("Emigrants in", "orig_iso3", "dest_iso3")):
        part = bilateral[(bilateral.year == ims_year) & (bilateral[own] == setup.iso3) & (bilateral[partner] != "OOO")]
        total = part.female.sum() + part.male.sum()
        if total == 0:
            continue
        overall = 100 * part.female.sum() / total
        part = part.assign(total=part.female + part.male)
        part = part[part.total >= CORRIDOR_MIN_MIGRANTS]
        share = 100 * part.female / part.total
        frame = pd.DataFrame(
            {
                "corridor": direction + " " + part[partner].map(names),
                "migrants": part.total.astype("int64"),
                "women_pct": share.round(1),
                "gap_points": (share - overall).round(1),
            }
        )
        frame = frame.sort_values(["gap_points", "corridor"])
        chosen = pd.concat([frame.tail(n).iloc[::-1], frame.head(n)]).drop_duplicates("corridor")
        rows.append(chosen.assign(direction=direction.split()[0], overall_women_pct=round(overall, 1), year=int(ims_year)))
    if not rows:
        return pd.DataFrame(columns=["corridor", "migrants", "women_pct", "gap_points", "direction", "overall_women_pct", "year"])
    return pd.concat(rows, ignore_index=True)


def corridor_sentence(setup: Setup) -> str:
    """The corridors where women are most over- and under-represented."""
    table = corridor_representation(setup)
    if table.empty:
        return f"No corridor of {CORRIDOR_MIN_MIGRANTS:,} migrants or more to compare for {setup.name}."
    high = table.loc[table.gap_points.idxmax()]
    low = table.loc[table.gap_points.idxmin()]
    return (
        f"Women are most over-represented in the corridor '{high.corridor}' ({high.women_pct:.1f} % women, "
        f"{high.gap_points:+.1f} points against the {high.direction.lower()} average of {high.overall_women_pct:.1f} %) "
        f"and most under-represented in '{low.corridor}' ({low.women_pct:.1f} %, {low.gap_points:+.1f} points). "
        "The estimates record sex; why the gaps exist (work sectors, visas, family reunification) needs national evidence."
    )


def corridor_chart(setup: Setup) -> plots.Chart:
    """Diverging bars: corridor female share minus the country's overall share."""
    table = corridor_representation(setup)
    title = f"Corridors where women are over- or under-represented, {setup.name}"
    if table.empty:
        return plots.no_data_chart(
            title, f"No corridor with {CORRIDOR_MIN_MIGRANTS:,} migrants or more in the UN DESA estimates.", SOURCES["ims"]
        )
    table = table.iloc[::-1]
    fig, (ax,) = plots.new_figure(height=max(3.0, 0.32 * len(table) + 1))
    colours = [plots.WOMEN if g > 0 else plots.MEN for g in table.gap_points]
    ax.barh(table.corridor, table.gap_points, color=colours)
    ax.axvline(0, color="#333333", lw=1)
    ax.set_xlabel("Women's share in the corridor minus the overall share (percentage points)")
    ax.set_title(title)
    ax.grid(axis="y", visible=False)
    top = table.iloc[::-1].head(2)
    alt = (
        f"Diverging bar chart of {len(table)} corridors ({int(table.year.iloc[0])}); positive bars mean more women than "
        "average. Largest: " + "; ".join(f"{r.corridor} {r.women_pct:.1f} % women ({r.gap_points:+.1f} points)" for r in top.itertuples()) + "."
    )
    return plots.render(fig, alt, f"Source: {SOURCES['ims']}. Corridors of {CORRIDOR_MIN_MIGRANTS:,}+ migrants.")


GAP_INDICATORS = {
    "Labour-force participation (15+), %": ("lfpr_female", "lfpr_male"),
    "Population with some secondary education (25+), %": ("secondary_educ_female", "secondary_educ_male"),
    "Human Development Index": ("hdi_female", "hdi_male"),
}


GAP = "Gap (women - men), or the index"


def context_gaps(setup: Setup) -> pd.DataFrame:
    """Latest women's and men's values of the context indicators, the gap, and GII/GDI."""
    frame = as_of(load("context"), setup.year)
    frame = frame[frame.iso3 == setup.iso3]
    rows = []
    for label, (f_col, m_col) in GAP_INDICATORS.items():
        s = frame.dropna(subset=[f_col, m_col])
        if s.empty:
            rows.append({"Indicator": label, "Women": None, "Men": None, GAP: None, "Year": None})
            continue
        r = s.iloc[-1]
        digits = 3 if "Index" in label else 1
        rows.append(
            {
                "Indicator": label,
                "Women": round(r[f_col], digits),
                "Men": round(r[m_col], digits),
                GAP: round(r[f_col] - r[m_col], digits),
                "Year": int(r.year),
            }
        )
    for label, col in (("Gender Development Index (GDI; 1 = parity)", "gdi"), ("Gender Inequality Index (GII; 0 = equality)", "gii")):
        s = frame.dropna(subset=[col])
        rows.append(
            {
                "Indicator": label,
                "Women": "-",  # an index of the gap itself: no separate values for women and men
                "Men": "-",
                GAP: round(s[col].iloc[-1], 3) if not s.empty else None,
                "Year": int(s.year.iloc[-1]) if not s.empty else None,
            }
        )
    out = pd.DataFrame(rows).set_index("Indicator")
    out["Year"] = out["Year"].astype("Int64")
    return out


def lfpr_chart(setup: Setup) -> plots.Chart:
    """Labour-force participation of women and men over time."""
    frame = as_of(load("context"), setup.year)
    frame = frame[frame.iso3 == setup.iso3].dropna(subset=["lfpr_female", "lfpr_male"])
    title = f"Labour-force participation by sex, {setup.name}"
    if frame.empty:
        return plots.no_data_chart(title, "UNDP's HDR series has no labour-force participation by sex here.", SOURCES["hdr"])
    fig, (ax,) = plots.new_figure()
    ax.plot(frame.year, frame.lfpr_female, color=plots.WOMEN, lw=2.2, label="Women")
    ax.plot(frame.year, frame.lfpr_male, color=plots.MEN, lw=2.2, ls="--", label="Men")
    ax.fill_between(frame.year, frame.lfpr_female, frame.lfpr_male, color="#cccccc", alpha=0.4)
    ax.set_ylim(0, 100)
    ax.set_ylabel("% of population aged 15+")
    ax.set_title(title)
    ax.legend()
    last = frame.iloc[-1]
    alt = (
        f"Line chart {int(frame.year.iloc[0])}-{int(last.year)}: in {int(last.year)} {last.lfpr_female:.1f} % of women and "
        f"{last.lfpr_male:.1f} % of men aged 15+ were in the labour force, a gap of {last.lfpr_male - last.lfpr_female:.1f} points."
    )
    return plots.render(fig, alt, f"Source: {SOURCES['hdr']}.")


AGE_LABELS = {"0_4": "0-4", "5_11": "5-11", "12_17": "12-17", "18_59": "18-59", "60": "60+"}


def displaced_by_sex_age(setup: Setup, perspective: str) -> tuple[pd.DataFrame, float, float]:
    """Refugees and asylum seekers by sex and age (UNHCR 2025) and how many of them the sex data cover.

    Returns (table with age, women, men), people covered by the sex breakdown, and total people.
    """
    demo = load("displacement_demographics")
    demo = demo[(demo.iso3 == setup.iso3) & (demo.perspective == perspective) & demo.pop_type.isin(["REF", "ASY"])]
    total = float(demo.total.sum())
    covered = float(demo.total_sex_known.sum())
    table = pd.DataFrame(
        {
            "age": list(AGE_LABELS.values()),
            "women": [demo[f"female_{a}"].sum(min_count=1) for a in AGE_LABELS],
            "men": [demo[f"male_{a}"].sum(min_count=1) for a in AGE_LABELS],
        }
    )
    return table, covered, total


def pyramid_chart(setup: Setup) -> plots.Chart:
    """Population pyramids of refugees and asylum seekers hosted and from abroad, where sex is recorded."""
    title = f"Refugees and asylum seekers by sex and age, {setup.name}, 2025"
    source = f"Source: {SOURCES['unhcr']} (demographics, end-2025)."
    panels = []
    for perspective, label in (("hosted", "hosted in the country"), ("origin", "from the country, abroad")):
        table, covered, total = displaced_by_sex_age(setup, perspective)
        if covered > 0:
            panels.append((label, table, covered, total))
    if not panels:
        return plots.no_data_chart(title, "UNHCR records no sex and age breakdown for this country.", source)
    fig, axes = plots.new_figure(ncols=len(panels), width=5 * len(panels) + 1)
    parts = []
    for ax, (label, table, covered, total) in zip(axes, panels):
        ax.barh(table.age, -table.women.fillna(0), color=plots.WOMEN, label="Women and girls")
        ax.barh(table.age, table.men.fillna(0), color=plots.MEN, label="Men and boys")
        ax.axvline(0, color="#333333", lw=0.8)
        plots.thousands(ax, "x", absolute=True)
        ax.set_title(f"{label}\n(sex known for {100 * covered / total:.0f} % of {total:,.0f})", fontsize=9)
        ax.legend(fontsize=7, loc="lower right")
        ax.grid(axis="y", visible=False)
        women = table.women.sum()
        parts.append(f"{label}: {100 * women / covered:.1f} % women and girls among the {covered:,.0f} with sex recorded")
    fig.suptitle(title, x=0.01, ha="left", fontweight="bold")
    return plots.render(fig, "Population pyramids. " + "; ".join(parts) + ".", source)


def idp_sex_age_summary(setup: Setup) -> pd.DataFrame:
    """IDMC's end-2024 IDP stocks by cause and sex (people; 'unknown' where sex is not recorded)."""
    table = load("idp_sex_age")
    table = table[table.iso3 == setup.iso3]
    if table.empty:
        return pd.DataFrame(columns=["Female", "Male", "Unknown"]).rename_axis("Cause")
    out = table.pivot_table(index="cause", columns="sex", values="idps", aggfunc="sum")
    out = out.reindex(columns=["female", "male", "unknown"]).rename(columns=str.capitalize)
    return out.rename_axis(index="Cause", columns=None).round(0)


# --- checklist ----------------------------------------------------------------------------


def gender_checklist(setup: Setup) -> pd.DataFrame:
    """Gender questions for the country team, each marked with what the embedded data can answer here."""
    stock = stock_series(setup.iso3, setup.year)
    has_stock = not stock.empty and stock.immigrants_total.notna().any()
    corridors = not corridor_representation(setup).empty
    _, covered_hosted, total_hosted = displaced_by_sex_age(setup, "hosted")
    _, covered_origin, total_origin = displaced_by_sex_age(setup, "origin")
    context = context_gaps(setup)
    lfpr = pd.notna(context.loc["Labour-force participation (15+), %", "Women"])
    gii = pd.notna(context.loc["Gender Inequality Index (GII; 0 = equality)", GAP])
    remittances = load("remittances")
    has_remit = not remittances[(remittances.iso3 == setup.iso3)].dropna(subset=["received_usd"]).empty

    def coverage(covered: float, total: float) -> str:
        if total == 0:
            return "No: UNHCR records no refugees or asylum seekers here."
        if covered == 0:
            return f"No: UNHCR has no sex breakdown for the {total:,.0f} people recorded."
        return f"Partly: sex and age known for {100 * covered / total:.0f} % of {total:,.0f} people (UNHCR 2025)."

    rows = [
        ("Are women a growing or shrinking share of those who leave, and of those who arrive?",
         "Yes: UN DESA IMS 2024, by sex, 1990-2024." if has_stock else "No: no UN DESA estimate here.",
         "Why they move, their age, education or occupation; gender identity (sources record sex)."),
        ("In which corridors are women over- or under-represented?",
         "Yes: bilateral IMS 2024 by sex." if corridors else "No: no corridor large enough to compare.",
         "Work and visa conditions in each corridor; informal and irregular migration."),
        ("How many displaced women and girls are hosted, and of what age?",
         coverage(covered_hosted, total_hosted),
         "Protection risks, gender-based violence, access to services."),
        ("How many women and girls from the country are displaced abroad?",
         coverage(covered_origin, total_origin),
         "Conditions in host countries; family separation."),
        ("Do women have the same access to work at home (a driver of migration)?",
         "Partly: labour-force participation by sex (UNDP HDR)." if lfpr else "No: not in UNDP's HDR series here.",
         "Informal and care work; wages; sectors; migrants' own labour outcomes."),
        ("How unequal are women and men overall?",
         "Partly: Gender Inequality Index (UNDP HDR)." if gii else "No: GII not computed for this country.",
         "Inequality among migrants specifically."),
        ("Who sends and who receives remittances, and at what cost to women?",
         "No: remittance flows are not split by sex; only country totals" + (" exist here." if has_remit else " (and none here)."),
         "Sender and recipient sex, use of remittances, decision-making in households: needs surveys."),
        ("What happens to families and children left behind?",
         "No: not in any embedded source.",
         "Needs household surveys or census modules on absent members."),
        ("Are women migrants working below their skill level (deskilling)?",
         "No: not in any embedded source.",
         "Needs labour-force surveys with country of birth and education."),
        ("Are women and men exposed differently to trafficking and exploitation?",
         "No: not in any embedded source.",
         "Needs administrative data (victims identified) and qualitative work; counts are never complete."),
    ]
    return pd.DataFrame(rows, columns=["Question", "What the embedded data can answer here", "What they cannot answer"])
