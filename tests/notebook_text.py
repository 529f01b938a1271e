"""Plain text of an executed notebook's outputs: what the snapshots store and compare."""

from __future__ import annotations

import difflib
import re
from pathlib import Path

import nbformat

SNAPSHOT_DIR = Path(__file__).parent / "snapshots"
SNAPSHOT_PLACES = {
    "DEU": "data-rich destination: refugees, remittances sent, large and varied corridors",
    "IND": "large origin: the largest diaspora, remittances received",
    "UKR": "conflict-affected origin: refugees abroad, IDPs by sex (counts once printed as floats)",
    "TON": "small island developing state: remittances a large share of GDP",
    "REU": "an area without a World Bank income group: comparators reduce to its UN subregion",
    "TKL": "a place with almost no data: every finding must say 'not available'",
}
"""The places whose papermill outputs are kept as plain-text snapshots, and why each was chosen."""

BAD_TOKENS = re.compile(r"\bnan\b|\bNone\b(?! of )|<NA>|\bNaN\b|\b\d{1,3}(?:,\d{3})+\.0\b|\b\d{5,}\.0\b")
"""Text a reader must never see: missing values printed raw, counts printed as floats."""


def output_texts(path: Path) -> list[str]:
    """The text/plain (or stream text) of every output, in order; the injected parameters left out."""
    notebook = nbformat.read(path, as_version=4)
    texts = []
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream" and output.get("name") == "stderr":
                continue
            text = output.get("data", {}).get("text/plain") or output.get("text")
            if text:
                texts.append(text if isinstance(text, str) else "".join(text))
    return texts


def snapshot_text(path: Path) -> str:
    """One readable text per executed notebook: its outputs separated by a rule."""
    return "\n\n-----\n\n".join(t.rstrip() for t in output_texts(path)) + "\n"


def figure_outputs(path: Path) -> list[str]:
    """Plain texts of figures (``[Figure] alt\\nsource``)."""
    return [t for t in output_texts(path) if t.startswith("[Figure]")]


def diff(expected: str, actual: str, name: str) -> str:
    """A unified diff that names the snapshot, for assertion messages."""
    lines = difflib.unified_diff(expected.splitlines(), actual.splitlines(), f"{name} (stored)", f"{name} (now)", lineterm="", n=1)
    return "\n".join(lines)
