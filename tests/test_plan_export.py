"""The plan as Word and Excel: both files carry the findings' tables and numbers (one number, one
computation), the document renders (LibreOffice headless to PDF), the workbook runs no formula."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess

import pytest

from mmdp.inputs.parameters import validate_parameters
from mmdp.paths import examples_dir
from mmdp.run.plan_export import (
    FIGURE_HEIGHT_CM,
    FIGURE_WIDTH_CM,
    WORKED_EXAMPLE,
    _frame,
    _shown,
    export_plan,
    figure_caption,
    figure_size_cm,
    plan_findings,
    write_docx,
    write_xlsx,
)

GENERATED = dt.date(2026, 12, 7)


@pytest.fixture(scope="module")
def example():
    params = validate_parameters("KGZ")
    findings = plan_findings(params)
    return params, findings, write_docx(params, findings, GENERATED), write_xlsx(params, findings, GENERATED)


def _document(data: bytes):
    import io

    from docx import Document

    return Document(io.BytesIO(data))


def test_docx_tables_equal_the_findings(example):
    params, findings, docx_bytes, _ = example
    doc = _document(docx_bytes)
    tables = [t for _, f in findings for t in f.tables]
    assert len(doc.tables) == len(tables)
    for grid, table in zip(doc.tables, tables):
        shown = _shown(table)
        assert [c.text for c in grid.rows[0].cells] == list(shown.columns), table.caption
        body = [[c.text for c in row.cells] for row in grid.rows[1:]]
        assert body == shown.astype(str).values.tolist(), table.caption
    text = "\n".join(p.text for p in doc.paragraphs)
    for heading, finding in findings:
        assert heading in text and finding.sentence in text
    assert "Data sources" in text and GENERATED.isoformat() in text
    ids = {heading: finding.id for heading, finding in findings}  # what the issue asks the document to hold
    assert ids["Reporting calendar"] == "monitoring.reporting_calendar" and ids["Coordination calendar"] == "workplan.calendar"
    assert {"results.framework", "costing.totals", "costing.funding_gap", "workplan.raci", "workplan.risks", "monitoring.framework"} <= set(ids.values())


def test_docx_charts_are_the_findings_charts_with_alt_text_and_source(example):
    _, findings, docx_bytes, _ = example
    doc = _document(docx_bytes)
    charts = [c for _, f in findings for c in f.charts]
    kinds = {c.alt.split(". ", 1)[0] for c in charts}
    assert {"Bars of the funding gap per output (a bar left of zero is a surplus)", "Stacked bars of cost by outcome and year",
            "Stacked bar of the budget by gender marker"} <= kinds
    assert any(k.startswith("Gantt chart of the work plan by quarter") for k in kinds)
    shapes = doc.inline_shapes
    assert len(shapes) == len(charts)
    captions = [p.text for p in doc.paragraphs if p.text.startswith("Figure ")]
    for number, (shape, chart) in enumerate(zip(shapes, charts), start=1):
        doc_pr = shape._inline.docPr
        assert doc_pr.get("descr") == chart.alt  # the alt text Word and LibreOffice read
        blip = shape._inline.graphic.graphicData.pic.blipFill.blip
        assert doc.part.related_parts[blip.embed].blob == chart.png  # the notebook's image, not a redrawing
        assert shape.width.cm <= FIGURE_WIDTH_CM + 0.01 and shape.height.cm <= FIGURE_HEIGHT_CM + 0.01
        assert figure_caption(number, chart) in captions and chart.source in figure_caption(number, chart)


def test_figure_size_keeps_the_aspect_and_fits_the_page():
    import io

    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    def png(width: float, height: float) -> bytes:
        buffer = io.BytesIO()
        Figure(figsize=(width, height)).savefig(buffer, format="png", dpi=100)
        return buffer.getvalue()

    assert figure_size_cm(png(8, 4)) == pytest.approx((8 * 2.54, 4 * 2.54))  # small enough: its own size
    width, height = figure_size_cm(png(10, 20))  # a tall Gantt chart: shrunk to the page's height
    assert height == pytest.approx(FIGURE_HEIGHT_CM) and width / height == pytest.approx(0.5, rel=0.01)
    with pytest.raises(ValueError):
        figure_size_cm(b"GIF89a not a png")


def test_the_same_plan_gives_the_same_bytes(example):
    params, findings, docx_bytes, xlsx_bytes = example
    assert write_docx(params, findings, GENERATED) == docx_bytes
    assert write_xlsx(params, findings, GENERATED) == xlsx_bytes
    doc = _document(docx_bytes)
    assert doc.core_properties.created.date() == doc.core_properties.modified.date() == GENERATED


def test_a_long_table_shows_its_first_rows_and_says_the_rest_are_in_the_workbook(example):
    import io

    import openpyxl
    import pandas as pd

    from mmdp.findings.base import Finding
    from mmdp.render.display import MAX_ROWS_SHOWN, Table

    params = example[0]
    rows = MAX_ROWS_SHOWN + 1234
    table = Table(pd.DataFrame({"Id": [f"C{k:05d}" for k in range(rows)], "Cost": [float(k) for k in range(rows)]}), "Cost lines", "Source: a test.",
                  index=False, units={"Cost": "US$"})
    findings = [("Cost lines", Finding("test.lines", "Cost lines", {}, "A sentence.", tables=(table,)))]
    doc = _document(write_docx(params, findings, GENERATED))
    assert len(doc.tables[0].rows) == MAX_ROWS_SHOWN + 1
    assert f"First {MAX_ROWS_SHOWN} rows shown; 1,234 more are in plan.xlsx." in [p.text for p in doc.paragraphs]
    sheet = openpyxl.load_workbook(io.BytesIO(write_xlsx(params, findings, GENERATED))).worksheets[1]
    assert sheet.cell(rows + 1, 1).value == f"C{rows - 1:05d}"  # the workbook holds every row


def test_docx_says_worked_example_on_every_page_and_numbers_pages(example):
    _, _, docx_bytes, _ = example
    doc = _document(docx_bytes)
    for section in doc.sections:
        assert WORKED_EXAMPLE in section.header.paragraphs[0].text
        footer = section.footer._element.xml
        assert "PAGE" in footer and "NUMPAGES" in footer and GENERATED.isoformat() in section.footer.paragraphs[0].text


def test_team_inputs_are_not_called_an_example(tmp_path):
    folder = tmp_path / "inputs"
    shutil.copytree(examples_dir(), folder)
    params = validate_parameters("KGZ", inputs=folder)
    findings = plan_findings(params)[:1]
    doc = _document(write_docx(params, findings, GENERATED))
    assert WORKED_EXAMPLE not in doc.sections[0].header.paragraphs[0].text


def test_xlsx_sheets_equal_the_findings_and_hold_no_formula(example):
    import io

    import openpyxl

    _, findings, _, xlsx_bytes = example
    book = openpyxl.load_workbook(io.BytesIO(xlsx_bytes))
    tables = [t for _, f in findings for t in f.tables]
    assert len(book.sheetnames) == len(tables) + 1 and book.sheetnames[0] == "About"
    assert WORKED_EXAMPLE in [c.value for c in book["About"]["A"]]
    for name, table in zip(book.sheetnames[1:], tables):
        sheet = book[name]
        frame = _frame(table)
        assert sheet.freeze_panes == "A2"
        assert [c.value for c in sheet[1]] == list(frame.columns)
        for row, values in zip(sheet.iter_rows(min_row=2, max_row=len(frame) + 1, values_only=True), frame.itertuples(index=False)):
            for got, want in zip(row, values):
                if isinstance(want, float) and want == want:
                    assert got == pytest.approx(want), (name, got, want)
                elif hasattr(want, "strftime"):
                    assert got == want.strftime("%Y-%m-%d")
                elif want is None or (isinstance(want, float) and want != want):
                    assert got is None
                else:
                    assert str(got) == str(want), (name, got, want)
        assert all(c.data_type != "f" for r in sheet.iter_rows() for c in r)


def test_text_that_looks_like_a_formula_stays_text(example):
    import io

    import openpyxl
    import pandas as pd

    from mmdp.findings.base import Finding
    from mmdp.render.display import Table

    params = example[0]
    table = Table(pd.DataFrame({"Note": ["=SUM(A1)", "+1", "@cmd"], "Amount": [1.0, 2.0, 3.0]}), "Notes", "Source: a test.", index=False)
    finding = Finding("test.notes", "Notes", {}, "A sentence.", tables=(table,))
    book = openpyxl.load_workbook(io.BytesIO(write_xlsx(params, [("Notes", finding)], GENERATED)))
    cells = [c for r in book.worksheets[1].iter_rows() for c in r]
    assert [c.value for c in cells if c.column == 1][1:4] == ["=SUM(A1)", "+1", "@cmd"]
    assert all(c.data_type != "f" for c in cells)


def test_the_costed_plan_and_gaps_are_the_findings_numbers(example):
    import io

    import openpyxl

    _, findings, _, xlsx_bytes = example
    by_heading = dict(findings)
    book = openpyxl.load_workbook(io.BytesIO(xlsx_bytes))
    about = {row[1]: row[0] for row in book["About"].iter_rows(values_only=True) if row and len(row) > 1}
    summary = book[about["The plan's cost (US$)"]]
    total = by_heading["Costed action plan"]["total"].value
    assert [r for r in summary.iter_rows(values_only=True) if r[0] == "Total"][0][1] == pytest.approx(total)
    gap = by_heading["Financing table and gaps"]
    assert gap["gap"].value == pytest.approx(total - gap["committed"].value)
    outputs = book[about["Financing by output (US$; a negative gap is a surplus)"]]
    rows = {r[0]: r for r in outputs.iter_rows(min_row=2, values_only=True) if r[0]}
    frame = gap.tables[0].frame
    for output, values in frame.iterrows():
        assert rows[output][1:] == pytest.approx(tuple(values)), output


def test_export_writes_both_files_and_the_document_renders(tmp_path):
    docx, xlsx = export_plan(validate_parameters("KGZ"), tmp_path)
    assert docx.stat().st_size > 10_000 and xlsx.stat().st_size > 10_000
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed: `make office-deps` (Debian libreoffice-writer-nogui) installs it")
    subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "pdf", "--outdir", str(tmp_path), str(docx)],
                   check=True, capture_output=True, timeout=240)
    pdf = tmp_path / "plan.pdf"
    assert pdf.stat().st_size > 20_000
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        assert WORKED_EXAMPLE in text and "Costed action plan" in text and "Risk register" in text
    if shutil.which("pdfimages"):  # every chart drawn in the PDF (an image and its transparency mask each)
        listed = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
        images = [line for line in listed if line.split()[2] == "image"]
        charts = [c for _, f in plan_findings(validate_parameters("KGZ")) for c in f.charts]
        assert len(images) == len(charts)


def test_cli_export_names_the_files(tmp_path, capsys):
    from mmdp import cli

    assert cli.main(["plan", "export", "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "plan.docx" in out and "plan.xlsx" in out
    assert (tmp_path / "plan.docx").is_file() and (tmp_path / "plan.xlsx").is_file()


def _translations(lang: str, module: str) -> dict[str, str]:
    """The msgstr of each message of a package catalog (``locales/<lang>/LC_MESSAGES/package/<module>.po``)."""
    from babel.messages.pofile import read_po

    from mmdp.i18n import catalogs_dir

    with (catalogs_dir(lang) / f"{module}.po").open("rb") as handle:
        return {m.id: m.string for m in read_po(handle) if m.id and m.string}


@pytest.fixture(scope="module")
def french():
    """The example plan exported in French (the language set back afterwards)."""
    from mmdp.i18n import using

    with using("fr"):
        params = validate_parameters("KGZ", language="fr")
        findings = plan_findings(params)
        place = params.place.local_name
        return place, findings, write_docx(params, findings, GENERATED), write_xlsx(params, findings, GENERATED)


def test_a_french_plan_has_french_headings_dates_and_footer(french):
    from mmdp.run.plan_export import SECTIONS

    place, _, docx_bytes, _ = french
    french_text = _translations("fr", "run.plan_export")
    doc = _document(docx_bytes)
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    expected = [french_text["Contents"]] + [french_text[s.heading] for s in SECTIONS] + [french_text["Data sources"]]
    assert headings == expected
    assert headings[1] == "Matrice des résultats" and all(h != s.heading for h, s in zip(headings[1:], SECTIONS))
    assert place == "Kirghizistan"  # the UN's French name, from the country table
    intro = doc.paragraphs[1].text
    assert intro.startswith("Kirghizistan. Généré le 7 décembre 2026.") and GENERATED.isoformat() not in intro
    assert doc.sections[0].header.paragraphs[0].text == french_text[WORKED_EXAMPLE]
    footer = doc.sections[0].footer
    assert "généré le 7 décembre 2026 avec le manuel MMDP | page 1 sur 1" in footer.paragraphs[0].text
    assert "PAGE" in footer._element.xml and "NUMPAGES" in footer._element.xml  # the page fields, in the translation's order
    assert doc.core_properties.language == "fr" and 'w:val="fr"' in doc.styles.element.xml  # declared for spelling and screen readers


def test_a_french_workbook_keeps_data_cells_as_typed_and_dates_iso(french):
    import io
    import re

    import openpyxl
    import pandas as pd

    place, findings, _, xlsx_bytes = french
    book = openpyxl.load_workbook(io.BytesIO(xlsx_bytes))
    about = book.worksheets[0]
    assert about.title == "À propos" and about["A2"].value == f"{place} ; généré le 7 décembre 2026 avec le manuel MMDP"
    assert [c.value for c in about[5]] == ["Feuille", "Tableau", "Source"]
    activities = next(t for h, f in findings if f.id == "workplan.gantt" for t in f.tables)
    sheet = next(book[row[0].value] for row in about.iter_rows(min_row=6) if row[1].value == activities.caption)
    frame = _frame(activities)
    cells = [list(row) for row in sheet.iter_rows(min_row=2, max_row=len(frame) + 1, values_only=True)]
    assert cells == [[None if pd.isna(v) else v for v in row] for row in frame.itertuples(index=False)]  # as typed
    iso = re.compile(r"\d{4}-\d{2}-\d{2}")
    dates = [i for i in range(frame.shape[1]) if frame.iloc[:, i].astype(str).str.fullmatch(iso.pattern).all()]
    assert len(dates) >= 2 and "janvier" not in str(cells)  # start and end dates stay ISO in French


def test_a_french_long_table_says_how_many_more_rows_in_french_numbers(french):
    import pandas as pd
    from babel.numbers import format_decimal

    from mmdp.findings.base import Finding
    from mmdp.i18n import using
    from mmdp.render.display import MAX_ROWS_SHOWN, Table

    rows = MAX_ROWS_SHOWN + 1234
    with using("fr"):
        params = validate_parameters("KGZ", language="fr")
        table = Table(pd.DataFrame({"Id": [f"C{k:05d}" for k in range(rows)]}), "Lignes", "Source : un test.", index=False)
        doc = _document(write_docx(params, [("Lignes", Finding("test.lines", "Lignes", {}, "Une phrase.", tables=(table,)))], GENERATED))
    message = _translations("fr", "run.plan_export")["First {shown} rows shown; {more} more are in plan.xlsx."]
    more = format_decimal(1234, locale="fr")  # 1 234 with CLDR's narrow no-break space
    assert more != "1,234" and message.format(shown=MAX_ROWS_SHOWN, more=more) in [p.text for p in doc.paragraphs]
