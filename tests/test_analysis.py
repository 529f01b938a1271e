"""Migration profile, gender analysis and capacity functions: values checked against the sources."""

from __future__ import annotations

import pandas as pd
import pytest

from mmdp import capacity, gender
from mmdp import migration_profile as mp
from mmdp.errors import MmdpError
from mmdp.setup import EXAMPLE_INPUTS, Group, setup


@pytest.fixture(scope="module")
def kgz():
    return setup("KGZ")


def test_setup_defaults(kgz):
    assert kgz.year == 2025  # latest year in any table (UNHCR)
    assert [g.name for g in kgz.comparators] == ["Central Asia", "Lower middle income countries"]
    assert "KGZ" in kgz.comparators[0].members and len(kgz.comparators[0].members) == 5
    assert kgz.illustrative_inputs


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"country": "Narnia"}, "unknown country"),
        ({"country": "KGZ", "year": 1800}, "outside the embedded data"),
        ({"country": "KGZ", "year": "2020"}, "whole number"),
        ({"country": "KGZ", "comparators": ["KAZ", "Atlantis"]}, "unknown country 'Atlantis'"),
        ({"country": "KGZ", "inputs": "no/such/folder"}, "inputs folder not found"),
    ],
)
def test_setup_rejects_bad_parameters(kwargs, message):
    with pytest.raises(MmdpError, match=message):
        setup(**kwargs)


def test_explicit_comparators():
    run = setup("Moldova", 2020, ["Romania", "UKR"])
    assert [g.members for g in run.comparators] == [("ROU",), ("UKR",)]
    assert run.year == 2020


def test_top_corridors_match_raw_file(kgz):
    # raw: 2024,KGZ,RUS,female,64370 / male,42189 ; 2024,RUS,KGZ,female,170717 / male,162947
    origins = mp.top_corridors("KGZ", 2025, "origins")
    assert origins.iloc[0][["iso3", "women", "men", "total", "year"]].tolist() == ["RUS", 64370, 42189, 106559, 2024]
    destinations = mp.top_corridors("KGZ", 2025, "destinations", n=3)
    assert destinations.iloc[0].total == 170717 + 162947
    assert len(destinations) == 3 and destinations.total.is_monotonic_decreasing


def test_group_stock_world_total(kgz):
    world = mp.group_stock(kgz.world, 2025).set_index("year")
    assert world.at[2024, "immigrants_total"] == 304_021_813
    bilateral = mp.load("migrant_stock_bilateral")
    unknown = bilateral[(bilateral.year == 2024) & (bilateral.orig_iso3 == "OOO")]
    known_origin = 304_021_813 - unknown.female.sum() - unknown.male.sum()
    assert world.at[2024, "emigrants_total"] == known_origin  # emigrants: origin known


def test_stock_sentence_states_computed_values(kgz):
    text = mp.stock_sentence(kgz)
    assert "194,816 international migrants" in text and "59.6 % of them women" in text
    assert "540,573 people born in Kyrgyzstan" in text


def test_remittance_sentence_compares_with_sdg_target(kgz):
    text = mp.remittance_sentence(kgz)
    assert "US$ 2.85 bn" in text and "20.4 % of GDP" in text
    assert "4.5 % on average in 2020, 1.5 points above the SDG 10.c target" in text


def test_sparse_place_says_not_available():
    run = setup("Tokelau")
    assert "no record for Tokelau" in mp.displacement_sentence(run)
    assert "has no series of remittances received" in mp.remittance_sentence(run)
    assert "not available" in mp.context_sentence(run)
    assert mp.remittances_chart(run).alt.endswith("not available for this country or area.") or "No World Bank" in mp.remittances_chart(run).alt


def test_peer_table_medians(kgz):
    table = mp.peer_table(kgz)
    assert table.loc["Remittances received, % of GDP", "Kyrgyzstan"] == "20.4"
    assert table.loc["Human Development Index", "Kyrgyzstan"] == "0.701"
    assert table.loc["Immigrants, % of population", "Central Asia (median)"].endswith("(n=5)")


def test_female_share_series_is_computed_from_sums(kgz):
    series = gender.female_share_series(kgz)
    world = series[(series.group == "World") & (series.year == 2024)].iloc[0]
    assert 40 < world.immigrants_female_share_pct < 55


def test_corridor_representation_gaps(kgz):
    table = gender.corridor_representation(kgz)
    imm = table[table.direction == "Immigrants"]
    assert (imm.migrants >= gender.CORRIDOR_MIN_MIGRANTS).all()
    overall = imm.overall_women_pct.iloc[0]
    assert overall == 59.6
    assert (imm.gap_points - (imm.women_pct - overall)).abs().max() < 0.11
    assert imm.gap_points.iloc[0] == imm.gap_points.max()


def test_context_gaps_from_hdr(kgz):
    gaps = gender.context_gaps(kgz)
    row = gaps.loc["Labour-force participation (15+), %"]
    assert (row.Women, row.Men, row.Year) == (52.5, 78.0, 2022)  # HDR: lfpr_f_2022 52.49, lfpr_m_2022 78.01
    assert gaps.loc["Gender Inequality Index (GII; 0 = equality)", gender.GAP] == 0.345


def test_displaced_by_sex_age_coverage(kgz):
    table, covered, total = gender.displaced_by_sex_age(kgz, "hosted")
    assert 0 < covered <= total
    assert table.women.sum() + table.men.sum() <= covered


def test_checklist_marks_what_data_cannot_answer():
    checklist = gender.gender_checklist(setup("Tokelau"))
    answers = checklist["What the embedded data can answer here"]
    assert answers.str.startswith(("Yes", "Partly", "No")).all()
    assert answers.iloc[2].startswith("No: UNHCR records no refugees")
    assert (checklist["What they cannot answer"].str.len() > 10).all()


def test_register_counts_available_indicators():
    sparse = capacity.register_rows(setup("Tokelau"))
    assert (sparse.Available == "yes").sum() == 6
    full = capacity.register_rows(setup("KGZ"))
    assert full.set_index("Indicator").at["Immigrants (stock)", "Latest year"] == 2024
    assert full.set_index("Indicator").at["Refugees hosted", "Latest year"] == 2025


def test_capacity_scores_from_the_example(kgz):
    scores = capacity.capacity_scores(kgz)
    assert scores.at["MGI-5", "Mean score (0-4)"] == 0.5  # 1 and 0 in data/examples
    assert scores.Questions.sum() == len(pd.read_csv(EXAMPLE_INPUTS / "capacity_self_assessment.csv"))


def test_stakeholder_quadrants_and_balance(kgz):
    table = capacity.stakeholders(kgz)
    assert table.loc[1, "quadrant"] == "Manage closely"
    assert set(table.quadrant) == {"Manage closely", "Keep satisfied", "Keep informed and empower", "Monitor"}
    balance = capacity.participation_balance(table)
    assert balance["women_share_of_participants_pct"] == round(100 * 25 / 49, 1)  # sums of the example's columns


@pytest.mark.parametrize(
    "line, message",
    [
        ("Someone,Government,7,3,no,no,1,1", "line 2, column 'influence' is out of range"),
        ("Someone,Government,3,3,maybe,no,1,1", "line 2, column 'women_led' must be one of"),
        ("Someone,Government,3,3,no,no,-1,1", "line 2, column 'women_participants' must be 0 or more"),
        ("Someone,Government,high,3,no,no,1,1", "must be a whole number"),
    ],
)
def test_bad_stakeholder_template_names_line_and_column(tmp_path, line, message):
    header = (EXAMPLE_INPUTS / "stakeholders.csv").read_text().splitlines()[0]
    (tmp_path / "stakeholders.csv").write_text(f"{header}\n{line}\n")
    with pytest.raises(MmdpError, match=message):
        capacity.stakeholders(setup("KGZ", inputs=tmp_path))


def test_missing_template_column(tmp_path):
    (tmp_path / "capacity_self_assessment.csv").write_text("domain_code,question\nMGI-1,Something\n")
    with pytest.raises(MmdpError, match="capacity_self_assessment.csv: column 'score' is missing"):
        capacity.capacity_scores(setup("KGZ", inputs=tmp_path))


def test_charts_carry_alt_text_and_source(kgz):
    chart = mp.stock_chart(kgz)
    bundle = chart._repr_mimebundle_()
    assert 'alt="Two stacked area charts' in bundle["text/html"]
    assert "Source: UN DESA, International Migrant Stock 2024." in bundle["text/plain"]
    assert chart.png.startswith(b"\x89PNG")


def test_group_is_hashable_and_named():
    assert Group("X", ("KGZ",)) == Group("X", ("KGZ",))


def test_country_explorer_is_a_widget_live_and_a_note_headless(kgz, monkeypatch):
    import ipywidgets

    from mmdp.notebook import HEADLESS_ENV, Text, country_explorer

    monkeypatch.setenv(HEADLESS_ENV, "1")
    assert isinstance(country_explorer(kgz, mp.stock_chart), Text)
    monkeypatch.delenv(HEADLESS_ENV)
    widget = country_explorer(kgz, mp.stock_chart)
    assert isinstance(widget, ipywidgets.interactive)
    assert widget.children[0].value == "KGZ"


def test_tables_say_not_available_for_every_kind_of_missing():
    from mmdp.notebook import Table

    frame = pd.DataFrame({"a": [1.5, None], "b": pd.array([None, 2], dtype="Int64"), "c": ["x", None]})
    text = Table(frame, "Caption", "Source: test.")._repr_mimebundle_()["text/plain"]
    assert text.count("not available") == 3
    assert not any(token in text for token in ("None", "nan", "<NA>"))


def test_empty_tables_and_no_data_charts_say_so():
    from mmdp.notebook import Table

    text = Table(pd.DataFrame(columns=["a"]), "Caption", "Source: test.")._repr_mimebundle_()["text/plain"]
    assert "No rows" in text and "Empty DataFrame" not in text
    chart = mp.stock_chart(setup("GGY"))  # UN DESA reports Guernsey within the Channel Islands
    assert "No UN DESA estimate" in chart.alt and chart.source.startswith("Source: UN DESA")


def test_context_chart_states_hdi_and_income(kgz):
    alt = mp.context_chart(kgz).alt
    assert "HDI 0.701 in 2022" in alt and "GDP per capita (PPP) 6,403 in 2023" in alt
    assert mp.group_median_series(kgz.comparators[0], "hdi", 2025).year.max() == 2022


def test_a_bad_template_fails_when_the_parameters_are_checked(tmp_path):
    header = (EXAMPLE_INPUTS / "stakeholders.csv").read_text().splitlines()[0]
    (tmp_path / "stakeholders.csv").write_text(f"{header}\nSomeone,Government,9,3,no,no,1,1\n")
    with pytest.raises(MmdpError, match="stakeholders.csv: line 2, column 'influence'"):
        setup("KGZ", inputs=tmp_path)


def test_gender_sentences_state_computed_shares(kgz):
    text = gender.female_share_sentence(kgz)
    assert text.startswith("Women were 59.6 % of immigrants in Kyrgyzstan in 2024")
    assert "World 48.0 %" in text and "55.0 % of emigrants" in text
    corridors = gender.corridor_sentence(kgz)
    table = gender.corridor_representation(kgz)
    top = table.loc[table.gap_points.idxmax()]
    assert f"'{top.corridor}' ({top.women_pct:.1f} % women" in corridors
    assert gender.corridor_sentence(setup("Tokelau")).startswith("No corridor")


def test_tables_format_counts_but_not_years():
    from mmdp.notebook import Table

    frame = pd.DataFrame({"Migrants": [106559], "Year": [2024]})
    text = Table(frame, "Caption", "Source: test.", index=False)._repr_mimebundle_()["text/plain"]
    assert "106,559" in text and "2024" in text and "2,024" not in text
