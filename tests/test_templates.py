"""Planning templates a country team fills in: every malformed file is refused with one message that
names the file, the line, the column, the problem and the fix."""

from __future__ import annotations

import pytest

from mmdp.errors import MmdpError
from mmdp.findings.base import describe_parameters
from mmdp.inputs.parameters import validate_parameters
from mmdp.inputs.templates import CAPACITY_SCHEMA, STAKEHOLDER_SCHEMA, read_template
from mmdp.paths import examples_dir

STAKEHOLDER_HEADER = (examples_dir() / "stakeholders.csv").read_text(encoding="utf-8").splitlines()[0]
CAPACITY_HEADER = (examples_dir() / "capacity_self_assessment.csv").read_text(encoding="utf-8").splitlines()[0]


def refused(tmp_path, name: str, content: bytes | str) -> str:
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    with pytest.raises(MmdpError) as err:
        validate_parameters("KGZ", inputs=tmp_path)
    message = str(err.value)
    assert "\n" not in message and "Traceback" not in message
    return message


@pytest.mark.parametrize(
    "line, fragment",
    [
        ("SOM,Someone,planning,Government,7,3,no,no,1,1", "line 2, column 'influence': 7 is outside the allowed range; give a value from 1 to 5"),
        ("SOM,Someone,planning,Government,3,3,maybe,no,1,1", "line 2, column 'women_led': 'maybe' is not allowed; use one of: yes, no"),
        ("SOM,Someone,planning,Government,3,3,no,no,-1,1", "line 2, column 'women_participants': -1 is below 0; give 0 or more"),
        ("SOM,Someone,planning,Government,high,3,no,no,1,1", "line 2, column 'influence': 'high' is not a number"),
        ("SOM,Someone,planning,Government,2.5,3,no,no,1,1", "line 2, column 'influence': '2.5' is not a whole number"),
        ("SOM,=HYPERLINK(1),planning,Government,3,3,no,no,1,1", "column 'stakeholder' holds a formula ('=HYPERLINK(1)')"),
        ("SOM,@SUM(1),planning,Government,3,3,no,no,1,1", "starts with '@'"),
    ],
)
def test_bad_stakeholder_rows(tmp_path, line, fragment):
    message = refused(tmp_path, "stakeholders.csv", f"{STAKEHOLDER_HEADER}\n{line}\n")
    assert message.startswith("stakeholders.csv: ") and fragment in message
    assert "data/templates/README.md" in message


def test_empty_file(tmp_path):
    message = refused(tmp_path, "stakeholders.csv", "")
    assert message == "stakeholders.csv is empty; copy the header line from data/examples/stakeholders.csv and add rows"


def test_header_only_file(tmp_path):
    message = refused(tmp_path, "capacity_self_assessment.csv", CAPACITY_HEADER + "\n")
    assert "has a header but no rows" in message


def test_wrong_encoding(tmp_path):
    message = refused(tmp_path, "stakeholders.csv", f"{STAKEHOLDER_HEADER}\nMIN,Ministère,planning,Government,3,3,no,no,1,1\n".encode("latin-1"))
    assert "is not UTF-8 text" in message and "CSV UTF-8" in message


def test_missing_column(tmp_path):
    message = refused(tmp_path, "capacity_self_assessment.csv", "domain_code,question\nMGI-1,Something\n")
    assert "columns 'score', 'evidence' are missing" in message


def test_duplicate_capacity_question_is_refused_in_one_clear_line(tmp_path):
    rows = "MGI-2,Another question,2,\nMGI-1,Is there a policy?,3,\nMGI-1,Is there a policy?,1,\n"
    message = refused(tmp_path, "capacity_self_assessment.csv", f"{CAPACITY_HEADER}\n{rows}")
    assert message.startswith(
        "capacity_self_assessment.csv: line 4 repeats line 3 (domain_code 'MGI-1', question 'Is there a policy?'): keep one of the two rows."
    ) and message.count("repeat") == 1


@pytest.mark.parametrize("line", ["SOM,Someone,planning,Government,7,3,no,no,1,1", "SOM,Someone,planning,Government,3,3,maybe,no,1,1",
                                  "SOM,Someone,planning,Government,3,3,no,no,-1,1", "SOM,Someone,planning,Government,,3,no,no,1,1"])
def test_messages_are_plain_words(tmp_path, line):
    message = refused(tmp_path, "stakeholders.csv", f"{STAKEHOLDER_HEADER}\n{line}\n")
    for jargon in ("nan", "isin(", "rule ", "not_nullable", "greater_than_or_equal_to", "in_range(", ".0 ", "got "):
        assert jargon not in message, (jargon, message)


def test_trailing_separator_rows_are_ignored(tmp_path):
    text = (examples_dir() / "stakeholders.csv").read_text(encoding="utf-8") + ",,,,,,,,,\n;;;;\n,,,\n"
    (tmp_path / "stakeholders.csv").write_text(text, encoding="utf-8")
    assert len(read_template(tmp_path / "stakeholders.csv", STAKEHOLDER_SCHEMA)) == len(read_template(examples_dir() / "stakeholders.csv", STAKEHOLDER_SCHEMA))


def test_semicolon_separated_file_is_read(tmp_path):
    import pandas as pd

    example = pd.read_csv(examples_dir() / "stakeholders.csv", dtype=str, keep_default_na=False)
    example.to_csv(tmp_path / "stakeholders.csv", sep=";", index=False)  # as a European-locale spreadsheet saves it
    table = read_template(tmp_path / "stakeholders.csv", STAKEHOLDER_SCHEMA)
    assert len(table) == len(read_template(examples_dir() / "stakeholders.csv", STAKEHOLDER_SCHEMA))


def test_tab_separated_file_is_read(tmp_path):
    import pandas as pd

    example = pd.read_csv(examples_dir() / "stakeholders.csv", dtype=str, keep_default_na=False)
    example.to_csv(tmp_path / "stakeholders.csv", sep="\t", index=False)  # a spreadsheet's 'Text (Tab delimited)'
    table = read_template(tmp_path / "stakeholders.csv", STAKEHOLDER_SCHEMA)
    pd.testing.assert_frame_equal(table, read_template(examples_dir() / "stakeholders.csv", STAKEHOLDER_SCHEMA))


def test_a_header_mixing_separators_gets_a_hint(tmp_path):
    header = STAKEHOLDER_HEADER.replace(",", "\t", 2)  # two TABs, seven commas: read as commas
    message = refused(tmp_path, "stakeholders.csv", f"{header}\n" + "SOM\tSomeone\tplanning,Government,3,3,no,no,1,1\n")
    assert "the header line mixes separators (TABs inside column names); separate the columns with commas only" in message
    assert message.count("mixes separators") == 1


def test_excel_style_bom_and_capitalised_yes(tmp_path):
    text = (examples_dir() / "stakeholders.csv").read_text(encoding="utf-8").replace(",no,", ",No,")
    (tmp_path / "stakeholders.csv").write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    table = read_template(tmp_path / "stakeholders.csv", STAKEHOLDER_SCHEMA)
    assert set(table.women_led) <= {"yes", "no"}


def test_html_in_a_folder_name_never_becomes_live_html(tmp_path):
    folder = tmp_path / "<img src=x onerror=alert(9)>"
    folder.mkdir()
    bundle = describe_parameters(validate_parameters("KGZ", inputs=folder))._repr_mimebundle_()
    assert "<img" not in bundle["text/markdown"] and "&lt;img" in bundle["text/markdown"]
    assert str(tmp_path) not in bundle["text/markdown"]  # no local path in a shared page


def test_capacity_example_is_valid():
    assert len(read_template(examples_dir() / CAPACITY_SCHEMA.name, CAPACITY_SCHEMA)) > 5
