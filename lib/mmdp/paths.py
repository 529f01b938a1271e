"""Where things live: the repository root, the processed data and the raw sources."""

from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
"""Root of the handbook repository (the package is installed editable from ``lib/``)."""


def data_dir() -> Path:
    """Folder of the processed tables; ``MMDP_DATA_DIR`` overrides it (tests use this)."""
    return Path(os.environ.get("MMDP_DATA_DIR", REPO_ROOT / "data"))


def raw_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """Folder of the raw public sources: ``--raw``, else ``MMDP_RAW_DIR``, else ``../shared/data/raw``."""
    if explicit is not None:
        return Path(explicit)
    if "MMDP_RAW_DIR" in os.environ:
        return Path(os.environ["MMDP_RAW_DIR"])
    return REPO_ROOT.parent / "shared" / "data" / "raw"
