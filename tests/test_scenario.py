"""Remittance cost scenario (Stage 6): savings checked by hand against the processed tables, places
without data, groups as sums of their members, number consistency, the target slider, stored outputs."""

from __future__ import annotations

import nbformat
import pandas as pd
import pytest

from mmdp.constants import SDG_10C_TARGET_PCT
from mmdp.findings import scenario
from mmdp.inputs.parameters import validate_parameters
from mmdp.paths import REPO_ROOT, data_dir
from mmdp.render.display import Text

NOTEBOOK = REPO_ROOT / "notebooks" / "remittance_scenario.ipynb"
FINDINGS = (scenario.corridor_costs, scenario.cost_averages, scenario.savings, scenario.sensitivity)


@pytest.fixture(scope="module")
def kgz():
    return validate_parameters("KGZ")


def raw_corridor(sending: str, receiving: str) -> tuple[float, float, str]:
    """Flow (US$) and latest cost (%, quarter) of one corridor, read straight from the CSV files."""
    matrix = pd.read_csv(data_dir() / "remittance_matrix.csv", keep_default_na=False, na_values=[""])
    costs = pd.read_csv(data_dir() / "remittance_corridor_costs.csv", keep_default_na=False, na_values=[""])
    flow = matrix.loc[(matrix.sending_iso3 == sending) & (matrix.receiving_iso3 == receiving), "usd_million"].item() * 1e6
    rows = costs[(costs.sending_iso3 == sending) & (costs.receiving_iso3 == receiving)].sort_values("period")
    return flow, rows.avg_total_cost_pct.iloc[-1], rows.period.iloc[-1]


def test_one_corridor_by_hand(kgz):
    # data/remittance_matrix.csv: DEU,KGZ,383.778215; data/remittance_corridor_costs.csv: DEU,KGZ,2020Q3,6.5943
    flow, cost, period = raw_corridor("DEU", "KGZ")
    assert period == "2020Q3" and cost == pytest.approx(6.5943)
    expected = flow * (cost - SDG_10C_TARGET_PCT) / 100
    assert expected == pytest.approx(13.794e6, rel=1e-3)
    finding = scenario.savings(kgz)
    assert finding["top0"].label == "Saving, Germany" and finding["top0"].value == pytest.approx(expected)
    table = finding.tables[0].frame.set_index("Sending country")
    assert table.at["Germany", "Saving per year"] == pytest.approx(expected)
    assert table.at["Germany", "Quarter"] == "2020Q3"



def test_the_savings_in_french_and_the_method_in_spanish(kgz):
    """Germany's saving into Kyrgyzstan, read from the data files, in a French sentence and table; the corridor
    names are the UN's French names; the method note in Spanish."""
    from mmdp.i18n import using
    from mmdp.render import format as fmt

    flow, cost, _period = raw_corridor("DEU", "KGZ")
    expected = flow * (cost - SDG_10C_TARGET_PCT) / 100
    with using("fr"):
        finding = scenario.savings(kgz)
        assert finding["top0"].label == "Économie, Allemagne" and finding["top0"].value == pytest.approx(expected)
        assert f"Allemagne (6,6 % en 2020Q3, économie de {fmt.money(expected)})" in finding.sentence
        assert finding.sentence.startswith("Si chaque corridor dont le prix est connu (destination : Kirghizistan) coûtait au plus 3,0 %")
        table = finding.tables[0].frame.set_index("Pays d'envoi")
        assert table.at["Allemagne", "Économie par an"] == pytest.approx(expected)
        assert finding.tables[0].shown().iloc[0]["Économie par an"] == fmt.money(expected) == "13,8 M US$"
    with using("es"):
        text = scenario.method(kgz).markdown
        assert text.startswith("**Cómo se hace la estimación** (para Kirguistán, año de referencia 2025)")
        assert "enviar 200 US$" in text and "\n1. **Flujos.**" in text

def test_flow_weighted_average_beside_the_simple_one_by_hand(kgz):
    """KGZ, from the data files: RUS,KGZ 2,017.523691 million at 1.598 % and DEU,KGZ 383.778215 million at
    6.5943 % (both 2020Q3) give (2017.523691 x 1.598 + 383.778215 x 6.5943) / 2401.301906 = 2.3965 %;
    the two prices unweighted 4.0962 %; SDG 10.c.1 (remittances.csv, KGZ 2020) 4.511657 %."""
    flow_rus, cost_rus, _ = raw_corridor("RUS", "KGZ")
    flow_deu, cost_deu, _ = raw_corridor("DEU", "KGZ")
    weighted = (flow_rus * cost_rus + flow_deu * cost_deu) / (flow_rus + flow_deu)
    assert weighted == pytest.approx(2.3965, abs=1e-4)
    money = pd.read_csv(data_dir() / "remittances.csv").query("iso3 == 'KGZ'").dropna(subset=["cost_to_country_pct"])
    simple = money.sort_values("year").iloc[-1]
    assert (simple.year, simple.cost_to_country_pct) == (2020, pytest.approx(4.511657))
    finding = scenario.cost_averages(kgz)
    assert finding["weighted"].value == pytest.approx(weighted) and finding["corridor_mean"].value == pytest.approx((cost_rus + cost_deu) / 2)
    assert finding["simple"].value == pytest.approx(simple.cost_to_country_pct) and finding["simple"].year == 2020
    assert finding["top_share"].value == pytest.approx(100 * flow_rus / (flow_rus + flow_deu))
    assert finding["weighted"].value == scenario.corridor_costs(kgz)["weighted"].value  # one computation, stated twice
    assert "the corridors that carry most of the money are cheaper than the rest: Russia carries" in finding.sentence
    table = finding.tables[0].frame.set_index("Average")
    assert table.at["Simple average: SDG 10.c.1", "Value"] == pytest.approx(4.511657)
    assert table.at["Weighted by 2021 flows", "Value"] == pytest.approx(weighted)


def test_the_simple_average_is_the_baseline_of_an_indicator_marked_10c1(kgz):
    from mmdp.findings import baselines

    assert baselines.data_baselines(kgz.place, kgz.year)["10.c.1"] == scenario.cost_averages(kgz)["simple"]


@pytest.mark.parametrize("code", ["World", "UKR", "MEX", "DEU"])
def test_cost_averages_for_places_of_other_shapes(code):
    finding = scenario.cost_averages(validate_parameters(code))
    _check_numbers(finding)
    if code == "World":
        assert finding["simple"].missing and not finding["weighted"].missing
        assert "is not computed for a group" in finding.sentence
    if code == "MEX":  # one corridor with both a price and a flow: nothing to weight
        assert finding["n_corridors"].value == 1 and "Weighting" not in finding.sentence and "(1 corridor," in finding.sentence


def test_corridor_below_target_saves_nothing_and_totals_add_up(kgz):
    flow_rus, cost_rus, _ = raw_corridor("RUS", "KGZ")
    flow_deu, cost_deu, _ = raw_corridor("DEU", "KGZ")
    assert cost_rus < SDG_10C_TARGET_PCT < cost_deu
    finding = scenario.savings(kgz)
    assert finding.tables[0].frame.set_index("Sending country").at["Russia", "Saving per year"] == 0
    assert finding["savings"].value == pytest.approx(flow_deu * (cost_deu - SDG_10C_TARGET_PCT) / 100)
    matrix = pd.read_csv(data_dir() / "remittance_matrix.csv", keep_default_na=False, na_values=[""])
    inflow = matrix.loc[matrix.receiving_iso3 == "KGZ", "usd_million"].sum() * 1e6
    assert finding["inflow"].value == pytest.approx(inflow)
    assert finding["coverage"].value == pytest.approx(100 * (flow_rus + flow_deu) / inflow)
    assert finding["uncovered_inflow"].value == pytest.approx(inflow - flow_rus - flow_deu)
    assert finding["n_covered"].value == 2 and finding["n_uncovered"].value == 45


def test_uncovered_corridors_are_named_and_not_counted(kgz):
    finding = scenario.savings(kgz)
    named = finding.tables[1].frame["Sending country"].tolist()
    assert named[:3] == ["Türkiye", "Ukraine", "United States"] and len(named) == 45
    assert "Türkiye, Ukraine and United States" in finding.sentence and "not counted" in finding.sentence
    assert "Germany" not in named and "Russia" not in named


def test_costs_at_or_before_the_reference_year():
    frame = scenario.corridors_to(validate_parameters("KGZ").place, 2015)
    assert frame.period.dropna().str[:4].astype(int).max() <= 2015


def test_sensitivity_is_separate_and_uses_the_country_average(kgz):
    remittances = pd.read_csv(data_dir() / "remittances.csv", keep_default_na=False, na_values=[""])
    row = remittances[(remittances.iso3 == "KGZ")].dropna(subset=["cost_to_country_pct"]).iloc[-1]
    finding = scenario.sensitivity(kgz)
    uncovered = scenario.savings(kgz)["uncovered_inflow"].value
    assert finding["average"].value == pytest.approx(row.cost_to_country_pct) and finding["average"].year == row.year
    assert finding["extra"].value == pytest.approx(uncovered * (row.cost_to_country_pct - SDG_10C_TARGET_PCT) / 100)
    assert finding.sentence.startswith("Sensitivity, not included in the savings above")
    assert "savings" not in {k for k in finding.facts}  # the total stays in scenario.savings only


@pytest.mark.parametrize("code", ["USA", "TKL"])
def test_place_without_cost_data_says_so(code):
    params = validate_parameters(code)
    costs, averages, saved, sens = (f(params) for f in FINDINGS)
    assert averages["weighted"].missing and "no flow-weighted average" in averages.sentence
    assert not averages.tables or not averages["simple"].missing  # no table of 'not available' rows
    assert "no corridor cost" in costs.sentence and costs["n_priced"].value == 0
    assert saved["savings" if "savings" in saved.facts else "inflow"].missing
    assert "cannot be estimated" in saved.sentence
    assert saved.charts and all(c.alt and c.source for c in saved.charts)
    assert sens.sentence


def test_group_is_the_sum_of_its_members():
    group = validate_parameters("Central Asia")
    total = scenario.savings(group)
    members = [scenario.savings(validate_parameters(code)) for code in group.place.members]
    assert total["savings"].value == pytest.approx(sum(m["savings"].value or 0 for m in members if "savings" in m.facts))
    assert total["inflow"].value == pytest.approx(sum(m["inflow"].value or 0 for m in members))
    assert total["inflow"].basis.startswith("sum over")
    assert "Germany to Kyrgyzstan" in total.sentence


def test_world_runs_and_names_corridors_with_both_ends():
    finding = scenario.savings(validate_parameters("World"))
    assert finding["savings"].value > 0 and " to " in finding["top0"].label
    assert len(finding.tables[0].frame) == scenario.MAX_ROWS_GROUP
    assert "other corridors" in finding.tables[1].frame["Sending country"].iloc[-1]


def _check_numbers(finding):
    assert finding.stated_numbers() <= finding.numbers(), (finding.id, finding.stated_numbers() - finding.numbers())
    assert all(chart.alt and chart.source.startswith("Source") for chart in finding.charts)
    assert all(table.source.startswith("Source") for table in finding.tables)


@pytest.mark.parametrize("target", [0.0, 5.5, 10.0])
@pytest.mark.parametrize("place", ["PHL", "World"])
def test_every_number_stated_is_a_fact_at_other_targets(place, target):
    params = validate_parameters(place)
    _check_numbers(scenario.savings(params, target))
    _check_numbers(scenario.sensitivity(params, target))


def test_target_moves_the_savings(kgz):
    values = [scenario.savings(kgz, t)["savings"].value for t in (0.0, 1.0, SDG_10C_TARGET_PCT, 6.0, 10.0)]
    assert values == sorted(values, reverse=True) and values[-1] == 0
    assert "already costs at most" in scenario.savings(kgz, 10.0).sentence
    with pytest.raises(ValueError, match="between 0 and 100"):
        scenario.savings(kgz, -1)


def test_slider_is_a_widget_live_and_a_note_headless(kgz, monkeypatch):
    monkeypatch.setenv("MMDP_HEADLESS", "1")
    assert isinstance(scenario.savings_explorer(kgz), Text)
    monkeypatch.delenv("MMDP_HEADLESS")
    import ipywidgets

    widget = scenario.savings_explorer(kgz)
    assert isinstance(widget, ipywidgets.interactive)
    slider = next(c for c in widget.children if isinstance(c, ipywidgets.FloatSlider))
    assert (slider.min, slider.max, slider.step, slider.value) == (0.0, 10.0, 0.5, SDG_10C_TARGET_PCT)
    drawn = []
    monkeypatch.setattr(scenario, "savings", lambda params, target: drawn.append(target) or "redrawn")
    widget = scenario.savings_explorer(kgz)
    slider = next(c for c in widget.children if isinstance(c, ipywidgets.FloatSlider))
    slider.value = 5.5  # moving the slider redraws with the new target
    assert drawn[-1] == 5.5


def test_stored_outputs_exist():
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    assert notebook.metadata["mmdp"]["stage"] == 6
    code = [c for c in notebook.cells if c.cell_type == "code" and "parameters" not in c.metadata.get("tags", [])]
    assert all(c.outputs for c in code)
    text = "\n".join(o.get("data", {}).get("text/plain", "") for c in code for o in c.outputs)
    assert "households would save about US$ 13.8 M a year" in text
    assert "[Figure]" in text and "Interactive scenario" in text
    assert not any("application/vnd.jupyter.widget-view+json" in o.get("data", {}) for c in code for o in c.outputs)
    assert "notebooks/remittance_scenario" in (REPO_ROOT / "_toc.yml").read_text()
