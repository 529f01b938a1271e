"""Re-run the notebooks for the snapshot places and store their plain-text outputs
(tests/snapshots/<place>/<notebook>.txt), which `make test` compares. Run after an intended change:

    .venv/bin/python scripts/refresh_snapshots.py     (or: make snapshots)
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from mmdp.run import runner  # noqa: E402
from tests.notebook_text import SNAPSHOT_DIR, SNAPSHOT_PLACES, snapshot_text  # noqa: E402


def main() -> int:
    with tempfile.TemporaryDirectory() as scratch:
        results = runner.run_all(sorted(SNAPSHOT_PLACES), out=Path(scratch), jobs=2)
        failed = [r for r in results if r.error]
        if failed:
            print(runner.summary(results), file=sys.stderr)
            return 1
        for result in results:
            target = SNAPSHOT_DIR / result.iso3 / f"{result.notebook}.txt"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(snapshot_text(result.output), encoding="utf-8")
            print(f"wrote {target.relative_to(SNAPSHOT_DIR.parent.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
