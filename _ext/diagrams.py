"""The book's diagrams (chapters/diagrams/*.dot, drawn as SVG by ``sphinx.ext.graphviz``) get their alt
text as the accessible name of the ``<object>`` that shows them (``role="img"`` and ``aria-label``).

Sphinx writes the alt text only as fallback content inside the ``<object>``, which assistive technology
and axe-core (``object-alt``, tests/test_accessibility.py) do not take as its name.
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


def setup(app):
    app.setup_extension("sphinx.ext.graphviz")
    visitors = (_visit_graphviz, None)
    app.add_node(graphviz.graphviz, override=True, html=visitors, singlehtml=visitors)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
