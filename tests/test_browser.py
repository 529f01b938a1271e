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

from browser import axe, block_outside_localhost, serve, shrink_png

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
    """Every HTML page of the site (not the theme's internal fragments under _static)."""
    return sorted(p for p in html.rglob("*.html") if "_static" not in p.relative_to(html).parts)


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


def test_no_broken_internal_link_anchor_or_image(book_html, book_pdf):  # the PDF is linked too
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
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    base = config["launch_buttons"]["jupyterlab_url"].rstrip("/")
    page = _soup(book_html / "notebooks" / "migration_profile.html")
    links = [a["href"] for a in page.find_all("a", href=True) if a["href"].startswith(base)]
    assert f"{base}/lab/tree/notebooks/migration_profile.ipynb" in links
    services = ("mybinder.org", "colab.research.google.com", "deepnote.com")
    assert not [a["href"] for a in page.find_all("a", href=True) if any(s in a["href"] for s in services)]


# ---------------------------------------------------------------- search, gallery, dark theme


def test_search_finds_the_migration_profile(chromium, site):
    page = chromium.new_page()
    page.goto(f"{site}search.html?q={SEARCH_TERM}")
    page.wait_for_selector("#search-results ul.search li", timeout=30_000)
    page.wait_for_function(  # results arrive page by page: wait for the summary that ends the search
        "() => /found|did not match/i.test(document.querySelector('#search-results .search-summary')?.textContent || '')",
        timeout=60_000,
    )
    hits = page.eval_on_selector_all("#search-results ul.search li a", "as => as.map(a => a.getAttribute('href'))")
    page.close()
    assert any(h.split("?")[0].split("#")[0].endswith(SEARCH_HIT) for h in hits), hits


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
    context = chromium.new_context(viewport={"width": 1280, "height": 860})
    block_outside_localhost(context)
    for file, (name, anchor) in shots.items():
        page = context.new_page()
        page.goto(site + name)
        if anchor:
            page.locator(anchor).first.scroll_into_view_if_needed()
            page.evaluate("window.scrollBy(0, -160)")
        page.wait_for_timeout(300)
        page.screenshot(path=str(screenshots / file))
        shrink_png(screenshots / file)
        page.close()
    context.close()
    assert all((screenshots / f).stat().st_size > 10_000 for f in shots)
