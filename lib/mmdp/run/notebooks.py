"""The runnable notebooks and their planning stages, discovered from each template's metadata
(``"mmdp": {"stage": N}``), so a new stage notebook needs no code change."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from ..errors import MmdpError
from ..paths import notebooks_dir


@lru_cache(maxsize=4)
def _stages_in(folder: str, stamp: tuple) -> dict[str, int]:
    stages = {}
    for path in sorted(Path(folder).glob("*.ipynb")):
        try:
            meta = json.loads(path.read_text(encoding="utf-8")).get("metadata", {}).get("mmdp", {})
        except (OSError, json.JSONDecodeError):
            continue
        if isinstance(meta, dict) and isinstance(meta.get("stage"), int):
            stages[path.stem] = meta["stage"]
    return dict(sorted(stages.items(), key=lambda item: (item[1], item[0])))


def template_stage(path: Path) -> int | None:
    """The planning stage in one notebook's metadata, if any."""
    try:
        stage = json.loads(path.read_text(encoding="utf-8")).get("metadata", {}).get("mmdp", {}).get("stage")
    except (OSError, ValueError, AttributeError):
        return None
    return stage if isinstance(stage, int) else None


def notebook_stages() -> dict[str, int]:
    """Every runnable notebook and its planning stage, in stage order (from notebook metadata)."""
    folder = notebooks_dir()
    stamp = tuple((p.name, p.stat().st_mtime_ns) for p in sorted(folder.glob("*.ipynb")))
    return _stages_in(str(folder), stamp)


def notebook_path(name: str | os.PathLike) -> Path:
    """Template notebook by name (with or without .ipynb), or a path to a notebook file."""
    if isinstance(name, Path) or os.sep in str(name):
        path = Path(name)
        if path.is_file():
            return path
    path = notebooks_dir() / (str(name) if str(name).endswith(".ipynb") else f"{name}.ipynb")
    if not path.is_file():
        known = ", ".join(notebook_stages())
        raise MmdpError(f"unknown notebook {str(name)!r}; notebooks are: {known}")
    return path


def select_notebooks(notebooks: Iterable[str | os.PathLike] | None = None, stage: int | None = None) -> list[Path]:
    """The notebooks to run: named ones, or one stage's, or every stage's."""
    stages = notebook_stages()
    if stage is not None:
        names = [n for n, s in stages.items() if s == stage]
        if not names:
            known = ", ".join(str(s) for s in sorted(set(stages.values())))
            raise MmdpError(f"no notebook for stage {stage}; stages with notebooks: {known}")
        if notebooks:
            raise MmdpError("give either --stage or --notebook, not both")
        return [notebook_path(n) for n in names]
    if notebooks:
        return list(dict.fromkeys(notebook_path(n) for n in notebooks))
    return [notebook_path(n) for n in stages]
