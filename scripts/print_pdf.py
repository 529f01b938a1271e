"""Print an HTML page to PDF with the system Chromium (Playwright; never downloads a browser).

    .venv/bin/python scripts/print_pdf.py PATH.html OUT.pdf [--title TITLE] [--no-toc]

Used for the whole book (`make pdf` prints Jupyter Book's single-page HTML) and for a country pack
(`mmdp run KGZ --html` writes out/KGZ/*.html; `make pack-pdf COUNTRY=KGZ` prints them).
The page is printed offline (requests outside the machine are aborted, so a CDN script in an
exported notebook simply does not load), with the print style sheet `_static/print.css`, a
table of contents built from the headings (also as PDF bookmarks), every drop-down opened (a
reader of paper cannot click), and page numbers in the footer.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from browser import ROOT, block_outside_localhost, launch  # noqa: E402

PRINT_CSS = ROOT / "_static" / "print.css"

# Runs in the page: open drop-downs, load lazy images, keep links inside the document, and put a
# cover and a linked table of contents first (from the book's parts, or else from the headings).
PREPARE = r"""
({toc, title, subtitle, parts}) => {
  document.documentElement.classList.add('mmdp-pdf');
  document.querySelectorAll('details').forEach(d => { d.open = true; });
  document.querySelectorAll('img[loading="lazy"]').forEach(i => { i.loading = 'eager'; });
  const here = location.href.split('#')[0];
  document.querySelectorAll('a[href*="#"]').forEach(a => {
    if (a.href.split('#')[0] === here) a.setAttribute('href', '#' + a.href.split('#')[1]);
  });
  if (!toc) return 0;
  const main = document.querySelector('article.bd-article') || document.querySelector('main') || document.body;
  const text = el => el.textContent.replace(/[#¶]\s*$/, '').trim();
  const entries = [];  // [level, label, target id]
  const docs = [...main.querySelectorAll('span[id^="document-"]')];
  if (parts && parts.length && docs.length) {
    const root = main.querySelector('section[id]');  // the landing page comes before the first part
    if (root && root.querySelector('h1, h2')) entries.push([0, text(root.querySelector('h1, h2')), root.id]);
    const byName = new Map(docs.map(s => [s.id.slice('document-'.length), s]));
    for (const part of parts) {
      const spans = part.docs.flatMap(d => d.endsWith('*')
        ? docs.filter(s => s.id.slice(9).startsWith(d.slice(0, -1))) : (byName.has(d) ? [byName.get(d)] : []));
      if (!spans.length) continue;
      const divider = document.createElement('h1');
      divider.className = 'mmdp-print-part';
      divider.id = 'part-' + entries.length;
      divider.textContent = part.caption;
      spans[0].parentNode.insertBefore(divider, spans[0]);
      entries.push([0, part.caption, divider.id]);
      for (const span of spans) {
        const heading = span.nextElementSibling && span.nextElementSibling.querySelector('h1, h2, h3, h4');
        if (heading) entries.push([1, text(heading), span.nextElementSibling.id || span.id]);
      }
    }
  } else {
    const levels = main.querySelector('h1') ? ['H1', 'H2'] : ['H2', 'H3'];
    let n = 0;
    for (const heading of main.querySelectorAll(levels.join(','))) {
      if (!text(heading)) continue;
      const section = heading.closest('[id]');
      const id = heading.id || (section && section.id) || (heading.id = 'mmdp-heading-' + (n++));
      entries.push([heading.tagName === levels[0] ? 0 : 1, text(heading), id]);
    }
  }
  if (entries.length < 3) return 0;
  const cover = document.createElement('div');
  cover.className = 'mmdp-print-cover';
  cover.innerHTML = '<p class="mmdp-print-title"></p><p class="mmdp-print-subtitle"></p>';
  cover.firstChild.textContent = title || document.title;
  cover.lastChild.textContent = subtitle || '';
  const nav = document.createElement('nav');
  nav.className = 'mmdp-print-toc';
  nav.setAttribute('aria-label', 'Contents');
  nav.innerHTML = '<h1>Contents</h1><ol></ol>';
  for (const [level, label, id] of entries) {
    const li = document.createElement('li');
    li.className = level ? 'toc-sub' : 'toc-part';
    const a = document.createElement('a');
    a.href = '#' + id;
    a.textContent = label;
    li.appendChild(a);
    nav.lastChild.appendChild(li);
  }
  main.insertBefore(nav, main.firstChild);
  main.insertBefore(cover, nav);
  return entries.length;
}
"""


def book_parts(toc: Path = ROOT / "_toc.yml") -> list[dict]:
    """The book's parts from _toc.yml: caption and document names (a glob ends in '*'), in order."""
    import yaml

    def docs(entries):
        for entry in entries or []:
            if "file" in entry:
                yield entry["file"]
            if "glob" in entry:
                yield entry["glob"]
            yield from docs(entry.get("sections"))

    data = yaml.safe_load(toc.read_text(encoding="utf-8"))
    return [{"caption": part.get("caption", ""), "docs": list(docs(part.get("chapters")))} for part in data.get("parts", [])]


# Runs in the page laid out for print: a table wider than the text column gets a smaller font, step by
# step down to 6 pt, and then cells that may break anywhere; nothing is scaled or cut.
FIT_TABLES = r"""
() => {
  let fitted = 0;
  for (const table of document.querySelectorAll('table')) {
    const room = () => table.parentElement.getBoundingClientRect().width + 1;
    if (table.getBoundingClientRect().width <= room()) continue;
    fitted++;
    let size = parseFloat(getComputedStyle(table).fontSize) * 0.75;  // px to pt
    while (table.getBoundingClientRect().width > room() && size > 6) {
      size -= 0.5;
      table.style.setProperty('font-size', size + 'pt', 'important');
    }
    if (table.getBoundingClientRect().width > room())
      table.querySelectorAll('td, th').forEach(c => c.style.setProperty('overflow-wrap', 'anywhere', 'important'));
  }
  return fitted;
}
"""

# Runs in the page laid out for print: what would be cut off at the right edge, and how figures and
# tables come out (tests/test_pdf.py asserts on it; the command line warns).
LAYOUT = r"""
() => {
  const main = document.querySelector('article.bd-article') || document.querySelector('main') || document.body;
  const right = main.getBoundingClientRect().right + 1;
  const label = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + ': ' + el.innerText.trim().slice(0, 60);
  const clipped = [];
  for (const el of main.querySelectorAll('pre, table, img, figure, .cell_output, .output')) {
    const box = el.getBoundingClientRect();
    if (!box.width) continue;
    if (box.right > right || el.scrollWidth > el.clientWidth + 2) clipped.push(label(el));
  }
  const figures = [...main.querySelectorAll('figure img, .cell_output img, .output img')].filter(i => i.naturalWidth);
  const cells = [...main.querySelectorAll('td, th')];
  return {
    clipped,
    column: main.getBoundingClientRect().width,
    figures: figures.length,
    narrowest_figure: figures.length ? Math.min(...figures.map(i => i.getBoundingClientRect().width)) : null,
    smallest_table_font: cells.length ? Math.min(...cells.map(c => parseFloat(getComputedStyle(c).fontSize))) : null,
  };
}
"""
# An A4 page less the margins below, in CSS pixels (96 per inch): the width the layout is checked at.
A4_TEXT_WIDTH = round((210 - 28) / 25.4 * 96)

FOOTER = (
    '<div style="font-size:8px;width:100%;text-align:center;color:#444;">'
    '<span class="title"></span> · page <span class="pageNumber"></span> of <span class="totalPages"></span></div>'
)


def page_count(pdf: Path) -> int:
    """Pages in a PDF written by Chromium (its page tree counts them)."""
    import re

    data = pdf.read_bytes()
    counts = [int(m) for m in re.findall(rb"/Type\s*/Pages\b[^>]*?/Count\s+(\d+)", data)]
    counts += [int(m) for m in re.findall(rb"/Count\s+(\d+)[^>]*?/Type\s*/Pages\b", data)]
    return max(counts) if counts else len(re.findall(rb"/Type\s*/Page\b", data))


def print_pdf(html: Path, out: Path, *, title: str | None = None, subtitle: str | None = None, toc: bool = True,
              book: bool = False, timeout_s: float = 180, browser=None) -> dict:
    """Print ``html`` (a local file) to ``out``. Returns the number of entries of the table of contents
    (``contents``) and the print layout (``clipped`` elements, ``column`` width, ``figures``,
    ``narrowest_figure`` and ``smallest_table_font`` in CSS pixels).

    ``book``: the page is Jupyter Book's single-page HTML; the contents follow the parts of _toc.yml.
    ``browser``: a Playwright browser already running (the tests'); otherwise the system Chromium is started.
    """
    from playwright.sync_api import sync_playwright

    html, out = Path(html).resolve(), Path(out).resolve()
    if not html.is_file():
        raise FileNotFoundError(html)
    out.parent.mkdir(parents=True, exist_ok=True)
    if browser is None:
        with sync_playwright() as p:
            running = launch(p)
            try:
                return print_pdf(html, out, title=title, subtitle=subtitle, toc=toc, book=book, timeout_s=timeout_s,
                                 browser=running)
            finally:
                running.close()
    context = browser.new_context(viewport={"width": A4_TEXT_WIDTH, "height": 1100})
    block_outside_localhost(context)
    page = context.new_page()
    page.set_default_timeout(timeout_s * 1000)
    page.goto(html.as_uri(), wait_until="load")
    page.emulate_media(media="print")
    css = PRINT_CSS.read_text(encoding="utf-8") if PRINT_CSS.is_file() else ""
    if css.strip() and not page.query_selector('link[href*="print.css"]'):
        page.add_style_tag(content=css)  # an exported notebook: the book's print style too
    parts = book_parts() if book else []
    if book and not title:
        import yaml

        title = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8")).get("title")
    entries = page.evaluate(PREPARE, {"toc": toc, "title": title, "subtitle": subtitle, "parts": parts})
    page.wait_for_function("[...document.images].every(i => i.complete)")
    fitted = page.evaluate(FIT_TABLES)
    layout = page.evaluate(LAYOUT)
    page.pdf(
        path=str(out), format="A4", print_background=True, outline=True, tagged=True,
        display_header_footer=True, header_template="<div></div>", footer_template=FOOTER,
        margin={"top": "16mm", "bottom": "16mm", "left": "14mm", "right": "14mm"},
    )
    context.close()
    return {"contents": entries, "fitted_tables": fitted, **layout}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("html", type=Path, help="the HTML file to print")
    parser.add_argument("pdf", type=Path, help="the PDF to write")
    parser.add_argument("--title", help="title on the cover (default: the page's title)")
    parser.add_argument("--subtitle", help="a line under the title on the cover")
    parser.add_argument("--book", action="store_true", help="Jupyter Book single-page HTML: contents by the parts of _toc.yml")
    parser.add_argument("--no-toc", action="store_true", help="no table of contents")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    try:
        result = print_pdf(args.html, args.pdf, title=args.title, subtitle=args.subtitle, toc=not args.no_toc,
                           book=args.book)
    except FileNotFoundError as exc:
        print(f"print_pdf: no such file: {exc}", file=sys.stderr)
        return 2
    size = args.pdf.stat().st_size
    print(f"{args.pdf}: {page_count(args.pdf)} pages, {size / 1e6:.1f} MB, {result['contents']} contents entries, "
          f"{result['figures']} figures, {time.perf_counter() - start:.0f} s")
    for element in result["clipped"]:
        print(f"  warning: wider than the page, may be cut off: {element}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
