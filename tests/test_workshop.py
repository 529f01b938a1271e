"""`mmdp workshop`: one folder per workshop country, built once for the module (SEN) and checked as a
trainer would use it: the PDFs' text, a deck per session that works offline, a card per role."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest

from mmdp.cli import main
from mmdp.constants import FINDING_IDS
from mmdp.errors import MmdpError
from mmdp.paths import REPO_ROOT
from mmdp.run import workshop
from mmdp.run.pack import example_label
from mmdp.run.workshop_text import Exercise, book_exercises, kit_sessions, myst_html, roleplay_roles

COUNTRY = "SEN"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """One workshop folder for the module (the pack's notebooks run once, then every check reads it)."""
    out = tmp_path_factory.mktemp("workshop")
    lines: list[str] = []
    folder = workshop.build_workshop(COUNTRY, out, say=lines.append)
    assert len(lines) == 7 and lines[0].startswith("[1/6]") and lines[-1].startswith("workshop:"), lines
    return folder


def pdf_text(path: Path) -> str:
    """The PDF's words in reading order, letters and digits only (line breaks and quotes do not matter)."""
    text = subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return squash(re.sub(r"^.* · page \d+ of \d+$", "", text, flags=re.M))  # without the page footers


def squash(text: str) -> str:
    return re.sub(r"[^0-9a-z]", "", text.lower())


def words(fragment_html: str) -> str:
    return squash(html.unescape(re.sub(r"<[^>]+>", " ", fragment_html)))


def chunks(markdown: str) -> list[str]:
    """The paragraphs, list items and table cells of a solution, as squashed text."""
    found = []
    for _tag, inner in re.findall(r"<(p|li|td|th)>(.*?)</\1>", myst_html(markdown), flags=re.S):
        if len(words(inner)) >= 25:
            found.append(words(inner))
    return found


def workshop_exercises() -> list[Exercise]:
    exercises = book_exercises()
    extra = workshop._yaml("worksheets.yml")["extra_exercises"]
    return [exercises[label] for s in kit_sessions() for label in s.exercises + tuple(extra.get(s.number, []))]


def test_participants_pdf_has_no_solution_text(built):
    participants = pdf_text(built / "participants.pdf")
    prompts = "".join(words(myst_html(x.body)) for x in book_exercises().values())
    checked = 0
    for exercise in workshop_exercises():
        for chunk in chunks(exercise.solution):
            if chunk in prompts:
                continue  # a solution that repeats its own prompt's words
            assert chunk not in participants, f"solution text of {exercise.label} in the participants' book: {chunk[:80]}"
            checked += 1
    assert checked > 50
    assert all(chunks(x.body)[0] in participants for x in workshop_exercises())  # the prompts are there


def test_facilitator_pdf_has_every_solution(built):
    facilitator = pdf_text(built / "facilitator.pdf")
    exercises = workshop_exercises()
    assert len(exercises) >= 20
    for exercise in exercises:
        found = chunks(exercise.solution)
        assert found, exercise.label
        missing = [c for c in found if c not in facilitator]
        assert not missing, f"{exercise.label}: {len(missing)} of {len(found)} parts missing, e.g. {missing[0][:80]}"


def test_every_session_has_a_deck(built):
    sessions = kit_sessions()
    assert len(sessions) == 12 and sum(s.optional for s in sessions) == 4
    plans = workshop.session_plans(sessions)
    for session in sessions:
        deck = built / "slides" / f"session-{session.number:02d}.html"
        text = deck.read_text(encoding="utf-8")
        assert f"Session {session.number}. {session.title}" in text
        assert "Senegal" in text and "Speaker notes" in text and "<svg" in text
        assert text.count('class="slide') >= 5
        assert (built / "slides" / f"session-{session.number:02d}.pdf").stat().st_size > 10_000
        assert not re.search(r"""(src|href)=["']?(https?:)?//""", text), f"{deck.name} links outside the file"
        for diagram in plans[session.number].diagrams:  # the book's diagram, with its chapter's alt text
            assert f'<svg role="img" aria-label="{html.escape(diagram.alt)}"' in text, (deck.name, diagram.name)
    assert sum(len(plan.diagrams) for plan in plans.values()) >= 8


def test_decks_show_the_packs_findings(built):
    """A figure on a slide is the finding the pack prints: same sentence, same id."""
    from mmdp.findings import profile
    from mmdp.inputs.parameters import validate_parameters

    finding = profile.remittances(validate_parameters(COUNTRY))
    deck = (built / "slides" / "session-04.html").read_text(encoding="utf-8")
    assert finding.id in deck
    assert re.sub(r"\s+", " ", myst_html(finding.sentence)).strip()[:120] in re.sub(r"\s+", " ", deck)
    pack_page = (built / "pack" / COUNTRY / "migration_profile.html").read_text(encoding="utf-8")
    assert finding["received_pct_gdp"].text in pack_page and finding["received_pct_gdp"].text in deck
    planning = (built / "slides" / "session-06.html").read_text(encoding="utf-8")  # the worked example, labelled as the pack labels it
    assert "priorities.ranking" in planning and "Illustrative example" in planning and "team&#x27;s inputs" not in planning


@pytest.mark.browser
def test_every_deck_loads_offline(built, chromium):
    from browser import block_outside_localhost

    for deck in sorted((built / "slides").glob("*.html")):
        context = chromium.new_context(viewport={"width": 1280, "height": 720})
        outside: list[str] = []
        block_outside_localhost(context, outside)
        page = context.new_page()
        errors: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        requests: list[str] = []
        page.on("request", lambda r: requests.append(r.url))
        page.goto(deck.as_uri(), wait_until="load")
        total = page.locator(".slide").count()
        assert page.locator("#counter").inner_text() == f"1 / {total}"
        assert page.evaluate("[...document.images].every(i => i.complete && i.naturalWidth > 0)")
        page.keyboard.press("ArrowRight")
        assert page.locator("#counter").inner_text() == f"2 / {total}"
        assert page.evaluate("[...document.querySelectorAll('.slide')].filter(s => !s.hidden).length") == 1
        page.keyboard.press("n")
        assert page.evaluate("getComputedStyle(document.querySelector('.slide:not([hidden]) .notes')).display") == "block"
        assert not errors and not outside, (deck.name, errors, outside)
        assert all(u.startswith(("file:", "data:")) for u in requests), requests
        context.close()


def test_every_role_in_the_role_play_has_a_card(built):
    roles = roleplay_roles(book_exercises()[workshop.ROLE_PLAY])
    assert len(roles) == 9 and "ministry of finance" in roles and "women migrant workers' organisation" in roles
    participants = pdf_text(built / "participants.pdf")
    page = (built / "participants.html").read_text(encoding="utf-8")
    for role in roles:
        assert squash(f"Role: {role}") in participants, role
        card = re.search(rf"<h3>Role: {re.escape(role[:1].upper() + role[1:]).replace(chr(39), '&#x27;')}</h3>(.*?)</div>", page, flags=re.S)
        assert card, role
        for part in ("Mandate.", "Position.", "Red lines.", "What you want."):
            assert part in card.group(1), (role, part)


def test_a_role_without_a_card_stops_the_build():
    exercise = Exercise("x", "Role play", "Roles: the focal point (chair); a fisheries council. The chair opens.", "", "x.md")
    with pytest.raises(MmdpError, match="no role card for 'fisheries council'"):
        workshop.role_cards(exercise)


def test_a_plan_that_does_not_fit_its_session_stops_the_build():
    sessions = kit_sessions()
    longer = [replace(sessions[0], end="10:40"), *sessions[1:]]
    with pytest.raises(MmdpError, match=r"session 1: the plan lasts 90 minutes .* \(100 minutes\)"):
        workshop.session_plans(longer)


def test_an_edited_exercise_changes_the_handout(tmp_path):
    chapter = tmp_path / "part" / "page.md"
    chapter.parent.mkdir()
    chapter.write_text(":::{exercise}\n:label: demo-ex\n\n**Demo.** Count the {term}`migrants <Migrant>`.\n:::\n\n"
                       ":::{solution} demo-ex\n:class: dropdown\n\nThere are {{ sdg_10c_target }}.\n:::\n", encoding="utf-8")
    found = book_exercises(tmp_path)["demo-ex"]
    assert (found.title, found.source) == ("Demo", "part/page.md")
    assert "Count the migrants." in myst_html(found.body) and "There are 3 %." in myst_html(found.solution)
    chapter.write_text(chapter.read_text().replace("Count the", "Name the"), encoding="utf-8")
    assert "Name the migrants." in myst_html(book_exercises(tmp_path)["demo-ex"].body)


def test_folder_zip_and_workbook(built):
    import openpyxl

    archive = built.parent / f"{built.name}.zip"
    assert archive.stat().st_size < workshop.ZIP_LIMIT
    names = set(zipfile.ZipFile(archive).namelist())
    files = {f"{built.name}/{p.relative_to(built).as_posix()}" for p in built.rglob("*") if p.is_file()}
    assert names == files
    for needed in ("participants.pdf", "facilitator.pdf", "evaluation-form.pdf", "planning-workbook.xlsx",
                   f"pack/{COUNTRY}/index.html", "README.txt"):
        assert (built / needed).is_file(), needed
    assert not list(built.parent.glob(".workshop-*")), "a temporary folder was left behind"
    for page in [*built.glob("*.html"), *built.glob("slides/*.html")]:
        assert str(REPO_ROOT) not in page.read_text(encoding="utf-8"), page.name
    from print_pdf import page_count

    assert page_count(built / "evaluation-form.pdf") == 1
    sheet = openpyxl.load_workbook(built / "planning-workbook.xlsx")["README"]
    ids = [row[0] for row in sheet.iter_rows(values_only=True) if row[0] in FINDING_IDS]
    assert len(ids) >= 10 and {i.split(".")[0] for i in ids} == {"profile", "gender", "capacity"}, ids


def test_unknown_country_exits_2_and_writes_nothing(tmp_path, capsys):
    assert main(["workshop", "Atlantis", "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Atlantis" in err
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


@pytest.mark.parametrize("source", ["plan.xls", "plan.csv", "nope.xlsx", "empty.xlsx", "bad-row/"])
def test_bad_inputs_are_refused_as_mmdp_pack_refuses_them(tmp_path, capsys, source):
    """The one inputs-source rule and the row checks, before anything is written: the same line as `mmdp pack`."""
    (tmp_path / "plan.xls").write_bytes(b"old")
    (tmp_path / "plan.csv").write_text("cost_id\n", encoding="utf-8")
    (tmp_path / "empty.xlsx").write_bytes(b"")
    shutil.copytree(REPO_ROOT / "data" / "examples", tmp_path / "bad-row", ignore=shutil.ignore_patterns("national*"))
    costs = tmp_path / "bad-row" / "costs.csv"
    lines = costs.read_text(encoding="utf-8").splitlines()
    costs.write_text("\n".join([lines[0], lines[1].replace(",25000,", ",lots,"), *lines[2:]]) + "\n", encoding="utf-8")
    messages = []
    for command in ("workshop", "pack"):
        out = tmp_path / f"out-{command}"
        assert main([command, "SEN", "--inputs", str(tmp_path / source), "--out", str(out)]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1, err
        assert not out.exists() or not any(out.iterdir()), command
        messages.append(err)
    assert messages[0] == messages[1]


def test_workshop_with_the_teams_inputs(tmp_path):
    """`--inputs`: the pack in the folder carries the team's planning pages and its plan as Word and Excel,
    no worked-example banner; slides and books name the team's inputs instead of the illustrative ones."""
    from mmdp.inputs.workbook import read_plan, write_workbook

    inputs = write_workbook(read_plan(REPO_ROOT / "data" / "examples"), tmp_path / "senegal-plan.xlsx")
    assert main(["workshop", COUNTRY, "--inputs", str(inputs), "--out", str(tmp_path / "out")]) == 0
    folder = tmp_path / "out" / f"workshop-{COUNTRY}"
    pack = folder / "pack" / COUNTRY
    assert (pack / "plan.docx").is_file() and (pack / "plan.xlsx").is_file()
    assert (pack / "inputs" / "senegal-plan.xlsx").is_file()
    pages = {p.name: p.read_text(encoding="utf-8") for p in pack.glob("*.html")}
    assert "priorities.html" in pages and "costing.html" in pages
    banner = "Every planning figure on this page comes from the handbook's invented example inputs"
    assert not [name for name, text in pages.items() if example_label("Senegal") in text or html.escape(banner) in text or banner in text]
    deck = (folder / "slides" / "session-06.html").read_text(encoding="utf-8")
    assert "priorities.ranking" in deck and "Senegal: the country team&#x27;s inputs" in deck and "Illustrative example" not in deck
    participants = (folder / "participants.html").read_text(encoding="utf-8")
    assert "senegal-plan.xlsx" in participants and "are invented for teaching" not in participants
    assert f"mmdp workshop {COUNTRY} --inputs senegal-plan.xlsx" in (folder / "README.txt").read_text(encoding="utf-8")


@pytest.mark.browser
def test_workshop_screenshots(built, chromium, screenshots):
    """`--screenshots DIR` (make screenshots): a slide with the country's figures, a role card, a page of the
    facilitator's session plans."""
    if screenshots is None:
        pytest.skip("screenshots are taken with --screenshots DIR (make screenshots)")
    from browser import block_outside_localhost, shrink_png

    context = chromium.new_context(viewport={"width": 1280, "height": 720})
    block_outside_localhost(context)
    page = context.new_page()
    page.goto((built / "slides" / "session-04.html").as_uri() + "#5")  # title, objectives, cycle, diagram, then the first figure
    page.screenshot(path=str(screenshots / "workshop-slide.png"))
    page.goto((built / "participants.html").as_uri())
    page.locator("#role-cards ~ .card").nth(2).screenshot(path=str(screenshots / "workshop-role-card.png"))
    context.close()
    pdf = built / "facilitator.pdf"
    text = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    first = next(i for i, sheet in enumerate(text.split("\f"), 1) if "Session 7. Role play" in sheet and "Room set-up" in sheet)
    subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", str(first), "-l", str(first), "-singlefile", str(pdf),
                    str(screenshots / "workshop-session-plan")], check=True)
    for name in ("workshop-slide.png", "workshop-role-card.png", "workshop-session-plan.png"):
        shrink_png(screenshots / name)
        assert (screenshots / name).stat().st_size > 5_000, name


def _catalog_text(catalog: str, msgid: str, lang: str = "fr") -> str:
    """A message's translation as the catalog ``locales/<lang>/LC_MESSAGES/<catalog>.po`` holds it."""
    from babel.messages.pofile import read_po

    with (REPO_ROOT / "locales" / lang / "LC_MESSAGES" / f"{catalog}.po").open("rb") as handle:
        found = read_po(handle).get(msgid)
    assert found is not None and found.string and not found.fuzzy, (catalog, msgid)
    return found.string


@pytest.mark.parametrize("lang", ["fr", "es"])
def test_a_french_or_spanish_kit_says_what_that_book_says(lang):
    """`--lang fr`: the pages declare French; the agenda's heading and sessions, a session's heading and an
    exercise read as the French book's catalogs give them; a case country's key figure on the jigsaw deck
    is written as French writes numbers (the same value as the fact sheet's). The same for Spanish."""
    from mmdp.data.places import resolve_place
    from mmdp.findings.factsheet import key_facts
    from mmdp.i18n import using

    english = {s.number: s for s in kit_sessions()}
    opening = english[1]
    cell = _catalog_text("chapters/workshop/index", f"**1. {opening.title}**<br>{opening.start}–{opening.end}", lang)
    title = re.match(r"\*\*1\.\s*(.+?)\*\*", cell).group(1)
    role_play = book_exercises()[workshop.ROLE_PLAY]
    roles = _catalog_text("chapters/" + role_play.source.removesuffix(".md"), " ".join(role_play.body.split("\n\n")[1].split()), lang)
    code = workshop.JIGSAW_COUNTRIES[0]
    with using(lang):
        kit = workshop.read_kit(resolve_place(COUNTRY))
        book = workshop.participants_html(kit)
        deck = workshop.deck_html(kit, next(s for s in kit.sessions if s.number == 5))  # no pack finding: the case countries' key figures
        figure = key_facts(resolve_place(code))["immigrants"]
        local = figure.text
    english_figure = f"{figure.value:,.0f}"

    assert book.startswith(f'<!DOCTYPE html>\n<html lang="{lang}">') and deck.startswith(f'<!DOCTYPE html>\n<html lang="{lang}">')
    agenda = _catalog_text("package/run.workshop", "Agenda", lang)
    assert agenda != "Agenda" and f"<h2>{agenda}</h2>" in book
    assert title != opening.title and f"<td>1. {html.escape(title)}</td>" in book
    heading = _catalog_text("package/run.workshop", "Session {number}. {title} ({start}–{end})", lang)
    heading = heading.format(number=1, title=html.escape(title), start=opening.start, end=opening.end)
    assert not heading.startswith("Session") and f"<h2>{heading}</h2>" in book
    assert roles[:60] in html.unescape(book) and role_play.body.split("\n\n")[1][:60] not in book
    assert figure.value and figure.value >= 10_000 and local in deck and english_figure not in deck
    assert local != english_figure and re.sub(r"\D", "", local) == re.sub(r"\D", "", english_figure)


@pytest.mark.parametrize("lang", ["fr", "es"])
def test_a_french_or_spanish_kit_has_its_own_material_in_that_language(lang):
    """The kit's YAML material (kit/*.yml) reads as its catalog ``package/workshop.kit`` gives it: a session
    plan's notes and blocks on the deck's speaker notes, a role card, the worksheets; the cards are still
    found by the English role names. In English the same deck says the YAML's own words."""
    from mmdp.data.places import resolve_place
    from mmdp.i18n import using

    plan = workshop._yaml("sessions.yml")["sessions"][5]
    card = workshop._yaml("roles.yml")["roles"][2]
    scavenger = workshop._yaml("worksheets.yml")["scavenger"]
    notes, first = (_catalog_text("package/workshop.kit", text, lang) for text in (plan["notes"], plan["plan"][0]["what"]))
    role, mandate = (_catalog_text("package/workshop.kit", card[key], lang) for key in ("role", "mandate"))
    title = _catalog_text("package/workshop.kit", scavenger["title"], lang)
    with using(lang):
        kit = workshop.read_kit(resolve_place(COUNTRY))
        deck = html.unescape(workshop.deck_html(kit, next(s for s in kit.sessions if s.number == 5)))
        book = html.unescape(workshop.participants_html(kit))
    heading = _catalog_text("package/run.workshop", "Role: {role}", lang).format(role=role[:1].upper() + role[1:])

    assert notes != plan["notes"] and f"<p>{notes}</p>" in deck and plan["notes"] not in deck
    assert first in deck and plan["plan"][0]["what"] not in deck
    assert [c.role for c in kit.roles] == roleplay_roles(book_exercises()[workshop.ROLE_PLAY])
    assert f"<h3>{heading}</h3>" in book and mandate in book and card["mandate"] not in book
    assert f"<h3>{title}</h3>" in book and scavenger["title"] not in book

    english = workshop.read_kit(resolve_place(COUNTRY))
    english_deck = html.unescape(workshop.deck_html(english, next(s for s in english.sessions if s.number == 5)))
    assert f"<p>{plan['notes']}</p>" in english_deck and notes not in english_deck


@pytest.mark.parametrize("lang", ["fr", "es"])
def test_a_french_or_spanish_deck_draws_the_books_diagrams_in_that_language(lang):
    """A session's diagram slide in ``lang``: the book's diagram drawn from its translated source (the catalog
    ``diagrams``, as the book's pages), named by its translated alt text, with no English label left."""
    from mmdp.data.places import resolve_place
    from mmdp.i18n import using
    from mmdp.paths import chapters_dir
    from mmdp.run.diagrams import dot_messages, translator

    from .test_diagrams import label_lines

    translate = translator(lang)
    with using(lang):
        kit = workshop.read_kit(resolve_place(COUNTRY))
        session = next(s for s in kit.sessions if len(kit.plans[s.number].diagrams) > 1)
        plan = replace(kit.plans[session.number], findings=())  # the diagrams' slides, without the country's pack
        deck = workshop.deck_html(replace(kit, plans={**kit.plans, session.number: plan}), session)
    for diagram in plan.diagrams:
        assert f'<svg role="img" aria-label="{html.escape(translate(diagram.alt))}"' in deck, diagram.name
        labels = dot_messages((chapters_dir() / "diagrams" / f"{diagram.name}.dot").read_text(encoding="utf-8"))
        shown = set(re.findall(r"<text[^>]*>([^<]*)</text>", html.unescape(deck)))
        english_only = label_lines(labels) - label_lines(translate(label) for label in labels)
        assert not {line.strip() for line in shown} & english_only, diagram.name
