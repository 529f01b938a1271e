"""Country look-up: codes, names and common variants resolve to one ISO3; typos fail helpfully."""

from __future__ import annotations

import pytest

from mmdp.data.countries import resolve, select
from mmdp.errors import MmdpError


@pytest.mark.parametrize(
    "text, iso3",
    [
        ("Moldova", "MDA"),
        ("Republic of Moldova", "MDA"),
        ("Kyrgyzstan", "KGZ"),
        ("Kyrgyz Republic", "KGZ"),
        ("Côte d'Ivoire", "CIV"),
        ("Côte d\u2019Ivoire", "CIV"),
        ("Cote d'Ivoire", "CIV"),
        ("Türkiye", "TUR"),
        ("Turkey", "TUR"),
        ("Viet Nam", "VNM"),
        ("Vietnam", "VNM"),
        ("Bolivia", "BOL"),
        ("DR Congo", "COD"),
        ("Lao PDR", "LAO"),
        ("kgz", "KGZ"),
        ("KG", "KGZ"),
        ("417", "KGZ"),
        (417, "KGZ"),
        ("004", "AFG"),
        ("US", "USA"),
        ("NA", "NAM"),
        ("  united states  ", "USA"),
        ("Kosovo", "XKX"),
        ("Channel Islands", "XCX"),
    ],
)
def test_variants_resolve(text, iso3):
    assert resolve(text) == iso3


@pytest.mark.parametrize(
    "typo, suggestion",
    [("Moldvoa", "Moldova"), ("Kirgizstan", "Kyrgyzstan"), ("Bangldesh", "Bangladesh"), ("Marroco", "Morocco"), ("Jamiaca", "Jamaica")],
)
def test_typos_fail_with_suggestions(typo, suggestion):
    with pytest.raises(MmdpError, match=suggestion) as err:
        resolve(typo)
    assert "unknown country" in str(err.value)


@pytest.mark.parametrize("bad", ["", "   ", None, 3.5, "Narnia", "999"])
def test_nonsense_fails(bad):
    with pytest.raises(MmdpError):
        resolve(bad)


def test_select_by_region_and_income():
    central_asia = select(region="Central Asia")
    assert set(central_asia.iso3) == {"KAZ", "KGZ", "TJK", "TKM", "UZB"}
    low = select(income="low income")
    assert "AFG" in set(low.iso3) and (low.wb_income_group == "Low income").all()
    with pytest.raises(MmdpError, match="choose one of"):
        select(region="Atlantis")


def test_income_group_says_why_there_is_none(raw):
    """An economy the World Bank lists without a group (Venezuela) reads 'not classified'; a place it does
    not list (Réunion) says so; the others read their group."""
    import pandas as pd

    from mmdp.data.build import CODE_ALIASES, RAW_CSV, WB_CODE_FIXES
    from mmdp.data.countries import NOT_CLASSIFIED, NOT_LISTED, income_group_label
    from mmdp.data.loaders import load_countries

    economies = pd.read_csv(raw / "country_meta" / "wb_class_fy2025_economies.csv", **RAW_CSV, dtype=str).dropna(subset=["Region"])
    codes = economies.Code.replace(WB_CODE_FIXES).replace(CODE_ALIASES)
    groups = dict(zip(codes, economies["Income group"], strict=True))
    for row in load_countries().itertuples():
        label = income_group_label(row.wb_region, row.wb_income_group)
        if row.iso3 not in groups:
            assert label == NOT_LISTED, row.iso3
        elif isinstance(groups[row.iso3], str):
            assert label == groups[row.iso3], row.iso3
        else:
            assert label == NOT_CLASSIFIED and row.iso3 == "VEN"
    countries = load_countries().set_index("iso3")
    assert income_group_label(*countries.loc["REU", ["wb_region", "wb_income_group"]]) == NOT_LISTED
    assert income_group_label(*countries.loc["SRB", ["wb_region", "wb_income_group"]]) == "Upper middle income"
