"""Resolve what people type (ISO3, ISO2, M49, English names and their variants) to one ISO3 code."""

from __future__ import annotations

import difflib
import unicodedata
from functools import cache

import pandas as pd

from .data import load_countries
from .errors import MmdpError


def _fold(text: str) -> str:
    """Lower-case, accents removed, curly apostrophes straightened, spaces collapsed."""
    text = unicodedata.normalize("NFKD", text.replace("\u2019", "'"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(text.lower().split())


@cache
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
    return keys


_NOT_FOUND = "<not found>"


@cache
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
    found = _by_library(text.strip())
    known = set(codes.values())
    if found in known:
        return found
    hint = suggestions(text)
    tip = f" Did you mean: {', '.join(hint)}?" if hint else ""
    if found:
        raise MmdpError(f"{text!r} ({found}) is not covered by the handbook's data.{tip}")
    raise MmdpError(f"unknown country {text!r}.{tip} Try `mmdp countries` for the full list.")


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
