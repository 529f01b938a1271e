"""The global frameworks' catalogues (``data/frameworks/``) with their official French and Spanish titles.

The English tables (``sdg_indicators.csv``, ``gcm_objectives.csv``, ``gcm_guiding_principles.csv``) are
what the book's reference pages render. Their official French and Spanish wording is kept apart, in
``official_titles.csv``: one row per title (file, code, column), each language's text with the public
page it was read from, an empty cell where no official text was found. ``title`` and
``framework_table`` give a title in a language and fall back to the English one for an empty cell, so a
reader never sees a wording the handbook made up.
"""

from __future__ import annotations

import pandas as pd

from ..errors import MmdpError
from ..i18n import check_language, language
from ..paths import frameworks_dir
from .loaders import cached

FRAMEWORKS = {
    "sdg_indicators": ("indicator_code", ("indicator",)),
    "gcm_objectives": ("number", ("short_name", "objective")),
    "gcm_guiding_principles": ("number", ("principle",)),
}
"""Each catalogue with official titles: its code column and the columns that hold a title."""

LANGUAGE_COLUMNS = {"fr": "french", "es": "spanish"}
"""The column of ``official_titles.csv`` that holds each language's text (its source is ``<column>_source``)."""

OFFICIAL_TITLES = "official_titles.csv"


@cached
def _english_table(file: str) -> pd.DataFrame:
    """A framework catalogue as the book renders it (English), every cell as text."""
    if file not in FRAMEWORKS:
        raise MmdpError(f"unknown framework file {file!r}; choose one of: {', '.join(FRAMEWORKS)}")
    return pd.read_csv(frameworks_dir() / f"{file}.csv", dtype=str, keep_default_na=False)


@cached
def official_titles() -> pd.DataFrame:
    """``official_titles.csv``: file, code, column, french, french_source, spanish, spanish_source."""
    return pd.read_csv(frameworks_dir() / OFFICIAL_TITLES, dtype=str, keep_default_na=False)


@cached
def _titles(lang: str) -> dict[tuple[str, str, str], str]:
    table = official_titles()
    texts = table[LANGUAGE_COLUMNS[lang]]
    return {(f, c, col): text for f, c, col, text in zip(table.file, table.code, table.column, texts) if text}


def _english(file: str, code: str, column: str) -> str:
    table = _english_table(file)
    code_column, columns = FRAMEWORKS[file]
    if column not in columns:
        raise MmdpError(f"{file}.csv has no title column {column!r}; choose one of: {', '.join(columns)}")
    rows = table[table[code_column] == code]
    if rows.empty:
        raise MmdpError(f"{code!r} is not a code in data/frameworks/{file}.csv")
    return rows[column].iloc[0]


def title(file: str, code: str, column: str, lang: str | None = None) -> str:
    """The title in ``column`` of the row ``code`` of ``data/frameworks/<file>.csv`` in ``lang`` (default:
    the current language): the official French or Spanish text where ``official_titles.csv`` has one,
    else the English title. ``title("gcm_objectives", "20", "short_name", "fr")`` is "Envois de fonds"."""
    lang = check_language(lang or language())
    english = _english(file, str(code), column)
    if lang == "en":
        return english
    return _titles(lang).get((file, str(code), column), english)


def framework_table(file: str, lang: str | None = None) -> pd.DataFrame:
    """A framework catalogue with its title columns in ``lang`` (default: the current language), official
    text where there is one, English otherwise; codes and the other columns unchanged."""
    lang = check_language(lang or language())
    table = _english_table(file).copy()
    if lang == "en":
        return table
    code_column, columns = FRAMEWORKS[file]
    titles = _titles(lang)
    for column in columns:
        table[column] = [titles.get((file, code, column), english) for code, english in zip(table[code_column], table[column])]
    return table
