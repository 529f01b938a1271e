"""Resolve what people type (ISO3, ISO2, M49, English names and their variants) to one ISO3 code."""

from __future__ import annotations

import difflib
import unicodedata

import pandas as pd

from ..constants import LANGUAGES
from ..errors import MmdpError
from ..i18n import N_, _
from .loaders import cached, load_countries
from .schemas import CODE_ALIASES


def _fold(text: str) -> str:
    """Lower-case, accents removed, curly apostrophes straightened, spaces collapsed."""
    text = unicodedata.normalize("NFKD", text.replace("\u2019", "'"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(text.lower().split())


@cached
def _index() -> dict[str, str]:
    """Exact keys (codes and folded names) of the countries table, mapped to ISO3."""
    table = load_countries()
    keys: dict[str, str] = {}
    for row in table.itertuples():
        for key in (row.iso3, row.iso2, row.name, row.short_name):
            if isinstance(key, str):
                keys[_fold(key)] = row.iso3
        if pd.notna(row.m49):
            keys[str(int(row.m49))] = row.iso3
            keys[f"{int(row.m49):03d}"] = row.iso3
    for alias, iso3 in CODE_ALIASES.items():  # e.g. the World Bank's CHI for the Channel Islands
        if iso3 in keys.values():
            keys[_fold(alias)] = iso3
    return keys


@cached
def _names() -> list[tuple[str, str, str]]:
    """(folded name, name as written, iso3) for every long and short name."""
    table = load_countries()
    return [(_fold(n), n, r.iso3) for r in table.itertuples() for n in dict.fromkeys((r.name, r.short_name)) if isinstance(n, str)]


def candidates(text: str) -> dict[str, str]:
    """Countries whose name contains ``text`` as whole words: iso3 -> name (for ambiguity checks)."""
    words = _fold(text).split()
    found: dict[str, str] = {}
    for folded, name, iso3 in _names():
        name_words = folded.replace(",", " ").replace("(", " ").replace(")", " ").split()
        if any(name_words[i : i + len(words)] == words for i in range(len(name_words) - len(words) + 1)):
            found.setdefault(iso3, name)
    return found


_NOT_FOUND = "<not found>"


@cached
def _converter():
    import logging

    import country_converter as coco

    logging.getLogger("country_converter").setLevel(logging.ERROR)  # we raise our own error
    return coco.CountryConverter()


def _by_library(text: str) -> str | None:
    """country-converter's regular expressions know the common English variants."""
    found = _converter().convert(text, to="ISO3", not_found=_NOT_FOUND)
    return found if isinstance(found, str) and found != _NOT_FOUND else None


def suggestions(text: str, n: int = 3) -> list[str]:
    """Closest country names to ``text`` (for error messages)."""
    table = load_countries()
    names = {_fold(name): name for name in [*table.short_name, *table.name]}
    close = difflib.get_close_matches(_fold(text), list(names), n=n, cutoff=0.5)
    return [names[c] for c in close]


def resolve(text: str | int) -> str:
    """ISO3 code of a country given as ISO3, ISO2, M49 (number or text) or English name.

    Raises MmdpError with the closest names when nothing matches.
    """
    if isinstance(text, int) and not isinstance(text, bool):
        text = str(text)
    if not isinstance(text, str) or not text.strip():
        raise MmdpError(f"country must be a name or code such as 'KGZ' or 'Kyrgyzstan', not {text!r}")
    key = _fold(text.strip())
    codes = _index()
    if key in codes:
        return codes[key]
    matches = candidates(text)
    if len(matches) > 1:
        listed = "; ".join(f"{name} ({iso3})" for iso3, name in sorted(matches.items()))
        raise MmdpError(f"{text!r} is ambiguous: it could be {listed}. Give the code or the full name.")
    if len(matches) == 1:
        return next(iter(matches))
    found = _by_library(text.strip())
    known = set(codes.values())
    if found in known:
        return found
    hint = suggestions(text)
    tip = f" Did you mean: {', '.join(hint)}?" if hint else ""
    if found:
        raise MmdpError(f"{text!r} ({found}) is not covered by the handbook's data.{tip}")
    raise MmdpError(f"unknown country {text!r}.{tip} Try `mmdp countries` for the full list.")


NOT_CLASSIFIED = N_("Not classified by the World Bank")
"""An economy the World Bank lists without an income group (Venezuela in FY2025)."""
NOT_LISTED = N_("Not in the World Bank's list of economies")
"""A country or area the World Bank does not list on its own (Réunion, Tokelau...)."""


INCOME_GROUPS = (N_("Low income"), N_("Lower middle income"), N_("Upper middle income"), N_("High income"))
"""The World Bank's income groups, as the countries table names them (marked for translation)."""


def income_group_label(wb_region: object, wb_income_group: object) -> str:
    """The World Bank income group, or why there is none: listed but not classified (it has a World Bank
    region), or not listed at all; in the current language."""
    if isinstance(wb_income_group, str):
        return _(wb_income_group)
    return _(NOT_CLASSIFIED if isinstance(wb_region, str) else NOT_LISTED)


def select(region: str | None = None, income: str | None = None) -> pd.DataFrame:
    """Countries filtered by UN region/subregion or World Bank region, and by income group."""
    table = load_countries()
    if region:
        fields = ("un_region", "un_subregion", "wb_region")
        wanted = _fold(region)
        mask = pd.Series(False, index=table.index)
        for field in fields:
            mask |= table[field].fillna("").map(_fold) == wanted
        if not mask.any():
            options = sorted(set().union(*(set(table[f].dropna()) for f in fields)))
            raise MmdpError(f"unknown region {region!r}; choose one of: {'; '.join(options)}")
        table = table[mask]
    if income:
        groups = sorted(load_countries().wb_income_group.dropna().unique())
        match = [g for g in groups if _fold(g) == _fold(income) or _fold(g).startswith(_fold(income))]
        if len(match) != 1:
            raise MmdpError(f"unknown income group {income!r}; choose one of: {'; '.join(groups)}")
        table = table[table.wb_income_group == match[0]]
    return table


def country_name(iso3: str, lang: str = "en", *, form: str = "m49") -> str:
    """The UN's name of a country or area in ``lang`` (en, fr or es).

    ``form="m49"``: the UN Statistics Division's M49 name, the form of statistical tables ("Sénégal",
    "Bolivia (Estado Plurinacional de)"); ``form="unterm"``: the UNTERM short name with its article
    ("Sénégal (le)"), published for member and observer States only. Where the source gives no name in
    that language (Kosovo, the Channel Islands, Taiwan; UNTERM for areas), the English name is returned.
    """
    if lang not in LANGUAGES:
        raise MmdpError(f"unknown language {lang!r}; choose one of: {', '.join(LANGUAGES)}")
    if form not in ("m49", "unterm"):
        raise MmdpError(f"unknown name form {form!r}; choose 'm49' or 'unterm'")
    table = load_countries().set_index("iso3")
    if iso3 not in table.index:
        raise MmdpError(f"unknown country code {iso3!r}; give an ISO3 code such as 'SEN' (see `mmdp countries`)")
    row = table.loc[iso3]
    if lang == "en":
        return row["name"]
    name = row[f"{'name' if form == 'm49' else 'unterm'}_{lang}"]
    return name if isinstance(name, str) else row["name"]
