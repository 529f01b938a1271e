"""The book's diagrams (chapters/diagrams/*.dot, drawn as SVG by ``sphinx.ext.graphviz``) get their alt
text as the accessible name of the ``<object>`` that shows them (``role="img"`` and ``aria-label``).

Sphinx writes the alt text only as fallback content inside the ``<object>``, which assistive technology
and axe-core (``object-alt``, tests/test_accessibility.py) do not take as its name.

In a book in another language, each diagram is read in it: its labels and alt text through the catalog
``diagrams`` (``mmdp.run.diagrams``), so the SVG is drawn in the page's language.
"""

from __future__ import annotations

import html

from docutils import nodes
from sphinx.ext import graphviz


def _visit_graphviz(self, node) -> None:
    start = len(self.body)
    try:
        graphviz.html_visit_graphviz(self, node)
    finally:
        alt = node.get("alt")
        if alt:
            name = f'<object role="img" aria-label="{html.escape(alt, quote=True)}" '
            self.body[start:] = [part.replace("<object ", name, 1) for part in self.body[start:]]


def _in_language(app, doctree) -> None:
    """The page's diagrams in the book's language; the page is read again when their catalog changes."""
    language = app.config.language or "en"
    diagrams = list(doctree.findall(graphviz.graphviz))
    if language == "en" or not diagrams:
        return
    from mmdp.paths import locales_dir
    from mmdp.run.diagrams import DIAGRAM_CATALOG, translate_diagram

    for node in diagrams:
        node["code"], alt = translate_diagram(node["code"], node.get("alt"), language)
        if alt:
            node["alt"] = alt
    app.env.note_dependency(str(locales_dir() / language / "LC_MESSAGES" / f"{DIAGRAM_CATALOG}.po"))


def setup(app):
    app.setup_extension("sphinx.ext.graphviz")
    visitors = (_visit_graphviz, None)
    app.add_node(graphviz.graphviz, override=True, html=visitors, singlehtml=visitors)
    app.connect("doctree-read", _in_language)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
