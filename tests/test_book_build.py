"""The main job: the gallery is generated and the whole book builds with warnings as errors.

Then a few checks on the built HTML: figures carry alt text, solutions are hidden by default,
the gallery has a page per listed country."""

from __future__ import annotations

from pathlib import Path

import pytest

from mmdp.run.gallery import PAGES, gallery_countries


@pytest.fixture(scope="module")
def html(book_html) -> Path:
    """The book built once per test session (tests/conftest.py), shared with the browser tests."""
    return book_html


def test_book_has_every_part(html):
    assert (html / "index.html").is_file()
    for page in ("intro", "notebooks/migration_profile", "chapters/stage6-monitoring-evaluation/index", "gallery/index"):
        assert (html / f"{page}.html").is_file(), page


def test_figures_have_alt_text_and_source(html):
    page = (html / "notebooks" / "migration_profile.html").read_text(encoding="utf-8")
    assert 'alt="Two stacked area charts, 1990-2024: immigrants in Kyrgyzstan reach 194,816' in page
    assert page.count('<figure class="mmdp-figure">') == 7
    assert page.count("Source: UN DESA, International Migrant Stock 2024.") >= 4


def test_solutions_hidden_by_default(html):
    page = (html / "chapters" / "stage2-goals-priorities" / "practice.html").read_text(encoding="utf-8")  # exercises: section page
    assert page.count('class="solution dropdown') >= 2 or page.count("solution dropdown") >= 2


def test_gallery_pages(html):
    codes = list(gallery_countries("featured").iso3)
    assert sorted(p.stem for p in PAGES.glob("*.ipynb")) == sorted(codes)
    for code in codes:
        assert (html / "gallery" / "countries" / f"{code}.html").is_file(), code
    moldova = (html / "gallery" / "countries" / "MDA.html").read_text(encoding="utf-8")
    assert "Moldova: migration profile" in moldova and "864,257" in moldova  # emigrants 2024, IMS 2024


def test_gallery_index_filters_offline_and_pages_are_small(html):
    index = (html / "gallery" / "index.html").read_text(encoding="utf-8")
    assert 'id="gallery-filter"' in index and 'id="gallery-region"' in index and 'id="gallery-income"' in index
    assert "gallery-filter.js" in index and (html / "_static" / "gallery-filter.js").is_file()
    assert 'data-region="Asia"' in index and "Lower middle income" in index
    assert "https://cdn" not in (html / "_static" / "gallery-filter.js").read_text()
    thumbs = list((html / "_static" / "gallery-thumbs").glob("*.png"))
    assert thumbs and max(t.stat().st_size for t in thumbs) < 20_000
    assert (html / "gallery" / "index.html").stat().st_size + sum(t.stat().st_size for t in thumbs) < 2_000_000
    pages = list((html / "gallery" / "countries").glob("*.html"))
    assert pages and max(p.stat().st_size for p in pages) < 1_500_000
    assert not (html / "_sources").exists(), "page sources are not copied into the site"


def _sidebar(page: Path) -> str:
    text = page.read_text(encoding="utf-8")
    start = text.index('<nav class="bd-links bd-docs-nav"')
    return text[start:text.index("</nav>", start)]


def test_each_page_of_a_folder_has_the_same_sidebar_with_itself_as_the_current_entry(html):
    """The gallery's pages take their sidebar from a sibling's (_ext/mmdp_book.py, ``_sibling_sidebar``):
    on each page its own entry, and only it, is the current one; every other entry is the same link."""
    import re

    pages = sorted((html / "gallery" / "countries").glob("*.html"))
    assert len(pages) >= 2
    current = re.compile(r'<li class="toctree-l2 current active"><a class="current reference internal" href="#">(.*?)</a></li>')
    neutral = set()
    for page in pages:
        sidebar = _sidebar(page)
        own = current.findall(sidebar)
        title = re.search(r"<title>(.*?) &#8212;|<title>(.*?) —", page.read_text(encoding="utf-8"))
        assert len(own) == 1 and title and own[0] == (title.group(1) or title.group(2)), page.name
        assert f'href="{page.name}"' not in sidebar, page.name
        neutral.add(current.sub(lambda m: f'<li class="toctree-l2"><a class="reference internal" href="{page.name}">{m.group(1)}</a></li>', sidebar))
    assert len(neutral) == 1, "the pages' sidebars differ in more than their current entry"
