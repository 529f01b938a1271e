"""How every number reads: the handbook's one formatting module.

Counts get thousands separators and are never printed as floats; shares below 0.05 % read
"< 0.1 %"; money carries its unit; every kind of missing value reads ``not_available()``.

Numbers follow the current language (``mmdp.i18n``): they are rounded once, as in English, and then
written with the language's separators from Babel (``1,960,836.5``; ``1 960 836,5``; ``1.960.836,5``), so
every language carries exactly the same digits. Years are never grouped.
"""

from __future__ import annotations

import re
from functools import cache

import pandas as pd

from ..i18n import N_, _, language, t

NOT_AVAILABLE = N_("not available")
"""The one wording for a value a source does not give (never zero), in English; ``not_available()``
gives it in the current language."""

NOT_APPLICABLE = "-"
"""A cell that has nothing to show by design (an index has no women's and men's values, a goal no
baseline, an activity no role for someone); never a missing value, which reads ``not_available()``."""


def not_available() -> str:
    """``not available`` in the current language."""
    return _(NOT_AVAILABLE)


ENGLISH_NUMBER = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?")
"""A number as Python writes it in English (``1,960,836``, ``12.3``)."""

MIN_GROUPING = {"es": 5}
"""Digits from which the integer part is grouped (CLDR's minimum grouping: Spanish writes 2338, 12.345)."""


@cache
def _separators(lang: str) -> tuple[str, str]:
    from babel.numbers import get_decimal_symbol, get_group_symbol

    return get_group_symbol(lang), get_decimal_symbol(lang)


def local(text: str) -> str:
    """Every English-written number in ``text`` with the current language's separators."""
    lang = language()
    if lang == "en":
        return text
    group, point = _separators(lang)

    def convert(match: re.Match) -> str:
        whole, _dot, fraction = match.group().replace(",", "").partition(".")
        if len(whole) >= MIN_GROUPING.get(lang, 4):
            whole = f"{int(whole):,}".replace(",", group)
        return whole + (point + fraction if fraction else "")

    return ENGLISH_NUMBER.sub(convert, text)


@cache
def _number_pattern(lang: str) -> re.Pattern:
    if lang == "en":
        return ENGLISH_NUMBER
    group, point = _separators(lang)
    return re.compile(rf"\d+(?:{re.escape(group)}\d{{3}})*(?:{re.escape(point)}\d+)?")


def number_pattern() -> re.Pattern:
    """A number as the current language writes it (what ``local`` gives)."""
    return _number_pattern(language())


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
        return not_available()
    return local(f"{round(float(value)):,}")


def share(value: object, digits: int = 1) -> str:
    """A percentage: ``12.3 %``; above 0 but below half the last digit: ``< 0.1 %``."""
    if is_missing(value):
        return not_available()
    value = float(value)
    smallest = 10**-digits
    if 0 < abs(value) < smallest / 2:
        return local(f"< {smallest:.{digits}f} %" if value > 0 else f"> -{smallest:.{digits}f} %")
    if value == 0:
        return "0 %"
    return local(f"{value:.{digits}f} %")


def less_than(value: object) -> str:
    """A target written as a bound, as SDG 10.c words it: ``less than 3 %``."""
    return t("less than {share}", share=share(value, digits=0))


def points(value: object) -> str:
    """A signed difference of percentages: ``+3.4 points``."""
    if is_missing(value):
        return not_available()
    return t("{signed} points", signed=local(f"{float(value):+.1f}"))


def money(value: object, unit: str = "US$") -> str:
    """An amount with its unit: ``US$ 2.79 bn``, ``US$ 45.6 M``, ``US$ 945 thousand``, ``US$ 200``
    (modelled amounts are not precise to the dollar)."""
    if is_missing(value):
        return not_available()
    value = float(value)
    if abs(value) >= 1e9:
        return t("{unit} {amount} bn", unit=unit, amount=local(f"{value / 1e9:,.2f}"))
    if abs(value) >= 1e6:
        return t("{unit} {amount} M", unit=unit, amount=local(f"{value / 1e6:,.1f}"))
    if abs(value) >= 1e4:
        return t("{unit} {amount} thousand", unit=unit, amount=local(f"{value / 1e3:,.0f}"))
    return t("{unit} {amount}", unit=unit, amount=local(f"{value:,.0f}"))


def index(value: object) -> str:
    """An index between 0 and 1 (HDI, GII, GDI): three decimals."""
    if is_missing(value):
        return not_available()
    return local(f"{float(value):.3f}")


def decimal(value: object, digits: int = 1) -> str:
    """A plain number with thousands separators and ``digits`` decimals."""
    if is_missing(value):
        return not_available()
    return local(f"{float(value):,.{digits}f}")


def rate(value: object) -> str:
    """A rate such as refugees per 100,000 people: whole numbers from 1 up (``2,338``), one decimal
    below 1 (``0.4``), ``< 0.1`` above zero but below 0.05, ``0`` for zero."""
    if is_missing(value):
        return not_available()
    value = float(value)
    if value == 0:
        return "0"
    if abs(value) < 0.05:
        return local("< 0.1" if value > 0 else "> -0.1")
    return local(f"{value:,.1f}" if abs(value) < 1 else f"{value:,.0f}")


def year(value: object) -> str:
    """A year, or not available."""
    return not_available() if is_missing(value) else str(int(value))


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
    label = _("Sources") if len(sources) > 1 else _("Source")
    text = t("{label}: {sources}.", label=label, sources=semicolons(s.rstrip(".") for s in sources))
    return f"{text} {note.strip()}" if note.strip() else text


SEMICOLON = {"fr": "\u202f; "}
"""How a language separates the items of a list with semicolons (French typography: a narrow no-break
space before the semicolon); "; " otherwise."""


def semicolons(items) -> str:
    """``a; b; c`` as the current language writes it (``a ; b ; c`` in French)."""
    return SEMICOLON.get(language(), "; ").join(items)


def listing(items: list[str], empty: str | None = None) -> str:
    """``a, b and c`` (in the current language); ``empty`` (default: ``none``) for no items."""
    if not items:
        return _("none") if empty is None else empty
    return items[0] if len(items) == 1 else t("{items} and {last}", items=", ".join(items[:-1]), last=items[-1])


__all__ = [
    "NOT_APPLICABLE",
    "NOT_AVAILABLE",
    "count",
    "decimal",
    "index",
    "is_missing",
    "listing",
    "money",
    "not_available",
    "number_pattern",
    "points",
    "rate",
    "less_than",
    "local",
    "semicolons",
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

