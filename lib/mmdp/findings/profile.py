"""Migration profile (Stage 1): stock, corridors, displacement, remittances, development context.

Each public function returns a :class:`~mmdp.findings.base.Finding` whose sentence, charts' alt
text and tables are written from its facts. Works for a country and for a group (sums over members).
"""

from __future__ import annotations

import unicodedata

import pandas as pd

from ..constants import RECENT_YEARS, REMITTANCE_DEPENDENCE_PCT, SDG_10C_TARGET_PCT, SEND_AMOUNT_USD
from ..data.loaders import cached, load, load_countries
from ..data.places import Place
from ..data.provenance import IMS_EDITION, IMS_TITLE, SOURCES, WPP
from ..data.series import as_of, latest, latest_per_country, latest_rows
from ..inputs.parameters import Parameters
from ..render import format as fmt
from ..render import style
from ..render.display import Chart, Table
from . import place_series
from .base import Fact, Finding

IMS = SOURCES["ims"]


def _group_note(place: Place, fact: Fact) -> str:
    return f" ({fact.basis})" if place.is_group and fact.basis else ""


# --- migrant stock ------------------------------------------------------------------------


def _stock_facts(params: Parameters, series: pd.DataFrame) -> dict[str, Fact]:
    last, first = series.iloc[-1], series.iloc[0]
    y = int(last.year)
    facts = {
        "immigrants": Fact("Immigrants", last.immigrants_total, "people", y, IMS),
        "immigrants_female_share": Fact("Women among immigrants", last.immigrants_female_share_pct, "%", y, IMS),
        "immigrants_first": Fact("Immigrants, first estimate", first.immigrants_total, "people", int(first.year), IMS),
        "immigrants_change": Fact(
            "Change in immigrants since the first estimate", abs(last.immigrants_total - first.immigrants_total), "people", y, IMS
        ),
        "emigrants": Fact("Emigrants", last.emigrants_total, "people", y, IMS),
        "emigrants_female_share": Fact("Women among emigrants", last.emigrants_female_share_pct, "%", y, IMS),
        "immigrant_women": Fact("Immigrant women", last.immigrants_female, "people", y, IMS),
        "immigrant_men": Fact("Immigrant men", last.immigrants_male, "people", y, IMS),
        "emigrant_women": Fact("Emigrant women", last.emigrants_female, "people", y, IMS),
        "emigrant_men": Fact("Emigrant men", last.emigrants_male, "people", y, IMS),
    }
    if params.place.is_group:
        n = int(last.n_immigrants_total)
        facts["members_with_data"] = Fact("Member countries with an estimate", n, "count", y, IMS, f"of {len(params.place.members)}")
    share_value, share_year = latest(series, "immigrants_pct_population")
    facts["immigrants_pct"] = Fact("Immigrants, % of population", share_value, "%", share_year, f"{IMS}; population: {WPP}")
    for peer in params.peers:
        peer_series = place_series.stock(peer, params.year)
        value, when = latest(peer_series, "immigrants_pct_population")
        facts[f"peer_pct:{peer.code}"] = Fact(f"{peer.name}, immigrants % of population", value, "%", when, IMS, "ratio of sums")
    return facts


def _balance(place: Place, f: dict[str, Fact]) -> str:
    """Immigrants against emigrants, where the comparison means something (facts added to ``f``).

    For the world, immigrants and emigrants are the same people: the totals differ only where a
    migrant's country of birth is not recorded, so they are not compared. For another group, both
    totals count the migrants who moved between two member countries, which the comparison cancels out;
    the sentence says how many they are.
    """
    year = f["immigrants"].year
    if place.kind == "world":
        origins = place_series.bilateral(place, year, "origins")[0]
        unknown = origins[origins.partner == "OOO"]
        f["unknown_origin"] = Fact("Immigrants whose country of birth is not recorded", unknown.female.sum() + unknown.male.sum(), "people", year, IMS)
        return (
            ". For the world, every international migrant is both an immigrant and an emigrant, so the two totals are "
            f"not compared (the immigrant total also counts the {f['unknown_origin'].text} whose country of birth is not recorded)"
        )
    more_abroad = f["emigrants"].value > f["immigrants"].value
    if not place.is_group:
        return ": " + (
            "more people born here live abroad than immigrants live here" if more_abroad
            else "more immigrants live here than people born here live abroad"
        )
    between, when = place_series.between_members(place, year)
    f["between_members"] = Fact("Migrants born in one member country and living in another", between, "people", when, IMS)
    return ": " + (
        "more people born in its member countries live abroad than immigrants live in them" if more_abroad
        else "more immigrants live in its member countries than people born in them live abroad"
    ) + f" (both totals count the {f['between_members'].text} migrants who moved from one member country to another)"


def migrant_stock(params: Parameters) -> Finding:
    """Finding ``profile.migrant_stock``: immigrants and emigrants, women and men, share of population."""
    place = params.place
    series = place_series.stock(place, params.year).dropna(subset=["immigrants_total"])
    title = f"International migrants to and from {place.name}"
    if series.empty:
        facts = {"immigrants": Fact("Immigrants", None, "people", None, IMS)}
        sentence = f"UN DESA's {IMS_TITLE} has no estimate for {place.name}."
        chart = style.no_data_chart(title, "No UN DESA estimate for this country or area.", fmt.source_line(IMS))
        return Finding("profile.migrant_stock", title, facts, sentence, charts=(chart,))
    f = _stock_facts(params, series)
    more = series.immigrants_total.iloc[-1] >= series.immigrants_total.iloc[0]
    coverage = f" (summed over {f['members_with_data'].text} of {len(place.members)} member countries)" if place.is_group else ""
    share = (
        f" Immigrants were {f['immigrants_pct'].text} of the population in {f['immigrants_pct'].year} (the latest "
        "year with a population estimate in the data)."
        if not f["immigrants_pct"].missing
        else " No population estimate is embedded for this place, so the share of the population is not computed."
    )
    born = "in its member countries" if place.is_group else f"in {place.name}"
    sentence = (
        f"In {f['immigrants'].year}, {place.name} hosted {f['immigrants'].text} international migrants{coverage}, "
        f"{f['immigrants_female_share'].text} of them women, {f['immigrants_change'].text} {'more' if more else 'fewer'} "
        f"than in {f['immigrants_first'].year}.{share} {f['emigrants'].text} people born {born} lived abroad "
        f"({f['emigrants_female_share'].text} women){_balance(place, f)}."
    )
    charts = (*_by_sex_charts(place, series, f), _share_chart(params, series, f))
    return Finding("profile.migrant_stock", title, f, sentence, charts=charts)


BY_SEX_COLUMNS = ["year"] + [f"{who}_{sex}" for who in ("immigrants", "emigrants") for sex in ("female", "male")]
"""What the two migrant-stock charts draw (and ship as figure data)."""


def _by_sex_chart(series: pd.DataFrame, title: str, draw, alt: str) -> Chart:
    """Immigrants and emigrants side by side, women and men drawn by ``draw(ax, who)``."""
    fig, axes = style.new_figure(ncols=2, width=10)
    for ax, who in zip(axes, ("immigrants", "emigrants")):
        draw(ax, who)
        style.thousands(ax)
    fig.suptitle(title, x=0.01, ha="left", fontweight="bold")
    return style.render(fig, alt, fmt.source_line(IMS), data=series[BY_SEX_COLUMNS])


def _by_sex_charts(place: Place, series: pd.DataFrame, f: dict[str, Fact]) -> tuple[Chart, Chart]:
    """The migrant stock by sex: stacked areas of women and men, then lines of each."""

    def areas(ax, who):
        women, men = series[f"{who}_female"].fillna(0), series[f"{who}_male"].fillna(0)
        ax.stackplot(series.year, women, men, colors=[style.WOMEN, style.MEN], labels=["Women", "Men"], alpha=0.9)  # women, men
        ax.set_title({"immigrants": "Immigrants (living here)", "emigrants": "Emigrants (living abroad)"}[who])
        ax.legend(loc="upper left")

    def lines(ax, who):
        ax.plot(series.year, series[f"{who}_female"], color=style.WOMEN, lw=2.2, marker="o", label="Women")
        ax.plot(series.year, series[f"{who}_male"], color=style.MEN, lw=2.2, marker="s", label="Men")
        ax.set_title(who.capitalize())
        ax.set_ylim(bottom=0)
        ax.legend()

    span, last = f"{f['immigrants_first'].year}-{f['immigrants'].year}", f["immigrants"].year
    return (
        _by_sex_chart(series, f"International migrants to and from {place.name}", areas, alt=(
            f"Two stacked area charts, {span}: immigrants in {place.name} reach {f['immigrants'].text} in {last} "
            f"({f['immigrants_female_share'].text} women); emigrants reach {f['emigrants'].text} ({f['emigrants_female_share'].text} women).")),
        _by_sex_chart(series, f"Women and men among migrants, {place.name}", lines, alt=(
            f"Line charts of women and men, {span}. In {last}: immigrant women {f['immigrant_women'].text}, men "
            f"{f['immigrant_men'].text}; emigrant women {f['emigrant_women'].text}, men {f['emigrant_men'].text}.")),
    )


def _share_chart(params: Parameters, series: pd.DataFrame, f: dict[str, Fact]) -> Chart:
    place = params.place
    title = f"Immigrants as % of population, {place.name} and comparators"
    source = fmt.source_line(IMS, f"population: {WPP}")
    own = series.dropna(subset=["immigrants_pct_population"])
    if own.empty:
        return style.no_data_chart(title, "No population estimate to divide by.", source)
    fig, (ax,) = style.new_figure()
    ax.plot(own.year, own.immigrants_pct_population, color=style.COUNTRY, lw=2.5, marker="o", label=place.name)
    drawn = own[["year", "immigrants_pct_population"]].rename(columns={"immigrants_pct_population": place.name})
    for colour, peer in zip(style.PEERS, params.peers):
        if peer == place:
            continue
        g = place_series.stock(peer, params.year).dropna(subset=["immigrants_pct_population"])
        ax.plot(g.year, g.immigrants_pct_population, color=colour, lw=1.5, ls="--", label=peer.name)
        drawn = drawn.merge(g[["year", "immigrants_pct_population"]].rename(columns={"immigrants_pct_population": peer.name}), on="year", how="outer")
    ax.set_ylabel("% of population")
    ax.set_ylim(bottom=0)
    ax.set_title(title)
    ax.legend(fontsize=8)
    drawn_peers = [f[f"peer_pct:{peer.code}"] for peer in params.peers if peer != place and not f[f"peer_pct:{peer.code}"].missing]
    shown = [f"{place.name} {f['immigrants_pct'].text} in {f['immigrants_pct'].year}", *(f"{fact.label.split(',')[0]} {fact.text}" for fact in drawn_peers)]
    alt = (
        f"Line chart of immigrants as % of population, {int(own.year.iloc[0])}-{f['immigrants_pct'].year}: "
        f"{'; '.join(shown)} (ratios of summed stock to summed population)."
    )
    return style.render(fig, alt, source, data=drawn.sort_values("year"))


# --- corridors ----------------------------------------------------------------------------


def top_corridors(place: Place, year: int, direction: str, n: int = 10) -> pd.DataFrame:
    """Largest origins of immigrants (``direction='origins'``) or destinations of emigrants.

    Columns: partner, iso3, women, men, total, female_share_pct, year; largest first (ties by code).
    For a group, migrants are summed over its members; for a group other than the world, corridors
    between two members are left out (``place_series.bilateral``).
    """
    rows, ims_year = place_series.bilateral(place, year, direction)
    columns = ["partner", "iso3", "women", "men", "total", "female_share_pct", "year"]
    if ims_year is None:
        return pd.DataFrame(columns=columns)
    rows = rows.groupby("partner")[["female", "male"]].sum().reset_index()
    names = load("countries").set_index("iso3").short_name.to_dict() | {"OOO": "Other or unknown"}
    out = pd.DataFrame({"partner": rows.partner.map(names), "iso3": rows.partner, "women": rows.female, "men": rows.male})
    out["total"] = out.women + out.men
    out["female_share_pct"] = (100 * out.women / out.total).round(1)
    out[["women", "men", "total"]] = out[["women", "men", "total"]].astype("int64")
    out = out[out.total > 0].sort_values(["total", "iso3"], ascending=[False, True]).head(n)
    return out.assign(year=ims_year).reset_index(drop=True)[columns]


CORRIDOR_HEADINGS = {"partner": "Origin", "women": "Women", "men": "Men", "total": "Total", "female_share_pct": "Women %", "year": "Year"}


def corridors(params: Parameters, n: int = 10) -> Finding:
    """Finding ``profile.corridors``: the largest origins and destinations, women and men."""
    place = params.place
    origins = top_corridors(place, params.year, "origins", n)
    destinations = top_corridors(place, params.year, "destinations", n)
    title = f"Where immigrants in {place.name} come from, and where emigrants live"
    if origins.empty and destinations.empty:
        chart = style.no_data_chart(title, "No bilateral estimates for this country or area.", fmt.source_line(IMS))
        return Finding("profile.corridors", title, {}, f"UN DESA has no bilateral estimates for {place.name}.", charts=(chart,))
    year = int((origins if not origins.empty else destinations).year.iloc[0])
    facts: dict[str, Fact] = {}
    for kind, table in (("origin", origins), ("destination", destinations)):
        for rank, row in enumerate(table.head(3).itertuples(), start=1):
            facts[f"{kind}_{rank}"] = Fact(f"{kind.capitalize()} {rank}: {row.partner}", row.total, "people", year, IMS)
            facts[f"{kind}_{rank}_women"] = Fact(f"Women, {row.partner}", row.female_share_pct, "%", year, IMS)

    def listing(kind: str) -> str:
        items = [
            f"{facts[k].label.split(': ')[1]} {facts[k].text} ({facts[k + '_women'].text} women)"
            for k in (f"{kind}_{r}" for r in (1, 2, 3))
            if k in facts
        ]
        return fmt.listing(items)

    if place.kind == "world":
        sentence = (
            f"In {year}, the world's international migrants were born mostly in {listing('origin')}; "
            f"they lived mostly in {listing('destination')}."
        )
    else:
        sentence = (
            f"In {year}, the largest groups of immigrants in {place.name} came from {listing('origin')}; "
            f"emigrants lived mostly in {listing('destination')}."
        )
    if place_series.counts_between_members(place):
        between, _ = place_series.between_members(place, year)
        facts["between_members"] = Fact("Migrants born in one member country and living in another", between, "people", year, IMS)
        sentence += (
            f" Corridors between two member countries ({facts['between_members'].text} migrants) are left out: "
            f"the lists name origins and destinations outside {place.name}."
        )
    alt = f"Two bar charts for {year}. Largest origins of immigrants: {listing('origin')}. Largest destinations of emigrants: {listing('destination')}."
    chart = _corridors_chart(title, origins, destinations, alt)
    outside = " (member countries left out)" if place_series.counts_between_members(place) else ""
    table = Table(
        origins.drop(columns="iso3").rename(columns=CORRIDOR_HEADINGS),
        f"Top origins of immigrants in {place.name}{outside}",
        fmt.source_line(IMS),
        index=False,
        units={"Women %": "%"},
    )
    return Finding("profile.corridors", title, facts, sentence, charts=(chart,), tables=(table,))


def _corridors_chart(title: str, origins: pd.DataFrame, destinations: pd.DataFrame, alt: str) -> Chart:
    fig, axes = style.new_figure(ncols=2, width=11, height=4.8)
    for ax, table, label in zip(axes, (origins, destinations), ("Top origins of immigrants", "Top destinations of emigrants")):
        table = table.iloc[::-1]
        ax.barh(table.partner, table.women, color=style.WOMEN, label="Women")
        ax.barh(table.partner, table.men, left=table.women, color=style.MEN, label="Men")
        ax.set_title(label, fontsize=10)
        style.thousands(ax, "x")
        ax.grid(axis="y", visible=False)
        ax.legend(loc="lower right", fontsize=8)
    fig.suptitle(title, x=0.01, ha="left", fontweight="bold")
    drawn = pd.concat([origins.assign(corridor="origin of immigrants"), destinations.assign(corridor="destination of emigrants")])
    return style.render(fig, alt, fmt.source_line(IMS), data=drawn[["corridor", "partner", "year", "women", "men", "total"]])


# --- forced displacement ------------------------------------------------------------------


def displacement(params: Parameters) -> Finding:
    """Finding ``profile.displacement``: refugees and asylum seekers hosted and abroad; conflict IDPs."""
    place = params.place
    series = place_series.displacement(place, params.year)
    title = f"Forced displacement, {place.name}"
    source = fmt.source_line(SOURCES["unhcr"], f"IDPs (conflict): {SOURCES['idmc']}")
    facts: dict[str, Fact] = {"reference_year": Fact("Reference year", params.year, "year")}
    for column, label, src in (
        ("hosted_refugees", "Refugees hosted", "unhcr"),
        ("hosted_asylum_seekers", "Asylum seekers hosted", "unhcr"),
        ("abroad_refugees", "Refugees abroad", "unhcr"),
        ("abroad_asylum_seekers", "Asylum seekers abroad", "unhcr"),
        ("idps_conflict", "People internally displaced by conflict and violence", "idmc"),
    ):
        facts[column] = place_series.series_fact(place, series, column, label, "people", SOURCES[src])
    f = facts
    idp = (
        f" IDMC counted {f['idps_conflict'].text} people internally displaced by conflict and violence in {f['idps_conflict'].year}{_group_note(place, f['idps_conflict'])}."
        if not f["idps_conflict"].missing
        else " IDMC's conflict series has no record for this place."
    )
    unhcr = [k for k in ("hosted_refugees", "abroad_refugees") if not f[k].missing]
    if not unhcr:
        sentence = (
            f"UNHCR's statistics have no record for {place.name} up to {f['reference_year'].text}: no refugee figures "
            f"can be shown ({fmt.NOT_AVAILABLE}, which is not the same as zero).{idp}"
        )
    else:
        parts = []
        if not f["hosted_refugees"].missing:
            parts.append(
                f"{place.name} hosted {f['hosted_refugees'].text} refugees and {f['hosted_asylum_seekers'].text} asylum seekers"
                f"{_group_note(place, f['hosted_refugees'])} at the end of {f['hosted_refugees'].year}"
            )
        else:
            parts.append(f"UNHCR records no population hosted by {place.name}")
        if place.kind == "world":
            parts.append(
                "for the world, refugees counted by country of origin are the same people as the refugees hosted, "
                "so no figure of refugees 'from the world, abroad' is given"
            )
        elif not f["abroad_refugees"].missing:
            parts.append(
                f"{f['abroad_refugees'].text} refugees and {f['abroad_asylum_seekers'].text} asylum seekers from "
                f"{place.name} were abroad at the end of {f['abroad_refugees'].year}"
            )
        sentence = "; ".join(parts) + "." + idp
    abroad = "By country of origin" if place.kind == "world" else "From the country, abroad"
    chart = _displacement_chart(title, series, f"Line charts of forced displacement. {sentence}", source, abroad)
    return Finding("profile.displacement", title, facts, sentence, charts=(chart,))


def _displacement_chart(title: str, series: pd.DataFrame, alt: str, source: str, abroad: str) -> Chart:
    if series.empty:
        return style.no_data_chart(title, "No UNHCR or IDMC record for this country or area.", source)
    fig, axes = style.new_figure(ncols=2, width=10)
    lines = [
        (axes[0], "hosted_refugees", "Refugees hosted", style.COUNTRY, "-"),
        (axes[0], "hosted_asylum_seekers", "Asylum seekers hosted", style.PEERS[0], "--"),
        (axes[1], "abroad_refugees", "Refugees abroad", style.COUNTRY, "-"),
        (axes[1], "abroad_asylum_seekers", "Asylum seekers abroad", style.PEERS[0], "--"),
        (axes[0], "hosted_idps", "IDPs (UNHCR)", style.PEERS[2], ":"),
        (axes[0], "idps_conflict", "IDPs, conflict (IDMC)", style.PEERS[1], "-."),
    ]
    for ax, col, label, colour, dash in lines:
        s = series.dropna(subset=[col])
        if not s.empty and s[col].sum() > 0:
            ax.plot(s.year, s[col], color=colour, ls=dash, lw=2, label=label)
    for ax, label in zip(axes, ("In the country", abroad)):
        ax.set_title(label)
        style.thousands(ax)
        ax.set_ylim(bottom=0)
        if ax.get_legend_handles_labels()[0]:
            ax.legend(fontsize=8)
        else:
            ax.text(0.5, 0.5, "none recorded", ha="center", transform=ax.transAxes, color="#666666")
    fig.suptitle(title, x=0.01, ha="left", fontweight="bold")
    return style.render(fig, alt, source, data=series)


# --- remittances --------------------------------------------------------------------------


def remittances(params: Parameters) -> Finding:
    """Finding ``profile.remittances``: received and sent, % of GDP, and the cost against SDG 10.c."""
    place = params.place
    series = place_series.remittances(place, params.year)
    title = f"Remittances, {place.name}"
    source = fmt.source_line(SOURCES["remittance_flows"], f"costs: {SOURCES['remittance_costs']}")
    facts: dict[str, Fact] = {}
    for column, label, unit, src in (
        ("received_usd", "Personal remittances received", "US$", "remittance_flows"),
        ("received_pct_gdp", "Remittances received, % of GDP", "%", "remittance_flows"),
        ("sent_usd", "Personal remittances sent", "US$", "remittance_flows"),
        ("cost_to_country_pct", f"Average cost of sending US${SEND_AMOUNT_USD} to the country", "%", "remittance_costs"),
    ):
        facts[column] = place_series.series_fact(place, series, column, label, unit, SOURCES[src])
    facts["target"] = Fact(f"SDG 10.c target for the average cost: {fmt.less_than(SDG_10C_TARGET_PCT)}", SDG_10C_TARGET_PCT, "%")
    f = facts
    if f["received_usd"].missing:
        text = f"The World Bank's WDI has no series of remittances received for {place.name}."
    else:
        weight = (
            f", {f['received_pct_gdp'].text} of GDP" if f["received_pct_gdp"].year == f["received_usd"].year else " (GDP not available)"
        )
        text = (
            f"In {f['received_usd'].year}, {place.name} received {f['received_usd'].text} in personal remittances{weight}"
            f"{_group_note(place, f['received_usd'])}."
        )
        if not f["sent_usd"].missing:
            text += f" Remittances sent from {place.name}: {f['sent_usd'].text} ({f['sent_usd'].year})."
    if place.is_group:
        text += " The cost of sending money is reported per country: a group has no single cost."
    elif f["cost_to_country_pct"].missing:
        text += f" The average cost of sending money to {place.name} (SDG 10.c.1) is {fmt.NOT_AVAILABLE}."
    else:
        gap = f["cost_to_country_pct"].value - SDG_10C_TARGET_PCT
        facts["gap"] = Fact("Gap to the SDG 10.c target", abs(gap), "decimal")
        verdict = "above" if gap > 0 else "below"
        text += (
            f" Sending US${SEND_AMOUNT_USD} to {place.name} cost {f['cost_to_country_pct'].text} on average in "
            f"{f['cost_to_country_pct'].year}, {facts['gap'].text} points {verdict} {fmt.share(f['target'].value, digits=0)} (the SDG 10.c target is {fmt.less_than(f['target'].value)})."
        )
    chart = _remittances_chart(title, series, f"Three line charts of remittances. {text}", source)
    return Finding("profile.remittances", title, facts, text, charts=(chart,))


def _remittances_chart(title: str, series: pd.DataFrame, alt: str, source: str) -> Chart:
    if series.empty:
        return style.no_data_chart(title, "No World Bank remittance series for this country or area.", source)
    fig, axes = style.new_figure(ncols=3, width=12, height=3.8)
    flows = series.dropna(subset=["received_usd", "sent_usd"], how="all")
    axes[0].plot(flows.year, flows.received_usd / 1e9, color=style.COUNTRY, lw=2, label="Received")
    axes[0].plot(flows.year, flows.sent_usd / 1e9, color=style.PEERS[0], lw=2, ls="--", label="Sent")
    axes[0].set_title("US$ billion (current)")
    axes[0].legend(fontsize=8)
    share = series.dropna(subset=["received_pct_gdp"])
    axes[1].plot(share.year, share.received_pct_gdp, color=style.COUNTRY, lw=2)
    axes[1].set_title("Received, % of GDP")
    cost = series.dropna(subset=["cost_to_country_pct"])
    if cost.empty:
        axes[2].text(0.5, 0.5, "cost not available", ha="center", transform=axes[2].transAxes, color="#666666")
    else:
        axes[2].plot(cost.year, cost.cost_to_country_pct, color=style.COUNTRY, lw=2, marker="o", label="Average cost")
        axes[2].legend(fontsize=8)
    axes[2].axhline(SDG_10C_TARGET_PCT, color=style.TARGET, ls="--", lw=1.5)
    axes[2].text(
        axes[2].get_xlim()[0], SDG_10C_TARGET_PCT, f" SDG 10.c target: {fmt.less_than(SDG_10C_TARGET_PCT)}",
        color=style.TARGET, va="bottom", fontsize=8,
    )
    axes[2].set_title(f"Cost of sending US${SEND_AMOUNT_USD}, %")
    for ax in axes:
        ax.set_ylim(bottom=0)
    fig.suptitle(title, x=0.01, ha="left", fontweight="bold")
    return style.render(fig, alt, source, data=series)


# --- development context and peers --------------------------------------------------------

PEER_INDICATORS = {
    "Immigrants, % of population": ("stock", "immigrants_pct_population", "%"),
    "Immigrants, female share": ("stock", "immigrants_female_share_pct", "%"),
    "Emigrants, female share": ("stock", "emigrants_female_share_pct", "%"),
    "Remittances received, % of GDP": ("remittances", "received_pct_gdp", "%"),
    f"Cost of sending US${SEND_AMOUNT_USD} to the country": ("remittances", "cost_to_country_pct", "%"),
    "Human Development Index": ("context", "hdi", "index"),
    "Gender Inequality Index": ("context", "gii", "index"),
    "GDP per capita, PPP (constant 2021 int. $)": ("context", "gdp_per_capita_ppp", "number"),
}
"""Indicators of the peer table: where each comes from, and its unit."""


@cached
def _country_median(place: Place, table: str, column: str, year: int) -> tuple[float | None, int]:
    """Median over a place's member countries of their own latest values, and how many have one
    (cached: the comparator groups, the world among them, recur for every place)."""
    values = latest_per_country(load(table if table != "stock" else "migrant_stock"), column, place.members, year)
    return (float(values.median()), len(values)) if len(values) else (None, 0)


def development_context(params: Parameters) -> Finding:
    """Finding ``profile.context``: HDI, GII and income, and a table against the comparators' medians."""
    place = params.place
    source = fmt.source_line(SOURCES["hdr"], f"GDP per capita: {SOURCES['wdi']}")
    facts: dict[str, Fact] = {}
    for column, label, unit in (
        ("hdi", "Human Development Index", "index"),
        ("gii", "Gender Inequality Index", "index"),
        ("gdp_per_capita_ppp", "GDP per capita (PPP, constant 2021 international $)", "number"),
    ):
        value, when, n = place_series.context_value(place, column, params.year)
        basis = f"median over {n} of {len(place.members)} countries" if place.is_group and when else ""
        facts[column] = Fact(label, value, unit, when, source, basis)
    f = facts
    parts = [f"{fact.label}: {fact.with_year()}" for fact in f.values()]
    median = " (medians of member countries)" if place.is_group else ""
    sentence = f"Development context of {place.name}{median}. " + "; ".join(parts) + "."
    chart = _context_chart(params, f, source)
    return Finding("profile.context", f"Development context, {place.name}", facts, sentence, charts=(chart,), tables=(peer_table(params),))


def _context_chart(params: Parameters, f: dict[str, Fact], source: str) -> Chart:
    place = params.place
    title = f"Development context, {place.name}"
    frame = as_of(load("context"), params.year)
    frame = frame[frame.iso3.isin(place.members)]
    hdi = frame.dropna(subset=["hdi"]).groupby("year").hdi.median()
    income = frame.dropna(subset=["gdp_per_capita_ppp"]).groupby("year").gdp_per_capita_ppp.median()
    if hdi.empty and income.empty:
        return style.no_data_chart(title, "No HDI or GDP per capita in the embedded data.", source)
    fig, axes = style.new_figure(ncols=2, width=10)
    axes[0].plot(hdi.index, hdi.values, color=style.COUNTRY, lw=2.5, label=place.name)
    for colour, peer in zip(style.PEERS, params.peers):
        if peer == place:
            continue
        rows = as_of(load("context"), params.year)
        rows = rows[rows.iso3.isin(peer.members)].dropna(subset=["hdi"])
        median = rows.groupby("year").hdi.median()
        axes[0].plot(median.index, median.values, color=colour, lw=1.5, ls="--", label=f"{peer.name} (median)")
    axes[0].set_title("Human Development Index")
    axes[0].set_ylim(0, 1)
    axes[0].legend(fontsize=8)
    axes[1].plot(income.index, income.values, color=style.COUNTRY, lw=2.5)
    axes[1].set_title("GDP per capita, PPP (constant 2021 int. $)")
    style.thousands(axes[1])
    axes[1].set_ylim(bottom=0)
    fig.suptitle(title, x=0.01, ha="left", fontweight="bold")
    alt = (
        f"Two line charts of {place.name}'s development: HDI {f['hdi'].with_year()}, with comparator medians; "
        f"GDP per capita (PPP) {f['gdp_per_capita_ppp'].with_year()}."
    )
    drawn = pd.concat({"hdi": hdi, "gdp_per_capita_ppp": income}, axis=1).rename_axis("year").reset_index()
    return style.render(fig, alt, source, data=drawn)


def peer_table(params: Parameters) -> Table:
    """Latest value of key indicators: the place against the median of each comparator group.

    Medians are of the member countries' own latest values at or before the reference year (what a
    reader compares a country with); n says how many countries have a value. Missing stays missing.
    """
    rows = []
    for label, (table, column, unit) in PEER_INDICATORS.items():
        own, n_own = _country_median(params.place, table, column, params.year)
        if not params.place.is_group:
            shown = fmt.value(own, unit)
        else:
            shown = f"{fmt.value(own, unit)} (median, n={n_own})" if own is not None else fmt.NOT_AVAILABLE
        row = {"Indicator": label, params.name: shown}
        for peer in params.peers:
            if peer == params.place:
                continue
            value, n = _country_median(peer, table, column, params.year)
            row[f"{peer.name} (median)"] = f"{fmt.value(value, unit)} (n={n})" if value is not None else fmt.NOT_AVAILABLE
        rows.append(row)
    return Table(
        pd.DataFrame(rows).set_index("Indicator"),
        f"{params.name} against its comparators",
        fmt.source_line(f"UN DESA {IMS_EDITION}", SOURCES["remittance_flows"], SOURCES["hdr"], note="Latest value at or before the reference year. A median is that of the countries' own latest values; "
                       "n is the number of countries with a value."),
    )


def explorer(params: Parameters):
    """In JupyterLab, a country picker that redraws the migrant-stock chart; a note in unattended runs."""
    from ..inputs.parameters import validate_parameters
    from ..render.widgets import country_explorer

    names = load_countries().set_index("iso3").short_name
    choices = sorted(((f"{names[code]} ({code})", code) for code in params.world.members), key=lambda c: unicodedata.normalize("NFKD", c[0]).casefold())
    codes = [code for _, code in choices]
    return country_explorer(
        lambda code: migrant_stock(validate_parameters(code, params.year)).charts[0],
        choices=choices,
        value=params.iso3 if params.iso3 in codes else codes[0],
    )


def remittance_dependence(threshold_pct: float = REMITTANCE_DEPENDENCE_PCT) -> Finding:
    """Finding ``profile.remittance_dependence``: countries whose latest remittances exceed a share of GDP.

    Only values from the table's last year or the RECENT_YEARS before it count, so that an old
    figure does not stand in for a current one. Highest first, ties by name.
    """
    table = load("remittances").dropna(subset=["received_pct_gdp"])
    last = int(table.year.max())
    latest = latest_rows(table, "received_pct_gdp")
    recent = latest[latest.year >= last - RECENT_YEARS]
    above = recent[recent.received_pct_gdp > threshold_pct].copy()
    names = load("countries").set_index("iso3").short_name
    above["name"] = above.iso3.map(names)
    above = above.sort_values(["received_pct_gdp", "name"], ascending=[False, True])
    source = SOURCES["remittance_flows"]
    facts = {
        "threshold": Fact("Threshold, % of GDP", threshold_pct, "%"),
        "last_year": Fact("Last year in the table", last, "year"),
        "countries": Fact("Countries above the threshold", len(above), "count"),
    }
    for row in above.itertuples():
        facts[row.iso3] = Fact(row.name, row.received_pct_gdp, "%", int(row.year), source)
    items = [f"{facts[r.iso3].label} ({facts[r.iso3].text}{'' if r.year == last else f', {r.year}'})" for r in above.itertuples()]
    sentence = (
        f"Latest year in the table: {facts['last_year'].text}. {facts['countries'].text} countries and areas received "
        f"remittances above {facts['threshold'].text} of GDP, highest first (value for {facts['last_year'].text} unless "
        f"another year is shown): {fmt.listing(items)}."
    )
    return Finding("profile.remittance_dependence", "Where remittances exceed a quarter of GDP", facts, sentence)
