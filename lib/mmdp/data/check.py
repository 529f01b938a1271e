"""``mmdp data check``: every table loads, passes its schema, has provenance, and covers countries."""

from __future__ import annotations

from ..errors import MmdpError
from .loaders import TABLES, load, provenance

REQUIRED_PROVENANCE = ("publisher", "dataset", "edition", "licence", "source_files", "transformation")


def check_all() -> list[str]:
    """One summary line per table; raises MmdpError on the first problem found."""
    meta = provenance()
    lines = []
    for name in TABLES:
        table = load(name)  # schema-checked on load
        entry = meta.get(name)
        if entry is None:
            raise MmdpError(f"table {name!r} has no entry in data/provenance.json; rebuild with `mmdp data build`")
        missing = [key for key in REQUIRED_PROVENANCE if not entry.get(key)]
        if missing:
            raise MmdpError(f"provenance of {name!r} lacks {', '.join(missing)}")
        if table.empty:
            raise MmdpError(f"table {name!r} is empty; rebuild with `mmdp data build`")
        code_cols = [c for c in table.columns if c.endswith("iso3")]
        covered = len(set().union(*(set(table[c]) for c in code_cols)))
        lines.append(f"ok  {name:28s} {len(table):>8,} rows  {covered:>4} countries  {entry['edition']}")
    lines.append(f"all {len(TABLES)} tables pass their schemas and have provenance")
    return lines
