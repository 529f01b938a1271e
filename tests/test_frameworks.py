"""Official French and Spanish titles of the GCM objectives and principles and the SDG indicators
(``data/frameworks/official_titles.csv``, ``data.frameworks``)."""

import pandas as pd
import pytest

from mmdp.data.frameworks import FRAMEWORKS, OFFICIAL_TITLES, framework_table, title
from mmdp.errors import MmdpError
from mmdp.i18n import using
from mmdp.paths import frameworks_dir

TITLES = pd.read_csv(frameworks_dir() / OFFICIAL_TITLES, dtype=str, keep_default_na=False)


def test_one_row_per_title_of_every_catalogue():
    assert list(TITLES.columns) == ["file", "code", "column", "french", "french_source", "spanish", "spanish_source"]
    expected = set()
    for file, (code_column, columns) in FRAMEWORKS.items():
        codes = pd.read_csv(frameworks_dir() / f"{file}.csv", dtype=str)[code_column]
        expected |= {(file, code, column) for code in codes for column in columns}
    keys = list(zip(TITLES.file, TITLES.code, TITLES.column))
    assert len(keys) == len(set(keys)), "a title is listed twice"
    assert set(keys) == expected


@pytest.mark.parametrize("lang", ["french", "spanish"])
def test_every_text_has_its_source_and_no_source_stands_alone(lang):
    for row in TITLES.itertuples():
        text, source = getattr(row, lang), getattr(row, f"{lang}_source")
        assert bool(text) == bool(source), f"{row.file} {row.code} {row.column}: {lang} text and source go together"
        assert not source or "https://" in source, f"{row.file} {row.code}: the source gives its address"


# Read back against the text of the pages named as sources (UN Network on Migration, Migration Network Hub).
READ_BACK = [
    ("gcm_objectives", "20", "objective", "fr",
     "Rendre les envois de fonds plus rapides, plus sûrs et moins coûteux et favoriser l’inclusion financière des migrants"),
    ("gcm_objectives", "6", "objective", "es",
     "Facilitar la contratación equitativa y ética y salvaguardar las condiciones que garantizan el trabajo decente"),
    ("gcm_objectives", "11", "objective", "fr", "Gérer les frontières de manière intégrée, sûre et coordonnée"),
    ("gcm_objectives", "20", "short_name", "fr", "Envois de fonds"),
    ("gcm_objectives", "12", "short_name", "es", "Verificación de antecedentes y derivación"),
    ("gcm_guiding_principles", "7", "principle", "fr", "Prise en compte de la problématique femmes-hommes"),
    ("gcm_guiding_principles", "9", "principle", "es", "Enfoque pangubernamental"),
]
# Read back against UNSD's lists as open-sdg/sdg-translations reproduces them (translations/fr|es/global_indicators.yml).
READ_BACK += [
    ("sdg_indicators", "10.c.1", "indicator", "fr", "Coûts des envois de fonds en proportion du montant transféré"),
    ("sdg_indicators", "10.c.1", "indicator", "es", "Costo de las remesas en proporción a las sumas remitidas"),
    ("sdg_indicators", "10.7.3", "indicator", "es",
     "Número de personas que murieron o desaparecieron en el proceso de migración hacia un destino internacional"),
]


@pytest.mark.parametrize(("file", "code", "column", "lang", "official"), READ_BACK)
def test_titles_read_back_as_published(file, code, column, lang, official):
    assert title(file, code, column, lang) == official


def test_an_empty_cell_falls_back_to_english():
    empty = TITLES[(TITLES.file == "gcm_objectives") & (TITLES.column == "objective") & (TITLES.spanish == "")]
    assert not empty.empty  # objectives whose official Spanish title no stored source gave
    code = empty.code.iloc[0]
    english = pd.read_csv(frameworks_dir() / "gcm_objectives.csv", dtype=str).set_index("number").objective[code]
    assert title("gcm_objectives", code, "objective", "es") == english
    assert title("sdg_indicators", "10.7.3", "indicator", "fr") == (
        "Number of people who died or disappeared in the process of migration towards an international destination"
    )


def test_table_in_the_current_language_keeps_codes_and_other_columns():
    english = framework_table("gcm_objectives", "en")
    with using("fr"):
        french = framework_table("gcm_objectives")
    assert list(french.number) == list(english.number)
    assert french.set_index("number").short_name["1"] == "Données"
    assert english.set_index("number").short_name["1"] == "Data"
    sdg = framework_table("sdg_indicators", "es")
    assert sdg.set_index("indicator_code").custodians.equals(framework_table("sdg_indicators", "en").set_index("indicator_code").custodians)


def test_unknown_file_code_column_or_language_says_what_to_give():
    with pytest.raises(MmdpError, match="unknown framework file 'mgi'"):
        title("mgi", "1", "domain", "fr")
    with pytest.raises(MmdpError, match="'24' is not a code in data/frameworks/gcm_objectives.csv"):
        title("gcm_objectives", "24", "objective", "fr")
    with pytest.raises(MmdpError, match="no title column 'summary'"):
        title("gcm_guiding_principles", "1", "summary", "fr")
    with pytest.raises(MmdpError, match="unknown language 'de'"):
        title("gcm_objectives", "1", "objective", "de")
