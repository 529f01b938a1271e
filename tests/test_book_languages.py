"""The book in French and Spanish, built as `make html` builds them (after the English book, their notebooks
and gallery run in the language), with warnings as errors: every page declares its language, its switcher
leads to the same page in English, the landing page is translated, the search index is the language's, and
the notebooks' outputs and the gallery are written in the language and state the English pages' numbers."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from mmdp.i18n import book_messages, message_key
from mmdp.paths import REPO_ROOT
from mmdp.run.diagrams import DIAGRAM_CATALOG, alt_texts, diagram_messages

from .test_diagrams import label_lines
from .test_i18n import digit_runs

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
    assert 'href="mmdp-handbook.pdf"' in text  # the French PDF, in the French site (make pdf)


@pytest.mark.parametrize(("lang", "cite"), [("fr", "Comment citer ce manuel :"), ("es", "Cómo citar este manual:")])
def test_each_language_built_after_another_has_its_own_theme_labels(book_languages, lang, cite):
    """`make html` builds the languages one after another in one process: each keeps its own catalogs."""
    from mmdp.i18n import using
    from mmdp.run.handbook import book_text, edition

    with using(lang):
        title = book_text("mmdp_book", edition().title)
    text = (book_languages / lang / "intro.html").read_text(encoding="utf-8")
    assert f"<title>{html.escape(title)}" in text and cite in text


def test_search_stays_within_french(french):
    index = (french / "searchindex.js").read_text(encoding="utf-8")
    english = (french.parent / "searchindex.js").read_text(encoding="utf-8")
    assert '"envois"' in index and '"envois"' not in english
    assert "FrenchStemmer" in (french / "_static" / "language_data.js").read_text(encoding="utf-8")  # French stems


FIGURE_ALT = re.compile(r'<figure class="mmdp-figure">.*?<img [^>]*alt="([^"]*)"', re.S)


@pytest.mark.parametrize("lang", ["fr", "es"])
def test_notebook_pages_state_the_english_pages_numbers_in_the_language(book_languages, lang):
    """Each stage's notebook page: its figures' alt texts, written by the notebook run in ``lang``, state the
    same numbers as the English page's (the same facts), with the language's separators and words (the
    pages of public data: the planning pages quote the illustrative inputs, which are in English)."""
    english_words = re.compile(r"\b(women|men|emigrants|World|Lower middle income|in 2024)\b")
    public_data = {"migration_profile.html", "gender_analysis.html", "remittance_scenario.html"}
    pages = sorted((book_languages / "notebooks").glob("*.html"))
    assert len(pages) >= 10
    for page in pages:
        english = [html.unescape(a) for a in FIGURE_ALT.findall(page.read_text(encoding="utf-8"))]
        translated_page = (book_languages / lang / "notebooks" / page.name).read_text(encoding="utf-8")
        assert "Show code cell" not in translated_page, page.name  # myst-nb's label, in the language
        translated = [html.unescape(a) for a in FIGURE_ALT.findall(translated_page)]
        assert english and len(translated) == len(english), page.name
        for source, text in zip(english, translated):
            assert digit_runs(text, lang) == digit_runs(source, "en"), (page.name, source, text)
            assert page.name not in public_data or not english_words.search(text), (page.name, text)


def test_the_gallery_is_written_in_french(book_html_fr):
    """The card index and the country pages, in French: the UN's French names, French separators."""
    index = (book_html_fr / "gallery" / "index.html").read_text(encoding="utf-8")
    assert "<h1>Galerie des pays" in index and 'placeholder="Rechercher par nom ou code"' in index
    assert 'data-region="Asie"' in index and "<strong>Kirghizistan</strong>" in index
    assert "Revenu intermédiaire, tranche inférieure" in index and "<li>Émigrants : " in index
    assert 'data-one="{count} lieu"' in index and 'alt="Vignette : migrants vers et depuis Kirghizistan' in index
    moldova = (book_html_fr / "gallery" / "countries" / "MDA.html").read_text(encoding="utf-8")
    assert "République de Moldova : profil migratoire" in moldova
    assert "864\u202f257" in moldova and "864,257" not in moldova  # emigrants 2024, IMS 2024
    assert "Chiffres clés" in moldova and "Key figures" not in moldova  # the notebook's narrative, from its page's catalog


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


@pytest.mark.browser
def test_language_screenshots(chromium, book_languages, screenshots):
    """`--screenshots DIR` (make screenshots): the landing page and the gallery in French, a Stage 2 notebook
    page in Spanish, with its outputs in Spanish."""
    if screenshots is None:
        pytest.skip("screenshots are taken with --screenshots DIR (make screenshots)")
    from browser import screenshot_pages, serve

    shots = {"landing-fr.png": ("fr/intro.html", None), "gallery-fr.png": ("fr/gallery/index.html", None),
             "notebook-page-es.png": ("es/notebooks/priorities.html", "article .mmdp-figure")}
    with serve(book_languages) as base:
        screenshot_pages(chromium, base, shots, screenshots)
    assert all((screenshots / f).stat().st_size > 10_000 for f in shots)


@pytest.mark.parametrize("lang", ["fr", "es"])
def test_the_diagrams_are_drawn_and_named_in_the_language(book_languages, lang):
    """Each diagram of the language's site: its accessible name is its alt text's translation, and its SVG shows
    the translated labels, no line left in English (``_ext/diagrams.py`` translates it as the page is read)."""
    from bs4 import BeautifulSoup

    messages = book_messages(DIAGRAM_CATALOG, lang)
    alts = {messages[message_key(alt)] for alt, _page in alt_texts(REPO_ROOT)}
    english = [m for m, _where in diagram_messages(REPO_ROOT)]
    english_only = label_lines(english) - label_lines(messages[message_key(m)] for m in english)
    found = 0
    for page in pages(book_languages / lang):
        for obj in BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select("div.graphviz object"):
            found += 1
            assert obj.get("aria-label") in alts, (page.name, obj.get("aria-label"))
            svg = (page.parent / obj["data"]).read_text(encoding="utf-8")
            shown = {html.unescape(text).strip() for text in re.findall(r"<text[^>]*>([^<]*)</text>", svg)}
            assert shown and not shown & english_only, (page.name, sorted(shown & english_only))
    assert found == len(alt_texts(REPO_ROOT)), found
