"""Small Sphinx additions for the handbook (loaded through ``sphinx.local_extensions`` in _config.yml).

1. A launch button that opens a notebook page's notebook in the reader's *own* JupyterLab:
   ``launch_buttons.jupyterlab_url`` in _config.yml (for example ``http://localhost:8888``, a
   JupyterLab started in the repository folder) gives ``<url>/lab/tree/<path of the .ipynb>``.
   No external service is involved; a JupyterHub with nbgitpuller can be added with the theme's
   own ``jupyterhub_url`` (which needs ``repository.url``).
2. Accessibility fixes axe-core asks for (tests/test_accessibility.py), made in the HTML that is
   written, so they hold without JavaScript: the sidebar's expand/collapse toggles get a name
   ("Sub-pages of <chapter>"; the theme leaves an icon only), and the read-only check boxes of
   MyST task lists get the item's text as their label.
3. Each script is included once: sphinx-thebe and sphinx-togglebutton register their inline
   configuration twice in this stack, and the second ``const THEBE_JS_URL`` throws a SyntaxError on
   every page (tests/test_browser.py fails on console errors).
4. The single-page HTML builder (used for the PDF, ``make pdf``) gets the HTML visitors of every
   node an extension registered for ``html`` only (sphinx-design's cards and grids): sphinx-exercise
   registers ``singlehtml`` visitors, after which Sphinx no longer falls back to the ``html`` ones.
5. The package's named constants reach the pages as MyST substitutions (``{{ sdg_10c_target }}``
   reads "3 %"), printed by the package's formatting module: a page never types the number.
6. Each page of a stage or a part opens with "Download PDF" links: the stage, the part and the whole
   book, printed by ``make pdf`` (scripts/print_pdf.py) to ``pdf/<slug>.pdf`` (``mmdp.run.handbook.book_pieces``).
"""

from __future__ import annotations

import html
import re
from pathlib import Path

_TOGGLE = re.compile(r'(<a class="reference internal" href="[^"]*">)(.*?)(</a><details(?: open="open")?>)<summary>')
_CHECKBOX = re.compile(r'<input class="task-list-item-checkbox"([^>]*)>(.*?)(?=</p>|</li>|<ul|<ol)', re.S)
_TAG = re.compile(r"<[^>]+>")


def _plain(markup: str, limit: int = 150) -> str:
    text = " ".join(html.unescape(_TAG.sub("", markup)).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def label_sidebar_toggles(markup: str) -> str:
    """Name each expand/collapse toggle of the navigation after the page whose sub-pages it shows."""
    def name(m: re.Match) -> str:
        title = html.escape(_plain(m.group(2)), quote=True)
        return f'{m.group(1)}{m.group(2)}{m.group(3)}<summary aria-label="Sub-pages of {title}">'
    return _TOGGLE.sub(name, markup)


def label_task_checkboxes(markup: str) -> str:
    """A read-only task-list check box is labelled by its item's text."""
    def name(m: re.Match) -> str:
        if "aria-label" in m.group(1):
            return m.group(0)
        label = html.escape(_plain(m.group(2)) or "checklist item", quote=True)
        return f'<input class="task-list-item-checkbox" aria-label="{label}"{m.group(1)}>{m.group(2)}'
    return _CHECKBOX.sub(name, markup)


def _scripts_once(app, pagename, templatename, context, doctree) -> None:
    seen, unique = set(), []
    for script in context.get("script_files", []):
        attributes = getattr(script, "attributes", {}) or {}
        key = (str(getattr(script, "filename", script) or ""), tuple(sorted((k, str(v)) for k, v in attributes.items())))
        if key not in seen:
            seen.add(key)
            unique.append(script)
    if "script_files" in context:
        context["script_files"] = unique


def _accessible_page(app, pagename, templatename, context, doctree) -> None:
    if "body" in context:
        context["body"] = label_task_checkboxes(context["body"])
    toctree = context.get("generate_toctree_html")
    if toctree and not getattr(toctree, "_mmdp_labelled", False):
        def labelled(*args, **kwargs):
            out = toctree(*args, **kwargs)
            if isinstance(out, str):
                return label_sidebar_toggles(out)
            for summary in out.select("li > details > summary"):  # a BeautifulSoup tree (theme 0.17)
                link = summary.parent.parent.find("a", recursive=False)
                if not summary.get("aria-label") and not summary.get_text(strip=True) and link is not None:
                    summary["aria-label"] = f"Sub-pages of {_plain(link.get_text())}"
            return out
        labelled._mmdp_labelled = True
        context["generate_toctree_html"] = labelled


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


def _download_pdf_links(app, pagename, templatename, context, doctree) -> None:
    if app.builder.name != "html" or "body" not in context:
        return
    from mmdp.run.handbook import pieces_of

    up = "../" * pagename.count("/")
    links = [(f"{'this stage' if p.slug.startswith('stage') else 'this part'} ({p.title})", up + p.pdf) for p in pieces_of(pagename)]
    if not links:
        return
    links.append(("the whole handbook", up + "mmdp-handbook.pdf"))
    items = " · ".join(f'<a href="{html.escape(url)}">{html.escape(text)}</a>' for text, url in links)
    context["body"] = f'<p class="mmdp-pdf-links mmdp-screen-only">Download PDF: {items}</p>\n' + context["body"]


def _constants_as_substitutions(app, config):
    from mmdp.render.format import constant_texts

    config.myst_substitutions = {**constant_texts(), **(config.myst_substitutions or {})}


def setup(app):
    app.connect("config-inited", _constants_as_substitutions)
    app.connect("builder-inited", _share_html_visitors)
    app.connect("html-page-context", _launch_in_jupyterlab, priority=502)
    app.connect("html-page-context", _accessible_page, priority=900)  # after the theme's toctree functions
    app.connect("html-page-context", _scripts_once, priority=900)
    app.connect("html-page-context", _download_pdf_links)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
