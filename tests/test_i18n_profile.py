"""The migration profile, the national figures and the plotting style in French and Spanish (issue 21):
translated words, the source's values in the language's format."""

from __future__ import annotations

import importlib
import re

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from mmdp.findings import national, profile
from mmdp.i18n import set_language, using
from mmdp.inputs.parameters import validate_parameters
from mmdp.paths import data_dir, examples_dir
from mmdp.render import style


@pytest.fixture(autouse=True)
def english_after():
    yield
    set_language("en")


def stock_value(iso3: str, year: int, column: str) -> float:
    stock = pd.read_csv(data_dir() / "migrant_stock.csv")
    return stock[(stock.iso3 == iso3) & (stock.year == year)][column].iloc[0]


def test_the_migrant_stock_in_french_states_the_source_value_with_french_separators():
    """Senegal's immigrants in 2024, read from the processed table: the French sentence and title."""
    immigrants = f"{round(stock_value('SEN', 2024, 'immigrants_total')):,}".replace(",", "\u202f")
    finding = profile.migrant_stock(validate_parameters("SEN", language="fr"))
    assert finding.title == "Migrants internationaux : immigration et émigration, Sénégal"
    assert finding.sentence.startswith(f"En 2024, Sénégal accueillait {immigrants} migrants internationaux, dont ")
    assert "de femmes" in finding.charts[0].alt and immigrants in finding.charts[0].alt


def test_the_corridor_table_in_french_has_french_headers_and_years_left_ungrouped():
    """Headers translated, the partner named in French, the year column a year ("2024", never "2 024")."""
    table = profile.corridors(validate_parameters("SEN", language="fr")).tables[0].shown()
    assert list(table.columns) == ["Origine", "Femmes", "Hommes", "Total", "Femmes %", "Année"]
    assert set(table["Année"]) == {"2024"}
    assert "Guinée" in set(table["Origine"]) and "Autre ou inconnu" in set(table["Origine"])


def test_the_remittances_in_spanish_state_the_cost_against_the_sdg_target():
    remittances = pd.read_csv(data_dir() / "remittances.csv")
    cost = remittances[(remittances.iso3 == "SEN")].dropna(subset=["cost_to_country_pct"]).sort_values("year").iloc[-1]
    finding = profile.remittances(validate_parameters("SEN", language="es"))
    assert finding.title == "Remesas, Senegal"
    assert f"Enviar 200 US$ a Senegal costaba en promedio {cost.cost_to_country_pct:.1f} %".replace(".", ",") in finding.sentence
    assert "meta 10.c de los ODS" in finding.sentence


def test_national_figures_in_french_keep_their_values_and_years():
    """The illustrative census figure (640,000 emigrants in 2022) in the French table, its year ungrouped."""
    finding = national.comparison(validate_parameters("KGZ", national=str(examples_dir() / "national"), language="fr"))
    assert finding.sentence.startswith("ILLUSTRATIF (chiffres inventés, pas des statistiques officielles) : ")
    table = finding.tables[0].shown().set_index("Chiffre")
    assert table.loc["Émigrants", "Chiffre national"] == "640\u202f000"
    assert table.loc["Émigrants", "Année (national)"] == "2022"
    assert any(note.startswith("*Pourquoi ils peuvent différer (migrants) :*") for note in finding.notes)
    english = national.comparison(validate_parameters("KGZ", national=str(examples_dir() / "national"), language="en"))
    assert english.tables[0].shown().set_index("Figure").loc["Emigrants", "National figure"] == "640,000"


def test_the_not_available_figure_and_axis_labels_follow_the_language():
    fig, (ax,) = style.new_figure()
    style.thousands(ax)
    formatter = ax.yaxis.get_major_formatter()
    assert formatter(1_500_000, 0) == "1.5 M"
    with using("fr"):
        assert formatter(1_500_000, 0) == "1,5 M"
        chart = style.no_data_chart("Envois de fonds, Tokélaou", "Aucune série.", "Source : x.")
        assert chart.alt == "Envois de fonds, Tokélaou : Aucune série."
    plt.close(fig)


def test_default_tick_labels_take_the_languages_decimal_sign_and_years_stay_ungrouped():
    for lang, half in (("en", "0.5"), ("es", "0,5")):
        with using(lang):
            fig, (ax,) = style.new_figure()
            ax.bar([2000, 2010], [0.5, 2.5])  # bars: not detected as a year axis, so the default formatter stays
            style._localize_ticks(fig)
            assert ax.yaxis.get_major_formatter().format_ticks([0.5, 1.0])[0] == half
            assert ax.xaxis.get_major_formatter().format_ticks([2000, 2010]) == ["2000", "2010"]
            plt.close(fig)


FRENCH_LISTS = [profile.migrant_stock, profile.development_context, "gender.female_share", "gender.corridor_gaps",
                "priorities.matrix", "priorities.alignment", "costing.funding_gap", "capacity.self_assessment",
                "workplan.gantt"]
"""Findings whose lists are joined in code (a planning finding that shows the inputs' own text, such as the
results framework's assumptions, shows it as typed: the illustrative example is in English)."""


@pytest.mark.parametrize("finding", FRENCH_LISTS, ids=lambda f: f if isinstance(f, str) else f.__name__)
def test_a_french_list_has_a_narrow_space_before_each_semicolon(finding):
    """French typography: "12,5 % ; 8,1 %", never "12,5 %;": lists joined in code use ``fmt.semicolons``."""
    if isinstance(finding, str):
        module, name = finding.split(".")
        finding = getattr(importlib.import_module(f"mmdp.findings.{module}"), name)
    result = finding(validate_parameters("SEN", language="fr"))
    texts = [result.sentence, *(chart.alt for chart in result.charts),
             *(cell for table in result.tables for cell in table.shown().astype(str).to_numpy().ravel())]
    glued = [text for text in texts if re.search(r"[^\s\u202f\u00a0];", text)]
    assert not glued, glued[:3]
    if finding is profile.migrant_stock:  # the share chart's alt text lists the place and its comparators
        assert any("\u202f; " in text for text in texts)
