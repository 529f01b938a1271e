"""Stage 0 and Stage 1 findings (gender, capacity, stakeholders, readiness) in French and Spanish: the words
translated, the values those of the source files, written with the language's separators."""

from __future__ import annotations

import pandas as pd
import pytest

from mmdp.findings import capacity, gender, stakeholders
from mmdp.findings.plan import label
from mmdp.i18n import set_language
from mmdp.inputs.parameters import validate_parameters
from mmdp.paths import data_dir, examples_dir


@pytest.fixture(autouse=True)
def english_after():
    yield
    set_language("en")


def countries() -> pd.DataFrame:
    return pd.read_csv(data_dir() / "countries.csv", keep_default_na=False).set_index("iso3")


def test_gender_gaps_in_spanish_state_the_hdr_values_with_a_decimal_comma():
    """Kyrgyzstan's labour-force participation by sex, read from the processed HDR table."""
    context = pd.read_csv(data_dir() / "context.csv")
    rows = context[(context.iso3 == "KGZ") & (context.year <= 2025)].dropna(subset=["lfpr_female", "lfpr_male"])
    latest = rows[rows.year == rows.year.max()].iloc[0]
    women, men = (f"{value:.1f}".replace(".", ",") + " %" for value in (latest.lfpr_female, latest.lfpr_male))
    finding = gender.context_gaps(validate_parameters("KGZ", language="es"))
    name = countries().at["KGZ", "name_es"]
    assert finding.sentence.startswith(f"{name}: en {int(latest.year)}, el {women} de las mujeres y el {men} de los hombres de 15 años")
    table = finding.tables[0].shown()
    assert table.index.name == "Indicador" and list(table.columns)[:2] == ["Mujeres", "Hombres"]
    assert table.loc["Participación en la fuerza de trabajo (15 años o más), %", "Mujeres"] == women


def test_corridors_in_french_carry_the_un_french_country_names_and_the_same_gaps():
    """The same corridors as in English, labelled with the UN's French names (countries.csv, name_fr)."""
    english = gender.corridor_representation(validate_parameters("KGZ").place, 2025)
    names = countries()
    by_short_name = dict(zip(names.short_name, names.index))
    set_language("fr")
    french = gender.corridor_representation(validate_parameters("KGZ", language="fr").place, 2025)
    assert french.drop(columns="corridor").equals(english.drop(columns="corridor"))
    for label, direction, shown in zip(english.corridor, english.direction, french.corridor):
        partner = names.at[by_short_name[label.split(" ", 2)[2]], "name_fr"]
        assert shown == (f"Immigrants, origine : {partner}" if direction == "Immigrants" else f"Émigrants, destination : {partner}")
    table = gender.corridor_gaps(validate_parameters("KGZ", language="fr")).tables[0].shown()
    assert list(table.columns) == ["Corridor", "Migrants", "Femmes %", "Écart (points)", "Moyenne femmes %"]
    assert table["Écart (points)"].iloc[0] == f"{english.gap_points.iloc[0]:+.1f} points".replace(".", ",")


def test_the_french_register_keeps_years_whole_and_answers_in_french():
    """Heading translated, the year Kyrgyzstan's emigrant stock was last estimated (migrant_stock.csv) not
    grouped as a count would be (2024, never 2 024)."""
    stock = pd.read_csv(data_dir() / "migrant_stock.csv")
    last = int(stock[(stock.iso3 == "KGZ") & stock.emigrants_total.notna() & (stock.year <= 2025)].year.max())
    table = capacity.data_register(validate_parameters("KGZ", language="fr")).tables[0].shown().set_index("Indicateur")
    assert table.at["Émigrants (stock)", "Dernière année"] == str(last)
    assert table.at["Émigrants (stock)", "Disponible"] == "oui" and table.at["Émigrants (stock)", "Par sexe"] == "oui"


def test_the_gender_checklist_answers_the_same_questions_in_every_language():
    counts = {}
    for lang, answers in (("en", ("Yes", "Partly", "No")), ("fr", ("Oui", "En partie", "Non")), ("es", ("Sí", "En parte", "No"))):
        finding = gender.checklist(validate_parameters("UKR", language=lang))
        frame = finding.tables[0].frame
        assert frame.iloc[:, 1].str.startswith(answers).all(), lang
        counts[lang] = finding["answered"].value
    assert counts["fr"] == counts["es"] == counts["en"]


def test_the_stakeholder_map_in_spanish_says_whose_inputs_and_the_womens_share():
    """Women's share of named participants, summed from the illustrative stakeholders.csv."""
    example = pd.read_csv(examples_dir() / "stakeholders.csv")
    women, men = example.women_participants.sum(), example.men_participants.sum()
    share = f"{100 * women / (women + men):.1f}".replace(".", ",") + " %"
    params = validate_parameters("KGZ", language="es")
    finding = stakeholders.stakeholder_map(params)
    assert finding.sentence.startswith(f"Las mujeres son el {share} de los participantes designados")
    assert f"({label(params)}.)" in finding.sentence and countries().at["KGZ", "name_es"] in label(params)
    assert label(params).startswith("EJEMPLO ILUSTRATIVO")
    table = finding.tables[0].shown()
    assert {"Parte interesada", "Cuadrante"} <= set(table.columns)
    assert set(table["Cuadrante"]) == {"Gestionar de cerca", "Mantener satisfechos", "Mantener informados y empoderar", "Vigilar"}
