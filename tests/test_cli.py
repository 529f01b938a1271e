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
