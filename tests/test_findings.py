"""Findings: values checked against the sources; for every finding of every stage and the places of the
notebook sweep, every number that a sentence or an alt text states is one of the finding's facts."""

from __future__ import annotations

import ast
import importlib
import inspect
import re

import nbformat
import pandas as pd
import pytest

from mmdp.constants import CORRIDOR_MIN_MIGRANTS
from mmdp.data.loaders import load
from mmdp.data.provenance import IMS_TITLE, SOURCES
from mmdp.errors import MmdpError
from mmdp.findings import capacity, factsheet, gender, profile, stakeholders
from mmdp.findings.base import Fact, Finding
from mmdp.inputs.parameters import validate_parameters
from mmdp.paths import REPO_ROOT, examples_dir

from .conftest import places_param
from .test_notebooks import sweep_sample

@pytest.fixture(scope="module")
def kgz():
    return validate_parameters("KGZ")


def test_parameters_defaults(kgz):
    assert kgz.year == 2025  # latest year in any table (UNHCR)
    assert [g.name for g in kgz.comparators] == ["Central Asia", "Lower middle income"]
    assert "KGZ" in kgz.comparators[0].members and len(kgz.comparators[0].members) == 5
    assert kgz.illustrative_inputs
    assert [p.name for p in kgz.peers] == ["Central Asia", "Lower middle income", "World"]


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"country": "Narnia"}, "unknown country"),
        ({"country": "KGZ", "year": 1800}, "outside the embedded data"),
        ({"country": "KGZ", "year": "2020"}, "pass it with -p year 2020"),
        ({"country": "KGZ", "year": 2020.5}, "whole number"),
        ({"country": "KGZ", "comparators": ["KAZ", "Atlantis"]}, "unknown country 'Atlantis'"),
        ({"country": "KGZ", "comparators": '["KAZ"]'}, "-y 'comparators"),
        ({"country": "KGZ", "inputs": "no/such/folder"}, "inputs folder not found"),
    ],
)
def test_bad_parameters_are_refused_with_the_fix(kwargs, message):
    with pytest.raises(MmdpError, match=message):
        validate_parameters(**kwargs)


def test_explicit_comparators():
    params = validate_parameters("Moldova", 2020, ["Romania", "UKR", "Central Asia"])
    assert [g.members for g in params.comparators[:2]] == [("ROU",), ("UKR",)]
    assert params.comparators[2].is_group and params.year == 2020


def test_top_corridors_match_raw_file(kgz):
    # raw: 2024,KGZ,RUS,female,64370 / male,42189 ; 2024,RUS,KGZ,female,170717 / male,162947
    origins = profile.top_corridors(kgz.place, 2025, "origins")
    assert origins.iloc[0][["iso3", "women", "men", "total", "year"]].tolist() == ["RUS", 64370, 42189, 106559, 2024]
    destinations = profile.top_corridors(kgz.place, 2025, "destinations", n=3)
    assert destinations.iloc[0].total == 170717 + 162947
    assert len(destinations) == 3 and destinations.total.is_monotonic_decreasing


def test_stock_finding_states_computed_values(kgz):
    finding = profile.migrant_stock(kgz)
    assert finding["immigrants"].value == 194_816 and finding["immigrants"].year == 2024
    assert "194,816 international migrants" in finding.sentence and "59.6 % of them women" in finding.sentence
    assert "540,573 people born in Kyrgyzstan" in finding.sentence
    assert all(chart.alt and chart.source.startswith("Source") for chart in finding.charts)


def test_remittance_finding_compares_with_sdg_target(kgz):
    text = profile.remittances(kgz).sentence
    assert "US$ 2.85 bn" in text and "20.4 % of GDP" in text
    assert "4.5 % on average in 2020, 1.5 points above 3 % (the SDG 10.c target is less than 3 %)" in text


@pytest.mark.parametrize("iso3", ["USA", "SAU"])
def test_tiny_shares_never_read_zero(iso3):
    finding = profile.remittances(validate_parameters(iso3))
    assert 0 < finding["received_pct_gdp"].value < 0.05
    assert "< 0.1 % of GDP" in finding.sentence and "0.0 %" not in finding.sentence


def test_sparse_place_says_not_available():
    params = validate_parameters("Tokelau")
    assert "no record for Tokelau" in profile.displacement(params).sentence
    assert "has no series of remittances received" in profile.remittances(params).sentence
    assert "not available" in profile.development_context(params).sentence


def test_peer_table_medians(kgz):
    table = profile.peer_table(kgz).frame
    assert table.loc["Remittances received, % of GDP", "Kyrgyzstan"] == "20.4 %"
    assert table.loc["Human Development Index", "Kyrgyzstan"] == "0.701"
    assert table.loc["Immigrants, % of population", "Central Asia (median)"].endswith("(n=5)")


def test_female_share_of_groups_is_a_ratio_of_sums(kgz):
    series = gender.female_share_series(kgz)
    world = series[(series.group == "World") & (series.year == 2024)].iloc[0]
    stock = load("migrant_stock")
    stock = stock[stock.year == 2024]
    assert world.immigrants_female_share_pct == pytest.approx(100 * stock.immigrants_female.sum() / stock.immigrants_total.sum())


def test_corridor_gaps_sentence_and_alt_agree(kgz):
    # Kyrgyzstan: the alt text once named Belarus (+3.4) while the sentence named Italy (+28.0)
    finding = gender.corridor_gaps(kgz)
    table = gender.corridor_representation(kgz.place, kgz.year)
    top, bottom = table.iloc[0], table.iloc[-1]
    assert top.gap_points == table.gap_points.max() and bottom.gap_points == table.gap_points.min()
    for text in (finding.sentence, finding.charts[0].alt):
        assert top.corridor.split()[-1] in text and f"{top.gap_points:+.1f} points" in text
        assert bottom.corridor.split()[-1] in text and f"{bottom.gap_points:+.1f} points" in text
    assert (table.migrants >= CORRIDOR_MIN_MIGRANTS).all()
    imm = table[table.direction == "Immigrants"]
    assert (imm.gap_points - (imm.women_pct - imm.overall_women_pct)).abs().max() < 0.11


def test_context_gaps_from_hdr(kgz):
    finding = gender.context_gaps(kgz)
    assert (finding["lfpr_women"].text, finding["lfpr_men"].text, finding["lfpr_women"].year) == ("52.5 %", "78.0 %", 2022)
    assert finding["gii"].text == "0.345"  # HDR: gii_2022 0.345


def test_displaced_by_sex_age_coverage(kgz):
    table, covered, total = gender.displaced_by_sex_age(kgz.place, "hosted")
    assert 0 < covered <= total
    assert table.women.sum() + table.men.sum() <= covered


def test_idp_table_prints_counts_not_floats():
    text = gender.idp_sex_table(validate_parameters("UKR").place)._repr_mimebundle_()["text/plain"]
    assert "1,960,836" in text or "," in text
    assert ".0 " not in text and not text.rstrip().endswith(".0")


def test_checklist_marks_what_data_cannot_answer():
    table = gender.checklist(validate_parameters("Tokelau")).tables[0].frame
    answers = table["What the embedded data can answer here"]
    assert answers.str.startswith(("Yes", "Partly", "No")).all()
    assert answers.iloc[2].startswith("No: UNHCR records no refugees")


def test_register_counts_available_indicators():
    sparse = capacity.register_rows(validate_parameters("Tokelau").place, 2025)
    assert (sparse.Available == "yes").sum() == 6
    full = capacity.register_rows(validate_parameters("KGZ").place, 2025).set_index("Indicator")
    assert full.at["Immigrants (stock)", "Latest year"] == 2024
    assert full.at["Refugees hosted", "Latest year"] == 2025


def test_capacity_scores_from_the_example(kgz):
    scores = capacity.capacity_scores(kgz)
    assert scores.at["MGI-5", capacity.SCORE] == 0.5  # 1 and 0 in data/examples
    assert scores.Questions.sum() == len(pd.read_csv(examples_dir() / "capacity_self_assessment.csv"))


def test_stakeholder_quadrants_and_balance(kgz):
    table = stakeholders.stakeholder_table(kgz)
    assert table.loc[1, "quadrant"] == "Manage closely"
    assert set(table.quadrant) == set(stakeholders.QUADRANTS)
    facts = stakeholders.balance_facts(table)
    assert facts["women_participants"].value == pytest.approx(100 * 25 / 49)  # sums of the example's columns


def test_user_text_is_escaped_in_every_output(tmp_path, kgz):
    header = (examples_dir() / "stakeholders.csv").read_text().splitlines()[0]
    (tmp_path / "stakeholders.csv").write_text(f'{header}\nX1,"<img src=x onerror=alert(9)>",other,Government,3,3,no,no,1,1\n')
    finding = stakeholders.stakeholder_map(validate_parameters("KGZ", inputs=tmp_path))
    html = finding.tables[0]._repr_mimebundle_()["text/html"]
    assert "<img src=x" not in html and "&lt;img" in html
    assert str(tmp_path) not in finding.sentence  # no local path in a shared page


def notebook_finding_calls() -> list[str]:
    """Every finding call of every stage's notebook, as the notebook writes it (``profile.corridors(params)``,
    ``factsheet.key_figures(params.place, params.year)``); widgets and the method text left out."""
    calls = []
    for path in sorted((REPO_ROOT / "notebooks").glob("*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type != "code" or "parameters" in cell.metadata.get("tags", []):
                continue
            for node in ast.parse(cell.source).body:
                call = node.value if isinstance(node, ast.Expr) else None
                if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute) and isinstance(call.func.value, ast.Name)):
                    continue
                if not (REPO_ROOT / "lib" / "mmdp" / "findings" / f"{call.func.value.id}.py").is_file():
                    continue  # display(), widgets: not a findings module
                module = importlib.import_module(f"mmdp.findings.{call.func.value.id}")
                if inspect.signature(getattr(module, call.func.attr)).return_annotation == "Finding":
                    calls.append(ast.unparse(call))
    return calls


FINDING_CALLS = notebook_finding_calls()
"""The one list of findings the tests run: every finding call of every notebook."""


def finding_functions(*modules: str) -> list:
    """The finding functions of the given modules, as the notebooks call them with ``params`` alone."""
    calls = [c for c in FINDING_CALLS if c.split(".")[0] in modules and c.endswith("(params)")]
    return [getattr(importlib.import_module(f"mmdp.findings.{c.split('.')[0]}"), c.split(".")[1].split("(")[0]) for c in calls]


def test_the_number_check_covers_every_stage():
    modules = {call.split(".")[0] for call in FINDING_CALLS}
    assert {"factsheet", "profile", "gender", "capacity", "stakeholders", "readiness", "priorities", "results",
            "costing", "workplan", "monitoring", "scenario", "national"} <= modules
    assert len(FINDING_CALLS) >= 40 and "factsheet.key_figures(params.place, params.year)" in FINDING_CALLS


@pytest.fixture(scope="module")
def quick_charts():
    """Charts keep their alt text and source but skip drawing the PNG: the number check reads only text,
    and rasterising ~900 figures would take minutes."""
    import matplotlib.pyplot as plt

    from mmdp.render import style
    from mmdp.render.display import Chart

    def render(fig, alt, source, data=None, recurs=False):
        if not alt.strip() or not source.strip():
            raise ValueError("every figure needs alt text and a source line")
        plt.close(fig)
        return Chart(b"", alt, source, data=data)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(style, "render", render)
        yield


@pytest.mark.parametrize("place", places_param(sweep_sample()))
def test_every_number_stated_is_a_fact(place, quick_charts):
    """Every finding of every stage (planning stages on the illustrative examples) for every place of the
    notebook sweep: each number in a sentence or an alt text is one of the finding's facts (a value, a year,
    or a number in a fact's label, basis or source edition)."""
    params = validate_parameters(place)
    namespace = {"params": params} | {call.split(".")[0]: importlib.import_module(f"mmdp.findings.{call.split('.')[0]}") for call in FINDING_CALLS}
    for call in FINDING_CALLS:
        finding = eval(call, namespace)
        assert finding.stated_numbers() <= finding.numbers(), (call, finding.stated_numbers() - finding.numbers())
        for text in (finding.sentence, *(chart.alt for chart in finding.charts)):
            assert not EMPTY_ITEM.search(text), (call, text)


EMPTY_ITEM = re.compile(r";\s*[;).,]|\(\s*[;,)]|,\s*[,;)]")
"""An empty item joined into a list: "(up from 49.5 % in 1990; )", "a, , b", "()"."""


def test_an_edition_counts_only_as_the_source_of_a_fact():
    """'International Migrant Stock 2024' may be stated when a fact carries that source, not otherwise."""
    sentence = f"UN DESA's {IMS_TITLE} has no estimate for Saint Barthélemy."
    assert "2024" not in Finding("x", "x", {}, sentence).numbers()
    assert "2024" in Finding("x", "x", {"immigrants": Fact("Immigrants", None, "people", None, SOURCES["ims"])}, sentence).numbers()
    for make in (profile.migrant_stock, gender.female_share):
        finding = make(validate_parameters("BLM"))  # no IMS estimate
        assert IMS_TITLE in finding.sentence and finding.stated_numbers() <= finding.numbers()
        assert all(fact.missing and fact.source == SOURCES["ims"] for fact in finding.facts.values())


def test_key_figures_of_a_country_against_the_raw_file():
    facts = factsheet.key_facts(validate_parameters("KGZ").place)
    assert facts["immigrants"].value == 194_816  # awk: 2024, dest KGZ, female+male
    assert facts["hdi"].text == "0.701" and facts["hdi"].year == 2022


def test_remittance_dependence_list_follows_the_data():
    finding = profile.remittance_dependence()
    money = load("remittances").dropna(subset=["received_pct_gdp"])
    tonga = money[money.iso3 == "TON"].sort_values("year").iloc[-1]
    assert finding["TON"].value == tonga.received_pct_gdp and finding["TON"].year == int(tonga.year)
    assert all(f.value > 25 for key, f in finding.facts.items() if len(key) == 3 and key.isupper())
    assert finding.stated_numbers() <= finding.numbers()


@pytest.mark.parametrize("place", ["KGZ", "UKR", "World", "TKL"])
def test_every_data_chart_carries_the_data_it_draws(place):
    """Every figure drawn from the embedded data carries its data (a pack ships it as CSV under the figure);
    only the 'no data' figures carry none."""
    from mmdp.findings import scenario

    params = validate_parameters(place)
    for make in (*finding_functions("profile", "gender"), scenario.corridor_costs, scenario.savings):
        for chart in make(params).charts:
            no_data = chart.alt.split(": ", 1)[-1].startswith(("No ", "UNHCR records no", "UNDP's HDR series has no"))
            assert no_data or (chart.data is not None and len(chart.data)), (make.__name__, chart.alt[:80])


def test_chart_data_holds_the_values_the_alt_text_states(kgz):
    """The figure data are the numbers drawn: the last year of the women-and-men chart adds up to the
    immigrant stock the alt text states, and the top origin's total matches the corridor fact."""
    stock = profile.migrant_stock(kgz)
    last = stock.charts[1].data.iloc[-1]
    assert round(last.immigrants_female + last.immigrants_male) == round(stock.facts["immigrants"].value)
    corridors = profile.corridors(kgz)
    origins = corridors.charts[0].data[corridors.charts[0].data.corridor == "origin of immigrants"]
    assert origins.total.iloc[0] == corridors.facts["origin_1"].value
