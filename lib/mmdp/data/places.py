"""Places: a country or area, or a group of them (the world, a region, an income group, a UN list
such as the least developed countries).

Groups are places too: ``resolve_place("Central Asia")`` gives the UN subregion with its member
countries. Stocks and flows of a group are sums over its members (``summed``); shares are computed
from those sums by the caller, never as medians of shares; each sum says how many countries have data.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from ..constants import LANGUAGES
from ..errors import MmdpError
from ..i18n import N_, _, language, t, using
from ..paths import frameworks_dir
from .countries import _by_library, _fold, _index, country_name, resolve
from .loaders import cached, load_countries
from .series import as_of

GROUP_FIELDS = (
    ("un_region", N_("UN region")),
    ("un_subregion", N_("UN subregion")),
    ("wb_region", N_("World Bank region")),
    ("wb_income_group", N_("World Bank income group")),
)
INCOME_GROUP = GROUP_FIELDS[-1][1]
"""Columns of the countries table that define groups, in the order a name is looked up."""

UN_LISTS = (
    ("ldc", "Least developed countries", "LDC"),
    ("lldc", "Landlocked developing countries", "LLDC"),
    ("sids", "Small island developing States", "SIDS"),
)
"""The UN's lists of countries with special needs (flag column, name, abbreviation): members are the
countries whose flag is set in the countries table (UN M49, via IOM gdidata)."""
UN_LIST_KIND = N_("UN country group")


@dataclass(frozen=True)
class Place:
    """A country (``members`` is itself) or a group of countries."""

    code: str
    name: str
    kind: str
    members: tuple[str, ...]

    @property
    def is_group(self) -> bool:
        return self.kind != "country"

    @property
    def iso3(self) -> str:
        """The country's ISO3 code; for a group, its code (a slug such as ``central-asia``)."""
        return self.code

    @property
    def local_name(self) -> str:
        """The name in the current language (``mmdp.i18n``): the UN's French or Spanish name where the data
        have one (``group_name``), else the English name."""
        return group_name(self, language())

    def describe(self) -> str:
        """``Central Asia (UN subregion, 5 countries and areas)`` or the country's name, in the current language."""
        if not self.is_group:
            return self.local_name
        if self.kind == "world":
            return t("The world ({count} countries and areas)", count=len(self.members))
        return t("{name} ({kind}, {count} countries and areas)", name=self.local_name, kind=_(self.kind), count=len(self.members))


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", _fold(text)).strip("-")


@cached
def group_places() -> dict[str, Place]:
    """Every group by folded name: the world, UN regions and subregions, World Bank regions and income
    groups, and the UN's least developed countries, landlocked developing countries and small island
    developing States (also by their abbreviations LDC, LLDC, SIDS).

    A name used by two classifications with different members (Sub-Saharan Africa) means the UN one;
    ``Sub-Saharan Africa (World Bank region)`` names the other. Every group also answers to
    ``<name> (<kind>)``.
    """
    table = load_countries()
    world = Place("world", "World", "world", tuple(table.iso3))
    found: dict[str, Place] = {"world": world}
    for column, kind in GROUP_FIELDS:
        for value in sorted(table[column].dropna().unique()):
            members = tuple(table.loc[table[column] == value, "iso3"])
            qualified = f"{value} ({kind})"
            slug = _slug(value) if _fold(value) not in found else _slug(qualified)
            place = Place(slug, value if _fold(value) not in found else qualified, kind, members)
            found.setdefault(_fold(value), place)
            found[_fold(qualified)] = place
            found.setdefault(slug, place)
    for column, name, abbreviation in UN_LISTS:
        place = Place(_slug(name), name, UN_LIST_KIND, tuple(table.loc[table[column], "iso3"]))
        for key in (name, f"{name} ({UN_LIST_KIND})", abbreviation, place.code):
            found[_fold(key)] = place
    return found


def country_place(iso3: str) -> Place:
    """The place of one country or area (by ISO3)."""
    name = load_countries().set_index("iso3").at[iso3, "short_name"]
    return Place(iso3, str(name), "country", (iso3,))


def resolve_place(text: str | int) -> Place:
    """A country (code or name, as ``resolve``) or a group (World, a region, an income group, a UN list).

    A group name that also names a country ("Micronesia": the UN subregion, or the Federated States
    of Micronesia) is refused with both candidates, as an ambiguous country name is.
    """
    if isinstance(text, str) and _fold(text) in group_places():
        group = group_places()[_fold(text)]
        country = _index().get(_fold(text)) or _by_library(text.strip())
        if country in set(_index().values()) and _fold(text) != _fold(f"{group.name} ({group.kind})"):
            name = load_countries().set_index("iso3").at[country, "name"]
            raise MmdpError(
                f"{text!r} is ambiguous: it could be {group.describe()} or {name} ({country}). "
                f"Give '{group.name} ({group.kind})' for the group or '{country}' for the country."
            )
        return group
    try:
        return country_place(resolve(text))
    except MmdpError as exc:
        if isinstance(text, str) and "unknown country" in str(exc):
            raise MmdpError(
                f"{exc} Groups work too: World, a UN region or subregion, a World Bank region or income group, "
                "LDC, LLDC, SIDS (`mmdp countries --groups` lists them)."
            ) from None
        raise


def default_comparators(place: Place) -> tuple[Place, ...]:
    """A country's UN subregion and World Bank income group (the world is always added by callers);
    none for a group."""
    if place.is_group:
        return ()
    row = load_countries().set_index("iso3").loc[place.code]
    groups = group_places()
    return tuple(
        groups[_fold(f"{row[column]} ({kind})")]
        for column, kind in GROUP_FIELDS
        if column in ("un_subregion", "wb_income_group") and isinstance(row[column], str)
    )


def summed(frame: pd.DataFrame, place: Place, columns: list[str], year: int | None = None) -> pd.DataFrame:
    """Per year, ``columns`` summed over the place's members (missing stays missing, never zero), and
    for each column ``n_<column>``: how many members have a value that year."""
    rows = as_of(frame, year)
    rows = rows[rows.iso3.isin(place.members)]
    grouped = rows.groupby("year")
    sums = grouped[columns].sum(min_count=1)
    counts = grouped[columns].count().add_prefix("n_")
    return sums.join(counts).reset_index()


@cached
def _group_names() -> dict[str, dict[str, str]]:
    table = pd.read_csv(frameworks_dir() / "group_names.csv", dtype=str, keep_default_na=False)
    return {row.english: {"fr": row.french, "es": row.spanish} for row in table.itertuples()}


def group_name(place: Place, lang: str = "en") -> str:
    """A group's name in ``lang`` (en, fr or es): the UN's French or Spanish name where
    ``data/frameworks/group_names.csv`` has one with its source (the world, UN regions, LDC, LLDC, SIDS),
    the World Bank's income groups as the package's catalogs write them, else the
    English name. A country's place gives its country name (``countries.country_name``)."""
    if lang not in LANGUAGES:
        raise MmdpError(f"unknown language {lang!r}; choose one of: {', '.join(LANGUAGES)}")
    if not place.is_group:
        return place.name if lang == "en" else country_name(place.code, lang)
    if place.kind == INCOME_GROUP:  # the World Bank's groups, as the package's catalogs write them
        with using(lang):
            return _(place.name)
    return _group_names().get(place.name, {}).get(lang) or place.name


def group_label(english: str) -> str:
    """A UN region's or subregion's name (as the country table writes it, in English) in the current
    language, as ``group_name`` gives it; empty stays empty."""
    return _group_names().get(english, {}).get(language()) or english

