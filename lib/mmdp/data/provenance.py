"""Provenance of every processed table: publisher, dataset, edition, licence, transformation.

``PROVENANCE`` is written to ``data/provenance.json`` (read by the loaders and the notebooks for
source lines under figures) and rendered to ``data/PROVENANCE.md`` for people.
"""

from __future__ import annotations

import pandas as pd

IMS_TITLE = "International Migrant Stock 2024"
"""UN DESA's migrant-stock dataset, as sentences name it."""
WPP = "UN WPP 2024"
"""The population estimates (UN World Population Prospects 2024) under every share of population."""

IMS = {
    "publisher": "UN DESA Population Division",
    "dataset": f"{IMS_TITLE} (destination x origin, by sex)",
    "edition": "IMS 2024",
    "licence": "CC BY 3.0 IGO (data); republished in IOM GDI's R package gdidata (MIT)",
    "source_files": ["undesa_ims_2024/ims2024_bilateral_stock_by_sex.csv"],
}
IMS_EDITION = IMS["edition"]
"""The edition's short name in tables and source lines (``IMS 2024``)."""
UNHCR = {
    "publisher": "UNHCR",
    "dataset": "Refugee Population Statistics Database (end-year stocks), R package refugees v2025.12.1",
    "edition": "Global Trends 2025 release",
    "licence": "CC BY 4.0",
}

PROVENANCE: dict[str, dict] = {
    "countries": {
        "publisher": "UN Statistics Division (M49) via IOM GDI and datasets/country-codes; World Bank",
        "dataset": "Country names and codes, UN regions, LDC/LLDC/SIDS; World Bank country classification",
        "edition": "UN M49 (IOM gdidata countrynames); World Bank FY2025 classification",
        "licence": "MIT (gdidata); ODC-PDDL-1.0 (country-codes); CC BY 4.0 (World Bank)",
        "source_files": [
            "country_meta/iom_gdidata_countrynames.csv",
            "country_meta/country-codes.csv",
            "country_meta/wb_class_fy2025_economies.csv",
        ],
        "transformation": (
            f"One row per country or area that at least one source covers ({IMS['edition']}, UNHCR, WDI, HDR). "
            "Names, M49, UN regions and LDC/LLDC/SIDS flags from IOM gdidata, else country-codes; "
            "short names from country-converter; World Bank region and FY2025 income group "
            "(Channel Islands CHI mapped to XCX; Serbia, listed as SCG, mapped to SRB as in the World Bank's own "
            "group compositions; Venezuela is listed without an income group: not classified). Kosovo's name "
            "reads UN Security Council resolution 1244 (IOM's name column has 2144, its other name columns 1244). "
            "French and Spanish names: the UN Statistics Division's M49 names (name_fr, name_es; country-codes' "
            "official_name_fr/es) and the UNTERM short names with their article (unterm_fr, unterm_es; "
            "footnote asterisks dropped; member and observer States only); none for Kosovo and the Channel "
            "Islands (not in country-codes) nor Taiwan (its names there do not follow the UN form). "
            "Unknown/stateless/dissolved codes "
            "(OOO, UNK, TIB, XXA, ANT, AB9) are not countries and are left out."
        ),
    },
    "migrant_stock": {
        **IMS,
        "source_files": IMS["source_files"] + ["wdi/iom_gdidata_wdi_selected.csv"],
        "transformation": (
            "Immigrants = sum over origins (incl. unknown origin OOO) by destination, year and sex; emigrants = "
            "sum over destinations by origin. total = female + male. A country-year the source does not "
            f"estimate stays missing, never zero. % of population uses {WPP} population of the "
            "same year; the embedded population ends in 2023, so 2024 shares are missing. Female share = "
            "female / total x 100."
        ),
    },
    "migrant_stock_bilateral": {
        **IMS,
        "transformation": (
            "Long file pivoted to one row per year x destination x origin with female and male columns; "
            "an origin-sex pair that the source does not estimate is missing (not zero). "
            "OOO = other or unknown origin."
        ),
    },
    "displacement": {
        **UNHCR,
        "source_files": ["unhcr/unhcr_population_1990_2025.csv"],
        "transformation": (
            "perspective=hosted: sum by country of asylum and year. perspective=origin: sum by country "
            "of origin and year of people displaced abroad (rows with origin = asylum country, i.e. IDPs "
            "and stateless people in their own country, are left out, and IDP columns are missing). "
            "other_in_need is missing in years before the category existed. Palestinians under UNRWA's "
            "mandate are not included."
        ),
    },
    "displacement_demographics": {
        **UNHCR,
        "source_files": ["unhcr/unhcr_demographics_2025_by_origin_asylum_poptype.csv"],
        "transformation": (
            "Sum by country (of asylum: hosted; of origin: origin), year and population type. Source rows "
            "without a sex breakdown count in total but not in the sex columns; total_sex_known says how "
            "many people the sex and age columns cover. Only 2025 is published."
        ),
    },
    "idps_idmc": {
        "publisher": "Internal Displacement Monitoring Centre (IDMC), via UNHCR's R package refugees",
        "dataset": "IDPs associated with conflict and violence (end-year stocks)",
        "edition": "refugees v2025.12.1 (idmc.rda)",
        "licence": "CC BY 4.0 (as distributed in the UNHCR package); IDMC is the original producer",
        "source_files": ["unhcr/idmc_idps_1990_2025.csv"],
        "transformation": "Country-year totals; the 'Unknown' country rows are left out.",
    },
    "idp_sex_age": {
        "publisher": "Internal Displacement Monitoring Centre (IDMC), via IOM GDI's gdidata",
        "dataset": "Global Internal Displacement Database, IDP stocks by cause, sex and age",
        "edition": "end-2024 stocks (gdidata, last updated 13 May 2025)",
        "licence": "IDMC terms of use (attribution required; not stated in the source repository)",
        "source_files": ["unhcr/idmc_idp_stocks_2024_by_sex_age.csv"],
        "transformation": "Renamed columns; Abyei Area (AB9, no ISO code) left out.",
    },
    "remittances": {
        "publisher": "World Bank",
        "dataset": (
            "Personal remittances received and paid (BX.TRF.PWKR.CD.DT, BM.TRF.PWKR.CD.DT), GDP "
            "(NY.GDP.MKTP.CD); average cost of sending US$200 to / from the country "
            "(SI.RMT.COST.IB.ZS, SDG 10.c.1; SI.RMT.COST.OB.ZS)"
        ),
        "edition": "flows: WDI via gdidata, data to 2023; costs: WDI last updated 2023-05-10",
        "licence": "CC BY 4.0",
        "source_files": ["wdi/iom_gdidata_wdi_selected.csv", "wdi/wdi_remittances_and_costs_1990_2022.csv"],
        "transformation": (
            "received_pct_gdp = received_usd / gdp_usd x 100 (how the World Bank derives "
            "BX.TRF.PWKR.DT.GD.ZS). Aggregates left out. A value the source does not give is missing."
        ),
    },
    "remittance_corridor_costs": {
        "publisher": "World Bank",
        "dataset": "Remittance Prices Worldwide (corridors), ATCR.CORR average total cost, % of US$200",
        "edition": "DataBank, last updated 2020-12-07 (2011Q1-2020Q3)",
        "licence": "World Bank terms (CC BY 4.0 assumed; not stated in file)",
        "source_files": ["rpw/rpw_corridor_avg_total_cost_2011q1_2020q3.csv"],
        "transformation": (
            "Kept sending, receiving, period and cost; rows without a value were dropped at source. "
            "Kosovo KSV mapped to XKX; corridors to the former Netherlands Antilles (ANT) left out. "
            "A few values are negative as published (exchange-rate margin below zero)."
        ),
    },
    "remittance_matrix": {
        "publisher": "World Bank / KNOMAD",
        "dataset": "Bilateral Remittance Matrix 2021 (modelled estimates, US$ million)",
        "edition": "December 2022 version",
        "licence": "World Bank terms (CC BY 4.0 assumed; not stated in file)",
        "source_files": ["knomad/knomad_bilateral_remittance_matrix_2021_dec2022.csv"],
        "transformation": (
            "Sending x receiving pairs with a value; blank cells (including a single-space cell) are "
            "missing and dropped; WORLD totals dropped. Modelled from migrant stocks and incomes, "
            "not observed flows."
        ),
    },
    "context": {
        "publisher": f"UNDP Human Development Report Office; World Bank; UN DESA ({WPP.removeprefix('UN ')})",
        "dataset": (
            "HDR composite indices time series (HDI, HDI by sex, GDI, GII, labour-force participation, "
            "secondary education and parliament seats by sex); population, GDP per capita, net migration"
        ),
        "edition": f"HDR 2023/2024 (data to 2022); WDI via gdidata (data to 2023); {WPP}",
        "licence": "UNDP HDRO terms (CC BY 3.0 IGO; not stated in file); CC BY 4.0 (WDI); CC BY 3.0 IGO (WPP)",
        "source_files": [
            "hdr/HDR23-24_Composite_indices_complete_time_series.csv",
            "wdi/iom_gdidata_wdi_selected.csv",
        ],
        "transformation": (
            "HDR wide file melted to country-year (aggregate ZZ* rows left out); GDP per capita (current "
            "US$) = GDP / population; GDP per capita PPP (constant 2021 international $) as published."
        ),
    },
}


SOURCES = {
    "ims": f"UN DESA, {IMS_TITLE}",
    "unhcr": "UNHCR Refugee Population Statistics, Global Trends 2025 release",
    "idmc": "IDMC, via UNHCR refugees package v2025.12.1",
    "remittance_flows": "World Bank WDI (via IOM gdidata, data to 2023)",
    "remittance_costs": "World Bank WDI, SDG 10.c.1 (update of 2023-05-10)",
    "rpw": "World Bank, Remittance Prices Worldwide (2011Q1-2020Q3)",
    "brm": "World Bank/KNOMAD, Bilateral Remittance Matrix 2021 (Dec 2022)",
    "hdr": "UNDP, Human Development Report 2023/2024",
    "wdi": f"World Bank WDI (via IOM gdidata, data to 2023); {WPP}",
}
"""Short source-and-edition labels for fact sheets, tables and the line under every figure."""


def render_markdown(tables: dict[str, pd.DataFrame]) -> str:
    """Human-readable ``data/PROVENANCE.md`` with rows and countries covered per table."""
    lines = [
        "# Processed data: provenance",
        "",
        "Generated by `mmdp data build` from the raw public sources (`../shared/data/raw`, see its",
        "PROVENANCE.md for where each raw file came from). Do not edit by hand; rebuild.",
        "Tables are CSV: readable in any spreadsheet, diffable in git, and small enough to load fast.",
        "Empty cell = not available in the source (never zero).",
        "",
    ]
    for name, table in tables.items():
        p = PROVENANCE[name]
        code_cols = [c for c in table.columns if c.endswith("iso3")]
        covered = len(set().union(*(set(table[c]) for c in code_cols))) if code_cols else 0
        lines += [
            f"## `{name}.csv`",
            "",
            f"- Rows: {len(table):,}; countries or areas: {covered}; columns: {', '.join(table.columns)}",
            f"- Publisher: {p['publisher']}",
            f"- Dataset: {p['dataset']}",
            f"- Edition: {p['edition']}",
            f"- Licence: {p['licence']}",
            f"- Raw files: {', '.join(p['source_files'])}",
            f"- Transformation: {p['transformation']}",
            "",
        ]
    return "\n".join(lines)
