"""The language of the text the package writes: findings' sentences, alt texts, table headers, the fact
sheet, the pack, the plan documents.

The English text is in the code, marked for translation; each language's translations are gettext
catalogs beside the book's, one per module (``locales/<lang>/LC_MESSAGES/package/<module>.po``, as
Sphinx keeps one per page), so ``make translations`` extracts and updates both the same way and the
released-language check covers both. No language is a second copy of the code.

- ``_("Immigrants")``: a fixed text in the current language.
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

from collections.abc import Iterator
from contextlib import contextmanager
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


@cache
def _catalog(lang: str) -> tuple[dict, str]:
    """Every translated, not fuzzy, message of the package's catalogs in ``lang`` (read once), and the
    catalogs' plural rule (gettext's ``Plural-Forms`` expression)."""
    from babel.messages.pofile import read_po

    found: dict = {}
    plural = "(n != 1)"
    if lang == LANGUAGES[0]:
        return found, plural
    for path in sorted(catalogs_dir(lang).glob("*.po")):
        with path.open("rb") as handle:
            catalog = read_po(handle, locale=lang)
        plural = catalog.plural_expr
        for message in catalog:
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            if message.id and not message.fuzzy and all(strings):
                found[message.id] = message.string
    return found, plural


def _(message: str) -> str:
    """``message`` in the current language (English where it has no translation)."""
    translated = _catalog(_current)[0].get(message)
    return translated if isinstance(translated, str) else message


def N_(message: str) -> str:
    """``message`` unchanged, marked for extraction (translate it with ``_()`` where it is shown)."""
    return message


def t(message: str, **fields: object) -> str:
    """``message`` in the current language with its ``{fields}`` filled in."""
    return _(message).format(**fields)


def n_(singular: str, plural: str, n: int, **fields: object) -> str:
    """The singular or plural wording for ``n`` in the current language, ``{n}`` and ``fields`` filled in."""
    from gettext import c2py

    found, rule = _catalog(_current)
    forms = found.get((singular, plural))
    if isinstance(forms, tuple):
        text = forms[min(c2py(rule)(n), len(forms) - 1)]
    else:
        text = singular if n == 1 else plural
    return text.format(n=n, **fields)
