"""Shared helpers of the planning-stage findings (Stages 0 and 2-6): the templates of the run's
inputs, the caption that labels them, and facts for things a sentence names."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from ..inputs.parameters import Parameters
from ..inputs.workbook import load_template
from .base import Fact
from .capacity import inputs_label


def template(params: Parameters, name: str) -> pd.DataFrame:
    """A checked template of the run's inputs (folder or workbook)."""
    return load_template(params.inputs, name)


def label(params: Parameters) -> str:
    """Whose inputs these are: 'ILLUSTRATIVE EXAMPLE...' for the defaults, the team's otherwise."""
    return inputs_label(params)


def named(prefix: str, names: Iterable[str]) -> dict[str, Fact]:
    """A fact per item a sentence names (an id, an objective), so its digits count as stated facts."""
    return {f"{prefix}:{n}": Fact(str(n), str(n), "count") for n in names}


def count(label_text: str, value: int) -> Fact:
    return Fact(label_text, int(value), "count")
