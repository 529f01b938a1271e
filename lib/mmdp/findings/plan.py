"""Shared parts of the planning-stage findings (Stages 0 and 2-6): the templates of the run's inputs,
and ``PlanFinding``, the builder every planning finding uses.

A planning finding is built from a country team's inputs (or the illustrative example), so its
sentence, its charts and its tables all say whose inputs they show. The builder adds that label
once: a finding function gives only what is specific to it (facts, the sentence's words, the
figure, the table rows).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import pandas as pd
from matplotlib.figure import Figure

from ..i18n import N_, _, t
from ..inputs.parameters import Parameters
from ..inputs.workbook import is_workbook, load_template
from ..render import style
from ..render.display import Chart, Table
from .base import Fact, Finding

IDENTIFIER = re.compile(r"\b[A-Za-z][A-Za-z_\-]*\d[\w.\-]*\b")
"""A code such as PR2, OC1, I01 or A-04: letters first, then digits."""


def template(params: Parameters, name: str) -> pd.DataFrame:
    """A checked template of the run's inputs (folder or workbook)."""
    return load_template(params.inputs, name)


EXAMPLE_LABEL = N_("ILLUSTRATIVE EXAMPLE: invented inputs from data/examples, not data about {place}")
TEAM_LABELS = (N_("Inputs of the {place} country team (workbook {name})"), N_("Inputs of the {place} country team (folder {name})"))
"""Whose inputs a planning figure shows: the handbook's invented example, or a country team's workbook or folder."""


def label(params: Parameters) -> str:
    """Whose inputs these are, in the current language: 'ILLUSTRATIVE EXAMPLE...' for the defaults, the
    team's otherwise (the workbook's or folder's name, never a local path)."""
    place = params.place.local_name
    if params.illustrative_inputs:
        return t(EXAMPLE_LABEL, place=place)
    return t(TEAM_LABELS[0] if is_workbook(params.inputs) else TEAM_LABELS[1], place=place, name=params.inputs.name)


def label_marks() -> dict[str, tuple[str, ...]]:
    """The fixed words of each kind of label in the current language and in English (the longest run of
    text between its fields): what a pack looks for to tell the worked example from a team's inputs."""
    def mark(message: str) -> str:
        return max(re.split(r"\{\w+\}", message), key=len)

    return {"example": tuple({mark(EXAMPLE_LABEL), mark(_(EXAMPLE_LABEL))}),
            "team": tuple({mark(m) for m in TEAM_LABELS} | {mark(_(m)) for m in TEAM_LABELS})}


class PlanFinding:
    """Builder of one planning finding: facts, then ``say`` (the sentence, labelled with whose inputs
    these are), then charts and tables (captioned with the same label), then ``finding()``."""

    def __init__(self, params: Parameters, finding_id: str, title: str):
        self.params, self.id, self.title = params, finding_id, title
        self.label = label(params)
        self.facts: dict[str, Fact] = {}
        self.sentence = ""
        self.charts: list[Chart] = []
        self.tables: list[Table] = []

    def fact(self, key: str, label_text: str, value, unit: str, year: int | None = None) -> Fact:
        """Add a fact and return it (its ``text`` goes into the sentence)."""
        self.facts[key] = Fact(label_text, value, unit, year)
        return self.facts[key]

    def count(self, key: str, label_text: str, value: int) -> Fact:
        return self.fact(key, label_text, int(value), "count")

    def name(self, prefix: str, names: Iterable[str]) -> list[str]:
        """Record the ids and names a sentence lists; returns them as a list.

        Only the digits inside codes (PR2, I01) count as stated facts: a number written into a name
        (a rating, a date) is not a fact, so the number check still catches it. Give such numbers
        with ``fact``."""
        names = [str(n) for n in names]
        for n in names:
            self.facts[f"{prefix}:{n}"] = Fact(prefix, " ".join(IDENTIFIER.findall(n)), "name")
        return names

    def say(self, text: str, note: str = "") -> str:
        """The finding's sentence: ``text`` followed by whose inputs it rests on (and ``note``)."""
        self.sentence = f"{text} ({self._source(note)})"
        return self.sentence

    def _source(self, note: str) -> str:
        return t("{label}; {note}.", label=self.label, note=note) if note else f"{self.label}."

    def chart(self, fig: Figure, kind: str, note: str = "", data: pd.DataFrame | None = None, alt: str | None = None) -> Chart:
        """Render ``fig``; its alt text is ``kind`` and the sentence (or ``alt``), its source the label (and ``note``)."""
        chart = style.render(fig, alt or f"{kind}. {self.sentence}", self._source(note), data=data, recurs=True)
        self.charts.append(chart)
        return chart

    def no_data(self, title: str, message: str) -> Chart:
        """The figure that says there is nothing to draw."""
        chart = style.no_data_chart(title, message, self._source(""))
        self.charts.append(chart)
        return chart

    def table(self, frame: pd.DataFrame, caption: str, note: str = "", index: bool = False, units: dict[str, str] | None = None) -> Table:
        table = Table(frame, caption, self._source(note), index=index, units=units or {})
        self.tables.append(table)
        return table

    def finding(self) -> Finding:
        if not self.sentence:
            raise ValueError(f"finding {self.id} has no sentence: call say() first")
        return Finding(self.id, self.title, self.facts, self.sentence, charts=tuple(self.charts), tables=tuple(self.tables))
