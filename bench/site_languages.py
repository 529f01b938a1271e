"""The published site in English, French and Spanish, built from clean in a temporary copy of the repository:
`make book-all` as on a fresh clone (this tree's virtualenv, the copy's package), in two timed steps:

1. the English gallery's pages (`make gallery SCOPE=all`: warm-kernel runs of the profile notebook, then the pages);
2. `make book-all`, the gallery now up to date: the English book (one Sphinx process, myst-nb executing the
   chapter notebooks) while the other languages' chapter notebooks and galleries run in the language on the
   runner's kernels, then the French and Spanish sites side by side.

    .venv/bin/python bench/site_languages.py [--scope all|featured]      (make bench-site; all: ~25 min)

Prints each step's wall and CPU time and the total against the budget of issue 21: the three-language site with
every place in at most 25 minutes on 2 cores, from clean.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from book_build import copy_repository

ROOT = Path(__file__).resolve().parents[1]
BUDGET_MINUTES = 25


def cpu_of_children() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(label: str, command: list[str], cwd: Path, env: dict) -> float:
    """Run ``command``; its wall seconds (printed with its CPU time as it ends, so a long run shows progress)."""
    cpu, start = cpu_of_children(), time.perf_counter()
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
    wall, cpu = time.perf_counter() - start, cpu_of_children() - cpu
    if result.returncode != 0:
        sys.exit(f"failed: {' '.join(command)}\n{result.stdout[-3000:]}\n{result.stderr[-2000:]}")
    print(f"  {label:58s} {wall / 60:5.1f} min wall {cpu / 60:6.1f} min CPU", flush=True)
    return wall


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scope", choices=["all", "featured"], default="all", help="the gallery's places (default: all)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="mmdp-bench-site-") as scratch:
        repo = Path(scratch) / "repo"
        copy_repository(repo)
        env = {**os.environ, "PYTHONPATH": str(repo / "lib")}
        # this tree's virtualenv (STAMP empty: nothing to install), the copy's sources, package and _build
        make = ["make", "--no-print-directory", f"BIN={Path(sys.executable).parent}", "STAMP="]
        print(f"the site in three languages from clean, gallery {args.scope}, {os.cpu_count()} cores, "
              f"load average {os.getloadavg()[0]:.1f} at start", flush=True)
        gallery = timed("English gallery (make gallery)", [*make, "gallery", f"SCOPE={args.scope}"], repo, env)
        target = "book-all" if args.scope == "all" else "html"
        rest = timed(f"English book beside the languages' runs, then their sites (make {target})", [*make, target], repo, env)
        built = sorted(p.parent.name for p in (repo / "_build" / "html").glob("??/index.html"))
    total = gallery + rest
    print(f"three languages ({', '.join(['en', *built])}): {total / 60:.1f} min from clean; "
          f"load average {os.getloadavg()[0]:.1f} at the end")
    if args.scope == "all":
        print(f"budget {BUDGET_MINUTES} min: " + ("met" if total <= BUDGET_MINUTES * 60 else "NOT met"))
        return 0 if total <= BUDGET_MINUTES * 60 else 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
