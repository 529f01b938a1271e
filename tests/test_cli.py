"""The command line: fact sheets for every country, clear one-line errors with exit code 2."""

from __future__ import annotations

import subprocess
import sys

import pytest

from mmdp import cli
from mmdp.data import load_countries


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mmdp.cli", *args], capture_output=True, text=True)


def test_fact_sheet_values(capsys):
    assert cli.main(["country", "Kyrgyz Republic"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Kyrgyzstan (KGZ)")
    assert "194,816" in out  # immigrants 2024, IMS 2024
    assert "540,573" in out  # emigrants 2024
    assert "US$ 2.85 bn" in out and "2023" in out
    assert "UN DESA, International Migrant Stock 2024" in out


@pytest.mark.sweep
def test_fact_sheet_for_every_country(capsys):
    """`mmdp country` answers for all countries: a value or a plain 'not available' per line."""
    for iso3 in load_countries().iso3:
        assert cli.main(["country", iso3]) == 0, iso3
        out = capsys.readouterr().out
        assert f"({iso3})" in out.splitlines()[0]
        assert "Immigrants (international migrant stock)" in out
        assert "nan" not in out.lower().replace("finance", "")


def test_fact_sheet_says_not_available():
    result = run("country", "VAT")
    assert result.returncode == 0
    line = next(li for li in result.stdout.splitlines() if li.strip().startswith("Remittances received "))
    assert "not available" in line


@pytest.mark.parametrize(
    "args, fragment",
    [
        (["country", "Narnia"], "unknown country 'Narnia'"),
        (["country", "Moldvoa"], "Moldova"),
        (["countries", "--income", "rich"], "unknown income group"),
        (["countries", "--region", "Atlantis"], "unknown region"),
        (["data", "build", "--raw", "/nonexistent/raw"], "raw data folder not found"),
        (["country", "KGZ", "--year", "soon"], "invalid int value"),
        (["country", "KGZ", "--year", "1850"], "outside the embedded data (1990-2025)"),
        (["frobnicate"], "invalid choice"),
    ],
)
def test_bad_input_gives_one_line_and_exit_code_2(args, fragment):
    result = run(*args)
    assert result.returncode == 2
    assert fragment in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_countries_listing():
    result = run("countries", "--region", "Central Asia")
    assert result.returncode == 0
    assert [line.split()[0] for line in result.stdout.splitlines()[1:]] == ["KAZ", "KGZ", "TJK", "TKM", "UZB"]


def test_data_check_passes():
    result = run("data", "check")
    assert result.returncode == 0, result.stderr
    assert "all 11 tables pass" in result.stdout


@pytest.mark.parametrize(
    "place, header, immigrants",
    [("World", "The world (238 countries and areas)", "304,021,813"), ("Central Asia", "Central Asia (UN subregion, 5", "3,910,116")],
)
def test_fact_sheet_of_a_group(place, header, immigrants):
    result = run("country", place)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(header)
    assert immigrants in result.stdout and "sum over" in result.stdout and "median over" in result.stdout


@pytest.mark.parametrize(
    "args, fragment",
    [
        (["country", "Korea"], "'Korea' is ambiguous: it could be"),
        (["country", "Congo"], "Republic of the Congo (COG)"),
        (["country", "Atlantis"], "Groups work too"),
    ],
)
def test_more_bad_input(args, fragment):
    result = run(*args)
    assert result.returncode == 2 and fragment in result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_bad_year_prints_nothing_before_the_error():
    result = run("country", "KGZ", "--year", "1850")
    assert result.returncode == 2 and result.stdout == ""


def test_world_bank_code_of_the_channel_islands():
    result = run("country", "CHI")
    assert result.returncode == 0 and "(XCX)" in result.stdout.splitlines()[0]


def data_check_with(tmp_path, change) -> subprocess.CompletedProcess:
    import os
    import shutil

    from mmdp.paths import data_dir

    copy = tmp_path / "data"
    shutil.copytree(data_dir(), copy)
    change(copy)
    env = {**os.environ, "MMDP_DATA_DIR": str(copy)}
    return subprocess.run([sys.executable, "-m", "mmdp.cli", "data", "check"], capture_output=True, text=True, env=env)


@pytest.mark.parametrize(
    "change, fragment",
    [
        (lambda d: (d / "provenance.json").write_text("{not json"), "provenance.json is not valid JSON"),
        (lambda d: (d / "provenance.json").unlink(), "provenance.json is missing"),
        (lambda d: __import__("shutil").rmtree(d), "data folder not found"),
        (
            lambda d: (d / "remittances.csv").write_text(
                (d / "remittances.csv").read_text().replace("received_pct_gdp", "pct", 1)
            ),
            "column 'received_pct_gdp'",
        ),
    ],
)
def test_data_check_on_broken_data_names_the_fix(tmp_path, change, fragment):
    result = data_check_with(tmp_path, change)
    assert result.returncode == 2, result.stdout
    assert fragment in result.stderr and "column None" not in result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_version():
    import tomllib
    from importlib.metadata import version

    from mmdp.paths import REPO_ROOT

    result = run("--version")
    declared = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text())["project"]["version"]
    assert result.returncode == 0 and result.stdout.strip() == f"mmdp {declared}" == f"mmdp {version('mmdp')}"


@pytest.mark.parametrize(
    "args, option",
    [
        (["run", "KGZ", "--out", ""], "--out"),
        (["pack", "KGZ", "--out", "  "], "--out"),
        (["run", "KGZ", "--inputs", ""], "--inputs"),
        (["pack", "KGZ", "--national", ""], "--national"),
        (["data", "build", "--out", ""], "--out"),
        (["data", "build", "--raw", ""], "--raw"),
        (["inputs", "check", ""], "path"),
    ],
)
def test_an_empty_folder_option_is_refused(tmp_path, args, option):
    """An empty --out would run into the current folder, an empty --inputs read it: refused before anything runs."""
    result = subprocess.run([sys.executable, "-m", "mmdp.cli", *args], capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 2 and result.stdout == ""
    assert f"argument {option}: an empty value would mean the current folder" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
    assert not any(tmp_path.iterdir())  # nothing written


def test_all_is_in_the_help():
    assert "'all' packs every place" in " ".join(run("--help").stdout.split())
    pack_help = " ".join(run("pack", "--help").stdout.split())
    assert "'all' means every country and area" in pack_help and "prints how many runs" in pack_help


@pytest.mark.parametrize(
    "args, notebooks",
    [(["pack", "all"], None), (["run", "all", "--stage", "1"], 1), (["run", "KGZ", "all", "--notebook", "migration_profile"], "one")],
)
def test_all_says_how_many_runs_and_where_before_it_starts(tmp_path, monkeypatch, capsys, args, notebooks):
    from mmdp.run import runner

    stages = runner.notebook_stages()
    expected_notebooks = {None: len(stages), 1: sum(s == 1 for s in stages.values()), "one": 1}[notebooks]
    places = len(load_countries())
    started = []

    def refuse(countries, *rest, **options):  # stands in for the runs: records that they were about to start
        started.append(capsys.readouterr().err)
        raise cli.MmdpError("stopped by the test")

    monkeypatch.setattr(runner, "run_all", refuse)
    assert cli.main([*args, "--out", str(tmp_path / "o"), "--jobs", "2"]) == 2
    announced = started[0]
    assert f"{places} places x {expected_notebooks} notebooks = {places * expected_notebooks:,} runs" in announced
    assert f"into {tmp_path / 'o'}/<place>/" in announced
    assert ("a pack per place" in announced) == (args[0] == "pack")


def test_one_place_is_not_announced(tmp_path, monkeypatch, capsys):
    from mmdp.run import runner

    monkeypatch.setattr(runner, "run_all", lambda *a, **k: (_ for _ in ()).throw(cli.MmdpError("stopped by the test")))
    assert cli.main(["run", "KGZ", "--out", str(tmp_path)]) == 2
    assert "runs on" not in capsys.readouterr().err


def test_un_country_groups_are_listed_and_micronesia_is_refused():
    from mmdp.data.places import resolve_place

    groups = run("countries", "--groups").stdout
    for name in ("Least developed countries", "Landlocked developing countries", "Small island developing States"):
        line = next(li for li in groups.splitlines() if name in li)
        assert line.startswith("UN country group") and int(line.split()[-2]) == len(resolve_place(name).members)
    result = run("country", "Micronesia")
    assert result.returncode == 2 and "Federated States of Micronesia (FSM)" in result.stderr and "UN subregion" in result.stderr


def test_serbia_venezuela_and_kosovo_headers():
    assert run("country", "SRB").stdout.splitlines()[0] == "Serbia (SRB)  Southern Europe | Upper middle income"
    assert run("country", "VEN").stdout.splitlines()[0].endswith("| Not classified by the World Bank")
    assert run("country", "Kosovo").stdout.splitlines()[0].startswith("Kosovo (UN Security Council resolution 1244) (XKX)")
    assert "Not in the World Bank's list of economies" in run("country", "REU").stdout.splitlines()[0]


# --- planning inputs: one rule for what an inputs source is, one check of the whole workbook ----------


def _example_workbook(tmp_path, suffix=".xlsx"):
    from mmdp.inputs.workbook import csv_folder_as_workbook
    from mmdp.paths import examples_dir

    path = csv_folder_as_workbook(examples_dir(), tmp_path / "plan.xlsx")
    return path if suffix == ".xlsx" else path.rename(path.with_suffix(suffix))


@pytest.mark.parametrize("name, content, fragment", [
    ("old.xls", b"\xd0\xcf\x11\xe0 old binary", "old Excel .xls file; open it in your spreadsheet and save it as .xlsx"),
    ("notes.xlsx", b"just some text", "is not a workbook"),
    ("zero.xlsx", b"", "is empty (0 bytes)"),
    ("costs.csv", b"cost_id\nC1\n", "is a single CSV file; give the folder that holds it"),
    ("notes.txt", b"hello", "is neither a folder nor a workbook"),
])
def test_inputs_that_are_not_a_source_are_refused_in_one_line(tmp_path, capsys, name, content, fragment):
    path = tmp_path / name
    path.write_bytes(content)
    for argv in (["inputs", "check", str(path)], ["plan", "export", "--inputs", str(path), "--out", str(tmp_path / "o")],
                 ["run", "KGZ", "--stage", "4", "--inputs", str(path), "--out", str(tmp_path / "o")]):
        assert cli.main(argv) == 2, argv
        err = capsys.readouterr().err
        assert fragment in err and err.count("\n") == 1 and "Traceback" not in err
    assert not (tmp_path / "o").exists()  # nothing half-written


def test_xlsm_and_ods_are_sources_like_xlsx(tmp_path, capsys):
    import pandas as pd

    xlsm = _example_workbook(tmp_path, ".xlsm")
    assert cli.main(["inputs", "check", str(xlsm)]) == 0
    from mmdp.inputs.parameters import validate_parameters
    from mmdp.run.runner import run_all

    assert not validate_parameters("KGZ", inputs=xlsm).illustrative_inputs  # what `run` and the notebooks use
    afile = tmp_path / "afile"
    afile.write_text("x")
    with pytest.raises(Exception) as err:  # run_all accepts and checks the .xlsm, then refuses the output folder (checked after the inputs)
        run_all(["KGZ"], stage=4, out=afile, inputs=xlsm, progress=False)
    assert "is a file, not a folder" in str(err.value)
    ods = tmp_path / "plan.ods"
    from mmdp.inputs.workbook import read_raw

    with pd.ExcelWriter(ods, engine="odf") as writer:
        for name, frame in read_raw(xlsm).items():
            frame.to_excel(writer, sheet_name=name, index=False)
    assert cli.main(["inputs", "check", str(ods)]) == 0
    out = capsys.readouterr().out
    from mmdp.inputs.planning import TEMPLATES

    assert out.count(f"ok: {len(TEMPLATES)} templates") == 2


def test_sheets_differing_by_case_or_spaces_are_refused(tmp_path, capsys):
    import openpyxl

    path = _example_workbook(tmp_path)
    book = openpyxl.load_workbook(path)
    book.create_sheet("Costs ").append(["cost_id"])
    book.save(path)
    assert cli.main(["inputs", "check", str(path)]) == 2
    assert "sheets 'costs' and 'Costs ' are both the 'costs' template" in capsys.readouterr().err


def test_a_near_miss_file_name_gets_a_suggestion(tmp_path, capsys):
    import shutil

    from mmdp.paths import examples_dir

    folder = tmp_path / "inputs"
    shutil.copytree(examples_dir(), folder)
    (folder / "costs.csv").rename(folder / "cost.csv")
    assert cli.main(["inputs", "check", str(folder)]) == 2
    assert "did you mean costs.csv?" in capsys.readouterr().err


def test_check_lists_every_problem_of_four_sheets_in_one_pass(tmp_path, capsys):
    import openpyxl

    path = _example_workbook(tmp_path)
    book = openpyxl.load_workbook(path)
    book["costs"]["G4"] = "four"                 # quantity of C03
    book["funding"]["G4"] = "promised"           # status of F3
    book["risks"]["F4"] = None                   # impact of R3
    book["activities"]["E3"] = "2027-07-05"      # end of the milestone A02
    book.save(path)
    assert cli.main(["inputs", "check", str(path)]) == 2
    out = capsys.readouterr().out
    for sheet, fragment in (("costs", "row 4, column 'quantity': 'four' is not a number"),
                            ("funding", "row 4, column 'status': 'promised' is not allowed; use one of: committed = "),
                            ("risks", "row 4, column 'impact' is empty"),
                            ("activities", "row 3, column 'end': a milestone is a point in time")):
        assert f"sheet {sheet!r}:" in out and fragment in out, (sheet, out)
    for jargon in ("nan", "isin(", "not_nullable", "greater_than", "rule "):
        assert jargon not in out


def test_trailing_separator_rows_in_a_folder_are_ignored(tmp_path, capsys):
    import shutil

    from mmdp.paths import examples_dir

    folder = tmp_path / "inputs"
    shutil.copytree(examples_dir(), folder)
    with (folder / "costs.csv").open("a", encoding="utf-8") as handle:
        handle.write(",,,,,,,,,,,,,,,\n" * 29)
    assert cli.main(["inputs", "check", str(folder)]) == 0


def test_national_check_without_a_run(tmp_path, capsys):
    import shutil

    from mmdp.paths import examples_dir

    folder = tmp_path / "national"
    shutil.copytree(examples_dir() / "national", folder)
    assert cli.main(["inputs", "check", "--national", str(folder), "--country", "KGZ"]) == 0
    text = (folder / "migrant_counts.csv").read_text(encoding="utf-8")
    text = text.replace("emigrants,female,ALL,2022,330000", "emigrants,female,ALL,2022,630000", 1).replace(",ALL,2022,", ",ALL,2099,", 0)
    text += 'emigrants,total,XXX,2022,10,"ILLUSTRATIVE: census",\nemigrants,total,KGZ,2022,10,"ILLUSTRATIVE: census",\nemigrants,total,RUS,2099,10,"ILLUSTRATIVE: census",\n'
    (folder / "migrant_counts.csv").write_text(text, encoding="utf-8")
    labour = (folder / "labour_force.csv").read_text(encoding="utf-8").replace("38000,82000", "98000,82000")
    (folder / "labour_force.csv").write_text(labour, encoding="utf-8")
    assert cli.main(["inputs", "check", "--national", str(folder), "--country", "KGZ"]) == 2
    out = capsys.readouterr().out
    assert "exceed the total" in out and "'XXX' is not a country code" in out and "'KGZ' is the country itself" in out
    assert "2099 is in the future" in out and "a rate cannot exceed 100 %" in out


def test_national_figures_of_another_place_are_questioned(tmp_path, capsys):
    import shutil

    from mmdp.paths import examples_dir

    folder = tmp_path / "national"
    shutil.copytree(examples_dir() / "national", folder)
    text = (folder / "migrant_counts.csv").read_text(encoding="utf-8").replace("emigrants,total,ALL,2022,640000", "emigrants,total,ALL,2022,2600000", 1)
    (folder / "migrant_counts.csv").write_text(text, encoding="utf-8")
    assert cli.main(["inputs", "check", "--national", str(folder), "--country", "KGZ"]) == 2
    out = capsys.readouterr().out
    assert "line 2, column 'count': emigrants (all partner countries) in 2022, 2,600,000, is 4.4 times Kyrgyzstan's published figure" in out
    assert "give Kyrgyzstan's figure, or check that the folder is Kyrgyzstan's" in out
    shutil.copytree(examples_dir() / "national", tmp_path / "as_senegal")
    assert cli.main(["inputs", "check", "--national", str(tmp_path / "as_senegal"), "--country", "SEN"]) == 2
    assert "these look like Kyrgyzstan's figures, not Senegal's" in capsys.readouterr().out


def test_a_10000_row_workbook_is_checked_in_3_seconds(tmp_path):
    import time

    import openpyxl

    path = _example_workbook(tmp_path)
    book = openpyxl.load_workbook(path)
    sheet = book["costs"]
    template = [c.value for c in sheet[2]]
    for k in range(10_000 - (sheet.max_row - 1)):
        sheet.append([f"X{k:05d}", *template[1:]])
    book.save(path)
    from mmdp.inputs.workbook import check_plan

    started = time.process_time()
    problems, plan = check_plan(path)
    elapsed = time.process_time() - started
    assert not problems and len(plan["costs"]) == 10_000
    assert elapsed <= 3.0, f"{elapsed:.2f} s of CPU"


@pytest.mark.parametrize("lang, lines, total", [
    ("fr", ["feuille 'costs' : 1 problème",
            "  - ligne 4, colonne 'quantity' : 'four' n'est pas un nombre ; écrivez un nombre comme 12 ou 12.5",
            "feuille 'activities' : 2 problèmes",
            "  - ligne 3, colonne 'end' : un jalon est un moment ponctuel ; donnez-lui le même début et la même fin (ici 2027-07-01 et 2027-07-05)",
            "migrant_counts.csv : 1 problème",
            "  - ligne 10, colonne 'partner' : 'XXX' n'est pas un code de pays ; indiquez un code ISO3 comme RUS, ou ALL"],
     "4 problèmes (indiqués ci-dessus) ; corrigez-les et relancez la vérification"),
    ("es", ["hoja 'costs': 1 problema",
            "  - fila 4, columna 'quantity': 'four' no es un número; escriba un número como 12 o 12.5",
            "hoja 'activities': 2 problemas",
            "  - fila 3, columna 'end': un hito es un momento puntual; asígnele el mismo inicio y fin (aquí 2027-07-01 y 2027-07-05)",
            "migrant_counts.csv: 1 problema",
            "  - línea 10, columna 'partner': 'XXX' no es un código de país; indique un código ISO3 como RUS, o ALL"],
     "4 problemas (indicados arriba); corríjalos y vuelva a verificar"),
])
def test_inputs_check_speaks_the_language_of_lang(tmp_path, capsys, lang, lines, total):
    """`mmdp inputs check --lang fr|es`: every line in the language, the sheet, column, value typed and code as they are
    (grouped by sheet as in English), exit code 2; `--lang en` prints the English of the command without --lang."""
    import shutil

    import openpyxl

    from mmdp.i18n import set_language
    from mmdp.paths import examples_dir

    path = _example_workbook(tmp_path)
    book = openpyxl.load_workbook(path)
    book["costs"]["G4"] = "four"                 # quantity of C03
    book["activities"]["E3"] = "2027-07-05"      # end of the milestone A02
    book.save(path)
    national = tmp_path / "national"
    shutil.copytree(examples_dir() / "national", national)
    with (national / "migrant_counts.csv").open("a", encoding="utf-8") as handle:
        handle.write('emigrants,total,XXX,2022,10,"ILLUSTRATIVE: census",\n')
    argv = ["inputs", "check", str(path), "--national", str(national), "--country", "KGZ"]
    try:
        assert cli.main([*argv, "--lang", lang]) == 2
        out, err = capsys.readouterr()
        for line in lines:
            assert line in out.splitlines(), (line, out)
        assert err == f"mmdp: error: {total}\n"
        for english in ("is not a number", "problems (listed above)", "sheet 'costs'", "line 10, column"):
            assert english not in out + err
        assert cli.main(argv) == 2
        english = capsys.readouterr()
        assert cli.main([*argv, "--lang", "en"]) == 2
        assert capsys.readouterr() == english
        assert "  - row 4, column 'quantity': 'four' is not a number; write a number such as 12 or 12.5" in english.out.splitlines()
        assert "  - line 10, column 'partner': 'XXX' is not a country code; give an ISO3 code such as RUS, or ALL" in english.out.splitlines()
        assert english.err == "mmdp: error: 4 problems (listed above); correct them and check again\n"
    finally:
        set_language("en")
