"""`jupyter-book` without a start-up cost that buys the book nothing: the same command line, e.g.

    python scripts/build_book.py build . -W -n --keep-going

jupyter-book validates its configuration with jsonschema. On import, jsonschema loads the optional
`rfc3987_syntax` (installed for JupyterLab's jupyter-events), which compiles 38 lark grammars to check
"iri" formats. No schema here uses that format, and the import costs about 1.2 s of every build, which
is most of what a rebuild after editing one chapter costs beyond Sphinx itself (`make bench-book`).
Marking the module absent makes jsonschema skip that format checker, as it does when the package is
not installed.
"""

from __future__ import annotations

import sys

sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[assignment]  # import -> ImportError, which jsonschema expects

from jupyter_book.cli.main import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
