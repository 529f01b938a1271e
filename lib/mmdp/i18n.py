"""The language of the text the package writes: findings' sentences, alt texts, table headers, the fact
sheet, the pack, the plan documents.

The English text is in the code, marked for translation; each language's translations are gettext
catalogs beside the book's, one per module (``locales/<lang>/LC_MESSAGES/package/<module>.po``, as
Sphinx keeps one per page), so ``make translations`` extracts and updates both the same way and the
released-language check covers both. No language is a second copy of the code.

- ``_("Immigrants")``: a fixed text in the current language, as the calling module's catalog translates it
  (a word may read differently in two modules), else as any catalog does.
- ``t("{place} hosted {count} refugees.", place=..., count=...)``: a text with named fields, the
  fields filled after translation (a translation may reorder them; it keeps every field).
- ``n_("{n} country", "{n} countries", n)``: a text whose wording follows a count.
- ``N_("Immigrants")``: marked for extraction only (a label in a module-level table); translate it
  with ``_()`` where it is shown.

The current language is one setting for the process (``set_language``; ``using`` for a block):
the notebooks' ``language`` parameter and the commands' ``--lang`` set it. A message with no
translation (or a fuzzy one) reads in English.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .errors import MmdpError
from .paths import locales_dir

LANGUAGES = ("en", "fr", "es")
"""The languages of the text: English, the source, and the translations (issue 21; the book's catalogs
in locales/, released languages in _config.yml's `handbook: released_languages`)."""

PACKAGE_CATALOGS = "package"
"""The folder of the package's catalogs under each language's ``LC_MESSAGES``."""

_current = LANGUAGES[0]


def check_language(lang: str) -> str:
    """``lang`` if the handbook has it; otherwise an error naming the languages."""
    if lang not in LANGUAGES:
        raise MmdpError(f"unknown language {lang!r}; give one of {', '.join(LANGUAGES)} (en: English, fr: French, es: Spanish)")
    return lang


def language() -> str:
    """The current language's code (``en``, ``fr``, ``es``)."""
    return _current


def set_language(lang: str) -> None:
    """Write the package's text in ``lang`` from now on (a notebook's ``language`` parameter, ``--lang``)."""
    global _current
    _current = check_language(lang)


@contextmanager
def using(lang: str) -> Iterator[None]:
    """Write in ``lang`` within the block, then return to the language before it."""
    before = _current
    set_language(lang)
    try:
        yield
    finally:
        set_language(before)


def catalogs_dir(lang: str) -> Path:
    """``locales/<lang>/LC_MESSAGES/package``: the package's catalogs in ``lang``."""
    return locales_dir() / check_language(lang) / "LC_MESSAGES" / PACKAGE_CATALOGS


@dataclass(frozen=True)
class _Catalogs:
    """The package's translations in one language: each module's own, and all of them for a message a
    module shows but another defines (a label marked with ``N_`` in a table of another module)."""

    by_module: dict[str, dict]
    merged: dict
    plural: str = "(n != 1)"


@cache
def _catalogs(lang: str) -> _Catalogs:
    """Every translated, not fuzzy, message of the package's catalogs in ``lang`` (read once)."""
    from babel.messages.pofile import read_po

    if lang == LANGUAGES[0]:
        return _Catalogs({}, {})
    by_module: dict[str, dict] = {}
    merged: dict = {}
    plural = "(n != 1)"
    for path in sorted(catalogs_dir(lang).glob("*.po")):
        with path.open("rb") as handle:
            catalog = read_po(handle, locale=lang)
        plural = catalog.plural_expr
        own = by_module.setdefault(path.stem, {})
        for message in catalog:
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            if message.id and not message.fuzzy and all(strings):
                own[message.id] = message.string
                merged.setdefault(message.id, message.string)
    return _Catalogs(by_module, merged, plural)


def _lookup(message: str | tuple[str, str], depth: int) -> str | tuple[str, ...] | None:
    """``message``'s translation in the catalog of the module ``depth`` frames up (the one that wrote it, so
    "Status" can read "Statut" in a work plan and "Appréciation" in a tracker), else in any catalog."""
    catalogs = _catalogs(_current)
    if not catalogs.merged:
        return None
    module = sys._getframe(depth + 1).f_globals.get("__name__", "").removeprefix(f"{__package__}.")
    own = catalogs.by_module.get(module, {})
    return own[message] if message in own else catalogs.merged.get(message)


def _(message: str) -> str:
    """``message`` in the current language (English where it has no translation)."""
    translated = _lookup(message, 1)
    return translated if isinstance(translated, str) else message


def N_(message: str) -> str:
    """``message`` unchanged, marked for extraction (translate it with ``_()`` where it is shown)."""
    return message


def t(message: str, **fields: object) -> str:
    """``message`` in the current language with its ``{fields}`` filled in."""
    translated = _lookup(message, 1)
    return (translated if isinstance(translated, str) else message).format(**fields)


def n_(singular: str, plural: str, n: int, **fields: object) -> str:
    """The singular or plural wording for ``n`` in the current language, ``{n}`` and ``fields`` filled in."""
    from gettext import c2py

    forms = _lookup((singular, plural), 1)
    if isinstance(forms, tuple):
        text = forms[min(c2py(_catalogs(_current).plural)(n), len(forms) - 1)]
    else:
        text = singular if n == 1 else plural
    return text.format(n=n, **fields)


def message_key(text: str) -> str:
    """A heading or paragraph as Sphinx's catalogs hold it: its lines joined by one space."""
    return " ".join(text.split())


@cache
def book_messages(page: str, lang: str) -> dict[str, str]:
    """The translated, not fuzzy, messages of one of the book's catalogs in ``lang`` (``locales/<lang>/
    LC_MESSAGES/<page>.po``: ``chapters/x/y``, ``notebooks/costing``, ``mmdp_book``), keyed by
    ``message_key``; none in English or for a page without a catalog. Read once."""
    from babel.messages.pofile import read_po

    path = locales_dir() / lang / "LC_MESSAGES" / f"{page}.po"
    if lang == LANGUAGES[0] or not path.is_file():
        return {}
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=lang)
    return {message_key(m.id): m.string for m in catalog if isinstance(m.id, str) and m.id and m.string and not m.fuzzy}
