"""Planning templates a country team fills in (CSV), with schemas and row-level error messages.

The illustrative defaults live in ``data/examples``; ``data/examples/README.md`` states the rules.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pandera.errors
import pandera.pandas as pa
from pandera.pandas import Check, Column

from .errors import MmdpError

YES_NO = Check.isin(["yes", "no"])

CAPACITY_SCHEMA = pa.DataFrameSchema(
    {
        "domain_code": Column(str, Check.isin([f"MGI-{i}" for i in range(1, 7)])),
        "question": Column(str, Check.str_length(min_value=3)),
        "score": Column(int, Check.in_range(0, 4)),
        "evidence": Column(str, nullable=True),
    },
    strict=True,
    coerce=True,
    name="capacity_self_assessment.csv",
)

STAKEHOLDER_SCHEMA = pa.DataFrameSchema(
    {
        "stakeholder": Column(str, Check.str_length(min_value=2), unique=True),
        "category": Column(str),
        "influence": Column(int, Check.in_range(1, 5)),
        "interest": Column(int, Check.in_range(1, 5)),
        "women_led": Column(str, YES_NO),
        "migrant_or_diaspora_org": Column(str, YES_NO),
        "women_participants": Column(int, Check.ge(0)),
        "men_participants": Column(int, Check.ge(0)),
    },
    strict=True,
    coerce=True,
    name="stakeholders.csv",
)

_CHECK_WORDS = {
    "isin": "must be one of the allowed values",
    "in_range": "is out of range",
    "greater_than_or_equal_to": "must be 0 or more",
    "str_length": "is too short",
    "coerce_dtype": "must be a whole number",
    "field_uniqueness": "is repeated",
    "not_nullable": "is empty",
    "column_in_dataframe": "is missing",
    "column_in_schema": "is not a template column",
}


def read_template(path: Path, schema: pa.DataFrameSchema) -> pd.DataFrame:
    """Read a planning template CSV; errors name the file, line and column, and the fix."""
    if not path.is_file():
        raise MmdpError(f"template not found: {path}; copy it from data/examples/ and fill it in")
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""])
    except (pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise MmdpError(f"{path.name} is not a readable CSV ({exc}); save it as UTF-8 CSV") from None
    frame = frame.apply(lambda c: c.str.strip()).replace({"yes": "yes", "Yes": "yes", "No": "no", "YES": "yes", "NO": "no"})
    try:
        return schema.validate(frame, lazy=True)
    except pandera.errors.SchemaErrors as exc:
        problems = []
        for case in exc.failure_cases.itertuples():
            check = str(case.check).split("(")[0]
            what = _CHECK_WORDS.get(check, str(case.check))
            where = f"line {int(case.index) + 2}, " if pd.notna(case.index) else ""
            frame_level = check in ("column_in_dataframe", "column_in_schema")
            column = case.failure_case if frame_level else case.column
            problems.append(f"{where}column {column!r} {what} (got {case.failure_case!r}; rule {case.check})")
        shown = "; ".join(problems[:5]) + (f"; and {len(problems) - 5} more" if len(problems) > 5 else "")
        raise MmdpError(f"{path.name}: {shown}. See data/examples/README.md for the rules.") from None


TEMPLATES = (CAPACITY_SCHEMA, STAKEHOLDER_SCHEMA)


def check_templates(folder: Path) -> None:
    """Validate every template present in ``folder``, so a bad row fails in the first code cell."""
    for schema in TEMPLATES:
        if (folder / schema.name).is_file():
            read_template(folder / schema.name, schema)
