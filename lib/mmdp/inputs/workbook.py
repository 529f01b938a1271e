"""A country team's planning inputs: a folder of CSV files or one Excel workbook, one schema.

A folder holds ``<template>.csv`` files; a workbook (.xlsx) holds one sheet per template, named
as the template (``costs``, ``activities``...). Both become the same text cells, then go through
the same schemas (``validate_template``) and the same links (``planning.link_problems``). A
workbook's cells are read as values: a date becomes ``YYYY-MM-DD``, a whole number ``12``; a
formula is refused (its text starts with '=').
"""

from __future__ import annotations

import datetime as dt
import difflib
from functools import lru_cache
from pathlib import Path

import pandas as pd

from ..errors import MmdpError
from .planning import BY_NAME, TEMPLATES, Template, link_problems
from .templates import read_csv_template, validate_template

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")


def is_workbook(source: Path) -> bool:
    return source.suffix.lower() in WORKBOOK_SUFFIXES


def _where(source: Path, template: Template) -> str:
    return f"{source.name}, sheet {template.name!r}" if is_workbook(source) else template.file


def _cell_text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value)
    return text if text.strip() else None


def _read_sheets(path: Path) -> dict[str, pd.DataFrame]:
    """Template sheets of a workbook as text cells; the index is the spreadsheet row minus 2."""
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=False)
    except (InvalidFileException, OSError, KeyError, ValueError) as exc:
        raise MmdpError(f"{path.name} is not a readable Excel workbook ({type(exc).__name__}); save it as .xlsx from your spreadsheet") from None
    frames: dict[str, pd.DataFrame] = {}
    try:
        for title in book.sheetnames:
            name = title.strip().lower()
            if name not in BY_NAME:
                close = difflib.get_close_matches(name, list(BY_NAME), n=1, cutoff=0.8)
                if close:
                    raise MmdpError(f"{path.name}, sheet {title!r}: not a template name; rename the sheet {close[0]!r}")
                continue  # notes, instructions: not a template
            rows = list(book[title].iter_rows(values_only=True))
            if not rows or all(v is None for v in rows[0]):
                raise MmdpError(f"{path.name}, sheet {title!r} is empty; copy the header row from a blank workbook (`mmdp inputs blank plan.xlsx`) and add rows")
            header = [_cell_text(v) or "" for v in rows[0]]
            while header and not header[-1]:
                header.pop()
            records, index = [], []
            for number, row in enumerate(rows[1:], start=2):
                cells = [_cell_text(v) for v in row[: len(header)]]
                if any(c is not None for c in cells):
                    records.append(cells + [None] * (len(header) - len(cells)))
                    index.append(number - 2)
            if not records:
                continue  # a header without rows: a template not filled in (as in a blank workbook)
            frame = pd.DataFrame(records, columns=header, index=index, dtype=object)
            frames[name] = frame.where(frame.notna(), float("nan"))  # empty cells as in a CSV
    finally:
        book.close()
    return frames


def _read_folder(folder: Path) -> dict[str, pd.DataFrame]:
    return {t.name: read_csv_template(folder / t.file) for t in TEMPLATES if (folder / t.file).is_file()}


def read_raw(source: Path) -> dict[str, pd.DataFrame]:
    """Every template present in a folder or workbook, as text cells (not yet checked)."""
    if is_workbook(source):
        if not source.is_file():
            raise MmdpError(f"inputs workbook not found: {source.name!r}; write a blank one with `mmdp inputs blank {source.name}`")
        return _read_sheets(source)
    if not source.is_dir():
        raise MmdpError(f"inputs folder not found: {source.name!r}; give a folder with your planning templates, an .xlsx workbook, or None")
    return _read_folder(source)


def _stamp(source: Path) -> tuple:
    if is_workbook(source):
        return (source.stat().st_mtime_ns,)
    return tuple((p.name, p.stat().st_mtime_ns) for p in sorted(source.glob("*.csv")))


@lru_cache(maxsize=8)
def _plan(source: str, stamp: tuple) -> dict[str, pd.DataFrame]:
    path = Path(source)
    raw = read_raw(path)
    plan = {name: validate_template(frame, BY_NAME[name].schema, _where(path, BY_NAME[name])) for name, frame in raw.items()}
    problems = link_problems(plan, {name: _where(path, BY_NAME[name]) for name in plan})
    if problems:
        shown = "; ".join(problems[:5]) + (f"; and {len(problems) - 5} more" if len(problems) > 5 else "")
        raise MmdpError(f"{shown}. See data/templates/README.md for the rules.")
    return plan


def read_plan(source: Path) -> dict[str, pd.DataFrame]:
    """Every template present, checked cell by cell and linked by ids; MmdpError naming where and the fix."""
    source = Path(source)
    if not source.exists():
        read_raw(source)  # raises the not-found message
    return {name: frame.copy() for name, frame in _plan(str(source.resolve()), _stamp(source)).items()}


def load_template(source: Path, name: str) -> pd.DataFrame:
    """One checked template of a folder or workbook; MmdpError naming the fix when it is missing."""
    plan = read_plan(source)
    if name not in plan:
        template = BY_NAME[name]
        where = f"sheet {name!r} of {source.name}" if is_workbook(source) else f"{template.file} in folder {source.name}"
        raise MmdpError(f"template not found: {where}; copy it from data/examples/{template.file} and fill it in")
    return plan[name]


def write_workbook(plan: dict[str, pd.DataFrame], path: Path, notes: bool = True) -> Path:
    """Write templates (frames, or empty ones for a blank workbook) as an .xlsx, one sheet per template."""
    import openpyxl
    from openpyxl.styles import Font
    from openpyxl.worksheet.datavalidation import DataValidation

    book = openpyxl.Workbook()
    book.remove(book.active)
    if notes:
        sheet = book.create_sheet("README")
        sheet.append(["Planning inputs workbook: one sheet per template; keep the sheet names and the header row."])
        sheet.append(["Rules of each column: data/templates/README.md of the handbook. Check with: mmdp inputs check THIS.xlsx"])
        sheet.append(["Several ids or codes in one cell: separate them with ';'. Dates: YYYY-MM-DD. No formulas."])
        for template in TEMPLATES:
            sheet.append([template.name, f"Stage {template.stage}", template.about])
    for template in TEMPLATES:
        sheet = book.create_sheet(template.name)
        columns = list(template.schema.columns)
        sheet.append(columns)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
        for i, column in enumerate(columns, start=1):
            sheet.column_dimensions[openpyxl.utils.get_column_letter(i)].width = max(12, len(column) + 2)
            allowed = [c for c in template.schema.columns[column].checks if "isin" in str(c)]
            if allowed:
                values = ",".join(str(v) for v in allowed[0].statistics["allowed_values"])
                rule = DataValidation(type="list", formula1=f'"{values}"', allow_blank=True)
                sheet.add_data_validation(rule)
                letter = openpyxl.utils.get_column_letter(i)
                rule.add(f"{letter}2:{letter}500")
        frame = plan.get(template.name)
        if frame is not None:
            for row in frame[columns].itertuples(index=False):
                sheet.append([None if pd.isna(v) else v for v in row])
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path


def csv_folder_as_workbook(folder: Path, path: Path) -> Path:
    """The CSV templates of a folder copied, cell text as is, into a workbook (tests, `mmdp inputs`)."""
    frames = {}
    for name, frame in _read_folder(folder).items():
        frame = frame.copy()
        for column, spec in BY_NAME[name].schema.columns.items():
            kind = str(spec.dtype).lower()
            if column in frame and kind.startswith(("int", "float")):
                frame[column] = [float(v) if isinstance(v, str) and _is_number(v) else v for v in frame[column]]
            elif column in frame and kind.startswith("datetime"):
                frame[column] = [dt.date.fromisoformat(v) if isinstance(v, str) and _is_date(v) else v for v in frame[column]]
        frames[name] = frame
    return write_workbook(frames, path, notes=False)


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _is_date(text: str) -> bool:
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True
