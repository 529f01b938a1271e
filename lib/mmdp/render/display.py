"""What a notebook displays: a Chart (PNG with alt text and source line), a Table, a Text.

Each has a stable plain-text form, because nbval compares it: a chart's plain text is its alt
text, which states the figure's key values. Every output escapes HTML, so text supplied by users
(an inputs folder, a stakeholder's name) can never become live HTML in a shared page.
"""

from __future__ import annotations

import base64
import html
from dataclasses import dataclass, field

import pandas as pd

from ..i18n import t
from . import format as fmt

CHART_DATA_MIME = "application/vnd.mmdp.chart-data+json"
"""Output type carrying the data behind a figure (CSV text, source, alt), which country packs
turn into a downloadable CSV with a small metadata file."""

FINDING_METADATA = "mmdp"
"""Output metadata key under which a finding's outputs carry its id (``{"mmdp": {"finding": "profile.remittances"}}``)."""


def _csv(frame: pd.DataFrame) -> str:
    """CSV text of a chart's data: counts stored as floats written as whole numbers, missing empty."""
    frame = frame.copy()
    for column in frame.columns:
        series = frame[column]
        if series.dtype.kind == "f" and series.dropna().map(float.is_integer).all():
            frame[column] = series.astype("Int64")
    return frame.to_csv(index=False, lineterminator="\n")


@dataclass(frozen=True)
class Chart:
    """A rendered figure with its alt text and source line; optionally the data it draws."""

    png: bytes
    alt: str
    source: str
    data: pd.DataFrame | None = field(default=None, compare=False, repr=False)

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict[str, str]:
        encoded = base64.b64encode(self.png).decode("ascii")
        figure = (
            f'<figure class="mmdp-figure"><img src="data:image/png;base64,{encoded}" '
            f'alt="{html.escape(self.alt)}" style="max-width:100%"/>'
            f'<figcaption class="mmdp-source">{html.escape(self.source)}</figcaption></figure>'
        )
        bundle = {"text/html": figure, "text/plain": f"[Figure] {self.alt}\n{self.source}"}
        if self.data is not None:
            bundle[CHART_DATA_MIME] = {"csv": _csv(self.data), "source": self.source, "alt": self.alt}
        return bundle


def _cell(value: object, unit: str | None) -> str:
    if fmt.is_missing(value):
        return fmt.not_available()
    if unit is not None:
        return fmt.value(value, unit)
    return str(value)


MAX_ROWS_SHOWN = 200
"""A table in an output shows at most this many rows and says how many more there are."""


@dataclass(frozen=True)
class Table:
    """A table with a caption and a source line; plain text for nbval, HTML for the book.

    ``units`` formats columns (``{"Migrants": "people"}``); integer columns other than years are
    counts; every missing value reads 'not available'.
    """

    frame: pd.DataFrame
    caption: str
    source: str
    index: bool = True
    units: dict[str, str] = field(default_factory=dict)

    def shown(self) -> pd.DataFrame:
        """The frame as the reader sees it: every cell a formatted string."""
        cells = []
        for column, series in self.frame.items():
            unit = self.units.get(column)
            if unit is None and pd.api.types.is_integer_dtype(series) and "year" not in str(column).lower():
                unit = "count"
            if unit is None and "year" in str(column).lower() and pd.api.types.is_numeric_dtype(series):
                unit = "year"
            cells.append([_cell(v, unit) for v in series])
        shown = pd.DataFrame(dict(enumerate(cells)), index=self.frame.index)
        shown.columns = self.frame.columns
        return shown

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict[str, str]:
        if self.frame.empty:
            text = body = t("No rows: the source has no values for this selection ({not_available}, not zero).",
                            not_available=fmt.not_available())
        else:
            shown = self.shown()
            more = len(shown) - MAX_ROWS_SHOWN
            if more > 0:  # a 50 MB input must not make a 300 MB notebook
                shown = shown.head(MAX_ROWS_SHOWN)
            text, body = _plain_table(shown, self.index), _html_table(shown, self.index)
            if more > 0:
                note = t("First {shown} rows shown; {more} more are in the CSV file this table is drawn from.",
                         shown=fmt.count(MAX_ROWS_SHOWN), more=fmt.count(more))
                text, body = f"{text}\n{note}", f"{body}<p>{html.escape(note)}</p>"
        caption = f"<p><strong>{html.escape(self.caption)}</strong></p>"
        source = f'<p class="mmdp-source">{html.escape(self.source)}</p>'
        return {"text/plain": f"{self.caption}\n{text}\n{self.source}", "text/html": caption + body + source}


_ESCAPED = str.maketrans({"\t": r"\t", "\n": r"\n", "\r": r"\r"})
"""Control characters a table cell shows escaped, as pandas writes them."""


def _cell_text(value) -> str:
    return str(value).translate(_ESCAPED)


def _plain_table(shown: pd.DataFrame, index: bool) -> str:
    """``shown.to_string(index=index)``, byte for byte, for a frame of strings with a flat index, written
    directly: pandas' general formatter took a third of a planning notebook's time in tables."""
    named = index and shown.index.name is not None
    columns = []
    if index:
        cells = ["", *([_cell_text(shown.index.name)] if named else []), *map(_cell_text, shown.index)]
        columns.append(cells)
    lead = " " if index else ""
    for name, values in shown.items():
        header = [_cell_text(name), *([""] if named else [])]
        cells = [lead + _cell_text(value) for value in values]
        width = max(map(len, header + cells))
        columns.append([cell.rjust(width) for cell in header + cells])
    for column in columns[:-1]:
        width = max(map(len, column)) + 1
        column[:] = [cell.ljust(width) for cell in column]
    return "\n".join("".join(row) for row in zip(*columns))


def _html_cell(kind: str, value) -> str:
    return f"      <{kind}>{html.escape(str(value), quote=False).strip()}</{kind}>"


def _html_table(shown: pd.DataFrame, index: bool) -> str:
    """``shown.to_html(index=index, border=0, classes="mmdp-table", escape=True)``, byte for byte, for a frame
    of strings with a flat index, written directly (see ``_plain_table``)."""
    lines = ['<table class="dataframe mmdp-table">', "  <thead>", '    <tr style="text-align: right;">']
    lines += [_html_cell("th", "")] if index else []
    lines += [_html_cell("th", name) for name in shown.columns]
    lines.append("    </tr>")
    if index and shown.index.name is not None:
        lines += ["    <tr>", _html_cell("th", shown.index.name), *[_html_cell("th", "")] * shown.shape[1], "    </tr>"]
    lines += ["  </thead>", "  <tbody>"]
    for label, row in zip(shown.index, shown.itertuples(index=False)):
        lines.append("    <tr>")
        lines += [_html_cell("th", _cell_text(label))] if index else []
        lines += [_html_cell("td", _cell_text(value)) for value in row]
        lines.append("    </tr>")
    lines += ["  </tbody>", "</table>"]
    return "\n".join(lines)


@dataclass(frozen=True)
class Text:
    """A paragraph computed from the data, shown as Markdown; any HTML in it is shown as text."""

    markdown: str

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict[str, str]:
        return {"text/markdown": html.escape(self.markdown, quote=False), "text/plain": self.markdown}
