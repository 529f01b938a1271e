"""Picking values out of yearly series: the one helper for "latest value at or before a year"."""

from __future__ import annotations

import pandas as pd


def _years(frame: pd.DataFrame, time: str) -> pd.Series:
    """The year of each row: the ``time`` column itself, or the year that opens a quarter such as ``2020Q3``."""
    column = frame[time]
    return column if pd.api.types.is_numeric_dtype(column) else column.astype(str).str[:4].astype(int)


def as_of(frame: pd.DataFrame, year: int | None, time: str = "year") -> pd.DataFrame:
    """Rows at or before ``year`` (all rows when ``year`` is None). ``time`` names the column that dates
    a row: a year, or a quarter written ``2020Q3``."""
    return frame if year is None else frame[_years(frame, time) <= year]


def latest(frame: pd.DataFrame, column: str, year: int | None = None) -> tuple[float | None, int | None]:
    """Latest non-missing value of ``column`` at or before ``year``, and its year; (None, None) if none."""
    rows = as_of(frame, year).dropna(subset=[column])
    if rows.empty:
        return None, None
    row = rows.loc[rows.year.idxmax()]
    return float(row[column]), int(row.year)


def latest_rows(
    frame: pd.DataFrame, column: str, year: int | None = None, key: str | list[str] = "iso3", time: str = "year"
) -> pd.DataFrame:
    """Per ``key`` (a country, or e.g. a sending and receiving country), the row holding the latest
    non-missing ``column`` at or before ``year``, dated by ``time`` (a year or a quarter); sorted by key."""
    keys = [key] if isinstance(key, str) else list(key)
    rows = as_of(frame, year, time).dropna(subset=[column]).sort_values([*keys, time], kind="stable")
    return rows.groupby(keys, as_index=False).tail(1).reset_index(drop=True)


def latest_per_country(frame: pd.DataFrame, column: str, codes: tuple[str, ...], year: int | None) -> pd.Series:
    """Latest non-missing value of ``column`` per country (index iso3) at or before ``year``."""
    return latest_rows(frame[frame.iso3.isin(codes)], column, year).set_index("iso3")[column]
