"""A country team's planning inputs: a folder of CSV files or one Excel workbook, one schema.

What an inputs source is, one rule for ``check``, ``run`` and ``pack`` (``inputs_source``): a
folder of ``<template>.csv`` files, or a workbook (.xlsx, .xlsm with its macros ignored, or
LibreOffice .ods) with one sheet per template, named as the template (``costs``, ``activities``...). Both become the same text cells, then go through
the same schemas (``validate_template``) and the same links (``planning.link_problems``). A
workbook's cells are read as values: a date becomes ``YYYY-MM-DD``, a whole number ``12``; a
formula is refused (its text starts with '=').
"""

from __future__ import annotations

import datetime as dt
import difflib
import io
import zipfile
from functools import lru_cache
from pathlib import Path

import pandas as pd

from ..errors import MmdpError
from ..i18n import N_, _, language, n_, t
from .planning import BY_NAME, TEMPLATES, Template, link_problems
from .templates import read_csv_template, template_problems

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".ods")
ACCEPTED = N_("a folder of CSV templates, or an .xlsx, .xlsm or .ods workbook")
"""What an inputs source may be, in English (``_(ACCEPTED)`` in the current language)."""


def is_workbook(source: Path) -> bool:
    return Path(source).suffix.lower() in WORKBOOK_SUFFIXES


def inputs_source(value: str | Path | None) -> Path | None:
    """The one rule for what an inputs source is; MmdpError (one line, naming the fix) otherwise."""
    if value is None:
        return None
    if not str(value).strip():
        # TRANSLATORS: {accepted} is "a folder of CSV templates, or an .xlsx, .xlsm or .ods workbook" (translated)
        raise MmdpError(t("the inputs argument is empty; give {accepted}", accepted=_(ACCEPTED)))
    path = Path(value)
    suffix = path.suffix.lower()
    if path.is_dir():
        return path
    if suffix == ".xls":
        raise MmdpError(t("{file} is an old Excel .xls file; open it in your spreadsheet and save it as .xlsx", file=path.name))
    if suffix == ".csv":
        # TRANSLATORS: {folder} is the folder that holds the file
        raise MmdpError(t("{file} is a single CSV file; give the folder that holds it with the other templates (e.g. {folder}/)",
                          file=path.name, folder=path.parent.name or "."))
    if not path.exists():
        if suffix in WORKBOOK_SUFFIXES:
            # TRANSLATORS: {file} is the file's name (quoted); {stem} the same without its extension
            raise MmdpError(t("inputs workbook not found: {file}; write a blank one with `mmdp inputs blank {stem}.xlsx`", file=repr(path.name), stem=path.stem))
        # TRANSLATORS: {folder} is the name given (quoted); {accepted} is "a folder of CSV templates, or an .xlsx, .xlsm or .ods workbook" (translated)
        raise MmdpError(t("inputs folder not found: {folder}; give {accepted}", folder=repr(path.name), accepted=_(ACCEPTED)))
    if suffix not in WORKBOOK_SUFFIXES:
        # TRANSLATORS: {accepted} is "a folder of CSV templates, or an .xlsx, .xlsm or .ods workbook" (translated)
        raise MmdpError(t("{file} is neither a folder nor a workbook; give {accepted}", file=path.name, accepted=_(ACCEPTED)))
    if path.stat().st_size == 0:
        raise MmdpError(t("{file} is empty (0 bytes); save your workbook again, or write a blank one with `mmdp inputs blank plan.xlsx`", file=path.name))
    with path.open("rb") as handle:
        if handle.read(4) != b"PK\x03\x04":  # .xlsx, .xlsm and .ods are zip files
            # TRANSLATORS: {suffix} is the file's extension (.xlsx, .xlsm or .ods)
            raise MmdpError(t("{file} is not a workbook (its content is not {suffix}); save it from your spreadsheet as .xlsx", file=path.name, suffix=suffix))
    return path


def _where(source: Path, template: Template) -> str:
    """``plan.xlsx, sheet 'costs'`` or ``costs.csv``, as the checks start each problem (in English: ``check_plan``
    and the row-or-line rule read it; ``_where_shown`` is the same in the current language)."""
    return f"{source.name}, sheet {template.name!r}" if is_workbook(source) else template.file


def _where_shown(source: Path, template: Template) -> str:
    """``_where`` in the current language, for a person to read."""
    if is_workbook(source):
        # TRANSLATORS: {workbook} is the workbook's file name; {sheet} the sheet's name (a template's code, quoted)
        return t("{workbook}, sheet {sheet}", workbook=source.name, sheet=repr(template.name))
    return template.file


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


def _has_formulas(path: Path) -> bool:
    """True when a sheet of an .xlsx/.xlsm holds a formula (an ``<f>`` element in its XML)."""

    with zipfile.ZipFile(path) as archive:
        return any(b"<f>" in archive.read(n) or b"<f " in archive.read(n) for n in archive.namelist() if n.startswith("xl/worksheets/sheet"))


def _workbook_rows(path: Path) -> dict[str, list[tuple]]:
    """Every sheet's rows as cell values. python-calamine reads .xlsx, .xlsm and .ods fast (a 10,000-row
    workbook well under a second); a workbook with formulas is read with openpyxl instead, so that a
    formula shows as its text and is refused."""

    try:
        if path.suffix.lower() == ".ods" or not _has_formulas(path):
            from python_calamine import CalamineWorkbook

            book = CalamineWorkbook.from_path(str(path))
            return {title: [tuple(row) for row in book.get_sheet_by_name(title).to_python()] for title in book.sheet_names}
    except zipfile.BadZipFile:
        raise MmdpError(t("{file} is not a readable workbook; save it again as .xlsx from your spreadsheet", file=path.name)) from None
    except Exception as exc:  # calamine raises its own error types on a damaged file
        # TRANSLATORS: {error} is the name of the reader's error (in English)
        raise MmdpError(t("{file} is not a readable workbook ({error}); save it again as .xlsx from your spreadsheet", file=path.name,
                          error=type(exc).__name__)) from None
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=False, keep_vba=False)
    except (InvalidFileException, OSError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        # TRANSLATORS: {error} is the name of the reader's error (in English)
        raise MmdpError(t("{file} is not a readable Excel workbook ({error}); save it as .xlsx from your spreadsheet", file=path.name,
                          error=type(exc).__name__)) from None
    try:
        return {title: list(book[title].iter_rows(values_only=True)) for title in book.sheetnames}
    finally:
        book.close()


def sheet_key(title: str) -> str:
    """A sheet name as matched to a template: case and spaces do not count ('Costs ' is costs)."""
    return "".join(str(title).split()).lower()


def _read_sheets(path: Path) -> dict[str, pd.DataFrame]:
    """Template sheets of a workbook as text cells; the index is the spreadsheet row minus 2."""
    frames: dict[str, pd.DataFrame] = {}
    seen: dict[str, str] = {}
    for title, rows in _workbook_rows(path).items():
        name = sheet_key(title)
        if name not in BY_NAME:
            close = difflib.get_close_matches(name, list(BY_NAME), n=1, cutoff=0.8)
            if close:
                # TRANSLATORS: {sheet} is the sheet's name, as typed (quoted); {template} the template's name it resembles (quoted)
                raise MmdpError(t("{workbook}, sheet {sheet}: not a template name; did you mean {template}? Rename the sheet",
                                  workbook=path.name, sheet=repr(title), template=repr(close[0])))
            continue  # notes, instructions: not a template
        if name in seen:
            # TRANSLATORS: {first} and {second} are sheets' names, as typed (quoted); {template} the template's name (quoted)
            raise MmdpError(t("{workbook}: sheets {first} and {second} are both the {template} template (names differ only by case or spaces); "
                              "merge them into one sheet", workbook=path.name, first=repr(seen[name]), second=repr(title), template=repr(name)))
        seen[name] = title
        if not rows or all(v is None for v in rows[0]):
            # TRANSLATORS: {sheet} is the sheet's name, as typed (quoted)
            raise MmdpError(t("{workbook}, sheet {sheet} is empty; copy the header row from a blank workbook (`mmdp inputs blank plan.xlsx`) and add rows",
                              workbook=path.name, sheet=repr(title)))
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
    return frames


def _read_folder(folder: Path) -> dict[str, pd.DataFrame]:
    known = {t.file for t in TEMPLATES}
    for path in sorted(folder.glob("*.csv")):
        if path.name not in known:
            close = difflib.get_close_matches(path.name.lower(), sorted(known), n=1, cutoff=0.8)
            if close and not (folder / close[0]).is_file():
                # TRANSLATORS: {file} is a folder and a file's name; {template} the template's file name it resembles
                raise MmdpError(t("{file} is not a template name; did you mean {template}? Rename the file", file="/".join((folder.name, path.name)), template=close[0]))
    return {t.name: read_csv_template(folder / t.file) for t in TEMPLATES if (folder / t.file).is_file()}


def read_raw(source: Path) -> dict[str, pd.DataFrame]:
    """Every template present in a folder or workbook, as text cells (not yet checked)."""
    source = inputs_source(source)
    return _read_sheets(source) if is_workbook(source) else _read_folder(source)


def check_plan(source: Path) -> tuple[dict[str, list[str]], dict[str, pd.DataFrame]]:
    """Every problem of every template in one pass, grouped by sheet or file, and the templates that passed."""
    from .checks import plan_problems

    source = Path(source)
    raw = read_raw(source)
    problems: dict[str, list[str]] = {}
    plan: dict[str, pd.DataFrame] = {}
    for name, frame in raw.items():
        checked, found = template_problems(frame, BY_NAME[name].schema, _where(source, BY_NAME[name]))
        if found:
            problems[name] = found
        else:
            plan[name] = checked
    where = {name: _where(source, BY_NAME[name]) for name in raw}
    linked = link_problems(plan, where) + plan_problems(plan, where)
    for text in linked:
        name = next((n for n, w in sorted(where.items(), key=lambda kv: -len(kv[1])) if text.startswith(w)), "links")
        problems.setdefault(name, []).append(text.removeprefix(where.get(name, "")).lstrip(", :\u202f\u00a0"))
    return problems, plan


def problems_text(problems: dict[str, list[str]], source: Path) -> str:
    """The problems grouped by sheet or file, one line each, for a person to read."""
    lines = []
    for name, found in problems.items():
        template = BY_NAME.get(name)
        # TRANSLATORS: {sheet} is a sheet's name (a template's code, quoted)
        title = (t("sheet {sheet}", sheet=repr(name)) if is_workbook(source) else template.file) if template else name
        # TRANSLATORS: {title} is a file or sheet; the problems are listed on the lines below
        lines.append(n_("{title}: {n} problem", "{title}: {n} problems", len(found), title=title))
        lines += [f"  - {p}" for p in found]
    return "\n".join(lines)


def _stamp(source: Path) -> tuple:
    if is_workbook(source):
        return (source.stat().st_mtime_ns,)
    return tuple((p.name, p.stat().st_mtime_ns) for p in sorted(source.glob("*.csv")))


@lru_cache(maxsize=8)
def _plan(source: str, stamp: tuple) -> dict[str, pd.DataFrame]:
    path = Path(source)
    problems, plan = check_plan(path)
    if problems:
        count = sum(len(p) for p in problems.values())
        first = next(iter(problems))
        where = _where_shown(path, BY_NAME[first]) if first in BY_NAME else path.name
        # TRANSLATORS: {files} are the templates (sheets or files) with problems
        more = n_("; and {n} more problem in {files}", "; and {n} more problems in {files}", count - 1, files=", ".join(problems)) if count > 1 else ""
        # TRANSLATORS: {where} is a file or sheet; {problem} its first problem; {more} "; and 3 more problems in costs, risks" or nothing;
        # {source} the folder or workbook
        raise MmdpError(t("{where}: {problem}{more}. `mmdp inputs check {source}` lists every problem; rules: data/templates/README.md",
                          where=where, problem=problems[first][0], more=more, source=path.name))
    return plan


def read_plan(source: Path) -> dict[str, pd.DataFrame]:
    """Every template present, checked cell by cell and linked by ids; MmdpError naming where and the fix."""
    source = inputs_source(source)
    return {name: frame.copy() for name, frame in _plan(str(source.resolve()), _stamp(source)).items()}


def optional_template(source: Path, name: str) -> pd.DataFrame | None:
    """One checked template (a copy of it alone), or None when the inputs do not have it."""
    source = inputs_source(source)
    plan = _plan(str(source.resolve()), _stamp(source))
    return plan[name].copy() if name in plan else None


def load_template(source: Path, name: str) -> pd.DataFrame:
    """One checked template of a folder or workbook; MmdpError naming the fix when it is missing."""
    plan = {name: frame} if (frame := optional_template(source, name)) is not None else {}
    if name not in plan:
        template = BY_NAME[name]
        if is_workbook(source):
            # TRANSLATORS: {sheet} is the sheet's name (a template's code, quoted); {workbook} the workbook's file name
            raise MmdpError(t("template not found: sheet {sheet} of {workbook}; copy it from data/examples/{file} and fill it in",
                              sheet=repr(name), workbook=source.name, file=template.file))
        # TRANSLATORS: {file} is the template's file name; {folder} the folder's name
        raise MmdpError(t("template not found: {file} in folder {folder}; copy it from data/examples/{file} and fill it in",
                          file=template.file, folder=source.name))
    return plan[name]


ID_SOURCES = {
    "lead": "stakeholders", "institution": "stakeholders", "owner": "stakeholders", "chair": "stakeholders",
    "accountable": "stakeholders", "responsible": "stakeholders", "consulted": "stakeholders", "informed": "stakeholders",
    "participants": "stakeholders", "output_id": "results", "result_id": "results", "parent_id": "results",
    "priority_id": "priorities", "activity_id": "activities", "depends_on": "activities", "indicator_id": "indicators",
}
"""Columns that cite another template's ids, and that template (its first column holds the ids)."""

MANY_IDS = {"responsible", "consulted", "informed", "participants", "depends_on", "accountable"}
"""Id columns where a cell may hold several ids separated by ';' (the drop-down then warns, not refuses)."""


def column_rule(template: Template, column: str) -> str:
    """The rule of one column in plain words (the current language): kind, allowed values with their
    meaning, range, ids, empty or not."""
    from .templates import allowed_text

    from babel.numbers import get_decimal_symbol

    spec = template.schema.columns[column]
    kind = str(spec.dtype).lower()
    point = get_decimal_symbol(language())
    parts = [_("a whole number") if kind.startswith("int") else _("a number") if kind.startswith("float")
             else _("a date YYYY-MM-DD") if kind.startswith("datetime") else _("text")]
    for check in spec.checks:
        stats = check.statistics or {}
        low, high = (str(stats.get(key)).replace(".", point) for key in ("min_value", "max_value"))  # never grouped: bounds are often years
        if check.name == "isin":
            parts = [t("one of: {values}", values=allowed_text(column, stats["allowed_values"], translated=True))]
        elif check.name == "in_range":
            parts.append(t("from {low} to {high}", low=low, high=high))
        elif check.name == "greater_than_or_equal_to":
            parts.append(t("{low} or more", low=low))
        elif check.name == "greater_than":
            parts.append(t("more than {low}", low=low))
        elif check.name == "str_matches" and column.endswith("_id"):
            parts.append(_("an id: letters, digits, _ . -, no spaces, at most 30 characters"))
        elif check.name == "str_matches":
            parts.append(_("a three-letter code (ISO)"))
        elif check.name == "str_length":
            parts.append(t("at least {length} characters", length=low))
    if column in ID_SOURCES and ID_SOURCES[column] != template.name:
        parts.append(t("an id from the {sheet} sheet; several separated by ';'", sheet=ID_SOURCES[column]) if column in MANY_IDS
                     else t("an id from the {sheet} sheet", sheet=ID_SOURCES[column]))
    if spec.unique:
        parts.append(_("unique"))
    parts.append(_("may be empty") if spec.nullable else _("required"))
    # TRANSLATORS: the separator between the parts of a column's rule ("text; unique; required")
    return _("; ").join(parts)


SHIPPED_DATE = dt.date(2026, 1, 1)
"""The date inside the workbooks written by ``write_workbook``: the same bytes for the same content."""


def reproducible_zip(data: bytes, when: dt.date, replace: dict[str, bytes] | None = None) -> bytes:
    """The same zip (Office file) with every member dated ``when`` (and the members in ``replace`` replaced):
    python-docx and openpyxl stamp members with the current time, so two exports of the same plan on the same
    day would differ byte for byte."""
    source, target = io.BytesIO(data), io.BytesIO()
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=(when.year, when.month, when.day, 0, 0, 0))
            member.compress_type, member.external_attr = zipfile.ZIP_DEFLATED, 0o644 << 16
            new.writestr(member, (replace or {}).get(info.filename) or old.read(info.filename))
    return target.getvalue()


def workbook_bytes(book, when: dt.date) -> bytes:
    """An openpyxl workbook as bytes, its properties and zip members dated ``when`` (openpyxl stamps both
    with the time of saving)."""
    from openpyxl.xml.functions import tostring

    stamp = dt.datetime(when.year, when.month, when.day)
    book.properties.created = stamp
    buffer = io.BytesIO()
    book.save(buffer)
    book.properties.modified = stamp
    core = b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n" + tostring(book.properties.to_tree())
    return reproducible_zip(buffer.getvalue(), when, {"docProps/core.xml": core})


def write_workbook(plan: dict[str, pd.DataFrame], path: Path, notes: bool = True) -> Path:
    """Write templates (frames, or empty ones for a blank workbook) as an .xlsx, one sheet per template.

    Drop-downs are enforced (Excel and LibreOffice refuse a value not in the list), every column has an
    input message with its rule, columns citing ids offer the ids of the sheet they cite, and the
    README sheet lists every column's rule. The README sheet and the columns' help are in the current
    language (``mmdp.i18n``); sheet names and column names are codes, the same in every language."""
    import openpyxl
    from openpyxl.styles import Font
    from openpyxl.worksheet.datavalidation import DataValidation

    book = openpyxl.Workbook()
    book.remove(book.active)
    if notes:
        sheet = book.create_sheet("README")
        sheet.append([_("Planning inputs workbook: one sheet per template; keep the sheet names and the header row.")])
        sheet.append([_("Check with: mmdp inputs check THIS.xlsx (every problem of every sheet in one pass). Rules: data/templates/README.md of the handbook.")])
        sheet.append([_("Several ids or codes in one cell: separate them with ';'. Dates: YYYY-MM-DD. No formulas.")])
        sheet.append([])
        sheet.append([_("Sheet"), _("Stage"), _("What it holds")])
        for template in TEMPLATES:
            sheet.append([template.name, t("Stage {number}", number=template.stage), _(template.about)])
        sheet.append([])
        sheet.append([_("Sheet"), _("Column"), _("Rule")])
        for template in TEMPLATES:
            for column in template.schema.columns:
                sheet.append([template.name, column, column_rule(template, column)])
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    cell.data_type = "s"
        sheet.column_dimensions["A"].width, sheet.column_dimensions["B"].width, sheet.column_dimensions["C"].width = 26, 24, 110
    for template in TEMPLATES:
        sheet = book.create_sheet(template.name)
        columns = list(template.schema.columns)
        sheet.append(columns)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
        for i, column in enumerate(columns, start=1):
            letter = openpyxl.utils.get_column_letter(i)
            sheet.column_dimensions[letter].width = max(12, len(column) + 2)
            allowed = [c for c in template.schema.columns[column].checks if c.name == "isin"]
            source = ID_SOURCES.get(column)
            rule = column_rule(template, column)
            if allowed:
                values = ",".join(str(v) for v in allowed[0].statistics["allowed_values"])
                check = DataValidation(type="list", formula1=f'"{values}"', allow_blank=True, showErrorMessage=True,
                                       errorTitle=_("Not an allowed value"), error=rule[:255])
            elif source and source != template.name:
                many = column in MANY_IDS
                check = DataValidation(type="list", formula1=f"{source}!$A$2:$A$1000", allow_blank=True, showErrorMessage=True,
                                       errorStyle="warning" if many else "stop", errorTitle=t("Not an id of {sheet}", sheet=source),
                                       error=t("Several ids separated by ';' are allowed: choose Yes to keep them. {rule}", rule=rule[:180])
                                       if many else rule[:180])
            elif str(template.schema.columns[column].dtype).lower().startswith("datetime"):
                check = DataValidation(type="date", operator="greaterThan", formula1="1", allow_blank=True, showErrorMessage=True,
                                       errorTitle=_("Not a date"), error=_("Type a date as YYYY-MM-DD."))
            else:
                check = DataValidation(allow_blank=True)
            check.showInputMessage = True
            check.promptTitle = column[:32]
            check.prompt = rule[:255]
            sheet.add_data_validation(check)
            check.add(f"{letter}2:{letter}1000")
        frame = plan.get(template.name)
        if frame is not None:
            for row in frame[columns].itertuples(index=False):
                sheet.append([None if pd.isna(v) else v for v in row])
            for row in sheet.iter_rows(min_row=2):
                for cell in row:
                    if isinstance(cell.value, str):
                        cell.data_type = "s"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(workbook_bytes(book, SHIPPED_DATE))
    return path


def csv_folder_as_workbook(folder: Path, path: Path, notes: bool = False) -> Path:
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
    return write_workbook(frames, path, notes=notes)


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
