"""Picking values out of yearly series: the one helper for "latest value at or before a year"."""

from __future__ import annotations

import pandas as pd


def as_of(frame: pd.DataFrame, year: int | None) -> pd.DataFrame:
    """Rows at or before ``year`` (all rows when ``year`` is None)."""
    return frame if year is None else frame[frame.year <= year]


def latest(frame: pd.DataFrame, column: str, year: int | None = None) -> tuple[float | None, int | None]:
    """Latest non-missing value of ``column`` at or before ``year``, and its year; (None, None) if none."""
    rows = as_of(frame, year).dropna(subset=[column])
    if rows.empty:
        return None, None
    row = rows.loc[rows.year.idxmax()]
    return float(row[column]), int(row.year)


def latest_per_country(frame: pd.DataFrame, column: str, codes: tuple[str, ...], year: int | None) -> pd.Series:
    """Latest non-missing value of ``column`` per country (index iso3) at or before ``year``."""
    rows = as_of(frame, year)
    rows = rows[rows.iso3.isin(codes)].dropna(subset=[column]).sort_values(["iso3", "year"])
    return rows.groupby("iso3")[column].last()
