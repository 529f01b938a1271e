"""`jupyter-book` without a start-up cost that buys the book nothing: the same command line, e.g.

    python scripts/build_book.py build . -W -n --keep-going

jupyter-book validates its configuration with jsonschema, which on import builds the grammars of the
optional `rfc3987_syntax` (about 1.2 s of every build, most of what a one-chapter rebuild costs beyond
Sphinx itself; `make bench-book` times both commands side by side). Marking that module absent makes
jsonschema skip the IRI format checker that nothing here uses, as `mmdp.run` does for the runner's
processes. (Importing `mmdp.run` here instead would import pandas, which costs more than it saves.)
"""

from __future__ import annotations

import sys

sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[assignment]  # import -> ImportError, which jsonschema expects

from jupyter_book.cli.main import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
