"""The one formatting module: counts, shares, money, indexes and every kind of missing value."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from mmdp.render import format as fmt
from mmdp.render.display import Table


@pytest.mark.parametrize(
    "value, unit, expected",
    [
        (1960836.0, "people", "1,960,836"),
        (12.0, "count", "12"),
        (0.03, "%", "< 0.1 %"),
        (0.05, "%", "0.1 %"),
        (0.0, "%", "0 %"),
        (20.44, "%", "20.4 %"),
        (2.849e9, "US$", "US$ 2.85 bn"),
        (94.0e6, "US$", "US$ 94.0 M"),
        (945005, "US$", "US$ 945 thousand"),
        (9876, "US$", "US$ 9,876"),
        (0.7012, "index", "0.701"),
        (28.04, "points", "+28.0 points"),
        (-10.7, "points", "-10.7 points"),
        (6403.4, "number", "6,403"),
        (2024, "year", "2024"),
        (2338.04, "rate", "2,338"),
        (39.4, "rate", "39"),
        (0.4359, "rate", "0.4"),
        (0.03, "rate", "< 0.1"),
        (0.0, "rate", "0"),
    ],
)
def test_values_read_as_people_read_them(value, unit, expected):
    assert fmt.value(value, unit) == expected


@pytest.mark.parametrize("missing", [None, float("nan"), pd.NA, pd.NaT, "", "  ", math.nan])
@pytest.mark.parametrize("unit", ["people", "%", "US$", "index", "points", "year", "rate"])
def test_every_kind_of_missing_reads_not_available(missing, unit):
    assert fmt.value(missing, unit) == fmt.NOT_AVAILABLE == "not available"


def test_unknown_unit_is_refused():
    with pytest.raises(ValueError, match="no formatter for unit 'furlongs'"):
        fmt.value(1, "furlongs")


def test_source_lines_use_one_wording():
    assert fmt.source_line("UN DESA, IMS 2024") == "Source: UN DESA, IMS 2024."
    assert fmt.source_line("A.", "B", note="Missing = not available.") == "Sources: A; B. Missing = not available."


def test_tables_never_print_nan_none_or_float_counts():
    frame = pd.DataFrame(
        {"a": [1.5, None], "b": pd.array([None, 2000], dtype="Int64"), "c": ["x", None], "Year": [2024, None]}
    )
    text = Table(frame, "Caption", "Source: test.")._repr_mimebundle_()["text/plain"]
    assert text.count("not available") == 4
    assert not any(token in text for token in ("None", "nan", "<NA>", "2000.0", "2,024"))
    assert "2,000" in text and "2024" in text


_LABELS = pd.Index(["a & b", "<i>", "tab\tin label"], name="Name <x>")


@pytest.mark.parametrize("frame, index", [
    (pd.DataFrame({"a": ["x", "yy", "z"], "Bbbbbb": ["1", "22 222", ""]}), False),
    (pd.DataFrame({"a": ["x", "yy", "z"], "Bbbbbb": ["1", "22 222", ""]}), True),
    (pd.DataFrame({"a": ["x", "yy", "z"], "Bbbbbb": ["1", "22 222", ""]}, index=_LABELS.rename(None)), True),
    (pd.DataFrame({"long header here": [" lead", "tab\there", "a<b & c>d"], "n\nl": ["trail  ", "é ü 日本", "x\ny"]}, index=_LABELS), True),
    (pd.DataFrame({"long header here": [" lead", "tab\there", "a<b & c>d"], "n\nl": ["trail  ", "é ü 日本", "x\ny"]}), False),
    (pd.DataFrame({"only": ["v", "w", ""]}, index=_LABELS.rename("")), True),
])
def test_a_table_is_written_as_pandas_writes_it(frame, index):
    """Tables are written directly (pandas' formatter was a third of a planning notebook's table time),
    byte for byte as pandas' to_string and to_html write them: escapes, alignment, the index's name row."""
    table = Table(frame, "Caption", "Source: test.", index=index)
    bundle, shown = table._repr_mimebundle_(), table.shown()
    assert bundle["text/plain"] == f"Caption\n{shown.to_string(index=index)}\nSource: test."
    html = shown.to_html(index=index, border=0, classes="mmdp-table", escape=True)
    assert bundle["text/html"] == f'<p><strong>Caption</strong></p>{html}<p class="mmdp-source">Source: test.</p>'


def test_empty_tables_say_so():
    text = Table(pd.DataFrame(columns=["a"]), "Caption", "Source: test.")._repr_mimebundle_()["text/plain"]
    assert "No rows" in text and "Empty DataFrame" not in text


def test_a_rate_below_one_keeps_a_decimal():
    """Germany: refugees of German origin per 100,000 people (SDG 10.7.4) are fewer than one; the
    baseline once read '0'."""
    from mmdp.data.places import resolve_place
    from mmdp.findings.baselines import refugees_per_100k

    value, year, _ = refugees_per_100k(resolve_place("DEU"), 2025)
    assert 0.05 <= value < 1 and year is not None
    assert fmt.rate(value) == f"{value:.1f}" and fmt.rate(value) != "0"
