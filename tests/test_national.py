"""National figures: templates checked row by row, shown beside the global estimates (never
instead of them), with both sources and years and the difference in percent."""

from __future__ import annotations

import shutil

import pytest

from mmdp.cli import main
from mmdp.data.places import resolve_place
from mmdp.errors import MmdpError
from mmdp.findings import national
from mmdp.findings.factsheet import key_facts
from mmdp.inputs.national import read_national
from mmdp.inputs.parameters import validate_parameters
from mmdp.paths import examples_dir

EXAMPLE = examples_dir() / "national"


def test_example_folder_is_labelled_illustrative_and_valid():
    assert "ILLUSTRATIVE" in (EXAMPLE / "README.md").read_text()
    tables = read_national(EXAMPLE)
    assert set(tables) == {"migrant_counts", "remittances", "labour_force", "displacement"}


def test_national_figures_sit_beside_the_global_ones(tmp_path):
    finding = national.comparison(validate_parameters("KGZ", None, None, None, str(EXAMPLE)))
    facts = finding.facts
    emigrants_2022 = key_facts(resolve_place("KGZ"), 2022)["emigrants"]
    assert facts["emigrants_national"].value == 640000 and facts["emigrants_national"].year == 2022
    assert facts["emigrants_global"].value == emigrants_2022.value  # the global figure is kept as it is
    assert facts["emigrants_global"].source == emigrants_2022.source
    expected = (640000 - emigrants_2022.value) / emigrants_2022.value * 100
    assert facts["emigrants_difference"].value == pytest.approx(expected)
    assert finding.sentence.startswith("ILLUSTRATIVE") and "do not replace" in finding.sentence
    assert finding.stated_numbers() <= finding.numbers()
    table = finding.tables[0].shown()
    assert {"National source", "National year", "Global source", "Global year", "Difference (% of global)"} <= set(table.columns)
    assert "+9.5 %" in set(table["Difference (% of global)"])
    assert any("Why they can differ" in note for note in finding.notes)


def test_without_national_figures_the_section_says_how_to_add_them():
    finding = national.comparison(validate_parameters("KGZ", None, None, None, None))
    assert "data/examples/national/" in finding.sentence and not finding.tables


def test_bad_rows_are_named_by_file_line_and_column(tmp_path):
    folder = tmp_path / "national"
    shutil.copytree(EXAMPLE, folder)
    text = (folder / "migrant_counts.csv").read_text().replace("emigrants,female,ALL,2022,330000", "emigrants,women,ALL,2022,33o000")
    (folder / "migrant_counts.csv").write_text(text)
    with pytest.raises(MmdpError) as error:
        read_national(folder)
    message = str(error.value)
    assert "migrant_counts.csv" in message and "line 3" in message and "'count'" in message


def test_run_refuses_a_bad_national_folder_before_any_work(tmp_path, capsys):
    folder = tmp_path / "national"
    folder.mkdir()
    (folder / "remittances.csv").write_text("direction,partner,year,usd,source,notes\nreceived,ALL,2022,-5,Central bank,\n")
    code = main(["run", "KGZ", "--national", str(folder), "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert code == 2 and "remittances.csv" in err and "line 2" in err and err.count("\n") == 1
    assert not (tmp_path / "out").exists()


def test_profile_notebook_shows_national_figures_when_given(tmp_path):
    from mmdp.run import runner

    from .notebook_text import snapshot_text

    (result,) = runner.run_all(["KGZ"], notebooks=["migration_profile"], out=tmp_path, jobs=1, progress=False, national=EXAMPLE)
    assert result.error is None, result.error
    text = snapshot_text(result.output)
    assert "National figures beside the global estimates" in text and "640,000" in text and "584,710" in text


def test_stage6_takes_a_national_baseline_when_the_team_asks_for_it(tmp_path):
    """An indicator marked ``national:emigrants_female_share`` takes its baseline from the national census
    (female / total emigrants to all countries, read here from the example CSV itself); the global estimate
    stays beside it as a context indicator, and "Baseline from" names each one's origin."""
    import csv

    from mmdp.findings import monitoring

    inputs = tmp_path / "inputs"
    shutil.copytree(examples_dir(), inputs)
    with open(inputs / "indicators.csv", "a", encoding="utf-8") as f:
        f.write("I13,OC2,Women's share of emigrants,,,national:emigrants_female_share,%,yes,yes,yes,,,,55,2029,National census\n")
    with open(examples_dir() / "national" / "migrant_counts.csv", encoding="utf-8") as f:
        rows = {(r["sex"], int(r["year"])): int(r["count"]) for r in csv.DictReader(f) if r["direction"] == "emigrants" and r["partner"] == "ALL"}
    year = max(y for _, y in rows)
    expected = f"{100 * rows['female', year] / rows['total', year]:.1f} %"

    params = validate_parameters("KGZ", 2024, inputs=inputs, national=examples_dir() / "national")
    table = monitoring.framework(params).tables[0].frame.set_index("Id")
    assert table.at["I13", "Baseline"] == expected and table.at["I13", "Baseline year"] == str(year)
    assert table.at["I13", "Baseline from"] == "national figures"
    assert table.at["I13", "Baseline source"].startswith("ILLUSTRATIVE")
    assert table.at["ctx:emigrants_female_share", "Baseline from"] == "global estimate (embedded data)"
    assert "International Migrant Stock" in table.at["ctx:emigrants_female_share", "Baseline source"]
    assert table.at["I03", "Baseline from"] == "global estimate (embedded data)"

    without = validate_parameters("KGZ", 2024, inputs=inputs)
    with pytest.raises(MmdpError, match=r"no national figures were given.*--national DIR"):
        monitoring.framework(without)


# Are the figures the run place's own? (inputs/national_place.py)

def _synthetic(values: dict[str, dict[str, float]], national: dict[str, float], topics: dict[str, str]):
    """Figures, published values and years for the pure check: places x figures."""
    import pandas as pd

    figures = pd.DataFrame([{"figure": f, "spec": 0, "file": "migrant_counts.csv", "line": k + 2, "column": "count", "label": f, "topic": topics[f],
                             "year": 2022, "value": v, "unit": "people"} for k, (f, v) in enumerate(national.items())])
    published = pd.DataFrame(values).T
    years = published.map(lambda _: 2020)
    return figures, published, years, {f: "Publisher, edition" for f in national}


NAMES = {"AAA": "Aland", "BBB": "Bergen", "CCC": "Cortes"}
TOPICS = {"emigrants": "emigrants", "immigrants": "immigrants", "received": "remittances received", "sent": "remittances sent", "refugees": "refugees hosted"}


def test_figures_of_another_place_are_named_with_file_line_and_column():
    from mmdp.inputs.national_place import place_problems

    published = {"AAA": {"emigrants": 1000, "immigrants": 500, "received": 8000}, "BBB": {"emigrants": 100, "immigrants": 900, "received": 300},
                 "CCC": {"emigrants": 5000, "immigrants": 40, "received": 70000}}
    bergen = {"emigrants": 105, "immigrants": 880, "received": 310}  # Bergen's figures, within 5 %
    problems = place_problems("AAA", *_synthetic(published, bergen, TOPICS), NAMES)
    files = [f for f, _ in problems]
    texts = [m for _, m in problems]
    assert files == ["migrant_counts.csv"] * 3
    assert texts[0].startswith("line 2, column 'count': emigrants in 2022, 105, is 10.5 % of Aland's published figure (1,000 in 2020, Publisher, edition)")
    assert "close to Bergen's (100)" in texts[0] and "give Aland's figure" in texts[0]
    assert texts[1].startswith("line 4, column 'count': received in 2022, 310, is 3.9 % of Aland's")
    assert "lines 2, 3, 4: these look like Bergen's figures, not Aland's" in texts[2] and "--country BBB" in texts[2]
    assert place_problems("BBB", *_synthetic(published, bergen, TOPICS), NAMES) == []  # the same figures checked for Bergen


def test_a_place_is_named_only_when_the_evidence_is_enough_and_unambiguous():
    from mmdp.inputs.national_place import place_problems

    two = {"AAA": {"emigrants": 1000, "immigrants": 500}, "BBB": {"emigrants": 100, "immigrants": 900}}
    problems = place_problems("AAA", *_synthetic(two, {"emigrants": 100, "immigrants": 900}, TOPICS), NAMES)
    assert len(problems) == 1 and "look like" not in problems[0][1]  # 2 figures: emigrants flagged (10 %), no place named
    same = {"AAA": {"emigrants": 1000, "immigrants": 500, "received": 8000}, "BBB": {"emigrants": 100, "immigrants": 900, "received": 300},
            "CCC": {"emigrants": 110, "immigrants": 850, "received": 290}}
    problems = place_problems("AAA", *_synthetic(same, {"emigrants": 105, "immigrants": 880, "received": 300}, TOPICS), NAMES)
    assert problems and not any("look like" in m for _, m in problems)  # Bergen and Cortes both match: neither is named
    near = {"AAA": {"emigrants": 1000, "immigrants": 500, "received": 8000}, "BBB": {"emigrants": 100, "immigrants": 900, "received": 300}}
    assert place_problems("AAA", *_synthetic(near, {"emigrants": 800, "immigrants": 600, "received": 9000}, TOPICS), NAMES) == []  # within 1.5 times


def test_one_odd_figure_among_five_does_not_hide_the_place():
    from mmdp.inputs.national_place import TRIM_FROM, place_problems

    published = {"AAA": {"emigrants": 1000, "immigrants": 500, "received": 8000, "sent": 900, "refugees": 40},
                 "BBB": {"emigrants": 100, "immigrants": 900, "received": 300, "sent": 50, "refugees": 7000}}
    national = {"emigrants": 100, "immigrants": 900, "received": 300, "sent": 50, "refugees": 40}  # Bergen's, but Aland's refugee count
    assert len(national) >= TRIM_FROM
    problems = place_problems("AAA", *_synthetic(published, national, TOPICS), NAMES)
    assert "these look like Bergen's figures, not Aland's: 4 of the 5 figures are within 0 % of Bergen's" in problems[-1][1]


def test_the_example_figures_look_like_kyrgyzstan_s_not_senegal_s():
    from mmdp.inputs.national_place import check_place

    tables = read_national(EXAMPLE)
    assert check_place("KGZ", tables) == []
    problems = check_place("SEN", tables)
    messages = " ".join(m for _, m in problems)
    assert "these look like Kyrgyzstan's figures, not Senegal's" in messages and "--country KGZ" in messages
    assert "displacement.csv line 2" in messages  # names file and line
    refugees = [m for f, m in problems if f == "displacement.csv"][0]
    assert refugees.startswith("line 2, column 'count': refugees hosted in 2022, 310, is") and "UNHCR" in refugees


def test_every_country_s_own_published_figures_pass():
    from mmdp.data.loaders import load_countries
    from mmdp.inputs.national_place import national_figures, place_problems, published_values

    figures = national_figures(read_national(EXAMPLE))
    values, years, sources = published_values(figures)
    names = dict(zip(load_countries().iso3, load_countries().name))
    checked = 0
    for place in values.dropna().index:
        own = figures.assign(value=[values.at[place, f] for f in figures.figure], year=[int(years.at[place, f]) for f in figures.figure])
        assert place_problems(place, own, values, years, sources, names) == [], place
        checked += 1
    assert checked > 150


def test_the_profile_says_when_the_figures_may_be_another_place_s():
    finding = national.comparison(validate_parameters("SEN", None, None, None, str(EXAMPLE)))
    assert "may not be Senegal's" in finding.sentence and finding.stated_numbers() <= finding.numbers()
    assert any("look like Kyrgyzstan's figures" in note for note in finding.notes)
