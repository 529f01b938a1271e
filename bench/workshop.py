"""Where the time of ``mmdp workshop`` goes, phase by phase, and what each change saved, side by side in one run.

    .venv/bin/python bench/workshop.py [--country SEN] [--before REF]   (make bench-workshop)

Phases, each timed on its own with the load average beside it (the machine is shared: read the ratios):

1. pack: the country pack's notebooks from scratch (``run_all --force`` and ``build_packs``), then up to date;
2. findings for the slides: computed again by the findings functions (before) / read from the pack's
   executed notebooks (after);
3. HTML: the participants' and facilitator's books, the evaluation form, the decks;
4. PDFs of those 15 pages: one Chromium launch per PDF / one Chromium, a new page per PDF (before) /
   one Chromium, one page reused (after) / two threads, each one Chromium with one page reused;
5. zip of the folder;
6. with ``--before REF``: the whole command at REF (exported with ``git archive``) and in this tree,
   one after the other: first with every pack notebook to run, then twice each with the pack up to date
   (each tree has its own output folder).
"""

from __future__ import annotations

import argparse
import os
import queue
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
sys.path.insert(0, str(ROOT / "scripts"))
os.environ.setdefault("MMDP_HEADLESS", "1")

RENAMED = {"profile.key_figures": "factsheet.key_figures", "stakeholders.map": "stakeholders.stakeholder_map",
           "profile.context": "profile.development_context"}
"""Finding ids whose findings function has another name (the functions the slides called before)."""


def load() -> str:
    """The one-minute load average (as ``uptime`` prints it)."""
    return f"load {os.getloadavg()[0]:.1f}"


def timed(label: str, work) -> float:
    before = load()
    start = time.perf_counter()
    work()
    seconds = time.perf_counter() - start
    print(f"{label:<62} {seconds:7.1f} s   ({before} at the start, {load()} at the end)", flush=True)
    return seconds


def recompute(kit) -> None:
    """The slides' findings computed again, as the build did before it read them from the pack."""
    import importlib

    from mmdp.inputs.parameters import validate_parameters

    params = validate_parameters(kit.place.code)
    for name in sorted(kit.shown):
        module, _, function = RENAMED.get(name, name).partition(".")
        found = getattr(importlib.import_module(f"mmdp.findings.{module}"), function)
        found(params.place) if module == "factsheet" else found(params)


def print_all(pages: list[tuple[Path, str | None]], out: Path, how: str) -> None:
    """Print ``pages`` into ``out`` the way ``how`` names."""
    import print_pdf
    from browser import launch
    from playwright.sync_api import sync_playwright

    def target(source: Path) -> Path:
        return out / f"{source.parent.name}-{source.stem}.pdf"

    if how == "launch per PDF":
        for source, title in pages:
            print_pdf.print_pdf(source, target(source), title=title, toc=title is not None)
        return
    if how == "one browser, a page per PDF":
        with sync_playwright() as playwright:
            browser = launch(playwright)
            for source, title in pages:
                print_pdf.print_pdf(source, target(source), title=title, toc=title is not None, browser=browser)
            browser.close()
        return
    jobs: queue.Queue = queue.Queue()
    for job in pages:
        jobs.put(job)

    def worker() -> None:
        with sync_playwright() as playwright:
            browser = launch(playwright)
            _, page = print_pdf.print_page(browser)
            while not jobs.empty():
                source, title = jobs.get()
                print_pdf.print_pdf(source, target(source), title=title, toc=title is not None, page=page)
            browser.close()

    threads = [threading.Thread(target=worker) for _ in range(2 if how.startswith("two") else 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def whole(tree: Path, country: str, out: Path) -> float:
    env = {**os.environ, "PYTHONPATH": str(tree / "lib")}
    start = time.perf_counter()
    subprocess.run([str(BIN / "mmdp"), "workshop", country, "--out", str(out)], env=env, check=True, cwd=tree, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--country", default="SEN")
    parser.add_argument("--before", help="a git ref to time the whole command at, beside this tree (e.g. HEAD~3)")
    args = parser.parse_args()

    from mmdp.data.places import resolve_place
    from mmdp.run import workshop
    from mmdp.run.pack import build_packs
    from mmdp.run.runner import run_all

    place = resolve_place(args.country)
    print(f"mmdp workshop {place.code}, phase by phase ({os.cpu_count()} cores; {load()})\n", flush=True)
    with tempfile.TemporaryDirectory(prefix="bench-workshop-") as tmp:
        out = Path(tmp) / "out"
        kit = workshop.read_kit(place)
        timed("1. pack: notebooks from scratch, pages, zip", lambda: (run_all([place.code], out=out, html=True, force=True, progress=False), build_packs([place.code], out)))
        timed("   pack: up to date", lambda: (run_all([place.code], out=out, html=True, progress=False), build_packs([place.code], out)))
        before = timed("2. findings: computed again (before)", lambda: recompute(kit))
        after = timed("   findings: read from the pack's notebooks (after)", lambda: setattr(kit, "pack", workshop.read_pack(out / place.code, place.name, kit.shown)))
        print(f"   {'-> ratio before/after':<59} {before / after:7.1f}x", flush=True)

        folder = Path(tmp) / "folder"
        (folder / "slides").mkdir(parents=True)
        pages: list[tuple[Path, str | None]] = []

        def write_html() -> None:
            books = (("participants.html", workshop.participants_html(kit), "Participants"), ("facilitator.html", workshop.facilitator_html(kit), "Facilitator"),
                     ("evaluation-form.html", workshop.page("Evaluation form", workshop.evaluation_body(kit), workshop.EVALUATION_CSS), None))
            for name, text, title in books:
                (folder / name).write_text(text, encoding="utf-8")
                pages.append((folder / name, title))
            for session in kit.sessions:
                deck = folder / "slides" / f"session-{session.number:02d}.html"
                deck.write_text(workshop.deck_html(kit, session), encoding="utf-8")
                pages.append((deck, None))

        timed("3. HTML: three books and 12 decks", write_html)
        ways = ("launch per PDF", "one browser, a page per PDF", "one browser, one page reused", "two threads, a browser and a page each")
        results = {}
        for how in ways:
            pdfs = Path(tmp) / how.replace(" ", "-").replace(",", "")
            pdfs.mkdir()
            results[how] = timed(f"4. {len(pages)} PDFs: {how}{' (before)' if how == ways[1] else ' (after)' if how == ways[2] else ''}",
                                 lambda how=how, pdfs=pdfs: print_all(pages, pdfs, how))
        print(f"   {'-> ratio before/after':<59} {results[ways[1]] / results[ways[2]]:7.1f}x", flush=True)
        timed("5. zip", lambda: workshop._zip(folder, Path(tmp) / "folder.zip", "workshop"))
        if args.before:
            old = Path(tmp) / "before"
            old.mkdir()
            archive = subprocess.run(["git", "-C", str(ROOT), "archive", args.before], capture_output=True, check=True).stdout
            subprocess.run(["tar", "-x", "-C", str(old)], input=archive, check=True)
            for tree, name in ((old, f"before ({args.before})"), (ROOT, "after (this tree)")):  # then the pack is up to date for the next runs
                timed(f"6. mmdp workshop {place.code}, every notebook to run: {name}", lambda tree=tree, name=name: whole(tree, place.code, Path(tmp) / name.split()[0]))
            seconds = {}
            for tree, name in ((old, f"before ({args.before})"), (ROOT, "after (this tree)"), (old, f"before ({args.before}), again"), (ROOT, "after (this tree), again")):
                seconds[name] = timed(f"6. mmdp workshop {place.code}, pack up to date: {name}", lambda tree=tree, name=name: whole(tree, place.code, Path(tmp) / name.split()[0]))
            values = list(seconds.values())
            print(f"   {'-> ratio before/after (sums of both runs)':<59} {(values[0] + values[2]) / (values[1] + values[3]):7.1f}x", flush=True)
        shutil.rmtree(out, ignore_errors=True)


if __name__ == "__main__":
    main()
