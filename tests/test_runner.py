"""The warm-kernel runner: isolation between runs on one kernel, resume only when up to date,
atomic outputs that survive kill -9, a lock per output folder, bad input refused before work."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest

from mmdp.cli import main
from mmdp.paths import REPO_ROOT, data_dir
from mmdp.run import files, notebooks, runner


def tiny_notebook(path: Path, *cells: str, stage: int = 1) -> Path:
    """A notebook with the shared parameters cell and the given code cells."""
    nb = nbformat.v4.new_notebook()
    parameters = nbformat.v4.new_code_cell('country = "KGZ"\nyear = None\ncomparators = None\ninputs = None\nnational = None')
    parameters.metadata["tags"] = ["parameters"]
    nb.cells = [parameters, *[nbformat.v4.new_code_cell(c) for c in cells]]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.metadata["mmdp"] = {"stage": stage}
    nbformat.write(nb, path)
    return path


def outputs(path: Path) -> list[str]:
    nb = nbformat.read(path, as_version=4)
    return ["".join(o.get("text", "")) for c in nb.cells if c.cell_type == "code" for o in c.outputs]


def normalised(path: Path) -> dict:
    """An executed notebook without what legitimately differs between two runs (timings, paths)."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    nb["metadata"]["papermill"] = {k: v for k, v in nb["metadata"]["papermill"].items() if k not in ("start_time", "end_time", "duration", "output_path")}
    for cell in nb["cells"]:
        cell["metadata"].pop("papermill", None)
        cell["metadata"].pop("execution", None)
    return nb


LEAKY = """
import os, matplotlib, matplotlib.pyplot as plt
from mmdp.data.loaders import load
leak = "run A was here"
matplotlib.rcParams["lines.linewidth"] = 9.5
plt.figure()
os.environ["MMDP_LEAK"] = "1"
os.environ["MMDP_DATA_DIR"] = OTHER_DATA
load("countries")  # cached from another data folder
print("pid", os.getpid(), "count", get_ipython().execution_count)
"""

CHECK = """
import os, matplotlib, matplotlib.pyplot as plt
from mmdp.data.loaders import load
assert "leak" not in globals(), "a variable of the previous run is visible"
assert matplotlib.rcParams["lines.linewidth"] != 9.5, "rcParams of the previous run"
assert plt.get_fignums() == [], "figures of the previous run are open"
assert "MMDP_LEAK" not in os.environ, "environment of the previous run"
assert load.cache_info().currsize == 0, "a table cached by the previous run from another data folder"
assert "MMDP_DATA_DIR" not in os.environ or os.environ["MMDP_DATA_DIR"] != OTHER_DATA
assert os.environ.get("MMDP_HEADLESS") == "1"
print("pid", os.getpid(), "count", get_ipython().execution_count)
"""


def test_no_run_sees_what_another_left_on_the_same_kernel(tmp_path):
    other = tmp_path / "other-data"
    shutil.copytree(data_dir(), other)
    a = tiny_notebook(tmp_path / "a_leaky.ipynb", f"OTHER_DATA = {str(other)!r}\n" + LEAKY)
    b = tiny_notebook(tmp_path / "b_check.ipynb", f"OTHER_DATA = {str(other)!r}\n" + CHECK)
    results = runner.run_all(["KGZ"], notebooks=[a, b], out=tmp_path / "out", jobs=1, progress=False)
    assert [r.error for r in results] == [None, None], runner.summary(results)
    first, second = (outputs(r.output)[-1] for r in results)
    assert first.split()[1] == second.split()[1], "both runs should share one warm kernel"
    assert first.split()[3] == second.split()[3], "execution counts restart as in a fresh kernel"
    for result in results:
        counts = [c.execution_count for c in nbformat.read(result.output, as_version=4).cells if c.cell_type == "code"]
        assert counts == [1, 2, 3]


def test_cached_tables_are_kept_only_for_the_same_data(tmp_path):
    """Same data folder and content: the next run reuses the loaded tables (that is the speed-up)."""
    load = "from mmdp.data.loaders import load\nprint(load.cache_info().currsize)\nload('countries');"
    a = tiny_notebook(tmp_path / "a.ipynb", load)
    b = tiny_notebook(tmp_path / "b.ipynb", load)
    results = runner.run_all(["KGZ"], notebooks=[a, b], out=tmp_path / "out", jobs=1, progress=False)
    assert [outputs(r.output)[-1].strip() for r in results] == ["0", "1"]


def test_rerun_skips_only_what_is_up_to_date(tmp_path, monkeypatch):
    data = tmp_path / "data"
    shutil.copytree(data_dir(), data)
    monkeypatch.setenv("MMDP_DATA_DIR", str(data))
    nb = tiny_notebook(tmp_path / "t.ipynb", "print(country)")
    inputs = tmp_path / "inputs"
    shutil.copytree(data_dir() / "examples", inputs)
    out = tmp_path / "out"

    def run(**kw):
        results = runner.run_all(["KGZ"], notebooks=[nb], out=out, jobs=1, progress=False, inputs=inputs, **kw)
        assert not [r for r in results if r.error], runner.summary(results)
        return results[0]

    assert not run().skipped
    assert run().skipped
    (data / "context.csv").write_text((data / "context.csv").read_text() + "\n")  # data changed
    assert not run().skipped
    assert run().skipped
    (inputs / "stakeholders.csv").write_text((inputs / "stakeholders.csv").read_text() + "\n")  # inputs changed
    assert not run().skipped
    tiny_notebook(nb, "print(country, 'changed')")  # notebook changed
    assert not run().skipped
    assert not run(force=True).skipped
    # --html after a run without it produces the HTML, without re-executing
    result = run(html=True)
    assert result.skipped and result.html.is_file() and result.html.stat().st_size > 1000
    assert files.html_fingerprint(result.html) == files.stored_fingerprint(result.output)
    # --force without --html leaves no older HTML beside the newer notebook
    result = run(force=True)
    assert not result.output.with_suffix(".html").exists()
    assert not list(out.rglob("*.partial*"))


def test_failed_run_is_reported_with_its_output_and_replaces_nothing(tmp_path):
    nb = tiny_notebook(tmp_path / "bad.ipynb", "raise ValueError('broken on purpose')")
    results = runner.run_all(["KGZ"], notebooks=[nb], out=tmp_path / "out", jobs=1, progress=False)
    (result,) = results
    assert "broken on purpose" in result.error
    assert result.failed_output.is_file() and not result.output.exists()
    assert str(result.failed_output) in runner.summary(results)
    assert not list((tmp_path / "out").rglob("*.partial*"))


def test_dead_kernel_is_replaced_and_the_run_retried_once(tmp_path):
    marker = tmp_path / "died-once"
    nb = tiny_notebook(
        tmp_path / "dies.ipynb",
        f"import os, pathlib\nm = pathlib.Path({str(marker)!r})\nif not m.exists():\n    m.touch(); os._exit(1)\nprint('second try')",
    )
    (result,) = runner.run_all(["KGZ"], notebooks=[nb], out=tmp_path / "out", jobs=1, progress=False)
    assert result.error is None and result.retried
    assert "second try" in outputs(result.output)[-1]


@pytest.mark.parametrize(
    "args, message",
    [
        (["--jobs", "0"], "--jobs must be 1 or more"),
        (["--jobs", "-1"], "--jobs must be 1 or more"),
        (["--out", "{file}"], "is a file, not a folder"),
        (["--out", "{file}/sub"], "cannot be created"),
        (["--notebook", "no_such_notebook"], "unknown notebook 'no_such_notebook'"),
        (["--stage", "42"], "no notebook for stage 42"),
    ],
)
def test_bad_input_is_refused_before_any_work(tmp_path, capsys, args, message):
    afile = tmp_path / "afile"
    afile.write_text("x")
    args = [a.replace("{file}", str(afile)) for a in args]
    with pytest.raises(SystemExit) as exit_:
        code = main(["run", "KGZ", *args] + ([] if "--out" in args else ["--out", str(tmp_path / "out")]))
        raise SystemExit(code)
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1, err
    assert not (tmp_path / "out" / "KGZ").exists()


def test_second_run_into_the_same_folder_exits_with_a_clear_message(tmp_path, capsys):
    out = tmp_path / "out"
    out.mkdir()
    with files.out_lock(out):
        code = main(["run", "KGZ", "--stage", "1", "--out", str(out)])
    assert code == 2
    assert "another mmdp run" in capsys.readouterr().err


def kernel_pids(out: Path) -> list[int]:
    return [int(p) for log in (out / files.STATE_DIR).glob("*.log") for p in re.findall(r"kernel pid (\d+)", log.read_text(errors="replace"))]


def gone(pid: int, wait: float = 15) -> bool:
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        try:  # a zombie of ours counts as gone
            if Path(f"/proc/{pid}/stat").read_text().split()[2] == "Z":
                return True
        except OSError:
            return True
        time.sleep(0.2)
    return False


def test_kill_9_then_rerun_gives_the_same_outputs_as_an_uninterrupted_run(tmp_path):
    command = [sys.executable, "-m", "mmdp.cli", "run", "KGZ", "--stage", "1", "--jobs", "2", "--quiet", "--out"]
    env = {**os.environ}
    clean, killed = tmp_path / "clean", tmp_path / "killed"
    subprocess.run(command + [str(clean)], check=True, cwd=REPO_ROOT, env=env, capture_output=True)
    process = subprocess.Popen(command + [str(killed)], cwd=REPO_ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 300
    while not list(killed.glob("KGZ/*.ipynb")) and time.monotonic() < deadline:  # kill while runs are in flight
        time.sleep(0.05)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    pids = kernel_pids(killed)
    assert pids and all(gone(p) for p in pids), "kernels outlived their killed runner"
    finished = sorted(p.name for p in killed.glob("KGZ/*.ipynb"))
    assert 0 < len(finished) < 3, f"the kill came too late or too early to test resume: {finished}"
    rerun = subprocess.run(command + [str(killed)], cwd=REPO_ROOT, env=env, capture_output=True, text=True)
    assert rerun.returncode == 0, rerun.stderr[-2000:]
    assert f"{len(finished)} up to date (skipped)" in rerun.stdout
    assert not list(killed.rglob("*.partial*"))
    for path in sorted(clean.glob("KGZ/*.ipynb")):
        assert normalised(killed / "KGZ" / path.name) == normalised(path), path.name


def test_stages_come_from_notebook_metadata():
    stages = notebooks.notebook_stages()
    assert {"migration_profile", "gender_analysis", "capacity_data_gaps"} <= set(stages)
    assert all(isinstance(s, int) and 0 <= s <= 6 for s in stages.values())
    assert [p.stem for p in notebooks.select_notebooks()] == list(stages)


def test_ctrl_c_stops_cleanly_and_leaves_no_kernels(tmp_path):
    out = tmp_path / "out"
    command = [sys.executable, "-m", "mmdp.cli", "run", "KGZ", "MDA", "--stage", "1", "--jobs", "2", "--quiet", "--out", str(out)]
    process = subprocess.Popen(  # SIGINT restored: a test session started in the background ignores it
        command, cwd=REPO_ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    deadline = time.monotonic() + 300
    while len(kernel_pids(out) if (out / files.STATE_DIR).is_dir() else []) < 2 and time.monotonic() < deadline:
        time.sleep(0.1)
    time.sleep(1.0)
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 130, err[-2000:]
    assert err.strip().splitlines()[0].startswith("mmdp: interrupted"), err[-2000:]
    assert "Traceback" not in err and "Kernel is running over TCP" not in err
    assert all(gone(p, wait=5) for p in kernel_pids(out)), "a kernel outlived Ctrl-C"
    assert not list(out.rglob("*.partial*"))


def test_warm_engine_is_registered_by_the_runner_and_refuses_to_run_alone():
    """One registration: importing the kernel module registers the engine; papermill alone does not
    claim it (no entry point), and the engine without a warm kernel says to use `mmdp run`."""
    from importlib.metadata import entry_points

    code = (
        "from papermill.engines import papermill_engines\n"
        "assert 'mmdp-warm' not in papermill_engines._engines\n"
        "import mmdp.run.kernel\n"
        "from mmdp.run.engine import ENGINE, WarmEngine\n"
        "assert papermill_engines.get_engine(ENGINE) is WarmEngine\n"
        "try:\n"
        "    WarmEngine.execute_managed_notebook(None, 'python3')\n"
        "except ValueError as exc:\n"
        "    assert 'mmdp run' in str(exc)\n"
        "else:\n"
        "    raise AssertionError('ran without a kernel')\n"
    )
    assert not [e for e in entry_points(group="papermill.engine") if e.value.startswith("mmdp")]
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-1500:]
