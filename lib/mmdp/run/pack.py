"""Country packs (work in progress)."""

from __future__ import annotations

from pathlib import Path


def build_packs(codes: list[str], out: Path, inputs=None, national=None) -> list[str]:
    return []
