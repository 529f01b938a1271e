"""The PDF for workshops and print: the whole book (`make pdf`) and a country pack (`make pack-pdf`),
printed by Debian's Chromium; checked with poppler's pdfinfo / pdftotext / pdftoppm."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from browser import shrink_png

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[1]


def poppler(tool: str) -> str:
    path = shutil.which(tool)
    if not path:
        if os.environ.get("CI"):
            pytest.fail(f"{tool} not found: install poppler-utils (make browser-deps)")
        pytest.skip(f"{tool} not found: install poppler-utils (make browser-deps)")
    return path


def pdf_pages(pdf: Path) -> list[str]:
    text = subprocess.run([poppler("pdftotext"), "-layout", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    return text.split("\f")


def pdf_info(pdf: Path) -> dict[str, str]:
    out = subprocess.run([poppler("pdfinfo"), str(pdf)], check=True, capture_output=True, text=True).stdout
    return dict(line.split(":", 1) for line in out.splitlines() if ":" in line)


def test_book_pdf_has_contents_and_every_part(book_pdf, capsys):
    pdf, layout = book_pdf
    info = pdf_info(pdf)
    pages = pdf_pages(pdf)
    with capsys.disabled():
        print(f"\n{pdf.name}: {info['Pages'].strip()} pages, {pdf.stat().st_size / 1e6:.1f} MB, "
              f"{layout['contents']} contents entries, {layout['figures']} figures, {layout['fitted_tables']} tables fitted")
    assert int(info["Pages"]) >= 100
    assert pdf.stat().st_size < 60_000_000
    contents = "\n".join(pages[:4])
    assert "Contents" in contents
    parts = [p["caption"] for p in yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))["parts"]]
    for caption in parts:
        assert caption in contents, caption
    assert "Stage 6: Monitoring, evaluation, reporting and learning" in contents
    assert b"/Outlines" in pdf.read_bytes()  # bookmarks: the contents in the reader's side panel
    body = "\n".join(pages)
    assert "Kyrgyzstan hosted" in body and "Moldova: migration profile" in body  # notebooks and gallery printed
    assert "Show code cell source" not in body  # hidden code stays hidden on paper


def test_cover_says_edition_version_date_licence_and_how_to_cite(book_pdf):
    from mmdp.run.handbook import edition

    pdf, _ = book_pdf
    cover = " ".join(pdf_pages(pdf)[0].split())
    about = edition()
    assert f"{about.edition}, version {about.version}" in cover
    assert re.search(r"\b\d{1,2} [A-Z][a-z]+ 20\d\d\b", cover)  # the date it was printed
    assert " ".join(about.licence.split())[:60] in cover and "How to cite:" in cover


def test_contents_carry_the_page_each_entry_starts_on(book_pdf):
    pdf, layout = book_pdf
    assert layout["numbered"] == layout["contents"] >= 40
    pages = pdf_pages(pdf)
    contents = "\n".join(pages[1:5])
    numbered = re.findall(r"^\s*(\S.*?\S)\s{2,}(\d+)\s*$", contents, re.M)
    assert len(numbered) >= 40, numbered[:5]
    checked = 0
    for title, number in numbered:
        if title in ("Migration profile", "Costing and gender budget tagging", "Glossary"):
            assert pages[int(number) - 1].lstrip().startswith(title), (title, number)  # the entry's page opens with it
            checked += 1
    assert checked == 3


def test_a_pdf_per_part_and_per_stage_linked_from_their_pages(book_pdf, book_html):
    from mmdp.run.handbook import book_pieces

    pieces = book_pieces()
    assert sum(p.slug.startswith("stage") for p in pieces) == 7
    for piece in pieces:
        pdf = book_html / piece.pdf
        assert pdf.is_file(), piece.pdf
        if piece.slug == "stage2-goals-priorities":
            pages = pdf_pages(pdf)
            assert pages[0].lstrip().startswith(piece.title) and "Contents" in pages[1]
            assert "Stage 2 tools: scoring" in pages[1] and "Goals and priorities" in pages[1]
            assert "Stage 3" not in pages[1] and "Stage 1" not in pages[1]  # that stage only
            assert 10 <= int(pdf_info(pdf)["Pages"]) < 60
    stage_page = (book_html / "chapters" / "stage2-goals-priorities" / "steps.html").read_text(encoding="utf-8")
    assert 'href="../../pdf/stage2-goals-priorities.pdf"' in stage_page and "Download PDF" in stage_page


def test_no_code_and_no_finding_labels_in_print(book_pdf):
    pdf, _ = book_pdf
    body = "\n".join(pdf_pages(pdf))
    assert not re.search(r"Finding\s+`?[a-z_]+\.[a-z_]+", body)
    for code in ("validate_parameters", "describe_parameters", "apply_style()", "(params)", "comparators = None"):
        assert code not in body, code


def test_book_pdf_nothing_clipped_and_figures_readable(book_pdf):
    _, layout = book_pdf
    assert not layout["clipped"], layout["clipped"]
    assert layout["figures"] >= 50
    # Figures fill the text column (a two-panel chart scaled down further would be unreadable) ...
    assert layout["narrowest_figure"] >= 0.45 * layout["column"], layout
    # ... and no table is printed smaller than 6 pt (8 px).
    assert round(layout["smallest_table_font"], 1) >= 8, layout


def test_landing_page_links_the_pdf(book_html, book_pdf):
    intro = (book_html / "intro.html").read_text(encoding="utf-8")
    assert 'href="mmdp-handbook.pdf"' in intro
    assert (book_html / "mmdp-handbook.pdf").is_file()


def test_country_pack_prints_to_pdf(tmp_path, chromium):
    """`mmdp run KGZ --html` then scripts/print_pdf.py PATH.html OUT.pdf, as `make pack-pdf` does."""
    env = {**os.environ, "MMDP_HEADLESS": "1"}
    mmdp = Path(sys.executable).with_name("mmdp")
    subprocess.run([str(mmdp), "run", "KGZ", "--notebook", "migration_profile", "--html", "--out", str(tmp_path)],
                   check=True, capture_output=True, env=env, cwd=ROOT)
    html = tmp_path / "KGZ" / "migration_profile.html"
    pdf = tmp_path / "KGZ" / "migration_profile.pdf"
    run = subprocess.run([sys.executable, str(ROOT / "scripts" / "print_pdf.py"), str(html), str(pdf)],
                         capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 0, run.stderr
    assert "warning" not in run.stderr, run.stderr
    assert re.search(r"\d+ pages", run.stdout), run.stdout
    text = "\n".join(pdf_pages(pdf))
    assert int(pdf_info(pdf)["Pages"]) >= 3
    assert "Kyrgyzstan" in text and "Source: UN DESA" in text
    assert "from mmdp" not in text  # the pack shows results, not code


def test_pack_summary_prints_on_one_a4_page(tmp_path, chromium):
    """The country pack's one-page summary: key figures and three charts on a single A4 sheet."""
    from print_pdf import print_pdf

    env = {**os.environ, "MMDP_HEADLESS": "1"}
    mmdp = Path(sys.executable).with_name("mmdp")
    subprocess.run([str(mmdp), "run", "SEN", "--notebook", "migration_profile", "--html", "--out", str(tmp_path)],
                   check=True, capture_output=True, env=env, cwd=ROOT)
    pdf = tmp_path / "summary.pdf"
    print_pdf(tmp_path / "SEN" / "summary.html", pdf, toc=False, browser=chromium)
    assert int(pdf_info(pdf)["Pages"]) == 1
    text = pdf_pages(pdf)[0]
    assert "Senegal: migration at a glance" in text and "International Migrant Stock 2024" in text


def test_pdf_page_screenshot(book_pdf, screenshots):
    """`--screenshots DIR`: one page of the book's PDF with figures, as pdftoppm renders it."""
    if screenshots is None:
        pytest.skip("screenshots are taken with --screenshots DIR (make screenshots)")
    pdf, _ = book_pdf
    pages = pdf_pages(pdf)
    number = next(i + 1 for i, text in enumerate(pages) if "Immigrants and emigrants, women and men" in text
                  and "Show code" not in text and i > 10)
    target = screenshots / "pdf-page"
    subprocess.run([poppler("pdftoppm"), "-png", "-r", "70", "-singlefile", "-f", str(number + 1), "-l", str(number + 1),
                    str(pdf), str(target)], check=True)
    shrink_png(screenshots / "pdf-page.png")
    assert (screenshots / "pdf-page.png").stat().st_size > 10_000


@pytest.mark.parametrize(("lang", "contents", "cite", "stage2", "body"), [
    ("fr", "Sommaire", "Comment citer :", "Étape 2 : objectifs et priorités", "Kirghizistan"),
    ("es", "Índice", "Cómo citar:", "Etapa 2", "Kirguistán"),
])
def test_each_released_language_has_its_pdfs_linked_from_its_pages(book_pdf, book_languages, lang, contents, cite, stage2, body):
    """`make pdf` prints each released language's book too, whole and by part and stage: cover, contents and
    footer in the language, the notebooks' outputs in it, and each language's pages link their own PDFs."""
    from mmdp.i18n import using
    from mmdp.run.handbook import book_pieces, book_text, edition

    site = book_languages / lang
    pdf = site / "mmdp-handbook.pdf"
    pages = pdf_pages(pdf)
    cover = " ".join(pages[0].split())
    with using(lang):
        title = book_text("mmdp_book", edition().title)
    assert title != edition().title and title in cover and cite in cover and edition().version in cover
    front = "\n".join(pages[1:5])
    assert contents in front and stage2 in front and "Contents" not in front
    assert int(pdf_info(pdf)["Pages"]) >= 100 and body in "\n".join(pages)
    assert all((site / piece.pdf).is_file() for piece in book_pieces())
    stage_page = (site / "chapters" / "stage2-goals-priorities" / "steps.html").read_text(encoding="utf-8")
    assert 'href="../../pdf/stage2-goals-priorities.pdf"' in stage_page and "English" not in stage_page.split("mmdp-pdf-links")[1][:400]
