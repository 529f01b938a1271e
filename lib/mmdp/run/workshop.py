"""A workshop in a box: ``mmdp workshop SEN`` writes one folder and its zip for a workshop country.

``out/workshop-SEN/`` (and ``out/workshop-SEN.zip``) holds, offline and printable on A4:

- ``participants.html``/``.pdf``: the exercises of each day without solutions, worksheets, role
  cards, persona cards, the observer grid, the jigsaw handouts and the evaluation form
  (also alone as ``evaluation-form.html``/``.pdf``, one page);
- ``facilitator.html``/``.pdf``: a timing table, minute-by-minute session plans, every solution in
  session order, the scavenger hunt's answers for the country and the gender-responsive facilitation
  notes;
- ``slides/session-NN.html``/``.pdf``: one deck per session (objectives, the planning cycle, the
  country's figures from the same findings as the pack, the exercise prompts, speaker notes);
- ``pack/``: the country pack (``mmdp pack``), unzipped;
- ``planning-workbook.xlsx``: a blank planning workbook whose README sheet lists the country's
  Stage 1 finding ids.

The exercises, solutions and sessions are read from the book's chapters (``workshop_text``); the
kit's own material (session plans, role cards, worksheets) from ``chapters/workshop/kit/``. The
folder is written into a temporary folder and renamed, so a failed build leaves the last good one.
"""

from __future__ import annotations

import html
import importlib
import importlib.util
import re
import shutil
import time
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from ..constants import LANGUAGES
from ..data.places import Place, resolve_place
from ..errors import MmdpError
from ..i18n import N_, _, language, t
from ..paths import chapters_dir, scripts_dir, workshop_kit_dir
from ..render import format as fmt
from ..render.display import CHART_DATA_MIME, FINDING_METADATA
from .diagrams import translate_dot, translator
from .pack import section_words
from .workshop_text import (
    KIT_PAGE, Diagram, Exercise, Session, book_diagrams, book_exercises, book_text, clock, doc_title, kit_sections, kit_sessions, kit_text, kit_titles,
    myst_html, roleplay_roles, translated_exercise, translated_session,
)

ZIP_LIMIT = 30_000_000
BLOCK_KINDS = ("input", "group work", "plenary")
BLOCK_LABELS = {"input": N_("input"), "group work": N_("group work"), "plenary": N_("plenary")}
"""How the books and slides name each kind of block (the kind itself is a code of sessions.yml)."""
JIGSAW_COUNTRIES = ("BGD", "JAM", "MDA", "SRB")
STAGE_NAMES = {
    0: N_("Getting started"), 1: N_("Situation assessment"), 2: N_("Goals and priorities"), 3: N_("Action plan"),
    4: N_("Resourcing"), 5: N_("Implementation"), 6: N_("Monitoring and evaluation"),
}
ROLE_PLAY = "stage2-ex-validation"
FINDING_MODULES = ("profile", "gender", "capacity", "stakeholders", "readiness", "priorities", "results", "costing",
                   "workplan", "monitoring", "scenario")


# --- the kit's own material ---------------------------------------------------------------------------

KIT_MESSAGES = {
    "sessions.yml": ("sessions.*.room", "sessions.*.materials.*", "sessions.*.plan.*.what", "sessions.*.notes"),
    "roles.yml": ("roles.*.role", "roles.*.mandate", "roles.*.position", "roles.*.red_lines", "roles.*.wants", "roles.*.source"),
    "worksheets.yml": ("*.title", "*.intro", "*.handout_intro", "*.scoring", "*.columns.*", "*.questions.*", "persona.fields.*",
                       "persona.moments.*", "scavenger.items.*.item"),
}
"""The texts of the kit's YAML files that readers see, by key path (``*``: any key or list item): the
catalog ``package/workshop.kit`` (``mmdp.run.translations.write_kit_template``) and what ``kit_yaml``
translates. The rest is read by the code: blocks' kinds, minutes, finding and diagram ids, the jigsaw's
country names (the case studies' headings), fact keys and exercise labels. A role's name is a message
for its card's heading; the card is found by its English name."""


def kit_messages(data: object, patterns: tuple[str, ...], path: tuple[str, ...] = ()) -> Iterator[tuple[str, str]]:
    """(key path, text) of each text of a kit file's ``data`` at one of ``patterns``, in the file's order."""
    if isinstance(data, dict | list):
        for key, value in data.items() if isinstance(data, dict) else enumerate(data):
            yield from kit_messages(value, patterns, (*path, str(key)))
    elif isinstance(data, str) and any(_at(path, pattern) for pattern in patterns):
        yield ".".join(path), data


def _at(path: tuple[str, ...], pattern: str) -> bool:
    parts = pattern.split(".")
    return len(parts) == len(path) and all(p in ("*", key) for p, key in zip(parts, path, strict=True))


def _translated(data: object, patterns: tuple[str, ...], path: tuple[str, ...] = ()) -> object:
    if isinstance(data, dict):
        return {key: _translated(value, patterns, (*path, str(key))) for key, value in data.items()}
    if isinstance(data, list):
        return [_translated(value, patterns, (*path, str(i))) for i, value in enumerate(data)]
    return _(data) if isinstance(data, str) and any(_at(path, pattern) for pattern in patterns) else data


@dataclass(frozen=True)
class Block:
    minutes: int
    kind: str
    what: str


@dataclass(frozen=True)
class Plan:
    """A session's plan: blocks adding up to its length, room set-up, materials, findings shown, notes."""

    blocks: tuple[Block, ...]
    room: str
    materials: tuple[str, ...]
    findings: tuple[str, ...]
    notes: str
    diagrams: tuple[Diagram, ...] = ()


def _yaml(name: str) -> dict:
    import yaml

    path = workshop_kit_dir() / name
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise MmdpError(f"chapters/workshop/kit/{name} cannot be read ({type(exc).__name__}); restore it from git") from None


def kit_yaml(name: str) -> dict:
    """A kit file with its texts (``KIT_MESSAGES``) in the current language; the rest as written."""
    return _translated(_yaml(name), KIT_MESSAGES[name])


def session_plans(sessions: list[Session]) -> dict[int, Plan]:
    """The session plans of ``kit/sessions.yml``, checked against the kit page's agenda and the book's diagrams."""
    data = kit_yaml("sessions.yml")["sessions"]
    diagrams = book_diagrams()
    plans = {}
    for session in sessions:
        entry = data.get(session.number)
        if entry is None:
            raise MmdpError(f"chapters/workshop/kit/sessions.yml has no plan for session {session.number} ({session.title}); add one")
        blocks = tuple(Block(int(b["minutes"]), b["kind"], b["what"]) for b in entry["plan"])
        for block in blocks:
            if block.kind not in BLOCK_KINDS:
                raise MmdpError(f"sessions.yml, session {session.number}: kind {block.kind!r} is not one of {', '.join(BLOCK_KINDS)}")
        total = sum(b.minutes for b in blocks)
        if total != session.minutes:
            raise MmdpError(
                f"sessions.yml, session {session.number}: the plan lasts {total} minutes but the agenda gives "
                f"{session.start}-{session.end} ({session.minutes} minutes); change the blocks' minutes"
            )
        for name in entry.get("findings", []):
            if name.partition(".")[0] not in FINDING_MODULES:  # a misspelt finding fails here, before anything is written
                raise MmdpError(f"sessions.yml, session {session.number}: {name!r} is not a finding id (<module>.<name>, module one of "
                                f"{', '.join(FINDING_MODULES)}); use an id the pack prints")
        unknown = [name for name in entry.get("diagrams", []) if name not in diagrams]
        if unknown:
            raise MmdpError(f"sessions.yml, session {session.number}: no chapter shows a diagram {unknown[0]!r}; use one of {', '.join(sorted(diagrams))}")
        plans[session.number] = Plan(blocks, entry["room"], tuple(entry["materials"]), tuple(entry.get("findings", [])), entry["notes"],
                                     tuple(diagrams[name] for name in entry.get("diagrams", [])))
    return plans


@dataclass(frozen=True)
class RoleCard:
    role: str
    """The role's English name, as the role play names it (how its card is found)."""
    name: str
    """The role's name in the current language (the card's heading)."""
    mandate: str
    position: str
    red_lines: str
    wants: str
    source: str


def role_cards(exercise: Exercise) -> list[RoleCard]:
    """A card for each role the role-play exercise names, in its order (``kit/roles.yml``), in the current language."""
    cards = {c["role"].lower(): shown for c, shown in zip(_yaml("roles.yml")["roles"], kit_yaml("roles.yml")["roles"], strict=True)}
    found = []
    for role in roleplay_roles(exercise):
        card = cards.get(role)
        if card is None:
            raise MmdpError(f"no role card for {role!r} (named in the role play, chapters/{exercise.source}); add it to chapters/workshop/kit/roles.yml")
        found.append(RoleCard(role, card["role"], card["mandate"], card["position"], card["red_lines"], card["wants"], card["source"]))
    return found


# --- findings: read from the pack's executed notebooks, not computed again ----------------------------


@dataclass(frozen=True)
class PackFinding:
    """A finding as the country pack prints it, read from the pack's executed notebooks."""

    id: str
    title: str
    """The pack page's heading above the finding."""
    stage: int | None
    kind: str
    """Where its numbers come from (``pack.section_kind``): example, team, scenario or public."""
    outputs: tuple[dict, ...]
    """Its notebook outputs in order: sentence, figures (labelled as on the pack's pages), tables, notes."""

    @property
    def sentence(self) -> str:
        return next((o["data"]["text/plain"] for o in self.outputs if "text/markdown" in o["data"]), "")

    @property
    def chart_sources(self) -> list[str]:
        import json

        payloads = [o["data"][CHART_DATA_MIME] for o in self.outputs if CHART_DATA_MIME in o["data"]]
        return [(json.loads(p) if isinstance(p, str) else p)["source"] for p in payloads]


def read_pack(folder: Path, place_name: str, shown: set[str]) -> dict[str, PackFinding]:
    """Every finding of the pack's executed notebooks in ``folder``, in page order; the images of those
    in ``shown`` compressed as the pack's pages compress them."""
    import nbformat

    from .pack import compress_output_images, label_sections, section_kind

    found: dict[str, PackFinding] = {}
    for notebook in sorted(folder.glob("*.ipynb")):
        if notebook.name.endswith(".failed.ipynb"):
            continue
        nb = nbformat.read(notebook, as_version=4)
        label_sections(nb, place_name)  # figures on the worked example carry its label, as on the pack's pages
        stage, heading = nb.metadata.get("mmdp", {}).get("stage"), ""
        for cell in nb.cells:
            if cell.cell_type == "markdown":
                heading = next((line.lstrip("#").strip() for line in reversed(cell.source.splitlines()) if line.startswith("## ")), heading)
                continue
            kind = section_kind(cell)
            if kind is None:
                continue
            for output in cell.outputs:
                finding = output.get("metadata", {}).get(FINDING_METADATA, {}).get("finding")
                if finding is None:
                    continue
                if finding in shown:
                    compress_output_images(output)
                old = found.get(finding, PackFinding(finding, heading, stage, kind, ()))
                found[finding] = replace(old, outputs=old.outputs + (output,))
    return found


def computed(finding) -> PackFinding:
    """A finding computed here (the case countries' key figures, public data) in the pack's shape."""
    from ..render.display import Text

    parts = (Text(finding.sentence), *finding.charts, *finding.tables, *(Text(note) for note in finding.notes))
    return PackFinding(finding.id, finding.title, 1, "public", tuple({"data": part._repr_mimebundle_()} for part in parts))


def case_figures(code: str) -> PackFinding:
    """A jigsaw country's key figures (the fact sheet of its pack's index page), in the current language."""
    return _case_figures(code, language())


@lru_cache(maxsize=8)
def _case_figures(code: str, lang: str) -> PackFinding:
    from ..findings.factsheet import key_figures

    return computed(key_figures(resolve_place(code)))


# --- HTML ------------------------------------------------------------------------------------------------

e = html.escape

BOOK_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;max-width:48rem;margin:0 auto;padding:1rem 1.5rem;line-height:1.45;color:#111}
h1{font-size:1.7rem;margin-top:2rem} h2{font-size:1.35rem;margin-top:1.6rem} h3{font-size:1.1rem;margin-top:1.2rem}
table{border-collapse:collapse;margin:.5rem 0;font-size:.92rem;width:100%} th,td{border:1px solid #999;padding:.25rem .45rem;text-align:left;vertical-align:top}
.meta,.source,.mmdp-source{color:#444;font-size:.88rem} .illustrative,.mmdp-label{background:#fff7e0;border-left:4px solid #e69f00;padding:.3rem .7rem}
.exercise{border:1px solid #777;border-radius:4px;padding:.2rem .9rem;margin:.8rem 0;break-inside:avoid-page}
.solution{border-left:4px solid #0072b2;padding:.1rem .9rem;margin:.6rem 0 1rem}
.card{border:2px dashed #555;padding:.4rem 1rem;margin:.8rem 0;break-inside:avoid} .card h3{margin-top:.3rem}
.write td{height:2.6rem} .write-tall td{height:5rem} .lines{border-bottom:1px solid #999;height:1.8rem}
.newpage{break-before:page} .box{display:inline-block;width:1.1em;height:1.1em;border:1px solid #333;vertical-align:middle;margin:0 .2em}
img{max-width:100%;height:auto} figure{margin:.5rem 0} td>p:first-child,li>p:first-child{margin-top:0} td>p:last-child{margin-bottom:0}
@media screen and (max-width:40rem){body{padding:.5rem .8rem} table{display:block;overflow-x:auto}}
@media print{body{max-width:none;padding:0} a{color:inherit;text-decoration:none}}
"""


def page(title: str, body: str, css: str = BOOK_CSS) -> str:
    return (
        f'<!DOCTYPE html>\n<html lang="{language()}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{e(title)}</title><style>{css}</style></head><body>\n<main>\n{body}\n</main>\n</body></html>\n"
    )


def finding_html(finding: PackFinding, charts: bool = True) -> str:
    """A finding as the pack shows it: sentence, figures with their source, tables, notes, then its id."""
    parts = []
    for output in finding.outputs:
        data = output["data"]
        if "text/markdown" in data:
            parts.append(myst_html(data["text/plain"]))
        elif "text/html" in data and (charts or 'class="mmdp-figure"' not in data["text/html"]):
            parts.append(data["text/html"])
    parts.append('<p class="meta">' + t("Finding <code>{id}</code>", id=e(finding.id)) + "</p>")
    return "\n".join(parts)


def _exercise_html(ex: Exercise, titles: dict[str, str], solution: bool) -> str:
    where = '<p class="meta">' + t("From the handbook: {title} (<code>{label}</code>)", title=e(titles_doc(ex.source)), label=e(ex.label)) + "</p>"
    body = f'<div class="exercise" id="ex-{e(ex.label)}"><h3>{e(ex.title)}</h3>{myst_html(ex.body, titles)}{where}</div>'
    if solution:
        answer = myst_html(ex.solution, titles) if ex.solution.strip() else "<p>" + _("The chapter gives no solution for this exercise.") + "</p>"
        body = f'<h3>{e(ex.title)}</h3><div class="solution" id="sol-{e(ex.label)}">{answer}{where}</div>'
    return body


def _exercises_html(kit: Kit, session: Session, solution: bool) -> str:
    """A session's exercises; those the kit page adds for a three-day course come last, marked so."""
    parts = []
    for ex in kit.session_exercises(session):
        if ex.label not in session.exercises:
            parts.append('<p class="meta">' + _("<strong>In a three-day course</strong> (the kit page moves the gallery walk to Day 3):") + "</p>")
        parts.append(_exercise_html(ex, kit.titles, solution))
    return "\n".join(parts)


def titles_doc(source: str) -> str:
    """The title of a chapter file named relative to chapters/."""
    return doc_title("/chapters/" + source.removesuffix(".md"))


def _table(header: list[str], rows: list[list[str]], cls: str = "") -> str:
    head = "".join(f"<th>{e(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return f'<table class="{cls}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


@dataclass
class Kit:
    """Everything one build reads, gathered once."""

    place: Place
    sessions: list[Session]
    plans: dict[int, Plan]
    exercises: dict[str, Exercise]
    titles: dict[str, str]
    roles: list[RoleCard]
    sheets: dict
    inputs: Path | None = None
    """The country team's planning inputs (``--inputs``), or None for the handbook's worked example."""
    pack: dict[str, PackFinding] = field(default_factory=dict)
    """The pack's findings, read once the pack is built."""

    @property
    def shown(self) -> set[str]:
        """The findings the slides and the facilitator's book show."""
        return {name for plan in self.plans.values() for name in plan.findings} | {"profile.corridors"}

    def session_exercises(self, session: Session) -> list[Exercise]:
        return [self.exercises[label] for label in session.exercises + tuple(self.sheets["extra_exercises"].get(session.number, []))]


def read_kit(place: Place, inputs: Path | None = None) -> Kit:
    """The kit's sources, checked: an exercise the agenda names but no chapter has, a session without
    a plan, a role without a card, all stop the build before anything is written."""
    sessions = kit_sessions()
    exercises = book_exercises()
    sheets = kit_yaml("worksheets.yml")
    sheets["extra_exercises"] = {int(k): v for k, v in (sheets.get("extra_exercises") or {}).items()}
    for session in sessions:
        for label in session.exercises + tuple(sheets["extra_exercises"].get(session.number, [])):
            if label not in exercises:
                raise MmdpError(f"chapters/{KIT_PAGE}, session {session.number}: no exercise labelled {label!r} in chapters/")
            if not exercises[label].solution.strip():
                raise MmdpError(f"exercise {label} (chapters/{exercises[label].source}) has no solution; the facilitator's book needs one")
    plans, roles = session_plans(sessions), role_cards(exercises[ROLE_PLAY])  # the cards are found by the English role names
    if language() != LANGUAGES[0]:  # the chapters' text as the French or Spanish book says it
        sessions = [translated_session(s) for s in sessions]
        exercises = {label: translated_exercise(ex) for label, ex in exercises.items()}
    titles = {label: ex.title for label, ex in exercises.items()} | kit_titles(kit_text((chapters_dir() / KIT_PAGE).read_text(encoding="utf-8")))
    exercises = {label: replace(ex, title=titles[label]) for label, ex in exercises.items()}
    return Kit(place, sessions, plans, exercises, titles, roles, sheets, inputs)


def _days(kit: Kit) -> dict[str, list[Session]]:
    days: dict[str, list[Session]] = {}
    for session in kit.sessions:
        days.setdefault(session.day, []).append(session)
    return days


def _day(session: Session) -> str:
    """The day's short name ('Day 1', 'Optional Day 3'): its heading before the colon."""
    return session.day.split(":")[0].strip()


def _agenda(kit: Kit) -> str:
    rows = [[e(_day(s)), f"{s.start}–{s.end}", f"{s.number}. {e(s.title)}",
             ", ".join(e(kit.titles[x]) for x in s.exercises)] for s in kit.sessions]
    return _table([_("Day"), _("Time"), _("Session"), _("Exercises")], rows)


def _cover(kit: Kit, what: str) -> str:
    place = kit.place
    return (
        "<h1>" + t("{book}: planning workshop, {place}", book=e(what), place=e(place.local_name)) + "</h1>"
        + "<p>" + _("Mainstreaming migration into development planning, with a gender perspective: a two-day "
                    "workshop with an optional third day, from the handbook's workshop kit. Exercises and solutions are "
                    "the handbook's own, printed from its chapters.") + "</p>"
        + _inputs_note(kit)
        + "<h2>" + _("Agenda") + f"</h2>{_agenda(kit)}"
    )


def _inputs_note(kit: Kit) -> str:
    """Where the planning figures come from: the team's own inputs, or the worked example (labelled)."""
    if kit.inputs is not None:
        return "<p>" + t("The planning figures (the pack's Stage 0 and Stage 2-6 pages and the slides that show them) come from "
                         "{place}'s own planning inputs, <code>{inputs}</code>; the country's public figures "
                         "come from the country pack and name their source and edition.", place=e(kit.place.local_name), inputs=e(kit.inputs.name)) + "</p>"
    return ('<p class="illustrative">' + _("Values in the handbook's example planning inputs are invented for teaching: "
                                           "every use is labelled <em>Illustrative example</em>. The country's figures come from the country "
                                           "pack and name their source and edition.") + "</p>")


def scavenger_items(kit: Kit) -> list[tuple[str, str]]:
    """(item, key of the factsheet fact or '') for the scavenger hunt, from worksheets.yml."""
    return [(i["item"], i.get("fact", "")) for i in kit.sheets["scavenger"]["items"]]


def _worksheets(kit: Kit) -> str:
    sheets = kit.sheets
    scav = sheets["scavenger"]
    rows = [[e(item)] + [""] * (len(scav["columns"]) - 1) for item, _fact in scavenger_items(kit)]
    parts = [
        '<h2 class="newpage" id="worksheets">' + _("Worksheets") + "</h2>",
        f"<h3>{e(scav['title'])}</h3><p>{e(scav['intro'])}</p>",
        _table(scav["columns"], rows, "write-tall"),
        f"<p>{e(scav['scoring'])}</p>",
    ]
    gap = sheets["gap_register"]
    parts += [f"<h3>{e(gap['title'])}</h3><p>{e(gap['intro'])}</p>", _table(gap["columns"], [[""] * len(gap["columns"])] * 6, "write")]
    jig = sheets["jigsaw_grid"]
    questions = [myst_html(q) for q in jig["questions"]]
    parts += [f"<h3>{e(jig['title'])}</h3><p>{e(jig['intro'])}</p>",
              _table([_("Question")] + [e(n) for n in _case_names(kit)], [[q] + [""] * len(jig["countries"]) for q in questions], "write-tall")]
    return "\n".join(parts)


def _role_cards(kit: Kit) -> str:
    intro = kit.sheets["role_cards"]["intro"]
    cards = [
        '<div class="card"><h3>' + t("Role: {role}", role=e(c.name[:1].upper() + c.name[1:])) + "</h3>"
        "<p><strong>" + _("Mandate.") + f"</strong> {e(c.mandate)}</p><p><strong>" + _("Position.") + f"</strong> {e(c.position)}</p>"
        "<p><strong>" + _("Red lines.") + f"</strong> {e(c.red_lines)}</p><p><strong>" + _("What you want.") + f"</strong> {e(c.wants)}</p>"
        '<p class="meta">' + t("Drawn from: {source}. A role-play brief, not a statement of any real institution's view.", source=e(c.source)) + "</p></div>"
        for c in kit.roles
    ]
    return ('<h2 class="newpage" id="role-cards">' + _("Role cards: the inter-ministerial committee (session 7)") + f"</h2><p>{e(intro)}</p>"
            + "\n".join(cards))


def _observer_grid(kit: Kit) -> str:
    grid = kit.sheets["observer_grid"]
    rows = [[e(c.name[:1].upper() + c.name[1:])] + [""] * (len(grid["columns"]) - 1) for c in kit.roles]
    closing = "".join(f"<p><strong>{e(q)}</strong></p><div class=\"lines\"></div><div class=\"lines\"></div>" for q in grid["questions"])
    return f'<h2 class="newpage" id="observer-grid">{e(grid["title"])}</h2><p>{e(grid["intro"])}</p>' + _table(grid["columns"], rows, "write") + closing


def _persona_cards(kit: Kit) -> str:
    persona = kit.sheets["persona"]
    fields = "".join(f"<tr><th>{e(f)}</th><td></td></tr>" for f in persona["fields"])
    moments = _table([_("Moment"), _("Benefits"), _("Risks")], [[e(m), "", ""] for m in persona["moments"]], "write-tall")
    questions = "".join(f"<p><strong>{e(q)}</strong></p><div class=\"lines\"></div>" for q in persona["questions"])
    card = '<div class="card"><h3>' + _("Persona card") + f'</h3><table class="write">{fields}</table>{moments}{questions}</div>'
    return f'<h2 class="newpage" id="persona-cards">{e(persona["title"])}</h2><p>{e(persona["intro"])}</p>' + card + '<div class="newpage"></div>' + card


def _case_section(country: str) -> str:
    text = (chapters_dir() / "cross-cutting" / "case-studies.md").read_text(encoding="utf-8")
    found = re.search(rf"^### {re.escape(country)}\s*\n(.*?)(?=^#{{2,3}} )", text, flags=re.S | re.M)
    if not found:
        raise MmdpError(f"chapters/cross-cutting/case-studies.md has no section '### {country}' for the jigsaw")
    return found.group(1)


def _case_names(kit: Kit) -> list[str]:
    """The jigsaw's countries as worksheets.yml names them (the case studies' headings); in French or
    Spanish, the UN's name in that language."""
    names = kit.sheets["jigsaw_grid"]["countries"]
    if language() == LANGUAGES[0]:
        return list(names)
    return [resolve_place(code).local_name for code in JIGSAW_COUNTRIES]


def _jigsaw(kit: Kit) -> str:
    jig = kit.sheets["jigsaw_grid"]
    parts = ['<h2 class="newpage" id="jigsaw">' + _("Jigsaw handouts: the case countries (session 5)") + f'</h2><p>{e(jig["handout_intro"])}</p>']
    questions = "".join(f"<li>{myst_html(q)}</li>" for q in jig["questions"])
    case_page = "cross-cutting/case-studies.md"
    for code, name, shown in zip(JIGSAW_COUNTRIES, jig["countries"], _case_names(kit), strict=True):
        figures = case_figures(code)
        parts.append(
            f'<h3 class="newpage">{e(shown)}</h3><p><strong>' + _("The four questions.") + f'</strong></p><ol>{questions}</ol>'
            "<h4>" + t("The case (handbook, {page})", page=e(titles_doc(case_page))) + "</h4>"
            f"{myst_html(book_text(_case_section(name), case_page), kit.titles)}"
            "<h4>" + _("Data profile: key figures") + f"</h4>{finding_html(figures)}"
        )
    return "\n".join(parts)


def evaluation_body(kit: Kit) -> str:
    """The kit page's evaluation form on one page: self-ratings 1-5, the knowledge check, the after-only questions."""
    section = kit_sections()["Evaluation form"]
    rest = section.partition("**Before and after**")[2]
    ratings = [kit_text(r) for r in re.findall(r"^\d+\.\s+(.+)$", rest, flags=re.M)]
    rating_line = re.search(r"^\*\*Before and after\*\*.+?(?=\n\n)", section, flags=re.S | re.M).group(0)
    scale = re.search(r"\(.+?\)", kit_text(rating_line).partition("**")[2].partition("**")[2], flags=re.S).group(0)  # "(self-rating ...)"
    check_line = re.search(r"^\*\*Knowledge check\*\*.+?(?=\n\n)", rest, flags=re.S | re.M).group(0)
    task = re.search(r"[\"«“](.+?)[\"»”]", kit_text(check_line), flags=re.S).group(1).strip()
    after = [kit_text(q) for q in re.findall(r"^- (.+)$", rest.partition("**After only:**")[2], flags=re.M)]
    rows = [[e(f"{i}. {r}")] + ['<span class="box"></span>'] * 5 for i, r in enumerate(ratings, 1)]
    box = '<span class="box"></span>'
    return (
        '<div class="evaluation"><h2 id="evaluation">' + _("Evaluation form") + "</h2>"
        + "<p>" + t("Before {box} After {box} &nbsp; Sex (optional): woman {box} man {box} &nbsp; Anonymous: do not write your name.", box=box) + "</p>"
        + "<p><strong>" + _("Before and after") + f"</strong> {e(scale.replace(chr(10), ' '))}</p>"
        + _table([_("Statement"), "1", "2", "3", "4", "5"], rows)
        + "<p><strong>" + _("Knowledge check.") + f"</strong></p>{myst_html(task)}<div class=\"lines\"></div><div class=\"lines\"></div><div class=\"lines\"></div>"
        + "<p><strong>" + _("After the workshop only") + "</strong></p>"
        + "".join(f"<p>{e(q)}</p><div class=\"lines\"></div>" for q in after)
        + "</div>"
    )


EVALUATION_CSS = BOOK_CSS + """
.evaluation{font-size:9.5pt;line-height:1.3} .evaluation p{margin:.25rem 0} .evaluation table{font-size:9pt}
.evaluation td,.evaluation th{padding:.1rem .3rem} .evaluation .lines{height:1.2rem}
"""


def participants_html(kit: Kit) -> str:
    parts = [_cover(kit, _("Participants' book"))]
    for day, sessions in _days(kit).items():
        parts.append(f'<h1 class="newpage">{e(day)}</h1>')
        for s in sessions:
            parts.append("<h2>" + t("Session {number}. {title} ({start}–{end})", number=s.number, title=e(s.title), start=s.start, end=s.end)
                         + f"</h2><p>{myst_html(s.objective, kit.titles).removeprefix('<p>')}")
            parts.append('<p class="meta">' + t("Reading: {pages}", pages=e(fmt.semicolons(_doc_titles(s.reading)))) + "</p>")
            parts += [_exercises_html(kit, s, solution=False)]
    parts += [_worksheets(kit), _persona_cards(kit), _role_cards(kit), _observer_grid(kit), _jigsaw(kit)]
    parts.append('<div class="newpage">' + evaluation_body(kit) + "</div>")
    return page(book_title(kit, "participants"), "\n".join(parts), EVALUATION_CSS)


def book_title(kit: Kit, book: str) -> str:
    """The title of the participants' or the facilitator's book ("Participants' book: Senegal")."""
    if book == "participants":
        return t("Participants' book: {place}", place=kit.place.local_name)
    return t("Facilitator's book: {place}", place=kit.place.local_name)


def _doc_titles(docs) -> list[str]:
    return [doc_title(d) for d in docs]


def timing_rows(session: Session, plan: Plan) -> list[tuple[str, str, int, str, str]]:
    """(from, to, minutes, kind, what) of each block, clock times from the session's start."""
    start = int(session.start[:2]) * 60 + int(session.start[3:])
    rows = []
    for block in plan.blocks:
        rows.append((clock(start), clock(start + block.minutes), block.minutes, block.kind, block.what))
        start += block.minutes
    return rows


def _timing_table(kit: Kit) -> str:
    rows = []
    for s in kit.sessions:
        plan = kit.plans[s.number]
        by_kind = {k: sum(b.minutes for b in plan.blocks if b.kind == k) for k in BLOCK_KINDS}
        rows.append([e(_day(s)), f"{s.number}. {e(s.title)}", f"{s.start}–{s.end}", str(s.minutes)] + [str(by_kind[k]) for k in BLOCK_KINDS])
    headers = [_("Day"), _("Session"), _("Time"), _("Minutes")] + [t("{format} (min)", format=_(BLOCK_LABELS[k]).capitalize()) for k in BLOCK_KINDS]
    return '<h2 id="timing">' + _("Timing table") + "</h2>" + _table(headers, rows)


def _scavenger_key(kit: Kit) -> str:
    from ..findings.factsheet import key_facts

    facts = key_facts(kit.place)  # the facts of the pack's key figures
    corridors = kit.pack["profile.corridors"]
    rows = []
    for item, key in scavenger_items(kit):
        if key:
            fact = facts[key]
            rows.append([e(item), e(fact.with_year()), e(fact.source)])
        else:
            rows.append([e(item), _("See the corridors finding below"), e(fmt.semicolons(corridors.chart_sources))])
    return (
        '<h2 class="newpage" id="scavenger-key">' + t("Scavenger hunt: what the pack says for {place}", place=e(kit.place.local_name)) + "</h2>"
        "<p>" + _("The figures participants should find in the country pack (the same findings the pack prints).") + "</p>"
        + _table([_("Item"), _("In the pack"), _("Source and edition")], rows)
        + finding_html(corridors, charts=False)
    )


def facilitator_html(kit: Kit) -> str:
    parts = [_cover(kit, _("Facilitator's book")), _timing_table(kit), '<h1 class="newpage" id="plans">' + _("Session plans") + "</h1>"]
    for s in kit.sessions:
        plan = kit.plans[s.number]
        rows = [[f"{a}–{b}", str(m), e(_(BLOCK_LABELS[k])), myst_html(w, kit.titles)] for a, b, m, k, w in timing_rows(s, plan)]
        parts.append(
            f'<h2 class="{"newpage" if s.number > 1 else ""}">' + t("Session {number}. {title}", number=s.number, title=e(s.title)) + "</h2>"
            '<p class="meta">' + t("{day} · {start}–{end} ({minutes} minutes) · slides: {deck}", day=e(s.day), start=s.start, end=s.end,
                                   minutes=s.minutes, deck="slides/session-%02d.html" % s.number) + "</p>"
            "<p><strong>" + _("Objective.") + f"</strong> {myst_html(s.objective, kit.titles).removeprefix('<p>')}"
            "<p><strong>" + _("Room set-up.") + f"</strong> {e(plan.room)}</p>"
            "<p><strong>" + _("Materials.") + "</strong></p><ul>" + "".join(f"<li>{e(m)}</li>" for m in plan.materials) + "</ul>"
            + _table([_("Time"), _("Min"), _("Format"), _("What happens")], rows)
            + "<p><strong>" + _("Gender-lens moment.") + f"</strong> {myst_html(s.gender_lens, kit.titles).removeprefix('<p>')}"
            + "<p><strong>" + _("Notes.") + f"</strong> {e(plan.notes)}</p>"
        )
    parts.append('<h1 class="newpage" id="solutions">' + _("Solutions, in session order") + "</h1>")
    for s in kit.sessions:
        parts.append("<h2>" + t("Session {number}. {title}", number=s.number, title=e(s.title)) + "</h2>")
        parts += [_exercises_html(kit, s, solution=True)]
    parts.append(_scavenger_key(kit))
    sections = kit_sections()
    for heading in ("Session formats", "Facilitation tips for a gender-responsive workshop"):
        parts.append(f'<h1 class="newpage">{e(kit_text(heading))}</h1>{myst_html(kit_text(sections[heading]), kit.titles)}')
    return page(book_title(kit, "facilitator"), "\n".join(parts))


# --- slides -------------------------------------------------------------------------------------------


def stages_of(session: Session) -> set[int]:
    """The planning stages a session's reading covers (chapters/stageN-...)."""
    return {int(m.group(1)) for doc in session.reading for m in [re.search(r"/stage(\d)-", doc)] if m}


def cycle_svg(highlight: set[int]) -> str:
    """The planning cycle, stages 0 to 6 round a circle, the session's stages filled."""
    import math

    items = []
    for stage, name in STAGE_NAMES.items():
        angle = -math.pi / 2 + 2 * math.pi * stage / len(STAGE_NAMES)
        x, y = 400 + 270 * math.cos(angle), 250 + 190 * math.sin(angle)
        on = stage in highlight
        number, title = e(t("Stage {number}", number=stage)), e(_(name))
        items.append(
            f'<g><rect x="{x - 95:.0f}" y="{y - 30:.0f}" width="190" height="60" rx="10" fill="{"#0072b2" if on else "#fff"}" '
            f'stroke="#0072b2" stroke-width="3"/><text x="{x:.0f}" y="{y - 5:.0f}" text-anchor="middle" font-size="17" '
            f'font-weight="bold" fill="{"#fff" if on else "#111"}">{number}</text><text x="{x:.0f}" y="{y + 17:.0f}" '
            f'text-anchor="middle" font-size="15" fill="{"#fff" if on else "#111"}">{title}</text></g>'
        )
    label = ", ".join(t("Stage {number}", number=s) for s in sorted(highlight)) or _("the whole cycle")
    described, this = e(t("The planning cycle, stages 0 to 6; this session: {stages}", stages=label)), e(t("This session: {stages}", stages=label))
    return (
        f'<svg viewBox="0 0 800 500" role="img" aria-label="{described}">'
        '<ellipse cx="400" cy="250" rx="270" ry="190" fill="none" stroke="#999" stroke-width="2" stroke-dasharray="8 6"/>'
        f'{"".join(items)}<text x="400" y="255" text-anchor="middle" font-size="18" fill="#333">{this}</text></svg>'
    )


@lru_cache(maxsize=32)
def diagram_svg(diagram: Diagram, lang: str) -> str:
    """The book's diagram as inline SVG, drawn by Graphviz from the same .dot file as the book's figure, its
    labels in ``lang`` as the book's (``mmdp.run.diagrams``), labelled with ``diagram.alt``."""
    import subprocess

    dot = chapters_dir() / "diagrams" / f"{diagram.name}.dot"
    code = translate_dot(dot.read_text(encoding="utf-8"), translator(lang))
    drawn = subprocess.run(["dot", "-Tsvg"], input=code, capture_output=True, text=True, check=False)
    if drawn.returncode != 0:
        raise MmdpError(f"Graphviz cannot draw chapters/diagrams/{dot.name}: {drawn.stderr.strip().splitlines()[-1] if drawn.stderr.strip() else 'no output'}")
    svg = drawn.stdout[drawn.stdout.index("<svg"):]
    svg = re.sub(r"<!--.*?-->\n?", "", svg, flags=re.S)  # Graphviz's comments name the machine's file paths
    head, rest = svg.split(">", 1)
    head = re.sub(r'\s(width|height)="[^"]*"', "", head)  # scaled by the slide's style, by its viewBox
    return head.replace("<svg", f'<svg role="img" aria-label="{e(diagram.alt)}"', 1) + ">" + rest


@lru_cache(maxsize=1)
def _slide_assets() -> tuple[str, str]:
    kit = workshop_kit_dir()
    return (kit / "slides.css").read_text(encoding="utf-8"), (kit / "slides.js").read_text(encoding="utf-8")


def _slide(title: str, body: str, notes: str, cls: str = "") -> str:
    return (f'<section class="slide {cls}"><h2>{e(title)}</h2><div class="content">{body}</div>'
            '<aside class="notes"><h3>' + _("Speaker notes") + f'</h3>{notes}</aside></section>')


def deck_html(kit: Kit, session: Session) -> str:
    """One session's slides: title, objectives, the planning cycle, the country's figures, the exercise
    prompts, the gender-lens moment; speaker notes under each slide (key N shows them)."""
    plan = kit.plans[session.number]
    place = kit.place
    rows = timing_rows(session, plan)
    running = "".join(f"<li>{a}–{b} {e(_(BLOCK_LABELS[k]))}: {myst_html(w, kit.titles).removeprefix('<p>').removesuffix('</p>' + chr(10))}</li>" for a, b, _minutes, k, w in rows)
    stages = stages_of(session)
    slides = [
        _slide(t("Session {number}. {title}", number=session.number, title=session.title),
               f'<p class="big">{e(place.local_name)} · {e(session.day)}</p><p class="big">{session.start}–{session.end}</p>'
               "<p>" + _("Mainstreaming migration into development planning, with a gender perspective") + "</p>",
               f"<p>{e(plan.notes)}</p><p>" + _("Running order:") + f"</p><ul>{running}</ul>", "title"),
        _slide(_("Objectives"), myst_html(session.objective, kit.titles)
               + "<p><strong>" + _("Reading:") + f"</strong> {e('; '.join(_doc_titles(session.reading)))}</p>"
               + "<p><strong>" + _("Notebooks:") + f"</strong> {e('; '.join(_doc_titles(session.notebooks)))}</p>",
               "<p>" + _("State the objective in one sentence; say which chapter it comes from.") + "</p>"),
        _slide(_("Where we are in the planning cycle"), cycle_svg(stages),
               "<p>" + (_("Stages filled in blue are this session's.") + " " if stages else
                        _("Stages filled in blue are this session's. Foundations sessions come before the cycle: show it whole.")) + "</p>"),
    ]
    for diagram in plan.diagrams:
        caption, alt = book_text(diagram.caption, diagram.source), translator(language())(diagram.alt)
        slides.append(_slide(caption.rstrip("."), diagram_svg(replace(diagram, alt=alt), language())
                             + '<p class="meta">' + t("From the handbook: {page}", page=e(titles_doc(diagram.source))) + "</p>",
                             "<p>" + _("The chapter's diagram. Walk through it from top to bottom; then ask the room where their own country stands.") + "</p>"
                             "<p>" + t("In words: {description}", description=e(alt)) + "</p>", "diagram"))
    shown = [(place.local_name, kit.pack[name]) for name in plan.findings]
    if session.number == 5:
        shown += [(resolve_place(code).local_name, case_figures(code)) for code in JIGSAW_COUNTRIES]
    for where, finding in shown:
        illustrative = finding.kind == "example"
        flag = {
            "example": '<p class="illustrative">' + _("Illustrative example: the handbook's example planning inputs, not the country's own.") + "</p>",
            "team": f'<p class="meta">{e(section_words(where)["team"])}</p>',
        }.get(finding.kind, "")
        title = finding.title if where in finding.title else t("{title}: {place}", title=finding.title, place=where)
        slides.append(_slide(title, flag + finding_html(finding),
                             "<p>" + t("Read the sentence aloud with its source and edition. Finding id <code>{id}</code>: "
                                       "participants cite it in Stage 2.", id=e(finding.id)) + "</p>"
                             + ("<p>" + _("Say aloud: illustrative values.") + "</p>" if illustrative else ""), "figure"))
    for ex in kit.session_exercises(session):
        slides.append(_slide(t("Exercise: {title}", title=ex.title), myst_html(ex.body, kit.titles),
                             "<p>" + t("Handout: participants' book, session {number}. The solution is in the facilitator's book.",
                                       number=session.number) + "</p>", "exercise"))
    slides.append(_slide(_("Gender-lens moment"), myst_html(session.gender_lens, kit.titles),
                         "<p>" + _("Stop and ask the gender question out loud; note the answers on a flip chart.") + "</p>"))
    css, js = _slide_assets()
    body = "\n".join(slides) + (
        '\n<nav class="controls" aria-label="' + e(_("Slides")) + '"><button id="prev" type="button">' + _("Previous") + '</button>'
        '<span id="counter" aria-live="polite"></span><button id="next" type="button">' + _("Next") + '</button>'
        '<button id="notes" type="button">' + _("Notes (N)") + '</button></nav>'
    )
    title = t("Session {number}: {title} ({place})", number=session.number, title=e(session.title), place=e(place.local_name))
    return (
        f'<!DOCTYPE html>\n<html lang="{language()}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{title}</title><style>{css}</style></head>"
        f"<body>\n<main>\n{body}\n</main>\n<script>{js}</script>\n</body></html>\n"
    )


# --- the build ----------------------------------------------------------------------------------------------


def _print_pdf_module():
    spec = importlib.util.spec_from_file_location("print_pdf", scripts_dir() / "print_pdf.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _workbook(kit: Kit, path: Path) -> int:
    """A blank planning workbook whose README sheet lists the place's Stage 1 finding ids (from the pack's
    executed Stage 1 notebooks, with their sentences). Returns how many ids it lists."""
    import openpyxl
    from openpyxl.styles import Font

    from ..inputs.workbook import write_workbook

    place = kit.place
    found = {f.id: f.sentence.strip() for f in kit.pack.values() if f.stage == 1 and f.sentence}
    if not found:
        raise MmdpError(f"the pack for {place.code} has no Stage 1 findings; run `mmdp pack {place.code}` and read its errors")
    write_workbook({}, path)
    book = openpyxl.load_workbook(path)
    sheet = book["README"]
    sheet.append([])
    sheet.append([t("Stage 1 findings for {place} ({code}): cite their ids in the priorities sheet, column finding_ids",
                    place=place.local_name, code=place.code)])
    sheet.cell(sheet.max_row, 1).font = Font(bold=True)
    sheet.append([_("finding id"), _("what it says (from the country pack)")])
    for finding_id, sentence in found.items():
        sheet.append([finding_id, re.sub(r"[*_`]", "", sentence)])
    sheet.column_dimensions["A"].width = 28
    sheet.column_dimensions["B"].width = 110
    book.save(path)
    return len(found)


def _readme_line(name: str, what: str, width: int = 27, wrap: bool = False) -> str:
    """A line of the README's file list: the file's name in a column of ``width``, then what it is (``wrap``:
    on lines of at most 106 characters, under the column)."""
    import textwrap

    if not wrap:
        return f"    {name:<{width}}{what}\n"
    return textwrap.fill(what, 106, initial_indent=f"    {name:<{width}}", subsequent_indent=" " * (4 + width), break_on_hyphens=False) + "\n"


def _readme(place: Place, kit: Kit, national: Path | None) -> str:
    options = (f" --inputs {kit.inputs.name}" if kit.inputs else "") + (f" --national {national.name}" if national else "")
    options += f" --lang {language()}" if language() != LANGUAGES[0] else ""
    optional = _("(optional day)")
    decks = "".join(_readme_line(f"slides/session-{s.number:02d}.html/.pdf", f"{s.number}. {s.title}" + (f" {optional}" if s.optional else ""), 29)
                    for s in kit.sessions)
    return (
        t("Workshop in a box: {place} ({code})", place=place.local_name, code=place.code) + "\n\n"
        + _("Everything works offline; every PDF prints on A4.") + "\n\n"
        + _readme_line("participants.pdf (.html)", _("exercises without solutions per day, worksheets, persona cards, role cards, "
                                                     "observer grid, jigsaw handouts, evaluation form"), wrap=True)
        + _readme_line("evaluation-form.pdf", _("the before-and-after evaluation form alone (one page)"))
        + _readme_line("facilitator.pdf (.html)", _("timing table, session plans, every solution, facilitation notes"))
        + decks
        + " " * 31 + _("(in a browser: arrow keys move, N shows the speaker notes)") + "\n"
        + _readme_line(f"pack/{place.code}/index.html", t("the country pack (every stage), as `{command}` builds it",
                                                          command="mmdp pack " + place.code + options), 26)
        + (_readme_line(f"pack/{place.code}/plan.docx, plan.xlsx", t("the plan from {inputs}, for Word and Excel", inputs=kit.inputs.name), 32)
           if kit.inputs else "")
        + _readme_line("planning-workbook.xlsx", _("blank planning workbook; its README sheet lists the Stage 1 finding ids"))
        + "\n" + t("Built with: {command}", command="mmdp workshop " + place.code + options) + "\n"
    )


def build_workshop(country: str, out: Path = Path("out"), jobs: int = 2, say: Callable[[str], None] = print,
                   inputs: str | Path | None = None, national: str | Path | None = None) -> Path:
    """Write ``out/workshop-<code>/`` and ``out/workshop-<code>.zip``; returns the folder. ``inputs`` and
    ``national`` are the country team's planning inputs and national figures, as for ``mmdp pack``."""
    from .pack import build_packs, pack_name
    from .runner import check_sources, run_all

    started = time.perf_counter()
    place = resolve_place(country)  # an unknown country stops here, before anything is written
    inputs = check_sources(inputs, national, place.code)  # bad inputs too: the same refusals as `mmdp pack`
    national = Path(national) if national is not None else None
    if shutil.which("dot") is None:
        raise MmdpError("Graphviz (dot) is not installed: the slides draw the book's diagrams with it; install it with `make diagram-deps`")
    kit = read_kit(place, inputs)
    say(f"[1/6] kit: {len(kit.sessions)} sessions, {sum(len(kit.session_exercises(s)) for s in kit.sessions)} exercises "
        f"from the chapters, {len(kit.roles)} role cards")
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    final = out / f"workshop-{place.code}"
    work = out / f".workshop-{place.code}.building"
    shutil.rmtree(work, ignore_errors=True)
    try:
        work.mkdir()
        tick = time.perf_counter()
        results = run_all([place.code], out=out, jobs=jobs, inputs=inputs, national=national, html=True, progress=False)
        failed = [r for r in results if r.error]
        if failed:
            raise MmdpError(f"{len(failed)} notebook runs of the pack failed ({', '.join(r.notebook for r in failed)}); run `mmdp pack {place.code}` to see why")
        build_packs([place.code], out, inputs=inputs, national=national)
        with zipfile.ZipFile(out / f"{pack_name(place.code)}.zip") as archive:
            archive.extractall(work / "pack")
        say(f"[2/6] country pack: {sum(not r.skipped for r in results)} notebooks run, {sum(r.skipped for r in results)} up to date ({time.perf_counter() - tick:.0f} s)")

        tick = time.perf_counter()
        kit.pack = read_pack(out / pack_name(place.code), place.name, kit.shown)
        missing = sorted(kit.shown - set(kit.pack))
        if missing:
            raise MmdpError(f"chapters/workshop/kit/sessions.yml names findings the pack does not print ({', '.join(missing)}); "
                            f"use ids from the pack's pages, e.g. {', '.join(list(kit.pack)[:3])}")
        ids = _workbook(kit, work / "planning-workbook.xlsx")
        say(f"[3/6] {len(kit.pack)} findings read from the pack's notebooks; planning workbook: README lists {ids} Stage 1 finding ids")

        with Printer() as printer:  # Chromium prints in its own thread while the decks are computed
            books = (
                ("participants.html", participants_html(kit), book_title(kit, "participants")),
                ("facilitator.html", facilitator_html(kit), book_title(kit, "facilitator")),
                ("evaluation-form.html", page(_("Evaluation form"), evaluation_body(kit), EVALUATION_CSS), None),
            )
            for name, text, title in books:
                (work / name).write_text(text, encoding="utf-8")
                printer.add(work / name, title)
            say(f"[4/6] books: participants, facilitator, evaluation form ({time.perf_counter() - tick:.0f} s)")
            tick = time.perf_counter()
            (work / "slides").mkdir()
            for session in kit.sessions:
                deck = work / "slides" / f"session-{session.number:02d}.html"
                deck.write_text(deck_html(kit, session), encoding="utf-8")
                printer.add(deck, None)
            say(f"[5/6] slides: {len(kit.sessions)} decks for {place.name} ({time.perf_counter() - tick:.0f} s)")
            tick = time.perf_counter()
        say(f"[6/6] {printer.printed} PDFs printed with Chromium (the last {time.perf_counter() - tick:.0f} s after the decks)")
        (work / "README.txt").write_text(_readme(place, kit, national), encoding="utf-8")
        _zip(work, out / f".workshop-{place.code}.zip.building", f"workshop-{place.code}")
        if final.exists():
            shutil.rmtree(final)
        work.rename(final)
        (out / f".workshop-{place.code}.zip.building").replace(out / f"workshop-{place.code}.zip")
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        (out / f".workshop-{place.code}.zip.building").unlink(missing_ok=True)
        raise
    size = (out / f"workshop-{place.code}.zip").stat().st_size
    folder_size = sum(p.stat().st_size for p in final.rglob("*") if p.is_file())
    warn = f" (over {ZIP_LIMIT / 1e6:.0f} MB)" if size > ZIP_LIMIT else ""
    say(f"workshop: {final}/ ({folder_size / 1e6:.1f} MB) and {final}.zip ({size / 1e6:.1f} MB){warn} in {time.perf_counter() - started:.0f} s")
    return final


class Printer:
    """PDFs printed by ``scripts/print_pdf.py`` in a thread of their own while the pages are still being
    written, with one Chromium and one page reused from file to file (a new page per file starts a
    renderer: most of the cost of a small PDF). Two such threads were no faster on the 2-core machine
    (``bench/workshop.py``). Files are printed in the order they are added; leaving the ``with`` block
    waits for the last and raises the first failure."""

    def __init__(self) -> None:
        import queue

        self._printer = _print_pdf_module()
        why = importlib.import_module("browser").chromium_missing()  # scripts/browser.py, on the path print_pdf sets
        if why:
            raise MmdpError(f"{why}; install it with `make browser-deps`")
        self._queue: queue.Queue = queue.Queue()
        self._error: BaseException | None = None
        self.printed = 0

    def add(self, source: Path, title: str | None) -> None:
        if self._error is not None:
            raise self._error
        self._queue.put((source, title))

    def _run(self) -> None:
        from playwright.sync_api import sync_playwright

        try:
            with sync_playwright() as playwright:
                browser = self._printer.launch(playwright)
                try:
                    _context, page = self._printer.print_page(browser)
                    while (job := self._queue.get()) is not None:
                        source, title = job
                        self._printer.print_pdf(source, source.with_suffix(".pdf"), title=title, toc=title is not None, page=page)
                        self.printed += 1
                finally:
                    browser.close()
        except BaseException as exc:  # handed to the main thread, which stops adding
            self._error = exc

    def __enter__(self) -> Printer:
        import threading

        self._thread = threading.Thread(target=self._run, name="mmdp-print", daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self._queue.put(None)
        self._thread.join()
        if self._error is not None and exc_info[0] is None:
            raise self._error


def _zip(folder: Path, target: Path, prefix: str) -> None:
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                archive.write(path, f"{prefix}/{path.relative_to(folder).as_posix()}")
