"""Schemas of the processed tables, checked when a table is built and when it is loaded.

Counts are non-negative; percentages stay within their range; keys are unique; codes are
three upper-case letters. Missing values stay missing (NaN), so count columns are nullable.
"""

from __future__ import annotations

import pandas as pd
import pandera.errors
import pandera.pandas as pa
from pandera.pandas import Check, Column, DataFrameSchema

from ..errors import MmdpError

CODE_ALIASES = {"CHI": "XCX", "KSV": "XKX"}
"""Codes for the same place spelled differently: World Bank's Channel Islands (CHI) and RPW's
Kosovo (KSV), mapped to the codes UN DESA and IOM use (the tables store the latter)."""

ISO3 = Check.str_matches(r"^[A-Z]{3}$")
COUNT = Check.ge(0)
PCT = Check.in_range(0, 100)
YEAR = Check.in_range(1950, 2030)


def _count(nullable: bool = True) -> Column:
    return Column(float, COUNT, nullable=nullable)


def _pct() -> Column:
    return Column(float, PCT, nullable=True)


def _table(columns: dict, unique: list[str] | None = None, **options) -> DataFrameSchema:
    """A processed table: exactly these columns, in this order, and one row per ``unique`` key."""
    return DataFrameSchema(columns, strict=True, ordered=True, unique=unique, **options)


def _keyed(key: dict[str, Column], columns: dict[str, Column], **options) -> DataFrameSchema:
    """A processed table whose first columns are its key: one row per key."""
    return _table(key | columns, unique=list(key), **options)


COUNTRY_YEAR = {"iso3": Column(str, ISO3), "year": Column(int, YEAR)}
"""The key of the tables with one row per country and year."""
CORRIDOR = {"sending_iso3": Column(str, ISO3), "receiving_iso3": Column(str, ISO3)}
"""The key of the tables with one row per remittance corridor."""
PERSPECTIVE = {"perspective": Column(str, Check.isin(["hosted", "origin"]))}


COUNTRIES = _table(
    {
        "iso3": Column(str, ISO3, unique=True),
        "iso2": Column(str, Check.str_matches(r"^[A-Z]{2}$"), nullable=True),
        "m49": Column("Int64", Check.in_range(1, 999), nullable=True),
        "name": Column(str),
        "short_name": Column(str),
        "un_region": Column(str, nullable=True),
        "un_subregion": Column(str, nullable=True),
        "wb_region": Column(str, nullable=True),
        "wb_income_group": Column(
            str,
            Check.isin(["Low income", "Lower middle income", "Upper middle income", "High income"]),
            nullable=True,
        ),
        "ldc": Column(bool),
        "lldc": Column(bool),
        "sids": Column(bool),
        **{f"{form}_{lang}": Column(str, nullable=True) for lang in ("fr", "es") for form in ("name", "unterm")},
    },
)

_STOCK = {"immigrants", "emigrants"}
MIGRANT_STOCK = _keyed(
    COUNTRY_YEAR,
    {
        **{f"{who}_{sex}": _count() for who in sorted(_STOCK) for sex in ("female", "male", "total")},
        "population": _count(),
        "immigrants_pct_population": _pct(),
        "emigrants_pct_population": Column(float, COUNT, nullable=True),
        "immigrants_female_share_pct": _pct(),
        "emigrants_female_share_pct": _pct(),
    },
)

MIGRANT_STOCK_BILATERAL = _keyed(
    {"year": Column(int, YEAR), "dest_iso3": Column(str, ISO3), "orig_iso3": Column(str, ISO3)},
    {"female": _count(), "male": _count()},
)

DISPLACEMENT_COLUMNS = [
    "refugees",
    "asylum_seekers",
    "idps",
    "stateless",
    "others_of_concern",
    "other_in_need",
    "returned_refugees",
    "returned_idps",
]
DISPLACEMENT = _keyed(COUNTRY_YEAR | PERSPECTIVE, {c: _count() for c in DISPLACEMENT_COLUMNS})

AGE_GROUPS = ["0_4", "5_11", "12_17", "18_59", "60", "other"]
DISPLACEMENT_DEMOGRAPHICS = _keyed(
    COUNTRY_YEAR | PERSPECTIVE | {"pop_type": Column(str, Check.isin(["REF", "ASY", "OOC", "OIP", "IDP", "RET", "STA", "RDP", "HST"]))},
    {
        **{f"{s}_{a}": _count() for s in ("female", "male") for a in [*AGE_GROUPS, "total"]},
        "total_sex_known": _count(nullable=False),
        "total": _count(nullable=False),
    },
    checks=Check(lambda d: d["total_sex_known"] <= d["total"], error="total_sex_known exceeds total"),
)

IDPS_IDMC = _keyed(COUNTRY_YEAR, {"idps_conflict": _count(nullable=False)})

IDP_SEX_AGE = _keyed(
    COUNTRY_YEAR | {
        "cause": Column(str, Check.isin(["conflict", "disaster"])),
        "sex": Column(str, Check.isin(["female", "male", "unknown"])),
        "age": Column(str, Check.isin(["0-4", "5-11", "12-17", "18-59", "60+", "unknown"])),
    },
    {"idps": _count(nullable=False)},
)

REMITTANCES = _keyed(
    COUNTRY_YEAR,
    {
        "received_usd": _count(),
        "sent_usd": _count(),
        "gdp_usd": Column(float, Check.gt(0), nullable=True),
        "received_pct_gdp": Column(float, COUNT, nullable=True),
        "cost_to_country_pct": _pct(),
        "cost_from_country_pct": _pct(),
    },
)

REMITTANCE_CORRIDOR_COSTS = _keyed(
    CORRIDOR | {"period": Column(str, Check.str_matches(r"^\d{4}Q[1-4]$"))},
    # As published: a few corridor-quarters are negative (an exchange-rate margin below zero).
    {"avg_total_cost_pct": Column(float, Check.in_range(-100, 100))},
)

REMITTANCE_MATRIX = _keyed(CORRIDOR, {"usd_million": _count(nullable=False)})

CONTEXT_INDICES = ["hdi", "hdi_female", "hdi_male", "gdi", "gii"]
CONTEXT = _keyed(
    COUNTRY_YEAR,
    {
        "population": _count(),
        "gdp_per_capita_usd": Column(float, Check.gt(0), nullable=True),
        "gdp_per_capita_ppp": Column(float, Check.gt(0), nullable=True),
        "net_migration": Column(float, nullable=True),
        **{c: Column(float, Check.in_range(0, 2), nullable=True) for c in CONTEXT_INDICES},
        "lfpr_female": _pct(),
        "lfpr_male": _pct(),
        "secondary_educ_female": _pct(),
        "secondary_educ_male": _pct(),
        "parliament_seats_female": _pct(),
    },
)

SCHEMAS: dict[str, pa.DataFrameSchema] = {
    "countries": COUNTRIES,
    "migrant_stock": MIGRANT_STOCK,
    "migrant_stock_bilateral": MIGRANT_STOCK_BILATERAL,
    "displacement": DISPLACEMENT,
    "displacement_demographics": DISPLACEMENT_DEMOGRAPHICS,
    "idps_idmc": IDPS_IDMC,
    "idp_sex_age": IDP_SEX_AGE,
    "remittances": REMITTANCES,
    "remittance_corridor_costs": REMITTANCE_CORRIDOR_COSTS,
    "remittance_matrix": REMITTANCE_MATRIX,
    "context": CONTEXT,
}
"""Every processed table by name; the order is the order tables are built and listed."""


def validate(name: str, table: pd.DataFrame) -> pd.DataFrame:
    """Check ``table`` against the schema of ``name``; raise MmdpError naming the failures and the fix."""
    try:
        return SCHEMAS[name].validate(table, lazy=True)
    except pandera.errors.SchemaErrors as exc:
        cases = exc.failure_cases.drop_duplicates(subset=["column", "check"]).head(5)
        problems = []
        for r in cases.itertuples():
            if r.column is None or pd.isna(r.column):  # a table-level check: the failure case names the column
                problems.append(f"column {r.failure_case!r}: {r.check}")
            else:
                problems.append(f"column {r.column!r}: {r.check} (e.g. value {r.failure_case!r})")
        raise MmdpError(
            f"table {name!r} breaks its schema: {'; '.join(problems)}. "
            "Rebuild the tables with `mmdp data build`, or restore data/ from git."
        ) from None
