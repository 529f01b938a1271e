"""Book build times, in a temporary copy of the repository (the working tree and its _build are untouched):

1. a full build from a clean cache (`scripts/build_book.py build . -W -n --keep-going`, i.e. jupyter-book; notebooks executed);
2. a rebuild after editing one chapter's text: must execute no notebook and take at most a tenth of (1);
3. a rebuild after editing one notebook's code: executes that notebook only.

(2) is also timed with the plain `jupyter-book` command, side by side, to show what the wrapper saves.

    .venv/bin/python bench/book_build.py      (make bench-book)

The gallery pages (papermill runs, `python -m mmdp.run.gallery --scope featured`) are generated first and timed apart: the
book build excludes them from execution. Exit code 1 if (2) executed a notebook or took over a tenth.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHAPTER = "chapters/foundations/migration-and-development.md"
NOTEBOOK = "notebooks/gender_analysis.ipynb"
EXECUTED = re.compile(r"Executing notebook using")


def copy_repository(target: Path) -> None:
    """Tracked and new (not ignored) files: what a fresh clone plus the current edits would hold."""
    files = subprocess.run(["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=ROOT, check=True,
                           capture_output=True, text=True).stdout.split("\0")
    for name in filter(None, files):
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)


def timed(command: list[str], cwd: Path, env: dict) -> tuple[float, str]:
    start = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"failed: {' '.join(command)}\n{result.stdout[-3000:]}\n{result.stderr[-2000:]}")
    return elapsed, result.stdout + result.stderr


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="mmdp-bench-") as scratch:
        repo = Path(scratch) / "repo"
        copy_repository(repo)
        # The copy's own package and paths (REPO_ROOT follows the imported package's location).
        env = {**os.environ, "PYTHONPATH": str(repo / "lib"), "MMDP_HEADLESS": "1"}
        check = subprocess.run([sys.executable, "-c", "import mmdp.paths as p; print(p.REPO_ROOT)"], env=env,
                               capture_output=True, text=True, check=True).stdout.strip()
        if Path(check).resolve() != repo.resolve():
            sys.exit(f"the copy's package is not the one imported ({check}); cannot benchmark safely")

        gallery, _ = timed([sys.executable, "-m", "mmdp.run.gallery", "--scope", "featured"], repo, env)
        build = [sys.executable, "scripts/build_book.py", "build", ".", "-W", "-n", "--keep-going"]
        full, log_full = timed(build, repo, env)

        chapter = repo / CHAPTER
        chapter.write_text(chapter.read_text(encoding="utf-8") + "\nA sentence added by the build benchmark.\n",
                           encoding="utf-8")
        text_edit, log_text = timed(build, repo, env)
        # The same edit rebuilt by the plain `jupyter-book` command, side by side: what scripts/build_book.py saves.
        chapter.write_text(chapter.read_text(encoding="utf-8") + "\nAnother sentence added by the build benchmark.\n",
                           encoding="utf-8")
        plain = [str(Path(sys.executable).with_name("jupyter-book")), *build[2:]]
        text_edit_plain, log_plain = timed(plain, repo, env)

        notebook = json.loads((repo / NOTEBOOK).read_text(encoding="utf-8"))
        code = next(c for c in notebook["cells"] if c["cell_type"] == "code" and "parameters" not in c["metadata"].get("tags", []))
        code["source"] = ["# edited by the build benchmark\n", *code["source"]] if isinstance(code["source"], list) \
            else "# edited by the build benchmark\n" + code["source"]
        (repo / NOTEBOOK).write_text(json.dumps(notebook, indent=1), encoding="utf-8")
        notebook_edit, log_nb = timed(build, repo, env)

    runs = [("full build, clean cache", full, log_full), ("after editing one chapter's text", text_edit, log_text),
            ("  the same, plain jupyter-book", text_edit_plain, log_plain), ("after editing one notebook", notebook_edit, log_nb)]
    print(f"gallery pages (papermill, before the build): {gallery:6.1f} s")
    for label, seconds, log in runs:
        executed = len(EXECUTED.findall(log))
        print(f"{label:34s} {seconds:6.1f} s   {seconds / full:5.2f} x full   notebooks executed: {executed}")
    ok = len(EXECUTED.findall(log_text)) == 0 and text_edit <= full / 10
    print("chapter edit: " + ("OK (no notebook executed, at most a tenth of the full build)" if ok else
                              "TOO SLOW or executed a notebook (limit: a tenth of the full build, none executed)"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
