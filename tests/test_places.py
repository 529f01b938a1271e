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


# --- findings where a group differs from a country ---------------------------------------------


def test_world_profile_does_not_compare_immigrants_with_emigrants():
    """For the world, every migrant is both an immigrant and an emigrant: the totals differ only by the
    migrants whose country of birth is not recorded, so the profile says so instead of comparing them."""
    from mmdp.findings import profile
    from mmdp.inputs.parameters import validate_parameters

    finding = profile.migrant_stock(validate_parameters("World"))
    assert "live here" not in finding.sentence and "live abroad than" not in finding.sentence
    assert "every international migrant is both an immigrant and an emigrant" in finding.sentence
    bilateral = load("migrant_stock_bilateral")
    unknown = bilateral[(bilateral.year == 2024) & (bilateral.orig_iso3 == "OOO")]
    assert finding["unknown_origin"].value == unknown.female.sum() + unknown.male.sum()
    assert finding["immigrants"].value - finding["emigrants"].value == finding["unknown_origin"].value
    assert f"{finding['unknown_origin'].text} whose country of birth is not recorded" in finding.sentence


def test_world_displacement_names_no_refugees_from_the_world():
    from mmdp.findings import profile
    from mmdp.inputs.parameters import validate_parameters

    world = profile.displacement(validate_parameters("World"))
    assert "from World" not in world.sentence and "same people as the refugees hosted" in world.sentence
    region = profile.displacement(validate_parameters("Central Asia"))
    assert f"{region['abroad_refugees'].text} refugees" in region.sentence  # a region's refugees abroad are still stated


def test_a_region_leaves_corridors_between_its_members_out_and_says_so():
    from mmdp.findings import gender, profile
    from mmdp.inputs.parameters import validate_parameters

    params = validate_parameters("Central Asia")
    members = set(params.place.members)
    for direction in ("origins", "destinations"):
        assert not set(profile.top_corridors(params.place, params.year, direction, n=1000).iso3) & members
    finding = profile.corridors(params)
    bilateral = load("migrant_stock_bilateral")
    inside = bilateral[(bilateral.year == 2024) & bilateral.orig_iso3.isin(members) & bilateral.dest_iso3.isin(members)]
    assert finding["between_members"].value == inside.female.sum() + inside.male.sum() > 0
    assert f"Corridors between two member countries ({finding['between_members'].text} migrants) are left out" in finding.sentence
    # every immigrant is either from outside the region or moved between two members
    outside = profile.top_corridors(params.place, params.year, "origins", n=1000).total.sum()
    assert outside + finding["between_members"].value == profile.migrant_stock(params)["immigrants"].value
    names = set(load("countries").set_index("iso3").loc[list(members), "short_name"])
    corridors = gender.corridor_representation(params.place, params.year).corridor
    assert not any(c.split(" ", 2)[-1] in names for c in corridors)
    assert "Corridors between two member countries of Central Asia are left out." in gender.corridor_gaps(params).sentence
    # a member country keeps its neighbours as corridors
    kgz = validate_parameters("KGZ")
    assert "KAZ" in set(profile.top_corridors(kgz.place, kgz.year, "origins").iso3)


@pytest.mark.parametrize(
    "place, shown",
    [("World", "**Place:** The world (238 countries and areas) ·"), ("Central Asia", "**Place:** Central Asia (UN subregion, 5 countries and areas) ·"),
     ("KGZ", "**Place:** Kyrgyzstan (KGZ) ·")],
)
def test_the_notebook_header_shows_a_code_only_for_a_country(place, shown):
    from mmdp.findings.base import describe_parameters
    from mmdp.inputs.parameters import validate_parameters

    assert describe_parameters(validate_parameters(place)).markdown.startswith(shown)


# --- the UN's country groups, and a group name that is also a country's -----------------------


UN_LISTS = [
    ("Least developed countries", "LDC", "ldc", "Least Developed Countries (LDC)"),
    ("Landlocked developing countries", "LLDC", "lldc", "Land Locked Developing Countries (LLDC)"),
    ("Small island developing States", "SIDS", "sids", "Small Island Developing States (SIDS)"),
]


@pytest.mark.parametrize("name, abbreviation, iom_flag, iso_flag", UN_LISTS)
def test_un_country_groups_are_places_with_the_members_the_sources_flag(raw, name, abbreviation, iom_flag, iso_flag):
    """Members: the countries IOM's list flags (1), else those the country-codes file marks (x)."""
    import pandas as pd

    read = {"keep_default_na": False, "na_values": [""], "dtype": str}
    iom = pd.read_csv(raw / "country_meta" / "iom_gdidata_countrynames.csv", **read).set_index("iso3")
    iso = pd.read_csv(raw / "country_meta" / "country-codes.csv", **read).dropna(subset=["ISO3166-1-Alpha-3"])
    iso = iso.set_index("ISO3166-1-Alpha-3")
    codes = set(load("countries").iso3)
    flagged = {c for c in codes if (iom.at[c, iom_flag] == "1" if c in iom.index else c in iso.index and iso.at[c, iso_flag] == "x")}
    place = resolve_place(name)
    assert place.is_group and place.kind == "UN country group" and set(place.members) == flagged
    assert resolve_place(abbreviation) == place == resolve_place(f"{name} (UN country group)") == resolve_place(place.code)
    assert place.describe() == f"{name} (UN country group, {len(flagged)} countries and areas)"


def test_a_un_country_group_sums_over_its_members(raw):
    """Least developed countries, 2024: immigrants summed from the raw bilateral file over the members."""
    import pandas as pd

    place = resolve_place("LDC")
    assert {"AFG", "BGD", "HTI", "TUV"} <= set(place.members) and "IND" not in place.members
    ims = pd.read_csv(raw / "undesa_ims_2024" / "ims2024_bilateral_stock_by_sex.csv", usecols=["year", "dest_iso3", "migrants"])
    rows = ims[(ims.year == 2024) & ims.dest_iso3.isin(place.members)]
    facts = factsheet.key_facts(place, 2024)
    assert facts["immigrants"].value == rows.migrants.sum()
    covered = rows.dest_iso3.nunique()
    assert facts["immigrants"].basis == f"sum over {covered} of {len(place.members)} countries"


@pytest.mark.parametrize("text", ["Micronesia", "micronesia"])
def test_a_group_name_that_is_also_a_country_is_refused_with_both(text):
    with pytest.raises(MmdpError, match="ambiguous") as err:
        resolve_place(text)
    message = str(err.value)
    assert "Micronesia (UN subregion, 7 countries and areas)" in message and "Federated States of Micronesia (FSM)" in message
    assert resolve_place("Micronesia (UN subregion)").kind == "UN subregion"
    assert resolve_place("FSM").code == resolve_place("Federated States of Micronesia").code == "FSM"


def test_other_group_names_are_not_countries():
    """'Polynesia' is not French Polynesia and 'Africa' not South Africa: they stay groups."""
    assert resolve_place("Polynesia").kind == "UN subregion" and resolve_place("Africa").kind == "UN region"


def test_the_world_gender_sentence_has_no_empty_comparator(raw):
    """The world has no comparator but itself: the sentence gives its 1990 share and nothing empty."""
    import pandas as pd

    from mmdp.findings import gender, profile
    from mmdp.inputs.parameters import validate_parameters

    params = validate_parameters("World")
    finding = gender.female_share(params)
    ims = pd.read_csv(raw / "undesa_ims_2024" / "ims2024_bilateral_stock_by_sex.csv", usecols=["year", "sex", "migrants"])
    first = ims[ims.year == 1990]
    share_1990 = 100 * first[first.sex == "female"].migrants.sum() / first.migrants.sum()
    assert finding["immigrants_first"].value == pytest.approx(share_1990)
    assert f"from {finding['immigrants_first'].text} in 1990) and " in finding.sentence
    assert "; )" not in finding.sentence and not finding.charts[0].alt.endswith("; .")
    share_alt = profile.migrant_stock(params).charts[-1].alt
    assert share_alt.count("World") == 1 and "; (" not in share_alt  # the world is not its own comparator
