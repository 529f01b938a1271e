"""The plan as a ministry circulates it: ``plan.docx`` (Word) and ``plan.xlsx`` (Excel), written
with python-docx and openpyxl from the same findings the notebooks show (one number, one
computation): the results matrix, the costed action plan, the financing table and gaps, cost by
institution against the expenditure ceilings, gender budget tagging, the capacity plan, the work
plan, the RACI, the risk register, the M&E framework, the coordination calendar and the reporting
calendar tied to the monitoring rounds.
``mmdp plan export --inputs X --out DIR`` writes both; a country pack made with inputs carries them.

The Word file has headings, the findings' charts (the notebooks' own images, with their alt text as
the pictures' description and a caption naming the source), styled tables, page numbers, the
generation date and the data sources; with the handbook's example inputs every page says "WORKED
EXAMPLE". The Excel file has one formatted sheet per table with a frozen header; text cells are
written as text, so a cell a user typed as ``=...`` never becomes a live formula. Both files are
the same bytes for the same plan and generation date (zip members and document properties dated
that day).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..findings import costing, monitoring, results, workplan
from ..findings.base import Finding
from ..i18n import N_, _, language, t
from ..inputs.parameters import Parameters
from ..inputs.workbook import reproducible_zip, workbook_bytes
from ..render import format as fmt
from ..render import style
from ..render.display import MAX_ROWS_SHOWN, Chart, Table
from .files import atomic_write
from .handbook import long_date

WORKED_EXAMPLE = N_("WORKED EXAMPLE: illustrative inputs from the handbook, not a plan of any government")
"""The label of a plan made from the handbook's example inputs, in English (``_()`` gives it in the current language)."""


@dataclass(frozen=True)
class Section:
    """One chapter of the exported plan: a heading (English; ``plan_findings`` translates it) and the finding it shows."""

    heading: str
    build: Callable[[Parameters], Finding]


SECTIONS = (
    Section(N_("Results matrix"), results.framework),
    Section(N_("Costed action plan"), costing.totals),
    Section(N_("Financing table and gaps"), costing.funding_gap),
    Section(N_("Cost by institution and expenditure ceilings"), costing.by_institution),
    Section(N_("Gender budget tagging"), costing.gender_marker),
    Section(N_("Capacity-development plan"), costing.capacity_plan),
    Section(N_("Work plan"), workplan.gantt),
    Section(N_("Delayed activities"), workplan.delayed),
    Section(N_("Responsibilities (RACI)"), workplan.raci),
    Section(N_("Risk register"), workplan.risks),
    Section(N_("M&E framework"), monitoring.framework),
    Section(N_("Coordination calendar"), workplan.calendar),
    Section(N_("Reporting calendar"), monitoring.reporting_calendar),
)


def plan_findings(params: Parameters) -> list[tuple[str, Finding]]:
    """Each section's heading (in the current language) and finding, computed once for both files."""
    return [(_(s.heading), s.build(params)) for s in SECTIONS]


def _title(params: Parameters) -> str:
    title = costing.settings(params)["title"]
    return title or t("Migration and development plan, {place}", place=params.place.local_name)


def date_text(day: dt.date) -> str:
    """A date for readers: ``2026-12-07`` in English, the language's long form otherwise (Babel:
    ``7 décembre 2026``, ``7 de diciembre de 2026``); dates in data cells stay ISO."""
    return day.isoformat() if language() == "en" else long_date(day)


def _frame(table: Table) -> pd.DataFrame:
    """A table's raw values with its index as the first columns (as the notebook shows it)."""
    frame = table.frame.reset_index() if table.index else table.frame.reset_index(drop=True)
    frame.columns = [str(c) for c in frame.columns]
    return frame


def _shown(table: Table) -> pd.DataFrame:
    """A table's formatted cells (the notebook's text), index included."""
    shown = table.shown()
    if table.index:
        shown = shown.reset_index()
        shown[shown.columns[0]] = shown[shown.columns[0]].astype(str)
    else:
        shown = shown.reset_index(drop=True)
    shown.columns = [str(c) for c in shown.columns]
    return shown


def sources(findings: list[tuple[str, Finding]]) -> list[str]:
    """The distinct source lines of the charts and tables, in order."""
    return list(dict.fromkeys(part.source for _heading, f in findings for part in (*f.charts, *f.tables)))


def _field(run, code: str) -> None:
    """A Word field (PAGE, NUMPAGES) in ``run``."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    for kind, text in (("begin", None), (None, code), ("separate", None), (None, "1"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        elif text == code:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = f" {code} "
        else:
            element = OxmlElement("w:t")
            element.text = text
        run._r.append(element)


FIGURE_WIDTH_CM, FIGURE_HEIGHT_CM = 24.0, 14.5
"""The largest size of a chart on the landscape A4 page (inside the margins, with its caption)."""


def png_size(png: bytes) -> tuple[int, int]:
    """Width and height in pixels of a PNG (from its header)."""
    if png[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG image")
    return int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")


def figure_size_cm(png: bytes) -> tuple[float, float]:
    """A chart's size on the page: its own size at the handbook's dpi, shrunk to fit the page, never enlarged."""
    width, height = (px / style.DPI * 2.54 for px in png_size(png))
    scale = min(1.0, FIGURE_WIDTH_CM / width, FIGURE_HEIGHT_CM / height)
    return width * scale, height * scale


def figure_caption(number: int, chart: Chart) -> str:
    """'Figure 3. Gantt chart of the work plan. Source: ...': the chart's kind (its alt text's first sentence) and its source line."""
    kind = chart.alt.split(". ", 1)[0].rstrip(".")
    return t("Figure {number}. {kind}. Source: {source}", number=fmt.count(number), kind=kind, source=chart.source)


def _add_chart(doc, chart: Chart, number: int) -> None:
    """The chart's PNG (alt text in the picture's description, as Word and LibreOffice read it) and its caption."""
    from docx.shared import Cm

    width, height = figure_size_cm(chart.png)
    shape = doc.add_picture(io.BytesIO(chart.png), width=Cm(width), height=Cm(height))
    doc_pr = shape._inline.docPr
    doc_pr.set("descr", chart.alt)
    doc_pr.set("title", chart.alt.split(". ", 1)[0])
    doc.paragraphs[-1].paragraph_format.keep_with_next = True
    doc.add_paragraph(figure_caption(number, chart), style="Caption")


def write_docx(params: Parameters, findings: list[tuple[str, Finding]], generated: dt.date) -> bytes:
    """The plan as a Word document (bytes)."""
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt, RGBColor

    doc = Document()
    stamp = dt.datetime(generated.year, generated.month, generated.day)
    properties = doc.core_properties
    properties.created = properties.modified = stamp
    properties.author = properties.last_modified_by = "MMDP handbook (mmdp plan export)"
    properties.title, properties.revision, properties.comments = _title(params), 1, ""
    if language() != "en":  # the text's language, for spelling, hyphenation and screen readers (English: the template's en-US)
        properties.language = language()
        doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr")).find(qn("w:lang")).set(qn("w:val"), language())
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(1.5))
    doc.styles["Normal"].font.name = "Liberation Sans"
    doc.styles["Normal"].font.size = Pt(9)
    header = section.header.paragraphs[0]
    header.text = _(WORKED_EXAMPLE) if params.illustrative_inputs else _title(params)
    header.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if params.illustrative_inputs:
        header.runs[0].font.bold = True
        header.runs[0].font.color.rgb = RGBColor(0xB0, 0x3A, 0x2E)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    line = t("{title} | generated {date} with the MMDP handbook | page {page} of {pages}",
             title=_title(params), date=date_text(generated), page="\0PAGE\0", pages="\0NUMPAGES\0")
    for i, part in enumerate(line.split("\0")):  # text and Word fields in the translation's order
        if i % 2:
            _field(footer.add_run(), part)
        elif part:
            footer.add_run(part)

    doc.add_heading(_title(params), level=0)
    intro = doc.add_paragraph()
    intro.add_run(t("{place}. Generated on {date}.", place=params.place.local_name, date=date_text(generated)) + " ").bold = True
    intro.add_run(t("Inputs: {inputs}.", inputs=findings[0][1].sentence.rsplit("(", 1)[-1].rstrip(").")) if findings else "")
    if params.illustrative_inputs:
        doc.add_paragraph(t("{worked_example}. Replace the inputs with the country team's own and export again.",
                            worked_example=_(WORKED_EXAMPLE))).runs[0].bold = True
    doc.add_heading(_("Contents"), level=1)
    for heading in [h for h, _finding in findings] + [_("Data sources")]:
        doc.add_paragraph(heading, style="List Number")
    doc.add_page_break()
    figures = 0
    for heading, finding in findings:
        doc.add_heading(heading, level=1)
        doc.add_paragraph(finding.sentence)
        for chart in finding.charts:
            figures += 1
            _add_chart(doc, chart, figures)
        for table in finding.tables:
            shown = _shown(table)
            more = len(shown) - MAX_ROWS_SHOWN
            shown = shown.head(MAX_ROWS_SHOWN)
            doc.add_paragraph(table.caption, style="Caption")
            grid = doc.add_table(rows=1, cols=len(shown.columns))
            grid.style = "Light Grid Accent 1"
            small = Pt(7) if len(shown.columns) > 8 else Pt(8)
            for cell, name in zip(grid.rows[0].cells, shown.columns):
                cell.text = name
                cell.paragraphs[0].runs[0].font.bold = True
                cell.paragraphs[0].runs[0].font.size = small
            for row in shown.itertuples(index=False):
                cells = grid.add_row().cells
                for cell, value in zip(cells, row):
                    cell.text = str(value)
                    cell.paragraphs[0].runs[0].font.size = small
            if more > 0:  # 10,000 cost lines make an unreadable document (and take minutes to write): the workbook holds them all
                doc.add_paragraph(t("First {shown} rows shown; {more} more are in plan.xlsx.",
                                    shown=fmt.count(MAX_ROWS_SHOWN), more=fmt.count(more))).runs[0].bold = True
            doc.add_paragraph(table.source).runs[0].italic = True
    doc.add_heading(_("Data sources"), level=1)
    for line in sources(findings):
        doc.add_paragraph(line, style="List Bullet")
    doc.add_paragraph(_("Computed with the MMDP handbook's package (mmdp); each table is the one its notebook shows."))
    buffer = io.BytesIO()
    doc.save(buffer)
    return reproducible_zip(buffer.getvalue(), generated)


def _sheet_name(heading: str, caption: str, used: set[str]) -> str:
    base = "".join(ch for ch in f"{heading[:14]} {caption[:14]}" if ch not in "[]:*?/\\").strip()[:28]
    name, k = base, 2
    while name.lower() in used:
        name, k = f"{base[:26]} {k}", k + 1
    used.add(name.lower())
    return name


def write_xlsx(params: Parameters, findings: list[tuple[str, Finding]], generated: dt.date) -> bytes:
    """The plan's tables as an Excel workbook (bytes): an About sheet, then one sheet per table."""
    import openpyxl
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    book = openpyxl.Workbook()
    about = book.active
    about.title = _("About")
    rows = [[_title(params)], [t("{place}; generated on {date} with the MMDP handbook", place=params.place.local_name, date=date_text(generated))]]
    if params.illustrative_inputs:
        rows.append([_(WORKED_EXAMPLE)])
    rows += [[""], [_("Sheet"), _("Table"), _("Source")]]
    used: set[str] = {about.title.lower()}
    sheets = []
    for heading, finding in findings:
        for table in finding.tables:
            name = _sheet_name(heading, table.caption, used)
            sheets.append((name, table))
            rows.append([name, table.caption, table.source])
    for row in rows:
        about.append(row)
    for row in about.iter_rows():
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"
    for cell in about["A"][:3]:
        cell.font = Font(bold=True)
    about.column_dimensions["A"].width, about.column_dimensions["B"].width = 30, 70
    fill = PatternFill("solid", fgColor="DDE7F0")
    for name, table in sheets:
        sheet = book.create_sheet(name)
        frame = _frame(table)
        sheet.append(list(frame.columns))
        for cell in sheet[1]:
            cell.font, cell.fill = Font(bold=True), fill
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        for values in frame.itertuples(index=False):
            sheet.append([_value(v) for v in values])
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # text, never a formula (a cell typed '=...' stays text)
                elif isinstance(cell.value, float):
                    cell.number_format = "#,##0.00" if not float(cell.value).is_integer() else "#,##0"
        sheet.freeze_panes = "A2"
        for i, column in enumerate(frame.columns, start=1):
            longest = max([len(str(column))] + [len(str(v)) for v in frame[column].head(200)])
            sheet.column_dimensions[get_column_letter(i)].width = min(60, max(10, longest + 2))
        sheet.append([])
        sheet.append([table.source])
        sheet.cell(sheet.max_row, 1).data_type = "s"
    book.properties.creator = book.properties.lastModifiedBy = "MMDP handbook (mmdp plan export)"
    return workbook_bytes(book, generated)


def _value(value: object) -> object:
    """A cell value for openpyxl: numbers as numbers, dates as ISO text, missing as empty."""
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA:
        return None
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d")
    if hasattr(value, "item") and not isinstance(value, str):
        return value.item()  # numpy scalars
    return value


def export_plan(params: Parameters, out: Path, generated: dt.date | None = None) -> tuple[Path, Path]:
    """Write ``out/plan.docx`` and ``out/plan.xlsx`` (each atomically); return their paths."""
    generated = generated or dt.date.today()
    findings = plan_findings(params)
    docx_bytes = write_docx(params, findings, generated)
    xlsx_bytes = write_xlsx(params, findings, generated)
    return atomic_write(Path(out) / "plan.docx", docx_bytes), atomic_write(Path(out) / "plan.xlsx", xlsx_bytes)
