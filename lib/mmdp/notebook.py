"""Helpers for the notebooks: deterministic display of text and tables, and the first-cell set-up.

Every display has a plain-text form that is stable (rounded, sorted), because nbval compares it.
"""

from __future__ import annotations

import html
import warnings
from dataclasses import dataclass

import pandas as pd

from . import plots


@dataclass(frozen=True)
class Table:
    """A table with a caption and a source line; plain text for nbval, HTML for the book.

    Missing values read 'not available'; counts (integer columns other than years) get thousands separators.
    """

    frame: pd.DataFrame
    caption: str
    source: str
    index: bool = True

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict[str, str]:
        if self.frame.empty:
            text = body = "No rows: the source has no values for this selection (not available, not zero)."
        else:
            shown = self.frame.astype(object).mask(self.frame.isna(), "not available")
            for column in self.frame.columns:
                if pd.api.types.is_integer_dtype(self.frame[column]) and "year" not in str(column).lower():
                    shown[column] = self.frame[column].map(lambda v: "not available" if pd.isna(v) else f"{v:,}")
            text = shown.to_string(index=self.index)
            body = shown.to_html(index=self.index, border=0, classes="mmdp-table")
        caption = f"<p><strong>{html.escape(self.caption)}</strong></p>"
        source = f'<p style="font-size:0.85em;color:#444">{html.escape(self.source)}</p>'
        return {"text/plain": f"{self.caption}\n{text}\n{self.source}", "text/html": caption + body + source}


@dataclass(frozen=True)
class Text:
    """A paragraph computed from the data, shown as Markdown."""

    markdown: str

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict[str, str]:
        return {"text/markdown": self.markdown, "text/plain": self.markdown}


def start() -> None:
    """Common start of every notebook: the plotting style, and no library warnings in the output."""
    plots.apply_style()
    warnings.filterwarnings("ignore", category=FutureWarning)
    warnings.filterwarnings("ignore", category=DeprecationWarning)
    pd.set_option("display.width", 120)


HEADLESS_ENV = "MMDP_HEADLESS"
"""Set (to 1) by unattended runs: papermill via ``mmdp run``, nbval, the book build."""


def country_explorer(run, chart):
    """A dropdown that redraws ``chart`` for another country in JupyterLab; a note when headless.

    Unattended runs get the note because a kernel with no front end has nobody to answer the widget.
    """
    import os

    if os.environ.get(HEADLESS_ENV):
        return Text("*Interactive explorer: open this notebook in JupyterLab to pick another country.*")
    import ipywidgets as widgets
    from IPython.display import display

    from .data import load_countries
    from .setup import setup

    def redraw(other: str) -> None:
        display(chart(setup(other, run.year)))

    choice = widgets.Dropdown(options=list(load_countries().iso3), value=run.iso3, description="Country")
    return widgets.interactive(redraw, other=choice)
