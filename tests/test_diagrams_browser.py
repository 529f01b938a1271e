"""The book's diagrams as a reader meets them: SVG files drawn at build time, with their alt text, that
fit the text column on a phone (390 px) and on a desktop, and whose text stays legible there."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from browser import serve

from mmdp.constants import LANGUAGES

pytestmark = pytest.mark.browser
PAGE = "chapters/foundations/planning-cycle.html"  # the planning cycle and the two routes
WIDTHS = (390, 1400)
MIN_TEXT_PX = 9  # the smallest diagram text a reader must make out, after the diagram shrinks to fit


def _diagram_objects(book_html: Path):
    for path in sorted(book_html.rglob("*.html")):
        if path.relative_to(book_html).parts[0] in LANGUAGES[1:]:  # the English site's diagrams only
            continue
        for obj in BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").select("div.graphviz object"):
            yield path, obj


def test_diagrams_are_svg_files_with_alt_text(book_html):
    found, problems = 0, []
    for path, obj in _diagram_objects(book_html):
        found += 1
        target = (path.parent / obj["data"]).resolve()
        if obj.get("type") != "image/svg+xml" or target.suffix != ".svg" or not target.is_file():
            problems.append(f"{path.relative_to(book_html)}: {obj['data']} is not a built SVG file")
        elif re.search(r"https?://(?!www\.w3\.org)", target.read_text(encoding="utf-8")):
            problems.append(f"{target.name}: loads something from outside")
        if len(obj.get("aria-label", "")) < 40 or obj.get("role") != "img":  # _ext/diagrams.py
            problems.append(f"{path.relative_to(book_html)}: {obj['data']} has no accessible name (role=img, aria-label)")
    assert found >= 10 and not problems, (found, problems)


@pytest.mark.parametrize("width", WIDTHS)
def test_diagrams_fit_and_stay_legible(chromium, book_html, width):
    with serve(book_html) as base:
        page = chromium.new_page(viewport={"width": width, "height": 900})
        page.goto(base + PAGE)
        page.wait_for_load_state("load")
        boxes = page.eval_on_selector_all("div.graphviz object", """els => els.map(e => {
            const r = e.getBoundingClientRect(), svg = e.contentDocument && e.contentDocument.querySelector('svg');
            const sizes = svg ? [...svg.querySelectorAll('text')].map(t => t.getBoundingClientRect().height) : [];
            return {right: r.right, width: r.width, text: sizes.length ? Math.min(...sizes) : 0};
        })""")
        scroll = page.evaluate("document.documentElement.scrollWidth")
        page.close()
    assert len(boxes) == 2, boxes
    assert scroll <= width, f"the page scrolls sideways at {width} px ({scroll} px wide)"
    assert all(b["right"] <= width for b in boxes), boxes
    assert all(b["text"] >= MIN_TEXT_PX for b in boxes), f"diagram text below {MIN_TEXT_PX} px at {width} px: {boxes}"
