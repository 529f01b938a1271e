"""The book in other languages: Sphinx's gettext catalogs (``locales/<lang>/LC_MESSAGES/``), one per page.

``make translations`` extracts the English messages (Sphinx's ``gettext`` builder, scripts/book_i18n.py)
and updates each language's catalogs with sphinx-intl, which marks a message whose English changed as
fuzzy. A language is *released* (built and linked from the English site) only when its catalogs are
complete: ``catalog_problems`` names every untranslated or fuzzy message by page and first words.
The theme's own labels (``_ext/mmdp_book.py``) are the catalog ``mmdp_book``, extracted by Babel, the
diagrams' labels and alt texts the catalog ``diagrams`` (``mmdp.run.diagrams``), and
the package's own text (``mmdp.i18n``) one catalog per module under ``package/``, extracted by Babel too.
Babel, PyYAML and sphinx-intl are the book's tools (requirements.txt), imported where they are used.
"""

from __future__ import annotations

import re
import shutil
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from ..constants import LANGUAGES
from ..errors import MmdpError

LOCALES = "locales"
"""The catalogs' folder in the book (Sphinx's ``locale_dirs``)."""
THEME_CATALOG = "mmdp_book"
"""The catalog of the theme's own labels (the book's extension), beside the pages' catalogs."""
FIRST_WORDS = 8
ROLE = re.compile(r"\{([\w:-]+)\}`([^`]*)`")
KEPT = re.compile(r"\{\{[^}]*\}\}|\]\([^)\s]*\)|https?://[^\s)>\"'`]+|(?<![}`])`[^`]+`(?!`)|(?<![{\w])\{\w+\}(?![}`])")
"""What a translation keeps as it is: substitutions, link targets, addresses, code, and the package's
named fields (``{place}``), which the code fills in after translation."""


@dataclass(frozen=True)
class CatalogProblem:
    """One message of a catalog that a released language may not have."""

    page: str  # the catalog's path under LC_MESSAGES, without .po: the page's docname
    kind: str  # "untranslated", "fuzzy", or "markup" (a translation that lost or changed a role, link or code)
    msgid: str

    def __str__(self) -> str:
        words = " ".join(self.msgid.split()[:FIRST_WORDS])
        more = " ..." if len(self.msgid.split()) > FIRST_WORDS else ""
        return f"{self.page}.po: {self.kind}: {words}{more}"


def released_languages(book_dir: Path) -> tuple[str, ...]:
    """The languages the published site carries besides English (``handbook: released_languages``)."""
    import yaml

    config = yaml.safe_load((Path(book_dir) / "_config.yml").read_text(encoding="utf-8"))
    released = tuple((config.get("handbook") or {}).get("released_languages") or ())
    unknown = [lang for lang in released if lang not in LANGUAGES[1:]]
    if unknown:
        raise MmdpError(f"_config.yml: released_languages holds {', '.join(map(repr, unknown))}; "
                        f"a released language is one of {', '.join(LANGUAGES[1:])} with catalogs in {LOCALES}/")
    return released


def catalog_dir(book_dir: Path, lang: str) -> Path:
    """``locales/<lang>/LC_MESSAGES`` of the book; an unknown language is refused."""
    if lang not in LANGUAGES[1:]:
        raise MmdpError(f"unknown language {lang!r}; the book is translated into {', '.join(LANGUAGES[1:])}")
    return Path(book_dir) / LOCALES / lang / "LC_MESSAGES"


def markup_tokens(text: str) -> Counter:
    """The markup of a message that its translation must keep: each role with its target (the part in
    ``<...>``, or the whole content: a citation key, a page, an English glossary term), substitutions, link
    targets, addresses, inline code and named fields. A role's shown text may be translated: {term}`texte <English term>`."""
    tokens: Counter = Counter()
    for role, content in ROLE.findall(text):
        target = re.search(r"<([^<>]+)>\s*$", content)
        tokens[f"{{{role}}}{(target.group(1) if target else content).strip()}"] += 1
    tokens.update(KEPT.findall(ROLE.sub("", text)))
    return tokens


def catalog_problems(messages_dir: Path) -> list[CatalogProblem]:
    """Every untranslated or fuzzy message of the catalogs under ``messages_dir``, page by page, and every
    translation that does not keep its message's markup (``markup_tokens``).

    A missing folder is a problem of its own (no catalog at all), so an unbuilt language never passes.
    """
    from babel.messages.pofile import read_po

    messages_dir = Path(messages_dir)
    catalogs = sorted(messages_dir.rglob("*.po"))
    if not catalogs:
        return [CatalogProblem(str(messages_dir), "no catalogs", "run make translations")]
    problems = []
    for path in catalogs:
        page = path.relative_to(messages_dir).with_suffix("").as_posix()
        with path.open("rb") as handle:
            catalog = read_po(handle)
        for message in catalog:
            if not message.id:  # the header
                continue
            if message.fuzzy:
                problems.append(CatalogProblem(page, "fuzzy", str(message.id)))
            elif not (all(message.string) if isinstance(message.string, tuple) else message.string):
                problems.append(CatalogProblem(page, "untranslated", str(message.id)))
            elif _lost_markup(message):
                problems.append(CatalogProblem(page, "markup", str(message.id)))
    return problems


def stale_messages(messages_dir: Path, pot_dir: Path) -> list[CatalogProblem]:
    """The English messages of the templates under ``pot_dir`` (just extracted) that a language's catalogs
    under ``messages_dir`` do not carry: an English edit since the last ``make translations``, which the
    language's page would show in English. Also every catalog whose page no longer exists."""
    from babel.messages.pofile import read_po

    messages_dir, pot_dir = Path(messages_dir), Path(pot_dir)
    problems = []
    templates = sorted(pot_dir.rglob("*.pot"))
    if not templates:
        raise MmdpError(f"no message templates in {pot_dir}: extract them first (make translations)")
    for template in templates:
        page = template.relative_to(pot_dir).with_suffix("").as_posix()
        catalog_path = messages_dir / f"{page}.po"
        with template.open("rb") as handle:
            english = [m.id for m in read_po(handle) if m.id]
        if not catalog_path.is_file():
            problems += [CatalogProblem(page, "not in the catalogs (run make translations)", str(english[0]) if english else page)]
            continue
        with catalog_path.open("rb") as handle:
            carried = {m.id for m in read_po(handle) if m.id}
        problems += [CatalogProblem(page, "changed in English (run make translations)", str(m)) for m in english if m not in carried]
    pages = {t.relative_to(pot_dir).with_suffix("").as_posix() for t in templates}
    for path in sorted(messages_dir.rglob("*.po")):
        page = path.relative_to(messages_dir).with_suffix("").as_posix()
        if page not in pages:
            problems.append(CatalogProblem(page, "a catalog without a page (delete it)", page))
    return problems


def _lost_markup(message) -> bool:
    """A translation whose markup differs from its English; each plural form keeps the markup of the
    English forms (a language may have more forms than English, e.g. French's three)."""
    if isinstance(message.id, (tuple, list)):
        english = set().union(*(markup_tokens(form) for form in message.id))
        forms = [set(markup_tokens(form)) for form in message.string]
        return any(not form <= english for form in forms) or set().union(*forms) != english
    return markup_tokens(str(message.id)) != markup_tokens(str(message.string))


def message_counts(messages_dir: Path) -> dict[str, int]:
    """Messages, translated, fuzzy and untranslated over the catalogs under ``messages_dir``."""
    from babel.messages.pofile import read_po

    counts = {"messages": 0, "translated": 0, "fuzzy": 0, "untranslated": 0}
    for path in sorted(Path(messages_dir).rglob("*.po")):
        with path.open("rb") as handle:
            for message in read_po(handle):
                if not message.id:
                    continue
                counts["messages"] += 1
                translated = all(message.string) if isinstance(message.string, tuple) else message.string
                key = "fuzzy" if message.fuzzy else "translated" if translated else "untranslated"
                counts[key] += 1
    return counts


def update_catalogs(locale_dir: Path, pot_dir: Path, languages: tuple[str, ...]) -> None:
    """sphinx-intl's update: each language's catalog of each template gains the new messages (empty),
    keeps its translations, and marks a message whose English changed as fuzzy (Babel's fuzzy
    matching keeps the old translation beside it for the translator); removed messages become obsolete.

    It runs in a process of its own: sphinx-intl forks a pool of workers, and a fork of a process that runs
    threads (a browser driver, a kernel client) can hang."""
    import subprocess
    import sys

    if not Path(pot_dir).is_dir() or not any(Path(pot_dir).rglob("*.pot")):
        raise MmdpError(f"no message templates in {pot_dir}: extract them first (make translations)")
    code = ("import sys; from sphinx_intl.basic import update; "
            "update(sys.argv[1], sys.argv[2], tuple(sys.argv[3:]), line_width=100)")
    done = subprocess.run([sys.executable, "-c", code, str(locale_dir), str(pot_dir), *languages], capture_output=True, text=True)
    if done.returncode:
        raise MmdpError(f"sphinx-intl could not update the catalogs in {locale_dir}:\n{done.stderr[-2000:]}")
    sys.stdout.write(done.stdout)


def write_theme_template(book_dir: Path, pot_dir: Path) -> Path:
    """``mmdp_book.pot``: the labels the book's extension marks with ``_()``, and the footer's licence
    note, the edition and the site's title from _config.yml (their one place; the extension and the PDF's
    cover ask for their translation)."""
    import yaml
    from babel.messages.catalog import Catalog
    from babel.messages.extract import extract_from_file
    from babel.messages.pofile import write_po

    book_dir = Path(book_dir)
    catalog = Catalog(project="MMDP handbook", charset="utf-8")
    for _line, message, _comments, _context in extract_from_file("python", book_dir / "_ext" / f"{THEME_CATALOG}.py",
                                                                  keywords={"_": None}):
        catalog.add(message)
    config = yaml.safe_load((book_dir / "_config.yml").read_text(encoding="utf-8"))
    catalog.add(" ".join(str(config["handbook"]["licence_note"]).split()))
    catalog.add(str(config["handbook"]["edition"]))  # on the PDF's cover (mmdp.run.handbook.cover_lines)
    catalog.add(str(config["title"]))  # the site's title (html_title), beside the logo
    path = Path(pot_dir) / f"{THEME_CATALOG}.pot"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        write_po(handle, catalog, width=100, no_location=True, omit_header=False)
    return path


def write_diagram_template(book_dir: Path, pot_dir: Path) -> Path:
    """``diagrams.pot``: the labels of the book's diagrams and their alt texts (``mmdp.run.diagrams``), each
    with a comment naming its diagram or page."""
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import write_po

    from .diagrams import DIAGRAM_CATALOG, diagram_messages

    catalog = Catalog(project="MMDP handbook", charset="utf-8")
    for message, where in diagram_messages(book_dir):
        catalog.add(message, auto_comments=[where], flags=())
    path = Path(pot_dir) / f"{DIAGRAM_CATALOG}.pot"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        write_po(handle, catalog, width=100, no_location=True, omit_header=False)
    return path


PACKAGE_KEYWORDS = {"_": None, "N_": None, "t": None, "n_": (1, 2)}
"""The functions of ``mmdp.i18n`` whose first argument (and ``n_``'s second) is an English message."""


def write_package_templates(book_dir: Path, pot_dir: Path) -> list[Path]:
    """``package/<module>.pot``: the messages each module of the package marks with ``mmdp.i18n``'s
    functions (one catalog per module, as one per page for the book); modules with none get none.
    Then the workshop kit's material (``write_kit_template``)."""
    from babel.messages.catalog import Catalog
    from babel.messages.extract import extract_from_file
    from babel.messages.pofile import write_po

    from ..i18n import PACKAGE_CATALOGS

    package = Path(book_dir) / "lib" / "mmdp"
    out = Path(pot_dir) / PACKAGE_CATALOGS
    shutil.rmtree(out, ignore_errors=True)
    written = []
    for module in sorted(package.rglob("*.py")):
        catalog = Catalog(project="MMDP handbook", charset="utf-8")
        for _line, message, comments, context in extract_from_file("python", module, keywords=PACKAGE_KEYWORDS,
                                                                   comment_tags=("TRANSLATORS:",)):
            catalog.add(message, auto_comments=comments, context=context, flags=())
        if not len(catalog):
            continue
        name = ".".join(module.relative_to(package).with_suffix("").parts)
        path = out / f"{name}.pot"
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as handle:
            write_po(handle, catalog, width=100, no_location=True, omit_header=False)
        written.append(path)
    return [*written, write_kit_template(book_dir, pot_dir)]


KIT_CATALOG = "workshop.kit"
"""The catalog of the workshop kit's own material (``chapters/workshop/kit/*.yml``), beside the modules'."""


def write_kit_template(book_dir: Path, pot_dir: Path) -> Path:
    """``package/workshop.kit.pot``: the texts of the workshop kit's YAML files that readers see (session plans,
    room set-up, facilitator notes, role cards, worksheets: ``mmdp.run.workshop.KIT_MESSAGES``), each with a
    comment naming its file and key path; ``mmdp workshop`` shows them through ``mmdp.i18n``."""
    import yaml
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import write_po

    from ..i18n import PACKAGE_CATALOGS
    from .workshop import KIT_MESSAGES, kit_messages

    kit = Path(book_dir) / "chapters" / "workshop" / "kit"
    catalog = Catalog(project="MMDP handbook", charset="utf-8")
    for name, patterns in KIT_MESSAGES.items():
        data = yaml.safe_load((kit / name).read_text(encoding="utf-8"))
        for key_path, text in kit_messages(data, patterns):
            catalog.add(text, auto_comments=[f"chapters/workshop/kit/{name}: {key_path}"], flags=())
    path = Path(pot_dir) / PACKAGE_CATALOGS / f"{KIT_CATALOG}.pot"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        write_po(handle, catalog, width=100, no_location=True, omit_header=False)
    return path
