"""Migration profile of a country (Stage 1): stock, corridors, displacement, remittances, context.

Data functions return tidy DataFrames (pure, tested); ``*_chart`` functions draw them with the
handbook style; ``*_sentence`` functions state what the figures show, computed from the data.
"""

from __future__ import annotations

import pandas as pd

from . import plots
from .data import load
from .factsheet import format_value, show
from .provenance import SOURCES
from .setup import Group, Setup, as_of

SDG_10C_TARGET = 3.0
"""SDG target 10.c: reduce the transaction costs of migrant remittances to less than 3 per cent."""


def _pct(value: float | None) -> str:
    return show(value, "%")


def _count(value: float | None) -> str:
    return show(value, "people")


# --- migrant stock ------------------------------------------------------------------------


def stock_series(iso3: str, year: int) -> pd.DataFrame:
    """Immigrants and emigrants by sex and as % of population, every IMS year up to ``year``."""
    table = load("migrant_stock")
    return as_of(table[table.iso3 == iso3], year).reset_index(drop=True)


def group_stock(group: Group, year: int) -> pd.DataFrame:
    """Sum of immigrants and emigrants by sex over a group of countries, with shares."""
    table = as_of(load("migrant_stock"), year)
    rows = table[table.iso3.isin(group.members)]
    cols = [f"{w}_{s}" for w in ("immigrants", "emigrants") for s in ("female", "male", "total")]
    summed = rows.groupby("year")[cols].sum(min_count=1)
    with_pop = rows.dropna(subset=["population"]).groupby("year")[["immigrants_total", "population"]].sum()
    summed["immigrants_pct_population"] = 100 * with_pop.immigrants_total / with_pop.population
    for who in ("immigrants", "emigrants"):
        summed[f"{who}_female_share_pct"] = 100 * summed[f"{who}_female"] / summed[f"{who}_total"]
    return summed.reset_index().assign(group=group.name)


def latest_stock(iso3: str, year: int) -> pd.Series | None:
    """The IMS row of the latest estimate year at or before ``year`` (None if none)."""
    series = stock_series(iso3, year)
    return None if series.empty else series.iloc[-1]


def stock_sentence(setup: Setup) -> str:
    """What the migrant stock figures say, in one paragraph."""
    series = stock_series(setup.iso3, setup.year)
    if series.empty or series.immigrants_total.isna().all():
        return f"UN DESA's International Migrant Stock 2024 has no estimate for {setup.name}."
    last = series.iloc[-1]
    first = series.iloc[0]
    change = last.immigrants_total - first.immigrants_total
    trend = "more" if change > 0 else "fewer"
    share_row = series.dropna(subset=["immigrants_pct_population"])
    share = (
        f" Immigrants were {share_row.iloc[-1].immigrants_pct_population:.1f} % of the population "
        f"in {int(share_row.iloc[-1].year)} (the latest year with a population estimate in the data)."
        if not share_row.empty
        else " No population estimate is embedded for this place, so the share of the population is not computed."
    )
    balance = (
        "more people born here live abroad than immigrants live here"
        if last.emigrants_total > last.immigrants_total
        else "more immigrants live here than people born here live abroad"
    )
    return (
        f"In {int(last.year)}, {setup.name} hosted {_count(last.immigrants_total)} international migrants, "
        f"{_pct(last.immigrants_female_share_pct)} of them women, {_count(abs(change))} {trend} than in "
        f"{int(first.year)}.{share} {_count(last.emigrants_total)} people born in {setup.name} lived abroad "
        f"({_pct(last.emigrants_female_share_pct)} women): {balance}."
    )


def stock_chart(setup: Setup) -> plots.Chart:
    """Immigrants and emigrants over time, women and men stacked."""
    series = stock_series(setup.iso3, setup.year)
    title = f"International migrants to and from {setup.name}"
    if series.empty:
        return plots.no_data_chart(title, "No UN DESA estimate for this country or area.", SOURCES["ims"])
    fig, axes = plots.new_figure(ncols=2, width=10)
    for ax, who, label in zip(axes, ("immigrants", "emigrants"), ("Immigrants (living here)", "Emigrants (living abroad)")):
        ax.stackplot(
            series.year,
            series[f"{who}_female"].fillna(0),
            series[f"{who}_male"].fillna(0),
            colors=[plots.WOMEN, plots.MEN],
            labels=["Women", "Men"],
            alpha=0.9,
        )
        ax.set_title(label)
        plots.thousands(ax)
        ax.legend(loc="upper left")
    fig.suptitle(title, x=0.01, ha="left", fontweight="bold")
    last = series.iloc[-1]
    alt = (
        f"Two stacked area charts, {int(series.year.iloc[0])}-{int(last.year)}: immigrants in {setup.name} "
        f"reach {_count(last.immigrants_total)} in {int(last.year)} ({_pct(last.immigrants_female_share_pct)} women); "
        f"emigrants reach {_count(last.emigrants_total)} ({_pct(last.emigrants_female_share_pct)} women)."
    )
    return plots.render(fig, alt, f"Source: {SOURCES['ims']}.")


def share_of_population_chart(setup: Setup) -> plots.Chart:
    """Immigrants as % of population: the country against its comparators and the world."""
    title = f"Immigrants as % of population, {setup.name} and comparators"
    series = stock_series(setup.iso3, setup.year).dropna(subset=["immigrants_pct_population"])
    if series.empty:
        return plots.no_data_chart(title, "No population estimate to divide by.", SOURCES["ims"])
    fig, (ax,) = plots.new_figure()
    ax.plot(series.year, series.immigrants_pct_population, color=plots.COUNTRY, lw=2.5, marker="o", label=setup.name)
    parts = []
    for colour, group in zip(plots.PEERS, [*setup.comparators, setup.world]):
        g = group_stock(group, setup.year).dropna(subset=["immigrants_pct_population"])
        ax.plot(g.year, g.immigrants_pct_population, color=colour, lw=1.5, ls="--", label=group.name)
        if not g.empty:
            parts.append(f"{group.name} {g.immigrants_pct_population.iloc[-1]:.1f} %")
    ax.set_ylabel("% of population")
    ax.set_ylim(bottom=0)
    ax.set_title(title)
    ax.legend(fontsize=8)
    last = series.iloc[-1]
    alt = (
        f"Line chart of immigrants as % of population, {int(series.year.iloc[0])}-{int(last.year)}: "
        f"{setup.name} {last.immigrants_pct_population:.1f} % in {int(last.year)}; " + "; ".join(parts) + "."
    )
    return plots.render(fig, alt, f"Source: {SOURCES['ims']}; population: UN WPP 2024.")


# --- corridors ----------------------------------------------------------------------------


def top_corridors(iso3: str, year: int, direction: str, n: int = 10) -> pd.DataFrame:
    """Largest origins of immigrants (``direction='origins'``) or destinations of emigrants.

    Columns: partner, women, men, total, female_share_pct; sorted by total (then code), largest first.
    """
    if direction not in ("origins", "destinations"):
        raise ValueError("direction must be 'origins' or 'destinations'")
    bilateral = load("migrant_stock_bilateral")
    ims_year = bilateral.year[bilateral.year <= year].max()
    own, partner = ("dest_iso3", "orig_iso3") if direction == "origins" else ("orig_iso3", "dest_iso3")
    rows = bilateral[(bilateral.year == ims_year) & (bilateral[own] == iso3)]
    names = load("countries").set_index("iso3").short_name.to_dict() | {"OOO": "Other or unknown"}
    out = pd.DataFrame(
        {
            "partner": rows[partner].map(names),
            "iso3": rows[partner],
            "women": rows.female,
            "men": rows.male,
        }
    )
    out["total"] = out.women + out.men
    out["female_share_pct"] = (100 * out.women / out.total).round(1)
    out[["women", "men", "total"]] = out[["women", "men", "total"]].astype("int64")
    out = out[out.total > 0].sort_values(["total", "iso3"], ascending=[False, True]).head(n)
    return out.assign(year=int(ims_year)).reset_index(drop=True)


def corridors_chart(setup: Setup, n: int = 10) -> plots.Chart:
    """Top origins and destinations, women and men side by side."""
    origins = top_corridors(setup.iso3, setup.year, "origins", n)
    destinations = top_corridors(setup.iso3, setup.year, "destinations", n)
    title = f"Where immigrants in {setup.name} come from, and where emigrants live"
    if origins.empty and destinations.empty:
        return plots.no_data_chart(title, "No bilateral estimates for this country or area.", SOURCES["ims"])
    fig, axes = plots.new_figure(ncols=2, width=11, height=4.8)
    for ax, table, label in zip(axes, (origins, destinations), ("Top origins of immigrants", "Top destinations of emigrants")):
        table = table.iloc[::-1]
        ax.barh(table.partner, table.women, color=plots.WOMEN, label="Women")
        ax.barh(table.partner, table.men, left=table.women, color=plots.MEN, label="Men")
        ax.set_title(label, fontsize=10)
        plots.thousands(ax, "x")
        ax.grid(axis="y", visible=False)
        ax.legend(loc="lower right", fontsize=8)
    fig.suptitle(title, x=0.01, ha="left", fontweight="bold")

    def listing(table: pd.DataFrame) -> str:
        return ", ".join(f"{r.partner} {r.total:,.0f} ({r.female_share_pct:.0f} % women)" for r in table.head(3).itertuples())

    year = int((origins if not origins.empty else destinations).year.iloc[0])
    alt = (
        f"Two bar charts for {year}. Largest origins of immigrants: {listing(origins) or 'none'}. "
        f"Largest destinations of emigrants: {listing(destinations) or 'none'}."
    )
    return plots.render(fig, alt, f"Source: {SOURCES['ims']}.")


def women_men_chart(setup: Setup) -> plots.Chart:
    """Women and men among immigrants and emigrants: two lines each, so gaps are visible."""
    series = stock_series(setup.iso3, setup.year)
    title = f"Women and men among migrants, {setup.name}"
    if series.empty:
        return plots.no_data_chart(title, "No UN DESA estimate for this country or area.", SOURCES["ims"])
    fig, axes = plots.new_figure(ncols=2, width=10)
    for ax, who in zip(axes, ("immigrants", "emigrants")):
        ax.plot(series.year, series[f"{who}_female"], color=plots.WOMEN, lw=2.2, marker="o", label="Women")
        ax.plot(series.year, series[f"{who}_male"], color=plots.MEN, lw=2.2, marker="s", label="Men")
        ax.set_title(who.capitalize())
        plots.thousands(ax)
        ax.set_ylim(bottom=0)
        ax.legend()
    fig.suptitle(title, x=0.01, ha="left", fontweight="bold")
    last = series.iloc[-1]
    alt = (
        f"Line charts of women and men, {int(series.year.iloc[0])}-{int(last.year)}. In {int(last.year)}: "
        f"immigrant women {_count(last.immigrants_female)}, men {_count(last.immigrants_male)}; "
        f"emigrant women {_count(last.emigrants_female)}, men {_count(last.emigrants_male)}."
    )
    return plots.render(fig, alt, f"Source: {SOURCES['ims']}.")


# --- forced displacement ------------------------------------------------------------------

DISPLACEMENT_LABELS = {"refugees": "Refugees", "asylum_seekers": "Asylum seekers", "idps": "IDPs (UNHCR)"}


def displacement_series(iso3: str, year: int) -> pd.DataFrame:
    """Refugees, asylum seekers (hosted and originating) and IDPs per year; IDMC conflict IDPs."""
    table = as_of(load("displacement"), year)
    table = table[table.iso3 == iso3]
    hosted = table[table.perspective == "hosted"].set_index("year")[list(DISPLACEMENT_LABELS)]
    origin = table[table.perspective == "origin"].set_index("year")[["refugees", "asylum_seekers"]]
    out = hosted.add_prefix("hosted_").join(origin.add_prefix("abroad_"), how="outer")
    idmc = as_of(load("idps_idmc"), year)
    idmc = idmc[idmc.iso3 == iso3].set_index("year").idps_conflict
    return out.join(idmc, how="outer").reset_index()


def displacement_sentence(setup: Setup) -> str:
    """Refugees hosted and from the country, latest year, and conflict IDPs."""
    series = displacement_series(setup.iso3, setup.year)
    idps = series.dropna(subset=["idps_conflict"])
    idp_text = (
        f" IDMC counted {_count(idps.idps_conflict.iloc[-1])} people internally displaced by conflict and "
        f"violence in {int(idps.year.iloc[-1])}."
        if not idps.empty
        else " IDMC's conflict series has no record for this country."
    )
    unhcr = series.dropna(subset=["hosted_refugees", "abroad_refugees"], how="all")
    if unhcr.empty:
        return (
            f"UNHCR's statistics have no record for {setup.name} up to {setup.year}: no refugee figures "
            f"can be shown (not available, which is not the same as zero).{idp_text}"
        )
    last = unhcr.iloc[-1]
    parts = []
    if pd.notna(last.hosted_refugees):
        parts.append(
            f"{setup.name} hosted {_count(last.hosted_refugees)} refugees and "
            f"{_count(last.hosted_asylum_seekers)} asylum seekers"
        )
    else:
        parts.append(f"UNHCR records no population hosted by {setup.name}")
    if pd.notna(last.abroad_refugees):
        parts.append(
            f"{_count(last.abroad_refugees)} refugees and {_count(last.abroad_asylum_seekers)} asylum seekers "
            f"from {setup.name} were abroad"
        )
    return f"At the end of {int(last.year)}, " + ", while ".join(parts) + "." + idp_text


def displacement_chart(setup: Setup) -> plots.Chart:
    """Forced displacement over time: hosted, abroad, internally displaced."""
    series = displacement_series(setup.iso3, setup.year)
    title = f"Forced displacement, {setup.name}"
    source = f"Source: {SOURCES['unhcr']}; IDPs (conflict): {SOURCES['idmc']}."
    if series.empty:
        return plots.no_data_chart(title, "No UNHCR or IDMC record for this country or area.", source)
    fig, axes = plots.new_figure(ncols=2, width=10)
    lines = [
        (axes[0], "hosted_refugees", "Refugees hosted", plots.COUNTRY, "-"),
        (axes[0], "hosted_asylum_seekers", "Asylum seekers hosted", plots.PEERS[0], "--"),
        (axes[1], "abroad_refugees", "Refugees abroad", plots.COUNTRY, "-"),
        (axes[1], "abroad_asylum_seekers", "Asylum seekers abroad", plots.PEERS[0], "--"),
        (axes[0], "hosted_idps", "IDPs (UNHCR)", plots.PEERS[2], ":"),
        (axes[0], "idps_conflict", "IDPs, conflict (IDMC)", plots.PEERS[1], "-."),
    ]
    for ax, col, label, colour, style in lines:
        s = series.dropna(subset=[col])
        if not s.empty and s[col].sum() > 0:
            ax.plot(s.year, s[col], color=colour, ls=style, lw=2, label=label)
    for ax, label in zip(axes, ("In the country", "From the country, abroad")):
        ax.set_title(label)
        plots.thousands(ax)
        ax.set_ylim(bottom=0)
        if ax.get_legend_handles_labels()[0]:
            ax.legend(fontsize=8)
        else:
            ax.text(0.5, 0.5, "none recorded", ha="center", transform=ax.transAxes, color="#666666")
    fig.suptitle(title, x=0.01, ha="left", fontweight="bold")
    return plots.render(fig, f"Line charts of forced displacement. {displacement_sentence(setup)}", source)


# --- remittances --------------------------------------------------------------------------


def remittance_series(iso3: str, year: int) -> pd.DataFrame:
    """Remittances received and sent (US$), % of GDP, and average cost of sending to the country."""
    table = as_of(load("remittances"), year)
    return table[table.iso3 == iso3].reset_index(drop=True)


def remittance_sentence(setup: Setup) -> str:
    """Remittances received, their weight in GDP, and the cost against SDG 10.c."""
    series = remittance_series(setup.iso3, setup.year)
    received = series.dropna(subset=["received_usd"])
    if received.empty:
        text = f"The World Bank's WDI has no series of remittances received for {setup.name}."
    else:
        last = received.iloc[-1]
        weight = (
            f", {last.received_pct_gdp:.1f} % of GDP" if pd.notna(last.received_pct_gdp) else " (GDP not available)"
        )
        text = (
            f"In {int(last.year)}, {setup.name} received {format_value(last.received_usd, 'US$')} in personal "
            f"remittances{weight}."
        )
        sent = series.dropna(subset=["sent_usd"])
        if not sent.empty:
            text += f" Remittances sent from the country: {format_value(sent.sent_usd.iloc[-1], 'US$')} ({int(sent.year.iloc[-1])})."
    cost = series.dropna(subset=["cost_to_country_pct"])
    if cost.empty:
        text += " The average cost of sending money to the country (SDG 10.c.1) is not available."
    else:
        c = cost.iloc[-1]
        gap = c.cost_to_country_pct - SDG_10C_TARGET
        verdict = f"{gap:.1f} points above" if gap > 0 else f"{-gap:.1f} points below"
        text += (
            f" Sending US$200 to {setup.name} cost {c.cost_to_country_pct:.1f} % on average in {int(c.year)}, "
            f"{verdict} the SDG 10.c target of 3 %."
        )
    return text


def remittances_chart(setup: Setup) -> plots.Chart:
    """Remittances received and sent (US$ bn), % of GDP, and cost against the 3 % target."""
    series = remittance_series(setup.iso3, setup.year)
    title = f"Remittances, {setup.name}"
    source = f"Source: {SOURCES['remittance_flows']}; costs: {SOURCES['remittance_costs']}."
    if series.empty:
        return plots.no_data_chart(title, "No World Bank remittance series for this country or area.", source)
    fig, axes = plots.new_figure(ncols=3, width=12, height=3.8)
    flows = series.dropna(subset=["received_usd", "sent_usd"], how="all")
    axes[0].plot(flows.year, flows.received_usd / 1e9, color=plots.COUNTRY, lw=2, label="Received")
    axes[0].plot(flows.year, flows.sent_usd / 1e9, color=plots.PEERS[0], lw=2, ls="--", label="Sent")
    axes[0].set_title("US$ billion (current)")
    axes[0].legend(fontsize=8)
    share = series.dropna(subset=["received_pct_gdp"])
    axes[1].plot(share.year, share.received_pct_gdp, color=plots.COUNTRY, lw=2)
    axes[1].set_title("Received, % of GDP")
    cost = series.dropna(subset=["cost_to_country_pct"])
    if cost.empty:
        axes[2].text(0.5, 0.5, "cost not available", ha="center", transform=axes[2].transAxes, color="#666666")
    else:
        axes[2].plot(cost.year, cost.cost_to_country_pct, color=plots.COUNTRY, lw=2, marker="o", label="Average cost")
        axes[2].legend(fontsize=8)
    axes[2].axhline(SDG_10C_TARGET, color=plots.TARGET, ls="--", lw=1.5)
    axes[2].text(axes[2].get_xlim()[0], SDG_10C_TARGET, " SDG 10.c target: 3 %", color=plots.TARGET, va="bottom", fontsize=8)
    axes[2].set_title("Cost of sending US$200, %")
    for ax in axes:
        ax.set_ylim(bottom=0)
    fig.suptitle(title, x=0.01, ha="left", fontweight="bold")
    return plots.render(fig, f"Three line charts of remittances. {remittance_sentence(setup)}", source)


# --- development context and peers --------------------------------------------------------

PEER_INDICATORS = {
    "Immigrants, % of population": ("migrant_stock", "immigrants_pct_population"),
    "Immigrants, female share %": ("migrant_stock", "immigrants_female_share_pct"),
    "Emigrants, female share %": ("migrant_stock", "emigrants_female_share_pct"),
    "Remittances received, % of GDP": ("remittances", "received_pct_gdp"),
    "Cost of sending US$200 to the country, %": ("remittances", "cost_to_country_pct"),
    "Human Development Index": ("context", "hdi"),
    "Gender Inequality Index": ("context", "gii"),
    "GDP per capita, PPP (constant 2021 int. $)": ("context", "gdp_per_capita_ppp"),
}


def latest_values(table: str, column: str, codes: tuple[str, ...], year: int) -> pd.Series:
    """Latest non-missing value per country at or before ``year``."""
    frame = as_of(load(table), year)
    frame = frame[frame.iso3.isin(codes)].dropna(subset=[column]).sort_values(["iso3", "year"])
    return frame.groupby("iso3")[column].last()


def peer_table(setup: Setup) -> pd.DataFrame:
    """Latest value of key indicators: the country against the median of each comparator group.

    Medians are of the countries' own latest values at or before the reference year; the cell
    says how many countries have a value (n). Missing stays missing.
    """
    rows = []
    for label, (table, column) in PEER_INDICATORS.items():
        own = latest_values(table, column, (setup.iso3,), setup.year)
        digits = 3 if table == "context" and column != "gdp_per_capita_ppp" else 1
        row = {"Indicator": label, setup.name: f"{own.iloc[0]:,.{digits}f}" if not own.empty else None}
        for group in [*setup.comparators, setup.world]:
            values = latest_values(table, column, group.members, setup.year)
            row[f"{group.name} (median)"] = f"{values.median():,.{digits}f} (n={len(values)})" if len(values) else None
        rows.append(row)
    return pd.DataFrame(rows).set_index("Indicator")


def group_median_series(group: Group, column: str, year: int) -> pd.DataFrame:
    """Median over a group's countries of ``column`` per year (years where any member has a value)."""
    frame = as_of(load("context"), year)
    frame = frame[frame.iso3.isin(group.members)].dropna(subset=[column])
    return frame.groupby("year")[column].median().reset_index()


def context_chart(setup: Setup) -> plots.Chart:
    """Human Development Index against the comparators' medians, and GDP per capita (PPP)."""
    frame = as_of(load("context"), setup.year)
    frame = frame[frame.iso3 == setup.iso3]
    hdi = frame.dropna(subset=["hdi"])
    income = frame.dropna(subset=["gdp_per_capita_ppp"])
    title = f"Development context, {setup.name}"
    source = f"Source: {SOURCES['hdr']}; GDP per capita: {SOURCES['remittance_flows']}."
    if hdi.empty and income.empty:
        return plots.no_data_chart(title, "No HDI or GDP per capita in the embedded data.", source)
    fig, axes = plots.new_figure(ncols=2, width=10)
    axes[0].plot(hdi.year, hdi.hdi, color=plots.COUNTRY, lw=2.5, label=setup.name)
    for colour, group in zip(plots.PEERS, [*setup.comparators, setup.world]):
        median = group_median_series(group, "hdi", setup.year)
        axes[0].plot(median.year, median.hdi, color=colour, lw=1.5, ls="--", label=f"{group.name} (median)")
    axes[0].set_title("Human Development Index")
    axes[0].set_ylim(0, 1)
    axes[0].legend(fontsize=8)
    axes[1].plot(income.year, income.gdp_per_capita_ppp, color=plots.COUNTRY, lw=2.5)
    axes[1].set_title("GDP per capita, PPP (constant 2021 int. $)")
    plots.thousands(axes[1])
    axes[1].set_ylim(bottom=0)
    fig.suptitle(title, x=0.01, ha="left", fontweight="bold")
    hdi_text = f"HDI {hdi.hdi.iloc[-1]:.3f} in {int(hdi.year.iloc[-1])}" if not hdi.empty else "HDI not available"
    income_text = (
        f"GDP per capita (PPP) {income.gdp_per_capita_ppp.iloc[-1]:,.0f} in {int(income.year.iloc[-1])}"
        if not income.empty
        else "GDP per capita not available"
    )
    alt = f"Two line charts of {setup.name}'s development: {hdi_text}, with comparator medians; {income_text}."
    return plots.render(fig, alt, source)


def context_sentence(setup: Setup) -> str:
    """Human development and income, with years."""
    frame = as_of(load("context"), setup.year)
    frame = frame[frame.iso3 == setup.iso3]
    parts = []
    for column, label, fmt in (
        ("hdi", "Human Development Index", "{:.3f}"),
        ("gii", "Gender Inequality Index", "{:.3f}"),
        ("gdp_per_capita_ppp", "GDP per capita (PPP, constant 2021 international $)", "{:,.0f}"),
    ):
        s = frame.dropna(subset=[column])
        parts.append(
            f"{label}: {fmt.format(s[column].iloc[-1])} ({int(s.year.iloc[-1])})" if not s.empty else f"{label}: not available"
        )
    return f"Development context of {setup.name}. " + "; ".join(parts) + "."
