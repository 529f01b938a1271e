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
from ..i18n import N_, _, n_, t
from ..render.format import semicolons

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

VALUE_MEANINGS: dict[str, dict[str, str]] = {}
"""Allowed values of a column with what each means (``column -> {value: meaning}``), for messages;
planning.py fills it for its coded columns."""


def shown(value: object) -> str:
    """A cell as a person typed it: 3.0 -> '3', text quoted, never 'nan'."""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else f"{value:g}"
    if isinstance(value, int) or (hasattr(value, "dtype") and getattr(value.dtype, "kind", "") in "iu"):
        return str(value)
    return repr(str(value))


def allowed_text(column: str, values, translated: bool = False) -> str:
    """'0 = not targeted, 1 = significant...' or 'yes, no': the allowed values with their meaning; the
    meanings in the current language when ``translated`` (a workbook's help, the checks' messages); the
    values themselves are codes, the same in every language."""
    meanings = VALUE_MEANINGS.get(column, {})
    return ", ".join(f"{v} = {_(meanings[str(v)]) if translated else meanings[str(v)]}" if str(v) in meanings else str(v) for v in values)


RULE_WORDS = {
    # TRANSLATORS: {got} is the value a person typed in a cell, as typed; {low} and {high} are the column's bounds
    "in_range": N_("{got} is outside the allowed range; give a value from {low} to {high}"),
    # TRANSLATORS: {got} is the value typed in a cell; {low} the column's lowest allowed value
    "greater_than_or_equal_to": N_("{got} is below {low}; give {low} or more"),
    # TRANSLATORS: {got} is the value typed in a cell; {high} the column's highest allowed value
    "less_than_or_equal_to": N_("{got} is above {high}; give {high} or less"),
    # TRANSLATORS: {got} is the text typed in a cell; {length} the fewest characters allowed
    "str_length": N_("{got} is too short; write at least {length} characters"),
    # TRANSLATORS: {got} is the text typed in a cell
    "str_matches": N_("{got} is not a valid id; use letters, digits, '_', '.', '-', no spaces, at most 30 characters"),
}
"""Each pandera check of the templates in plain words ({low} and {high} are the check's bounds), in
English; ``rule_words`` gives them in the current language."""
# TRANSLATORS: {got} is the value a person typed in a cell, as typed
RULE_BROKEN = N_("{got} breaks the column's rule")


def rule_words(check: pa.Check, column: str, value: object) -> str:
    """What is wrong with ``value`` under ``check``, in plain words, with the allowed values."""
    name, stats = check.name, getattr(check, "statistics", {}) or {}
    got = shown(value)
    if name == "isin":
        allowed = allowed_text(column, stats.get("allowed_values", []), translated=True)
        # TRANSLATORS: {got} is the value typed in a cell; {allowed} the allowed values (codes, kept as they are) with their meaning
        return t("{got} is not allowed; use one of: {allowed}", got=got, allowed=allowed)

    def bound(key: str) -> str:
        return shown(float(stats[key])) if stats.get(key) is not None else ""

    return t(RULE_WORDS.get(name, RULE_BROKEN), got=got, low=bound("min_value"), high=bound("max_value"), length=stats.get("min_value"))


FORMULA_START = ("=", "+", "-", "@")
"""A text cell starting with one of these would run as a formula when opened in a spreadsheet."""


def _fail(where: str, problems: list[str]) -> NoReturn:
    more = n_("; and {n} more", "; and {n} more", len(problems) - 5) if len(problems) > 5 else ""
    # TRANSLATORS: {where} is a file or a sheet; {problems} its first problems, separated by semicolons; {more} "; and 3 more" or nothing
    raise MmdpError(t("{where}: {problems}{more}. See data/templates/README.md for the rules.", where=where, problems=semicolons(problems[:5]), more=more))


SEPARATORS = (",", ";", "\t")
"""Column separators a template may use: a comma, a semicolon (spreadsheets in many European locales)
or a TAB ('Text (Tab delimited)'); the header line tells which."""
SEPARATOR_NAMES = {";": N_("semicolons"), "\t": N_("TABs")}


def read_csv_template(path: Path, examples_hint: str = "") -> pd.DataFrame:
    """A template CSV as text cells (comma-, semicolon- or TAB-separated, UTF-8); MmdpError naming the fix."""
    if not path.is_file():
        raise MmdpError(t("template not found: {file}; copy it from data/examples/ and fill it in", file=path.name))
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise MmdpError(t("{file} is not UTF-8 text; in your spreadsheet save it as 'CSV UTF-8'", file=path.name)) from None
    if not text.strip():
        # TRANSLATORS: {examples} is a folder such as data/examples/, followed directly by the file's name
        raise MmdpError(t("{file} is empty; copy the header line from {examples}{file} and add rows", file=path.name, examples=examples_hint or "data/examples/"))
    header = text.splitlines()[0]
    sep = max(SEPARATORS, key=header.count)  # the first of the most frequent: ',' unless ';' or TAB wins
    try:
        from io import StringIO

        return pd.read_csv(StringIO(text), sep=sep, dtype=str, keep_default_na=False, na_values=[""])
    except pd.errors.ParserError as exc:
        # TRANSLATORS: {error} is the CSV reader's own message, in English
        raise MmdpError(t("{file} is not a readable CSV ({error}); check quotes and separators", file=path.name, error=str(exc).strip())) from None


def validate_template(frame: pd.DataFrame, schema: pa.DataFrameSchema, where: str, first_line: int = 2) -> pd.DataFrame:
    """Check a template's cells against its schema; MmdpError naming line, column, problem and fix.

    ``where`` names the file or sheet; ``first_line`` is the line (or spreadsheet row) of the first data row.
    """
    validated, problems = template_problems(frame, schema, where, first_line)
    if problems:
        _fail(where, problems)
    return validated


def drop_trailing_blank_rows(frame: pd.DataFrame) -> pd.DataFrame:
    """Without the rows at the end that hold nothing (a CSV line of separators only, an emptied row)."""
    filled = frame.notna() & frame.astype(str).apply(lambda c: c.str.strip(" ,;\t") != "")
    keep = filled.any(axis=1)
    last = keep[keep].index[-1] if keep.any() else None
    return frame.loc[:last] if last is not None else frame.iloc[:0]


def template_problems(frame: pd.DataFrame, schema: pa.DataFrameSchema, where: str, first_line: int = 2) -> tuple[pd.DataFrame | None, list[str]]:
    """Every problem of a template's cells, in plain words (row, column, what is wrong, the allowed
    values); the checked frame when there is none."""
    frame = drop_trailing_blank_rows(frame.rename(columns=lambda c: str(c).strip()))
    row = "row" if "sheet" in where else "line"
    if frame.empty:
        return None, [_("has a header but no rows; add at least one row, or remove the file to use no input")]
    frame = frame.apply(lambda c: c.str.strip() if c.dtype == object else c)
    yes_no = [n for n, col in schema.columns.items() if any("isin" in str(c) and "yes" in str(c) for c in col.checks)]
    for name in yes_no:
        if name in frame:
            frame[name] = frame[name].str.lower()
    problems: list[str] = []
    missing = [n for n in schema.columns if n not in frame.columns]
    extra = [c for c in frame.columns if c not in schema.columns]
    for sep, used in SEPARATOR_NAMES.items():
        if any(sep in c for c in extra):
            # TRANSLATORS: {separators} is "semicolons" or "TABs" (translated)
            return None, [t("the header line mixes separators ({separators} inside column names); separate the columns with commas only "
                            "(in a spreadsheet: save as 'CSV UTF-8')", separators=_(used))]
    if missing:
        # TRANSLATORS: {columns} are column names, kept as they are ('score', 'evidence')
        problems.append(n_("column {columns} is missing; copy the header from data/examples", "columns {columns} are missing; copy the header from data/examples",
                           len(missing), columns=", ".join(map(repr, missing))))
    if extra:
        # TRANSLATORS: {columns} are the names of the columns found, as typed
        problems.append(n_("column {columns} is not a template column; remove or rename it", "columns {columns} are not template columns; remove or rename them",
                           len(extra), columns=", ".join(map(repr, extra))))
    if missing or extra:
        return None, problems
    blanked: set[tuple[object, str]] = set()
    for name, column in schema.columns.items():
        kind = str(column.dtype).lower()
        cells = frame[name]
        filled = cells.notna()
        text = cells.where(filled, "").astype(str)
        formula = text.str.startswith("=")
        bad = formula.copy()
        if kind.startswith(("int", "float")):
            number = pd.to_numeric(cells.where(filled), errors="coerce")
            not_number = filled & number.isna() & ~formula
            not_whole = (number % 1 != 0) & number.notna() if kind.startswith("int") else pd.Series(False, index=cells.index)
            bad |= not_number | not_whole
        elif kind.startswith("datetime"):
            dates = pd.to_datetime(cells.where(filled), format="%Y-%m-%d", errors="coerce")
            not_date = filled & dates.isna() & ~formula
            bad |= not_date
        else:
            starts = text.str.startswith(FORMULA_START) & ~formula
            bad |= starts
        empty = ~filled & (not column.nullable)
        for i in cells.index[bad | empty]:
            cell, at = cells[i], cell_place(row, int(i) + first_line, name)
            if empty[i]:
                problems.append(t("{at} is empty; fill it in", at=at))
            elif formula[i]:
                # TRANSLATORS: {at} is "row 3, column 'x'"; {formula} the formula's first characters, as typed
                problems.append(t("{at} holds a formula ({formula}); type or paste the value itself", at=at, formula=repr(cell[:30])))
            elif kind.startswith(("int", "float")) and not_number[i]:
                # TRANSLATORS: {at} is "row 3, column 'x'"; {value} the cell's text, as typed
                problems.append(t("{at}: {value} is not a number; write a number such as 12 or 12.5", at=at, value=repr(cell)) + _hint(column))
            elif kind.startswith(("int", "float")):
                problems.append(t("{at}: {value} is not a whole number; write a whole number such as 12", at=at, value=repr(cell)))
            elif kind.startswith("datetime"):
                problems.append(t("{at}: {value} is not a date; write it YYYY-MM-DD, e.g. 2027-03-31", at=at, value=repr(cell)))
            else:
                # TRANSLATORS: {character} is the cell's first character, quoted ('=', '+', '-' or '@')
                problems.append(t("{at} starts with {character}, which a spreadsheet would run as a formula; remove that first character",
                                  at=at, character=repr(cell[0])))
            blanked.add((i, name))
    if blanked:  # rows with a bad cell are named above; the schema checks the others
        frame = frame.drop(index=sorted({i for i, _ in blanked}))
    repeated = _repeated_rows(frame, schema, row, first_line)
    problems += repeated
    try:
        validated = schema.validate(frame, lazy=True)
    except pandera.errors.SchemaErrors as exc:
        for case in exc.failure_cases.itertuples():
            check = str(case.check).split("(")[0]
            index = case.index
            at = cell_place(row, int(index) + first_line, case.column) if pd.notna(index) else t("column {column}", column=repr(case.column))
            if check == "multiple_fields_uniqueness":
                if not repeated:  # _repeated_rows names each repeated row
                    # TRANSLATORS: {columns} are column names, kept as they are
                    problems.append(t("rows repeat each other in columns {columns}; keep one of each", columns=", ".join(map(repr, schema.unique))))
            elif check == "not_nullable":
                problems.append(t("{at} is empty; fill it in", at=at))
            elif check == "field_uniqueness":
                # TRANSLATORS: {at} is "row 3, column 'x'"; {value} the repeated value, as typed
                problems.append(t("{at}: {value} is repeated; each value must be unique (rename or remove one of the rows)", at=at, value=shown(case.failure_case)))
            elif check in ("coerce_dtype", "dtype"):
                if pd.notna(case.failure_case) and not pd.isna(index):
                    problems.append(t("{at}: {value} is not of the column's kind", at=at, value=shown(case.failure_case)))
            else:
                rule = next((c for c in schema.columns[case.column].checks if c.name == check), None) if case.column in schema.columns else None
                words = rule_words(rule, case.column, case.failure_case) if rule is not None else _("breaks the column's rule")
                # TRANSLATORS: {at} is "row 3, column 'x'"; {problem} what is wrong with the cell and the fix
                problems.append(t("{at}: {problem}", at=at, problem=words) + _hint(schema.columns.get(case.column)))
        return None, list(dict.fromkeys(problems))
    if problems:
        return None, problems
    return validated, []


def cell_place(row: str, number: int, column: str) -> str:
    """``row 3, column 'end'`` (a sheet's row, ``row`` "row") or ``line 3, column 'end'`` (a CSV file's line,
    ``row`` "line"), in the current language; the column's name is a code, the same in every language."""
    if row == "row":
        # TRANSLATORS: a cell of a spreadsheet; {number} is the row's number, {column} the column's name (a code, quoted)
        return t("row {number}, column {column}", number=number, column=repr(column))
    # TRANSLATORS: a cell of a CSV file; {number} is the line's number, {column} the column's name (a code, quoted)
    return t("line {number}, column {column}", number=number, column=repr(column))


def _hint(column: Column | None) -> str:
    """A column's own explanation (its ``description``, in English; shown in the current language), added to
    a problem in that column."""
    return f" ({_(column.description)})" if column is not None and column.description else ""


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
            if row == "row":
                # TRANSLATORS: {number} and {first} are rows of a sheet; {values} the repeated columns and values, as typed
                problems.append(t("row {number} repeats row {first} ({values}): keep one of the two rows", number=line, first=first_seen[values], values=named))
            else:
                # TRANSLATORS: {number} and {first} are lines of a CSV file; {values} the repeated columns and values, as typed
                problems.append(t("line {number} repeats line {first} ({values}): keep one of the two rows", number=line, first=first_seen[values], values=named))
        else:
            first_seen[values] = line
    return problems


def read_template(path: Path, schema: pa.DataFrameSchema) -> pd.DataFrame:
    """Read and check a planning template CSV."""
    return validate_template(read_csv_template(path), schema, path.name)

