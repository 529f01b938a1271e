"""The published site in English, French and Spanish, built from clean in a temporary copy of the repository
(what `make book-all` does on a fresh clone, without the PDFs), phase by phase:

1. the English gallery's pages (warm-kernel runs of the profile notebook, `python -m mmdp.run.gallery --scope S`);
2. the English book (`scripts/build_book.py build . -W -n --keep-going`: myst-nb executes the chapter notebooks);
3. each released language (`scripts/book_i18n.py build <lang>`: its chapter notebooks and gallery run in the
   language by the warm-kernel runner, then Sphinx with the catalogs).

    .venv/bin/python bench/site_languages.py [--scope all|featured]      (make bench-site; all: ~30 min)

Prints each phase's wall and CPU time, the English and the languages' totals, and their ratio. Budgets (issue 21):
the three-language site with every place in at most 25 minutes on 2 cores; the languages at most twice the
English time (three languages in at most three times English).
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


def timed(label: str, command: list[str], cwd: Path, env: dict) -> tuple[str, float, float]:
    """Run ``command``; its wall and CPU seconds (printed as it ends, so a long run shows progress)."""
    cpu, start = cpu_of_children(), time.perf_counter()
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
    wall, cpu = time.perf_counter() - start, cpu_of_children() - cpu
    if result.returncode != 0:
        sys.exit(f"failed: {' '.join(command)}\n{result.stdout[-3000:]}\n{result.stderr[-2000:]}")
    print(f"  {label:40s} {wall / 60:6.1f} min wall  {cpu / 60:6.1f} min CPU", flush=True)
    return label, wall, cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scope", choices=["all", "featured"], default="all", help="the gallery's places (default: all)")
    args = parser.parse_args()
    python = sys.executable
    with tempfile.TemporaryDirectory(prefix="mmdp-bench-site-") as scratch:
        repo = Path(scratch) / "repo"
        copy_repository(repo)
        env = {**os.environ, "PYTHONPATH": str(repo / "lib"), "MMDP_HEADLESS": "1"}
        print(f"site in three languages, gallery {args.scope}, {os.cpu_count()} cores, "
              f"load average {os.getloadavg()[0]:.1f} at start", flush=True)
        english = [timed("English gallery pages", [python, "-m", "mmdp.run.gallery", "--scope", args.scope], repo, env),
                   timed("English book", [python, "scripts/build_book.py", "build", ".", "-W", "-n", "--keep-going"], repo, env)]
        languages = [timed(f"{lang} book (runs and build)", [python, "scripts/book_i18n.py", "build", lang], repo, env)
                     for lang in ("fr", "es")]
    english_wall, languages_wall = sum(p[1] for p in english), sum(p[1] for p in languages)
    total = english_wall + languages_wall
    print(f"English {english_wall / 60:.1f} min, French and Spanish {languages_wall / 60:.1f} min "
          f"({languages_wall / english_wall:.2f} x English), three languages {total / 60:.1f} min "
          f"({total / english_wall:.2f} x English); load average {os.getloadavg()[0]:.1f} at the end")
    within = total <= BUDGET_MINUTES * 60 if args.scope == "all" else total <= 3 * english_wall
    print("budget: " + ("met" if within else "NOT met") + (f" ({BUDGET_MINUTES} min)" if args.scope == "all" else " (3 x English)"))
    return 0 if within else 1


if __name__ == "__main__":
    sys.exit(main())
