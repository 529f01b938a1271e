"""A translator's edit rebuilt, in a temporary copy of the repository (the working tree and its _build are untouched):

1. the French book built in full, as `make html-fr` builds it on a fresh clone after `make gallery`: its chapter
   notebooks and gallery run in French, then its Sphinx build (`scripts/book_i18n.py build fr`);
2. the same command after a translator edits one paragraph of one chapter's French catalog: it must run no
   notebook, re-read only that page, and take at most a tenth of (1) (issue 21). Run as two commands (`stage`,
   then `build --staged`), the same edit took 7.0 s and 12.3 s: each process pays its imports (about 3 s).

    .venv/bin/python bench/language_edit.py [--lang fr]      (make bench-language; ~3 min on a quiet 2-core machine)

The English gallery's pages (`python -m mmdp.run.gallery --scope featured`), which a language's gallery needs, are
generated first and timed apart. Exit code 1 if (2) ran a notebook, re-read another page or took over a tenth.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
from pathlib import Path

from book_build import copy_repository, timed

CHAPTER = "chapters/foundations/migration-and-development"
READ = re.compile(r"reading sources\.\.\. \[\s*\d+%\] (\S+)")


def run_outputs(repo: Path) -> dict[Path, int]:
    """Every executed notebook the runs keep (out/book-runs, out/gallery-runs), with its modification time."""
    return {path: path.stat().st_mtime_ns for path in (repo / "out").rglob("*.ipynb")}


def edit_one_paragraph(catalog: Path) -> str:
    """One translated paragraph of ``catalog`` changed, as a translator corrects it; returns its English."""
    from babel.messages.pofile import read_po, write_po

    with catalog.open("rb") as handle:
        messages = read_po(handle)
    message = next(m for m in messages if m.id and isinstance(m.string, str) and len(m.id) > 200 and not m.fuzzy)
    message.string = message.string.rstrip(".") + " (corrigé)."
    with catalog.open("wb") as handle:
        write_po(handle, messages, width=100, no_location=True, omit_header=False)
    return str(message.id)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", default="fr", choices=["fr", "es"])
    lang = parser.parse_args(argv).lang
    with tempfile.TemporaryDirectory(prefix="mmdp-bench-") as scratch:
        repo = Path(scratch) / "repo"
        copy_repository(repo)
        env = {**os.environ, "PYTHONPATH": str(repo / "lib"), "MMDP_HEADLESS": "1"}
        gallery, _ = timed([sys.executable, "-m", "mmdp.run.gallery", "--scope", "featured"], repo, env)
        build = [sys.executable, "scripts/book_i18n.py", "build", lang]
        full, log_full = timed(build, repo, env)
        english = edit_one_paragraph(repo / "locales" / lang / "LC_MESSAGES" / f"{CHAPTER}.po")
        before = run_outputs(repo)
        edit, log_edit = timed(build, repo, env)
        ran = sum(before.get(path) != mtime for path, mtime in run_outputs(repo).items())

    reread = sorted(set(READ.findall(re.sub(r"\x1b\[[0-9;]*m", "", log_edit))))
    print(f"English gallery pages (before, needed by the {lang} gallery): {gallery:6.1f} s")
    print(f"the {lang} book in full (its runs and its Sphinx build):      {full:6.1f} s")
    print(f"after editing one paragraph of {CHAPTER}.po: {edit:6.1f} s   {edit / full:5.2f} x full")
    print(f"  the paragraph: {english[:70]}...")
    print(f"  pages re-read: {', '.join(reread) or 'none'}; notebooks run again: {ran} (of {len(before)})")
    ok = edit <= full / 10 and reread == [CHAPTER] and ran == 0
    print("paragraph edit: " + ("OK (one page re-read, nothing run, at most a tenth of the full build)" if ok else
                                "TOO SLOW, re-read other pages or ran a notebook (limit: a tenth of the full build)"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
