"""Places: countries by any name or code, ambiguous names refused, and groups (world, regions,
income groups) whose stocks are sums and whose shares are ratios of sums."""

from __future__ import annotations

import pytest

from mmdp.data.countries import resolve
from mmdp.data.loaders import load
from mmdp.data.places import resolve_place
from mmdp.errors import MmdpError
from mmdp.findings import factsheet


@pytest.mark.parametrize(
    "text, candidates",
    [("Korea", ["KOR", "PRK"]), ("Congo", ["COD", "COG"]), ("Virgin Islands", ["VGB", "VIR"])],
)
def test_ambiguous_names_are_refused_with_the_candidates(text, candidates):
    with pytest.raises(MmdpError, match="ambiguous") as err:
        resolve(text)
    assert all(f"({code})" in str(err.value) for code in candidates)


@pytest.mark.parametrize("text, iso3", [("CHI", "XCX"), ("KSV", "XKX"), ("South Korea", "KOR"), ("Moldova", "MDA")])
def test_codes_and_names_in_the_data_resolve(text, iso3):
    assert resolve(text) == iso3


def test_taiwan_has_a_readable_name():
    row = load("countries").set_index("iso3").loc["TWN"]
    assert row["name"] == "China, Taiwan Province of China"


@pytest.mark.parametrize(
    "text, kind, n",
    [("World", "world", 238), ("Central Asia", "UN subregion", 5), ("Low income", "World Bank income group", 26)],
)
def test_groups_are_places(text, kind, n):
    place = resolve_place(text)
    assert place.is_group and place.kind == kind and len(place.members) == n


def test_a_name_two_classifications_share_means_the_un_one():
    un = resolve_place("Sub-Saharan Africa")
    wb = resolve_place("Sub-Saharan Africa (World Bank region)")
    assert un.kind == "UN subregion" and wb.kind == "World Bank region"
    assert "REU" in un.members and "REU" not in wb.members  # Réunion: UN M49 only
    assert "SDN" in wb.members and "SDN" not in un.members  # Sudan: UN Northern Africa


def test_world_totals_are_sums_over_countries():
    facts = factsheet.key_facts(resolve_place("World"), 2024)
    assert facts["immigrants"].value == 304_021_813  # awk '$1==2024 {s+=$5}' on the raw bilateral file
    assert facts["immigrants"].basis.startswith("sum over 233 of 238")
    stock = load("migrant_stock")
    s = stock[stock.year == 2024]
    assert facts["immigrants_female_share"].value == pytest.approx(100 * s.immigrants_female.sum() / s.immigrants_total.sum())


def test_group_remittances_share_is_a_ratio_of_sums():
    facts = factsheet.key_facts(resolve_place("Central Asia"))
    money = load("remittances")
    rows = money[money.iso3.isin(["KAZ", "KGZ", "TJK", "TKM", "UZB"]) & (money.year == facts["remittances_pct_gdp"].year)]
    rows = rows.dropna(subset=["received_usd", "gdp_usd"])
    assert facts["remittances_pct_gdp"].value == pytest.approx(100 * rows.received_usd.sum() / rows.gdp_usd.sum())
    assert facts["remittance_cost"].missing and "not additive" in facts["remittance_cost"].basis
    assert "median over" in facts["hdi"].basis
