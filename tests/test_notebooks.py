"""Notebooks: one 'parameters' cell with the shared names; nbval catches a changed data value;
papermill runs every notebook for a stratified sample of countries, sparse-data places included."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from mmdp import runner
from mmdp.data import load_countries
from mmdp.paths import REPO_ROOT, data_dir

NOTEBOOKS = sorted((REPO_ROOT / "notebooks").glob("*.ipynb"))
SHARED_PARAMETERS = ["country", "year", "comparators", "inputs"]
SPARSE_PLACES = ["TKL", "NIU", "VAT", "XCX", "SHN", "FLK", "WLF"]  # almost no data beyond UN DESA stock


def stratified_sample() -> list[str]:
    """One country per UN region x World Bank income group (first by code), plus sparse places."""
    table = load_countries().dropna(subset=["un_region"])
    firsts = table.sort_values("iso3").groupby(["un_region", table.wb_income_group.fillna("none")]).iso3.first()
    return sorted(set(firsts) | set(SPARSE_PLACES))


def parameter_names(path: Path) -> list[str]:
    cells = [c for c in nbformat.read(path, as_version=4).cells if "parameters" in c.metadata.get("tags", [])]
    assert len(cells) == 1, f"{path.name}: {len(cells)} cells tagged 'parameters', expected 1"
    return [line.split("=")[0].strip() for line in cells[0].source.splitlines() if "=" in line]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_one_parameters_cell_with_shared_names(path):
    assert parameter_names(path) == SHARED_PARAMETERS


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_stored_outputs_are_clean(path):
    notebook = nbformat.read(path, as_version=4)
    code = [c for c in notebook.cells if c.cell_type == "code"]
    assert all(c.outputs for c in code if "parameters" not in c.metadata.get("tags", [])), "run it to store outputs"
    assert not any("injected-parameters" in c.metadata.get("tags", []) for c in notebook.cells)
    assert not any(o.get("output_type") == "error" for c in code for o in c.outputs)


def test_sample_is_stratified():
    sample = stratified_sample()
    table = load_countries().set_index("iso3").loc[sample]
    assert len(sample) >= 20
    assert table.un_region.nunique() == load_countries().un_region.nunique()
    assert table.wb_income_group.nunique() == 4


def test_nbval_fails_when_a_data_value_changes(tmp_path):
    changed = tmp_path / "data"
    shutil.copytree(data_dir(), changed)
    stock = pd.read_csv(changed / "migrant_stock.csv", keep_default_na=False, na_values=[""])
    row = (stock.iso3 == "KGZ") & (stock.year == 2024)
    stock.loc[row, ["immigrants_female", "immigrants_total"]] += 1000
    stock.to_csv(changed / "migrant_stock.csv", index=False, lineterminator="\n")
    env = {**os.environ, "MMDP_DATA_DIR": str(changed)}
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-m", "not slow", "notebooks/migration_profile.ipynb"],
        cwd=REPO_ROOT, env=env, capture_output=True, text=True,
    )
    assert result.returncode != 0, result.stdout[-2000:]
    assert "195,816" in result.stdout and "194,816" in result.stdout  # the changed and the stored value


def test_unknown_country_fails_in_the_first_code_cell(tmp_path):
    import papermill

    out = tmp_path / "bad.ipynb"
    with pytest.raises(papermill.PapermillExecutionError) as err:
        papermill.execute_notebook(
            str(NOTEBOOKS[0]), str(out), parameters={"country": "Narnia"}, kernel_name="python3", progress_bar=False
        )
    assert "unknown country 'Narnia'" in str(err.value)
    executed = nbformat.read(out, as_version=4)
    failing = [i for i, c in enumerate(executed.cells) if c.cell_type == "code" and any(o.get("output_type") == "error" for o in c.outputs)]
    first_after_parameters = next(i for i, c in enumerate(executed.cells) if c.cell_type == "code" and not set(c.metadata.get("tags", [])) & {"parameters", "injected-parameters"})
    assert failing == [first_after_parameters]


def test_papermill_sweep_over_a_stratified_sample(tmp_path):
    sample = stratified_sample()
    cwd = os.getcwd()
    results = runner.run_all(sample, out=tmp_path, jobs=2, progress=False)
    assert os.getcwd() == cwd  # parallel runs must not move the process's working directory
    failures = [f"{r.iso3} {r.notebook}: {r.error}" for r in results if r.error]
    assert not failures, "\n".join(failures)
    assert len(results) == len(sample) * len(runner.SITUATION_NOTEBOOKS)
    profile = json.dumps(nbformat.read(tmp_path / "TKL" / "migration_profile.ipynb", as_version=4).cells)
    assert "Tokelau" in profile and "not available" in profile
    again = runner.run_all(["TKL"], out=tmp_path, jobs=1, progress=False)
    assert all(r.skipped for r in again)  # resumable: finished runs are not repeated


@pytest.mark.slow
def test_every_country_every_notebook(tmp_path):
    results = runner.run_all(["all"], out=tmp_path, jobs=2)
    print(runner.summary(results))
    assert not [r for r in results if r.error]


def test_country_pack_html_has_figures_and_no_code(tmp_path):
    result = runner.run_one("TKL", runner.notebook_path("migration_profile"), tmp_path, html=True)
    assert result.error is None, result.error
    page = (tmp_path / "TKL" / "migration_profile.html").read_text(encoding="utf-8")
    assert "Tokelau" in page and 'alt="Two stacked area charts' in page
    assert "from mmdp import migration_profile" not in page  # code cells hidden in the pack
