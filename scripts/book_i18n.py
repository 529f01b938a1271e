"""The book in other languages, with Sphinx's gettext catalogs and sphinx-intl (see docs/architecture.md,
"Languages"). Three commands, run by the Makefile:

    python scripts/book_i18n.py extract        # English messages -> _build/gettext/*.pot (make translations)
    python scripts/book_i18n.py extract --package  # the package's messages only (make translations-package)
    python scripts/book_i18n.py update         # the .pot -> locales/{fr,es}/LC_MESSAGES/*.po (sphinx-intl)
    python scripts/book_i18n.py build fr       # the French book -> _build/html/fr/ (make html-fr)
    python scripts/book_i18n.py build          # every released language (make html): staged, then built side by side
    python scripts/book_i18n.py stage          # only their sources: runs in each language (make html, beside the English build)
    python scripts/book_i18n.py pdf [fr ...]   # its PDFs, after build (make pdf), the languages side by side
    python scripts/book_i18n.py check [fr ...] # released (or named) languages: no untranslated or fuzzy message
    python scripts/book_i18n.py check fr --markup  # what is translated keeps its roles, links and code

Jupyter Book 1.x has no command-line override of Sphinx's configuration (jupyter-book issue 1791), so
this script calls jupyter-book's own ``build_sphinx`` with the book's _config.yml and the overrides a
language needs: ``language``, its own sources (``mmdp.run.book_language``: the English ones, except the
notebooks and the gallery, run in the language), output and doctrees.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[assignment]  # as scripts/build_book.py

BOOK = Path(__file__).resolve().parent.parent
BUILD = BOOK / "_build"
POT_DIR = BUILD / "gettext"
NOT_EXTRACTED = ["gallery/countries/*"]
"""Pages whose messages are not extracted: the generated country pages (their text is the migration
profile notebook's, and each would otherwise get a catalog of its own)."""
WRITTEN_IN_EACH_LANGUAGE = ["gallery/index"]
"""Pages without a catalog: the package writes them in each language (``mmdp.run.gallery``). They are read
while extracting, since other pages link them, and their templates are then dropped."""


def _config_overrides(**more) -> dict:
    import yaml

    config = yaml.safe_load((BOOK / "_config.yml").read_text(encoding="utf-8"))
    sphinx = config.get("sphinx", {}).get("config", {})
    return {"external_toc_path": (BOOK / "_toc.yml").as_posix(), "latex_individualpages": False,
            "exclude_patterns": list(config.get("exclude_patterns", [])),
            "suppress_warnings": list(sphinx.get("suppress_warnings", [])), **more}


def _language_overrides(lang: str) -> dict:
    """A language's build: its sources' notebooks already ran (``stage_sources``), nitpicky as the English
    book's -n, and myst-nb's labels in the language."""
    from mmdp.i18n import using
    from mmdp.run.handbook import code_prompts

    with using(lang):
        prompts = code_prompts()
    return _config_overrides(language=lang, nb_execution_mode="off", nitpicky=True, **prompts)


def _sphinx(builder: str, outdir: Path, doctrees: Path, overrides: dict, strict: bool, sources: Path = BOOK) -> int:
    from jupyter_book.sphinx import build_sphinx
    from sphinx import locale

    locale.translators.clear()  # Sphinx keeps a language's catalogs for the process: the next language must not inherit them
    result = build_sphinx(sources, outdir, noconfig=True, path_config=str(BOOK / "_config.yml"), confoverrides=overrides,
                          builder=builder, doctreedir=doctrees, warningiserror=strict, keep_going=strict)
    if isinstance(result, Exception):
        raise result
    return int(result or 0)


def extract(package_only: bool = False, pot_dir: Path = POT_DIR) -> int:
    """The English messages of every page (one .pot per page), of the theme's labels and of the package's
    modules (one .pot per module that has any) into ``pot_dir``; ``package_only``: the package's alone
    (seconds, not minutes)."""
    from mmdp.run.translations import write_diagram_template, write_package_templates, write_theme_template

    if package_only:
        shutil.rmtree(pot_dir, ignore_errors=True)  # so that update touches the package's catalogs only
        write_package_templates(BOOK, pot_dir)
        return 0

    overrides = _config_overrides(nb_execution_mode="off")  # the notebooks' markdown, not their outputs
    overrides["exclude_patterns"] += NOT_EXTRACTED
    overrides["suppress_warnings"] += ["etoc.glob"]  # the gallery's glob of the pages left out
    status = _sphinx("gettext", pot_dir, pot_dir.with_name(pot_dir.name + "-doctrees"), overrides, strict=True,
                     sources=_extraction_sources(pot_dir.with_name(pot_dir.name + "-src")))
    for page in WRITTEN_IN_EACH_LANGUAGE:
        (pot_dir / f"{page}.pot").unlink(missing_ok=True)
    write_theme_template(BOOK, pot_dir)
    write_diagram_template(BOOK, pot_dir)
    write_package_templates(BOOK, pot_dir)
    return status


def _extraction_sources(target: Path) -> Path:
    """The English sources to extract from: the book's, linked, with a gallery of its index's title only. The
    gallery is generated (a fresh clone has none) and the package writes it in each language."""
    from mmdp.run.book_language import link_sources
    from mmdp.run.files import write_if_changed

    link_sources(target, apart={"gallery"})
    (target / "gallery").mkdir(exist_ok=True)
    write_if_changed(target / "gallery" / "index.md", "# Country gallery\n")
    return target


def update(languages: list[str]) -> int:
    """Each language's catalogs follow the templates: new messages empty, changed ones fuzzy."""
    from mmdp.run.translations import LOCALES, update_catalogs

    update_catalogs(BOOK / LOCALES, POT_DIR, tuple(languages))
    return 0


def stage(lang: str, build_dir: Path = BUILD) -> Path:
    """The sources of the book in ``lang``, in _build/lang/<lang>/src/ (``mmdp.run.book_language``: the chapter
    notebooks and the gallery run in ``lang`` by the warm-kernel runner; runs resume)."""
    from mmdp.run.book_language import stage_sources
    from mmdp.run.translations import catalog_dir

    catalog_dir(BOOK, lang)  # refuses an unknown language
    return stage_sources(lang, build_dir / "lang" / lang / "src")


def _staged(lang: str, build_dir: Path) -> Path:
    """The folder of ``lang``'s build (_build/lang/<lang>/), whose sources ``stage`` wrote; MmdpError if it did not."""
    from mmdp.errors import MmdpError

    work = build_dir / "lang" / lang
    if not (work / "src" / "_config.yml").exists():
        raise MmdpError(f"no {lang} sources in {work / 'src'}: build the {lang} book first (make html-{lang})")
    return work


def build_staged(lang: str, build_dir: Path = BUILD) -> int:
    """The book in ``lang`` into _build/html/<lang>/ from its staged sources, with warnings as errors and
    nitpicky references, as the English book (-W -n). It is built in _build/lang/<lang>/, so that the
    doctrees stay out of the English site."""
    work = _staged(lang, build_dir)
    status = _sphinx("html", work / "html", work / ".doctrees", _language_overrides(lang), strict=True, sources=work / "src")
    if status == 0:
        target = build_dir / "html" / lang
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(work / "html", target)
        print(f"The {lang} book: {target}/index.html")
    return status


def build(languages: list[str], build_dir: Path = BUILD, jobs: int = 2) -> int:
    """The books in ``languages``: each language's sources staged (its runs on the runner's kernels), then the
    Sphinx builds side by side, at most ``jobs`` at once, each in a process of its own (a Sphinx build uses
    one core); a build's output goes to _build/lang/<lang>/sphinx.log, shown whole if it fails."""
    for lang in languages:
        stage(lang, build_dir)
    if len(languages) == 1 or jobs == 1:
        return max((build_staged(lang, build_dir) for lang in languages), default=0)
    print(f"Building the {' and '.join(languages)} books side by side (logs: {build_dir / 'lang'}/<lang>/sphinx.log)", flush=True)
    return side_by_side(languages, ["build", "--staged", "--build-dir", str(build_dir)], build_dir, "sphinx", jobs)


def side_by_side(languages: list[str], command: list[str], build_dir: Path, log: str, jobs: int = 2) -> int:
    """``book_i18n.py <command> <lang>`` for each language, at most ``jobs`` at once, each in a process of its own
    (a Sphinx build, a Chromium print: one core each); its output in _build/lang/<lang>/<log>.log, shown whole if
    it fails. Returns the worst exit status."""
    from concurrent.futures import ThreadPoolExecutor

    def in_process(lang: str) -> int:
        path = build_dir / "lang" / lang / f"{log}.log"
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w", encoding="utf-8") as out:
            status = subprocess.run([sys.executable, str(Path(__file__).resolve()), command[0], lang, *command[1:]],
                                    stdout=out, stderr=subprocess.STDOUT).returncode
        lines = path.read_text(encoding="utf-8").splitlines()
        print("\n".join(lines[-1:] if status == 0 else [*lines[-80:], f"{lang}: {command[0]} failed (exit {status}); its log: {path}"]))
        return status

    with ThreadPoolExecutor(max_workers=jobs) as pool:
        return max(pool.map(in_process, languages))


def pdf(lang: str, subtitle: str, build_dir: Path = BUILD) -> int:
    """The book in ``lang`` as PDF, whole and by part and stage, as `make pdf` prints the English one: the
    single-page HTML of the language's sources (staged by ``build``, so run it first) printed by Chromium
    into _build/html/<lang>/ (mmdp-handbook.pdf and pdf/), with the cover, contents and footer in ``lang``."""
    from mmdp.i18n import using
    from mmdp.run.translations import catalog_dir

    catalog_dir(BOOK, lang)  # refuses an unknown language
    work = _staged(lang, build_dir)
    overrides = _language_overrides(lang)
    # the html build's doctrees: the pages were read once, for the site
    status = _sphinx("singlehtml", work / "singlehtml", work / ".doctrees", overrides, strict=True, sources=work / "src")
    if status:
        return status
    sys.path.insert(0, str(BOOK / "scripts"))
    from print_pdf import print_book

    site = build_dir / "html" / lang
    with using(lang):
        results = print_book(work / "singlehtml" / "intro.html", site / "mmdp-handbook.pdf", site / "pdf", subtitle=subtitle)
    print(f"The {lang} PDFs: {len(results)} in {site} (mmdp-handbook.pdf and pdf/)")
    return 0


def check(languages: list[str], markup_only: bool = False) -> int:
    """Released (or named) languages: every untranslated, fuzzy or broken message; with ``markup_only``, the
    translations that lost a role, link, substitution or code (a translator's check while a language grows)."""
    from mmdp.run.translations import catalog_dir, catalog_problems, released_languages

    languages = languages or list(released_languages(BOOK))
    failed = 0
    for lang in languages:
        problems = [p for p in catalog_problems(catalog_dir(BOOK, lang)) if p.kind == "markup" or not markup_only]
        for problem in problems:
            print(f"{lang}: {problem}")
        failed += bool(problems)
    print(f"checked {', '.join(languages) or 'no released language'}{' (markup)' if markup_only else ''}: {failed} with problems")
    return 1 if failed else 0


def main(argv: list[str] | None = None) -> int:
    from mmdp.constants import LANGUAGES
    from mmdp.errors import MmdpError

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    extractor = commands.add_parser("extract")
    extractor.add_argument("--package", action="store_true", help="only the package's messages (mmdp.i18n), not the book's pages")
    extractor.add_argument("--pot-dir", type=Path, default=POT_DIR, help="where the templates go; default: _build/gettext")
    commands.add_parser("update").add_argument("languages", nargs="*", default=list(LANGUAGES[1:]))
    builder = commands.add_parser("build")
    builder.add_argument("languages", nargs="*")
    builder.add_argument("--jobs", type=int, default=2, help="Sphinx builds at once, one process each (default: 2)")
    builder.add_argument("--staged", action="store_true", help="build from the sources `stage` wrote, running nothing")
    builder.add_argument("--build-dir", type=Path, default=BUILD,
                         help="the English build's _build folder (the languages go into its html/<lang>/); default: the book's _build")
    stager = commands.add_parser("stage")
    stager.add_argument("languages", nargs="*")
    stager.add_argument("--build-dir", type=Path, default=BUILD, help="the _build folder (sources go into its lang/<lang>/src/)")
    printer = commands.add_parser("pdf")
    printer.add_argument("languages", nargs="*")
    printer.add_argument("--subtitle", default="", help="the cover's subtitle, in English (translated by the landing page's catalog)")
    printer.add_argument("--build-dir", type=Path, default=BUILD, help="the _build folder of the books; default: the book's _build")
    printer.add_argument("--jobs", type=int, default=2, help="languages printed at once, one process each (default: 2)")
    checker = commands.add_parser("check")
    checker.add_argument("languages", nargs="*")
    checker.add_argument("--markup", action="store_true", help="only translations that lost a role, link, substitution or code")
    args = parser.parse_args(argv)
    try:
        if args.command == "extract":
            return extract(args.package, args.pot_dir.resolve())
        if args.command == "update":
            return update(args.languages)
        if args.command in ("build", "stage", "pdf"):
            from mmdp.run.translations import released_languages

            languages, build_dir = list(args.languages or released_languages(BOOK)), args.build_dir.resolve()
            if args.command == "stage":
                for lang in languages:
                    stage(lang, build_dir)
                return 0
            if args.command == "pdf" and len(languages) > 1 and args.jobs > 1:
                print(f"Printing the {' and '.join(languages)} books side by side (logs: {build_dir / 'lang'}/<lang>/pdf.log)", flush=True)
                return side_by_side(languages, ["pdf", "--subtitle", args.subtitle, "--build-dir", str(build_dir)], build_dir, "pdf", args.jobs)
            if args.command == "pdf":
                return max((pdf(lang, args.subtitle, build_dir) for lang in languages), default=0)
            if args.staged:
                return max((build_staged(lang, build_dir) for lang in languages), default=0)
            return build(languages, build_dir, jobs=args.jobs)
        return check(args.languages, args.markup)
    except MmdpError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
