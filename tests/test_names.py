"""Countries' names in French and Spanish: the UN's names from the raw country table (country-codes.csv:
UN Statistics Division M49 names and UNTERM short names), or the committed table without the raw files."""

from __future__ import annotations

import pandas as pd
import pytest

from mmdp.data import load_countries
from mmdp.data.countries import country_name
from mmdp.data.places import group_name, resolve_place
from mmdp.errors import MmdpError
from mmdp.paths import frameworks_dir, raw_dir

PLACES = ["SEN", "FRA", "BOL", "ECU", "MEX", "MAR", "CIV", "KGZ", "DEU", "UKR", "TKL", "USA"]
"""Francophone and Spanish-speaking countries of the issue, the snapshot places, names with articles."""


def expected_names() -> tuple[pd.DataFrame, str]:
    """(iso3 -> m49_fr, m49_es, unterm_fr, unterm_es), read from the raw file when present."""
    path = raw_dir() / "country_meta" / "country-codes.csv"
    if path.is_file():
        raw = pd.read_csv(path, dtype=str, keep_default_na=False).set_index("ISO3166-1-Alpha-3")
        table = raw.rename(columns={"official_name_fr": "m49_fr", "official_name_es": "m49_es",
                                    "UNTERM French Short": "unterm_fr", "UNTERM Spanish Short": "unterm_es"})
        return table[["m49_fr", "m49_es", "unterm_fr", "unterm_es"]].replace("", None), "raw"
    table = load_countries().set_index("iso3").rename(columns={"name_fr": "m49_fr", "name_es": "m49_es"})
    return table[["m49_fr", "m49_es", "unterm_fr", "unterm_es"]], "processed"


@pytest.mark.parametrize("iso3", PLACES)
def test_names_are_the_sources(iso3):
    expected, _origin = expected_names()
    row = expected.loc[iso3]
    english = load_countries().set_index("iso3").at[iso3, "name"]
    for lang in ("fr", "es"):
        m49, unterm = row[f"m49_{lang}"], row[f"unterm_{lang}"]
        assert country_name(iso3, lang) == (m49 if isinstance(m49, str) else english)
        assert country_name(iso3, lang, form="unterm") == (unterm.rstrip(" *") if isinstance(unterm, str) else english)
    assert country_name(iso3, "en") == english


def test_names_read_from_the_raw_file():
    """A few names as the raw file spells them (grep of country-codes.csv), so that a broken column
    mapping cannot pass by comparing the table with itself."""
    _expected, origin = expected_names()
    if origin != "raw":
        pytest.skip("raw country-codes.csv not found (set MMDP_RAW_DIR); names checked against the committed table")
    assert country_name("FRA", "fr", form="unterm") == "France (la)"
    assert country_name("SEN", "fr") == "Sénégal" and country_name("SEN", "es", form="unterm") == "Senegal (el)"
    assert country_name("BOL", "es") == "Bolivia (Estado Plurinacional de)"
    assert country_name("CIV", "fr") == "Côte d’Ivoire"
    assert country_name("COK", "fr", form="unterm") == "Îles Cook (les)"  # UNTERM's "**" footnote mark dropped


def test_every_country_but_three_has_french_and_spanish_names():
    table = load_countries()
    missing = set(table.iso3[table.name_fr.isna() | table.name_es.isna()])
    assert missing == {"XKX", "XCX", "TWN"}
    assert country_name("XKX", "fr") == "Kosovo (UN Security Council resolution 1244)"  # English where none
    assert country_name("TWN", "es") == "China, Taiwan Province of China"


def test_bad_language_or_code_says_what_to_give():
    with pytest.raises(MmdpError, match="unknown language 'de'; choose one of: en, fr, es"):
        country_name("SEN", "de")
    with pytest.raises(MmdpError, match="unknown country code 'XYZ'"):
        country_name("XYZ", "fr")
    with pytest.raises(MmdpError, match="unknown name form"):
        country_name("SEN", "fr", form="formal")


GROUP_NAMES = frameworks_dir() / "group_names.csv"


def test_group_names_are_groups_of_places_with_a_source():
    table = pd.read_csv(GROUP_NAMES, dtype=str, keep_default_na=False)
    assert list(table.columns) == ["english", "french", "spanish", "source"]
    for row in table.itertuples():
        place = resolve_place(row.english)  # a typo would name no group
        assert place.is_group and place.name == row.english
        assert row.french and row.spanish and row.source, row.english
        assert group_name(place, "fr") == row.french and group_name(place, "es") == row.spanish


def test_group_names_fall_back_to_english_and_countries_to_their_un_names():
    assert group_name(resolve_place("LDC"), "fr") == "Pays les moins avancés"
    assert group_name(resolve_place("SIDS"), "es") == "Pequeños Estados insulares en desarrollo"
    assert group_name(resolve_place("Central Asia"), "fr") == "Central Asia"  # no sourced French name yet
    assert group_name(resolve_place("Sub-Saharan Africa"), "fr") == "Afrique subsaharienne"  # the UN subregion
    assert group_name(resolve_place("Sub-Saharan Africa (World Bank region)"), "fr") == (
        "Sub-Saharan Africa (World Bank region)"  # the UN's name is not the World Bank region's
    )
    assert group_name(resolve_place("SEN"), "fr") == country_name("SEN", "fr")
    assert group_name(resolve_place("World"), "en") == "World"
    assert group_name(resolve_place("Lower middle income"), "fr") == "Revenu intermédiaire, tranche inférieure"  # the catalogs' words
    assert group_name(resolve_place("High income"), "es") == "Ingreso alto"
    with pytest.raises(MmdpError, match="unknown language"):
        group_name(resolve_place("World"), "pt")
