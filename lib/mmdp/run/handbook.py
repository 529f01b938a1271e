"""The handbook's edition, version, licence, citation and online address, read from ``_config.yml``.

One place for what the PDF cover, the country packs and the site footer say about the handbook itself.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from functools import cache

from ..i18n import LANGUAGES, _, book_messages, language, message_key, t
from ..paths import book_config


@dataclass(frozen=True)
class Edition:
    title: str
    edition: str
    version: str
    licence: str
    """The text's licence, e.g. Creative Commons Attribution 4.0 International (CC BY 4.0)."""
    licence_note: str
    """What else the licence says (the data keep their publishers' licences)."""
    licence_url: str
    citation: str
    baseurl: str
    """The online handbook's address ('' until it is published)."""

    def url(self, page: str = "") -> str:
        """The address of a page of the online handbook (``chapters/stage1-situation-assessment/index``), or ''."""
        if not self.baseurl:
            return ""
        return self.baseurl.rstrip("/") + "/" + (page.strip("/") + ".html" if page else "")


@cache
def edition() -> Edition:
    import yaml

    import mmdp

    config = yaml.safe_load(book_config().read_text(encoding="utf-8"))
    keys = config.get("handbook", {})
    fill = {"version": mmdp.__version__, "year": config.get("copyright", "")}
    return Edition(
        title=config.get("title", ""),
        edition=keys.get("edition", ""),
        version=mmdp.__version__,
        licence=" ".join(str(keys.get("licence", "")).split()),
        licence_note=" ".join(str(keys.get("licence_note", "")).split()),
        licence_url=keys.get("licence_url", ""),
        citation=keys.get("citation", "").format(**fill),
        baseurl=(config.get("html", {}) or {}).get("baseurl", "") or "",
    )


def book_text(page: str, text: str) -> str:
    """``text`` (a heading or paragraph of the book's page ``page``, or of the theme's catalog ``mmdp_book``)
    in the current language, as the book's catalog translates it; unchanged where it has no translation."""
    return book_messages(page, language()).get(message_key(text), text)


def long_date(day: dt.date) -> str:
    """``7 December 2026``, ``7 décembre 2026``, ``7 de diciembre de 2026``."""
    if language() == LANGUAGES[0]:
        return f"{day.day} {day:%B %Y}"
    from babel.dates import format_date

    return format_date(day, format="long", locale=language())


def cover_lines(title: str, subtitle: str | None, book: bool) -> list[tuple[str, str]]:
    """A printed cover in the current language: title and subtitle; for the book and its parts also edition,
    version, date, licence and how to cite (from _config.yml, as the site footer says them)."""
    lines = [("title", title), ("subtitle", subtitle or "")]
    if book:
        about = edition()
        lines += [
            ("edition", t("{edition}, version {version} · {date}", edition=book_text("mmdp_book", about.edition),
                          version=about.version, date=long_date(today()))),
            ("licence", t("Text: {licence}. {note}", licence=about.licence, note=book_text("mmdp_book", about.licence_note))),
            ("cite", t("How to cite: {citation}", citation=about.citation)),
        ]
    return lines


def print_words() -> dict[str, str]:
    """The words a printed PDF adds, in the current language: the contents' heading and the page footer
    (Chromium's footer template: ``title``, ``pageNumber`` and ``totalPages`` are filled in by Chromium)."""
    footer = t("{title} · page {page} of {pages}", title='<span class="title"></span>', page='<span class="pageNumber"></span>',
               pages='<span class="totalPages"></span>')
    return {"contents": _("Contents"),
            "footer": f'<div style="font-size:8px;width:100%;text-align:center;color:#444;">{footer}</div>'}


def code_prompts() -> dict[str, str]:
    """myst-nb's labels of a notebook page's hidden code, in the current language (its configuration keys:
    English is myst-nb's own wording; the book hides code cells' input only, so "source")."""
    if language() == LANGUAGES[0]:
        return {}
    return {"nb_code_prompt_show": _("Show code cell source"), "nb_code_prompt_hide": _("Hide code cell source")}


def today() -> dt.date:
    """The date printed on a pack or a PDF (``SOURCE_DATE_EPOCH`` fixes it for reproducible builds)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date() if epoch else dt.date.today()


@dataclass(frozen=True)
class Piece:
    """A part or a stage of the book, printed as its own PDF (``pdf/<slug>.pdf`` in the site)."""

    slug: str
    title: str
    docs: tuple[str, ...]
    """Document names in reading order (a glob ends in '*')."""

    @property
    def pdf(self) -> str:
        return f"pdf/{self.slug}.pdf"


def _slug(text: str) -> str:
    import re

    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def toc_docs(entries):
    """The document names of ``_toc.yml`` entries and their sections, in order (a glob ends in '*')."""
    for entry in entries or []:
        if "file" in entry:
            yield entry["file"]
        if "glob" in entry:
            yield entry["glob"]
        yield from toc_docs(entry.get("sections"))


@cache
def book_pieces() -> tuple[Piece, ...]:
    """Every part of ``_toc.yml`` and every stage chapter (``chapters/stageN-.../index`` and its sections)."""
    import yaml

    from ..paths import book_toc

    toc = yaml.safe_load(book_toc().read_text(encoding="utf-8"))
    parts, stages = [], []
    for part in toc.get("parts", []):
        caption = part.get("caption", "")
        parts.append(Piece(_slug(caption), caption, tuple(toc_docs(part.get("chapters")))))
        for chapter in part.get("chapters") or []:
            folder = chapter.get("file", "").split("/")
            if len(folder) == 3 and folder[0] == "chapters" and folder[1].startswith("stage") and folder[2] == "index":
                stages.append(Piece(folder[1], _chapter_title(chapter["file"]), tuple(toc_docs([chapter]))))
    return tuple(parts + stages)


def _chapter_title(doc: str) -> str:
    from ..paths import book_source

    for line in book_source(doc).with_suffix(".md").read_text(encoding="utf-8").splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    return doc


def local_title(piece: Piece) -> str:
    """A part's caption (a landing-page message) or a stage's title (its chapter's heading) in the current language."""
    return book_text(piece.docs[0] if piece.slug.startswith("stage") else "intro", piece.title)


def pieces_of(pagename: str) -> list[Piece]:
    """The stage a page belongs to, then its part ([] for the landing page)."""
    found = [p for p in book_pieces() if any(pagename == d or (d.endswith("*") and pagename.startswith(d[:-1])) for d in p.docs)]
    return sorted(found, key=lambda p: not p.slug.startswith("stage"))
