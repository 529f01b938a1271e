"""The book's diagrams in other languages: the labels of ``chapters/diagrams/*.dot`` and the alt text of each
``{graphviz}`` directive are the catalog ``diagrams`` (``locales/<lang>/LC_MESSAGES/diagrams.po``).

Sphinx's gettext builder extracts neither (a graphviz node is not text), so ``make translations`` extracts
them here (``write_diagram_template``) and the book's extension ``_ext/diagrams.py`` translates each diagram
of a page as it is read (``translate_diagram``): the SVG is then drawn from the translated source.

A message is a label as a reader sees it: a quoted label (``label``, ``xlabel``) with its line breaks
(``\\n`` in the source, a new line in the catalog), or the content of a cell of an HTML-like table, with
its markup (``<B>``, ``<BR/>``), which the translation keeps. Labels without a letter (the risk matrix's
scores) and labels that are a template's column code (``output_id``) are not messages: codes stay codes.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

DIAGRAM_CATALOG = "diagrams"
"""The catalog of the diagrams' labels and alt texts, beside the pages' catalogs."""
DIAGRAMS = "chapters/diagrams"
"""The diagrams' sources in the book."""
CHAPTERS = "chapters"

_QUOTED_LABEL = re.compile(r'(\b(?:x|head|tail)?label\s*=\s*")((?:[^"\\]|\\.)*)(")')
_TABLE_CELL = re.compile(r"(<TD\b[^>]*>)(.*?)(</TD>)", re.DOTALL)
_COLUMN_CODE = re.compile(r"[a-z]+(?:_[a-z]+)+")


def _is_message(text: str) -> bool:
    """A label with a letter outside its markup, and not a column code."""
    words = re.sub(r"<[^>]*>", " ", text).strip()
    return bool(re.search(r"[^\W\d_]", words)) and not _COLUMN_CODE.fullmatch(words)


def _from_dot(quoted: str) -> str:
    """A quoted label's text as the reader reads it: ``\\n`` a new line, ``\\"`` a quote."""
    return quoted.replace('\\"', '"').replace("\\n", "\n")


def _to_dot(text: str) -> str:
    return text.replace('"', '\\"').replace("\n", "\\n")


def dot_messages(code: str) -> list[str]:
    """The messages of a diagram's source, in order of appearance, each once."""
    found = [_from_dot(m.group(2)).strip() for m in _QUOTED_LABEL.finditer(code)]
    found += [m.group(2).strip() for m in _TABLE_CELL.finditer(code)]
    return list(dict.fromkeys(m for m in found if _is_message(m)))


def _translated(text: str, translate: Callable[[str], str]) -> str:
    """``text`` translated, keeping the spaces around it (an edge label's leading space is its padding)."""
    core = text.strip()
    if not _is_message(core):
        return text
    start = len(text) - len(text.lstrip())
    return text[:start] + translate(core) + text[start + len(core):]


def translate_dot(code: str, translate: Callable[[str], str]) -> str:
    """A diagram's source with each message replaced by ``translate(message)``; everything else as it is."""
    code = _QUOTED_LABEL.sub(lambda m: m.group(1) + _to_dot(_translated(_from_dot(m.group(2)), translate)) + m.group(3), code)
    return _TABLE_CELL.sub(lambda m: m.group(1) + _translated(m.group(2), translate) + m.group(3), code)


def alt_texts(book_dir: Path) -> list[tuple[str, str]]:
    """The alt text of every ``{graphviz}`` directive of the chapters, with its page, in page order (the
    directives read as the workshop reads them: ``workshop_text.directives``)."""
    from .workshop_text import directives

    found = []
    for page in sorted((Path(book_dir) / CHAPTERS).rglob("*.md")):
        for name, _argument, options, _body in directives(page.read_text(encoding="utf-8")):
            if name == "graphviz" and options.get("alt"):
                found.append((options["alt"].strip(), page.relative_to(book_dir).as_posix()))
    return found


def diagram_messages(book_dir: Path) -> list[tuple[str, str]]:
    """Every message of the catalog, each with where it is from: the diagrams' labels, then their alt texts."""
    book_dir = Path(book_dir)
    found = []
    for source in sorted((book_dir / DIAGRAMS).glob("*.dot")):
        where = source.relative_to(book_dir).as_posix()
        found += [(message, where) for message in dot_messages(source.read_text(encoding="utf-8"))]
    return found + [(alt, f"{page}: alt text") for alt, page in alt_texts(book_dir)]


def translator(lang: str) -> Callable[[str], str]:
    """A diagram's message in ``lang``, as the catalog translates it (English where it has no translation)."""
    from ..i18n import book_messages, message_key

    messages = book_messages(DIAGRAM_CATALOG, lang)
    return lambda text: messages.get(message_key(text), text)


def translate_diagram(code: str, alt: str | None, lang: str) -> tuple[str, str | None]:
    """A diagram's source and alt text in ``lang``."""
    translate = translator(lang)
    return translate_dot(code, translate), (translate(alt) if alt else alt)
