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
from ..i18n import N_, _, language, t
from ..inputs.parameters import Parameters
from ..render import format as fmt
from ..render import style
from ..render.display import Chart, Table
from . import place_series
from .base import Fact, Finding

IMS = SOURCES["ims"]


def _has_basis(place: Place, fact: Fact) -> bool:
    """True where a group's value says how it was computed (its basis is then stated in brackets)."""
    return place.is_group and bool(fact.basis)


def _country_names() -> dict[str, str]:
    """Every country's short name in the current language (the UN's M49 name in French and Spanish, where
    the data have one)."""
    table = load_countries().set_index("iso3")
    names = table.short_name
    if language() != "en":
        names = table[f"name_{language()}"].fillna(names)
    return names.to_dict()


# --- migrant stock ------------------------------------------------------------------------


def _stock_facts(params: Parameters, series: pd.DataFrame) -> dict[str, Fact]:
    last, first = series.iloc[-1], series.iloc[0]
    y = int(last.year)
    facts = {
        "immigrants": Fact(_("Immigrants"), last.immigrants_total, "people", y, IMS),
        "immigrants_female_share": Fact(_("Women among immigrants"), last.immigrants_female_share_pct, "%", y, IMS),
        "immigrants_first": Fact(_("Immigrants, first estimate"), first.immigrants_total, "people", int(first.year), IMS),
        "immigrants_change": Fact(
            _("Change in immigrants since the first estimate"), abs(last.immigrants_total - first.immigrants_total), "people", y, IMS
        ),
        "emigrants": Fact(_("Emigrants"), last.emigrants_total, "people", y, IMS),
        "emigrants_female_share": Fact(_("Women among emigrants"), last.emigrants_female_share_pct, "%", y, IMS),
        "immigrant_women": Fact(_("Immigrant women"), last.immigrants_female, "people", y, IMS),
        "immigrant_men": Fact(_("Immigrant men"), last.immigrants_male, "people", y, IMS),
        "emigrant_women": Fact(_("Emigrant women"), last.emigrants_female, "people", y, IMS),
        "emigrant_men": Fact(_("Emigrant men"), last.emigrants_male, "people", y, IMS),
    }
    if params.place.is_group:
        n = int(last.n_immigrants_total)
        facts["members_with_data"] = Fact(_("Member countries with an estimate"), n, "count", y, IMS,
                                          t("of {count}", count=fmt.count(len(params.place.members))))
    share_value, share_year = latest(series, "immigrants_pct_population")
    facts["immigrants_pct"] = Fact(_("Immigrants, % of population"), share_value, "%", share_year, _with_population(IMS))
    for peer in params.peers:
        peer_series = place_series.stock(peer, params.year)
        value, when = latest(peer_series, "immigrants_pct_population")
        facts[f"peer_pct:{peer.code}"] = Fact(t("{place}, immigrants % of population", place=peer.local_name), value, "%", when, IMS,
                                              _("ratio of sums"))
    return facts


def _with_population(source: str) -> str:
    """``UN DESA, International Migrant Stock 2024; population: UN WPP 2024``."""
    return t("{source}; population: {population}", source=source, population=WPP)


def _abroad_sentence(place: Place, f: dict[str, Fact]) -> str:
    """Emigrants, then immigrants against emigrants where the comparison means something (facts added to ``f``).

    For the world, immigrants and emigrants are the same people: the totals differ only where a
    migrant's country of birth is not recorded, so they are not compared. For another group, both
    totals count the migrants who moved between two member countries, which the comparison cancels out;
    the sentence says how many they are.
    """
    year = f["immigrants"].year
    fields = {"count": f["emigrants"].text, "share": f["emigrants_female_share"].text, "place": place.local_name}
    if place.kind == "world":
        origins = place_series.bilateral(place, year, "origins")[0]
        unknown = origins[origins.partner == "OOO"]
        f["unknown_origin"] = Fact(_("Immigrants whose country of birth is not recorded"), unknown.female.sum() + unknown.male.sum(),
                                   "people", year, IMS)
        return t("{count} people born in its member countries lived abroad ({share} women). For the world, every international "
                 "migrant is both an immigrant and an emigrant, so the two totals are not compared (the immigrant total also "
                 "counts the {unknown} whose country of birth is not recorded).", unknown=f["unknown_origin"].text, **fields)
    more_abroad = f["emigrants"].value > f["immigrants"].value
    if not place.is_group:
        if more_abroad:
            return t("{count} people born in {place} lived abroad ({share} women): more people born here live abroad than "
                     "immigrants live here.", **fields)
        return t("{count} people born in {place} lived abroad ({share} women): more immigrants live here than people born "
                 "here live abroad.", **fields)
    between, when = place_series.between_members(place, year)
    f["between_members"] = Fact(_("Migrants born in one member country and living in another"), between, "people", when, IMS)
    if more_abroad:
        return t("{count} people born in its member countries lived abroad ({share} women): more people born in its member "
                 "countries live abroad than immigrants live in them (both totals count the {between} migrants who moved from "
                 "one member country to another).", between=f["between_members"].text, **fields)
    return t("{count} people born in its member countries lived abroad ({share} women): more immigrants live in its member "
             "countries than people born in them live abroad (both totals count the {between} migrants who moved from one "
             "member country to another).", between=f["between_members"].text, **fields)


def migrant_stock(params: Parameters) -> Finding:
    """Finding ``profile.migrant_stock``: immigrants and emigrants, women and men, share of population."""
    place = params.place
    series = place_series.stock(place, params.year).dropna(subset=["immigrants_total"])
    title = t("International migrants to and from {place}", place=place.local_name)
    if series.empty:
        facts = {"immigrants": Fact(_("Immigrants"), None, "people", None, IMS)}
        sentence = t("UN DESA's {title} has no estimate for {place}.", title=IMS_TITLE, place=place.local_name)
        chart = style.no_data_chart(title, _("No UN DESA estimate for this country or area."), fmt.source_line(IMS))
        return Finding("profile.migrant_stock", title, facts, sentence, charts=(chart,))
    f = _stock_facts(params, series)
    sentence = " ".join((_hosted_sentence(place, series, f), _population_share_sentence(f), _abroad_sentence(place, f)))
    charts = (*_by_sex_charts(place, series, f), _share_chart(params, series, f))
    return Finding("profile.migrant_stock", title, f, sentence, charts=charts)


def _hosted_sentence(place: Place, series: pd.DataFrame, f: dict[str, Fact]) -> str:
    """Immigrants in the last year, the women among them, and the change since the first estimate."""
    fields = {
        "year": f["immigrants"].year, "place": place.local_name, "count": f["immigrants"].text,
        "share": f["immigrants_female_share"].text, "change": f["immigrants_change"].text, "first": f["immigrants_first"].year,
    }
    more = series.immigrants_total.iloc[-1] >= series.immigrants_total.iloc[0]
    if place.is_group:
        fields |= {"members": f["members_with_data"].text, "total": fmt.count(len(place.members))}
        if more:
            return t("In {year}, {place} hosted {count} international migrants (summed over {members} of {total} member "
                     "countries), {share} of them women, {change} more than in {first}.", **fields)
        return t("In {year}, {place} hosted {count} international migrants (summed over {members} of {total} member "
                 "countries), {share} of them women, {change} fewer than in {first}.", **fields)
    if more:
        return t("In {year}, {place} hosted {count} international migrants, {share} of them women, {change} more than in {first}.",
                 **fields)
    return t("In {year}, {place} hosted {count} international migrants, {share} of them women, {change} fewer than in {first}.",
             **fields)


def _population_share_sentence(f: dict[str, Fact]) -> str:
    if f["immigrants_pct"].missing:
        return _("No population estimate is embedded for this place, so the share of the population is not computed.")
    return t("Immigrants were {share} of the population in {year} (the latest year with a population estimate in the data).",
             share=f["immigrants_pct"].text, year=f["immigrants_pct"].year)


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
        ax.stackplot(series.year, women, men, colors=[style.WOMEN, style.MEN], labels=[_("Women"), _("Men")], alpha=0.9)  # women, men
        ax.set_title({"immigrants": _("Immigrants (living here)"), "emigrants": _("Emigrants (living abroad)")}[who])
        ax.legend(loc="upper left")

    def lines(ax, who):
        ax.plot(series.year, series[f"{who}_female"], color=style.WOMEN, lw=2.2, marker="o", label=_("Women"))
        ax.plot(series.year, series[f"{who}_male"], color=style.MEN, lw=2.2, marker="s", label=_("Men"))
        ax.set_title({"immigrants": _("Immigrants"), "emigrants": _("Emigrants")}[who])
        ax.set_ylim(bottom=0)
        ax.legend()

    span = {"first": f["immigrants_first"].year, "last": f["immigrants"].year, "place": place.local_name}
    return (
        _by_sex_chart(series, t("International migrants to and from {place}", place=place.local_name), areas, alt=t(
            "Two stacked area charts, {first}-{last}: immigrants in {place} reach {immigrants} in {last} ({immigrant_share} "
            "women); emigrants reach {emigrants} ({emigrant_share} women).", immigrants=f["immigrants"].text,
            immigrant_share=f["immigrants_female_share"].text, emigrants=f["emigrants"].text,
            emigrant_share=f["emigrants_female_share"].text, **span)),
        _by_sex_chart(series, t("Women and men among migrants, {place}", place=place.local_name), lines, alt=t(
            "Line charts of women and men, {first}-{last}. In {last}: immigrant women {immigrant_women}, men {immigrant_men}; "
            "emigrant women {emigrant_women}, men {emigrant_men}.", immigrant_women=f["immigrant_women"].text,
            immigrant_men=f["immigrant_men"].text, emigrant_women=f["emigrant_women"].text, emigrant_men=f["emigrant_men"].text,
            **span)),
    )


def _share_chart(params: Parameters, series: pd.DataFrame, f: dict[str, Fact]) -> Chart:
    place = params.place
    title = t("Immigrants as % of population, {place} and comparators", place=place.local_name)
    source = fmt.source_line(IMS, t("population: {source}", source=WPP))
    own = series.dropna(subset=["immigrants_pct_population"])
    if own.empty:
        return style.no_data_chart(title, _("No population estimate to divide by."), source)
    fig, (ax,) = style.new_figure()
    ax.plot(own.year, own.immigrants_pct_population, color=style.COUNTRY, lw=2.5, marker="o", label=place.local_name)
    drawn = own[["year", "immigrants_pct_population"]].rename(columns={"immigrants_pct_population": place.name})
    for colour, peer in zip(style.PEERS, params.peers):
        if peer == place:
            continue
        g = place_series.stock(peer, params.year).dropna(subset=["immigrants_pct_population"])
        ax.plot(g.year, g.immigrants_pct_population, color=colour, lw=1.5, ls="--", label=peer.local_name)
        drawn = drawn.merge(g[["year", "immigrants_pct_population"]].rename(columns={"immigrants_pct_population": peer.name}), on="year", how="outer")
    ax.set_ylabel(_("% of population"))
    ax.set_ylim(bottom=0)
    ax.set_title(title)
    ax.legend(fontsize=8)
    drawn_peers = [(peer, f[f"peer_pct:{peer.code}"]) for peer in params.peers if peer != place and not f[f"peer_pct:{peer.code}"].missing]
    shown = [t("{place} {share} in {year}", place=place.local_name, share=f["immigrants_pct"].text, year=f["immigrants_pct"].year),
             *(t("{place} {share}", place=peer.local_name, share=fact.text) for peer, fact in drawn_peers)]
    alt = t("Line chart of immigrants as % of population, {first}-{last}: {values} (ratios of summed stock to summed population).",
            first=int(own.year.iloc[0]), last=f["immigrants_pct"].year, values=fmt.semicolons(shown))
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
    names = _country_names() | {"OOO": _("Other or unknown")}
    out = pd.DataFrame({"partner": rows.partner.map(names), "iso3": rows.partner, "women": rows.female, "men": rows.male})
    out["total"] = out.women + out.men
    out["female_share_pct"] = (100 * out.women / out.total).round(1)
    out[["women", "men", "total"]] = out[["women", "men", "total"]].astype("int64")
    out = out[out.total > 0].sort_values(["total", "iso3"], ascending=[False, True]).head(n)
    return out.assign(year=ims_year).reset_index(drop=True)[columns]


CORRIDOR_HEADINGS = {"partner": N_("Origin"), "women": N_("Women"), "men": N_("Men"), "total": N_("Total"), "female_share_pct": N_("Women %"),
                     "year": N_("Year")}
"""The corridor table's headers (in English; ``_()`` gives them in the current language)."""


def corridors(params: Parameters, n: int = 10) -> Finding:
    """Finding ``profile.corridors``: the largest origins and destinations, women and men."""
    place = params.place
    origins = top_corridors(place, params.year, "origins", n)
    destinations = top_corridors(place, params.year, "destinations", n)
    title = t("Where immigrants in {place} come from, and where emigrants live", place=place.local_name)
    if origins.empty and destinations.empty:
        chart = style.no_data_chart(title, _("No bilateral estimates for this country or area."), fmt.source_line(IMS))
        sentence = t("UN DESA has no bilateral estimates for {place}.", place=place.local_name)
        return Finding("profile.corridors", title, {}, sentence, charts=(chart,))
    year = int((origins if not origins.empty else destinations).year.iloc[0])
    facts: dict[str, Fact] = {}
    partners: dict[str, str] = {}
    for kind, table in (("origin", origins), ("destination", destinations)):
        for rank, row in enumerate(table.head(3).itertuples(), start=1):
            if kind == "origin":
                label = t("Origin {rank}: {partner}", rank=rank, partner=row.partner)
            else:
                label = t("Destination {rank}: {partner}", rank=rank, partner=row.partner)
            facts[f"{kind}_{rank}"] = Fact(label, row.total, "people", year, IMS)
            facts[f"{kind}_{rank}_women"] = Fact(t("Women, {partner}", partner=row.partner), row.female_share_pct, "%", year, IMS)
            partners[f"{kind}_{rank}"] = row.partner

    def listing(kind: str) -> str:
        items = [
            t("{partner} {count} ({share} women)", partner=partners[k], count=facts[k].text, share=facts[k + "_women"].text)
            for k in (f"{kind}_{r}" for r in (1, 2, 3))
            if k in facts
        ]
        return fmt.listing(items)

    lists = {"year": year, "origins": listing("origin"), "destinations": listing("destination"), "place": place.local_name}
    if place.kind == "world":
        sentence = t("In {year}, the world's international migrants were born mostly in {origins}; they lived mostly in "
                     "{destinations}.", **lists)
    else:
        sentence = t("In {year}, the largest groups of immigrants in {place} came from {origins}; emigrants lived mostly in "
                     "{destinations}.", **lists)
    if place_series.counts_between_members(place):
        between = place_series.between_members(place, year)[0]
        facts["between_members"] = Fact(_("Migrants born in one member country and living in another"), between, "people", year, IMS)
        sentence += " " + t("Corridors between two member countries ({count} migrants) are left out: the lists name origins and "
                            "destinations outside {place}.", count=facts["between_members"].text, place=place.local_name)
    alt = t("Two bar charts for {year}. Largest origins of immigrants: {origins}. Largest destinations of emigrants: {destinations}.",
            **lists)
    chart = _corridors_chart(title, origins, destinations, alt)
    if place_series.counts_between_members(place):
        caption = t("Top origins of immigrants in {place} (member countries left out)", place=place.local_name)
    else:
        caption = t("Top origins of immigrants in {place}", place=place.local_name)
    table = Table(
        origins.drop(columns="iso3").rename(columns={column: _(heading) for column, heading in CORRIDOR_HEADINGS.items()}),
        caption,
        fmt.source_line(IMS),
        index=False,
        units={_("Women %"): "%", _("Year"): "year"},
    )
    return Finding("profile.corridors", title, facts, sentence, charts=(chart,), tables=(table,))


def _corridors_chart(title: str, origins: pd.DataFrame, destinations: pd.DataFrame, alt: str) -> Chart:
    fig, axes = style.new_figure(ncols=2, width=11, height=4.8)
    for ax, table, label in zip(axes, (origins, destinations), (_("Top origins of immigrants"), _("Top destinations of emigrants"))):
        table = table.iloc[::-1]
        ax.barh(table.partner, table.women, color=style.WOMEN, label=_("Women"))
        ax.barh(table.partner, table.men, left=table.women, color=style.MEN, label=_("Men"))
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
    title = t("Forced displacement, {place}", place=place.local_name)
    source = fmt.source_line(SOURCES["unhcr"], t("IDPs (conflict): {source}", source=SOURCES["idmc"]))
    facts: dict[str, Fact] = {"reference_year": Fact(_("Reference year"), params.year, "year")}
    for column, label, src in (
        ("hosted_refugees", N_("Refugees hosted"), "unhcr"),
        ("hosted_asylum_seekers", N_("Asylum seekers hosted"), "unhcr"),
        ("abroad_refugees", N_("Refugees abroad"), "unhcr"),
        ("abroad_asylum_seekers", N_("Asylum seekers abroad"), "unhcr"),
        ("idps_conflict", N_("People internally displaced by conflict and violence"), "idmc"),
    ):
        facts[column] = place_series.series_fact(place, series, column, _(label), "people", SOURCES[src])
    f = facts
    unhcr = [k for k in ("hosted_refugees", "abroad_refugees") if not f[k].missing]
    if not unhcr:
        sentence = t("UNHCR's statistics have no record for {place} up to {year}: no refugee figures can be shown ({not_available}, "
                     "which is not the same as zero).", place=place.local_name, year=f["reference_year"].text,
                     not_available=fmt.not_available())
    else:
        sentence = fmt.semicolons(_displacement_clauses(place, f)) + "."
    sentence += " " + _idp_sentence(place, f["idps_conflict"])
    abroad = _("By country of origin") if place.kind == "world" else _("From the country, abroad")
    alt = t("Line charts of forced displacement. {sentence}", sentence=sentence)
    chart = _displacement_chart(title, series, alt, source, abroad)
    return Finding("profile.displacement", title, facts, sentence, charts=(chart,))


def _displacement_clauses(place: Place, f: dict[str, Fact]) -> list[str]:
    """Refugees hosted, then refugees abroad: the clauses of the displacement sentence (joined by semicolons)."""
    hosted = {"place": place.local_name, "refugees": f["hosted_refugees"].text, "asylum_seekers": f["hosted_asylum_seekers"].text,
              "year": f["hosted_refugees"].year, "basis": f["hosted_refugees"].basis}
    if f["hosted_refugees"].missing:
        clauses = [t("UNHCR records no population hosted by {place}", place=place.local_name)]
    elif _has_basis(place, f["hosted_refugees"]):
        clauses = [t("{place} hosted {refugees} refugees and {asylum_seekers} asylum seekers ({basis}) at the end of {year}", **hosted)]
    else:
        clauses = [t("{place} hosted {refugees} refugees and {asylum_seekers} asylum seekers at the end of {year}", **hosted)]
    if place.kind == "world":
        clauses.append(_("for the world, refugees counted by country of origin are the same people as the refugees hosted, "
                         "so no figure of refugees 'from the world, abroad' is given"))
    elif not f["abroad_refugees"].missing:
        clauses.append(t("{refugees} refugees and {asylum_seekers} asylum seekers from {place} were abroad at the end of {year}",
                         refugees=f["abroad_refugees"].text, asylum_seekers=f["abroad_asylum_seekers"].text, place=place.local_name,
                         year=f["abroad_refugees"].year))
    return clauses


def _idp_sentence(place: Place, idps: Fact) -> str:
    if idps.missing:
        return _("IDMC's conflict series has no record for this place.")
    if _has_basis(place, idps):
        return t("IDMC counted {count} people internally displaced by conflict and violence in {year} ({basis}).",
                 count=idps.text, year=idps.year, basis=idps.basis)
    return t("IDMC counted {count} people internally displaced by conflict and violence in {year}.", count=idps.text, year=idps.year)


def _displacement_chart(title: str, series: pd.DataFrame, alt: str, source: str, abroad: str) -> Chart:
    if series.empty:
        return style.no_data_chart(title, _("No UNHCR or IDMC record for this country or area."), source)
    fig, axes = style.new_figure(ncols=2, width=10)
    lines = [
        (axes[0], "hosted_refugees", _("Refugees hosted"), style.COUNTRY, "-"),
        (axes[0], "hosted_asylum_seekers", _("Asylum seekers hosted"), style.PEERS[0], "--"),
        (axes[1], "abroad_refugees", _("Refugees abroad"), style.COUNTRY, "-"),
        (axes[1], "abroad_asylum_seekers", _("Asylum seekers abroad"), style.PEERS[0], "--"),
        (axes[0], "hosted_idps", _("IDPs (UNHCR)"), style.PEERS[2], ":"),
        (axes[0], "idps_conflict", _("IDPs, conflict (IDMC)"), style.PEERS[1], "-."),
    ]
    for ax, col, label, colour, dash in lines:
        s = series.dropna(subset=[col])
        if not s.empty and s[col].sum() > 0:
            ax.plot(s.year, s[col], color=colour, ls=dash, lw=2, label=label)
    for ax, label in zip(axes, (_("In the country"), abroad)):
        ax.set_title(label)
        style.thousands(ax)
        ax.set_ylim(bottom=0)
        if ax.get_legend_handles_labels()[0]:
            ax.legend(fontsize=8)
        else:
            ax.text(0.5, 0.5, _("none recorded"), ha="center", transform=ax.transAxes, color="#666666")
    fig.suptitle(title, x=0.01, ha="left", fontweight="bold")
    return style.render(fig, alt, source, data=series)


# --- remittances --------------------------------------------------------------------------


def remittances(params: Parameters) -> Finding:
    """Finding ``profile.remittances``: received and sent, % of GDP, and the cost against SDG 10.c."""
    place = params.place
    series = place_series.remittances(place, params.year)
    title = t("Remittances, {place}", place=place.local_name)
    source = fmt.source_line(SOURCES["remittance_flows"], t("costs: {source}", source=SOURCES["remittance_costs"]))
    facts: dict[str, Fact] = {}
    for column, label, unit, src in (
        ("received_usd", _("Personal remittances received"), "US$", "remittance_flows"),
        ("received_pct_gdp", _("Remittances received, % of GDP"), "%", "remittance_flows"),
        ("sent_usd", _("Personal remittances sent"), "US$", "remittance_flows"),
        ("cost_to_country_pct", t("Average cost of sending US${amount} to the country", amount=SEND_AMOUNT_USD), "%", "remittance_costs"),
    ):
        facts[column] = place_series.series_fact(place, series, column, label, unit, SOURCES[src])
    facts["target"] = Fact(t("SDG 10.c target for the average cost: {target}", target=fmt.less_than(SDG_10C_TARGET_PCT)), SDG_10C_TARGET_PCT, "%")
    sentences = [_received_sentence(place, facts)]
    if not facts["sent_usd"].missing and not facts["received_usd"].missing:
        sentences.append(t("Remittances sent from {place}: {amount} ({year}).", place=place.local_name, amount=facts["sent_usd"].text,
                           year=facts["sent_usd"].year))
    sentences.append(_cost_sentence(place, facts))
    text = " ".join(sentences)
    chart = _remittances_chart(title, series, t("Three line charts of remittances. {text}", text=text), source)
    return Finding("profile.remittances", title, facts, text, charts=(chart,))


def _received_sentence(place: Place, f: dict[str, Fact]) -> str:
    """Remittances received, with their weight in GDP where GDP has the same year (a group's sum says over how many members)."""
    received = f["received_usd"]
    if received.missing:
        return t("The World Bank's WDI has no series of remittances received for {place}.", place=place.local_name)
    fields = {"year": received.year, "place": place.local_name, "amount": received.text, "share": f["received_pct_gdp"].text,
              "basis": received.basis}
    same_year = f["received_pct_gdp"].year == received.year
    if _has_basis(place, received):
        if same_year:
            return t("In {year}, {place} received {amount} in personal remittances, {share} of GDP ({basis}).", **fields)
        return t("In {year}, {place} received {amount} in personal remittances (GDP not available) ({basis}).", **fields)
    if same_year:
        return t("In {year}, {place} received {amount} in personal remittances, {share} of GDP.", **fields)
    return t("In {year}, {place} received {amount} in personal remittances (GDP not available).", **fields)


def _cost_sentence(place: Place, facts: dict[str, Fact]) -> str:
    """The average cost of sending money to the place against the SDG 10.c target (a ``gap`` fact added to ``facts``)."""
    if place.is_group:
        return _("The cost of sending money is reported per country: a group has no single cost.")
    cost = facts["cost_to_country_pct"]
    if cost.missing:
        return t("The average cost of sending money to {place} (SDG 10.c.1) is {not_available}.", place=place.local_name,
                 not_available=fmt.not_available())
    gap = cost.value - SDG_10C_TARGET_PCT
    facts["gap"] = Fact(_("Gap to the SDG 10.c target"), abs(gap), "decimal")
    fields = {"amount": SEND_AMOUNT_USD, "place": place.local_name, "cost": cost.text, "year": cost.year, "gap": facts["gap"].text,
              "target": fmt.share(facts["target"].value, digits=0), "bound": fmt.less_than(facts["target"].value)}
    if gap > 0:
        return t("Sending US${amount} to {place} cost {cost} on average in {year}, {gap} points above {target} (the SDG 10.c "
                 "target is {bound}).", **fields)
    return t("Sending US${amount} to {place} cost {cost} on average in {year}, {gap} points below {target} (the SDG 10.c "
             "target is {bound}).", **fields)


def _remittances_chart(title: str, series: pd.DataFrame, alt: str, source: str) -> Chart:
    if series.empty:
        return style.no_data_chart(title, _("No World Bank remittance series for this country or area."), source)
    fig, axes = style.new_figure(ncols=3, width=12, height=3.8)
    flows = series.dropna(subset=["received_usd", "sent_usd"], how="all")
    axes[0].plot(flows.year, flows.received_usd / 1e9, color=style.COUNTRY, lw=2, label=_("Received"))
    axes[0].plot(flows.year, flows.sent_usd / 1e9, color=style.PEERS[0], lw=2, ls="--", label=_("Sent"))
    axes[0].set_title(_("US$ billion (current)"))
    axes[0].legend(fontsize=8)
    share = series.dropna(subset=["received_pct_gdp"])
    axes[1].plot(share.year, share.received_pct_gdp, color=style.COUNTRY, lw=2)
    axes[1].set_title(_("Received, % of GDP"))
    cost = series.dropna(subset=["cost_to_country_pct"])
    if cost.empty:
        axes[2].text(0.5, 0.5, _("cost not available"), ha="center", transform=axes[2].transAxes, color="#666666")
    else:
        axes[2].plot(cost.year, cost.cost_to_country_pct, color=style.COUNTRY, lw=2, marker="o", label=_("Average cost"))
        axes[2].legend(fontsize=8)
    axes[2].axhline(SDG_10C_TARGET_PCT, color=style.TARGET, ls="--", lw=1.5)
    axes[2].text(
        axes[2].get_xlim()[0], SDG_10C_TARGET_PCT, " " + t("SDG 10.c target: {bound}", bound=fmt.less_than(SDG_10C_TARGET_PCT)),
        color=style.TARGET, va="bottom", fontsize=8,
    )
    axes[2].set_title(t("Cost of sending US${amount}, %", amount=SEND_AMOUNT_USD))
    for ax in axes:
        ax.set_ylim(bottom=0)
    fig.suptitle(title, x=0.01, ha="left", fontweight="bold")
    return style.render(fig, alt, source, data=series)


# --- development context and peers --------------------------------------------------------

PEER_INDICATORS = {
    N_("Immigrants, % of population"): ("stock", "immigrants_pct_population", "%"),
    N_("Immigrants, female share"): ("stock", "immigrants_female_share_pct", "%"),
    N_("Emigrants, female share"): ("stock", "emigrants_female_share_pct", "%"),
    N_("Remittances received, % of GDP"): ("remittances", "received_pct_gdp", "%"),
    N_("Cost of sending US${amount} to the country"): ("remittances", "cost_to_country_pct", "%"),
    N_("Human Development Index"): ("context", "hdi", "index"),
    N_("Gender Inequality Index"): ("context", "gii", "index"),
    N_("GDP per capita, PPP (constant 2021 int. $)"): ("context", "gdp_per_capita_ppp", "number"),
}
"""Indicators of the peer table: where each comes from, and its unit (labels in English, ``{amount}`` the amount sent;
``t(label, amount=SEND_AMOUNT_USD)`` gives them in the current language)."""


@cached
def _country_median(place: Place, table: str, column: str, year: int) -> tuple[float | None, int]:
    """Median over a place's member countries of their own latest values, and how many have one
    (cached: the comparator groups, the world among them, recur for every place)."""
    values = latest_per_country(load(table if table != "stock" else "migrant_stock"), column, place.members, year)
    return (float(values.median()), len(values)) if len(values) else (None, 0)


def development_context(params: Parameters) -> Finding:
    """Finding ``profile.context``: HDI, GII and income, and a table against the comparators' medians."""
    place = params.place
    source = fmt.source_line(SOURCES["hdr"], t("GDP per capita: {source}", source=SOURCES["wdi"]))
    facts: dict[str, Fact] = {}
    for column, label, unit in (
        ("hdi", _("Human Development Index"), "index"),
        ("gii", _("Gender Inequality Index"), "index"),
        ("gdp_per_capita_ppp", _("GDP per capita (PPP, constant 2021 international $)"), "number"),
    ):
        value, when, n = place_series.context_value(place, column, params.year)
        basis = t("median over {n} of {count} countries", n=n, count=len(place.members)) if place.is_group and when else ""
        facts[column] = Fact(label, value, unit, when, source, basis)
    f = facts
    indicators = fmt.semicolons(t("{label}: {value}", label=fact.label, value=fact.with_year()) for fact in f.values())
    if place.is_group:
        sentence = t("Development context of {place} (medians of member countries). {indicators}.", place=place.local_name, indicators=indicators)
    else:
        sentence = t("Development context of {place}. {indicators}.", place=place.local_name, indicators=indicators)
    chart = _context_chart(params, f, source)
    title = t("Development context, {place}", place=place.local_name)
    return Finding("profile.context", title, facts, sentence, charts=(chart,), tables=(peer_table(params),))


def _context_chart(params: Parameters, f: dict[str, Fact], source: str) -> Chart:
    place = params.place
    title = t("Development context, {place}", place=place.local_name)
    frame = as_of(load("context"), params.year)
    frame = frame[frame.iso3.isin(place.members)]
    hdi = frame.dropna(subset=["hdi"]).groupby("year").hdi.median()
    income = frame.dropna(subset=["gdp_per_capita_ppp"]).groupby("year").gdp_per_capita_ppp.median()
    if hdi.empty and income.empty:
        return style.no_data_chart(title, _("No HDI or GDP per capita in the embedded data."), source)
    fig, axes = style.new_figure(ncols=2, width=10)
    axes[0].plot(hdi.index, hdi.values, color=style.COUNTRY, lw=2.5, label=place.local_name)
    for colour, peer in zip(style.PEERS, params.peers):
        if peer == place:
            continue
        rows = as_of(load("context"), params.year)
        rows = rows[rows.iso3.isin(peer.members)].dropna(subset=["hdi"])
        median = rows.groupby("year").hdi.median()
        axes[0].plot(median.index, median.values, color=colour, lw=1.5, ls="--", label=t("{place} (median)", place=peer.local_name))
    axes[0].set_title(_("Human Development Index"))
    axes[0].set_ylim(0, 1)
    axes[0].legend(fontsize=8)
    axes[1].plot(income.index, income.values, color=style.COUNTRY, lw=2.5)
    axes[1].set_title(_("GDP per capita, PPP (constant 2021 int. $)"))
    style.thousands(axes[1])
    axes[1].set_ylim(bottom=0)
    fig.suptitle(title, x=0.01, ha="left", fontweight="bold")
    alt = t("Two line charts of {place}'s development: HDI {hdi}, with comparator medians; GDP per capita (PPP) {gdp}.",
            place=place.local_name, hdi=f["hdi"].with_year(), gdp=f["gdp_per_capita_ppp"].with_year())
    drawn = pd.concat({"hdi": hdi, "gdp_per_capita_ppp": income}, axis=1).rename_axis("year").reset_index()
    return style.render(fig, alt, source, data=drawn)


def peer_table(params: Parameters) -> Table:
    """Latest value of key indicators: the place against the median of each comparator group.

    Medians are of the member countries' own latest values at or before the reference year (what a
    reader compares a country with); n says how many countries have a value. Missing stays missing.
    """
    rows = []
    indicator, name = _("Indicator"), params.place.local_name
    for label, (table, column, unit) in PEER_INDICATORS.items():
        own, n_own = _country_median(params.place, table, column, params.year)
        if not params.place.is_group:
            shown = fmt.value(own, unit)
        else:
            shown = t("{value} (median, n={n})", value=fmt.value(own, unit), n=n_own) if own is not None else fmt.not_available()
        row = {indicator: t(label, amount=SEND_AMOUNT_USD), name: shown}
        for peer in params.peers:
            if peer == params.place:
                continue
            value, n = _country_median(peer, table, column, params.year)
            row[t("{place} (median)", place=peer.local_name)] = f"{fmt.value(value, unit)} (n={n})" if value is not None else fmt.not_available()
        rows.append(row)
    return Table(
        pd.DataFrame(rows).set_index(indicator),
        t("{place} against its comparators", place=name),
        fmt.source_line(f"UN DESA {IMS_EDITION}", SOURCES["remittance_flows"], SOURCES["hdr"], note=_(
            "Latest value at or before the reference year. A median is that of the countries' own latest values; "
            "n is the number of countries with a value.")),
    )


def explorer(params: Parameters):
    """In JupyterLab, a country picker that redraws the migrant-stock chart; a note in unattended runs."""
    from ..inputs.parameters import validate_parameters
    from ..render.widgets import country_explorer

    names = _country_names()
    choices = sorted(((f"{names[code]} ({code})", code) for code in params.world.members), key=lambda c: unicodedata.normalize("NFKD", c[0]).casefold())
    codes = [code for _name, code in choices]
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
    above["name"] = above.iso3.map(load("countries").set_index("iso3").short_name)
    above = above.sort_values(["received_pct_gdp", "name"], ascending=[False, True])  # ties by English name, the same order in every language
    names = _country_names()
    source = SOURCES["remittance_flows"]
    facts = {
        "threshold": Fact(_("Threshold, % of GDP"), threshold_pct, "%"),
        "last_year": Fact(_("Last year in the table"), last, "year"),
        "countries": Fact(_("Countries above the threshold"), len(above), "count"),
    }
    for row in above.itertuples():
        facts[row.iso3] = Fact(names[row.iso3], row.received_pct_gdp, "%", int(row.year), source)
    items = [t("{name} ({value})", name=facts[r.iso3].label, value=facts[r.iso3].text) if r.year == last
             else t("{name} ({value}, {year})", name=facts[r.iso3].label, value=facts[r.iso3].text, year=r.year) for r in above.itertuples()]
    sentence = t("Latest year in the table: {last}. {count} countries and areas received remittances above {threshold} of GDP, highest "
                 "first (value for {last} unless another year is shown): {items}.", last=facts["last_year"].text,
                 count=facts["countries"].text, threshold=facts["threshold"].text, items=fmt.listing(items))
    return Finding("profile.remittance_dependence", _("Where remittances exceed a quarter of GDP"), facts, sentence)
