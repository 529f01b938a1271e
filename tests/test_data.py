"""Processed tables: figures checked against values read from the raw files, schemas, rebuild."""

from __future__ import annotations

import math
import shutil

import numpy as np
import pandas as pd
import pytest

from mmdp.data import build, loaders as data
from mmdp.paths import data_dir
from mmdp.errors import MmdpError

# Values read from the raw files with awk/grep (see docs/architecture.md, "Checked figures"):
#   awk -F, '$1==2024 {s+=$5} END{print s}' undesa_ims_2024/ims2024_bilateral_stock_by_sex.csv
WORLD_MIGRANTS_2024 = 304_021_813
USA_IMMIGRANTS_2024 = {"female": 26_750_061, "male": 25_624_986}
IND_EMIGRANTS_2024 = {"female": 6_631_602, "male": 11_902_243}
KGZ_REMITTANCES_2023_USD = 2_850_000_000  # wdi/iom_gdidata_wdi_selected.csv, remin
KGZ_GDP_2023_USD = 1.398762791e10  # same file, gdp
KGZ_COST_TO_COUNTRY_2020 = 4.511657  # wdi_remittances_and_costs: SI.RMT.COST.IB.ZS
TUR_REFUGEES_HOSTED_2025 = 2_390_414  # unhcr_population: sum of refugees, coa_iso TUR, 2025 (csv reader)
KGZ_HDI_2022, KGZ_GII_2022, KGZ_LFPR_F_2022 = 0.701, 0.345, 52.49  # HDR 2023/24 time series


def stock(iso3: str, year: int) -> pd.Series:
    table = data.load_migrant_stock()
    return table[(table.iso3 == iso3) & (table.year == year)].iloc[0]


def test_world_total_of_international_migrants_2024():
    table = data.load_migrant_stock()
    assert table[table.year == 2024].immigrants_total.sum() == WORLD_MIGRANTS_2024
    bilateral = data.load_migrant_stock_bilateral()
    in_2024 = bilateral[bilateral.year == 2024]
    assert in_2024.female.sum() + in_2024.male.sum() == WORLD_MIGRANTS_2024


def test_immigrants_in_the_united_states_2024():
    row = stock("USA", 2024)
    assert row.immigrants_female == USA_IMMIGRANTS_2024["female"]
    assert row.immigrants_male == USA_IMMIGRANTS_2024["male"]
    assert row.immigrants_total == sum(USA_IMMIGRANTS_2024.values())
    assert row.immigrants_female_share_pct == pytest.approx(100 * 26_750_061 / 52_375_047)


def test_emigrants_from_india_2024():
    row = stock("IND", 2024)
    assert row.emigrants_total == sum(IND_EMIGRANTS_2024.values())
    assert row.emigrants_female_share_pct == pytest.approx(100 * 6_631_602 / 18_533_845)


def test_population_share_only_with_same_year_population():
    assert math.isnan(stock("USA", 2024).immigrants_pct_population)  # WPP in data ends 2023
    row = stock("USA", 2020)
    assert row.immigrants_pct_population == pytest.approx(100 * row.immigrants_total / row.population)


def test_kyrgyz_remittances():
    table = data.load_remittances()
    row = table[(table.iso3 == "KGZ") & (table.year == 2023)].iloc[0]
    assert row.received_usd == KGZ_REMITTANCES_2023_USD
    assert row.received_pct_gdp == pytest.approx(100 * KGZ_REMITTANCES_2023_USD / KGZ_GDP_2023_USD)
    row_2020 = table[(table.iso3 == "KGZ") & (table.year == 2020)].iloc[0]
    assert row_2020.cost_to_country_pct == pytest.approx(KGZ_COST_TO_COUNTRY_2020)


def test_refugees_hosted_by_turkiye_2025():
    table = data.load_displacement()
    row = table[(table.iso3 == "TUR") & (table.year == 2025) & (table.perspective == "hosted")].iloc[0]
    assert row.refugees == TUR_REFUGEES_HOSTED_2025


def test_gender_context_from_hdr():
    table = data.load_context()
    row = table[(table.iso3 == "KGZ") & (table.year == 2022)].iloc[0]
    assert (row.hdi, row.gii, row.lfpr_female) == (KGZ_HDI_2022, KGZ_GII_2022, KGZ_LFPR_F_2022)


def test_missing_stays_missing_not_zero():
    remittances = data.load_remittances()
    assert "VAT" not in set(remittances.iso3)  # Holy See: no WDI remittance series, no zero rows
    demo = data.load_displacement_demographics()
    unknown_sex = demo[demo.total_sex_known == 0]
    assert len(unknown_sex) > 0
    assert unknown_sex.female_total.isna().all() and unknown_sex.male_total.isna().all()
    origin = data.load_displacement()
    assert origin[origin.perspective == "origin"].idps.isna().all()


def test_every_table_covers_countries_and_keys_are_known():
    countries = set(data.load_countries().iso3)
    assert len(countries) > 230
    for name in data.TABLES:
        table = data.load(name)
        for col in (c for c in table.columns if c.endswith("iso3")):
            assert set(table[col]) <= countries | {"OOO"}, (name, col)


def test_every_table_has_provenance():
    meta = data.provenance()
    for name in data.TABLES:
        for key in ("publisher", "dataset", "edition", "licence", "source_files", "transformation"):
            assert meta[name][key], (name, key)


@pytest.mark.parametrize(
    "breakage, message",
    [
        (lambda t: t.assign(immigrants_total=-t.immigrants_total), "greater_than_or_equal_to"),
        (lambda t: t.drop(columns=["emigrants_male"]), "emigrants_male"),
        (lambda t: t.assign(iso3=t.iso3.str.lower()), "str_matches"),
        (lambda t: pd.concat([t, t.head(1)], ignore_index=True), "uniqueness"),
        (lambda t: t.assign(immigrants_female_share_pct=120.0), "in_range"),
    ],
    ids=["negative-count", "missing-column", "bad-code", "duplicate-key", "share-over-100"],
)
def test_schema_violations_are_caught(breakage, message):
    broken = breakage(data.load_migrant_stock().copy())
    with pytest.raises(MmdpError, match=message):
        build.validate("migrant_stock", broken)


def test_loading_a_malformed_table_gives_a_clear_error(tmp_path, monkeypatch):
    for file in data_dir().glob("*.json"):
        shutil.copy(file, tmp_path)
    (tmp_path / "countries.csv").write_text("iso3,name\nKGZ,Kyrgyzstan\n")
    monkeypatch.setenv("MMDP_DATA_DIR", str(tmp_path))
    data.load.cache_clear()
    try:
        with pytest.raises(MmdpError, match="countries"):
            data.load("countries")
        with pytest.raises(MmdpError, match="mmdp data build"):
            data.load("remittances")  # absent file
    finally:
        data.load.cache_clear()


def test_unknown_table_name():
    with pytest.raises(MmdpError, match="tables are"):
        data.load("migrants")


def test_rebuild_from_raw_reproduces_committed_tables(raw, tmp_path):
    build.build_all(raw, tmp_path)
    committed = data_dir()
    for name in [*data.TABLES, "provenance", "PROVENANCE"]:
        suffix = ".csv" if name in data.TABLES else (".json" if name == "provenance" else ".md")
        assert (tmp_path / f"{name}{suffix}").read_bytes() == (committed / f"{name}{suffix}").read_bytes(), name


def test_build_writes_nothing_when_a_raw_file_is_missing(raw, tmp_path):
    partial = tmp_path / "raw"
    shutil.copytree(raw, partial, ignore=shutil.ignore_patterns("hdr"))
    out = tmp_path / "out"
    with pytest.raises(MmdpError, match="raw file missing"):
        build.build_all(partial, out)
    assert not out.exists() or not any(out.iterdir())


def test_build_rejects_negative_counts_in_raw(raw, tmp_path):
    bad = tmp_path / "raw"
    shutil.copytree(raw, bad)
    ims = bad / "undesa_ims_2024" / "ims2024_bilateral_stock_by_sex.csv"
    ims.chmod(0o644)
    text = ims.read_text().splitlines()
    fields = text[1].split(",")
    fields[4] = "-5"
    ims.write_text("\n".join([text[0], ",".join(fields), *text[2:]]) + "\n")
    with pytest.raises(MmdpError, match="negative"):
        build.build_all(bad, tmp_path / "out")


def test_build_without_raw_folder(tmp_path):
    with pytest.raises(MmdpError, match="--raw"):
        build.build_all(tmp_path / "nowhere", tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_numeric_columns_have_numeric_dtypes():
    table = data.load_migrant_stock()
    assert table.immigrants_total.dtype == np.float64
    assert table.year.dtype == np.int64


# --- the World Bank's classification and the IOM country list, against the raw files ------------


def world_bank_economies(raw) -> pd.DataFrame:
    """The raw list of economies (aggregates, which have no region, left out)."""
    table = pd.read_csv(raw / "country_meta" / "wb_class_fy2025_economies.csv", **build.RAW_CSV, dtype=str)
    return table.dropna(subset=["Region"]).rename(columns={"Income group": "income"})


def test_every_world_bank_economy_keeps_its_region_and_income_group(raw):
    """Each code of the World Bank's list is compared with the countries table: after the code fixes
    (SCG -> SRB for Serbia, CHI -> XCX), every economy is a country of the table with the region and
    income group the raw file gives it; Venezuela is listed with no income group."""
    countries = data.load_countries().set_index("iso3")
    economies = world_bank_economies(raw)
    assert build.WB_CODE_FIXES == {"SCG": "SRB"}
    assert economies.set_index("Code").at["SCG", "Economy"] == "Serbia"
    for row in economies.itertuples():
        iso3 = build.WB_CODE_FIXES.get(row.Code) or build.CODE_ALIASES.get(row.Code, row.Code)
        assert iso3 in countries.index, (row.Code, row.Economy)
        assert countries.at[iso3, "wb_region"] == row.Region, row.Economy
        if isinstance(row.income, str):
            assert countries.at[iso3, "wb_income_group"] == row.income, row.Economy
        else:
            assert pd.isna(countries.at[iso3, "wb_income_group"]), row.Economy
    serbia = countries.loc["SRB"]
    assert (serbia.wb_region, serbia.wb_income_group) == ("Europe & Central Asia", "Upper middle income")
    unclassified = set(economies[economies.income.isna()].Code)
    assert unclassified == {"VEN"}
    listed = {build.WB_CODE_FIXES.get(c) or build.CODE_ALIASES.get(c, c) for c in economies.Code}
    assert set(countries.index[countries.wb_region.notna()]) == listed  # no region from anywhere else


def test_a_world_bank_code_that_is_no_country_fails_the_build(raw, tmp_path):
    """A future edition's wrong code stops the build, naming the economy, instead of leaving it without
    region and income group."""
    copy = tmp_path / "raw"
    copy.mkdir()
    for folder in raw.iterdir():
        if folder.name != "country_meta":
            (copy / folder.name).symlink_to(folder)
    shutil.copytree(raw / "country_meta", copy / "country_meta")
    economies = copy / "country_meta" / "wb_class_fy2025_economies.csv"
    economies.chmod(0o644)
    economies.write_text(economies.read_text(encoding="utf-8").replace("Romania,ROU,", "Romania,ROM,"), encoding="utf-8")
    with pytest.raises(MmdpError, match=r"ROM \(Romania\).*WB_CODE_FIXES"):
        build.build_countries(copy)


def test_kosovo_is_named_for_resolution_1244(raw):
    iom = pd.read_csv(raw / "country_meta" / "iom_gdidata_countrynames.csv", **build.RAW_CSV, dtype=str).set_index("iso3")
    assert iom.at["XKX", "name"] == "Kosovo (SCR 2144)"  # the typo in the source
    assert iom.at["XKX", "name_sort"] == iom.at["XKX", "name_text"] == "Kosovo (SCR 1244)"
    name = data.load_countries().set_index("iso3").at["XKX", "name"]
    assert name == "Kosovo (UN Security Council resolution 1244)" and "2144" not in name
