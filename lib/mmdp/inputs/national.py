"""A country team's own national figures (census, survey, central bank, registers), as CSV templates.

They are shown beside the global estimates, never instead of them (``findings.national``).
Templates, documented in ``data/examples/national/README.md`` (an ILLUSTRATIVE example folder):

- ``migrant_counts.csv``: emigrants and immigrants by sex and partner country;
- ``remittances.csv``: remittances received or sent, by source or destination country;
- ``labour_force.csv``: labour force and working-age population by sex and migrant status;
- ``displacement.csv``: refugees, asylum seekers and internally displaced people by sex.

Every file is optional; each present is checked with row-level errors (file, line, column).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pandera.pandas as pa
from pandera.pandas import Check, Column

from ..errors import MmdpError
from .templates import read_csv_template, validate_template

SEX = Check.isin(["female", "male", "total"])
YEAR = Check.in_range(1950, 2100)
PARTNER = Check.str_matches(r"^([A-Z]{3}|ALL)$")
"""A partner country as ISO3 (KAZ, RUS) or ALL for every country together."""


def _national(name: str, key: dict[str, Column], figures: dict[str, Column]) -> pa.DataFrameSchema:
    """A national-figures template: its key columns (one row per key), its figures, then the
    ``source`` every row must name and optional ``notes``."""
    columns = key | figures | {"source": Column(str, Check.str_length(min_value=3)), "notes": Column(str, nullable=True)}
    return pa.DataFrameSchema(columns, strict=True, coerce=True, unique=list(key), name=name)


MIGRANT_COUNTS = _national(
    "migrant_counts.csv",
    {"direction": Column(str, Check.isin(["emigrants", "immigrants"])), "sex": Column(str, SEX), "partner": Column(str, PARTNER), "year": Column(int, YEAR)},
    {"count": Column(int, Check.ge(0))},
)
REMITTANCES = _national(
    "remittances.csv",
    {"direction": Column(str, Check.isin(["received", "sent"])), "partner": Column(str, PARTNER), "year": Column(int, YEAR)},
    {"usd": Column(float, Check.ge(0))},
)
LABOUR_FORCE = _national(
    "labour_force.csv",
    {"sex": Column(str, SEX), "migrant_status": Column(str, Check.isin(["migrant", "non-migrant", "total"])), "year": Column(int, YEAR)},
    {"labour_force": Column(int, Check.ge(0)), "working_age_population": Column(int, Check.ge(0))},
)
DISPLACEMENT = _national(
    "displacement.csv",
    {"population": Column(str, Check.isin(["refugees_hosted", "refugees_abroad", "asylum_seekers_hosted", "idps"])), "sex": Column(str, SEX), "year": Column(int, YEAR)},
    {"count": Column(int, Check.ge(0))},
)
NATIONAL_TEMPLATES = (MIGRANT_COUNTS, REMITTANCES, LABOUR_FORCE, DISPLACEMENT)


def read_national(folder: Path) -> dict[str, pd.DataFrame]:
    """Every national-figures template present in ``folder``, checked; keyed by file stem.

    MmdpError names file, line and column of each problem. A folder with none of the templates is
    an error too (most likely the wrong folder).
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise MmdpError(f"national figures folder not found: {folder}")
    tables = {}
    for schema in NATIONAL_TEMPLATES:
        path = folder / schema.name
        if path.is_file():
            frame = validate_template(read_csv_template(path), schema, f"{folder.name}/{schema.name}")
            tables[path.stem] = frame.reset_index(drop=True)
    if not tables:
        names = ", ".join(s.name for s in NATIONAL_TEMPLATES)
        raise MmdpError(f"{folder}: none of the national-figure templates ({names}); copy them from data/examples/national/")
    return tables


def is_illustrative(folder: Path) -> bool:
    """True for the handbook's example folder (its README says ILLUSTRATIVE)."""
    readme = Path(folder) / "README.md"
    return readme.is_file() and "ILLUSTRATIVE" in readme.read_text(encoding="utf-8")
