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
