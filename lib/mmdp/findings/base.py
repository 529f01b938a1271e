"""A finding: facts computed once, and the sentence, charts and tables rendered from them.

Every notebook section shows one finding. Its facts carry value, unit, year and source; its
sentence, its charts' alt text and its tables are written from those same facts, so they cannot
disagree. ``numbers()`` lists every number the facts can print (their source editions included): a
test checks that each number in the sentence and the alt text is one of them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..i18n import _, t
from ..render import format as fmt
from ..render.display import FINDING_METADATA, Chart, Table, Text

CODE = re.compile(r"\b(?:SDG |ODD |GCM |PMM |MGI-)?\d+\.(?!\d{3}\b)[0-9a-z]+(?:\.\d+)?\b(?![\d,])|\bMGI-\d\b|US\$\d+")
"""Codes and fixed labels that are not findings (SDG 10.c.1, MGI-3, US$200): left out of number checks.
A part of three digits is a Spanish thousands group (1.960.836), never a code's."""


def numbers_in(text: str) -> set[str]:
    """The numbers a text states as the current language writes them (``fmt.number_pattern``), codes such
    as SDG 10.c.1 left out."""
    return set(fmt.number_pattern().findall(CODE.sub(" ", text)))


@dataclass(frozen=True)
class Fact:
    """One figure: value (None where the source gives none), unit, year and source edition."""

    label: str
    value: float | int | str | None
    unit: str
    year: int | None = None
    source: str = ""
    basis: str = ""
    """For a group: how the value was computed, e.g. 'sum over 5 of 5 countries'."""

    @property
    def text(self) -> str:
        """The value as people read it, or 'not available'."""
        if isinstance(self.value, str):
            return self.value
        return fmt.value(self.value, self.unit)

    @property
    def missing(self) -> bool:
        return fmt.is_missing(self.value)

    def with_year(self) -> str:
        """``1,234 (2024)`` or ``not available``."""
        return self.text if self.missing or self.year is None else f"{self.text} ({self.year})"


@dataclass(frozen=True)
class Finding:
    """Facts with the sentence, charts and tables rendered from them; shown as one notebook section."""

    id: str
    title: str
    facts: dict[str, Fact]
    sentence: str
    charts: tuple[Chart, ...] = ()
    tables: tuple[Table, ...] = ()
    notes: tuple[str, ...] = field(default=())

    def __getitem__(self, name: str) -> Fact:
        return self.facts[name]

    def numbers(self) -> set[str]:
        """Every number the facts print: their values, years, and the numbers in their labels, bases and
        sources (an edition's name, such as International Migrant Stock 2024, is part of a fact's source)."""
        found: set[str] = set()
        for fact in self.facts.values():
            for text in (fact.text, fact.label, fact.basis, fact.source, "" if fact.year is None else str(fact.year)):
                found.update(numbers_in(text))
        return found

    def stated_numbers(self) -> set[str]:
        """Every number in the sentence and in the charts' alt text."""
        texts = [self.sentence, *(c.alt for c in self.charts)]
        return {n for text in texts for n in numbers_in(text)}

    def _ipython_display_(self) -> None:
        """The sentence, charts, tables and notes; the id travels in each output's metadata (a country
        pack writes it into the figure data's metadata file), not on the reader's page."""
        from IPython.display import display

        tag = {FINDING_METADATA: {"finding": self.id}}
        for part in (Text(self.sentence), *self.charts, *self.tables, *(Text(note) for note in self.notes)):
            display(part, metadata=tag)


def facts_rows(facts: Iterable[Fact]) -> list[dict[str, str]]:
    """Rows of indicator, value, year, source (and, for groups, how each value was computed)."""
    rows = []
    for f in facts:
        row = {_("Indicator"): f.label, _("Value"): f.text, _("Year"): fmt.year(f.year), _("Source"): f.source or fmt.not_available()}
        if f.basis:
            row[_("Computed as")] = f.basis
        rows.append(row)
    return rows


def describe_parameters(params) -> Text:
    """The line under the parameters: place, reference year, comparators, inputs."""
    peers = ", ".join(p.local_name for p in params.peers if p != params.place)
    if params.illustrative_inputs:
        inputs = _("illustrative examples")
    elif params.inputs.suffix.lower() in (".xlsx", ".xlsm"):
        inputs = t("workbook {name}", name=params.inputs.name)
    else:
        inputs = t("folder {name}", name=params.inputs.name)
    place = params.place.describe() if params.place.is_group else f"{params.place.describe()} ({params.iso3})"  # a group's code is an internal slug
    return Text(t("**Place:** {place} · **reference year:** {year} · **comparators:** {peers} · **planning inputs:** {inputs}",
                  place=place, year=params.year, peers=peers or _("none"), inputs=inputs))
