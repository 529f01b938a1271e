"""How fast the runner is, against a papermill loop and against the floor, side by side in one run.

    .venv/bin/python bench/runner.py [--countries KGZ MDA JAM] [--jobs 2] [--pack KGZ]   (make bench-runner)

Three ways to execute every notebook (every stage) for the same places, one after another:

1. loop:  the papermill command line, one call per (place, notebook), as a user would script it;
2. mmdp:  ``mmdp run <places> --jobs N --force`` (a fresh process: imports and kernel start-up included);
3. floor: the notebooks' code cells in one warm in-process IPython shell (imports done before the
   clock starts, rich display computed), summed; divided by N it is what N perfect workers need.

Then one full country pack (every stage for one place): ``mmdp run <place>`` against its floor (the
same code cells in one warm shell) and its floor / N, and ``mmdp pack <place>`` (pages and zip too).
The machine is shared, so absolute times are noisy: read the ratios, measured in the same run.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def notebooks() -> list[Path]:
    sys.path.insert(0, str(ROOT / "lib"))
    from mmdp.run.notebooks import notebook_path, notebook_stages

    return [notebook_path(n) for n in notebook_stages()]


def loop(places: list[str], paths: list[Path], out: Path) -> float:
    env = {**os.environ, "MMDP_HEADLESS": "1"}
    start = time.perf_counter()
    for place in places:
        for path in paths:
            subprocess.run(
                [str(BIN / "papermill"), str(path), str(out / f"{place}-{path.name}"), "-r", "country", place, "-k", "python3", "--no-progress-bar"],
                check=True, env=env, capture_output=True,
            )
    return time.perf_counter() - start


def mmdp_run(places: list[str], jobs: int, out: Path, command: str = "run") -> float:
    start = time.perf_counter()
    subprocess.run(
        [str(BIN / "mmdp"), command, *places, "--jobs", str(jobs), "--force", "--quiet", "--out", str(out)],
        check=True, capture_output=True,
    )
    return time.perf_counter() - start


FLOOR = r'''
import json, os, sys, time
os.environ["MMDP_HEADLESS"] = "1"
os.environ["MPLBACKEND"] = "agg"
from IPython.core.interactiveshell import InteractiveShell
import nbformat
from papermill.parameterize import parameterize_notebook
from papermill.iorw import load_notebook_node
shell = InteractiveShell.instance()
shell.run_cell("import pandas, seaborn, matplotlib.pyplot, mmdp, mmdp.findings, mmdp.inputs, mmdp.render", silent=True)
places, paths = json.loads(sys.argv[1]), json.loads(sys.argv[2])
import pkgutil, mmdp
for info in pkgutil.walk_packages(mmdp.__path__, "mmdp."):
    if ".build" not in info.name and info.name != "mmdp.cli":
        __import__(info.name)
jobs = []
for place in places:
    for path in paths:
        nb = parameterize_notebook(load_notebook_node(path), {"country": place})
        jobs.append([c.source for c in nb.cells if c.cell_type == "code"])
total = 0.0
for cells in jobs:
    shell.reset(new_session=False)
    start = time.perf_counter()
    for source in cells:
        result = shell.run_cell(source, store_history=False, silent=False)
        if result.error_in_exec is not None or result.error_before_exec is not None:
            raise SystemExit(f"floor: cell failed: {source[:80]!r}")
        if result.result is not None:
            shell.display_formatter.format(result.result)
    import matplotlib.pyplot as plt
    plt.close("all")
    total += time.perf_counter() - start
print(json.dumps({"seconds": total, "runs": len(jobs)}))
'''


def floor(places: list[str], paths: list[Path]) -> float:
    result = subprocess.run(
        [sys.executable, "-c", FLOOR, json.dumps(places), json.dumps([str(p) for p in paths])],
        check=True, capture_output=True, text=True, cwd=ROOT,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])["seconds"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--countries", nargs="+", default=["KGZ", "MDA", "JAM"])
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--pack", default="KGZ", help="place of the one-pack comparison")
    parser.add_argument("--no-loop", action="store_true", help="skip the (slow) papermill loop")
    parser.add_argument("--rounds", type=int, default=2, help="interleaved repetitions; the best of each is kept")
    args = parser.parse_args()
    paths = notebooks()
    runs = len(args.countries) * len(paths)
    print(f"{len(args.countries)} places x {len(paths)} notebooks = {runs} runs; {args.jobs} jobs; {os.cpu_count()} cores; "
          f"load average {os.getloadavg()[0]:.1f} at start", flush=True)
    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        (scratch / "loop").mkdir()
        floors, runs_, pack_floors, packs, full_packs = [], [], [], [], []
        t_loop = None
        for round_ in range(args.rounds):  # interleaved, so a burst of load on the shared machine hits all
            floors.append(floor(args.countries, paths))
            runs_.append(mmdp_run(args.countries, args.jobs, scratch / "mmdp"))
            if round_ == 0 and not args.no_loop:
                t_loop = loop(args.countries, paths, scratch / "loop")
            pack_floors.append(floor([args.pack], paths))
            packs.append(mmdp_run([args.pack], args.jobs, scratch / "pack"))
            full_packs.append(mmdp_run([args.pack], args.jobs, scratch / "full-pack", command="pack"))
        t_floor, t_mmdp, t_pack_floor, t_pack = min(floors), min(runs_), min(pack_floors), min(packs)
        t_full_pack = min(full_packs)
    print(f"(best of {args.rounds} interleaved rounds for mmdp run and the floor; the loop once)")
    ideal = t_floor / args.jobs
    if t_loop is not None:
        print(f"papermill CLI loop : {t_loop:7.1f} s  ({t_loop / runs:.2f} s per run)")
    print(f"mmdp run --jobs {args.jobs} : {t_mmdp:7.1f} s  ({t_mmdp / runs:.2f} s per run)")
    print(f"floor (warm shell) : {t_floor:7.1f} s  ({t_floor / runs:.2f} s per run); floor / jobs = {ideal:.1f} s")
    if t_loop is not None:
        print(f"mmdp run is {t_loop / t_mmdp:.1f}x faster than the loop (target >= 6x)")
    print(f"mmdp run takes {t_mmdp / ideal:.2f}x floor/jobs (target <= 1.5x)")
    pack_ideal = t_pack_floor / args.jobs
    print(f"one pack ({args.pack}, {len(paths)} notebooks): mmdp run {t_pack:.1f} s, floor/jobs {pack_ideal:.1f} s: "
          f"{t_pack / pack_ideal:.2f}x floor/jobs; {t_pack / t_pack_floor:.2f}x its floor (one warm shell); target <= 1.5x")
    print(f"mmdp pack {args.pack} (the same runs, then every page as HTML and the zip): {t_full_pack:.1f} s, "
          f"{t_full_pack / t_pack_floor:.2f}x its floor")
    return 0


if __name__ == "__main__":
    sys.exit(main())
