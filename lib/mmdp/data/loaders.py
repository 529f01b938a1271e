"""Load the processed tables from ``data/``: cached, schema-checked, with fixed dtypes.

``load(name)`` is the one loader; ``load_countries()`` and friends are typed shortcuts.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import cache
from typing import TypeVar

import pandas as pd

from ..errors import MmdpError
from ..paths import data_dir
from .schemas import SCHEMAS, validate

_CACHED: list = []
F = TypeVar("F", bound=Callable)


def cached(function: F) -> F:
    """``functools.cache`` that ``clear_caches`` can reset (data-derived values must follow the data folder)."""
    wrapped = cache(function)
    _CACHED.append(wrapped)
    return wrapped  # type: ignore[return-value]


def clear_caches() -> None:
    """Forget every table and every value derived from them (after MMDP_DATA_DIR changes)."""
    for function in _CACHED:
        function.cache_clear()


TABLES = tuple(SCHEMAS)
"""Names of every processed table, in build order."""

_STRING = {"iso3", "iso2", "dest_iso3", "orig_iso3", "sending_iso3", "receiving_iso3", "period"}


def _dtypes(name: str) -> dict[str, str]:
    dtypes: dict[str, str] = {}
    for col, spec in SCHEMAS[name].columns.items():
        kind = str(spec.dtype)
        if col in _STRING or kind == "str":
            dtypes[col] = "str"
        elif kind == "bool":
            dtypes[col] = "bool"
        elif kind == "Int64":
            dtypes[col] = "Int64"
        elif kind.startswith("int"):
            dtypes[col] = "int64"
        else:
            dtypes[col] = "float64"
    return dtypes


def existing_data_dir():
    """The processed-data folder, or MmdpError with the fix when it does not exist."""
    folder = data_dir()
    if not folder.is_dir():
        raise MmdpError(f"data folder not found: {folder}. Unset MMDP_DATA_DIR, or point it at a folder of processed tables.")
    return folder


@cached
def load(name: str) -> pd.DataFrame:
    """One processed table as a DataFrame, validated against its schema (cached per process).

    Callers get the cached frame: copy it before changing it.
    """
    if name not in SCHEMAS:
        raise MmdpError(f"unknown table {name!r}; tables are: {', '.join(TABLES)}")
    path = existing_data_dir() / f"{name}.csv"
    if not path.is_file():
        raise MmdpError(f"processed table missing: {path}. Rebuild it with `mmdp data build`.")
    try:
        table = pd.read_csv(path, dtype=_dtypes(name), keep_default_na=False, na_values=[""])
    except (ValueError, pd.errors.ParserError) as exc:
        raise MmdpError(f"cannot read {path}: {exc}. Rebuild it with `mmdp data build`.") from None
    return validate(name, table)


@cached
def provenance() -> dict[str, dict]:
    """Provenance entries of every table (publisher, dataset, edition, licence, transformation)."""
    path = existing_data_dir() / "provenance.json"
    try:
        entries = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise MmdpError(f"{path} is missing. Rebuild it with `mmdp data build`, or restore it from git.") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise MmdpError(f"{path} is not valid JSON ({exc}). Rebuild it with `mmdp data build`, or restore it from git.") from None
    if not isinstance(entries, dict) or not all(isinstance(v, dict) for v in entries.values()):
        raise MmdpError(f"{path} must map each table to its provenance entry. Rebuild it with `mmdp data build`.")
    return entries


def load_countries() -> pd.DataFrame:
    """Countries and areas: codes, names, UN and World Bank regions, income group, LDC/LLDC/SIDS."""
    return load("countries")


def load_migrant_stock() -> pd.DataFrame:
    """Immigrants and emigrants per country and year by sex (UN DESA IMS 2024)."""
    return load("migrant_stock")


def load_migrant_stock_bilateral() -> pd.DataFrame:
    """Origin x destination x year migrant stock, female and male columns (UN DESA IMS 2024)."""
    return load("migrant_stock_bilateral")


def load_displacement() -> pd.DataFrame:
    """Refugees, asylum seekers, IDPs, stateless people: hosted and originating (UNHCR)."""
    return load("displacement")


def load_displacement_demographics() -> pd.DataFrame:
    """Forcibly displaced people by sex and age group, 2025 (UNHCR)."""
    return load("displacement_demographics")


def load_idps_idmc() -> pd.DataFrame:
    """Conflict IDPs per country and year (IDMC)."""
    return load("idps_idmc")


def load_idp_sex_age() -> pd.DataFrame:
    """IDP stocks by cause, sex and age group, end-2024 (IDMC)."""
    return load("idp_sex_age")


def load_remittances() -> pd.DataFrame:
    """Remittances received and sent (US$, % of GDP) and average sending costs (World Bank)."""
    return load("remittances")


def load_remittance_corridor_costs() -> pd.DataFrame:
    """Average total cost of sending US$200 per corridor and quarter (World Bank RPW)."""
    return load("remittance_corridor_costs")


def load_remittance_matrix() -> pd.DataFrame:
    """Bilateral remittance estimates 2021, US$ million (World Bank/KNOMAD)."""
    return load("remittance_matrix")


def load_context() -> pd.DataFrame:
    """Development and gender context per country and year (UNDP HDR, WDI, UN WPP)."""
    return load("context")
