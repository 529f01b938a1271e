"""Stages 2, 3 and 6 in French and Spanish (mmdp.i18n): the priorities, the results matrix, the tracker and
whose inputs they show, in the UN's results-based management terms, with values read from the example's
inputs and written with the language's separators."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

from mmdp.constants import PRIORITY_WEIGHTS, TRACKER_AMBER, TRACKER_GREEN
from mmdp.findings import monitoring, plan, priorities, results
from mmdp.i18n import set_language, using
from mmdp.inputs.parameters import validate_parameters
from mmdp.paths import examples_dir


@pytest.fixture(autouse=True)
def english_after():
    yield
    set_language("en")


def test_the_results_matrix_in_french_uses_the_rbm_terms_and_the_examples_counts():
    chain = pd.read_csv(examples_dir() / "results.csv")
    indicators = pd.read_csv(examples_dir() / "indicators.csv")
    finding = results.framework(validate_parameters("KGZ", language="fr"))
    matrix = finding.tables[0].frame
    assert {"Niveau", "Valeur de référence", "Cible", "Moyens de vérification", "Hypothèses et risques"} <= set(matrix.columns)
    assert matrix["Niveau"].value_counts().to_dict() == {
        "objectif général": 1, "effet": (chain.level == "outcome").sum(), "produit": (chain.level == "output").sum(), "indicateur": len(indicators)}
    assert f"relie un objectif général à {(chain.level == 'outcome').sum()} effets" in finding.sentence
    assert finding.tables[0].caption.startswith("Matrice des résultats")
    assert finding.sentence.endswith("(EXEMPLE ILLUSTRATIF : données de planification inventées, tirées de data/examples, "
                                     "et non des données réelles ; lieu : Kirghizistan.)")


def test_the_ranking_in_french_states_the_weights_with_a_decimal_comma():
    finding = priorities.ranking(validate_parameters("KGZ", language="fr"))
    impact = f"{100 * PRIORITY_WEIGHTS['impact'] / sum(PRIORITY_WEIGHTS.values()):.1f}".replace(".", ",")
    assert f"Avec les poids effet sur le développement {impact} %," in finding.sentence
    assert list(finding.tables[0].frame.columns[:4]) == ["Rang", "Code", "Objectif", "Note pondérée"]


def test_the_tracker_in_spanish_names_its_statuses_as_the_chapter_does():
    params = validate_parameters("KGZ", language="es")
    rows = monitoring.tracker_table(params)
    finding = monitoring.tracker(params)
    shown = finding.tables[0].frame
    colours = {"green": "verde", "amber": "ámbar", "red": "rojo", "grey": "gris"}
    assert list(shown["Estado"]) == [colours[s] for s in rows.status]
    assert {"Razón de avance", "Alerta de desglose", "Sexo"} <= set(shown.columns)
    assert set(shown["Sexo"]) <= {"total", "mujeres", "hombres"}
    assert f"{(rows.status == 'green').sum()} en verde" in finding.sentence
    assert f"verde desde {TRACKER_GREEN:g}".replace(".", ",") in finding.sentence
    assert f"ámbar desde {TRACKER_AMBER:g}".replace(".", ",") in finding.sentence


def test_the_reporting_calendar_in_french_names_the_un_reviews():
    rounds = pd.read_csv(examples_dir() / "monitoring.csv", parse_dates=["date"])
    params = validate_parameters("KGZ", language="fr")
    calendar = monitoring.reporting_calendar_table(params)
    shown = monitoring.reporting_calendar(params).tables[0].frame
    names = {"Annual progress report": "Rapport d'avancement annuel", "GCM regional review": "Examen régional du Pacte mondial",
             "International Migration Review Forum": "Forum d'examen des migrations internationales",
             "Voluntary National Review": "Examen national volontaire"}
    assert list(shown["Canal"]) == [names[c] for c in calendar.channel]
    assert f"Rapport d'avancement annuel sur l'année {rounds.date.min().year}" in set(shown["Rapport"])


def test_a_teams_inputs_are_labelled_in_the_language(tmp_path):
    folder = tmp_path / "equipo"
    shutil.copytree(examples_dir(), folder)
    params = validate_parameters("ECU", inputs=str(folder), language="es")
    assert plan.label(params) == "Insumos del equipo de país de Ecuador (carpeta equipo)"
    with using("en"):
        assert plan.label(params) == "Inputs of the Ecuador country team (folder equipo)"
