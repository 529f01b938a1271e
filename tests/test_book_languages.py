"""The book in French, built as `make html-fr` builds it (after the English book, whose executed notebooks
it reuses), with warnings as errors: every page declares its language, its switcher leads to the same page
in English, the landing page is translated and the search index is the French one."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

LINK = re.compile(r'<nav class="mmdp-languages[^"]*" aria-label="[^"]+"><ul>(.*?)</ul></nav>')
ENGLISH = re.compile(r'<a href="([^"]+)" hreflang="en" lang="en">English</a>')


@pytest.fixture(scope="module")
def french(book_html_fr) -> Path:
    return book_html_fr


def pages(folder: Path) -> list[Path]:
    """The book's pages (not the root's redirect, the index or the search page)."""
    special = {folder / name for name in ("index.html", "genindex.html", "search.html")}
    return sorted(p for p in folder.rglob("*.html") if p not in special and "_static" not in p.parts)


def test_every_page_declares_french_and_links_the_same_english_page(french):
    checked = 0
    for page in pages(french):
        text = page.read_text(encoding="utf-8")
        name = page.relative_to(french).as_posix()
        assert '<html lang="fr"' in text, name
        switcher = LINK.search(text)
        assert switcher, f"{name}: no language switcher"
        english = ENGLISH.search(switcher.group(1))
        assert english, f"{name}: the switcher has no English link"
        target = (page.parent / english.group(1)).resolve()
        assert target == (french.parent / name).resolve() and target.is_file(), f"{name}: English link {english.group(1)}"
        assert 'aria-current="page" lang="fr">Français<' in switcher.group(1), name
        checked += 1
    assert checked > 40


def test_the_landing_page_and_the_theme_speak_french(french):
    text = (french / "intro.html").read_text(encoding="utf-8")
    assert "<h1>Intégrer la question des migrations dans la planification du développement" in text
    assert "envois de fonds" in text  # the glossary's term, "remittance data"
    assert "Comment citer ce manuel :" in text and 'placeholder="Rechercher dans ce livre..."' in text
    assert 'href="../mmdp-handbook.pdf"' in text  # the English PDF, one level up


def test_search_stays_within_french(french):
    index = (french / "searchindex.js").read_text(encoding="utf-8")
    english = (french.parent / "searchindex.js").read_text(encoding="utf-8")
    assert '"envois"' in index and '"envois"' not in english
    assert "FrenchStemmer" in (french / "_static" / "language_data.js").read_text(encoding="utf-8")  # French stems


SWITCHED_PAGE = "chapters/stage2-goals-priorities/index.html"
LANGUAGE_LABELS = {"fr": "Français", "es": "Español"}


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["fr", "es"])
def test_the_switcher_leads_to_the_same_page_which_declares_its_language_and_passes_axe(chromium, book_languages, lang):
    """A reader on an English page picks a language in the switcher: the same page opens in that language,
    declares it, and has no serious or critical accessibility violation; its switcher leads back."""
    from browser import axe, block_outside_localhost, serve

    with serve(book_languages) as base:
        context = chromium.new_context(viewport={"width": 1280, "height": 900})
        block_outside_localhost(context)
        page = context.new_page()
        page.goto(base + SWITCHED_PAGE)
        assert page.evaluate("document.documentElement.lang") == "en"
        page.locator(f'nav.mmdp-languages a[hreflang="{lang}"]').first.click()
        page.wait_for_load_state()
        assert page.url == f"{base}{lang}/{SWITCHED_PAGE}"
        assert page.evaluate("document.documentElement.lang") == lang
        assert page.locator(f'nav.mmdp-languages [aria-current="page"]').first.inner_text() == LANGUAGE_LABELS[lang]
        blocking = [f"{v['impact']} {v['id']}: {v['help']}" for v in axe(page)["violations"] if v["impact"] in ("serious", "critical")]
        assert not blocking, blocking
        page.locator('nav.mmdp-languages a[hreflang="en"]').first.click()
        page.wait_for_load_state()
        assert page.url == f"{base}{SWITCHED_PAGE}" and page.evaluate("document.documentElement.lang") == "en"
        context.close()
