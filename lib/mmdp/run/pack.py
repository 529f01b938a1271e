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
"""

from __future__ import annotations

import base64
import html
import io
import json
import re
import threading
import zipfile
from pathlib import Path

from ..data.loaders import provenance
from ..data.places import resolve_place
from ..paths import examples_dir, notebooks_dir
from ..render.display import CHART_DATA_MIME
from .files import atomic_write
from .notebooks import notebook_stages

PAGE_LIMIT = 1_000_000
PACK_LIMIT = 8_000_000
STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;max-width:62rem;margin:0 auto;padding:1rem 1.5rem;line-height:1.5;color:#222}
h1,h2,h3{line-height:1.25} a{color:#0b5cad} img{max-width:100%;height:auto}
table{border-collapse:collapse;margin:.5rem 0;font-size:.92rem} th,td{border-bottom:1px solid #ddd;padding:.25rem .6rem;text-align:left;vertical-align:top}
.mmdp-source{color:#555;font-size:.85rem} .mmdp-download{font-size:.85rem;margin-top:-.4rem}
nav{font-size:.9rem;margin-bottom:1rem} .note{background:#fff7e0;border-left:4px solid #e69f00;padding:.4rem .8rem}
.jp-InputPrompt,.jp-OutputPrompt,.prompt{display:none} pre{white-space:pre-wrap}
"""
CHECK_ENV = 'python -c "import mmdp, pandas, matplotlib, seaborn, papermill, nbclient; print(\'environment OK, mmdp\', mmdp.__version__)"'


def compress_png(data: bytes, colors: int = 96) -> bytes:
    """A chart PNG with a reduced palette (flat colours: a third of the size, same look)."""
    from PIL import Image

    image = Image.open(io.BytesIO(data))
    small = image.convert("RGB").quantize(colors=colors, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    buffer = io.BytesIO()
    small.save(buffer, "PNG", optimize=True)
    return buffer.getvalue() if len(buffer.getvalue()) < len(data) else data


_DATA_URI = re.compile(r"data:image/png;base64,([A-Za-z0-9+/=\s]+)")


def compress_notebook_images(nb) -> None:
    """Compress every PNG output of a notebook node in place (image/png and inline data URIs)."""
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if "image/png" in data:
                raw = base64.b64decode(data["image/png"])
                data["image/png"] = base64.b64encode(compress_png(raw)).decode("ascii")
            if "base64," in data.get("text/html", ""):
                data["text/html"] = _DATA_URI.sub(
                    lambda m: "data:image/png;base64," + base64.b64encode(compress_png(base64.b64decode(m.group(1)))).decode("ascii"),
                    data["text/html"],
                )


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


def extract_chart_data(nb, stem: str, folder: Path, place_name: str) -> int:
    """Write the data behind each figure as CSV + metadata JSON, and link them under the figure."""
    import pandas as pd

    count = 0
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            payload = data.pop(CHART_DATA_MIME, None)
            if not payload:
                continue
            if isinstance(payload, str):
                payload = json.loads(payload)
            count += 1
            name = f"{stem}-figure-{count}"
            frame = _integral(pd.read_csv(io.StringIO(payload["csv"])))
            folder.mkdir(parents=True, exist_ok=True)
            frame.to_csv(folder / f"{name}.csv", index=False, lineterminator="\n")
            years = _years(frame)
            meta = {
                "figure": payload.get("alt", ""),
                "place": place_name,
                "source": payload.get("source", ""),
                "years": years,
                "columns": list(frame.columns),
                "citation": f"{payload.get('source', '').removeprefix('Source: ').rstrip('.')}. {place_name}"
                + (f", {years}" if years else "")
                + ". Compiled with the MMDP handbook (mmdp).",
                "missing_values": "empty cells: the source gives no value (not zero)",
            }
            (folder / f"{name}.json").write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
            link = (
                f'<p class="mmdp-download">Data behind this figure: <a href="data/{name}.csv" download>CSV</a> · '
                f'<a href="data/{name}.json">source, edition and citation</a></p>'
            )
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


def page_html(nb, title: str, fingerprint: str = "") -> str:
    """One pack page: the notebook's outputs and narrative, code hidden, small inline style."""
    body, _ = _exporter().from_notebook_node(nb)
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
        f'<meta name="mmdp-fingerprint" content="{html.escape(fingerprint)}">\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1"><title>{html.escape(title)}</title>'
        f"<style>{STYLE}</style></head><body>\n"
        '<nav><a href="index.html">&larr; Country pack index</a></nav>\n'
        f"{body}\n</body></html>\n"
    )


def notebook_title(nb, fallback: str) -> str:
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return fallback


def export_page(notebook: Path, fingerprint: str = "") -> str:
    """The HTML page of an executed notebook in a pack (data files written beside it)."""
    import nbformat

    nb = nbformat.read(notebook, as_version=4)
    fingerprint = fingerprint or nb.metadata.get("mmdp", {}).get("fingerprint", "")
    place = nb.metadata.get("papermill", {}).get("parameters", {}).get("country", notebook.parent.name)
    try:
        place_name = resolve_place(place).name
    except Exception:
        place_name = str(place)
    for old in (notebook.parent / "data").glob(f"{notebook.stem}-figure-*"):
        old.unlink()
    extract_chart_data(nb, notebook.stem, notebook.parent / "data", place_name)
    compress_notebook_images(nb)
    title = f"{notebook_title(nb, notebook.stem)}: {place_name}"
    return page_html(nb, title, fingerprint)


def write_page(notebook: Path, fingerprint: str | None = None) -> Path:
    """Write the pack page of an executed notebook beside it (atomic); returns its path."""
    return atomic_write(notebook.with_suffix(".html"), export_page(notebook, fingerprint or ""))


def _stage_pages(folder: Path) -> list[tuple[int | None, str, Path]]:
    import nbformat

    order = list(notebook_stages())
    pages = []
    for page in sorted(folder.glob("*.html")):
        if page.name == "index.html" or not page.with_suffix(".ipynb").is_file():
            continue
        nb = nbformat.read(page.with_suffix(".ipynb"), as_version=4)
        stage = nb.metadata.get("mmdp", {}).get("stage")
        pages.append((stage, notebook_title(nb, page.stem), page))
    return sorted(pages, key=lambda p: (p[0] if p[0] is not None else 99, order.index(p[2].stem) if p[2].stem in order else 99))


STAGE_NAMES = {
    0: "Getting started", 1: "Situation and capacity assessment", 2: "Goals and priorities", 3: "Action plan",
    4: "Resourcing", 5: "Implementation and coordination", 6: "Monitoring, evaluation and reporting",
}


def index_html(code: str, folder: Path, inputs: Path | None, national: Path | None) -> str:
    import mmdp

    from ..findings.factsheet import key_facts

    place = resolve_place(code)
    facts = key_facts(place)
    e = html.escape
    rows = "\n".join(
        f"<tr><td>{e(f.label)}</td><td>{e(f.text)}</td><td>{e(str(f.year or ''))}</td><td class=\"mmdp-source\">{e(f.source)}</td></tr>"
        for f in facts.values()
    )
    links = "\n".join(
        f'<li>Stage {stage if stage is not None else "?"} ({e(STAGE_NAMES.get(stage, ""))}): <a href="{page.name}">{e(title)}</a></li>'
        for stage, title, page in _stage_pages(folder)
    )
    if inputs is not None:
        files = [Path(inputs)] if Path(inputs).is_file() else sorted(p for p in Path(inputs).glob("*") if p.is_file())
        used = f"your planning inputs from <code>{e(Path(inputs).name)}</code>, copied into this pack as <code>inputs/</code>: " + ", ".join(
            e(p.name) for p in files
        )
        if (folder / "plan.docx").is_file():
            used += '; the plan as a ministry circulates it: <a href="plan.docx">plan.docx</a> (Word) and <a href="plan.xlsx">plan.xlsx</a> (Excel)'
    else:
        used = "the handbook's <strong>ILLUSTRATIVE</strong> example inputs (<code>inputs/</code> in this pack): replace them with your own"
    nat = (
        f"<li>National figures: <code>{e(Path(national).name)}</code> (in this pack as <code>national/</code>), shown beside the global estimates</li>"
        if national is not None else "<li>National figures: none given (global estimates only)</li>"
    )
    editions = "\n".join(
        f"<tr><td>{e(entry.get('dataset', name))}</td><td>{e(entry.get('publisher', ''))}</td><td>{e(entry.get('edition', ''))}</td><td>{e(entry.get('licence', ''))}</td></tr>"
        for name, entry in provenance().items()
    )
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Country pack: {e(place.name)}</title><style>{STYLE}</style></head><body>
<h1>Country pack: {e(place.name)} ({e(place.code)})</h1>
<p>Mainstreaming migration into development planning, with a gender perspective: the handbook's notebooks
executed for {e(place.name)} on the public data listed below. Every figure names its source and edition;
a value a source does not give reads <em>not available</em>, never zero.</p>
<h2>Key figures</h2>
<table><thead><tr><th>Figure</th><th>Value</th><th>Year</th><th>Source</th></tr></thead><tbody>
{rows}
</tbody></table>
<h2>Pages, by planning stage</h2>
<ul>
{links}
</ul>
<p>Under each figure that has one, a link gives the data behind it as CSV, with its source, edition and a citation.</p>
<h2>Inputs used</h2>
<ul><li>Planning inputs: {used}</li>
{nat}</ul>
<h2>Data editions</h2>
<table><thead><tr><th>Dataset</th><th>Publisher</th><th>Edition</th><th>Licence</th></tr></thead><tbody>
{editions}
</tbody></table>
<h2>Run it again, offline</h2>
<p>With the handbook's environment installed (<code>README.txt</code> in the zip):</p>
<pre>{e(CHECK_ENV)}
mmdp pack {e(place.code)} --inputs inputs/{" --national national/" if national is not None else ""} --out out</pre>
<p class="mmdp-source">mmdp {e(mmdp.__version__)}</p>
</body></html>
"""


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
    """index.html for one place's executed pages, and the zip; returns the zip's path."""
    folder = out / code
    inputs = Path(inputs) if inputs else None
    national = Path(national) if national else None
    plan_files = []
    if inputs is not None:  # a pack made with a team's inputs carries its plan as Word and Excel
        from ..inputs.parameters import validate_parameters
        from .plan_export import export_plan

        plan_files = list(export_plan(validate_parameters(code, inputs=inputs), folder))
    atomic_write(folder / "index.html", index_html(code, folder, inputs, national))
    readme = (
        f"Country pack: {code}\n\nOpen {code}/index.html in a browser (works offline).\n\n"
        "To run it again (for example in a workshop without internet), with the handbook installed:\n\n"
        f"    {CHECK_ENV}\n"
        f"    mmdp pack {code} --inputs {code}/inputs{'/' + inputs.name if inputs is not None and inputs.is_file() else ''}"
        f"{f' --national {code}/national' if national else ''} --out out\n\n"
        "The notebooks used are in templates/; inputs/ holds the planning inputs this pack used.\n"
    )
    target = out / f"{code}.zip"
    partial = out / f".{code}.zip.partial"
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("README.txt", readme)
        archive.writestr("check_environment.sh", CHECK_ENV + "\n")
        archive.write(folder / "index.html", f"{code}/index.html")
        for page in sorted(folder.glob("*.html")):
            if page.name != "index.html":
                archive.write(page, f"{code}/{page.name}")
        for path in plan_files:
            archive.write(path, f"{code}/{path.name}")
        if (folder / "data").is_dir():
            _add_tree(archive, folder / "data", f"{code}/data")
        if inputs is not None and inputs.is_file():
            archive.write(inputs, f"{code}/inputs/{inputs.name}")  # a workbook
        else:
            _add_tree(archive, inputs if inputs is not None else examples_dir(), f"{code}/inputs")
        if national is not None:
            _add_tree(archive, national, f"{code}/national")
        for page in sorted(folder.glob("*.ipynb")):
            if not page.name.endswith(".failed.ipynb"):
                archive.writestr(f"templates/{page.name}", _template_without_outputs(notebooks_dir() / page.name) if (notebooks_dir() / page.name).is_file() else "")
    partial.replace(target)
    return target


def pack_sizes(code: str, out: Path) -> tuple[int, int]:
    """(largest page in bytes, zip size in bytes)."""
    pages = [p.stat().st_size for p in (out / code).glob("*.html")]
    return max(pages, default=0), (out / f"{code}.zip").stat().st_size


def build_packs(codes: list[str], out: Path, inputs=None, national=None) -> list[str]:
    """Build each place's pack; one line per pack (path, sizes, and a warning over the limits)."""
    lines = []
    for code in codes:
        target = build_pack(code, out, inputs, national)
        page, size = pack_sizes(code, out)
        warn = ""
        if page > PAGE_LIMIT or size > PACK_LIMIT:
            warn = f"  (over the limits of {PAGE_LIMIT / 1e6:.0f} MB a page or {PACK_LIMIT / 1e6:.0f} MB a pack)"
        lines.append(f"pack: {out / code / 'index.html'} and {target} ({size / 1e6:.1f} MB; largest page {page / 1e6:.2f} MB){warn}")
    return lines

