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
