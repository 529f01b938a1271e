"""Run the parameterised notebooks for one, several or all places, on warm kernels.

- Notebooks and their planning stages are discovered from each template's metadata
  (``"mmdp": {"stage": N}``); by default every stage runs, ``stage=`` or ``notebooks=`` narrow it.
- ``jobs`` workers each own one warm kernel (``kernel.WarmKernel``), reset between runs; a kernel
  that dies or times out is replaced and that run retried once.
- Resumable and safe: an output is written atomically (temporary file, then rename) with a
  fingerprint of what it was made from in its metadata; a rerun skips it only when that
  fingerprint is current (``force`` reruns all). A lock keeps two runs out of one folder.
- A failure is recorded and the others go on; the executed notebook of a failed run is kept as
  ``<name>.failed.ipynb`` and named in the summary.
"""

from __future__ import annotations

import os
import queue
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from ..data.loaders import load_countries
from ..data.places import resolve_place
from ..constants import LANGUAGES
from ..errors import MmdpError
from ..i18n import catalogs_dir, language
from ..paths import notebooks_dir
from ..render.widgets import HEADLESS_ENV
from .files import STATE_DIR, atomic_write, check_out, clean_partials, html_fingerprint, out_lock, partial_name, stored_fingerprint
from .fingerprint import run_fingerprint
from .notebooks import notebook_stages, select_notebooks, template_stage
from .pack import pack_name, write_page

START_TIMEOUT = 120
"""Seconds a kernel may take to start before the run counts as failed."""
CELL_TIMEOUT = 600
"""Seconds one cell may run before the kernel is replaced and the run retried once."""


@dataclass(frozen=True)
class RunResult:
    """One notebook run for one place."""

    iso3: str
    notebook: str
    output: Path
    seconds: float
    error: str | None = None
    skipped: bool = False
    stage: int | None = None
    retried: bool = False
    html: Path | None = None
    failed_output: Path | None = None


def expand_countries(countries: list[str]) -> list[str]:
    """Place codes for the given names or codes (ISO3 for countries); 'all' means every country in the data."""
    if any(c.lower() == "all" for c in countries):
        return list(load_countries().iso3)
    return list(dict.fromkeys(resolve_place(c).code for c in countries))


def check_jobs(jobs: int) -> int:
    if not isinstance(jobs, int) or jobs < 1:
        raise MmdpError(f"--jobs must be 1 or more (got {jobs})")
    return jobs


# ---------------------------------------------------------------- tasks and workers


@dataclass
class Task:
    code: str
    template: Path
    target: Path
    parameters: dict
    fingerprint: dict
    stage: int | None
    html: bool
    execute: bool = True


@dataclass
class _Pool:
    """Live kernels, so that an interrupt can stop them from the main thread."""

    kernels: set = field(default_factory=set)
    lock: threading.Lock = field(default_factory=threading.Lock)
    stop: threading.Event = field(default_factory=threading.Event)

    def kill_all(self) -> None:
        with self.lock:
            for kernel in list(self.kernels):
                kernel.kill()


class _Worker:
    """One thread's warm kernel: started lazily, recycled, replaced after a failure."""

    def __init__(self, pool: _Pool, env: dict, cwd: Path, log: Path):
        self.pool, self.env, self.cwd, self.log = pool, env, cwd, log
        self.kernel = None

    def get(self):
        from .kernel import RECYCLE_AFTER, WarmKernel

        if self.kernel is not None and (self.kernel.runs >= RECYCLE_AFTER or not self.kernel.alive()):
            self.discard()
        if self.kernel is None:
            if self.pool.stop.is_set():
                raise KeyboardInterrupt
            self.kernel = WarmKernel(self.env, self.cwd, self.log, START_TIMEOUT)
            with self.pool.lock:
                self.pool.kernels.add(self.kernel)
        return self.kernel

    def discard(self) -> None:
        if self.kernel is not None:
            with self.pool.lock:
                self.pool.kernels.discard(self.kernel)
            self.kernel.shutdown()
            self.kernel = None


def _prepare(task: Task):
    """papermill's own preparation: parameter injection, metadata, error markers removed."""
    from papermill.execute import prepare_notebook_metadata, remove_error_markers
    from papermill.iorw import load_notebook_node
    from papermill.parameterize import parameterize_notebook

    from .engine import ENGINE

    nb = load_notebook_node(str(task.template))
    nb = parameterize_notebook(nb, task.parameters, kernel_name="python3", language="python", engine_name=ENGINE)
    for cell in nb.cells:  # papermill gives the injected cell a random id: make reruns byte-comparable
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell["id"] = "injected-parameters"
    nb = prepare_notebook_metadata(nb, str(task.template), str(task.target))
    return remove_error_markers(nb)


def _one_line(exc: BaseException) -> str:
    lines = [line for line in str(exc).strip().splitlines() if line.strip()]
    return (lines[-1] if lines else type(exc).__name__)[:300]


def _execute(task: Task, worker: _Worker) -> RunResult:
    """Execute one task on the worker's kernel, retrying once on a new kernel if the kernel fails."""
    import nbformat
    from nbclient.exceptions import CellTimeoutError, DeadKernelError
    from papermill.exceptions import PapermillExecutionError
    from papermill.execute import raise_for_execution_errors

    from .kernel import KernelFailure

    name = task.template.stem
    start = time.perf_counter()
    failed = task.target.with_suffix(".failed.ipynb")
    html = task.target.with_suffix(".html")
    error, retried, nb = None, False, None
    for attempt in (1, 2):
        try:
            kernel = worker.get()
            kernel.reset({HEADLESS_ENV: "1"}, task.fingerprint["data"])
            nb = kernel.execute(
                _prepare(task),
                input_path=str(task.template),
                output_path=None,
                kernel_name="python3",
                progress_bar=False,
                log_output=False,
                start_timeout=START_TIMEOUT,
                execution_timeout=CELL_TIMEOUT,
            )
            error = None
            break
        except (KernelFailure, DeadKernelError, CellTimeoutError, RuntimeError, TimeoutError) as exc:
            worker.discard()
            if worker.pool.stop.is_set():
                raise KeyboardInterrupt from None
            kind = "timed out" if isinstance(exc, (CellTimeoutError, TimeoutError)) else "kernel failed"
            error = f"{kind}: {_one_line(exc)}"
            retried = attempt == 1
            nb = None
    seconds = time.perf_counter() - start
    if nb is not None:
        failed.parent.mkdir(parents=True, exist_ok=True)
        try:
            raise_for_execution_errors(nb, str(partial_name(failed)))  # writes the marked notebook on error
        except PapermillExecutionError as exc:
            os.replace(partial_name(failed), failed)
            _remove_outdated(task)
            return RunResult(task.code, name, task.target, seconds, error=f"{exc.ename}: {exc.evalue}"[:300], stage=task.stage, retried=retried, failed_output=failed)
        nb.metadata["mmdp"] = {**nb.metadata.get("mmdp", {}), "stage": task.stage, **task.fingerprint}
        atomic_write(task.target, nbformat.writes(nb))
        failed.unlink(missing_ok=True)
        if task.html:
            write_page(task.target, task.fingerprint["fingerprint"])
        else:
            html.unlink(missing_ok=True)  # never an older HTML beside a newer notebook
        return RunResult(task.code, name, task.target, seconds, stage=task.stage, retried=retried, html=html if task.html else None)
    _remove_outdated(task)
    return RunResult(task.code, name, task.target, seconds, error=error, stage=task.stage, retried=retried)


def _remove_outdated(task: Task) -> None:
    """After a failed rerun, an older output no longer matches the code or data: remove it."""
    task.target.unlink(missing_ok=True)
    task.target.with_suffix(".html").unlink(missing_ok=True)


def _work(tasks: queue.Queue, results: queue.Queue, worker: _Worker) -> None:
    try:
        while not worker.pool.stop.is_set():
            try:
                task = tasks.get_nowait()
            except queue.Empty:
                return
            try:
                results.put(_execute(task, worker))
            except KeyboardInterrupt:
                return
            except Exception as exc:  # never lose a result: report it as a failure
                results.put(RunResult(task.code, task.template.stem, task.target, 0.0, error=_one_line(exc), stage=task.stage))
    finally:
        worker.discard()


def plan(codes: list[str], paths: list[Path], out: Path, inputs: Path | None, national: Path | None, html: bool, force: bool) -> list[Task]:
    """Every (place, notebook) task, with what it needs to do: execute, export HTML, or nothing. The
    notebooks write in the current language (``mmdp.i18n``; their ``language`` parameter)."""
    stages = notebook_stages()
    tasks = []
    for code in codes:
        for template in paths:
            parameters = {"country": code}
            if inputs is not None:
                parameters["inputs"] = str(Path(inputs).resolve())
            if national is not None:
                parameters["national"] = str(Path(national).resolve())
            folders = {"inputs": inputs, "national": national}
            if language() != LANGUAGES[0]:  # the language of the command (--lang), with its catalogs
                parameters["language"] = language()
                folders["catalogs"] = catalogs_dir(language())
            target = out / pack_name(code) / template.name
            fingerprint = run_fingerprint(template, parameters, folders)
            stage = stages.get(template.stem) if template.parent == notebooks_dir() else template_stage(template)
            task = Task(code, template, target, parameters, fingerprint, stage, html)
            if not force and stored_fingerprint(target) == fingerprint["fingerprint"]:
                task.execute = False
            tasks.append(task)
    return tasks


def check_sources(inputs: str | Path | None, national: str | Path | None, code: str | None = None) -> Path | None:
    """The planning inputs and national figures checked before any run starts (run, pack, workshop):
    the one rule of what an inputs source is, then every row; returns the inputs' path. MmdpError otherwise."""
    from ..inputs.workbook import inputs_source, read_plan

    inputs = inputs_source(inputs)
    if inputs is not None:
        read_plan(inputs)
    if national is not None:
        from ..inputs.national import read_national

        read_national(Path(national), code)
    return inputs


def run_all(
    countries: list[str],
    notebooks: list[str] | None = None,
    out: Path = Path("out"),
    jobs: int = 2,
    inputs: Path | None = None,
    html: bool = False,
    force: bool = False,
    progress: bool = True,
    stage: int | None = None,
    national: Path | None = None,
) -> list[RunResult]:
    """Run every (place, notebook) pair; return the results in a stable order.

    Bad arguments raise MmdpError before any work starts. Ctrl-C stops every kernel and raises
    KeyboardInterrupt; finished outputs are kept and a rerun resumes from them.
    """
    from tqdm import tqdm

    check_jobs(jobs)
    codes = expand_countries(countries)
    paths = select_notebooks(notebooks, stage)
    inputs = check_sources(inputs, national, codes[0] if len(codes) == 1 else None)
    out = check_out(Path(out))
    results: list[RunResult] = []
    with out_lock(out):
        clean_partials(out)
        tasks = plan(codes, paths, out, inputs, national, html, force)
        for task in tasks:
            if task.execute:
                continue
            exported = None
            if task.html:
                exported = task.target.with_suffix(".html")
                if html_fingerprint(exported) != task.fingerprint["fingerprint"]:
                    write_page(task.target, task.fingerprint["fingerprint"])
            results.append(RunResult(task.code, task.template.stem, task.target, 0.0, skipped=True, stage=task.stage, html=exported))
        todo = [t for t in tasks if t.execute]
        bar = tqdm(total=len(tasks), initial=len(results), desc="notebooks", unit="run", file=sys.stderr, disable=not progress or not tasks)
        if todo:
            results += _run_tasks(todo, out, jobs, bar)
        bar.close()
    return sorted(results, key=lambda r: (r.iso3, r.stage if r.stage is not None else 99, r.notebook))


def _run_tasks(todo: list[Task], out: Path, jobs: int, bar) -> list[RunResult]:
    pool = _Pool()
    tasks: queue.Queue = queue.Queue()
    for task in todo:
        tasks.put(task)
    done: queue.Queue = queue.Queue()
    logs = out / STATE_DIR
    logs.mkdir(exist_ok=True)
    env = {**os.environ, HEADLESS_ENV: "1"}  # no widgets in unattended runs
    threads = [
        threading.Thread(target=_work, args=(tasks, done, _Worker(pool, env, Path.cwd(), logs / f"kernel-{i + 1}.log")), daemon=True, name=f"mmdp-worker-{i + 1}")
        for i in range(min(jobs, len(todo)))
    ]
    results = []
    try:
        for thread in threads:
            thread.start()
        while len(results) < len(todo) and any(t.is_alive() for t in threads) or not done.empty():
            try:
                result = done.get(timeout=0.2)
            except queue.Empty:
                continue
            results.append(result)
            bar.set_postfix_str(f"{result.iso3} {result.notebook}{' FAILED' if result.error else ''}")
            bar.update(1)
    except KeyboardInterrupt:
        pool.stop.set()
        pool.kill_all()
        for thread in threads:
            thread.join(timeout=10)
        pool.kill_all()
        bar.close()
        raise
    for thread in threads:
        thread.join()
    return results


def summary(results: list[RunResult]) -> str:
    """Counts, time per notebook, and each failure with its reason and where its output is."""
    done = [r for r in results if not r.skipped and not r.error]
    failed = [r for r in results if r.error]
    retried = [r for r in results if r.retried]
    lines = [
        f"{len(results)} runs: {len(done)} executed, {sum(r.skipped for r in results)} up to date (skipped), "
        f"{len(failed)} failed" + (f", {len(retried)} retried on a new kernel" if retried else "")
    ]
    for name in dict.fromkeys(r.notebook for r in done):
        times = [r.seconds for r in done if r.notebook == name]
        lines.append(f"  {name}: {sum(times) / len(times):.1f} s per run on average ({len(times)} runs)")
    for r in failed:
        where = f" (executed notebook: {r.failed_output})" if r.failed_output else ""
        lines.append(f"  FAILED {r.iso3} {r.notebook}: {r.error}{where}")
    return "\n".join(lines)
