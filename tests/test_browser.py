"""The published book as a reader meets it: `_build/html` served on localhost (and opened from disk)
in Debian's Chromium, driven by Playwright, with every request that would leave the machine aborted.

Static checks of the same build (links, anchors, images, alt text, page weight) read the HTML files.
The book is built once per session (tests/conftest.py); `--screenshots DIR` saves what a reader sees.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup

from browser import axe, block_outside_localhost, screenshot_pages, serve, shrink_png

from mmdp.constants import LANGUAGES

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[1]
MAX_PAGE_BYTES = 2_000_000
SEARCH_TERM, SEARCH_HIT = "remittances", "notebooks/migration_profile.html"
# Pages looked at closely (dark theme, screenshots): landing, a stage chapter, a notebook, gallery, a country.
KEY_PAGES = ["intro.html", "chapters/stage2-goals-priorities/index.html", "notebooks/migration_profile.html",
             "gallery/index.html", "gallery/countries/KGZ.html"]


def toc_pages(html: Path) -> list[str]:
    """Every page of the table of contents, in order, as paths relative to the build (globs expanded)."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    names = [toc["root"]]

    def walk(entries):
        for entry in entries or []:
            if "file" in entry:
                names.append(entry["file"])
            if "glob" in entry:
                names.extend(sorted(p.relative_to(html).with_suffix("").as_posix() for p in html.glob(entry["glob"] + ".html")))
            walk(entry.get("sections"))

    for part in toc.get("parts", []):
        walk(part.get("chapters"))
    walk(toc.get("chapters"))
    return [f"{name}.html" for name in names]


def is_external(url: str) -> bool:
    return bool(urlsplit(url).scheme) or url.startswith("//")


@functools.lru_cache(maxsize=None)
def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@functools.lru_cache(maxsize=None)
def _anchors(path: Path) -> frozenset[str]:
    soup = _soup(path)
    return frozenset([t["id"] for t in soup.find_all(id=True)] + [t["name"] for t in soup.find_all("a", attrs={"name": True})])


def built_pages(html: Path) -> list[Path]:
    """Every HTML page of the English site (not the theme's internal fragments under _static, nor the
    other languages' sites in <lang>/, which tests/test_book_languages.py checks)."""
    skip = {"_static", *LANGUAGES[1:]}
    return sorted(p for p in html.rglob("*.html") if not skip & set(p.relative_to(html).parts[:-1]))


# ---------------------------------------------------------------- loading every page in the browser


def _visit(page, url: str) -> dict:
    """Open ``url``; what a reader would meet: status, console errors, text, navigation, figures."""
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(f"console.{msg.type}: {msg.text}") if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(f"uncaught: {exc}"))
    response = page.goto(url, wait_until="load")
    page.evaluate("document.querySelectorAll('img[loading=\"lazy\"]').forEach(i => { i.loading = 'eager'; })")
    page.wait_for_function("[...document.images].every(i => i.complete)", timeout=20_000)
    facts = page.evaluate("""() => ({
        text: (document.querySelector('article.bd-article') || document.body).innerText.trim().length,
        nav: document.querySelectorAll('nav.bd-docs-nav a.reference').length,
        images: document.images.length,
        broken: [...document.images].filter(i => !i.naturalWidth).map(i => i.getAttribute('src').slice(0, 80)),
    })""")
    return {"status": response.status if response else None, "errors": errors, **facts}


@pytest.fixture(scope="module")
def site(book_html):
    with serve(book_html) as base:
        yield base


@pytest.fixture(scope="module")
def pages(book_html) -> list[str]:
    found = toc_pages(book_html)
    assert len(found) >= 30 and "gallery/countries/KGZ.html" in found, found
    return found


def _visit_all(chromium, urls: dict[str, str]) -> tuple[dict, list[str]]:
    """Each page loaded once in a fresh tab, with requests outside localhost aborted (and recorded)."""
    blocked: list[str] = []
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    block_outside_localhost(context, blocked)
    visits = {}
    for name, url in urls.items():
        page = context.new_page()
        visits[name] = _visit(page, url)
        page.close()
    context.close()
    return visits, blocked


@pytest.fixture(scope="module")
def served_visits(chromium, site, pages) -> tuple[dict, list[str]]:
    """Every TOC page loaded over HTTP."""
    return _visit_all(chromium, {name: site + name for name in pages})


@pytest.fixture(scope="module")
def disk_visits(chromium, book_html, pages) -> tuple[dict, list[str]]:
    """Every TOC page opened from disk (file://), as from a USB stick in a workshop without network."""
    return _visit_all(chromium, {name: (book_html / name).as_uri() for name in pages})


def _reading_problems(visits: dict) -> list[str]:
    problems = []
    for name, v in visits.items():
        if v["text"] < 200:
            problems.append(f"{name}: only {v['text']} characters of text")
        if v["nav"] < 20:
            problems.append(f"{name}: navigation has {v['nav']} links")
        if v["broken"]:
            problems.append(f"{name}: images not shown: {v['broken']}")
    return problems


def test_every_toc_page_loads_without_console_errors(served_visits):
    visits, _ = served_visits
    bad = {name: (v["status"], v["errors"]) for name, v in visits.items() if v["status"] != 200 or v["errors"]}
    assert not bad, bad


def test_served_offline_pages_show_text_figures_navigation(served_visits):
    visits, blocked = served_visits
    assert not blocked, f"reading the book asked for {len(blocked)} resources outside the machine: {sorted(set(blocked))[:10]}"
    assert not _reading_problems(visits)
    assert sum(v["images"] for v in visits.values()) >= 50  # the figures are really there


def test_opened_from_disk_pages_show_text_figures_navigation(disk_visits):
    visits, blocked = disk_visits
    assert not blocked, f"pages opened from disk asked for resources outside the machine: {sorted(set(blocked))[:10]}"
    assert not _reading_problems(visits)
    errors = {name: v["errors"] for name, v in visits.items() if v["errors"]}
    assert not errors, errors


# ---------------------------------------------------------------- static checks of the whole site


def test_every_image_has_alt_text(book_html):
    missing = [
        f"{path.relative_to(book_html)}: {str(img)[:120]}"
        for path in built_pages(book_html) for img in _soup(path).find_all("img")
        if not (img.get("alt") or "").strip()
    ]
    assert not missing, missing[:20]


def _css_assets(css: Path) -> set[Path]:
    """Files a style sheet makes the browser fetch: of each @font-face, the first (woff2) source only."""
    text = css.read_text(encoding="utf-8", errors="replace")
    fonts = re.findall(r"@font-face\s*{[^}]*?src:\s*url\(['\"]?([^'\")]+)", text)
    others = re.findall(r"url\(['\"]?([^'\")]+)", re.sub(r"@font-face\s*{[^}]*}", "", text))
    found = set()
    for url in fonts + others:
        target = (css.parent / unquote(urlsplit(url).path)).resolve()
        if not is_external(url) and not url.startswith("data:") and target.is_file():
            found.add(target)
    return found


def page_weight(path: Path, html: Path) -> int:
    """Bytes a reader's browser loads for a page, uncompressed (as from disk or a plain server): the HTML
    and every local image, script and style sheet it references, and the fonts those style sheets load."""
    files = {path}
    soup = _soup(path)
    for tag, attr in (("img", "src"), ("script", "src"), ("link", "href")):
        for element in soup.find_all(tag, attrs={attr: True}):
            if tag == "link" and not {"stylesheet", "preload", "icon"} & set(element.get("rel", [])):
                continue
            url = element[attr]
            if is_external(url) or url.startswith("data:"):
                continue
            target = (path.parent / unquote(urlsplit(url).path)).resolve()
            if target.is_file():
                files.add(target)
    for css in [f for f in files if f.suffix == ".css"]:
        files |= _css_assets(css)
    return sum(f.stat().st_size for f in files)


def test_page_weight(book_html, capsys):
    weights = {str(p.relative_to(book_html)): page_weight(p, book_html) for p in built_pages(book_html)}
    heaviest = sorted(weights.items(), key=lambda kv: -kv[1])[:5]
    with capsys.disabled():
        print("\nheaviest pages (HTML + images, scripts, styles, fonts):")
        for name, size in heaviest:
            print(f"  {size / 1e6:5.2f} MB  {name}")
    too_heavy = {name: size for name, size in weights.items() if size > MAX_PAGE_BYTES}
    assert not too_heavy, f"pages over {MAX_PAGE_BYTES / 1e6:.0f} MB: {too_heavy}"
    assert heaviest[0][1] > 100_000  # the measure counts something


def test_launch_button_opens_the_readers_own_jupyterlab(book_html):
    """The launch menu says what it does: how to run the notebook (the landing page's section, which
    explains the local address) and the notebook in a JupyterLab at the address set in _config.yml."""
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    base = config["launch_buttons"]["jupyterlab_url"].rstrip("/")
    page = _soup(book_html / "notebooks" / "migration_profile.html")
    menu = page.select(".dropdown-launch-buttons a.dropdown-item")
    entries = {a.get_text(" ", strip=True): a["href"] for a in menu}
    assert entries.get("How to run this notebook") == "../intro.html#running-a-notebook-for-your-own-country", entries
    assert entries.get(f"Open in your JupyterLab ({urlsplit(base).netloc})") == f"{base}/lab/tree/notebooks/migration_profile.ipynb", entries
    section = _soup(book_html / "intro.html").find(id="running-a-notebook-for-your-own-country")
    assert section is not None and f"Open in your JupyterLab ({urlsplit(base).netloc})" in section.get_text(" "), "the landing page explains the entry"
    services = ("mybinder.org", "colab.research.google.com", "deepnote.com")
    assert not [a["href"] for a in page.find_all("a", href=True) if any(s in a["href"] for s in services)]


# ---------------------------------------------------------------- search, gallery, dark theme


def _search(chromium, site, term: str) -> list[str]:
    """The links of the search page's results for ``term``, in the order a reader sees them."""
    page = chromium.new_page()
    page.goto(f"{site}search.html?q={term}")
    page.wait_for_selector("#search-results ul.search li", timeout=30_000)
    page.wait_for_function(  # results arrive page by page: wait for the summary that ends the search
        "() => /found|did not match/i.test(document.querySelector('#search-results .search-summary')?.textContent || '')",
        timeout=60_000,
    )
    hits = page.eval_on_selector_all("#search-results ul.search li > a", "as => as.map(a => a.getAttribute('href'))")
    page.close()
    return [h.replace("?highlight=" + term, "") for h in hits]


@pytest.fixture(scope="module")
def remittance_hits(chromium, site) -> list[str]:
    return _search(chromium, site, SEARCH_TERM)


def test_search_finds_the_migration_profile(remittance_hits):
    assert any(h.split("?")[0].split("#")[0].endswith(SEARCH_HIT) for h in remittance_hits), remittance_hits


def test_search_finds_the_foundations_remittances_section_first(remittance_hits, book_html):
    """'remittances': the foundations' section on remittances is among the first five results, and the
    country gallery's pages (one per place, each with a Remittances section) come after every other page."""
    top = remittance_hits[:5]
    in_section = []
    for hit in top:
        path, _, anchor = hit.partition("#")
        if path.startswith("chapters/foundations/") and anchor:
            target = _soup(book_html / path).find(id=anchor)
            section = target.find_parent("section") if target else None
            heading = section.find(re.compile("^h[23]$")).get_text() if section else ""
            if heading.startswith("Remittances"):
                in_section.append(hit)
    assert in_section, f"first five results: {top}"
    gallery = [i for i, h in enumerate(remittance_hits) if h.startswith("gallery/countries/")]
    others = [i for i, h in enumerate(remittance_hits) if not h.startswith("gallery/countries/")]
    assert gallery and min(gallery) > max(others), remittance_hits


def test_gallery_card_opens_its_country_page(chromium, site):
    page = chromium.new_page()
    page.goto(f"{site}gallery/index.html")
    cards = page.locator(".mmdp-card")
    assert cards.count() >= 5
    card = cards.nth(1)
    title = card.locator("strong").first.inner_text().strip()
    card.locator("a").first.click()
    page.wait_for_url(re.compile(r".*/gallery/countries/[A-Z]{3}\.html$"))
    heading = page.locator("article h1").first.inner_text()
    page.close()
    assert heading.startswith(title), (title, heading)


def test_gallery_filter(chromium, site):
    """Typing a country's name in the gallery's filter leaves its card visible and hides the others."""
    page = chromium.new_page()
    page.goto(f"{site}gallery/index.html")
    field = page.locator("#gallery-filter")
    if not field.count():
        page.close()
        pytest.skip("the gallery has no filter input (#gallery-filter) yet; this test runs once it has one")
    titles = [t.strip() for t in page.locator(".mmdp-card a strong").all_inner_texts()]
    wanted = titles[1]
    field.fill(wanted)
    page.wait_for_timeout(300)
    visible = [t.strip() for t in page.locator(".mmdp-card:visible a strong").all_inner_texts()]
    assert wanted in visible and len(visible) < len(titles), visible
    assert all(wanted.lower() in t.lower() for t in visible), visible
    field.fill("")
    page.wait_for_timeout(300)
    assert page.locator(".mmdp-card:visible").count() == len(titles)
    page.close()



def test_practices_filters(chromium, site):
    """The compendium's country, stage and topic lists are filled from its table, and each narrows the
    rows to those that match, together with the search box; clearing them shows every row again."""
    import csv

    with (ROOT / "data" / "practices.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    page = chromium.new_page()
    page.goto(f"{site}chapters/cross-cutting/practices.html")
    visible = lambda: page.locator("table.practices-table tbody tr:visible").count()  # noqa: E731
    assert visible() == len(rows)
    options = lambda name: page.locator(f"#practice-{name} option").all_inner_texts()[1:]  # noqa: E731
    countries = {c.strip() for r in rows for c in r["country"].split(";")}
    assert set(options("country")) == countries
    assert set(options("stage")) == {r["stage"] for r in rows}
    page.select_option("#practice-country", "Jamaica")
    assert visible() == sum("Jamaica" in [c.strip() for c in r["country"].split(";")] for r in rows)
    page.select_option("#practice-stage", "6 Monitoring and evaluation")
    assert visible() == sum("Jamaica" in r["country"] and r["stage"].startswith("6") for r in rows) >= 1
    page.select_option("#practice-country", "")
    page.select_option("#practice-stage", "")
    page.select_option("#practice-topic", "refugees")
    assert visible() == sum("refugees" in [t.strip() for t in r["topic"].split(";")] for r in rows)
    page.select_option("#practice-topic", "")
    page.fill("#practice-filter", "diaspora bond")
    assert visible() == 1
    page.fill("#practice-filter", "")
    assert visible() == len(rows)
    assert page.locator("#practice-count").inner_text() == f"{len(rows)} of {len(rows)} practices"
    page.close()

CONTRAST = """() => {
  const lum = c => { const [r, g, b] = c.match(/[\\d.]+/g).slice(0, 3).map(v => v / 255)
      .map(v => v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4); return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  const background = el => { for (; el; el = el.parentElement) { const c = getComputedStyle(el).backgroundColor;
      if (!/rgba\\(.*, 0\\)$/.test(c) && c !== 'transparent') return c; } return 'rgb(255, 255, 255)'; };
  const p = [...document.querySelectorAll('article.bd-article p')].find(p => p.innerText.trim().length > 80);
  const fg = getComputedStyle(p).color, bg = background(p);
  const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x);
  return {theme: document.documentElement.dataset.theme, fg, bg, ratio: (a + 0.05) / (b + 0.05)};
}"""


@pytest.mark.parametrize("name", KEY_PAGES)
def test_dark_theme_stays_readable(chromium, site, name):
    context = chromium.new_context(color_scheme="dark")
    context.add_init_script("localStorage.setItem('mode', 'dark')")  # the theme switch's stored choice
    page = context.new_page()
    page.goto(site + name)
    body = page.evaluate(CONTRAST)
    results = axe(page, {"runOnly": {"type": "rule", "values": ["color-contrast"]}})
    context.close()
    assert body["theme"] == "dark", body
    assert body["ratio"] >= 7, f"body text {body['fg']} on {body['bg']}: contrast {body['ratio']:.1f}"
    low = [(n["target"], n["any"][0]["message"][:120]) for v in results["violations"] for n in v["nodes"]]
    assert not low, low


def test_screenshots(chromium, site, screenshots, pages):
    """`--screenshots DIR` (make screenshots): what a reader sees on the key pages."""
    if screenshots is None:
        pytest.skip("screenshots are taken with --screenshots DIR (make screenshots)")
    stage2 = "notebooks/priorities.html" if "notebooks/priorities.html" in pages else "notebooks/migration_profile.html"
    shots = {"landing.png": ("intro.html", None), "stage-chapter.png": ("chapters/stage2-goals-priorities/index.html", "#steps"),
             "notebook-page.png": (stage2, "article .mmdp-figure"), "gallery.png": ("gallery/index.html", None),
             "country-page.png": ("gallery/countries/KGZ.html", "article .mmdp-figure")}
    screenshot_pages(chromium, site, shots, screenshots)
    assert all((screenshots / f).stat().st_size > 10_000 for f in shots)


# ---------------------------------------------------------------- phones, tablets and desktops

WIDTHS = (390, 900, 1400)
"""A phone, a portrait tablet (below the themes' 992 px breakpoint) and a desktop."""
MIN_TEXT_PX = 12
"""Smallest chart text counted readable, in CSS pixels (body text is 16 px)."""
NOTEBOOK = "notebooks/migration_profile.html"
# Wide tables and the column a reader must not lose: (page, the column's header).
KEY_COLUMNS = [(NOTEBOOK, "Total"), ("notebooks/capacity_data_gaps.html", "Source"),
               ("chapters/stage2-goals-priorities/tools.html", "Illustrative weight")]


def chart_tick_label_px() -> float:
    """Size of a chart's axis labels in the image, in image pixels: the plotting style's tick label size
    (points) at its resolution (every chart is drawn by mmdp.render.style)."""
    import matplotlib
    from matplotlib.font_manager import FontProperties

    from mmdp.render.style import apply_style

    apply_style()
    points = FontProperties(size=matplotlib.rcParams["xtick.labelsize"]).get_size_in_points()
    return points * matplotlib.rcParams["savefig.dpi"] / 72


@pytest.fixture(scope="module", params=WIDTHS, ids=[f"{w}px" for w in WIDTHS])
def sized(request, chromium):
    """A browser context of one screen width (requests outside the machine aborted)."""
    context = chromium.new_context(viewport={"width": request.param, "height": 844})
    block_outside_localhost(context)
    yield request.param, context
    context.close()


def _visible_links(page, selector: str) -> int:
    return page.evaluate("s => [...document.querySelectorAll(s)].filter(a => a.getClientRects().length && "
                         "getComputedStyle(a).visibility !== 'hidden').length", selector)


def test_both_menus_open(sized, site):
    """The navigation (book contents) and the page's contents can be opened at every width: below 992 px
    each visible toggle opens its dialog; on a desktop the navigation shows and its toggle hides it."""
    width, context = sized
    page = context.new_page()
    page.goto(site + NOTEBOOK)
    if width < 992:
        for toggle, dialog, links in ((".primary-toggle", "#pst-primary-sidebar-modal", "nav.bd-docs-nav a.reference"),
                                      (".secondary-toggle", "#pst-secondary-sidebar-modal", "nav.page-toc a")):
            page.locator(f"{toggle}:visible").first.click()
            page.wait_for_function("d => document.querySelector(d).open", arg=dialog, timeout=5_000)
            shown = _visible_links(page, f"{dialog} {links}")
            page.keyboard.press("Escape")
            page.wait_for_function("d => !document.querySelector(d).open", arg=dialog, timeout=5_000)
            assert shown >= 5, f"{width} px: {toggle} opened {dialog} with {shown} visible links"
    else:
        assert _visible_links(page, "#pst-primary-sidebar nav.bd-docs-nav a.reference") >= 20
        assert _visible_links(page, "#pst-secondary-sidebar nav.page-toc a") >= 5
        page.locator(".primary-toggle:visible").first.click()
        page.wait_for_timeout(400)
        hidden = _visible_links(page, "#pst-primary-sidebar nav.bd-docs-nav a.reference")
        page.locator(".primary-toggle:visible").first.click()
        page.wait_for_timeout(400)
        assert hidden == 0 and _visible_links(page, "#pst-primary-sidebar nav.bd-docs-nav a.reference") >= 20
    page.close()


def test_chart_text_is_readable(sized, site, capsys):
    """Axis text of every chart of a notebook page, in CSS pixels: the tick label size in the image times
    the scale at which the browser shows the image. Where that is below 12 px, a tap on the chart opens
    it at full size, where it measures the tick label size itself."""
    width, context = sized
    page = context.new_page()
    page.goto(site + NOTEBOOK)
    page.wait_for_function("[...document.images].every(i => i.complete)")
    tick_px = chart_tick_label_px()
    charts = page.locator("figure.mmdp-figure img")
    assert charts.count() >= 5
    inline, enlarged = [], []
    for i in range(charts.count()):
        chart = charts.nth(i)
        natural, shown = chart.evaluate("i => [i.naturalWidth, i.getBoundingClientRect().width]")
        inline.append(tick_px * shown / natural)
        if inline[-1] >= MIN_TEXT_PX:
            continue
        chart.scroll_into_view_if_needed()
        chart.click()
        page.wait_for_function("document.querySelector('dialog.mmdp-zoom')?.open", timeout=5_000)
        big = page.evaluate("() => { const i = document.querySelector('dialog.mmdp-zoom img'); "
                            "return [i.naturalWidth, i.getBoundingClientRect().width]; }")
        enlarged.append(tick_px * big[1] / big[0])
        page.locator("dialog.mmdp-zoom .mmdp-zoom-close").click()
        page.wait_for_function("!document.querySelector('dialog.mmdp-zoom').open", timeout=5_000)
    page.close()
    with capsys.disabled():
        print(f"\n{width} px: chart axis text {min(inline):.1f}-{max(inline):.1f} px in the page"
              + (f", {min(enlarged):.1f} px enlarged" if enlarged else ""))
    if width == 390:
        assert enlarged, "at phone width the charts are shown smaller than readable: the enlarged view is tested"
    assert all(size >= MIN_TEXT_PX for size in enlarged), enlarged


KEY_CELL = """([header, stacked]) => {
  const table = [...document.querySelectorAll('article table')].find(t =>
      [...t.querySelectorAll('thead th')].some(th => th.textContent.trim() === header));
  const heads = [...table.tHead.rows].map(r => [...r.cells]);
  const column = heads.map(cells => cells.findIndex(th => th.textContent.trim() === header)).find(i => i >= 0);
  const row = table.tBodies[0].rows[0];
  const box = table.parentElement;
  if (!stacked) box.scrollLeft = box.scrollWidth;  // a reader scrolls to the far column
  const rect = e => { const r = e.getBoundingClientRect(); return {left: r.left, right: r.right, width: r.width}; };
  return {stacked: table.classList.contains('mmdp-stacked'), view: rect(box), first: rect(row.cells[0]),
          key: rect(row.cells[column]), label: getComputedStyle(row.cells[column], '::before').content,
          page: document.documentElement.scrollWidth, window: innerWidth};
}"""


@pytest.mark.parametrize("name,header", KEY_COLUMNS, ids=[h for _, h in KEY_COLUMNS])
def test_key_columns_stay_visible(sized, site, name, header):
    """Below 600 px a wide table is stacked: its key column's cell is on screen, with the column's name;
    the page does not scroll sideways. Wider, the key column can be scrolled to, and the first column
    (the row's name) stays in view beside it."""
    width, context = sized
    page = context.new_page()
    page.goto(site + name)
    page.wait_for_timeout(300)
    facts = page.evaluate(KEY_CELL, [header, width < 600])
    page.close()
    view, first, key = facts["view"], facts["first"], facts["key"]
    inside = lambda r: r["width"] > 0 and r["left"] >= view["left"] - 1 and r["right"] <= view["right"] + 1  # noqa: E731
    assert inside(key), f"{width} px, {name}: column {header!r} out of view {facts}"
    if width < 600:
        assert facts["stacked"] and header in facts["label"], facts
        assert facts["page"] <= facts["window"], f"{name} scrolls sideways at {width} px: {facts}"
    else:
        assert inside(first) and first["right"] <= key["left"] + 1, f"{width} px, {name}: first column not in view {facts}"


def test_downloads_under_every_chart(chromium, site, book_html):
    """Under every chart of a notebook page and a gallery page: the image, the data it draws (CSV) and a
    metadata file (JSON) naming the chart's source, the place and the CSV's columns."""
    import csv
    import io
    import json

    page = chromium.new_page()
    for name, place in ((NOTEBOOK, "Kyrgyzstan"), ("gallery/countries/KGZ.html", "Kyrgyzstan")):
        page.goto(site + name)
        figures = page.evaluate("""() => [...document.querySelectorAll('figure.mmdp-figure')].map(f => {
            const line = f.closest('.output').nextElementSibling;
            const links = line && line.matches('.mmdp-download') ? [...line.querySelectorAll('a')] : [];
            return {src: f.querySelector('img').getAttribute('src'), caption: f.querySelector('figcaption').textContent,
                    links: links.map(a => [a.textContent.trim(), a.href, a.hasAttribute('download')])};
        })""")
        assert len(figures) >= 5, name
        for figure in figures:
            links = {text.split(" (")[-1].rstrip(")"): (href, download) for text, href, download in figure["links"]}
            assert set(links) == {"PNG", "CSV", "JSON"} and all(d for _, d in [links["PNG"], links["CSV"]]), (name, figure["links"])
            assert links["PNG"][0] == figure["src"], "the image link gives the picture shown"
            table = page.request.get(links["CSV"][0])
            meta = page.request.get(links["JSON"][0])
            assert table.ok and meta.ok, (name, links)
            header = next(csv.reader(io.StringIO(table.text())))
            meta = json.loads(meta.text())
            assert meta["columns"] == header and meta["source"] == figure["caption"] and meta["place"] == place, meta
    page.close()


def test_footer_gives_licence_and_citation(book_html):
    """Every page's footer: the text's licence (linked) and how to cite the handbook, from _config.yml."""
    import sys

    sys.path.insert(0, str(ROOT / "_ext"))
    from mmdp_book import handbook_credits

    credits = handbook_credits(ROOT)
    assert "{" not in credits["citation"] and credits["licence_url"].startswith("https://")
    missing = []
    for path in built_pages(book_html):
        if _soup(path).select_one("article") is None:  # index.html: a redirect to the landing page
            continue
        footer = _soup(path).select_one("footer .extra_footer")
        text = " ".join(footer.get_text(" ").split()) if footer else ""
        licence = footer.find("a", rel="license") if footer else None
        if credits["citation"] not in text or licence is None or licence["href"] != credits["licence_url"]:
            missing.append(str(path.relative_to(book_html)))
    assert not missing, missing[:10]


DEVELOPER_WORDS = re.compile(r"(?i)\b(nbval|papermill|MMDP_HEADLESS|make book-all|featured places only|unattended runs)\b")


def test_no_build_notes_on_reader_pages(pages, book_html):
    """Reader pages carry no notes meant for developers (test tools, build targets, the gallery's scope)."""
    found = {}
    for name in pages:
        article = _soup(book_html / name).select_one("article.bd-article")
        hit = DEVELOPER_WORDS.search(article.get_text(" ") if article else "")
        if hit:
            found[name] = hit.group(0)
    assert not found, found


def test_phone_screenshots(chromium, site, screenshots):
    """`--screenshots DIR`: at 390 px, the navigation open, a chart with its enlarged view, a wide table."""
    if screenshots is None:
        pytest.skip("screenshots are taken with --screenshots DIR (make screenshots)")
    context = chromium.new_context(viewport={"width": 390, "height": 844})
    block_outside_localhost(context)
    page = context.new_page()
    page.goto(site + NOTEBOOK)
    page.locator(".primary-toggle:visible").first.click()
    page.wait_for_timeout(400)
    page.screenshot(path=str(screenshots / "phone-menu-open.png"))
    page.keyboard.press("Escape")
    chart = page.locator("figure.mmdp-figure").first
    chart.scroll_into_view_if_needed()
    page.evaluate("window.scrollBy(0, -120)")
    page.wait_for_timeout(300)
    page.screenshot(path=str(screenshots / "phone-chart.png"))
    chart.locator("img").click()
    page.wait_for_timeout(300)
    page.screenshot(path=str(screenshots / "phone-chart-enlarged.png"))
    page.locator("dialog.mmdp-zoom .mmdp-zoom-close").click()
    page.goto(site + "chapters/stage2-goals-priorities/tools.html")
    page.locator("table.mmdp-stacked").first.scroll_into_view_if_needed()
    page.evaluate("window.scrollBy(0, -80)")
    page.wait_for_timeout(300)
    page.screenshot(path=str(screenshots / "phone-wide-table.png"))
    context.close()
    files = ["phone-menu-open.png", "phone-chart.png", "phone-chart-enlarged.png", "phone-wide-table.png"]
    for file in files:
        shrink_png(screenshots / file)
    assert all((screenshots / f).stat().st_size > 5_000 for f in files)


# ---------------------------------------------------------------- last: it waits for the languages and the PDF


def test_no_broken_internal_link_anchor_or_image(book_languages, book_pdf):  # the PDF and the other languages are linked too
    book_html = book_languages
    broken = []
    for path in built_pages(book_html):
        soup = _soup(path)
        for tag, attr in (("a", "href"), ("img", "src"), ("script", "src"), ("link", "href"), ("source", "src")):
            for element in soup.find_all(tag, attrs={attr: True}):
                url = element[attr].strip()
                if not url or url == "#" or is_external(url) or url.startswith(("mailto:", "javascript:", "data:")):
                    continue
                parts = urlsplit(url)
                target = path if not parts.path else (path.parent / unquote(parts.path)).resolve()
                if target.is_dir():
                    target = target / "index.html"
                where = f"{path.relative_to(book_html)}: {tag} {url}"
                if not target.is_file():
                    broken.append(f"{where} (no such file)")
                elif parts.fragment and target.suffix == ".html" and unquote(parts.fragment) not in _anchors(target):
                    broken.append(f"{where} (no such anchor)")
    assert not broken, f"{len(broken)} broken: " + "\n".join(broken[:30])
