"""Re-execute the template notebooks in place for their default country, so the stored outputs
(which nbval compares) match the current code and data. Run after changing either:

    .venv/bin/python scripts/refresh_notebook_outputs.py [notebook ...]
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"


def refresh(path: Path) -> None:
    os.environ["MMDP_HEADLESS"] = "1"  # stored outputs are those of an unattended run
    notebook = nbformat.read(path, as_version=4)
    NotebookClient(notebook, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(NOTEBOOKS)}}).execute()
    for cell in notebook.cells:
        cell.metadata.pop("execution", None)
    notebook.metadata.pop("widgets", None)
    nbformat.write(notebook, path)
    print(f"refreshed {path.name}")


if __name__ == "__main__":
    names = sys.argv[1:] or sorted(p.stem for p in NOTEBOOKS.glob("*.ipynb"))
    for name in names:
        refresh(NOTEBOOKS / f"{Path(name).stem}.ipynb")
