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

from mmdp.i18n import LANGUAGES, set_language  # noqa: E402

PRINT_CSS = ROOT / "_static" / "print.css"

# Runs in the page: open drop-downs, load lazy images, keep links inside the document, keep only the
# documents of one piece (a part or a stage) when asked, and put a cover and a linked table of
# contents first (from the book's parts, or else from the headings), with a page-number slot per entry.
PREPARE = r"""
({toc, cover, parts, only, contents}) => {
  document.documentElement.classList.add('mmdp-pdf');
  document.querySelectorAll('details').forEach(d => { d.open = true; });
  document.querySelectorAll('img[loading="lazy"]').forEach(i => { i.loading = 'eager'; });
  const here = location.href.split('#')[0];
  document.querySelectorAll('a[href*="#"]').forEach(a => {
    if (a.href.split('#')[0] === here) a.setAttribute('href', '#' + a.href.split('#')[1]);
  });
  const main = document.querySelector('article.bd-article') || document.querySelector('main') || document.body;
  const text = el => el.textContent.replace(/[#¶]\s*$/, '').trim();
  const matches = (name, d) => d.endsWith('*') ? name.startsWith(d.slice(0, -1)) : name === d;
  if (only) {  // one part or stage: its documents (each with the section after its marker), nothing else
    const keep = [...main.querySelectorAll('span[id^="document-"]')]
      .filter(s => only.some(d => matches(s.id.slice(9), d)));
    const top = keep.filter(s => !keep.some(o => o !== s && o.nextElementSibling && o.nextElementSibling.contains(s)));
    const holder = document.createElement('div');
    for (const span of top) { const body = span.nextElementSibling; holder.appendChild(span); if (body) holder.appendChild(body); }
    main.replaceChildren(holder);
    const first = holder.querySelector('section');
    if (first) first.style.breakBefore = 'auto';  // the contents page already ends with a page break
  }
  if (!toc) return 0;
  const entries = [];  // [level, label, target id]
  const docs = [...main.querySelectorAll('span[id^="document-"]')];
  if (only) {
    for (const span of docs) {
      const heading = span.nextElementSibling && span.nextElementSibling.querySelector('h1, h2, h3, h4');
      const nested = docs.some(o => o !== span && o.nextElementSibling && o.nextElementSibling.contains(span));
      if (heading) entries.push([nested ? 1 : 0, text(heading), span.nextElementSibling.id || span.id]);
    }
  } else if (parts && parts.length && docs.length) {
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
  if (entries.length < (only ? 1 : 3)) return 0;  // a page with a heading or two needs no contents
  const page = document.createElement('div');
  page.className = 'mmdp-print-cover';
  for (const [cls, line] of cover) {
    if (!line) continue;
    const p = document.createElement('p');
    p.className = 'mmdp-print-' + cls;
    p.textContent = line;
    page.appendChild(p);
  }
  const nav = document.createElement('nav');
  nav.className = 'mmdp-print-toc';
  nav.setAttribute('aria-label', contents);
  nav.innerHTML = '<h1></h1><ol></ol>';
  nav.firstChild.textContent = contents;
  for (const [level, label, id] of entries) {
    const li = document.createElement('li');
    li.className = level ? 'toc-sub' : 'toc-part';
    const a = document.createElement('a');
    a.href = '#' + id;
    a.textContent = label;
    const number = document.createElement('span');
    number.className = 'mmdp-toc-page';
    number.dataset.target = id;
    number.textContent = '000';  // the slot, filled after a first print says where each entry lands
    li.append(a, number);
    nav.lastChild.appendChild(li);
  }
  main.insertBefore(nav, main.firstChild);
  main.insertBefore(page, nav);
  return entries.length;
}
"""

# Runs in the page after a first print: each contents entry gets the page its target landed on.
FILL_PAGE_NUMBERS = r"""
(pages) => {
  let filled = 0;
  for (const slot of document.querySelectorAll('.mmdp-toc-page')) {
    const page = pages[slot.dataset.target];
    slot.textContent = page ? String(page) : '';
    if (page) filled++;
  }
  return filled;
}
"""


def book_parts(toc: Path = ROOT / "_toc.yml") -> list[dict]:
    """The book's parts from _toc.yml: caption (in the current language) and document names (a glob ends
    in '*'), in order."""
    import yaml

    from mmdp.run.handbook import book_text, toc_docs

    data = yaml.safe_load(toc.read_text(encoding="utf-8"))
    return [{"caption": book_text("intro", part.get("caption", "")), "docs": list(toc_docs(part.get("chapters")))}
            for part in data.get("parts", [])]


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

def page_count(pdf: Path) -> int:
    """Pages in a PDF written by Chromium (its page tree counts them)."""
    import re

    data = pdf.read_bytes()
    counts = [int(m) for m in re.findall(rb"/Type\s*/Pages\b[^>]*?/Count\s+(\d+)", data)]
    counts += [int(m) for m in re.findall(rb"/Count\s+(\d+)[^>]*?/Type\s*/Pages\b", data)]
    return max(counts) if counts else len(re.findall(rb"/Type\s*/Page\b", data))


def destination_pages(pdf: Path) -> dict[str, int]:
    """The page of each named destination (link target) in a PDF, as poppler's ``pdfinfo -dests`` lists them."""
    import re
    import shutil
    import subprocess

    tool = shutil.which("pdfinfo")
    if not tool:
        raise FileNotFoundError("pdfinfo (poppler-utils: make browser-deps)")
    listing = subprocess.run([tool, "-dests", str(pdf)], check=True, capture_output=True, text=True).stdout
    return {m[2]: int(m[1]) for m in re.finditer(r'^\s*(\d+)\s+\[[^\]]*\]\s+"(.*)"\s*$', listing, re.M)}


# Runs in the page: keep a copy of the article as loaded (``save``), or put that copy back (``restore``),
# so that one loaded book prints as a whole and then part by part.
PRISTINE = r"""
(action) => {
  const main = () => document.querySelector('article.bd-article') || document.querySelector('main') || document.body;
  if (action === 'save') { window.__mmdpPristine = main().cloneNode(true); return; }
  main().replaceWith(window.__mmdpPristine.cloneNode(true));
}
"""


def print_page(browser, timeout_s: float = 180):
    """A new offline browser page (in its own context) to print into; ``print_pdf(..., page=)`` reuses it
    for one file after another (a new page starts a renderer: most of the cost of printing a small file)."""
    context = browser.new_context(viewport={"width": A4_TEXT_WIDTH, "height": 1100})
    block_outside_localhost(context)
    page = context.new_page()
    page.set_default_timeout(timeout_s * 1000)
    return context, page


def _open(html: Path, browser, timeout_s: float):
    """A browser page with ``html`` loaded offline, laid out for print, with the book's print style."""
    context, page = print_page(browser, timeout_s)
    _load(html, page)
    return context, page


def _load(html: Path, page) -> None:
    """``html`` loaded into ``page``, laid out for print, with the book's print style."""
    page.goto(html.as_uri(), wait_until="load")
    page.emulate_media(media="print")
    css = PRINT_CSS.read_text(encoding="utf-8") if PRINT_CSS.is_file() else ""
    if css.strip() and not page.query_selector('link[href*="print.css"]'):
        page.add_style_tag(content=css)  # an exported notebook: the book's print style too


def _print(page, out: Path, *, title: str | None, subtitle: str | None, toc: bool, book: bool, only) -> dict:
    """Prepare the loaded page (cover, contents, one piece only) and print it; with contents, twice."""
    from mmdp.run.handbook import book_text, cover_lines, edition, local_title, print_words

    out.parent.mkdir(parents=True, exist_ok=True)
    parts = book_parts() if book and only is None else []
    if book and not title:
        book_title = book_text("mmdp_book", edition().title)
        title, subtitle = (local_title(only), book_title) if only is not None else (book_title, subtitle)
    if book and subtitle and only is None:  # the landing page's subtitle, in italics there
        subtitle = book_text("intro", f"*{subtitle}*").strip("*")
    cover = cover_lines(title or page.title(), subtitle, book)
    words = print_words()
    entries = page.evaluate(PREPARE, {"toc": toc, "cover": cover, "parts": parts, "only": list(only.docs) if only else None,
                                      "contents": words["contents"]})
    page.wait_for_function("[...document.images].every(i => i.complete)")
    fitted = page.evaluate(FIT_TABLES)
    layout = page.evaluate(LAYOUT)
    options = dict(
        path=str(out), format="A4", print_background=True, outline=True, tagged=True,
        display_header_footer=True, header_template="<div></div>", footer_template=words["footer"],
        margin={"top": "16mm", "bottom": "16mm", "left": "14mm", "right": "14mm"},
    )
    page.pdf(**options)
    numbered = 0
    if entries:
        numbered = page.evaluate(FILL_PAGE_NUMBERS, destination_pages(out))
        page.pdf(**options)
    return {"contents": entries, "numbered": numbered, "fitted_tables": fitted, **layout}


def print_pdf(html: Path, out: Path, *, title: str | None = None, subtitle: str | None = None, toc: bool = True,
              book: bool = False, only=None, timeout_s: float = 180, browser=None, page=None) -> dict:
    """Print ``html`` (a local file) to ``out``. Returns the number of entries of the table of contents
    (``contents``), how many carry their page number (``numbered``) and the print layout (``clipped``
    elements, ``column`` width, ``figures``, ``narrowest_figure`` and ``smallest_table_font`` in CSS pixels).

    ``book``: the page is Jupyter Book's single-page HTML; the contents follow the parts of _toc.yml and
    the cover says edition, version, date, licence and how to cite. ``only``: a ``mmdp.run.handbook.Piece``
    (a part or a stage) to print alone. With contents, the page is printed twice: the first print says
    on which page each entry lands (its named destinations), the second carries those numbers.
    ``browser``: a Playwright browser already running (the tests'); otherwise the system Chromium is started.
    ``page``: a page from ``print_page`` to print in, one file after another (no browser needed then).
    """
    from playwright.sync_api import sync_playwright

    html, out = Path(html).resolve(), Path(out).resolve()
    if not html.is_file():
        raise FileNotFoundError(html)
    if page is not None:
        _load(html, page)
        return _print(page, out, title=title, subtitle=subtitle, toc=toc, book=book, only=only)
    if browser is None:
        with sync_playwright() as p:
            running = launch(p)
            try:
                return print_pdf(html, out, title=title, subtitle=subtitle, toc=toc, book=book, only=only,
                                 timeout_s=timeout_s, browser=running)
            finally:
                running.close()
    context, page = _open(html, browser, timeout_s)
    try:
        return _print(page, out, title=title, subtitle=subtitle, toc=toc, book=book, only=only)
    finally:
        context.close()


def print_book(html: Path, out: Path, pieces_dir: Path | None, *, subtitle: str | None = None, timeout_s: float = 300,
               browser=None) -> dict:
    """The whole book to ``out`` and, with ``pieces_dir``, each part and stage to ``pieces_dir/<slug>.pdf``
    (the site's "Download PDF" links), from one loaded page. Returns {pdf path: print_pdf's result}."""
    from playwright.sync_api import sync_playwright

    from mmdp.run.handbook import book_pieces

    html, out = Path(html).resolve(), Path(out).resolve()
    if not html.is_file():
        raise FileNotFoundError(html)
    if browser is None:
        with sync_playwright() as p:
            running = launch(p)
            try:
                return print_book(html, out, pieces_dir, subtitle=subtitle, timeout_s=timeout_s, browser=running)
            finally:
                running.close()
    context, page = _open(html, browser, timeout_s)
    try:
        page.evaluate(PRISTINE, "save")
        results = {out: _print(page, out, title=None, subtitle=subtitle, toc=True, book=True, only=None)}
        for piece in book_pieces() if pieces_dir is not None else ():
            page.evaluate(PRISTINE, "restore")
            target = Path(pieces_dir).resolve() / f"{piece.slug}.pdf"
            results[target] = _print(page, target, title=None, subtitle=None, toc=True, book=True, only=piece)
        return results
    finally:
        context.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("html", type=Path, help="the HTML file to print")
    parser.add_argument("pdf", type=Path, help="the PDF to write")
    parser.add_argument("--title", help="title on the cover (default: the page's title)")
    parser.add_argument("--subtitle", help="a line under the title on the cover")
    parser.add_argument("--book", action="store_true", help="Jupyter Book single-page HTML: contents by the parts of _toc.yml")
    parser.add_argument("--pieces", type=Path, metavar="DIR", help="with --book: also one PDF per part and per stage in DIR")
    parser.add_argument("--no-toc", action="store_true", help="no table of contents")
    parser.add_argument("--lang", choices=LANGUAGES, default=LANGUAGES[0],
                        help="language of the cover, contents and footer (the page is printed as it is written)")
    args = parser.parse_args(argv)
    set_language(args.lang)
    start = time.perf_counter()
    try:
        if args.book:
            results = print_book(args.html, args.pdf, args.pieces, subtitle=args.subtitle)
        else:
            results = {args.pdf: print_pdf(args.html, args.pdf, title=args.title, subtitle=args.subtitle, toc=not args.no_toc)}
    except FileNotFoundError as exc:
        print(f"print_pdf: not found: {exc}", file=sys.stderr)
        return 2
    for pdf, result in results.items():
        print(f"{pdf}: {page_count(pdf)} pages, {pdf.stat().st_size / 1e6:.1f} MB, {result['contents']} contents entries "
              f"({result['numbered']} with their page), {result['figures']} figures")
        for element in result["clipped"]:
            print(f"  warning: wider than the page, may be cut off: {element}", file=sys.stderr)
    print(f"{len(results)} PDFs in {time.perf_counter() - start:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
