"""Planning templates a country team fills in (CSV), with schemas and row-level error messages.

The illustrative defaults live in ``data/examples``; ``data/examples/README.md`` states the rules.
Every problem is reported as ``<file>: line N, column 'x': what is wrong ... how to fix it``.
"""

from __future__ import annotations

from pathlib import Path
from typing import NoReturn

import pandas as pd
import pandera.errors
import pandera.pandas as pa
from pandera.pandas import Check, Column

from ..errors import MmdpError

YES_NO = Check.isin(["yes", "no"])

CAPACITY_SCALE = (0, 4)
"""The one capacity scale: 0 = not in place ... 4 = fully in place (template, notebook and chapters)."""

CAPACITY_SCHEMA = pa.DataFrameSchema(
    {
        "domain_code": Column(str, Check.isin([f"MGI-{i}" for i in range(1, 7)])),
        "question": Column(str, Check.str_length(min_value=3)),
        "score": Column(int, Check.in_range(*CAPACITY_SCALE)),
        "evidence": Column(str, nullable=True),
    },
    strict=True,
    coerce=True,
    unique=["domain_code", "question"],
    name="capacity_self_assessment.csv",
)

ID = Check.str_matches(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,29}$")
"""An id that later templates cite: letters, digits, '_', '.', '-'; at most 30 characters, no spaces."""

STAKEHOLDER_SCHEMA = pa.DataFrameSchema(
    {
        "stakeholder_id": Column(str, ID, unique=True),
        "stakeholder": Column(str, Check.str_length(min_value=2), unique=True),
        "actor_type": Column(str),
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
    "str_matches": "is not a valid id (letters, digits, '_', '.', '-', no spaces, at most 30 characters)",
    "less_than_or_equal_to": "is too large",
    "field_uniqueness": "is repeated (each value must be unique: rename or remove one of the rows)",
    "not_nullable": "is empty",
    "column_in_dataframe": "is missing",
    "column_in_schema": "is not a template column",
}

FORMULA_START = ("=", "+", "-", "@")
"""A text cell starting with one of these would run as a formula when opened in a spreadsheet."""


def _fail(where: str, problems: list[str]) -> NoReturn:
    shown = "; ".join(problems[:5]) + (f"; and {len(problems) - 5} more" if len(problems) > 5 else "")
    raise MmdpError(f"{where}: {shown}. See data/templates/README.md for the rules.")


SEPARATORS = (",", ";", "\t")
"""Column separators a template may use: a comma, a semicolon (spreadsheets in many European locales)
or a TAB ('Text (Tab delimited)'); the header line tells which."""
SEPARATOR_NAMES = {";": "semicolons", "\t": "TABs"}


def read_csv_template(path: Path) -> pd.DataFrame:
    """A template CSV as text cells (comma-, semicolon- or TAB-separated, UTF-8); MmdpError naming the fix."""
    if not path.is_file():
        raise MmdpError(f"template not found: {path.name}; copy it from data/examples/ and fill it in")
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise MmdpError(f"{path.name} is not UTF-8 text; in your spreadsheet save it as 'CSV UTF-8'") from None
    if not text.strip():
        raise MmdpError(f"{path.name} is empty; copy the header line from data/examples/{path.name} and add rows")
    header = text.splitlines()[0]
    sep = max(SEPARATORS, key=header.count)  # the first of the most frequent: ',' unless ';' or TAB wins
    try:
        from io import StringIO

        return pd.read_csv(StringIO(text), sep=sep, dtype=str, keep_default_na=False, na_values=[""])
    except pd.errors.ParserError as exc:
        raise MmdpError(f"{path.name} is not a readable CSV ({str(exc).strip()}); check quotes and separators") from None


def validate_template(frame: pd.DataFrame, schema: pa.DataFrameSchema, where: str, first_line: int = 2) -> pd.DataFrame:
    """Check a template's cells against its schema; MmdpError naming line, column, problem and fix.

    ``where`` names the file or sheet; ``first_line`` is the line (or spreadsheet row) of the first data row.
    """
    frame = frame.rename(columns=lambda c: str(c).strip())
    row = "row" if "sheet" in where else "line"
    if frame.empty:
        _fail(where, ["has a header but no rows; add at least one row, or remove the file to use no input"])
    frame = frame.apply(lambda c: c.str.strip() if c.dtype == object else c)
    yes_no = [n for n, col in schema.columns.items() if any("isin" in str(c) and "yes" in str(c) for c in col.checks)]
    for name in yes_no:
        if name in frame:
            frame[name] = frame[name].str.lower()
    problems: list[str] = []
    for name, column in schema.columns.items():
        if name not in frame:
            continue
        kind = str(column.dtype)
        for i, cell in frame[name].items():
            line = int(i) + first_line
            if isinstance(cell, str) and cell.startswith("="):
                problems.append(
                    f"{row} {line}, column {name!r} holds a formula ({cell[:30]!r}); type or paste the value itself"
                )
            elif isinstance(cell, str) and kind.lower().startswith(("int", "float")):
                try:
                    number = float(cell)
                except ValueError:
                    problems.append(f"{row} {line}, column {name!r} must be a number (got {cell!r})" + _hint(column))
                    continue
                if kind.lower().startswith("int") and not number.is_integer():
                    problems.append(f"{row} {line}, column {name!r} must be a whole number (got {cell!r})")
            elif isinstance(cell, str) and kind.startswith("datetime"):
                try:
                    pd.to_datetime(cell, format="%Y-%m-%d")
                except ValueError:
                    problems.append(f"{row} {line}, column {name!r} must be a date written YYYY-MM-DD (got {cell!r})")
            elif isinstance(cell, str) and cell.startswith(FORMULA_START):
                problems.append(
                    f"{row} {line}, column {name!r} starts with {cell[0]!r}, which a spreadsheet would run as a "
                    "formula; remove that first character"
                )
    if problems:
        _fail(where, problems)
    problems = _repeated_rows(frame, schema, row, first_line)
    try:
        validated = schema.validate(frame, lazy=True)
    except pandera.errors.SchemaErrors as exc:
        for case in exc.failure_cases.itertuples():
            check = str(case.check).split("(")[0]
            if check == "multiple_fields_uniqueness":
                if not any(" repeats " in p for p in problems):  # _repeated_rows names each repeated row
                    problems.append(f"rows repeat each other in columns {', '.join(map(repr, schema.unique))}; keep one of each")
                continue
            if check == "column_in_schema" and any(sep in str(case.failure_case) for sep in SEPARATOR_NAMES):
                used = next(name for sep, name in SEPARATOR_NAMES.items() if sep in str(case.failure_case))
                hint = (
                    f"the header line mixes separators ({used} inside column names); separate the columns with commas "
                    "only (in a spreadsheet: save as 'CSV UTF-8')"
                )
                if hint not in problems:
                    problems.append(hint)
                continue
            what = _CHECK_WORDS.get(check, str(case.check))
            frame_level = check in ("column_in_dataframe", "column_in_schema")
            column = case.failure_case if frame_level else case.column
            line = f"{row} {int(case.index) + first_line}, " if pd.notna(case.index) else ""
            got = "" if frame_level else f" (got {case.failure_case!r}; rule {case.check})"
            problems.append(f"{line}column {column!r} {what}{got}" + ("" if frame_level else _hint(schema.columns.get(column))))
        if any("is not a template column" in p for p in problems) and any("is missing" in p for p in problems):
            problems.append("check the header line against data/examples")
        _fail(where, problems)
    if problems:
        _fail(where, problems)
    return validated


def _hint(column: Column | None) -> str:
    """A column's own explanation (its ``description``), added to a problem in that column."""
    return f" ({column.description})" if column is not None and column.description else ""


def _repeated_rows(frame: pd.DataFrame, schema: pa.DataFrameSchema, row: str, first_line: int) -> list[str]:
    """One problem per row that repeats an earlier row in the columns that must be unique together
    (``schema.unique``), naming the values and both lines."""
    columns = list(schema.unique or [])
    if len(columns) < 2 or not set(columns) <= set(frame.columns):
        return []
    cells = frame[columns].astype(object)
    cells = cells.where(cells.notna(), None)  # two empty cells are the same value
    problems = []
    first_seen: dict[tuple, int] = {}
    for i, values in zip(frame.index, cells.itertuples(index=False, name=None)):
        line = int(i) + first_line
        if values in first_seen:
            named = ", ".join(f"{c} {v!r}" for c, v in zip(columns, values))
            problems.append(f"{row} {line} repeats {row} {first_seen[values]} ({named}): keep one of the two rows")
        else:
            first_seen[values] = line
    return problems


def read_template(path: Path, schema: pa.DataFrameSchema) -> pd.DataFrame:
    """Read and check a planning template CSV."""
    return validate_template(read_csv_template(path), schema, path.name)

