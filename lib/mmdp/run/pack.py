"""Country packs: what a country team emails or opens offline.

``mmdp pack KGZ`` (or ``mmdp run KGZ --html``) leaves, in ``out/``:

- ``KGZ/<notebook>.html``: one page per executed notebook, code hidden, images compressed, and
  under each figure that carries its data a link to that data as CSV with a metadata file
  (source, edition, years, a citation to copy) in ``KGZ/data/``;
- ``KGZ/index.html``: key figures (``findings.factsheet``), links to each stage's pages, the
  inputs used and the data editions;
- ``KGZ.zip``: all of that, plus the inputs, the notebook templates (without outputs), a
  README with the command that reruns the pack, and a one-line environment check.

Pages use a small inline stylesheet and no scripts from the network: they open offline.

A pack is written in the current language (``mmdp.i18n``, ``--lang``): its pages, index, summary and
README, the notebooks' outputs and the narrative paragraphs the book's catalogs translate. An English
pack is ``out/KGZ/`` and ``out/KGZ.zip``; a pack in another language is ``out/KGZ-fr/`` and
``out/KGZ-fr.zip`` (``pack_name``), so packs in different languages sit side by side.
"""

from __future__ import annotations

import base64
import functools
import html
import io
import json
import re
import threading
import zipfile
from pathlib import Path

from ..constants import LANGUAGES
from ..data.loaders import provenance
from ..data.places import resolve_place
from ..findings.plan import label_marks
from ..i18n import N_, _, book_messages, language, message_key, t
from ..paths import REFERENCES, book_source, examples_dir, notebooks_dir
from ..render import format as fmt
from ..render.display import CHART_DATA_MIME, FINDING_METADATA
from .files import LOCK_NAME, STATE_DIR, atomic_write, out_lock
from .handbook import book_text, edition, today
from .notebooks import notebook_stages

PAGE_LIMIT = 1_000_000
SUMMARY_PAGE = "summary.html"
PACK_LIMIT = 8_000_000
STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;line-height:1.5;color:#222}
.mmdp-page{max-width:62rem;margin:0 auto;padding:1rem 1.5rem}
h1,h2,h3{line-height:1.25} a{color:#0b5cad} img{max-width:100%;height:auto}
table{border-collapse:collapse;margin:.5rem 0;font-size:.92rem} th,td{border-bottom:1px solid #ddd;padding:.25rem .6rem;text-align:left;vertical-align:top}
.mmdp-source{color:#555;font-size:.85rem} .mmdp-download{font-size:.85rem;margin-top:-.4rem}
nav{font-size:.9rem;margin-bottom:1rem} .note{background:#fff7e0;border-left:4px solid #e69f00;padding:.4rem .8rem}
.jp-InputPrompt,.jp-OutputPrompt,.prompt{display:none} pre{white-space:pre-wrap} code,pre{overflow-wrap:anywhere}
.admonition{border-left:4px solid #0b5cad;background:#f3f7fc;padding:.3rem .9rem;margin:1rem 0} .admonition.tip{border-color:#009e73;background:#effaf6}
.admonition-title{font-weight:600;margin:.3rem 0}
.anchor-link{display:none} .mmdp-banner{padding:.7rem max(1.5rem,calc(50% - 29.5rem));background:#7a3e00;color:#fff;font-weight:600;font-size:1.05rem}
.mmdp-banner small{display:block;font-weight:400;font-size:.88rem}
.mmdp-label{display:inline-block;margin:.8rem 0 .2rem;padding:.1rem .6rem;border-radius:3px;font-size:.85rem;font-weight:600}
.mmdp-label.example{background:#7a3e00;color:#fff} .mmdp-label.public{background:#e6f0fa;color:#0b3d6b} .mmdp-label.team{background:#eee;color:#222}
.mmdp-label.scenario{background:#fff7e0;color:#5a3b00;border:1px solid #e69f00}
.mmdp-references{font-size:.88rem} .mmdp-meta{color:#555;font-size:.88rem}
@media (max-width:600px){.mmdp-page{padding:.6rem .8rem} .mmdp-banner{padding:.6rem .8rem} table{display:block;overflow-x:auto}}
@media (max-width:600px){body{padding:.75rem} body>table,body>table>tbody,body>table>tbody>tr,body>table td{display:block}
body>table>thead{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
body>table>tbody>tr{border-bottom:1px solid #ddd;padding:.35rem 0} body>table td{border:none;padding:.05rem 0} body>table td:first-child{font-weight:600}}
"""
CHECK_ENV = 'python -c "import mmdp, pandas, matplotlib, seaborn, papermill, nbclient; print(\'environment OK, mmdp\', mmdp.__version__)"'


def pack_name(code: str, lang: str | None = None) -> str:
    """The folder and zip name of a place's pack: ``KGZ`` in English, ``KGZ-fr`` in French (``lang``,
    default the current language), so that a pack in one language never overwrites another's."""
    lang = lang or language()
    return code if lang == LANGUAGES[0] else f"{code}-{lang}"


def handbook_title() -> str:
    """The handbook's title in the current language (the book's theme catalog translates it)."""
    return book_text("mmdp_book", edition().title)


def handbook_url(page: str = "") -> str:
    """The address of a page of the online handbook in the current language (``<baseurl>/fr/...``), or ''."""
    book = edition()
    if not book.baseurl or language() == LANGUAGES[0]:
        return book.url(page)
    return book.url(f"{language()}/{page.strip('/')}") if page else f"{book.url()}{language()}/"


def compress_png(data: bytes, colors: int = 96) -> bytes:
    """A chart PNG with a reduced palette (flat colours: a third of the size, same look; the colours that
    fill it kept exactly, which Pillow's faster octree does not). Zlib's default level: half the time of
    ``optimize`` for files a tenth larger."""
    from PIL import Image

    image = Image.open(io.BytesIO(data))
    small = image.convert("RGB").quantize(colors=colors, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    buffer = io.BytesIO()
    small.save(buffer, "PNG")
    return buffer.getvalue() if len(buffer.getvalue()) < len(data) else data


_DATA_URI = re.compile(r"data:image/png;base64,([A-Za-z0-9+/=\s]+)")


def compress_output_images(output) -> None:
    """Compress the PNGs of one notebook output in place (image/png and inline data URIs)."""
    data = output.get("data", {})
    if "image/png" in data:
        raw = base64.b64decode(data["image/png"])
        data["image/png"] = base64.b64encode(compress_png(raw)).decode("ascii")
    if "base64," in data.get("text/html", ""):
        data["text/html"] = _DATA_URI.sub(
            lambda m: "data:image/png;base64," + base64.b64encode(compress_png(base64.b64decode(m.group(1)))).decode("ascii"),
            data["text/html"],
        )


def compress_notebook_images(nb) -> None:
    """Compress every PNG output of a notebook node in place."""
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            compress_output_images(output)


def _years(frame) -> str:
    if "year" not in frame.columns or frame["year"].dropna().empty:
        return ""
    low, high = int(frame["year"].min()), int(frame["year"].max())
    return str(low) if low == high else f"{low}-{high}"


def _integral(frame):
    """Counts stored as floats (1.0) written as whole numbers; missing stays empty."""
    frame = frame.copy()
    for column in frame.columns:
        series = frame[column]
        if series.dtype.kind == "f" and series.dropna().apply(float.is_integer).all():
            frame[column] = series.astype("Int64")
    return frame


def write_chart_data(payload: dict | str, name: str, folder: Path, place_name: str, finding: str = "", inputs: str | None = None) -> tuple[Path, Path]:
    """The data behind one figure (a Chart's ``CHART_DATA_MIME`` output) as ``<name>.csv`` and a
    metadata file ``<name>.json`` (figure, its finding id, the worked-example label where ``inputs``
    says so, place, source, years, columns, a citation) in ``folder``. Shared by the country packs and
    the book's downloads (_ext/mmdp_book.py)."""
    import pandas as pd

    if isinstance(payload, str):
        payload = json.loads(payload)
    frame = _integral(pd.read_csv(io.StringIO(payload["csv"])))
    folder.mkdir(parents=True, exist_ok=True)
    csv, meta_file = folder / f"{name}.csv", folder / f"{name}.json"
    frame.to_csv(csv, index=False, lineterminator="\n")
    years = _years(frame)
    source = payload.get("source", "")
    cited = source.removeprefix(fmt.source_line("\0").split("\0")[0]).rstrip(".")  # without its 'Source: '
    if years:
        citation = t("{source}. {place}, {years}. Compiled with the MMDP handbook (mmdp).", source=cited, place=place_name, years=years)
    else:
        citation = t("{source}. {place}. Compiled with the MMDP handbook (mmdp).", source=cited, place=place_name)
    meta = {
        "figure": payload.get("alt", ""),
        "finding": finding,
        **({"inputs": inputs} if inputs else {}),
        "place": place_name,
        "source": source,
        "years": years,
        "columns": list(frame.columns),
        "citation": citation,
        "missing_values": _("empty cells: the source gives no value (not zero)"),
    }
    meta_file.write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return csv, meta_file


def extract_chart_data(nb, stem: str, folder: Path, place_name: str) -> int:
    """Write the data behind each figure as CSV + metadata JSON, and link them under the figure."""
    count = 0
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            payload = data.pop(CHART_DATA_MIME, None)
            if not payload:
                continue
            count += 1
            name = f"{stem}-figure-{count}"
            finding = output.get("metadata", {}).get(FINDING_METADATA, {}).get("finding", "")
            example = 'class="mmdp-label example"' in data.get("text/html", "")
            write_chart_data(payload, name, folder, place_name, finding=finding, inputs=example_label(place_name) if example else None)
            link = '<p class="mmdp-download">' + t(
                'Data behind this figure: <a href="data/{name}.csv" download>CSV</a> · '
                '<a href="data/{name}.json">source, edition and citation</a>', name=name) + "</p>"
            if "text/html" in data:
                data["text/html"] += link
    return count


_EXPORTERS = threading.local()


def _exporter():
    """nbconvert's HTML exporter, one per thread (building one compiles its templates: about 0.1 s)."""
    if not hasattr(_EXPORTERS, "html"):
        from nbconvert import HTMLExporter

        _EXPORTERS.html = HTMLExporter(template_name="basic", exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True)
    return _EXPORTERS.html


def page_html(nb, title: str, fingerprint: str = "", banner: str = "", references: str = "") -> str:
    """One pack page: the notebook's outputs and narrative, code hidden, small inline style; ``banner``
    (a worked-example notice) opens it, ``references`` (the works it cites) closes it."""
    body, _resources = _exporter().from_notebook_node(nb)
    back = html.escape(_("Country pack index"))
    return (
        f'<!DOCTYPE html>\n<html lang="{language()}"><head><meta charset="utf-8">\n'
        f'<meta name="mmdp-fingerprint" content="{html.escape(fingerprint)}">\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1"><title>{html.escape(title)}</title>'
        f"<style>{STYLE}</style></head><body>\n{banner}"
        f'<main class="mmdp-page"><nav><a href="index.html">&larr; {back}</a></nav>\n'
        f"{body}\n{references}{_colophon()}</main></body></html>\n"
    )


def _colophon() -> str:
    """The handbook's version and the pack's date, and where the handbook is online."""
    book, e = edition(), html.escape
    fields = {"title": e(handbook_title()), "edition": e(book.edition), "version": e(book.version), "date": today().isoformat()}
    if book.baseurl:
        text = t('{title}, {edition}, version {version} · generated {date} · <a href="{url}">the handbook online</a>',
                 url=e(handbook_url()), **fields)
    else:
        text = t("{title}, {edition}, version {version} · generated {date}", **fields)
    return f'<p class="mmdp-meta">{text}</p>\n'


def notebook_title(nb, fallback: str) -> str:
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return fallback


def page_title(nb, stem: str) -> str:
    """A notebook's title in the current language (the book's catalog of ``notebooks/<stem>``)."""
    return book_text(f"notebooks/{stem}", notebook_title(nb, stem))


_HEADING = re.compile(r"^(?P<marks>#{1,6}[ \t]+)(?P<text>.+)$")
_FENCE_TITLE = re.compile(r"^(?P<fence>(?::{3,}|`{3,})\{[a-z]+\}[ \t]+)(?P<title>\S.*)$")
_STRUCTURE = re.compile(r"^(?::{3,}|`{3,}|:[a-z-]+:)")


def translate_markdown(markdown: str, page: str) -> str:
    """A notebook's markdown cell in the current language, paragraph by paragraph from the book's catalog
    of ``page`` (Sphinx's messages: a heading, an admonition title, a paragraph with its lines joined by
    spaces, MyST roles kept). A paragraph the catalog does not translate (or marks fuzzy) stays English."""
    messages = book_messages(page, language())
    if not messages:
        return markdown
    out: list[str] = []
    paragraph: list[str] = []

    def flush() -> None:
        if paragraph:
            out.append(messages.get(message_key(" ".join(paragraph)), "\n".join(paragraph)))
            paragraph.clear()

    for line in markdown.split("\n"):
        heading, title = _HEADING.match(line), _FENCE_TITLE.match(line)
        if line.strip() and not heading and not _STRUCTURE.match(line):
            paragraph.append(line)
            continue
        flush()
        if heading:
            line = heading["marks"] + messages.get(message_key(heading["text"]), heading["text"])
        elif title:
            line = title["fence"] + messages.get(message_key(title["title"]), title["title"])
        out.append(line)
    flush()
    return "\n".join(out)


def notebook_place_name(nb, fallback: str = "") -> str:
    """The name of the place a notebook was run for: papermill's ``country`` parameter, else the
    ``country = "..."`` of its parameters cell (the book's notebooks), else ``fallback``."""
    import ast

    place = nb.metadata.get("papermill", {}).get("parameters", {}).get("country")
    for cell in nb.cells if place is None else []:
        if cell.cell_type == "code" and "parameters" in cell.metadata.get("tags", []):
            for node in ast.parse(cell.source).body:
                if isinstance(node, ast.Assign) and any(getattr(target, "id", "") == "country" for target in node.targets) \
                        and isinstance(node.value, ast.Constant):
                    place = node.value.value
    if not place:
        return fallback
    try:
        return resolve_place(place).local_name
    except Exception:
        return str(place)


# --- the book's MyST, rendered as the book renders it ---------------------------------------------

_ADMONITION = re.compile(
    r"^(?P<fence>:{3,}|`{3,})\{(?P<kind>admonition|note|tip|important|warning|caution|seealso)\}[ \t]*(?P<title>[^\n]*)\n"
    r"(?P<options>(?::[a-z-]+:[^\n]*\n)*)(?P<body>.*?)^(?P=fence)[ \t]*$",
    re.M | re.S,
)
_ROLE = re.compile(r"\{(?P<role>[a-z]+)(?::[a-z]+)?\}`(?P<text>[^`]*)`")
_TARGET = re.compile(r"^(?P<label>.*?)\s*<(?P<target>[^<>]+)>$", re.S)


@functools.cache
def _bibliography() -> dict[str, dict[str, str]]:
    """references.bib as {key: {'short': 'Azam et al. 2020', 'full': 'Azam, ... (2020). Title. Publisher.', 'url': ...}}."""
    from pybtex.database import parse_file

    works = {}
    for key, entry in parse_file(str(REFERENCES), bib_format="bibtex").entries.items():
        people = entry.persons.get("author") or entry.persons.get("editor") or []
        names = [" ".join(p.last_names).replace("{", "").replace("}", "") for p in people]
        year = entry.fields.get("year", "n.d.")
        short = (names[0] + (" and " + names[1] if len(names) == 2 else " et al." if len(names) > 2 else "")) if names else ""
        short = short or entry.fields.get("institution", entry.fields.get("publisher", key)).replace("{", "").replace("}", "")
        where = entry.fields.get("institution") or entry.fields.get("publisher") or entry.fields.get("journal") or ""
        title = entry.fields.get("title", "").replace("{", "").replace("}", "")
        full = f"{', '.join(names) or short} ({year}). {title}." + (f" {where}." if where else "")
        works[key] = {"short": f"{short} {year}", "full": full.replace("{", "").replace("}", ""), "url": entry.fields.get("url", "")}
    return works


@functools.cache
def _document_title(doc: str) -> str:
    """The first heading of a book page (``/chapters/stage2-goals-priorities/index`` or ``/notebooks/costing``)."""
    path = book_source(doc)
    if path.with_suffix(".ipynb").is_file():
        import nbformat

        return notebook_title(nbformat.read(path.with_suffix(".ipynb"), as_version=4), path.name)
    if path.with_suffix(".md").is_file():
        for line in path.with_suffix(".md").read_text(encoding="utf-8").splitlines():
            if line.startswith("# "):
                return line[2:].strip()
    return path.name.replace("-", " ").replace("_", " ")


def render_myst(markdown: str, pages: set[str], cited: list[str]) -> str:
    """A notebook's MyST markdown as plain Markdown and HTML that nbconvert renders: admonitions as
    boxes, ``{term}`` as its text, ``{doc}`` as a link (to the pack's own page when the pack has it,
    else to the online handbook), ``{cite}`` as an author-year citation (keys appended to ``cited``)."""
    e = html.escape

    def admonition(m: re.Match) -> str:
        classes = " ".join(re.findall(r"^:class:\s*(.+)$", m["options"], re.M))
        title = m["title"].strip() or m["kind"].capitalize()
        return (f'<div class="admonition {e(m["kind"])} {e(classes)}">\n<p class="admonition-title">{e(title)}</p>\n\n'
                f'{m["body"].strip()}\n\n</div>')

    def role(m: re.Match) -> str:
        text = m["text"].strip()
        target = _TARGET.match(text)
        label, ref = (target["label"], target["target"]) if target else ("", text)
        if m["role"] == "cite":
            keys = [k.strip() for k in ref.split(",") if k.strip()]
            works = _bibliography()
            cited.extend(k for k in keys if k in works and k not in cited)
            return "(" + fmt.semicolons(f'<a href="#ref-{e(k)}">{e(works[k]["short"])}</a>' if k in works else e(k) for k in keys) + ")"
        if m["role"] == "doc":
            name = ref.strip("/").rsplit("/", 1)[-1]
            title = label or book_text(ref.strip("/"), _document_title(ref))
            if ref.startswith("/notebooks/") and name in pages:
                return f'<a href="{e(name)}.html">{e(title)}</a>'
            url = handbook_url(ref)
            return f'<a href="{e(url)}">{e(title)}</a>' if url else f"<em>{e(title)}</em>"
        return e(label or ref)  # {term}, {ref} and other roles: their text

    return _ROLE.sub(role, _ADMONITION.sub(admonition, markdown))


def references_html(cited: list[str]) -> str:
    """The works a page cites, in the order cited."""
    if not cited:
        return ""
    works = _bibliography()
    items = "\n".join(
        f'<li id="ref-{html.escape(k)}">{html.escape(works[k]["full"])}'
        + (f' <a href="{html.escape(works[k]["url"])}">{html.escape(works[k]["url"])}</a>' if works[k]["url"] else "") + "</li>"
        for k in cited
    )
    heading = html.escape(_("References"))
    return f'<section class="mmdp-references"><h2>{heading}</h2>\n<ul>\n{items}\n</ul></section>\n'


# --- public data or worked example: labels on pages, sections and figures -------------------------

SCENARIO_FINDINGS = ("scenario.savings", "scenario.sensitivity")
"""Findings that are what-if estimates on public data (an assumed cost), not observed figures."""


def example_label(place_name: str) -> str:
    return t("Worked example: invented inputs, not {place}", place=place_name)


def _output_text(output) -> str:
    data = output.get("data", {})
    return f"{data.get('text/plain', '')}\n{data.get('text/markdown', '')}\n{output.get('text', '')}"


def section_kind(cell) -> str | None:
    """What a finding's cell shows: 'example' (the handbook's invented inputs), 'team' (a country
    team's inputs), 'scenario' (a what-if on public data), 'public' (public data); None for a cell
    without a finding."""
    outputs = cell.get("outputs", [])
    ids = {o.get("metadata", {}).get(FINDING_METADATA, {}).get("finding") for o in outputs} - {None}
    if not ids:
        return None
    text = "\n".join(_output_text(o) for o in outputs)
    marks = label_marks()  # the words of findings.plan.label, in English and in the pack's language
    for kind in ("example", "team"):
        if any(mark in text for mark in marks[kind]):
            return kind
    return "scenario" if ids & set(SCENARIO_FINDINGS) else "public"


def page_kind(nb) -> str:
    """'example' when every finding of the page uses the handbook's invented inputs, 'public' when none
    uses planning inputs, 'team' for a team's inputs only, else 'mixed'."""
    kinds = {k for k in (section_kind(c) for c in nb.cells if c.cell_type == "code") if k}
    if kinds <= {"public"}:
        return "public"
    return kinds.pop() if len(kinds) == 1 and kinds <= {"example", "team"} else "mixed"


def stamp_png(data: bytes, label: str) -> bytes:
    """A chart PNG with ``label`` printed in a dark band across its top, so the image carries it when saved alone.
    Pillow's default font draws ASCII only: a label with accents (French, Spanish) is drawn in the charts' DejaVu Sans."""
    from PIL import Image, ImageDraw, ImageFont

    image = Image.open(io.BytesIO(data)).convert("RGB")
    size = max(12, image.width // 48)
    if label.isascii():
        font = ImageFont.load_default(size=size)
    else:
        from matplotlib import font_manager

        font = ImageFont.truetype(font_manager.findfont("DejaVu Sans"), size)
    band = int(size * 1.8)
    stamped = Image.new("RGB", (image.width, image.height + band), "#7a3e00")
    stamped.paste(image, (0, band))
    ImageDraw.Draw(stamped).text((size // 2, (band - size) // 2), label, fill="white", font=font)
    buffer = io.BytesIO()
    stamped.save(buffer, "PNG")
    return buffer.getvalue()


def section_words(place_name: str) -> dict[str, str]:
    """The label of each kind of section."""
    return {
        "example": example_label(place_name), "team": t("{place}: the country team's inputs", place=place_name),
        "scenario": t("{place}: a what-if estimate on public data (an assumed cost, not an observed figure)", place=place_name),
        "public": t("{place}: public data", place=place_name),
    }


def label_sections(nb, place_name: str) -> tuple[str, list[str]]:
    """Label a page's findings by where their numbers come from; returns the page's kind and its
    sections' kinds in order of first appearance.

    Figures built on the handbook's invented inputs get the label stamped on the image and in their
    caption; on a page that mixes kinds, each finding opens with a label saying which it is."""
    kind, words, kinds = page_kind(nb), section_words(place_name), []
    for cell in nb.cells:
        section = section_kind(cell) if cell.cell_type == "code" else None
        if section is None:
            continue
        kinds += [section] if section not in kinds else []
        if section == "example":
            for output in cell.outputs:
                markup = output.get("data", {}).get("text/html", "")
                if 'class="mmdp-figure"' in markup:
                    markup = _DATA_URI.sub(lambda m: "data:image/png;base64," + base64.b64encode(
                        stamp_png(base64.b64decode(m.group(1)), words["example"])).decode("ascii"), markup)
                    output["data"]["text/html"] = markup.replace(
                        '<figure class="mmdp-figure">', f'<figure class="mmdp-figure"><p class="mmdp-label example">{html.escape(words["example"])}</p>', 1)
        if kind == "mixed":
            cell.outputs.insert(0, _html_output(f'<p class="mmdp-label {section}">{html.escape(words[section])}</p>'))
    return kind, kinds


def _html_output(markup: str):
    import nbformat

    return nbformat.v4.new_output("display_data", data={"text/html": markup, "text/plain": ""})


def banner_html(kind: str, place_name: str, kinds: list[str]) -> str:
    """The full-width notice at the top of a page built on the worked example, or of a mixed page
    (naming the kinds of section it has)."""
    e = html.escape
    if kind == "example":
        text = t("{label}<small>Every planning figure on this page comes from the handbook's invented example inputs, "
                 "not from {place}. Replace them with your own (<code>--inputs</code>).</small>",
                 label=e(example_label(place_name)), place=e(place_name))
        return f'<div class="mmdp-banner" role="note">{text}</div>\n'
    if kind == "mixed":
        words = section_words(place_name)
        listed = ", ".join(f"<em>{e(words[k])}</em>" for k in kinds)
        parts = {"public": t("public data on {place}", place=place_name), "example": _("the worked example (invented inputs)"),
                 "scenario": _("a what-if estimate"), "team": _("the country team's inputs")}
        text = t("This page mixes {parts}<small>Each section says which it is: {labels}.</small>",
                 parts=e(fmt.listing([parts[k] for k in kinds])), labels=listed)
        return f'<div class="mmdp-banner" role="note">{text}</div>\n'
    return ""


def export_page(notebook: Path, fingerprint: str = "") -> str:
    """The HTML page of an executed notebook in a pack (data files written beside it): the book's
    MyST rendered, figures and sections labelled by where their numbers come from."""
    import nbformat

    nb = nbformat.read(notebook, as_version=4)
    fingerprint = fingerprint or nb.metadata.get("mmdp", {}).get("fingerprint", "")
    place_name = notebook_place_name(nb, notebook.parent.name)
    for old in (notebook.parent / "data").glob(f"{notebook.stem}-figure-*"):
        old.unlink()
    pages = {p.stem for p in notebook.parent.glob("*.ipynb")}
    cited: list[str] = []
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = render_myst(translate_markdown(cell.source, f"notebooks/{notebook.stem}"), pages, cited)
    kind, kinds = label_sections(nb, place_name)
    extract_chart_data(nb, notebook.stem, notebook.parent / "data", place_name)
    compress_notebook_images(nb)
    title = t("{title}: {place}", title=page_title(nb, notebook.stem), place=place_name)
    return page_html(nb, title, fingerprint, banner_html(kind, place_name, kinds), references_html(cited))


def write_page(notebook: Path, fingerprint: str | None = None) -> Path:
    """Write the pack page of an executed notebook beside it (atomic); returns its path."""
    return atomic_write(notebook.with_suffix(".html"), export_page(notebook, fingerprint or ""))


def _stage_pages(folder: Path) -> list[tuple[int | None, str, Path, str]]:
    """(stage, title, page, kind) of each executed page, in stage order; kind as ``page_kind``."""
    import nbformat

    order = list(notebook_stages())
    pages = []
    for page in sorted(folder.glob("*.html")):
        if page.name in ("index.html", SUMMARY_PAGE) or not page.with_suffix(".ipynb").is_file():
            continue
        nb = nbformat.read(page.with_suffix(".ipynb"), as_version=4)
        stage = nb.metadata.get("mmdp", {}).get("stage")
        pages.append((stage, page_title(nb, page.stem), page, page_kind(nb)))
    return sorted(pages, key=lambda p: (p[0] if p[0] is not None else 99, order.index(p[2].stem) if p[2].stem in order else 99))


STAGE_NAMES = {
    0: N_("Getting started"), 1: N_("Situation and capacity assessment"), 2: N_("Goals and priorities"), 3: N_("Action plan"),
    4: N_("Resourcing"), 5: N_("Implementation and coordination"), 6: N_("Monitoring, evaluation and reporting"),
}


def data_editions() -> list[tuple[str, str, str, str]]:
    """(dataset, publisher, edition, licence) of the embedded data, each once (several tables share one edition)."""
    rows = (
        (entry.get("dataset", name), entry.get("publisher", ""), entry.get("edition", ""), entry.get("licence", ""))
        for name, entry in provenance().items()
    )
    return list(dict.fromkeys(rows))


def handbook_line() -> str:
    """'Generated <date> with <the handbook, linked when it is online>, <edition>, version <x>.'"""
    book, e = edition(), html.escape
    name = f'<a href="{e(handbook_url())}">{e(handbook_title())}</a>' if book.baseurl else f"<em>{e(handbook_title())}</em>"
    return t("Generated {date} with the handbook {name}, {edition}, version {version}.",
             date=today().isoformat(), name=name, edition=e(book.edition), version=e(book.version))


def _facts_table(place) -> str:
    """The fact sheet's key figures as a table (index and summary): the same facts, in the current language."""
    from ..findings.factsheet import key_facts

    e = html.escape
    rows = "\n".join(
        f"<tr><td>{e(f.label)}</td><td>{e(f.text)}</td><td>{e(str(f.year or ''))}</td><td class=\"mmdp-source\">{e(f.source)}</td></tr>"
        for f in key_facts(place).values()
    )
    head = "".join(f"<th>{e(h)}</th>" for h in (_("Figure"), _("Value"), _("Year"), _("Source")))
    return f"<table><thead><tr>{head}</tr></thead><tbody>\n{rows}\n</tbody></table>"


def _language_note() -> str:
    """In a pack not in English: where the notebooks' narrative comes from (the book's catalogs)."""
    if language() == LANGUAGES[0]:
        return ""
    note = _("The notebooks' narrative is the handbook's own translation; a paragraph it does not translate yet stays in English.")
    if edition().baseurl:
        note += " " + t('The handbook in this language: <a href="{url}">{url}</a>.', url=html.escape(handbook_url()))
    return f'<p class="mmdp-meta">{note}</p>\n'


def _rerun_command(code: str, national: Path | None) -> str:
    """The command that builds this pack again from the zip's folders."""
    lang = f" --lang {language()}" if language() != LANGUAGES[0] else ""
    return f"mmdp pack {code} --inputs inputs/{' --national national/' if national is not None else ''}{lang} --out out"


def index_html(code: str, folder: Path, inputs: Path | None, national: Path | None) -> str:
    place = resolve_place(code)
    name = place.local_name
    e = html.escape

    def item(stage, title, page, kind):
        fields = {"stage": stage if stage is not None else "?", "name": e(_(STAGE_NAMES[stage]) if stage in STAGE_NAMES else ""),
                  "page": page.name, "title": e(title)}
        if kind == "mixed":
            return "<li>" + t('Stage {stage} ({name}): <a href="{page}">{title}</a> <small>(mixes public data with other figures: '
                              'each section says which)</small>', **fields) + "</li>"
        return "<li>" + t('Stage {stage} ({name}): <a href="{page}">{title}</a>', **fields) + "</li>"

    pages = _stage_pages(folder)
    public = "\n".join(item(*p) for p in pages if p[3] in ("public", "mixed"))
    planning = "\n".join(item(*p) for p in pages if p[3] in ("example", "team"))
    if inputs is not None:
        planning_heading = e(t("Planning pages with your inputs ({name})", name=Path(inputs).name))
        files = [Path(inputs)] if Path(inputs).is_file() else sorted(p for p in Path(inputs).glob("*") if p.is_file())
        fields = {"name": e(Path(inputs).name), "files": ", ".join(e(p.name) for p in files)}
        if (folder / "plan.docx").is_file():
            used = t('your planning inputs from <code>{name}</code>, copied into this pack as <code>inputs/</code>: {files}; '
                     'the plan as a ministry circulates it: <a href="plan.docx">plan.docx</a> (Word) and <a href="plan.xlsx">plan.xlsx</a> (Excel)',
                     **fields)
        else:
            used = t("your planning inputs from <code>{name}</code>, copied into this pack as <code>inputs/</code>: {files}", **fields)
        planning_note = ""
    else:
        planning_heading = e(_("Planning pages with the worked example: replace with your own inputs"))
        used = _("the handbook's <strong>ILLUSTRATIVE</strong> example inputs (<code>inputs/</code> in this pack): replace them with your own")
        planning_note = '<p class="note">' + t(
            "<strong>{label}.</strong> These pages show how the planning stages work on the handbook's invented stakeholders, "
            "priorities, results, costs and indicators. None of their planning figures is about {place}. Fill in the templates "
            "(<code>inputs/</code>) and run the pack again with <code>--inputs</code>.",
            label=e(example_label(name)), place=e(name)) + "</p>"
    if national is not None:
        nat = "<li>" + t("National figures: <code>{name}</code> (in this pack as <code>national/</code>), shown beside the global estimates",
                         name=e(Path(national).name)) + "</li>"
    else:
        nat = "<li>" + _("National figures: none given (global estimates only)") + "</li>"
    editions = "\n".join(f"<tr>{''.join(f'<td>{e(v)}</td>' for v in row)}</tr>" for row in data_editions())
    edition_head = "".join(f"<th>{e(h)}</th>" for h in (_("Dataset"), _("Publisher"), _("Edition"), _("Licence")))
    summary = ("<p>" + t('<a href="{page}"><strong>One-page summary</strong></a> (A4, to print): key figures with their sources and three charts.',
                         page=SUMMARY_PAGE) + "</p>"
               if (folder / SUMMARY_PAGE).is_file() else "")
    words = {key: e(text) for key, text in {
        "title": t("Country pack: {place}", place=name),
        "heading": t("Country pack: {place} ({code})", place=name, code=place.code),
        "public": t("{place}: public data", place=name),
        "key_figures": _("Key figures"),
        "public_pages": _("Pages on public data"),
        "downloads": _("Under each figure that has one, a link gives the data behind it as CSV, with its source, edition and a citation."),
        "inputs_used": _("Inputs used"),
        "editions": _("Data editions"),
        "rerun": _("Run it again, offline"),
        "cite": t("How to cite the handbook: {citation}", citation=edition().citation),
    }.items()}
    used = t("Planning inputs: {used}", used=used)
    installed = _("With the handbook's environment installed (<code>README.txt</code> in the zip):")
    intro = t("Mainstreaming migration into development planning, with a gender perspective: the handbook's notebooks\n"
              "executed for {place}. Every figure names its source and edition;\n"
              "a value a source does not give reads <em>{not_available}</em>, never zero.", place=e(name), not_available=e(fmt.not_available()))
    return f"""<!DOCTYPE html>
<html lang="{language()}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{words["title"]}</title><style>{STYLE}</style></head><body><main class="mmdp-page">
<h1>{words["heading"]}</h1>
<p class="mmdp-meta">{handbook_line()}</p>
<p>{intro}</p>
{_language_note()}<h2>{words["public"]}</h2>
{summary}
<h3>{words["key_figures"]}</h3>
{_facts_table(place)}
<h3>{words["public_pages"]}</h3>
<ul>
{public}
</ul>
<p>{words["downloads"]}</p>
<h2>{planning_heading}</h2>
{planning_note}
<ul>
{planning}
</ul>
<h2>{words["inputs_used"]}</h2>
<ul><li>{used}</li>
{nat}</ul>
<h2>{words["editions"]}</h2>
<table><thead><tr>{edition_head}</tr></thead><tbody>
{editions}
</tbody></table>
<h2>{words["rerun"]}</h2>
<p>{installed}</p>
<pre>{e(CHECK_ENV)}
{e(_rerun_command(place.code, national))}</pre>
<p class="mmdp-meta">{words["cite"]}</p>
</main></body></html>
"""


SUMMARY_CHARTS = ("profile.migrant_stock", "profile.corridors", "profile.remittances")
"""The findings whose first chart the one-page summary shows (taken from the executed migration profile)."""
SUMMARY_STYLE = """
@page{size:A4;margin:11mm 12mm}
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;max-width:186mm;margin:0 auto;padding:.5rem;color:#222;font-size:9.5pt;line-height:1.3}
h1{font-size:15pt;margin:0 0 .15rem} p{margin:.2rem 0} a{color:#0b5cad}
table{border-collapse:collapse;width:100%;font-size:8.3pt;margin:.3rem 0} th,td{border-bottom:1px solid #ddd;padding:.1rem .35rem;text-align:left;vertical-align:top}
.charts{display:grid;grid-template-columns:1fr 1fr;gap:2mm 4mm;margin-top:2mm} .charts figure{margin:0;break-inside:avoid}
.charts figure:first-child{grid-column:1 / span 2} .charts img{width:100%;height:auto;max-height:62mm;object-fit:contain}
.charts figcaption,.mmdp-source,.mmdp-meta{color:#555;font-size:7.5pt}
"""


def _summary_charts(profile: Path) -> list[str]:
    """The first figure of each of ``SUMMARY_CHARTS`` in an executed migration profile, as HTML."""
    import nbformat

    if not profile.is_file():
        return []
    nb = nbformat.read(profile, as_version=4)
    compress_notebook_images(nb)
    found: dict[str, str] = {}
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            finding = output.get("metadata", {}).get(FINDING_METADATA, {}).get("finding")
            markup = output.get("data", {}).get("text/html", "")
            if finding in SUMMARY_CHARTS and finding not in found and 'class="mmdp-figure"' in markup:
                found[finding] = markup
    return [found[f] for f in SUMMARY_CHARTS if f in found]


def summary_html(code: str, folder: Path) -> str:
    """A one-page A4 summary: key figures with their sources and the profile's main charts (the same
    facts and figures as the pages: nothing is computed again)."""
    place = resolve_place(code)
    e = html.escape
    title = e(t("{place}: migration at a glance", place=place.local_name))
    charts = "\n".join(_summary_charts(folder / "migration_profile.ipynb"))
    meta = t("Public data only (no planning inputs). {handbook} A value a source does not give reads <em>{not_available}</em>, never zero.",
             handbook=handbook_line(), not_available=e(fmt.not_available()))
    return f"""<!DOCTYPE html>
<html lang="{language()}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title><style>{SUMMARY_STYLE}</style></head><body>
<h1>{title}</h1>
<p class="mmdp-meta">{meta}</p>
{_facts_table(place)}
<div class="charts">
{charts}
</div>
</body></html>
"""


def tidy_run_state(out: Path) -> None:
    """Remove the run's lock file and, when no run failed, its kernel logs, so that zipping ``out`` by
    hand ships neither (taken under the lock: never while another run writes into ``out``)."""
    import shutil

    with out_lock(out):
        if not list(out.glob("*/*.failed.ipynb")):
            shutil.rmtree(out / STATE_DIR, ignore_errors=True)
        (out / LOCK_NAME).unlink(missing_ok=True)


def _add_tree(archive: zipfile.ZipFile, folder: Path, prefix: str) -> None:
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not any(part.startswith(".") for part in path.relative_to(folder).parts):
            archive.write(path, f"{prefix}/{path.relative_to(folder).as_posix()}")


def _template_without_outputs(path: Path) -> str:
    import nbformat

    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    return nbformat.writes(nb)


def build_pack(code: str, out: Path, inputs: str | Path | None = None, national: str | Path | None = None) -> Path:
    """index.html for one place's executed pages, and the zip; returns the zip's path. The folder and
    the zip are named ``pack_name(code)``: ``KGZ`` in English, ``KGZ-fr`` in French."""
    name = pack_name(code)
    folder = out / name
    inputs = Path(inputs) if inputs else None
    national = Path(national) if national else None
    atomic_write(folder / SUMMARY_PAGE, summary_html(code, folder))
    plan_files = []
    if inputs is not None:  # a pack made with a team's inputs carries its plan as Word and Excel
        from ..inputs.parameters import validate_parameters
        from .plan_export import export_plan

        plan_files = list(export_plan(validate_parameters(code, inputs=inputs), folder))
    atomic_write(folder / "index.html", index_html(code, folder, inputs, national))
    lang = f" --lang {language()}" if language() != LANGUAGES[0] else ""
    command = (f"mmdp pack {code} --inputs {name}/inputs{'/' + inputs.name if inputs is not None and inputs.is_file() else ''}"
               f"{f' --national {name}/national' if national else ''}{lang} --out out")
    readme = t(
        "Country pack: {code}\n\nOpen {folder}/index.html in a browser (works offline).\n\n"
        "To run it again (for example in a workshop without internet), with the handbook installed:\n\n"
        "    {check}\n"
        "    {command}\n\n"
        "The notebooks used are in templates/; inputs/ holds the planning inputs this pack used.\n",
        code=code, folder=name, check=CHECK_ENV, command=command)
    target = out / f"{name}.zip"
    partial = out / f".{name}.zip.partial"
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("README.txt", readme)
        archive.writestr("check_environment.sh", CHECK_ENV + "\n")
        archive.write(folder / "index.html", f"{name}/index.html")
        for page in sorted(folder.glob("*.html")):
            if page.name != "index.html":
                archive.write(page, f"{name}/{page.name}")
        for path in plan_files:
            archive.write(path, f"{name}/{path.name}")
        if (folder / "data").is_dir():
            _add_tree(archive, folder / "data", f"{name}/data")
        if inputs is not None and inputs.is_file():
            archive.write(inputs, f"{name}/inputs/{inputs.name}")  # a workbook
        else:
            _add_tree(archive, inputs if inputs is not None else examples_dir(), f"{name}/inputs")
        if national is not None:
            _add_tree(archive, national, f"{name}/national")
        for page in sorted(folder.glob("*.ipynb")):
            if not page.name.endswith(".failed.ipynb"):
                archive.writestr(f"templates/{page.name}", _template_without_outputs(notebooks_dir() / page.name) if (notebooks_dir() / page.name).is_file() else "")
    partial.replace(target)
    return target


def pack_sizes(code: str, out: Path) -> tuple[int, int]:
    """(largest page in bytes, zip size in bytes)."""
    name = pack_name(code)
    pages = [p.stat().st_size for p in (out / name).glob("*.html")]
    return max(pages, default=0), (out / f"{name}.zip").stat().st_size


def build_packs(codes: list[str], out: Path, inputs=None, national=None) -> list[str]:
    """Build each place's pack; one line per pack (path, sizes, and a warning over the limits)."""
    lines = []
    for code in codes:
        target = build_pack(code, out, inputs, national)
        page, size = pack_sizes(code, out)
        warn = ""
        if page > PAGE_LIMIT or size > PACK_LIMIT:
            warn = f"  (over the limits of {PAGE_LIMIT / 1e6:.0f} MB a page or {PACK_LIMIT / 1e6:.0f} MB a pack)"
        lines.append(f"pack: {out / pack_name(code) / 'index.html'} and {target} ({size / 1e6:.1f} MB; largest page {page / 1e6:.2f} MB){warn}")
    tidy_run_state(out)
    return lines

