"""Notebooks: one 'parameters' cell with the shared names; nbval catches a changed data value;
a papermill sweep over places chosen by data coverage, every output checked, and plain-text
snapshots of six places of different shapes."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from mmdp.data.coverage import coverage_sample
from mmdp.paths import REPO_ROOT, data_dir
from mmdp.run import notebooks, runner

from .notebook_text import BAD_TOKENS, SNAPSHOT_DIR, SNAPSHOT_PLACES, diff, figure_outputs, output_texts, snapshot_text

NOTEBOOKS = sorted((REPO_ROOT / "notebooks").glob("*.ipynb"))
SHARED_PARAMETERS = ["country", "year", "comparators", "inputs", "national", "language"]
ODD_PLACES = ("XCX", "VAT", "VEN", "NIU", "World", "Central Asia", "Low income")
"""Beyond coverage: the Channel Islands (a World Bank code alias), the Vatican, Venezuela (not
classified by the World Bank, a crisis), Niue, and groups: the world, a UN subregion, an income group."""


def sweep_sample() -> list[str]:
    """Best- and worst-covered place of each UN region, the snapshot places and the odd ones."""
    return coverage_sample(extra=(*SNAPSHOT_PLACES, *ODD_PLACES))


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


def test_sample_reaches_every_region_and_both_ends_of_coverage():
    from mmdp.data.coverage import coverage_scores
    from mmdp.data.loaders import load_countries

    sample = sweep_sample()
    countries = load_countries().set_index("iso3")
    in_sample = countries.loc[[s for s in sample if s in countries.index]]
    assert in_sample.un_region.nunique() == countries.un_region.nunique()
    scores = coverage_scores()
    assert scores.idxmax() in sample or scores.max() == scores.loc[[s for s in sample if s in scores.index]].max()
    assert scores.loc[[s for s in sample if s in scores.index]].min() == scores.min()


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


@pytest.fixture(scope="session")
def swept(tmp_path_factory):
    """Every notebook (every stage) for every place of the sample, run once per test session on warm kernels."""
    out = tmp_path_factory.mktemp("sweep")
    cwd = os.getcwd()
    results = runner.run_all(sweep_sample(), out=out, jobs=2, progress=False)
    assert os.getcwd() == cwd  # parallel runs must not move the process's working directory
    return out, results


def test_sweep_finishes_for_every_place(swept):
    _, results = swept
    failures = [f"{r.iso3} {r.notebook}: {r.error}" for r in results if r.error]
    assert not failures, "\n".join(failures)
    assert len(results) == len(sweep_sample()) * len(notebooks.notebook_stages())


def test_swept_outputs_are_clean(swept):
    out, results = swept
    problems = []
    for result in results:
        for text in output_texts(result.output):
            for bad in BAD_TOKENS.findall(text):
                problems.append(f"{result.iso3} {result.notebook}: {bad!r} in {text[:120]!r}")
        for figure in figure_outputs(result.output):
            alt, _, source = figure.partition("\n")
            if len(alt) < 30 or not source.startswith(("Source", "ILLUSTRATIVE", "Inputs of")):
                problems.append(f"{result.iso3} {result.notebook}: figure without alt text or source line: {figure[:120]!r}")
    assert not problems, "\n".join(problems[:20])


def test_sparse_place_says_not_available(swept):
    out, _ = swept
    text = snapshot_text(out / "TKL" / "migration_profile.ipynb")
    assert "Tokelau" in text and "not available" in text


@pytest.mark.parametrize("place", sorted(SNAPSHOT_PLACES))
@pytest.mark.parametrize("notebook", sorted(notebooks.notebook_stages()))
def test_snapshot(swept, place, notebook):
    """Outputs equal the stored snapshot; refresh with `make snapshots` after an intended change."""
    out, _ = swept
    stored = (SNAPSHOT_DIR / place / f"{notebook}.txt").read_text(encoding="utf-8")
    now = snapshot_text(out / place / f"{notebook}.ipynb")
    assert now == stored, "snapshot changed (refresh with `make snapshots` if intended):\n" + diff(stored, now, f"{place}/{notebook}")


@pytest.mark.slow
def test_every_country_every_notebook(tmp_path):
    results = runner.run_all(["all"], out=tmp_path, jobs=2)
    print(runner.summary(results))
    assert not [r for r in results if r.error]
