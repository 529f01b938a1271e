"""Fingerprints: what an output was made from, so that a rerun skips only what is up to date.

A run's fingerprint hashes the template notebook, the parameters, the content of the inputs and
national-figures folders (and, in French or Spanish, the package's catalogs), every file of the data folder
(tables, provenance, frameworks, examples) and the package (its version and source). Any change to one of
them changes it; a build product beside them (``BUILD_PRODUCTS``) does not.
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path

from ..paths import data_dir

SKIP_PARTS = {"__pycache__", ".ipynb_checkpoints", ".git"}
BUILD_PRODUCTS = {".mo"}
"""Files made from others beside them, which no run reads: compiled catalogs (Sphinx compiles every ``.po`` of
``locales/``, the package's too, into a ``.mo`` beside it; the package reads the ``.po``)."""


def _file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def tree_digest(folder: Path, pattern: str = "*") -> str:
    """Hash of every file's relative path and content under ``folder`` (empty string if absent)."""
    folder = Path(folder)
    if not folder.exists():
        return ""
    if folder.is_file():
        return _file_digest(folder)
    digest = hashlib.sha256()
    for path in sorted(folder.rglob(pattern)):
        relative = path.relative_to(folder)
        if not path.is_file() or SKIP_PARTS & set(relative.parts) or path.name.startswith(".") or path.suffix in BUILD_PRODUCTS:
            continue
        digest.update(relative.as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


@lru_cache(maxsize=8)
def _cached_tree(folder: str, pattern: str, stamp: tuple) -> str:
    return tree_digest(Path(folder), pattern)


def _stamp(folder: Path, pattern: str) -> tuple:
    """Cheap change detector (names, sizes, mtimes) so one process hashes a folder once."""
    if not folder.is_dir():
        return ()
    return tuple(
        (str(p), s.st_size, s.st_mtime_ns) for p in sorted(folder.rglob(pattern)) if p.is_file() for s in [p.stat()]
    )


def data_digest() -> str:
    folder = data_dir()
    return _cached_tree(str(folder), "*", _stamp(folder, "*"))


def package_digest() -> str:
    import mmdp

    source = Path(mmdp.__file__).parent
    return f"{mmdp.__version__}:{_cached_tree(str(source), '*.py', _stamp(source, '*.py'))}"


def run_fingerprint(notebook: Path, parameters: dict, folders: dict[str, Path | None]) -> dict[str, str]:
    """Components of one run's fingerprint and their combined hash (``fingerprint``)."""
    parts = {
        "notebook": _file_digest(notebook),
        "parameters": json.dumps(parameters, sort_keys=True, default=str),
        **{name: (tree_digest(path) if path is not None else "") for name, path in folders.items()},
        "data": data_digest(),
        "package": package_digest(),
    }
    parts["fingerprint"] = hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()
    return parts
