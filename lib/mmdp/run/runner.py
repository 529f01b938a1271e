"""Run the parameterised notebooks for one, several or all countries with papermill.

Runs go in parallel (threads, each driving its own kernel) with a progress bar; a run whose
output already exists is skipped unless forced (resumable); a failure is recorded and the
others go on; a summary lists what failed and why.
"""

from __future__ import annotations

import sys
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

from ..data.loaders import load_countries
from ..data.places import resolve_place
from ..errors import MmdpError
from ..paths import notebooks_dir
from ..render.widgets import HEADLESS_ENV

START_TIMEOUT = 120
"""Seconds a kernel may take to start before the run counts as failed."""
CELL_TIMEOUT = 600
"""Seconds one cell may run before the run counts as failed (no run waits forever)."""
SITUATION_NOTEBOOKS = ("migration_profile", "gender_analysis", "capacity_data_gaps")


@dataclass(frozen=True)
class RunResult:
    """One notebook run for one country."""

    iso3: str
    notebook: str
    output: Path
    seconds: float
    error: str | None = None
    skipped: bool = False


def notebook_path(name: str) -> Path:
    """Template notebook by name (with or without .ipynb)."""
    path = notebooks_dir() / (name if name.endswith(".ipynb") else f"{name}.ipynb")
    if not path.is_file():
        known = ", ".join(sorted(p.stem for p in notebooks_dir().glob("*.ipynb")))
        raise MmdpError(f"unknown notebook {name!r}; notebooks are: {known}")
    return path


def expand_countries(countries: list[str]) -> list[str]:
    """Place codes for the given names or codes (ISO3 for countries); 'all' means every country in the data."""
    if any(c.lower() == "all" for c in countries):
        return list(load_countries().iso3)
    return list(dict.fromkeys(resolve_place(c).code for c in countries))


def run_one(
    iso3: str, notebook: Path, out_dir: Path, inputs: Path | None = None, html: bool = False, force: bool = False
) -> RunResult:
    """Execute one notebook for one country into ``out_dir/ISO3/``; never raises."""
    import os

    import papermill

    os.environ[HEADLESS_ENV] = "1"  # inherited by the kernel: no widgets in unattended runs
    target = out_dir / iso3 / notebook.name
    if target.exists() and not force:
        return RunResult(iso3, notebook.stem, target, 0.0, skipped=True)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".partial.ipynb")
    start = time.perf_counter()
    parameters = {"country": iso3}
    if inputs is not None:
        parameters["inputs"] = str(Path(inputs).resolve())
    try:
        papermill.execute_notebook(
            str(notebook),
            str(partial),
            parameters=parameters,  # no cwd=: papermill's chdir is process-wide, unsafe across threads
            kernel_name="python3",
            progress_bar=False,
            log_output=False,
            start_timeout=START_TIMEOUT,
            execution_timeout=CELL_TIMEOUT,
        )
        partial.replace(target)
        if html:
            export_html(target)
    except Exception as exc:  # a failed run is reported, not raised: the other countries go on
        message = str(exc).strip().splitlines()
        return RunResult(iso3, notebook.stem, partial, time.perf_counter() - start, error=(message or ["error"])[-1][:300])
    return RunResult(iso3, notebook.stem, target, time.perf_counter() - start)


def export_html(notebook: Path) -> Path:
    """An HTML copy of an executed notebook, code hidden, for sharing a country pack."""
    import nbformat
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(exclude_input=True)
    body, _ = exporter.from_notebook_node(nbformat.read(notebook, as_version=4))
    target = notebook.with_suffix(".html")
    target.write_text(body, encoding="utf-8")
    return target


def run_all(
    countries: list[str],
    notebooks: list[str] | None = None,
    out: Path = Path("out"),
    jobs: int = 2,
    inputs: Path | None = None,
    html: bool = False,
    force: bool = False,
    progress: bool = True,
) -> list[RunResult]:
    """Run every (country, notebook) pair; return the results in a stable order."""
    from tqdm import tqdm

    codes = expand_countries(countries)
    paths = [notebook_path(n) for n in (notebooks or SITUATION_NOTEBOOKS)]
    tasks = [(c, p) for c in codes for p in paths]
    results = []
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        futures = [pool.submit(run_one, c, p, out, inputs, html, force) for c, p in tasks]
        bar = tqdm(total=len(futures), desc="notebooks", unit="run", file=sys.stderr, disable=not progress)
        for future in as_completed(futures):
            result = future.result()
            results.append(result)
            bar.set_postfix_str(f"{result.iso3} {result.notebook}{' FAILED' if result.error else ''}")
            bar.update(1)
        bar.close()
    return sorted(results, key=lambda r: (r.iso3, r.notebook))


def summary(results: list[RunResult]) -> str:
    """Counts, time per notebook, and each failure with its reason."""
    done = [r for r in results if not r.skipped and not r.error]
    failed = [r for r in results if r.error]
    lines = [
        f"{len(results)} runs: {len(done)} executed, {sum(r.skipped for r in results)} already done (skipped), "
        f"{len(failed)} failed"
    ]
    for name in sorted({r.notebook for r in done}):
        times = [r.seconds for r in done if r.notebook == name]
        lines.append(f"  {name}: {sum(times) / len(times):.1f} s per run on average ({len(times)} runs)")
    lines += [f"  FAILED {r.iso3} {r.notebook}: {r.error}" for r in failed]
    return "\n".join(lines)
