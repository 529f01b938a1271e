"""How every number reads: the handbook's one formatting module.

Counts get thousands separators and are never printed as floats; shares below 0.05 % read
"< 0.1 %"; money carries its unit; every kind of missing value reads ``NOT_AVAILABLE``.
"""

from __future__ import annotations

import pandas as pd

NOT_AVAILABLE = "not available"
"""The one wording for a value a source does not give (never zero)."""

NOT_APPLICABLE = "-"
"""A cell that has nothing to show by design (an index has no women's and men's values, a goal no
baseline, an activity no role for someone); never a missing value, which reads ``NOT_AVAILABLE``."""


def is_missing(value: object) -> bool:
    """True for None, NaN, pandas NA/NaT and empty strings."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    return bool(pd.api.types.is_scalar(value) and pd.isna(value))


def count(value: object) -> str:
    """A number of people (or of anything): ``1,960,836``."""
    if is_missing(value):
        return NOT_AVAILABLE
    return f"{round(float(value)):,}"


def share(value: object, digits: int = 1) -> str:
    """A percentage: ``12.3 %``; above 0 but below half the last digit: ``< 0.1 %``."""
    if is_missing(value):
        return NOT_AVAILABLE
    value = float(value)
    smallest = 10**-digits
    if 0 < abs(value) < smallest / 2:
        return f"< {smallest:.{digits}f} %" if value > 0 else f"> -{smallest:.{digits}f} %"
    if value == 0:
        return "0 %"
    return f"{value:.{digits}f} %"


def less_than(value: object) -> str:
    """A target written as a bound, as SDG 10.c words it: ``less than 3 %``."""
    return f"less than {share(value, digits=0)}"


def points(value: object) -> str:
    """A signed difference of percentages: ``+3.4 points``."""
    if is_missing(value):
        return NOT_AVAILABLE
    return f"{float(value):+.1f} points"


def money(value: object, unit: str = "US$") -> str:
    """An amount with its unit: ``US$ 2.79 bn``, ``US$ 45.6 M``, ``US$ 945 thousand``, ``US$ 200``
    (modelled amounts are not precise to the dollar)."""
    if is_missing(value):
        return NOT_AVAILABLE
    value = float(value)
    if abs(value) >= 1e9:
        return f"{unit} {value / 1e9:,.2f} bn"
    if abs(value) >= 1e6:
        return f"{unit} {value / 1e6:,.1f} M"
    if abs(value) >= 1e4:
        return f"{unit} {value / 1e3:,.0f} thousand"
    return f"{unit} {value:,.0f}"


def index(value: object) -> str:
    """An index between 0 and 1 (HDI, GII, GDI): three decimals."""
    if is_missing(value):
        return NOT_AVAILABLE
    return f"{float(value):.3f}"


def decimal(value: object, digits: int = 1) -> str:
    """A plain number with thousands separators and ``digits`` decimals."""
    if is_missing(value):
        return NOT_AVAILABLE
    return f"{float(value):,.{digits}f}"


def rate(value: object) -> str:
    """A rate such as refugees per 100,000 people: whole numbers from 1 up (``2,338``), one decimal
    below 1 (``0.4``), ``< 0.1`` above zero but below 0.05, ``0`` for zero."""
    if is_missing(value):
        return NOT_AVAILABLE
    value = float(value)
    if value == 0:
        return "0"
    if abs(value) < 0.05:
        return "< 0.1" if value > 0 else "> -0.1"
    return f"{value:,.1f}" if abs(value) < 1 else f"{value:,.0f}"


def year(value: object) -> str:
    """A year, or not available."""
    return NOT_AVAILABLE if is_missing(value) else str(int(value))


FORMATTERS = {
    "people": count,
    "count": count,
    "%": share,
    "points": points,
    "US$": money,
    "index": index,
    "number": lambda v: decimal(v, 0),
    "decimal": decimal,
    "score": lambda v: decimal(v, 2),
    "rate": rate,
    "year": year,
}
"""Formatter per unit; ``value(x, unit)`` uses it."""


def value(x: object, unit: str) -> str:
    """``x`` formatted for its unit (counts, %, US$, index...)."""
    if unit not in FORMATTERS and len(unit) == 3 and unit.isalpha() and unit.isupper():
        return money(x, unit)  # a currency code declared in a plan (KGS, EUR)
    if unit not in FORMATTERS:
        raise ValueError(f"no formatter for unit {unit!r}; units are: {', '.join(FORMATTERS)}")
    return FORMATTERS[unit](x)


def source_line(*sources: str, note: str = "") -> str:
    """``Source: A; B. note`` with the one wording for missing values when cells can be missing."""
    label = "Sources" if len(sources) > 1 else "Source"
    text = f"{label}: {'; '.join(s.rstrip('.') for s in sources)}."
    return f"{text} {note.strip()}" if note.strip() else text


def listing(items: list[str], empty: str = "none") -> str:
    """``a, b and c``."""
    if not items:
        return empty
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


__all__ = [
    "NOT_APPLICABLE",
    "NOT_AVAILABLE",
    "count",
    "decimal",
    "index",
    "is_missing",
    "listing",
    "money",
    "points",
    "rate",
    "less_than",
    "share",
    "source_line",
    "value",
    "year",
]


def constant_texts() -> dict[str, str]:
    """The named constants as the book's pages print them: MyST substitutions such as
    ``{{ sdg_10c_target }}`` (set by the book's Sphinx extension, ``_ext/mmdp_book.py``)."""
    from .. import constants as c

    other = next(top for top in c.RISK_SCALES if top != c.RISK_SCALE_DEFAULT)  # the scale a government may use instead
    return {
        "sdg_10c_target": share(c.SDG_10C_TARGET_PCT, digits=0),
        "sdg_10c_ceiling": share(c.SDG_10C_CORRIDOR_CEILING_PCT, digits=0),
        "send_amount": money(c.SEND_AMOUNT_USD),
        "remittance_dependence": share(c.REMITTANCE_DEPENDENCE_PCT, digits=0),
        "corridor_min_migrants": count(c.CORRIDOR_MIN_MIGRANTS),
        "gcm_objectives": str(c.GCM_OBJECTIVE_COUNT),
        "matrix_cutoff": f"{c.MATRIX_CUTOFF:.1f}",
        "sensitivity_points": str(c.SENSITIVITY_POINTS),
        "tracker_green": f"{c.TRACKER_GREEN:g}",
        "tracker_amber": f"{c.TRACKER_AMBER:g}",
        "gcm_forum_first": str(c.GCM_FORUM_FIRST),
        "gcm_review_interval": str(c.GCM_REVIEW_INTERVAL),
        "remittance_matrix_year": str(c.REMITTANCE_MATRIX_YEAR),
        **{f"quadrant_{k}": name for k, name in zip(("priorities", "strategic", "quick_wins", "park"), c.QUADRANTS.values())},
        **_risk_scale_texts(c.RISK_SCALES[c.RISK_SCALE_DEFAULT], c.RISK_SCALE_DEFAULT),
        "other_risk_scale_max": str(other),
        "other_risk_high": str(c.RISK_SCALES[other]["high"][0]),
    }


def _risk_scale_texts(bands: dict[str, tuple[int, int]], top: int) -> dict[str, str]:
    """The chapter's risk scale: its top score, top rating and band limits."""
    return {
        "risk_scale_max": str(top),
        "risk_score_max": str(top * top),
        "risk_low_max": str(bands["low"][1]),
        "risk_medium_min": str(bands["medium"][0]),
        "risk_medium_max": str(bands["medium"][1]),
        "risk_high": str(bands["high"][0]),
    }

