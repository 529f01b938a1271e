"""The all-country run (`mmdp run all --jobs 2`: every stage for every place), measured on a sample of
places and extrapolated; with ``--before REF``, the same run at REF beside this tree, interleaved.

    .venv/bin/python bench/sweep.py [--before REF] [--places DEU TKL ...] [--jobs 2] [--rounds 1]
    .venv/bin/python bench/sweep.py --all            (the real thing once: every place, ~15 min)

For each tree: ``mmdp run <places> --jobs N --force`` in a fresh process (kernel start-up included),
its wall time, the CPU time of the run and its kernels, and the mean seconds per run of each notebook
(papermill's duration, stored in each output). The wall time times 238 / places is the extrapolated
all-country time. With ``--before``, REF is exported with ``git archive`` and run the same way
(PYTHONPATH), the two trees alternating so that a burst of load on the shared machine hits both, and
every output notebook of the two is compared (timings and fingerprints left out): a speed-up must not
change what a run produces. The machine is shared: read the ratios, measured in the same run.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
ALL_PLACES = 238
"""Places in `mmdp run all` (every country and area in data/countries.csv)."""
SAMPLE = ["ABW", "AFG", "BRA", "CHN", "DEU", "ESH", "FRA", "GRL", "IND", "JAM", "KGZ", "LIE",
          "MEX", "NGA", "NRU", "PSE", "SOM", "SYR", "TKL", "TUV", "UKR", "USA", "VAT", "VEN"]
"""24 places of different shapes: data-rich (DEU, USA), large (CHN, IND), conflict-affected (UKR, SYR,
AFG, SOM), sparse territories (TKL, ESH, GRL, VAT, ABW), small states (NRU, TUV, LIE), and others."""


def cpu_of_children() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(tree: Path, places: list[str], jobs: int, out: Path) -> dict:
    """One `mmdp run` of ``tree``'s code on ``places``: wall, CPU, mean seconds per notebook."""
    env = {**os.environ, "PYTHONPATH": str(tree / "lib")}
    cpu, start = cpu_of_children(), time.perf_counter()
    subprocess.run([str(BIN / "mmdp"), "run", *places, "--jobs", str(jobs), "--force", "--quiet", "--out", str(out)],
                   env=env, cwd=tree, check=True, stdout=subprocess.DEVNULL)
    wall, cpu = time.perf_counter() - start, cpu_of_children() - cpu
    durations: dict[str, list[float]] = {}
    for path in sorted(out.glob("*/*.ipynb")):
        meta = json.loads(path.read_text(encoding="utf-8"))["metadata"]
        durations.setdefault(path.stem, []).append(meta["papermill"]["duration"])
    runs = sum(len(v) for v in durations.values())
    return {"wall": wall, "cpu": cpu, "runs": runs, "notebooks": {k: sum(v) / len(v) for k, v in durations.items()}}


def normalised(path: Path) -> dict:
    """An executed notebook without what differs between two runs of the same code (timings, fingerprints)."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    nb["metadata"].pop("papermill", None)
    nb["metadata"].pop("mmdp", None)
    for cell in nb["cells"]:
        cell["metadata"].pop("papermill", None)
        cell["metadata"].pop("execution", None)
    return nb


def differing(before: Path, after: Path) -> list[str]:
    names = sorted({p.relative_to(before) for p in before.glob("*/*.ipynb")} | {p.relative_to(after) for p in after.glob("*/*.ipynb")})
    return [str(n) for n in names if not (before / n).exists() or not (after / n).exists() or normalised(before / n) != normalised(after / n)]


def report(label: str, result: dict, places: int) -> None:
    extrapolated = result["wall"] * ALL_PLACES / places
    print(f"{label:<22} wall {result['wall']:7.1f} s   CPU {result['cpu']:7.1f} s ({result['cpu'] / result['runs']:.2f} s per run)   "
          f"-> {ALL_PLACES} places: {extrapolated / 60:5.1f} min", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--places", nargs="+", default=SAMPLE)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--before", help="a git ref to run beside this tree (e.g. HEAD~3)")
    parser.add_argument("--rounds", type=int, default=1, help="alternations of before and after; the best wall of each is kept")
    parser.add_argument("--all", action="store_true", help="run every place once with this tree (no sample, no before)")
    args = parser.parse_args()
    places = ["all"] if args.all else args.places
    count = ALL_PLACES if args.all else len(places)
    print(f"{count} places x 10 notebooks, --jobs {args.jobs}, {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at start", flush=True)
    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        trees = [("after (this tree)", ROOT)]
        if args.before and not args.all:
            old = scratch / "before-tree"
            old.mkdir()
            archive = subprocess.run(["git", "-C", str(ROOT), "archive", args.before], capture_output=True, check=True).stdout
            subprocess.run(["tar", "-x", "-C", str(old)], input=archive, check=True)
            trees.insert(0, (f"before ({args.before})", old))
        results: dict[str, list[dict]] = {label: [] for label, _ in trees}
        for round_ in range(1 if args.all else args.rounds):
            for label, tree in trees if round_ % 2 == 0 else trees[::-1]:
                result = run(tree, places, args.jobs, scratch / f"{label.split()[0]}-{round_}")
                results[label].append(result)
                report(f"{label}{'' if round_ == 0 else f', round {round_ + 1}'}", result, count)
        best = {label: min(rs, key=lambda r: r["wall"]) for label, rs in results.items()}
        print(f"\nmean seconds per run, by notebook (papermill's duration; best round; load average now {os.getloadavg()[0]:.1f})")
        names = list(next(iter(best.values()))["notebooks"])
        print(f"{'notebook':<24}" + "".join(f"{label.split()[0]:>10}" for label in best))
        for name in names:
            print(f"{name:<24}" + "".join(f"{r['notebooks'].get(name, float('nan')):10.2f}" for r in best.values()))
        for label, result in best.items():
            report(label, result, count)
        if len(trees) == 2:
            (before_label, _), (after_label, _) = trees
            b, a = best[before_label], best[after_label]
            print(f"after / before: wall {a['wall'] / b['wall']:.2f}, CPU {a['cpu'] / b['cpu']:.2f}")
            differ = differing(scratch / f"{before_label.split()[0]}-0", scratch / f"{after_label.split()[0]}-0")
            print(f"outputs: {a['runs']} notebooks compared, {len(differ)} differ" + (": " + ", ".join(differ[:10]) if differ else " (same cells and outputs)"))
            return 1 if differ else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
