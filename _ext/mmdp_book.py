"""Small Sphinx additions for the handbook (loaded through ``sphinx.local_extensions`` in _config.yml).

1. A launch button that opens a notebook page's notebook in the reader's *own* JupyterLab:
   ``launch_buttons.jupyterlab_url`` in _config.yml (for example ``http://localhost:8888``, a
   JupyterLab started in the repository folder) gives ``<url>/lab/tree/<path of the .ipynb>``.
   No external service is involved; a JupyterHub with nbgitpuller can be added with the theme's
   own ``jupyterhub_url`` (which needs ``repository.url``).
2. The single-page HTML builder (used for the PDF, ``make pdf``) gets the HTML visitors of every
   node an extension registered for ``html`` only (sphinx-design's cards and grids): sphinx-exercise
   registers ``singlehtml`` visitors, after which Sphinx no longer falls back to the ``html`` ones.
"""

from __future__ import annotations

from pathlib import Path


def _share_html_visitors(app) -> None:
    handlers = app.registry.translation_handlers
    if app.builder.name != "html" and app.builder.format == "html" and app.builder.name in handlers:
        for node, visitors in handlers.get("html", {}).items():
            handlers[app.builder.name].setdefault(node, visitors)


def _launch_in_jupyterlab(app, pagename, templatename, context, doctree) -> None:
    options = app.config.html_theme_options.get("launch_buttons", {}) or {}
    base = str(options.get("jupyterlab_url", "")).rstrip("/")
    source = context.get("page_source_suffix", "")
    if not base or source != ".ipynb" or "header_buttons" not in context:
        return
    if pagename.startswith("gallery/"):  # generated pages: the template they come from is notebooks/
        return
    path = Path(pagename).with_suffix(".ipynb").as_posix()
    button = {
        "type": "link",
        "text": "JupyterLab",
        "tooltip": "Open this notebook in your own JupyterLab (started in the handbook's folder)",
        "icon": "_static/images/logo_jupyterhub.svg",
        "url": f"{base}/lab/tree/{path}",
        "label": "launch-jupyterlab-button",
    }
    for group in context["header_buttons"]:
        if group.get("label") == "launch-buttons":
            group["buttons"].append(button)
            return
    context["header_buttons"].insert(0, {
        "type": "group",
        "tooltip": "Launch interactive content",
        "icon": "fas fa-rocket",
        "buttons": [button],
        "label": "launch-buttons",
    })


def setup(app):
    app.connect("builder-inited", _share_html_visitors)
    app.connect("html-page-context", _launch_in_jupyterlab, priority=502)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
