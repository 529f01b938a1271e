"""Static checks of the Jupyter Book sources (no build, no network); see docs/chapter-conventions.md."""

import json
import os
import re
from collections import Counter
from itertools import takewhile
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
SUFFIXES = (".md", ".ipynb")
GLOSSARY = ROOT / "chapters" / "reference" / "glossary.md"
# A stage overview opens with what a reader needs before committing to the chapter (OPENING), then the rest.
OPENING = ["Prerequisites", "Time to learn", "What you leave with"]
STAGE_HEADINGS = OPENING + ["Overview", "Who is involved", "Time needed",
                            "Gender lens", "Paired notebooks", "Exercises", "Key takeaways"]
MIN_EXERCISES, MIN_WORDS = 2, 2000

ROLE = re.compile(r"(?<!`)\{([a-z][\w:-]*)\}`([^`]+)`")
DIRECTIVE = re.compile(r"^\s*(:{3,}|`{3,})\{([\w:-]+)\}[ \t]*(.*)$")
OPTION = re.compile(r"^\s*:([\w-]+):[ \t]*(.*)$")
FENCE_OPEN = re.compile(r"^\s*(`{3,}|~{3,})(.*)$")
FENCE_CLOSE = re.compile(r"^\s*(:{3,}|`{3,})\s*$")
TARGET = re.compile(r"^(.*?)<([^<>]+)>\s*$", re.S)
BIB_ENTRY = re.compile(r"^\s*@(\w+)\s*[{(]\s*([^,\s]+)\s*,", re.M)


def _rel(path: Path) -> str:
    """Path relative to the book root, with forward slashes."""
    return Path(os.path.relpath(path, ROOT)).as_posix()


def _docname(name: str) -> str:
    """A TOC/doc name without leading slash or .md/.ipynb suffix."""
    return re.sub(r"\.(md|ipynb)$", "", name.strip().lstrip("/"))


def _page_exists(base: Path) -> bool:
    """True if base.md or base.ipynb is a file."""
    return any(base.with_name(base.name + s).is_file() for s in SUFFIXES)


def _toc_files(node):
    """Yield every `root:` and `file:` value in the parsed _toc.yml."""
    items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
    for key, value in items:
        if key in ("root", "file") and isinstance(value, str):
            yield value
        yield from _toc_files(value)


GENERATED = "gallery/"  # written by `python -m mmdp.run.gallery` before the build (make book), not committed
TOC_FILES = [
    f for f in _toc_files(yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))) if not f.startswith(GENERATED)
]
TOC_DOCS = {_docname(f) for f in TOC_FILES}
PAGES = sorted(
    p for d in ("chapters", "notebooks") for p in (ROOT / d).rglob("*")  # not README, checkpoints, gallery
    if p.suffix in SUFFIXES and p.is_file() and p.name != "README.md"
    and not {".ipynb_checkpoints", "gallery"} & set(p.relative_to(ROOT).parts)
) + [ROOT / "intro.md"]
STAGES = sorted((ROOT / "chapters").glob("stage*/index.md"))
# Notebooks that other work streams are building for the paired-notebook sections of the stage chapters.
# A {doc} link to one of them may point to a file not yet in this branch; once the file exists, every
# other check (exists, listed in _toc.yml) applies to it as to any page.
PLANNED_NOTEBOOKS = {f"notebooks/{n}" for n in (
    "stakeholders_readiness", "priorities", "results_framework", "costing", "workplan", "monitoring",
    "remittance_scenario")}


def _toc_sections(node, parent=None):
    """Yield (parent file, section file) pairs of the parsed _toc.yml."""
    if isinstance(node, dict):
        here = node.get("file", parent)
        for key, value in node.items():
            if key == "sections" and isinstance(value, list):
                for item in value:
                    if isinstance(item, dict) and isinstance(item.get("file"), str):
                        yield _docname(here), _docname(item["file"])
            yield from _toc_sections(value, here if key == "sections" else parent)
    elif isinstance(node, list):
        for item in node:
            yield from _toc_sections(item, parent)


TOC_SECTIONS = list(_toc_sections(yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))))


def _chapter_pages(index: Path) -> list[Path]:
    """A stage chapter: its index page, then the section pages of its own folder, in _toc.yml order.

    Long stage chapters are split Pythia-style into an overview (index.md) and section pages; the
    conventions (required headings in order, exercises, minimum length) apply to the chapter as a whole.
    """
    doc = _rel(index.with_suffix(""))
    folder = _rel(index.parent)
    return [index] + [ROOT / f"{s}.md" for parent, s in TOC_SECTIONS
                      if parent == doc and s.startswith(folder + "/") and (ROOT / f"{s}.md").is_file()]


def _chapter_text(index: Path) -> str:
    """Markdown of a whole stage chapter (see _chapter_pages), code fences removed."""
    return "\n\n".join(_text(p) for p in _chapter_pages(index))
BIB_KEYS = [m.group(2) for m in BIB_ENTRY.finditer((ROOT / "references.bib").read_text(encoding="utf-8"))
            if m.group(1).lower() not in ("comment", "string", "preamble")]


def _strip_code(text: str) -> str:
    """Drop plain code fences (``` or ~~~ without a {directive}) and their content."""
    out, closer, directives = [], None, []
    for line in text.splitlines():
        if closer:
            if re.match(rf"^\s*{re.escape(closer)}+\s*$", line):
                closer = None
            continue
        m = FENCE_OPEN.match(line)
        if m:
            fence, info = m.group(1), m.group(2).strip()
            if info.startswith("{"):
                directives.append(fence)
            elif not info and directives and fence.startswith(directives[-1]):
                directives.pop()
            else:
                closer = fence
                continue
        out.append(line)
    return "\n".join(out)


def _text(page: Path) -> str:
    """Markdown of a page (notebooks: markdown cells), code fences removed."""
    raw = page.read_text(encoding="utf-8")
    if page.suffix == ".ipynb":
        cells = [c for c in json.loads(raw).get("cells", []) if c.get("cell_type") == "markdown"]
        raw = "\n\n".join("".join(c["source"]) for c in cells)
    return _strip_code(raw)


def _roles(page: Path):
    """(role name, body) pairs of the page's roles (not inside `code`); bodies may span lines."""
    return ROLE.findall(_text(page))


def _target(body: str) -> str:
    """The target of `text <target>` or of a bare `target`, whitespace-normalised."""
    return " ".join((m.group(2) if (m := TARGET.match(body)) else body).split())


def _directives(text: str):
    """Yield (name, argument, options) for every MyST directive opening in text."""
    lines = text.splitlines()
    for i, m in enumerate(map(DIRECTIVE.match, lines)):
        if m:
            options = takewhile(bool, map(OPTION.match, lines[i + 1:]))
            yield m.group(2), m.group(3).strip(), {o.group(1): o.group(2).strip() for o in options}


def _glossary_terms() -> set[str]:
    """Lower-cased terms: non-indented, non-option lines inside the :::{glossary} block."""
    terms, inside = set(), False
    for line in GLOSSARY.read_text(encoding="utf-8").splitlines():
        if DIRECTIVE.match(line) and "{glossary}" in line:
            inside = True
        elif inside and FENCE_CLOSE.match(line):
            break
        elif inside and line.strip() and not line[0].isspace() and not line.startswith(":"):
            terms.add(" ".join(line.split()).lower())
    return terms


GLOSSARY_TERMS = _glossary_terms()


def test_sources_parse_to_something():
    """Guard against silent parser breakage: TOC, bib, glossary and stages are non-empty."""
    assert "intro" in TOC_DOCS, "_toc.yml: root 'intro' not found"
    assert BIB_KEYS, "references.bib: no @type{key, entries found"
    assert GLOSSARY_TERMS, f"{_rel(GLOSSARY)}: no terms found in the :::{{glossary}} block"
    assert STAGES, "chapters/: no stage*/index.md chapters found"


@pytest.mark.parametrize("entry", TOC_FILES)
def test_toc_entry_exists(entry):
    """1. Every root/file entry of _toc.yml exists as .md or .ipynb."""
    assert _page_exists(ROOT / _docname(entry)), f"_toc.yml: '{entry}' has no {entry}.md or {entry}.ipynb"


@pytest.mark.parametrize("page", PAGES, ids=_rel)
def test_page_is_in_toc(page):
    """2. No orphan pages."""
    assert _rel(page.with_suffix("")) in TOC_DOCS, f"{_rel(page)}: orphan page, not listed in _toc.yml"


@pytest.mark.parametrize("page", PAGES, ids=_rel)
def test_citations_exist(page):
    """3. Every {cite...} key is in references.bib."""
    used = {k.strip() for name, body in _roles(page) if name.split(":")[0] == "cite" for k in body.split(",")}
    missing = sorted(used - set(BIB_KEYS) - {""})
    assert not missing, f"{_rel(page)}: citation keys not in references.bib: {missing}"


def test_bib_keys_unique():
    """3. references.bib has no duplicate keys (case-insensitive, as pybtex treats them)."""
    dups = sorted(k for k, n in Counter(k.lower() for k in BIB_KEYS).items() if n > 1)
    assert not dups, f"references.bib: duplicate keys: {dups}"


@pytest.mark.parametrize("page", PAGES, ids=_rel)
def test_glossary_terms_defined(page):
    """4. Every {term} target is defined in the glossary (Sphinx matches terms case-insensitively)."""
    missing = sorted({_target(b) for n, b in _roles(page) if n == "term" and _target(b).lower() not in GLOSSARY_TERMS})
    assert not missing, f"{_rel(page)}: {{term}} targets not in {_rel(GLOSSARY)}: {missing}"


@pytest.mark.parametrize("page", STAGES, ids=_rel)
def test_stage_headings(page):
    """5. Required ## headings are present, spelled exactly, in the required order."""
    heads = [h.strip() for h in re.findall(r"^## (.+)$", _chapter_text(page), re.M)]
    missing = [h for h in STAGE_HEADINGS if h not in heads]
    assert not missing, f"{_rel(page)}: missing required headings: {missing}"
    order = [heads.index(h) for h in STAGE_HEADINGS]
    found = [h for h in heads if h in STAGE_HEADINGS]
    assert order == sorted(order), f"{_rel(page)}: required headings out of order: {found}; want {STAGE_HEADINGS}"


@pytest.mark.parametrize("page", STAGES, ids=_rel)
def test_stage_exercises(page):
    """5. At least two labelled exercises, each with a `{solution} label` that has :class: dropdown."""
    directives = list(_directives(_chapter_text(page)))
    labels = [o.get("label") for n, _, o in directives if n == "exercise"]
    solutions = {arg: o for n, arg, o in directives if n == "solution"}
    assert len(labels) >= MIN_EXERCISES, f"{_rel(page)}: {len(labels)} {{exercise}} blocks, need {MIN_EXERCISES}"
    problems = ["an {exercise} has no :label:"] if None in labels else []
    for label in filter(None, labels):
        if label not in solutions:
            problems.append(f"no {{solution}} {label}")
        elif "dropdown" not in solutions[label].get("class", "").split():
            problems.append(f"{{solution}} {label} lacks :class: dropdown")
    assert not problems, f"{_rel(page)}: {problems}"


def _prose_words(text: str) -> int:
    """Words outside code fences, directive fence lines and directive option lines."""
    lines = [ln for ln in text.splitlines() if not (DIRECTIVE.match(ln) or OPTION.match(ln) or FENCE_CLOSE.match(ln))]
    return sum(1 for line in lines for word in line.split() if re.search(r"\w", word))


@pytest.mark.parametrize("page", STAGES, ids=_rel)
def test_stage_length(page):
    """5. At least 2,000 words of prose in the chapter (overview page and its sections together)."""
    words = _prose_words(_chapter_text(page))
    assert words >= MIN_WORDS, f"{_rel(page)}: {words} words of prose, need {MIN_WORDS}"


def test_labels_unique():
    """6. Exercise (and other directive / (target)=) labels are unique across the book."""
    seen: dict[str, list[str]] = {}
    for page, text in ((p, _text(p)) for p in PAGES):
        targets = re.findall(r"^\(([^()\s]+)\)=\s*$", text, re.M)
        for label in [o["label"] for _, _, o in _directives(text) if "label" in o] + targets:
            seen.setdefault(label, []).append(_rel(page))
    dups = {k: v for k, v in seen.items() if len(v) > 1}
    assert not dups, f"duplicate labels (label: pages): {dups}"


@pytest.mark.parametrize("page", PAGES, ids=_rel)
def test_doc_links_resolve(page):
    """7. Every {doc} target is an existing page listed in _toc.yml (relative to the page's folder)."""
    problems = set()
    for target in {_target(b) for n, b in _roles(page) if n == "doc"}:
        start = ROOT if target.startswith("/") else page.parent
        base = Path(os.path.normpath(start / _docname(target)))
        if _rel(base).startswith(GENERATED):
            continue  # generated before the build; the build itself (-W) checks these links
        if _rel(base) in PLANNED_NOTEBOOKS and not _page_exists(base):
            continue  # being built elsewhere; the build reports it as an unknown document until merged
        if not _page_exists(base):
            problems.add(f"{target!r} -> no {_rel(base)}.md/.ipynb")
        elif _rel(base) not in TOC_DOCS:
            problems.add(f"{target!r} -> {_rel(base)} is not in _toc.yml")
    assert not problems, f"{_rel(page)}: broken {{doc}} links: {sorted(problems)}"


@pytest.mark.parametrize("page", PAGES, ids=_rel)
def test_csv_table_files_exist(page):
    """8. Every :file: of a csv-table directive exists (relative to the page, or /-rooted)."""
    files = [o["file"] for n, _, o in _directives(_text(page)) if n == "csv-table" and "file" in o]
    missing = [f for f in files if not (ROOT / f.lstrip("/") if f.startswith("/") else page.parent / f).is_file()]
    assert not missing, f"{_rel(page)}: csv-table :file: not found: {missing}"


# --- Second edition: readability and hygiene guards -------------------------------------------------

MAX_PROSE_WORDS = 4000
TABLE_ROW = re.compile(r"^\s*\|")


def _budget_words(page: Path) -> int:
    """Words a reader reads as prose: outside code fences and {code-cell} blocks, outside directive
    fence and option lines, and outside Markdown table rows (tables are reference material)."""
    text = re.sub(r"(?ms)^(`{3,}|:{3,})\{code-cell\}.*?^\1\s*$", "", _text(page))
    return _prose_words("\n".join(ln for ln in text.splitlines() if not TABLE_ROW.match(ln)))


@pytest.mark.parametrize("page", PAGES, ids=_rel)
def test_page_word_budget(page):
    """Readability: no page carries more than 4,000 words of prose (rule in _budget_words)."""
    words = _budget_words(page)
    assert words <= MAX_PROSE_WORDS, f"{_rel(page)}: {words} words of prose, budget {MAX_PROSE_WORDS}; split the page"


# Internal material a reader does not have, and research working notes. Matched case-insensitively as
# whole phrases; a space in a phrase also matches a line break, since Markdown wraps lines anywhere.
INTERNAL = [
    r"domain brief", r"DEVELOPERS(?:\.md)?", r"DESIGN\.md", r"shared/reference", r"\.\./shared",
    r"subject-matter notes", r"issue\s+#?\d+", r"GitHub issue",
    r"(?:coding|agent|assistant|engineering|working)\s+session",
    r"session (?:notes?|logs?|brief|report)", r"fact[- ]check(?:ed|ing)?\s+(?:log|notes?)", r"TODO", r"FIXME", r"XXX",
    r"to verify", r"\(verify\)", r"verify (?:this|against|before)", r"not opened",
    r"not (?:re-?)?verified", r"not re-?checked", r"during (?:the )?research",
]
INTERNAL_RE = re.compile(r"(?i)(?<!\w)(?:" + "|".join(p.replace(" ", r"\s+") for p in INTERNAL) + r")(?!\w)")
# Data files whose text the pages render ({csv-table}, the practices filter), and the README that
# documents the framework catalogues next to them: held to the same rule as the pages. The official
# French and Spanish titles are read by the package, not rendered, and Spanish "todo" is no working note.
RENDERED_DATA = sorted(p for p in (ROOT / "data" / "frameworks").glob("*.csv") if p.name != "official_titles.csv") + [
    ROOT / "data" / "frameworks" / "README.md", ROOT / "data" / "practices.csv"]


@pytest.mark.parametrize("page", PAGES, ids=_rel)
def test_no_internal_material(page):
    """Reader-facing pages do not mention internal project material or working notes."""
    hits = sorted({m.group(0) for m in INTERNAL_RE.finditer(_text(page))})
    assert not hits, f"{_rel(page)}: mentions internal material {hits}"


@pytest.mark.parametrize("path", RENDERED_DATA, ids=_rel)
def test_rendered_data_has_no_internal_material(path):
    """The data files the pages render carry no internal material or working notes either."""
    hits = sorted({m.group(0) for m in INTERNAL_RE.finditer(path.read_text(encoding="utf-8"))})
    assert not hits, f"{_rel(path)}: mentions internal material {hits}"


WORKING_NOTE = re.compile(r"(?i)\b(?:verify|verified\?|to be verified|not\s+(?:re-?)?verified|not\s+re-?checked|"
                          r"during\s+(?:the\s+)?research|domain\s+brief|subject-matter\s+notes|shared/reference|"
                          r"not opened|not retrieved|todo|tbc|check|to check|fixme|unconfirmed)\b")
BIB_FIELD = re.compile(r"\b(note|annote|annotation|comment|howpublished|addendum)\s*=\s*\{((?:[^{}]|\{[^{}]*\})*)\}", re.I)


def test_bib_has_no_working_notes():
    """No references.bib entry carries a working note (verify, not verified, not opened, TODO, check...)."""
    bib = (ROOT / "references.bib").read_text(encoding="utf-8")
    bad = [f"{m.group(1)}: {m.group(2)[:80]}" for m in BIB_FIELD.finditer(bib) if WORKING_NOTE.search(m.group(2))]
    assert not bad, f"references.bib: working notes left in entries: {bad}"


CHAPTER_PAGES = [p for p in PAGES if _rel(p).startswith("chapters/") and p.suffix == ".md"
                 and _rel(p) != "chapters/reference/bibliography.md"] + [ROOT / "intro.md"]
NOTEBOOK_PAGES = [p for p in PAGES if _rel(p).startswith("notebooks/") and p.suffix == ".ipynb"]


@pytest.mark.parametrize("page", CHAPTER_PAGES + NOTEBOOK_PAGES, ids=_rel)
def test_page_ends_with_whats_next(page):
    """Each narrative and notebook page ends with a short summary and a "what's next" section (its last
    ## heading). A notebook ends on that markdown cell, and its what's next links the next page with {doc}."""
    heads = re.findall(r"^## (.+)$", _text(page), re.M)
    assert heads and re.search(r"(?i)what.s next", heads[-1]), (
        f"{_rel(page)}: last ## heading is {heads[-1] if heads else None!r}; end with a \"Summary and what's next\" section")
    if page.suffix == ".ipynb":
        last = json.loads(page.read_text(encoding="utf-8"))["cells"][-1]
        source = "".join(last["source"])
        assert last["cell_type"] == "markdown" and re.search(r"(?im)^## .*what.s next", source), (
            f"{_rel(page)}: the last cell must be the markdown \"Summary and what's next\" cell")
        assert "{doc}`" in source, f"{_rel(page)}: the \"what's next\" cell links no page with {{doc}}"


@pytest.mark.parametrize("page", STAGES, ids=_rel)
def test_stage_overview_opens_with_essentials(page):
    """Stage overview pages open with prerequisites, time to learn and what you leave with: their first
    three ## headings, before the overview (a reader should not scroll the whole page to find them)."""
    heads = [h.strip() for h in re.findall(r"^## (.+)$", _text(page), re.M)]
    assert heads[:3] == OPENING, f"{_rel(page)}: first ## headings are {heads[:3]}; want {OPENING} at the top"


GLANCE = re.compile(r"\A(?:---\n.*?\n---\n)?\s*(?:\([^()\s]+\)=\s*)?# .+\n\s*(:{3,})\{admonition\} At a glance\n(.*?)^\1\s*$",
                    re.S | re.M)
GLANCE_PAGES = [p for p in CHAPTER_PAGES if p != ROOT / "intro.md"]  # the landing page has its own cards


@pytest.mark.parametrize("page", GLANCE_PAGES, ids=_rel)
def test_page_opens_with_at_a_glance(page):
    """Every narrative page opens, right under its title, with an "At a glance" box of three to five points."""
    m = GLANCE.match(page.read_text(encoding="utf-8"))
    assert m, f"{_rel(page)}: the first thing under the # title must be a :::{{admonition}} At a glance box"
    points = re.findall(r"^- \S", m.group(2), re.M)
    assert 3 <= len(points) <= 5, f"{_rel(page)}: 'At a glance' has {len(points)} points; give three to five"


DIAGRAMS = ROOT / "chapters" / "diagrams"
MIN_DIAGRAMS = 10
TEXT_VERSION = re.compile(r"\A\s*(:{3,}|`{3,})\{dropdown\} Text version of the diagram\n(.*?)^\1\s*$", re.S | re.M)


def _diagram_uses():
    """(page, .dot path, options, text that follows the directive) for every {graphviz} directive."""
    for page in PAGES:
        text = _text(page)
        for m in re.finditer(r"^(`{3,}|:{3,})\{graphviz\}[ \t]*([^\n]*)\n(.*?)^\1[ \t]*$", text, re.M | re.S):
            options = {o.group(1): o.group(2).strip() for o in map(OPTION.match, m.group(3).splitlines()) if o}
            target = m.group(2).strip()
            path = ROOT / target.lstrip("/") if target.startswith("/") else page.parent / target
            yield page, path, options, text[m.end():]


def test_diagrams_are_svg_with_alt_text_and_a_text_version():
    """At least ten diagrams drawn at build time (Graphviz, SVG, no network): each used from a .dot file in
    chapters/diagrams, with alt text, a caption and a "Text version of the diagram" dropdown right after it;
    every .dot file there is used."""
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))["sphinx"]
    assert "sphinx.ext.graphviz" in config["extra_extensions"], "_config.yml: sphinx.ext.graphviz is not enabled"
    assert config["config"].get("graphviz_output_format") == "svg", "_config.yml: graphviz_output_format must be svg"
    problems, used = [], set()
    for page, path, options, after in _diagram_uses():
        where = f"{_rel(page)} ({path.name})"
        if path.parent != DIAGRAMS or not path.is_file():
            problems.append(f"{where}: not a file in chapters/diagrams")
        used.add(path)
        if len(options.get("alt", "")) < 40:
            problems.append(f"{where}: :alt: missing or too short to describe the diagram")
        if not options.get("caption"):
            problems.append(f"{where}: no :caption:")
        version = TEXT_VERSION.match(after)
        if not version or _prose_words(version.group(2)) < 20:
            problems.append(f"{where}: not followed by a :::{{dropdown}} Text version of the diagram with the text")
    unused = sorted(p.name for p in set(DIAGRAMS.glob("*.dot")) - used)
    assert not problems, f"diagrams: {problems}"
    assert not unused, f"chapters/diagrams: unused diagrams {unused}"
    assert len(used) >= MIN_DIAGRAMS, f"{len(used)} diagrams; the book needs at least {MIN_DIAGRAMS}"


PRACTICES = ROOT / "data" / "practices.csv"
PRACTICE_COLUMNS = ["programme", "country", "year", "stage", "topic", "what_was_done", "result", "source_key"]
MIN_PRACTICES, MIN_PRACTICE_COUNTRIES = 40, 20


def _practices() -> list[dict]:
    """Rows of data/practices.csv, after checking its header."""
    import csv

    with PRACTICES.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        assert reader.fieldnames == PRACTICE_COLUMNS, f"data/practices.csv: columns {reader.fieldnames}, want {PRACTICE_COLUMNS}"
        return list(reader)


def test_practices_compendium():
    """The compendium has at least 40 documented practices from at least 20 countries, covering every
    stage 0-6, each row complete."""
    rows = _practices()
    assert len(rows) >= MIN_PRACTICES, f"data/practices.csv: {len(rows)} practices, need at least {MIN_PRACTICES}"
    countries = {c.strip() for r in rows for c in r["country"].split(";") if c.strip()}
    assert len(countries) >= MIN_PRACTICE_COUNTRIES, (
        f"data/practices.csv: practices from {len(countries)} countries, need at least {MIN_PRACTICE_COUNTRIES}")
    problems = []
    for i, r in enumerate(rows, start=2):
        empty = [c for c in PRACTICE_COLUMNS if not r[c].strip()]
        if empty:
            problems.append(f"row {i}: empty {empty}")
        if not re.match(r"^[0-6] ", r["stage"]):
            problems.append(f"row {i}: stage {r['stage']!r} does not start with a stage number 0-6")
    missing_stages = sorted(set("0123456") - {r["stage"][:1] for r in rows})
    if missing_stages:
        problems.append(f"no practice for stage(s) {missing_stages}")
    assert not problems, f"data/practices.csv: {problems}"


def test_practice_sources_exist_in_bibliography():
    """Every compendium row cites one source key that exists in references.bib (the page renders it as
    an author-year citation linked to the bibliography)."""
    unknown = [(i, r["source_key"]) for i, r in enumerate(_practices(), start=2) if r["source_key"] not in BIB_KEYS]
    assert not unknown, f"data/practices.csv: source keys not in references.bib (row, key): {unknown}"


BIB_RECORD = re.compile(r"^\s*@(\w+)\s*\{\s*([^,\s]+)\s*,(.*?)(?=^\s*@|\Z)", re.M | re.S)
HOW_TO_OBTAIN = re.compile(r"(?i)\b(?:obtain|request|available from|search|catalogue|library|repository|database)\b")


def test_bib_entries_say_where_to_get_them():
    """No bibliography entry lacks both a publisher address (url) and a note saying how to obtain it."""
    bib = (ROOT / "references.bib").read_text(encoding="utf-8")
    records = [(m.group(2), m.group(3)) for m in BIB_RECORD.finditer(bib)
               if m.group(1).lower() not in ("comment", "string", "preamble")]
    assert len(records) == len(BIB_KEYS), f"references.bib: parsed {len(records)} records, {len(BIB_KEYS)} keys"
    bad = []
    for key, body in records:
        has_url = re.search(r"\burl\s*=\s*\{\s*https?://", body)
        note = " ".join(m.group(2) for m in BIB_FIELD.finditer(body))
        if not has_url and not HOW_TO_OBTAIN.search(note):
            bad.append(key)
    assert not bad, f"references.bib: entries with neither a url nor a note on how to obtain the document: {bad}"


def test_morocco_remittance_share_matches_data():
    """The Morocco remittance share quoted in the text is the latest value in data/remittances.csv."""
    import csv

    with (ROOT / "data" / "remittances.csv").open(encoding="utf-8", newline="") as fh:
        mar = [r for r in csv.DictReader(fh) if r["iso3"] == "MAR" and r["received_pct_gdp"]]
    latest = max(mar, key=lambda r: int(r["year"]))
    want = f"{float(latest['received_pct_gdp']):.1f} per cent of GDP in {latest['year']}"
    for page in ("chapters/foundations/migration-and-development.md", "chapters/cross-cutting/case-studies.md"):
        text = " ".join((ROOT / page).read_text(encoding="utf-8").split())
        assert want in text, f"{page}: expected Morocco's remittances as '{want}' (latest value in data/remittances.csv)"


# Named constants (lib/mmdp/constants.py) a page must read as MyST substitutions, never type.
TYPED_CONSTANTS = {
    "sdg_10c_target": r"(?<![\d.,])3\s?(?:%|per\s+cent)",
    "sdg_10c_ceiling": r"(?:above|more than|over)\s+5\s?(?:%|per\s+cent)",
    "send_amount": r"US\$\s?200\b",
    "remittance_dependence": r"25\s?(?:%|per\s+cent)\s+of\s+GDP",
    "corridor_min_migrants": r"1,000\s+(?:migrants|or more)",
    "gcm_objectives": r"\b23\s+objectives",
    "matrix_cutoff": r"(?:set at|cut-off of)\s+3\.0\b",
    "sensitivity_points": r"\bby\s+10\s+points",
    "tracker_green": r"\b0\.9\s+or\s+more",
    "tracker_amber": r"ratio\s+from\s+0\.5\b",
    "quadrant_priorities": r"\*Priorities\*",
    "quadrant_strategic": r"\*Strategic investments\*",
    "quadrant_quick_wins": r"\*Quick wins\*",
    "quadrant_park": r"\*Park\*",
    "risk_scale_max": r"\b1[–-]3\s+scales?\b",
    "risk_score_max": r"\(1[–-]9\)",
    "risk_low_max": r"\b1[–-]2\s+low\b",
    "risk_medium_min": r"\b3[–-]4\s+medium\b",
    "risk_medium_max": r"\b3[–-]4\s+medium\b",
    "risk_high": r"\b6\s+or\s+more\s+(?:=\s*)?high",
    "other_risk_scale_max": r"\b1[–-]5\s+scale\b",
    "other_risk_high": r"\b12\s+or\s+more\s+high",
    "gcm_forum_first": r"years\s+from\s+2022\b",
    "gcm_review_interval": r"every\s+(?:four|4)\s+years",
    "remittance_matrix_year": r"carried\s+in\s+2021\b",
}
SUBSTITUTION = re.compile(r"\{\{\s*(\w+)\s*\}\}")


@pytest.mark.parametrize("page", PAGES, ids=_rel)
def test_pages_read_named_constants(page):
    """'3 %' for SDG 10.c, 'US$ 200', '23 objectives'... come from the package: a chapter writes
    {{ name }}; a notebook's markdown (read raw in JupyterLab too) leaves the figure to its outputs."""
    from mmdp.render.format import constant_texts

    text = _text(page)
    typed = {name: m.group(0) for name, pattern in TYPED_CONSTANTS.items() if (m := re.search(pattern, text))}
    fix = "leave the figure to the finding's output" if page.suffix == ".ipynb" else "write {{ name }} instead"
    assert not typed, f"{_rel(page)}: types named constants {typed}; {fix}"
    used = set(SUBSTITUTION.findall(text))
    if page.suffix == ".ipynb":
        assert not used, f"{_rel(page)}: substitutions {sorted(used)} show raw in JupyterLab"
    assert not used - set(constant_texts()), f"{_rel(page)}: unknown substitutions {sorted(used - set(constant_texts()))}"


def test_constant_texts_print_the_constants():
    from mmdp import constants as c
    from mmdp.render.format import constant_texts

    texts = constant_texts()
    assert set(texts) == set(TYPED_CONSTANTS)
    assert texts["sdg_10c_target"] == f"{c.SDG_10C_TARGET_PCT:g} %" == "3 %"
    assert texts["sdg_10c_ceiling"] == f"{c.SDG_10C_CORRIDOR_CEILING_PCT:g} %"
    assert texts["send_amount"] == f"US$ {c.SEND_AMOUNT_USD}"
    assert texts["corridor_min_migrants"] == f"{c.CORRIDOR_MIN_MIGRANTS:,}"
    assert texts["gcm_objectives"] == str(c.GCM_OBJECTIVE_COUNT)
    assert (texts["matrix_cutoff"], texts["tracker_green"], texts["tracker_amber"]) == (f"{c.MATRIX_CUTOFF:.1f}", f"{c.TRACKER_GREEN:g}", f"{c.TRACKER_AMBER:g}")
    assert [texts[f"quadrant_{k}"] for k in ("priorities", "strategic", "quick_wins", "park")] == list(c.QUADRANTS.values())
    assert (texts["gcm_forum_first"], texts["gcm_review_interval"]) == (str(c.GCM_FORUM_FIRST), str(c.GCM_REVIEW_INTERVAL))
    assert texts["remittance_matrix_year"] == str(c.REMITTANCE_MATRIX_YEAR)
