"""The book in other languages (docs/architecture.md, "Languages"): the catalogs' pipeline on a tiny
Sphinx project (an English edit makes its translation fuzzy), the completeness check that gates a
released language, the switcher's links, the glossary of fixed terms and the landing page's pilot."""

from __future__ import annotations

import ast
import csv
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from mmdp.constants import LANGUAGES
from mmdp.errors import MmdpError
from mmdp.i18n import catalogs_dir
from mmdp.paths import REPO_ROOT
from mmdp.run.translations import (
    CatalogProblem,
    catalog_dir,
    catalog_problems,
    released_languages,
    stale_messages,
    update_catalogs,
)

sys.path.insert(0, str(REPO_ROOT / "_ext"))
from mmdp_book import language_links, languages_shown, own_document, translate_toctree_captions  # noqa: E402

FIRST = "Migrant workers send remittances to their families at home."
SECOND = "A national development plan names the results it expects."
CONF = """
project = "fixture"
extensions = []
locale_dirs = ["locales"]
gettext_compact = False
gettext_location = False
gettext_uuid = False
"""


def sphinx(source: Path, builder: str, out: Path, *options: str) -> None:
    done = subprocess.run([sys.executable, "-m", "sphinx", "-b", builder, "-q", "-W", "-E", *options, str(source), str(out)],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr


def write_page(source: Path, first: str) -> None:
    (source / "index.rst").write_text(f"Fixture\n=======\n\n{first}\n\n{SECOND}\n", encoding="utf-8")


def translate(po_path: Path, translations: dict[str, str]) -> None:
    with po_path.open("rb") as handle:
        catalog = read_po(handle)
    for message in catalog:
        if message.id in translations:
            message.string = translations[message.id]
    with po_path.open("wb") as handle:
        write_po(handle, catalog, width=100)


@pytest.fixture
def fixture_book(tmp_path):
    source = tmp_path / "book"
    source.mkdir()
    (source / "conf.py").write_text(CONF, encoding="utf-8")
    write_page(source, FIRST)
    return source


def test_an_english_edit_makes_its_translation_fuzzy(fixture_book, tmp_path):
    pot, locales = tmp_path / "gettext", fixture_book / "locales"
    sphinx(fixture_book, "gettext", pot)
    update_catalogs(locales, pot, ("fr",))
    po = locales / "fr" / "LC_MESSAGES" / "index.po"
    assert {p.kind for p in catalog_problems(po.parent)} == {"untranslated"}  # a new catalog: nothing translated
    translate(po, {"Fixture": "Exemple",
                   FIRST: "Les travailleurs migrants envoient des fonds à leur famille restée au pays.",
                   SECOND: "Un plan national de développement nomme les résultats qu'il attend."})
    assert catalog_problems(po.parent) == []
    sphinx(fixture_book, "html", tmp_path / "html-fr", "-D", "language=fr")
    page = (tmp_path / "html-fr" / "index.html").read_text(encoding="utf-8")
    assert 'lang="fr"' in page and "Les travailleurs migrants envoient des fonds" in page

    write_page(fixture_book, FIRST.replace("their families at home", "their families in the country of origin"))
    sphinx(fixture_book, "gettext", pot)
    update_catalogs(locales, pot, ("fr",))
    problems = catalog_problems(po.parent)
    assert [(p.page, p.kind) for p in problems] == [("index", "fuzzy")]
    assert str(problems[0]) == "index.po: fuzzy: Migrant workers send remittances to their families in ..."
    sphinx(fixture_book, "html", tmp_path / "html-fr2", "-D", "language=fr")
    page = (tmp_path / "html-fr2" / "index.html").read_text(encoding="utf-8")
    assert "in the country of origin" in page  # a fuzzy translation is not used: the English shows
    assert "Un plan national de développement" in page  # the unchanged paragraph keeps its translation


def test_the_checker_names_page_and_paragraph(tmp_path):
    folder = tmp_path / "fr" / "LC_MESSAGES" / "chapters"
    folder.mkdir(parents=True)
    (folder / "glossary.po").write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Remittances"\nmsgstr "Envois de fonds"\n\n'
        'msgid "A migrant worker is a person who is to be engaged, is engaged or has been engaged in a remunerated activity."\n'
        'msgstr ""\n\n'
        '#, fuzzy\nmsgid "Smuggling of migrants means the procurement of illegal entry."\n'
        'msgstr "Le trafic illicite de migrants désigne le fait d\'assurer l\'entrée illégale."\n', encoding="utf-8")
    problems = catalog_problems(tmp_path / "fr" / "LC_MESSAGES")
    assert [str(p) for p in problems] == [
        "chapters/glossary.po: untranslated: A migrant worker is a person who is ...",
        "chapters/glossary.po: fuzzy: Smuggling of migrants means the procurement of illegal ...",
    ]
    assert catalog_problems(tmp_path / "es" / "LC_MESSAGES") == [
        CatalogProblem(str(tmp_path / "es" / "LC_MESSAGES"), "no catalogs", "run make translations")]


def test_a_translation_must_keep_roles_links_substitutions_and_code(tmp_path):
    folder = tmp_path / "fr" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    english = "The {term}`diaspora <Diaspora>` sends {{ share }} {cite}`wb2024`; see [the data](https://data.org/x) and `mmdp run`."
    good = "La {term}`diaspora <Diaspora>` envoie {{ share }} {cite}`wb2024` ; voir [les données](https://data.org/x) et `mmdp run`."
    for bad in (good.replace("{cite}`wb2024`", "(wb2024)"), good.replace("<Diaspora>", "<Diaspora (fr)>"),
                good.replace("{{ share }}", "{{ part }}"), good.replace("`mmdp run`", "`mmdp exécuter`"),
                good.replace("https://data.org/x", "https://data.org/fr/x")):
        (folder / "page.po").write_text(f'msgid "{english}"\nmsgstr "{bad}"\n', encoding="utf-8")
        assert [p.kind for p in catalog_problems(folder)] == ["markup"], bad
    (folder / "page.po").write_text(f'msgid "{english}"\nmsgstr "{good}"\n', encoding="utf-8")
    assert catalog_problems(folder) == []


@pytest.mark.parametrize("lang", LANGUAGES[1:])
def test_every_translated_message_keeps_its_markup(lang):
    """Released or not, a translation that breaks a role or a link would break its language's build."""
    problems = [p for p in catalog_problems(catalog_dir(REPO_ROOT, lang)) if p.kind == "markup"]
    assert not problems, "\n".join(map(str, problems[:40]))


@pytest.mark.parametrize("lang", released_languages(REPO_ROOT) or [pytest.param(None, marks=pytest.mark.skip(
    reason="no released language yet (_config.yml: handbook: released_languages)"))])
def test_a_released_language_is_complete(lang):
    problems = catalog_problems(catalog_dir(REPO_ROOT, lang))
    assert not problems, f"{lang}: {len(problems)} messages to translate:\n" + "\n".join(map(str, problems[:40]))


def test_the_released_catalogs_carry_every_english_message_as_it_is_now(tmp_path):
    """An English edit not yet taken into the catalogs (``make translations`` not run) would show in English
    on the translated page: extract the English as it is now and find every message in each released
    language's catalogs (Sphinx's gettext builder on the book, about 35 s)."""
    pot_dir = tmp_path / "gettext"
    done = subprocess.run([sys.executable, str(REPO_ROOT / "scripts" / "book_i18n.py"), "extract", "--pot-dir", str(pot_dir)],
                          cwd=REPO_ROOT, capture_output=True, text=True, check=False, env={**os.environ, "MMDP_HEADLESS": "1"})
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    for lang in released_languages(REPO_ROOT):
        problems = stale_messages(catalog_dir(REPO_ROOT, lang), pot_dir)
        assert not problems, f"{lang}: {len(problems)} catalogs behind the English; run make translations:\n" + "\n".join(map(str, problems[:30]))


def test_a_catalog_behind_the_english_is_named_with_its_page(tmp_path):
    pot_dir, messages = tmp_path / "gettext", tmp_path / "fr"
    for folder, name, ids in ((pot_dir, "intro.pot", [FIRST, SECOND]), (messages, "intro.po", [FIRST]), (messages, "gone.po", [FIRST])):
        catalog = Catalog(locale="fr")
        for msgid in ids:
            catalog.add(msgid, "traduit")
        folder.mkdir(exist_ok=True)
        with (folder / name).open("wb") as handle:
            write_po(handle, catalog)
    assert list(map(str, stale_messages(messages, pot_dir))) == [
        "intro.po: changed in English (run make translations): A national development plan names the results it ...",
        "gone.po: a catalog without a page (delete it): gone",
    ]


def test_a_translated_page_keeps_no_link_to_the_documents_its_messages_were_parsed_in():
    """Sphinx parses each translation as a document of its own; the page's nodes must not keep it (with its
    settings, the build environment), or every translated doctree pickles it."""
    import pickle

    from docutils import nodes
    from docutils.frontend import get_default_settings
    from docutils.parsers.rst import Parser
    from docutils.utils import new_document

    page = new_document("page", get_default_settings(Parser))
    message = new_document("message", get_default_settings(Parser))
    message.settings.env = "x" * 1_000_000  # stands for the build environment
    paragraph = nodes.paragraph("", "")
    text = nodes.Text("Les envois de fonds")
    text.document = message
    paragraph += text
    page += paragraph
    assert len(pickle.dumps(page)) > 1_000_000
    assert own_document(page) == 1 and text.document is page
    assert len(pickle.dumps(page)) < 10_000


def test_released_languages_are_known_languages(tmp_path):
    (tmp_path / "_config.yml").write_text("handbook:\n  released_languages: [fr, de]\n", encoding="utf-8")
    with pytest.raises(MmdpError, match="released_languages holds 'de'"):
        released_languages(tmp_path)
    with pytest.raises(MmdpError, match="unknown language 'de'"):
        catalog_dir(tmp_path, "de")


def test_switcher_links_the_same_page_in_each_language():
    assert languages_shown("en", []) == ["en"]  # English only: no switcher
    assert language_links("fr", [], "chapters/foundations/index") == [
        ("en", "English", "../../../chapters/foundations/index.html"),
        ("fr", "Français", "../../../fr/chapters/foundations/index.html"),
    ]
    assert language_links("en", ["fr", "es"], "intro") == [
        ("en", "English", "intro.html"), ("fr", "Français", "fr/intro.html"), ("es", "Español", "es/intro.html")]


GLOSSARY = REPO_ROOT / "locales" / "glossary.csv"
PILOT_CATALOGS = ("intro", "mmdp_book")
"""The pages translated so far, end to end: the landing page and the theme's own labels."""
REQUIRED_TERMS = {"migrant worker", "remittances", "diaspora", "return", "reintegration", "trafficking in persons",
                  "smuggling of migrants", "refugee", "asylum seeker", "internally displaced person", "stateless person",
                  "gender mainstreaming", "mainstreaming migration into development planning"}


def glossary() -> list[dict[str, str]]:
    with GLOSSARY.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def term_pattern(term: str) -> re.Pattern:
    """A glossary term in running text: any case, each word possibly plural."""
    words = term.split(" (")[0].split()
    return re.compile(r"\b" + r"\s+".join(re.escape(w) + r"(?:s|es)?" for w in words) + r"\b", re.IGNORECASE)


def test_glossary_has_the_issues_terms_each_with_a_source():
    rows = glossary()
    assert list(rows[0]) == ["english", "french", "spanish", "source"]
    assert REQUIRED_TERMS <= {r["english"] for r in rows}
    by_term = {r["english"]: r for r in rows}
    assert (by_term["migrant worker"]["french"], by_term["migrant worker"]["spanish"]) == ("travailleur migrant", "trabajador migratorio")
    assert (by_term["remittances"]["french"], by_term["remittances"]["spanish"]) == ("envois de fonds", "remesas")
    for row in rows:
        assert all(row[k].strip() for k in ("french", "spanish", "source")), row["english"]
    assert len(by_term) == len(rows), "one row per English term"


@pytest.mark.parametrize("lang", ["fr", "es"])
def test_the_pilot_pages_are_translated_with_the_glossarys_terms(lang):
    folder = catalog_dir(REPO_ROOT, lang)
    problems = [p for p in catalog_problems(folder) if p.page in PILOT_CATALOGS]
    assert not problems, "\n".join(map(str, problems))
    column = {"fr": "french", "es": "spanish"}[lang]
    uses = 0
    for page in PILOT_CATALOGS:
        with (folder / f"{page}.po").open("rb") as handle:
            catalog = read_po(handle)
        for message in catalog:
            for row in glossary():
                if message.id and term_pattern(row["english"]).search(message.id):
                    uses += 1
                    assert term_pattern(row[column]).search(message.string), (
                        f"{page}.po: '{row['english']}' should read '{row[column]}' ({row['source'][:60]}...): {message.string[:80]}")
    assert uses >= 3  # remittances, refugee, the book's title: the check is not vacuous


def test_the_parts_captions_are_translated():
    from docutils import nodes
    from sphinx import addnodes

    page = nodes.section()
    for caption in ("Foundations", "Reference", None):
        page += addnodes.toctree(caption=caption, rawcaption=caption or "")
    catalog = {"Foundations": "Fondements"}
    assert translate_toctree_captions(page, lambda text: catalog.get(text, text)) == 1
    assert [t.get("caption") for t in page.findall(addnodes.toctree)] == ["Fondements", "Reference", None]


def test_a_plural_message_is_checked_form_by_form(tmp_path):
    """French has three plural forms for English's two: each keeps the English fields, none is left empty."""
    folder = tmp_path / "package"
    folder.mkdir()

    def write(forms: tuple[str, str, str]) -> list:
        catalog = Catalog(locale="fr")
        catalog.add(("{n} country", "{n} countries"), forms)
        with (folder / "x.po").open("wb") as handle:
            write_po(handle, catalog)
        return [p.kind for p in catalog_problems(tmp_path)]

    assert write(("{n} pays", "{n} pays", "{n} pays")) == []
    assert write(("{n} pays", "", "{n} pays")) == ["untranslated"]
    assert write(("{n} pays", "{count} pays", "{n} pays")) == ["markup"]


def test_the_workshop_kits_material_is_one_catalog_of_its_texts(tmp_path):
    """The kit's YAML files (session plans, role cards, worksheets) become ``package/workshop.kit.pot`` with
    the package's modules: every text a reader sees, each commented with its file and key path, and none of
    what the code reads (blocks' kinds, finding ids, the jigsaw's country names, fact keys, exercise labels)."""
    import yaml

    from mmdp.run.translations import write_package_templates

    written = write_package_templates(REPO_ROOT, tmp_path)
    pot = tmp_path / "package" / "workshop.kit.pot"
    assert pot in written
    with pot.open("rb") as handle:
        catalog = {m.id: m for m in read_po(handle) if m.id}

    kit = REPO_ROOT / "chapters" / "workshop" / "kit"
    sessions, roles, sheets = (yaml.safe_load((kit / f"{name}.yml").read_text(encoding="utf-8"))
                               for name in ("sessions", "roles", "worksheets"))
    texts = set()
    for session in sessions["sessions"].values():
        texts |= {session["room"], session["notes"], *session["materials"], *(block["what"] for block in session["plan"])}
    for card in roles["roles"]:
        texts |= {card[key] for key in ("role", "mandate", "position", "red_lines", "wants", "source")}
    for name, sheet in sheets.items():
        if name == "extra_exercises":
            continue
        texts |= {sheet[key] for key in ("title", "intro", "handout_intro", "scoring") if key in sheet}
        texts |= {*sheet.get("columns", []), *sheet.get("questions", []), *sheet.get("fields", []), *sheet.get("moments", [])}
        texts |= {item["item"] for item in sheet.get("items", [])}
    assert set(catalog) == texts and len(catalog) > 200

    welcome = catalog[sessions["sessions"][1]["plan"][0]["what"]]
    assert welcome.id.startswith("Welcome, purpose of the two days")
    assert welcome.auto_comments == ["chapters/workshop/kit/sessions.yml: sessions.1.plan.0.what"]
    assert "chapters/workshop/kit/roles.yml: roles.0.role" in catalog["focal point"].auto_comments
    for code in ("group work", "plenary", "profile.key_figures", "planning-cycle", "Bangladesh", "immigrants", "stage4-ex-costing"):
        assert code not in catalog, code


UNTRANSLATED_PROBE = """
import contextlib, io, json, sys
from IPython.core.interactiveshell import InteractiveShell
import mmdp.i18n as i18n
from mmdp.paths import REPO_ROOT

missed, lookup = {}, i18n._lookup
def recording(message, depth):
    found = lookup(message, depth + 1)
    if found is None:
        missed.setdefault(message if isinstance(message, str) else message[0], sys._getframe(depth + 1).f_globals["__name__"])
    return found
i18n._lookup = recording
shell = InteractiveShell.instance()
for path in sorted((REPO_ROOT / "notebooks").glob("*.ipynb")):
    cells = [''.join(c["source"]) for c in json.loads(path.read_text())["cells"] if c["cell_type"] == "code"][1:]
    for place in sys.argv[2].split(","):
        with contextlib.redirect_stdout(io.StringIO()):
            shell.run_cell(f"country = {place!r}; year = None; comparators = None; inputs = None; national = None; language = {sys.argv[1]!r}")
            failed = [c for c in cells if not shell.run_cell(c).success]
        assert not failed, (path.name, place, failed[0])
print(json.dumps(missed))
"""


@pytest.mark.parametrize("lang", ["fr", "es"])
def test_every_message_a_notebook_looks_up_has_a_translation(lang):
    """Every stage's notebook run in the language, for a country and a group: each message the package looks
    up is in its catalogs. A label kept in a module-level table without ``N_`` is never extracted, and a
    ``t()`` nested in another ``t()``'s arguments is skipped by the extractor: both used to read in English
    (the priority matrix's quadrants, the stakeholder categories, "Cost in 2027")."""
    result = subprocess.run([sys.executable, "-c", UNTRANSLATED_PROBE, lang, "SEN,World"], capture_output=True, text=True,
                            cwd=REPO_ROOT, env={**os.environ, "MMDP_HEADLESS": "1"}, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    missed = json.loads(result.stdout.strip().splitlines()[-1])
    assert not missed, f"{len(missed)} messages without a {lang} translation (message: module): {missed}"


def test_every_message_marked_in_the_code_is_extracted():
    """Each ``_``, ``t``, ``n_`` or ``N_`` call with a literal, found in the package's syntax tree, is in the
    catalogs: Babel's extractor skips a call nested in another's arguments or inside an f-string (it missed
    "Surplus of {output}" and "Cost in {year}"), and the runtime test only sees the paths its places take."""
    extracted = {message.id if isinstance(message.id, str) else message.id[0]
                 for path in catalogs_dir("fr").glob("*.po") for message in read_po(path.open("rb")) if message.id}
    missed = []
    for path in sorted((REPO_ROOT / "lib" / "mmdp").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("_", "t", "n_", "N_")
                    and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)
                    and node.args[0].value not in extracted):
                missed.append(f"{path.relative_to(REPO_ROOT)}:{node.lineno} {node.args[0].value!r}")
    assert not missed, missed
