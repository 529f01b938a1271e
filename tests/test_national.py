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
        f.write("I13,OC2,Women's share of emigrants,,,national:emigrants_female_share,%,yes,yes,yes,,,,55,2030,National census\n")
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
