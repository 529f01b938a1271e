"""The book's own text for the workshop kit: exercises, solutions, the kit page's agenda and sections.

One source: the exercises and solutions are the sphinx-exercise directives of ``chapters/**/*.md``,
the sessions are the agenda tables of ``chapters/workshop/index.md``; both are read at build time,
so an edit to a chapter changes the handouts and the slides at the next build. MyST is turned into
plain HTML here (roles become their text, citations author and year, substitutions the package's
constants); nothing is rendered by Sphinx.

In French or Spanish (``mmdp.i18n``'s current language) the same text is read through the book's own
catalogs (``locales/<lang>/LC_MESSAGES/chapters/...po``, one per page): ``book_text`` puts each
paragraph, list item, table cell and heading's translation in place of its English, as Sphinx does
for the translated book, so the kit says what the French or Spanish book says. A message the
catalog lacks (or marks fuzzy) stays English, as on the book's pages.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..errors import MmdpError
from ..i18n import _, book_messages, language, message_key, t
from ..paths import bibliography_file, chapters_dir

FENCE = re.compile(r"^(:{3,}|`{3,})\{([\w-]+)\}\s*(.*)$")
OPTION = re.compile(r"^:([\w-]+):\s*(.*)$")
KIT_PAGE = "workshop/index.md"


@dataclass(frozen=True)
class Exercise:
    """One exercise of the book with its solution (Markdown, as written in the chapter)."""

    label: str
    title: str
    body: str
    solution: str
    source: str
    """The chapter file, relative to chapters/."""


def directives(text: str) -> list[tuple[str, str, dict[str, str], str]]:
    """Top-level MyST directives of a page: (name, argument, options, body); nested ones stay in the body."""
    found = []
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        opened = FENCE.match(lines[i])
        if not opened:
            i += 1
            continue
        fence, name, argument = opened.groups()
        depth, j, inner = 1, i + 1, []
        while j < len(lines):
            line = lines[j]
            nested = FENCE.match(line)
            if nested and nested.group(1) == fence:
                depth += 1
            elif line.strip() == fence:
                depth -= 1
                if depth == 0:
                    break
            inner.append(line)
            j += 1
        options: dict[str, str] = {}
        while inner and OPTION.match(inner[0]):
            key, value = OPTION.match(inner[0]).groups()
            options[key] = value
            inner.pop(0)
        found.append((name, argument.strip(), options, "\n".join(inner).strip()))
        i = j + 1
    return found


def _lead_title(body: str) -> str:
    """An exercise's name: its bold lead ('**Data scavenger hunt.**') or its first words."""
    bold = re.match(r"\*\*(.+?)\*\*", body)
    text = bold.group(1) if bold else re.split(r"(?<=[.?!:])\s", body, maxsplit=1)[0]
    text = re.sub(r"\s*\(\d+ minut(?:es|os)\)", "", text).strip().rstrip(".:")
    return text if len(text) <= 60 else text[:57].rsplit(" ", 1)[0] + " ..."


def kit_titles(text: str | None = None) -> dict[str, str]:
    """The names the kit page gives exercises ({ref}`Persona cards <label>`), first letter capitalised."""
    text = text if text is not None else (chapters_dir() / KIT_PAGE).read_text(encoding="utf-8")
    return {label: name[:1].upper() + name[1:] for name, label in re.findall(r"\{ref\}`([^`<]+?)\s*<([^>]+)>`", text)}


def book_exercises(root: Path | None = None) -> dict[str, Exercise]:
    """Every labelled exercise of the chapters, with its solution, in file order."""
    root = root or chapters_dir()
    exercises: dict[str, Exercise] = {}
    solutions: dict[str, str] = {}
    for path in sorted(root.rglob("*.md")):
        for name, argument, options, body in directives(path.read_text(encoding="utf-8")):
            if name == "exercise" and options.get("label"):
                label = options["label"]
                exercises[label] = Exercise(label, argument or _lead_title(body), body, "", path.relative_to(root).as_posix())
            elif name == "solution" and argument:
                solutions[argument] = body
    return {label: Exercise(e.label, e.title, e.body, solutions.get(label, ""), e.source) for label, e in exercises.items()}


@dataclass(frozen=True)
class Diagram:
    """One of the book's Graphviz diagrams (``chapters/diagrams/<name>.dot``) with the alt text and caption
    its chapter gives it."""

    name: str
    alt: str
    caption: str
    source: str
    """The chapter file that shows it, relative to chapters/."""


def book_diagrams(root: Path | None = None) -> dict[str, Diagram]:
    """Every ``{graphviz}`` directive of the chapters, by the .dot file's name (the first chapter that shows it)."""
    root = root or chapters_dir()
    found: dict[str, Diagram] = {}
    for path in sorted(root.rglob("*.md")):
        for name, argument, options, _body in directives(path.read_text(encoding="utf-8")):
            if name == "graphviz" and argument:
                stem = Path(argument).stem
                found.setdefault(stem, Diagram(stem, options.get("alt", ""), options.get("caption", ""), path.relative_to(root).as_posix()))
    return found


# --- the book's catalogs ----------------------------------------------------------------------------

LIST_ITEM = re.compile(r"^(\s*(?:[-*+]|\d+[.)])\s+)(.*)$")


def _starts_item(marker: re.Match, held: list[str], prefix: str) -> bool:
    """Whether a line that looks like a list item starts one (CommonMark): an ordered item numbered other
    than 1 does not interrupt a paragraph, nor the text of an item it is indented under ("20. ..." or
    "   22) ..." wrapped onto a line of their own)."""
    number = re.match(r"\s*(\d+)", marker.group(1))
    if not held or number is None or number.group(1) == "1":
        return True
    indent = len(marker.group(1)) - len(marker.group(1).lstrip())
    return bool(prefix) and indent <= len(prefix) - len(prefix.lstrip())  # a sibling of the item being read


def book_text(text: str, source: str) -> str:
    """A MyST fragment of ``chapters/<source>`` in the current language: each heading, paragraph, list
    item and table cell replaced by the page catalog's translation (English where it has none).
    Directive fences and options stay as they are; in English the text is returned unchanged."""
    messages = book_messages("chapters/" + source.removesuffix(".md"), language())
    if not messages:
        return text
    out: list[str] = []
    held: list[str] = []  # the lines of the paragraph or list item being read
    prefix = ""

    def flush() -> None:
        nonlocal prefix
        if held:
            english = message_key(" ".join(held))
            out.append(prefix + messages.get(english, english))
        held.clear()
        prefix = ""

    for line in text.splitlines():
        item = LIST_ITEM.match(line)
        if not line.strip() or FENCE.match(line) or OPTION.match(line) or re.fullmatch(r":{3,}|`{3,}", line.strip()):
            flush()
            out.append(line)
        elif line.startswith("#"):
            flush()
            marks, _space, heading = line.partition(" ")
            out.append(f"{marks} {messages.get(message_key(heading), heading)}")
        elif line.lstrip().startswith("|"):
            flush()
            cells = line.strip().strip("|").split("|")
            if all(re.fullmatch(r"\s*:?-+:?\s*", c) for c in cells):
                out.append(line)
            else:
                out.append("| " + " | ".join(messages.get(message_key(c), c.strip()) for c in cells) + " |")
        elif item and _starts_item(item, held, prefix):
            flush()
            prefix = item.group(1)
            held.append(item.group(2))
        else:
            held.append(line)
    flush()
    return "\n".join(out)


def kit_text(text: str) -> str:
    """A fragment of the kit page (``chapters/workshop/index.md``) in the current language."""
    return book_text(text, KIT_PAGE)


# --- the kit page ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Session:
    """One session of the kit page's agenda."""

    number: int
    title: str
    day: str
    start: str
    end: str
    objective: str
    reading: tuple[str, ...]
    exercises: tuple[str, ...]
    notebooks: tuple[str, ...]
    gender_lens: str
    optional: bool = False
    """A session of the optional day (its English heading starts 'Optional')."""

    @property
    def minutes(self) -> int:
        return _minutes(self.end) - _minutes(self.start)


def _minutes(clock: str) -> int:
    hours, minutes = clock.split(":")
    return int(hours) * 60 + int(minutes)


def clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _roles(pattern: str, text: str) -> tuple[str, ...]:
    return tuple(m.group(1) for m in re.finditer(pattern, text))


def kit_sections(text: str | None = None) -> dict[str, str]:
    """The kit page's ``## `` sections by heading."""
    text = text if text is not None else (chapters_dir() / KIT_PAGE).read_text(encoding="utf-8")
    sections: dict[str, str] = {}
    for block in re.split(r"^## ", text, flags=re.M)[1:]:
        heading, _newline, body = block.partition("\n")
        sections[heading.strip()] = body.strip()
    return sections


def kit_sessions(text: str | None = None) -> list[Session]:
    """The sessions of the kit page's agenda tables, in order (days from the ``###`` headings)."""
    text = text if text is not None else (chapters_dir() / KIT_PAGE).read_text(encoding="utf-8")
    sessions = []
    day = ""
    for line in text.splitlines():
        if line.startswith("### "):
            day = line[4:].strip()
            continue
        row = re.match(r"^\|\s*\*\*(\d+)\.\s*(.+?)\*\*<br>(\d\d:\d\d)[–-](\d\d:\d\d)\s*\|(.*)\|\s*$", line)
        if not row:
            continue
        number, title, start, end, rest = row.groups()
        cells = [c.strip() for c in rest.split("|")]
        if len(cells) != 3:
            raise MmdpError(f"chapters/{KIT_PAGE}: session {number} needs 4 columns; keep the agenda table's layout")
        objective_cell, exercise_cell, lens = cells
        objective, _read, reading = objective_cell.partition("Read:")
        sessions.append(Session(
            int(number), title.strip(), day, start, end, objective.strip(),
            _roles(r"\{doc\}`([^`]+)`", reading),
            _roles(r"\{ref\}`[^`<]*<([^>]+)>`", exercise_cell),
            _roles(r"\{doc\}`([^`]+)`", exercise_cell.partition("Notebook")[2]),
            lens, day.lower().startswith("optional"),
        ))
    if not sessions:
        raise MmdpError(f"chapters/{KIT_PAGE} has no agenda table rows ('| **1. Title**<br>09:00–10:30 | ...')")
    return sessions


def translated_session(session: Session) -> Session:
    """A session of the agenda in the current language: its title, day, objective and gender-lens cell as the
    kit page's catalog translates them (the reading and the exercises are links, not text)."""
    messages = book_messages("chapters/" + KIT_PAGE.removesuffix(".md"), language())
    if not messages:
        return session

    def cell(english: str) -> str | None:
        return next((text for key, text in messages.items() if key.startswith(message_key(english))), None)

    head = cell(f"**{session.number}. {session.title}**")
    title = re.match(r"\*\*\d+\.\s*(.+?)\*\*", head) if head else None
    objective = cell(session.objective)
    if objective:  # the cell without its last sentence, the reading ("Read: {doc}`...`")
        objective = re.split(r"(?<=[.!?])\s+(?=[^.!?]*\{doc\})", objective, maxsplit=1)[0]
    return Session(
        session.number, title.group(1) if title else session.title, messages.get(message_key(session.day), session.day),
        session.start, session.end, objective or session.objective, session.reading, session.exercises, session.notebooks,
        messages.get(message_key(session.gender_lens), session.gender_lens), session.optional,
    )


def translated_exercise(exercise: Exercise) -> Exercise:
    """An exercise and its solution in the current language (its chapter's catalog); its name from the
    directive's title or the translated body's bold lead."""
    body = book_text(exercise.body, exercise.source)
    lead = exercise.title == _lead_title(exercise.body)
    title = _lead_title(body) if lead else book_text(exercise.title, exercise.source)
    return Exercise(exercise.label, title, body, book_text(exercise.solution, exercise.source), exercise.source)


def roleplay_roles(exercise: Exercise) -> list[str]:
    """The roles a role-play exercise names ('Roles: the focal point (chair); ministries of labour,
    finance, ...; a diaspora association.'), one per institution, lower case."""
    found = re.search(r"Roles:\s*(.+?)\.(?:\s|$)", exercise.body, flags=re.S)
    if not found:
        raise MmdpError(f"exercise {exercise.label} names no roles (a sentence 'Roles: ...; ....' in chapters/{exercise.source})")
    roles = []
    for part in found.group(1).replace("\n", " ").split(";"):
        part = re.sub(r"\([^)]*\)", "", part).strip()
        part = re.sub(r"^(the|a|an)\s+", "", part, flags=re.I)
        plural = re.match(r"ministries of (.+)", part, flags=re.I)
        if plural:
            roles += [f"ministry of {m.strip()}" for m in re.split(r",\s*(?:and\s+)?|\s+and\s+", plural.group(1)) if m.strip()]
        elif part:
            roles.append(part.lower())
    return roles


# --- MyST to HTML -------------------------------------------------------------------------------------


def _citations() -> dict[str, str]:
    """'Author year' for each key of references.bib, in the current language."""
    return _citations_in(language())


@lru_cache(maxsize=None)
def _citations_in(lang: str) -> dict[str, str]:
    from pybtex.database import parse_file

    found = {}
    for key, entry in parse_file(str(bibliography_file())).entries.items():
        people = entry.persons.get("author") or entry.persons.get("editor") or []
        names = [" ".join(p.last_names) or " ".join(p.first_names) for p in people]
        if names:
            who = names[0] + " et al." if len(names) > 2 else t("{first} and {second}", first=names[0], second=names[1]) if len(names) == 2 else names[0]
        else:
            who = entry.fields.get("organization") or entry.fields.get("institution") or entry.fields.get("publisher") or key
        year = entry.fields.get("year", "n.d.")
        if year == "n.d.":  # no date, in the current language
            year = _("n.d.")
        found[key] = f"{re.sub(r'[{}]', '', who)} {year}"
    return found


def doc_title(doc: str) -> str:
    """The title of a book page from its source ('/chapters/foundations/index' -> its first heading),
    in the current language (the page's catalog)."""
    return _doc_title(doc, language())


@lru_cache(maxsize=None)
def _doc_title(doc: str, lang: str) -> str:
    import json

    base = chapters_dir().parent / doc.strip("/")
    for path in (base.with_suffix(".md"), base.with_suffix(".ipynb")):
        if path.suffix == ".md" and path.is_file():
            lines = path.read_text(encoding="utf-8").splitlines()
        elif path.is_file():
            cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
            lines = [line for c in cells if c["cell_type"] == "markdown" for line in "".join(c["source"]).splitlines()]
        else:
            continue
        for line in lines:
            if line.startswith("# "):
                return book_messages(doc.strip("/"), lang).get(message_key(line[2:]), line[2:].strip())
    return doc.rsplit("/", 1)[-1].replace("_", " ").replace("-", " ")


def plain_roles(text: str, titles: dict[str, str] | None = None) -> str:
    """MyST roles and substitutions as the text a reader sees (no links: paper has none)."""
    from ..render.format import constant_texts, semicolons

    titles = titles or {}

    def role(match: re.Match) -> str:
        name, content = match.group(1), match.group(2)
        labelled = re.match(r"^(.*?)\s*<([^>]+)>$", content, flags=re.S)
        shown, target = (labelled.group(1), labelled.group(2)) if labelled else (None, content)
        if name == "cite" or name.startswith("cite:"):
            keys = [k.strip() for k in content.split(",")]
            return "(" + semicolons(_citations().get(k, k) for k in keys) + ")"
        if shown:
            return shown
        if name == "doc":
            return doc_title(target)
        if name in ("ref", "numref"):
            return titles.get(target, target)
        return target

    text = re.sub(r"\{([\w:-]+)\}`([^`]*)`", role, text)
    constants = constant_texts()
    return re.sub(r"\{\{\s*(\w+)\s*\}\}", lambda m: constants.get(m.group(1), m.group(0)), text)


@lru_cache(maxsize=1)
def _markdown():
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False, "typographer": False}).enable("table")


def myst_html(text: str, titles: dict[str, str] | None = None) -> str:
    """A MyST fragment as HTML: roles resolved, nested directives shown as their content, raw HTML escaped."""
    kept = [
        line for line in text.splitlines()
        if not FENCE.match(line) and not re.fullmatch(r":{3,}|`{3,}", line.strip()) and not OPTION.match(line)
    ]  # a nested directive (a figure, a note) shows its content; its fence and options lines go
    return _markdown().render(plain_roles("\n".join(kept), titles))


def plain_text(markdown: str, titles: dict[str, str] | None = None) -> str:
    """The words of a MyST fragment, tags and Markdown marks removed (for checks against a PDF's text)."""
    rendered = myst_html(markdown, titles)
    return html.unescape(re.sub(r"<[^>]+>", " ", rendered))
