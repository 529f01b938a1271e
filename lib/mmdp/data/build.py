"""Build the compact processed tables in ``data/`` from the raw public sources.

Each builder reads raw files, reshapes them to one tidy table, and returns it; ``build_all``
validates every table against its schema before anything is written, then writes all tables
and the provenance files. Missing stays missing: a value a source does not give is NaN,
never zero. Output is deterministic (sorted rows, fixed columns), so a rebuild from the same
raw files reproduces the committed tables byte for byte.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import MmdpError
from .provenance import PROVENANCE, render_markdown
from .schemas import AGE_GROUPS, CODE_ALIASES, DISPLACEMENT_COLUMNS, SCHEMAS, validate

RAW_CSV = {"keep_default_na": False, "na_values": [""]}
"""How to read every raw CSV: only empty cells are missing (Namibia's ISO2 is the string "NA")."""

NON_COUNTRY_CODES = {"OOO", "UNK", "TIB", "XXA", "ANT", "AB9", "OOS", "STL"}
"""Codes in the sources that are not a current country or area (unknown, stateless, dissolved)."""

NAME_FIXES = {
    "TWN": "China, Taiwan Province of China",
    "XKX": "Kosovo (UN Security Council resolution 1244)",
}
"""Long names to correct in IOM's list. It reads "Taiwan Province of China, China"; this is the form
UN DESA uses (and IOM's own sortable name). It reads "Kosovo (SCR 2144)", a typo: IOM's own
sortable and text names in the same file read "Kosovo (SCR 1244)", UN Security Council resolution 1244."""

NAMES_IN_LANGUAGES = {"fr": ("official_name_fr", "UNTERM French Short"), "es": ("official_name_es", "UNTERM Spanish Short")}
"""French and Spanish names of countries-codes.csv: the UN Statistics Division's M49 name (``name_fr``,
``name_es``: the form of statistical tables, as ``name`` is in English) and the UNTERM short name as
UNTERM publishes it (``unterm_fr``, ``unterm_es``: with the article in brackets, "Sénégal (le)",
for documents; member and observer States only; UNTERM's footnote asterisks are dropped)."""

NO_NAME_IN_LANGUAGES = {"TWN"}
"""Codes whose French and Spanish names in country-codes.csv are not the UN's form: Taiwan's ("Taïwan",
"Taiwán") do not follow the English name the project uses ("China, Taiwan Province of China", see
NAME_FIXES); the names are left empty, and ``countries.country_name`` falls back to the English name."""

WB_CODE_FIXES = {"SCG": "SRB"}
"""Codes of the World Bank's FY2025 list of economies that are not the economy's code: Serbia is
listed as SCG (the code of the former Serbia and Montenegro); the same CLASS.xlsx's group
compositions list it as SRB. Every other code of the list is the project's code (CHI through
CODE_ALIASES); ``_world_bank_classification`` refuses a code that is neither."""


def _read(raw: Path, relpath: str, **kwargs) -> pd.DataFrame:
    path = raw / relpath
    if not path.is_file():
        raise MmdpError(
            f"raw file missing: {path}. Point --raw (or MMDP_RAW_DIR) at the folder that holds "
            "the raw sources listed in data/PROVENANCE.md."
        )
    return pd.read_csv(path, **{**RAW_CSV, **kwargs})


def _fix_codes(s: pd.Series) -> pd.Series:
    return s.replace(CODE_ALIASES)


# --- countries -----------------------------------------------------------------------------


def _short_names(iso3: list[str], fallback: pd.Series) -> list[str]:
    """Short English names from country-converter, falling back to the long name."""
    import logging

    import country_converter as coco

    logging.getLogger("country_converter").setLevel(logging.ERROR)  # XCX, XKX: fallback used
    missing = "<not found>"
    names = coco.CountryConverter().convert(iso3, src="ISO3", to="name_short", not_found=missing)
    return [n if n != missing else fb for n, fb in zip(names, fallback, strict=True)]


def covered_codes(raw: Path) -> set[str]:
    """Every country/area code that at least one source gives data for."""
    ims = _read(raw, "undesa_ims_2024/ims2024_bilateral_stock_by_sex.csv", usecols=["dest_iso3", "orig_iso3"])
    unhcr = _read(raw, "unhcr/unhcr_population_1990_2025.csv", usecols=["coo_iso", "coa_iso"])
    wdi = _read(raw, "wdi/iom_gdidata_wdi_selected.csv", usecols=["iso3"])
    hdr = _read(raw, "hdr/HDR23-24_Composite_indices_complete_time_series.csv", usecols=["iso3"], encoding="latin-1")
    codes = set(ims.dest_iso3) | set(ims.orig_iso3) | set(unhcr.coo_iso) | set(unhcr.coa_iso)
    codes |= set(_fix_codes(wdi.iso3)) | set(hdr.iso3)
    return {c for c in codes if isinstance(c, str) and len(c) == 3} - NON_COUNTRY_CODES


def build_countries(raw: Path) -> pd.DataFrame:
    iom = _read(raw, "country_meta/iom_gdidata_countrynames.csv", dtype=str)
    iso = _read(raw, "country_meta/country-codes.csv", dtype=str)
    iso = iso.dropna(subset=["ISO3166-1-Alpha-3"]).set_index("ISO3166-1-Alpha-3")
    iom = iom.set_index("iso3")
    wb = _world_bank_classification(raw, set(iso.index) | set(iom.index))
    codes = sorted(covered_codes(raw) & (set(iso.index) | set(iom.index)))

    def pick(code: str, iom_col: str, iso_col: str | None) -> str | float:
        if code in iom.index and pd.notna(iom.at[code, iom_col]):
            return iom.at[code, iom_col]
        if iso_col and code in iso.index:
            return iso.at[code, iso_col]
        return np.nan

    def flag(code: str, iom_col: str, iso_col: str) -> bool:
        if code in iom.index and pd.notna(iom.at[code, iom_col]):
            return iom.at[code, iom_col] == "1"
        return code in iso.index and iso.at[code, iso_col] == "x"

    names = pd.Series([NAME_FIXES.get(c) or pick(c, "name", "official_name_en") for c in codes])
    table = pd.DataFrame(
        {
            "iso3": codes,
            "iso2": [pick(c, "iso2", "ISO3166-1-Alpha-2") for c in codes],
            "m49": pd.array(
                [int(v) if isinstance(v := pick(c, "m49", "M49"), str) else pd.NA for c in codes], dtype="Int64"
            ),
            "name": names,
            "short_name": _short_names(codes, names),
            "un_region": [pick(c, "region", "Region Name") for c in codes],
            "un_subregion": [pick(c, "subregion", "Sub-region Name") for c in codes],
            "wb_region": [wb.at[c, "Region"] if c in wb.index else np.nan for c in codes],
            "wb_income_group": [wb.at[c, "Income group"] if c in wb.index else np.nan for c in codes],
            "ldc": [flag(c, "ldc", "Least Developed Countries (LDC)") for c in codes],
            "lldc": [flag(c, "lldc", "Land Locked Developing Countries (LLDC)") for c in codes],
            "sids": [flag(c, "sids", "Small Island Developing States (SIDS)") for c in codes],
        }
    )
    for lang, (m49_col, unterm_col) in NAMES_IN_LANGUAGES.items():
        for column, source in ((f"name_{lang}", m49_col), (f"unterm_{lang}", unterm_col)):
            table[column] = [
                _unmarked(iso.at[c, source]) if c in iso.index and c not in NO_NAME_IN_LANGUAGES else np.nan for c in codes
            ]
    return table


def _unmarked(name: str | float) -> str | float:
    """A name without UNTERM's footnote marks ("Îles Cook (les) **" -> "Îles Cook (les)")."""
    return name.rstrip(" *") if isinstance(name, str) else name


def _world_bank_classification(raw: Path, known: set[str]) -> pd.DataFrame:
    """The World Bank's list of economies (aggregates left out) indexed by the project's codes.

    An economy listed without an income group (Venezuela in FY2025) keeps its region and an empty
    income group: the countries table then says "listed, not classified". A code that is not a
    known country code fails the build rather than leaving that economy without region and group.
    """
    wb = _read(raw, "country_meta/wb_class_fy2025_economies.csv", dtype=str).dropna(subset=["Region"])
    wb = wb.assign(Code=_fix_codes(wb.Code.replace(WB_CODE_FIXES)))
    unknown = sorted(set(wb.Code) - known)
    if unknown:
        named = ", ".join(f"{code} ({wb.set_index('Code').at[code, 'Economy']})" for code in unknown)
        raise MmdpError(
            f"World Bank list of economies: codes that are no known country code: {named}. "
            "Map each to its ISO3 code in WB_CODE_FIXES (lib/mmdp/data/build.py)."
        )
    return wb.set_index("Code")


# --- migrant stock (UN DESA IMS 2024) ------------------------------------------------------


def _ims_bilateral_long(raw: Path) -> pd.DataFrame:
    ims = _read(
        raw,
        "undesa_ims_2024/ims2024_bilateral_stock_by_sex.csv",
        usecols=["year", "dest_iso3", "orig_iso3", "sex", "migrants"],
        dtype={"year": int, "dest_iso3": str, "orig_iso3": str, "sex": str, "migrants": float},
    )
    if (ims.migrants < 0).any():
        raise MmdpError("IMS 2024 raw file holds negative migrant counts; check the raw file against PROVENANCE.md.")
    return ims


def build_migrant_stock_bilateral(raw: Path) -> pd.DataFrame:
    ims = _ims_bilateral_long(raw)
    wide = ims.pivot_table(
        index=["year", "dest_iso3", "orig_iso3"], columns="sex", values="migrants", aggfunc="sum"
    ).reset_index()
    wide.columns.name = None
    return wide[["year", "dest_iso3", "orig_iso3", "female", "male"]]


def _population(raw: Path) -> pd.DataFrame:
    wdi = _read(raw, "wdi/iom_gdidata_wdi_selected.csv", dtype={"iso3": str, "variable": str})
    pop = wdi[wdi.variable == "pop"].assign(iso3=lambda d: _fix_codes(d.iso3))
    return pop[["iso3", "year", "value"]].rename(columns={"value": "population"})


def build_migrant_stock(raw: Path) -> pd.DataFrame:
    ims = _ims_bilateral_long(raw)
    parts = []
    for who, key in (("immigrants", "dest_iso3"), ("emigrants", "orig_iso3")):
        by_sex = ims.pivot_table(index=[key, "year"], columns="sex", values="migrants", aggfunc="sum")
        by_sex = by_sex.reindex(columns=["female", "male"])
        by_sex["total"] = by_sex.sum(axis=1, min_count=1)
        by_sex.columns = [f"{who}_{c}" for c in by_sex.columns]
        by_sex.index = by_sex.index.set_names(["iso3", "year"])
        parts.append(by_sex)
    stock = parts[0].join(parts[1], how="outer").reset_index()
    stock = stock[~stock.iso3.isin(NON_COUNTRY_CODES)]

    # Denominator: UN WPP 2024 population of the same year only. The embedded population ends in
    # 2023, so the 2024 share is not computed rather than divided by a different year's population.
    stock = stock.merge(_population(raw), on=["iso3", "year"], how="left")
    stock["immigrants_pct_population"] = 100 * stock.immigrants_total / stock.population
    stock["emigrants_pct_population"] = 100 * stock.emigrants_total / stock.population
    for who in ("immigrants", "emigrants"):
        stock[f"{who}_female_share_pct"] = 100 * stock[f"{who}_female"] / stock[f"{who}_total"]
    stock = stock.sort_values(["iso3", "year"]).reset_index(drop=True)
    return stock[list(SCHEMAS["migrant_stock"].columns)]


# --- forced displacement (UNHCR, IDMC) -----------------------------------------------------

UNHCR_RENAME = {"ooc": "others_of_concern", "oip": "other_in_need"}


def build_displacement(raw: Path) -> pd.DataFrame:
    pop = _read(raw, "unhcr/unhcr_population_1990_2025.csv").rename(columns=UNHCR_RENAME)
    parts = []
    for perspective, key in (("hosted", "coa_iso"), ("origin", "coo_iso")):
        rows = pop if perspective == "hosted" else pop[pop.coo_iso != pop.coa_iso]
        agg = rows.groupby([key, "year"])[DISPLACEMENT_COLUMNS].sum(min_count=1).reset_index()
        parts.append(agg.rename(columns={key: "iso3"}).assign(perspective=perspective))
    out = pd.concat(parts)
    # Displacement abroad has no IDPs: IDPs are counted in the country where they live.
    out.loc[out.perspective == "origin", ["idps", "returned_idps"]] = np.nan
    out = out[~out.iso3.isin(NON_COUNTRY_CODES)]
    out[DISPLACEMENT_COLUMNS] = out[DISPLACEMENT_COLUMNS].astype(float)
    out = out.sort_values(["iso3", "year", "perspective"]).reset_index(drop=True)
    return out[list(SCHEMAS["displacement"].columns)]


def build_displacement_demographics(raw: Path) -> pd.DataFrame:
    demo = _read(raw, "unhcr/unhcr_demographics_2025_by_origin_asylum_poptype.csv")
    src = [f"{s}_{a}" for s in ("f", "m") for a in [*AGE_GROUPS, "total"]]
    dst = [f"{s}_{a}" for s in ("female", "male") for a in [*AGE_GROUPS, "total"]]
    demo = demo.rename(columns=dict(zip(src, dst, strict=True)))
    sex_known = (demo.female_total + demo.male_total) > 0
    # A row with no sex breakdown is "not available", not zero women and zero men.
    demo.loc[~sex_known, dst] = np.nan
    demo["total_sex_known"] = demo.total.where(sex_known, 0)
    parts = []
    for perspective, key in (("hosted", "coa_iso"), ("origin", "coo_iso")):
        agg = demo.groupby([key, "year", "pop_type"])[[*dst, "total_sex_known", "total"]].sum(min_count=1)
        parts.append(agg.reset_index().rename(columns={key: "iso3"}).assign(perspective=perspective))
    out = pd.concat(parts)
    out = out[~out.iso3.isin(NON_COUNTRY_CODES)]
    out[[*dst, "total_sex_known", "total"]] = out[[*dst, "total_sex_known", "total"]].astype(float)
    out = out.sort_values(["iso3", "year", "perspective", "pop_type"]).reset_index(drop=True)
    return out[list(SCHEMAS["displacement_demographics"].columns)]


def build_idps_idmc(raw: Path) -> pd.DataFrame:
    idmc = _read(raw, "unhcr/idmc_idps_1990_2025.csv")
    idmc = idmc[~idmc.coa_iso.isin(NON_COUNTRY_CODES)]
    out = idmc.groupby(["coa_iso", "year"]).total.sum().reset_index()
    out = out.rename(columns={"coa_iso": "iso3", "total": "idps_conflict"})
    out["idps_conflict"] = out.idps_conflict.astype(float)
    return out.sort_values(["iso3", "year"]).reset_index(drop=True)


def build_idp_sex_age(raw: Path) -> pd.DataFrame:
    idmc = _read(raw, "unhcr/idmc_idp_stocks_2024_by_sex_age.csv")
    idmc = idmc[~idmc.geo.isin(NON_COUNTRY_CODES)]
    out = idmc.rename(columns={"geo": "iso3", "t": "year", "n": "idps"})
    out = out.groupby(["iso3", "year", "cause", "sex", "age"]).idps.sum().reset_index()
    out["idps"] = out.idps.astype(float)
    return out.sort_values(["iso3", "year", "cause", "sex", "age"]).reset_index(drop=True)


# --- remittances (World Bank WDI, KNOMAD, RPW) ---------------------------------------------

WDI_COSTS = {"SI.RMT.COST.IB.ZS": "cost_to_country_pct", "SI.RMT.COST.OB.ZS": "cost_from_country_pct"}


def build_remittances(raw: Path) -> pd.DataFrame:
    wdi = _read(raw, "wdi/iom_gdidata_wdi_selected.csv", dtype={"iso3": str, "variable": str})
    wdi = wdi[wdi.variable.isin(["remin", "remout", "gdp"]) & (wdi.year >= 1990)]
    flows = wdi.assign(iso3=_fix_codes(wdi.iso3)).pivot_table(
        index=["iso3", "year"], columns="variable", values="value", aggfunc="first"
    )
    flows = flows.rename(columns={"remin": "received_usd", "remout": "sent_usd", "gdp": "gdp_usd"})
    flows["received_pct_gdp"] = 100 * flows.received_usd / flows.gdp_usd

    costs = _read(raw, "wdi/wdi_remittances_and_costs_1990_2022.csv", dtype={"iso3": str})
    costs = costs[costs.indicator_code.isin(WDI_COSTS) & ~costs.is_aggregate]
    costs = costs.assign(iso3=_fix_codes(costs.iso3)).pivot_table(
        index=["iso3", "year"], columns="indicator_code", values="value", aggfunc="first"
    )
    costs = costs.rename(columns=WDI_COSTS)

    out = flows.join(costs, how="outer").reset_index()
    out.columns.name = None
    out = out[~out.iso3.isin(NON_COUNTRY_CODES)]
    out = out.sort_values(["iso3", "year"]).reset_index(drop=True)
    return out[list(SCHEMAS["remittances"].columns)].astype({c: float for c in list(out.columns)[2:]})


def build_remittance_corridor_costs(raw: Path) -> pd.DataFrame:
    rpw = _read(raw, "rpw/rpw_corridor_avg_total_cost_2011q1_2020q3.csv")
    rpw = rpw.assign(sending_iso3=_fix_codes(rpw.sending_iso3), receiving_iso3=_fix_codes(rpw.receiving_iso3))
    rpw = rpw[~rpw.receiving_iso3.isin(NON_COUNTRY_CODES) & ~rpw.sending_iso3.isin(NON_COUNTRY_CODES)]
    out = rpw[["sending_iso3", "receiving_iso3", "period", "avg_total_cost_pct"]].astype(
        {"avg_total_cost_pct": float}
    )
    return out.sort_values(["sending_iso3", "receiving_iso3", "period"]).reset_index(drop=True)


def build_remittance_matrix(raw: Path) -> pd.DataFrame:
    brm = _read(raw, "knomad/knomad_bilateral_remittance_matrix_2021_dec2022.csv", dtype={"usd_million": str})
    brm["usd_million"] = pd.to_numeric(brm.usd_million.str.strip().replace("", np.nan))
    brm = brm.dropna(subset=["sending_iso3", "receiving_iso3", "usd_million"])
    brm = brm.assign(sending_iso3=_fix_codes(brm.sending_iso3), receiving_iso3=_fix_codes(brm.receiving_iso3))
    brm = brm[~brm.sending_iso3.isin({"WLD"}) & ~brm.receiving_iso3.isin({"WLD"})]
    out = brm[["sending_iso3", "receiving_iso3", "usd_million"]].astype({"usd_million": float})
    out = out.groupby(["sending_iso3", "receiving_iso3"]).usd_million.sum().reset_index()
    return out.sort_values(["sending_iso3", "receiving_iso3"]).reset_index(drop=True)


# --- development and gender context (UN WPP via WDI, WDI, UNDP HDR) ------------------------

HDR_VARS = {
    "hdi": "hdi",
    "hdi_f": "hdi_female",
    "hdi_m": "hdi_male",
    "gdi": "gdi",
    "gii": "gii",
    "lfpr_f": "lfpr_female",
    "lfpr_m": "lfpr_male",
    "se_f": "secondary_educ_female",
    "se_m": "secondary_educ_male",
    "pr_f": "parliament_seats_female",
}


def build_context(raw: Path) -> pd.DataFrame:
    wdi = _read(raw, "wdi/iom_gdidata_wdi_selected.csv", dtype={"iso3": str, "variable": str})
    wdi = wdi[wdi.variable.isin(["pop", "gdp", "income", "nmig"]) & (wdi.year >= 1990)]
    wide = wdi.assign(iso3=_fix_codes(wdi.iso3)).pivot_table(
        index=["iso3", "year"], columns="variable", values="value", aggfunc="first"
    )
    wide["gdp_per_capita_usd"] = wide.gdp / wide["pop"]
    wide = wide.rename(columns={"pop": "population", "income": "gdp_per_capita_ppp", "nmig": "net_migration"})
    wide = wide[["population", "gdp_per_capita_usd", "gdp_per_capita_ppp", "net_migration"]]

    hdr = _read(raw, "hdr/HDR23-24_Composite_indices_complete_time_series.csv", encoding="latin-1")
    hdr = hdr[~hdr.iso3.str.startswith("ZZ")]
    long = hdr.melt(id_vars="iso3", var_name="column", value_name="value")
    parts = long.column.str.extract(r"^(?P<var>.+)_(?P<year>\d{4})$")
    long = long.join(parts).dropna(subset=["var"])
    long = long[long["var"].isin(HDR_VARS)].assign(year=lambda d: d.year.astype(int))
    long["value"] = pd.to_numeric(long.value)
    hdr_wide = long.pivot_table(index=["iso3", "year"], columns="var", values="value", aggfunc="first")
    hdr_wide = hdr_wide.rename(columns=HDR_VARS)

    out = wide.join(hdr_wide, how="outer").reset_index()
    out.columns.name = None
    out = out[~out.iso3.isin(NON_COUNTRY_CODES)]
    value_cols = [c for c in SCHEMAS["context"].columns if c not in ("iso3", "year")]
    out = out.reindex(columns=["iso3", "year", *value_cols])
    out = out.dropna(subset=value_cols, how="all")
    out[value_cols] = out[value_cols].astype(float)
    return out.sort_values(["iso3", "year"]).reset_index(drop=True)


BUILDERS: dict[str, Callable[[Path], pd.DataFrame]] = {
    "countries": build_countries,
    "migrant_stock": build_migrant_stock,
    "migrant_stock_bilateral": build_migrant_stock_bilateral,
    "displacement": build_displacement,
    "displacement_demographics": build_displacement_demographics,
    "idps_idmc": build_idps_idmc,
    "idp_sex_age": build_idp_sex_age,
    "remittances": build_remittances,
    "remittance_corridor_costs": build_remittance_corridor_costs,
    "remittance_matrix": build_remittance_matrix,
    "context": build_context,
}


def write_csv(table: pd.DataFrame, path: Path) -> None:
    """Write one table as CSV the same way every time (UTF-8, LF, shortest exact floats)."""
    table.to_csv(path, index=False, lineterminator="\n")


def require_raw_dir(raw: Path) -> None:
    """Fail early, with the fix, when the raw sources folder is absent."""
    if not raw.is_dir():
        raise MmdpError(
            f"raw data folder not found: {raw}. Pass --raw DIR or set MMDP_RAW_DIR to the folder "
            "with the raw sources (see data/PROVENANCE.md)."
        )


def build_all(raw: Path, out: Path, progress: Callable[[str], None] = lambda _: None) -> dict[str, int]:
    """Build, validate and write every table; nothing is written unless all tables pass."""
    require_raw_dir(raw)
    tables = {}
    codes: set[str] = set()
    for name, builder in BUILDERS.items():
        table = validate(name, builder(raw))
        progress(name)
        if name == "countries":
            codes = set(table.iso3)
        tables[name] = table
    _check_codes_known(tables, codes)

    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=out) as staging:
        staged = Path(staging)
        for name, table in tables.items():
            write_csv(table, staged / f"{name}.csv")
        (staged / "provenance.json").write_text(json.dumps(PROVENANCE, indent=2, ensure_ascii=False) + "\n")
        (staged / "PROVENANCE.md").write_text(render_markdown(tables))
        for file in sorted(staged.iterdir()):
            file.replace(out / file.name)
    return {name: len(table) for name, table in tables.items()}


def _check_codes_known(tables: dict[str, pd.DataFrame], codes: set[str]) -> None:
    """Every country code in every table is in the countries table (OOO: unknown origin)."""
    allowed = codes | {"OOO"}
    for name, table in tables.items():
        for col in (c for c in table.columns if c.endswith("iso3") and name != "countries"):
            unknown = sorted(set(table[col]) - allowed)
            if unknown:
                raise MmdpError(f"table {name!r} column {col!r} has codes not in the countries table: {unknown[:10]}")
