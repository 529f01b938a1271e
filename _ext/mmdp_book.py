"""Small Sphinx additions for the handbook (loaded through ``sphinx.local_extensions`` in _config.yml).

1. The launch menu of a notebook page (the rocket button) says what it does: "How to run this
   notebook" leads to the landing page's section on running a notebook, and "Open in your
   JupyterLab (<address>)" opens the page's notebook in a JupyterLab at
   ``launch_buttons.jupyterlab_url`` of _config.yml (``http://localhost:8888``: one the reader
   started in the handbook's folder; a team serving the handbook sets its server's address there):
   ``<url>/lab/tree/<path of the .ipynb>``. No external service is involved.
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
6. Under each chart of a notebook page (book and gallery), downloads: the image (PNG), the data
   it draws (CSV) and a metadata file (JSON: source, edition, years, citation), written by the
   same code as the country packs (``mmdp.run.pack.write_chart_data``).
7. The site footer: the text's licence and how to cite this handbook, from the ``handbook`` block
   of _config.yml (the one place for them; the PDF cover reads the same block: ``handbook_credits``).
8. Search: country gallery pages rank after every chapter and notebook page (``search_scorer.js``),
   so that 238 country profiles do not bury the chapters.
9. Each page of a stage or a part opens with "Download PDF" links: the stage, the part and the whole
   book, printed by ``make pdf`` (scripts/print_pdf.py) to ``pdf/<slug>.pdf`` (``mmdp.run.handbook.book_pieces``).
10. Languages (docs/architecture.md, "Languages"): every label above goes through the catalog
    ``mmdp_book`` (``_()``); a language switcher at the top of every page leads to the same page in
    English, the released languages (``handbook: released_languages``) and the language being built.
"""

from __future__ import annotations

import functools
import html
import json
import os
import posixpath
import re
from pathlib import Path
from urllib.parse import urlsplit

import yaml
from docutils import nodes
from sphinx import addnodes
from sphinx.locale import get_translation
from sphinx.util import logging
from sphinx.util.i18n import CatalogInfo

logger = logging.getLogger(__name__)
CATALOG = "mmdp_book"
"""This extension's own labels, translated through locales/<lang>/LC_MESSAGES/mmdp_book.po
(mmdp.run.translations.write_theme_template extracts them for `make translations`)."""
_ = get_translation(CATALOG)
LANGUAGE_NAMES = {"en": "English", "fr": "Français", "es": "Español"}
"""Each language of the text in its own words (the switcher's labels)."""
RUN_IT_YOURSELF = "running-a-notebook-for-your-own-country"
"""The landing page's section on running a notebook (the launch menu leads there)."""

_TOGGLE = re.compile(r'(<a class="reference internal" href="[^"]*">)(.*?)(</a><details(?: open="open")?>)<summary>')
_CHECKBOX = re.compile(r'<input class="task-list-item-checkbox"([^>]*)>(.*?)(?=</p>|</li>|<ul|<ol)', re.S)
_TAG = re.compile(r"<[^>]+>")


def _plain(markup: str, limit: int = 150) -> str:
    text = " ".join(html.unescape(_TAG.sub("", markup)).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def label_sidebar_toggles(markup: str) -> str:
    """Name each expand/collapse toggle of the navigation after the page whose sub-pages it shows."""
    def name(m: re.Match) -> str:
        label = html.escape(_("Sub-pages of %s") % _plain(m.group(2)), quote=True)
        return f'{m.group(1)}{m.group(2)}{m.group(3)}<summary aria-label="{label}">'
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
                    summary["aria-label"] = _("Sub-pages of %s") % _plain(link.get_text())
            return out

        def sidebar(*args, **kwargs):
            return _sibling_sidebar(app, pagename, labelled, args, kwargs)
        sidebar._mmdp_labelled = True
        context["generate_toctree_html"] = sidebar


CURRENT_LEAF = re.compile(r'<li class="(toctree-l\d+) current active"><a class="current reference internal" href="#">(.*?)</a></li>')


def _sibling_sidebar(app, pagename: str, theme_sidebar, args: tuple, kwargs: dict) -> str:
    """The theme's sidebar of ``pagename``, made from a sibling's when there is one: a page without sub-pages
    whose parents and folder are a page already written has that page's sidebar, except which entry is the
    current one. The theme builds the whole navigation for each page (a second per page with the 238 gallery
    pages, most of the site's build time); 237 gallery pages now take the first one's. A sidebar that does not
    read as expected is built by the theme."""
    env, builder = app.env, app.builder
    if not hasattr(builder, "_mmdp_sidebars"):  # the builder's, not the environment's: never kept for the next build
        builder._mmdp_sidebars = ({}, env.collect_relations())
    sidebars, relations = builder._mmdp_sidebars
    parents, parent = [], relations.get(pagename, [None])[0]
    while parent is not None and parent not in parents:
        parents.append(parent)
        parent = relations.get(parent, [None])[0]
    key = (posixpath.dirname(pagename), tuple(parents), args, tuple(sorted(kwargs.items())))
    shared = parents and not env.toctree_includes.get(pagename)  # a page without sub-pages, under a parent
    if not shared or key not in sidebars:
        out = str(theme_sidebar(*args, **kwargs))
        if shared and len(CURRENT_LEAF.findall(out)) == 1:
            sidebars[key] = (pagename, out)
        return out
    sibling, out = sidebars[key]
    own = f'<a class="reference internal" href="{html.escape(builder.get_relative_uri(sibling, pagename))}">'
    mine = re.findall(rf'<li class="(toctree-l\d+)">{re.escape(own)}(.*?)</a></li>', out)
    current = CURRENT_LEAF.search(out)
    if len(mine) != 1 or current is None:
        return str(theme_sidebar(*args, **kwargs))
    theirs = html.escape(builder.get_relative_uri(pagename, sibling))
    out = out.replace(current.group(0), f'<li class="{current.group(1)}"><a class="reference internal" href="{theirs}">{current.group(2)}</a></li>')
    level, title = mine[0]
    return out.replace(f'<li class="{level}">{own}{title}</a></li>',
                       f'<li class="{level} current active"><a class="current reference internal" href="#">{title}</a></li>')


def _share_html_visitors(app) -> None:
    handlers = app.registry.translation_handlers
    if app.builder.name != "html" and app.builder.format == "html" and app.builder.name in handlers:
        for node, visitors in handlers.get("html", {}).items():
            handlers[app.builder.name].setdefault(node, visitors)


def _launch_in_jupyterlab(app, pagename, templatename, context, doctree) -> None:
    base = _jupyterlab_url(app.config)
    source = context.get("page_source_suffix", "")
    if source != ".ipynb" or "header_buttons" not in context:
        return
    if pagename.startswith("gallery/"):  # generated pages: the template they come from is notebooks/
        return
    buttons = [{
        "type": "link",
        "text": _("How to run this notebook"),
        "tooltip": _("Run this notebook for your own country: what to install and which commands to type"),
        "icon": "fas fa-circle-question",
        "url": context["pathto"](app.config.root_doc) + "#" + RUN_IT_YOURSELF,
        "label": "launch-how-to-button",
    }]
    if base:
        path = Path(pagename).with_suffix(".ipynb").as_posix()
        buttons.append({
            "type": "link",
            "text": _("Open in your JupyterLab (%s)") % (urlsplit(base).netloc or base),
            "tooltip": _("Opens this notebook in a JupyterLab started in the handbook's folder (jupyter lab) "
                         "at the address set in _config.yml; without one running there, the link has nothing to open"),
            "icon": "_static/images/logo_jupyterhub.svg",
            "url": f"{base}/lab/tree/{path}",
            "label": "launch-jupyterlab-button",
        })
    for group in context["header_buttons"]:
        if group.get("label") == "launch-buttons":
            group["buttons"].extend(buttons)
            return
    context["header_buttons"].insert(0, {
        "type": "group",
        "tooltip": _("Run this notebook yourself"),
        "icon": "fas fa-rocket",
        "buttons": buttons,
        "label": "launch-buttons",
    })


# ---------------------------------------------------------------- downloads under each chart

_PNG_URI = re.compile(r'<img src="data:image/png;base64,')


def _chart_downloads(app, doctree) -> None:
    """Under each chart that carries its data: the image, the data as CSV and a metadata file. The CSV
    and JSON are written next to myst-nb's executed notebook and copied by Sphinx into ``_downloads/``;
    the image link takes the picture already in the page (mmdp-reader.js), so no image is stored twice."""
    import nbformat

    from mmdp.render.display import CHART_DATA_MIME
    from mmdp.run.pack import notebook_place_name, write_chart_data

    env, docname = app.env, app.env.docname
    config = getattr(env, "mystnb_config", None)
    if config is None or "kernelspec" not in env.metadata.get(docname, {}):
        return
    parts = docname.split("/")
    executed = Path(config.output_folder).joinpath(*parts[:-1], parts[-1] + ".ipynb")
    if not executed.is_file():
        return
    notebook = nbformat.read(executed, as_version=4)
    place = notebook_place_name(notebook)
    folder = executed.parent / f"{parts[-1]}-figure-data"
    cells = {node["cell_index"]: node for node in doctree.findall(nodes.container)
             if node.get("nb_element") == "cell_code" and "cell_index" in node}
    count = 0
    for index, cell in enumerate(notebook.cells):
        shown = [o for o in cell.get("outputs", []) if o.get("output_type") in ("display_data", "execute_result")]
        bundles = [n for n in cells[index].findall(nodes.container) if n.get("nb_element") == "mime_bundle"] if index in cells else []
        if len(bundles) != len(shown):  # outputs removed from the page (remove-output, remove-cell)
            continue
        for output, bundle in zip(shown, bundles):
            payload = output.get("data", {}).get(CHART_DATA_MIME)
            if not payload:
                continue
            payload = json.loads(payload) if isinstance(payload, str) else payload
            markup = "".join(raw.astext() for raw in bundle.findall(nodes.raw))
            if html.escape(payload.get("alt", "")) not in markup or not _PNG_URI.search(markup):
                logger.warning(f"chart data of cell {index + 1} does not match its figure; no downloads under it",
                               location=docname, type="mmdp", subtype="chart_data")
                continue
            count += 1
            name = f"{parts[-1]}-figure-{count}"
            csv, meta = write_chart_data(payload, name, folder, place)
            line = nodes.paragraph(classes=["mmdp-download", "mmdp-screen-only"])
            line += nodes.Text(str(_("Download this figure: ")))
            image = html.escape(str(_("image (PNG)")))
            line += nodes.raw("", f'<a class="mmdp-image-download" download="{name}.png">{image}</a>', format="html")
            for label, path in ((_("data (CSV)"), csv), (_("source, edition and citation (JSON)"), meta)):
                line += nodes.Text(" · ")
                reference = addnodes.download_reference("", "", refdoc=docname, refexplicit=True,
                                                        reftarget="/" + os.path.relpath(path, app.srcdir).replace(os.sep, "/"))
                reference += nodes.inline(text=str(label))
                line += reference
            bundle.parent.insert(bundle.parent.index(bundle) + 1, line)


# ---------------------------------------------------------------- licence and citation (footer)


@functools.lru_cache(maxsize=None)
def handbook_credits(book_dir: str | os.PathLike[str]) -> dict[str, str]:
    """The text's licence and how to cite this handbook, from the ``handbook`` block of _config.yml:
    ``licence``, ``licence_url``, ``licence_note`` and ``citation`` (``{year}`` and ``{version}`` filled
    from ``copyright`` and the package's version). The footer and the PDF cover both read this."""
    import mmdp

    config = yaml.safe_load((Path(book_dir) / "_config.yml").read_text(encoding="utf-8"))
    block = dict(config["handbook"])
    block["citation"] = " ".join(block["citation"].split()).format(year=config.get("copyright", ""), version=mmdp.__version__)
    return {key: " ".join(str(value).split()) for key, value in block.items()}


def _footer(app, pagename, templatename, context, doctree) -> None:
    """Licence and citation in every page's footer; the link to the data licences is relative to the page."""
    credits = handbook_credits(str(app.srcdir))
    e = html.escape
    sources = context["pathto"]("chapters/reference/data-sources") if "chapters/reference/data-sources" in app.env.all_docs else ""
    note, page_title = e(str(_(credits["licence_note"]))), e(str(_("Data sources and licences")))
    if sources:
        note = note.replace(page_title, f'<a href="{e(sources)}">{page_title}</a>')
    licensed, cite = e(str(_("The text of this handbook is licensed under"))), e(str(_("How to cite this handbook:")))
    context["theme_extra_footer"] = (
        f'<p class="mmdp-licence">{licensed} '
        f'<a rel="license" href="{e(credits["licence_url"])}">{e(credits["licence"])}</a>. {note}</p>'
        f'<p class="mmdp-cite"><strong>{cite}</strong> {e(credits["citation"])}</p>'
    )



def _search_scorer(app, config) -> None:
    config.html_search_scorer = str(Path(__file__).with_name("search_scorer.js"))


def _jupyterlab_url(config) -> str:
    options = config.html_theme_options.get("launch_buttons", {}) or {}
    return str(options.get("jupyterlab_url", "")).rstrip("/")


def _download_pdf_links(app, pagename, templatename, context, doctree) -> None:
    if app.builder.name != "html" or "body" not in context:
        return
    from mmdp.i18n import using
    from mmdp.run.handbook import local_title, pieces_of

    up = "../" * pagename.count("/")  # each language's PDFs are in its own site (make pdf)
    stage, part = str(_("this stage")), str(_("this part"))
    with using(_language(app)):
        links = [(f"{stage if p.slug.startswith('stage') else part} ({local_title(p)})", up + p.pdf) for p in pieces_of(pagename)]
    if not links:
        return
    links.append((str(_("the whole handbook")), up + "mmdp-handbook.pdf"))
    items = " · ".join(f'<a href="{html.escape(url)}">{html.escape(text)}</a>' for text, url in links)
    label = html.escape(str(_("Download PDF:")))
    context["body"] = f'<p class="mmdp-pdf-links mmdp-screen-only">{label} {items}</p>\n' + context["body"]


# ---------------------------------------------------------------- languages


def _language(app) -> str:
    return app.config.language or "en"


def languages_shown(current: str, released: list[str]) -> list[str]:
    """The switcher's languages: English, the released ones, and the language being built (a preview
    of an unreleased language links back to English, while the English site links only released ones)."""
    return list(dict.fromkeys(["en", *released, current]))


def language_links(current: str, released: list[str], pagename: str) -> list[tuple[str, str, str]]:
    """(code, name, address relative to the page) of the same page in each language shown."""
    root = "../" * (pagename.count("/") + (current != "en"))
    return [(lang, LANGUAGE_NAMES[lang], f"{root}{'' if lang == 'en' else lang + '/'}{pagename}.html")
            for lang in languages_shown(current, released)]


def _language_switcher(app, pagename, templatename, context, doctree) -> None:
    """At the top of every page: the same page in the other languages (none while English is the only
    one). Each link says its language (hreflang, lang) and the page's own language is marked current."""
    if app.builder.name != "html" or "body" not in context:
        return
    from mmdp.run.translations import released_languages

    current = _language(app)
    links = language_links(current, list(released_languages(Path(app.srcdir))), pagename)
    if len(links) < 2:
        return
    e = html.escape
    items = []
    for lang, name, url in links:
        if lang == current:
            items.append(f'<li><span aria-current="page" lang="{lang}">{e(name)}</span></li>')
        else:
            items.append(f'<li><a href="{e(url)}" hreflang="{lang}" lang="{lang}">{e(name)}</a></li>')
    label = e(str(_("Language")))
    context["body"] = (f'<nav class="mmdp-languages mmdp-screen-only" aria-label="{label}"><ul>{"".join(items)}</ul></nav>\n'
                       + context["body"])
    context["metatags"] = context.get("metatags", "") + "".join(
        f'\n<link rel="alternate" hreflang="{lang}" href="{e(url)}">' for lang, _name, url in links if lang != current)


def _theme_catalog(app, config) -> None:
    """The extension's labels in the book's language: mmdp_book.po compiled beside itself (as Sphinx
    does with the pages' catalogs) and registered with Sphinx."""
    language = config.language or "en"
    if language == "en":
        return
    for folder in config.locale_dirs:
        base = Path(app.srcdir) / folder
        info = CatalogInfo(str(base / language / "LC_MESSAGES"), CATALOG, config.source_encoding)
        if Path(info.po_path).is_file():
            if info.is_outdated():
                info.write_mo(language)
            app.add_message_catalog(CATALOG, str(base))
    if config.html_title:
        config.html_title = str(_(config.html_title))
    options = config.html_theme_options = dict(config.html_theme_options or {})
    options["search_bar_text"] = str(_("Search this book..."))  # the book theme's default, not in its catalogs


def translate_toctree_captions(doctree, gettext) -> int:
    """The captions of a page's toctrees in its language (the book's parts in the sidebar). Sphinx
    translates a page's text before sphinx-external-toc inserts the toctrees, so their captions, which
    `make translations` extracts into the page's catalog, are translated here. Returns how many."""
    count = 0
    for toctree in doctree.findall(addnodes.toctree):
        caption = toctree.get("caption")
        translated = gettext(caption) if caption else caption
        if translated and translated != caption:
            toctree["caption"] = toctree["rawcaption"] = translated
            count += 1
    return count


def _toctree_captions(app, doctree) -> None:
    if _language(app) == "en":
        return
    from sphinx.locale import init as init_locale
    from sphinx.util.i18n import docname_to_domain

    domain = docname_to_domain(app.env.docname, app.config.gettext_compact)
    folders = [str(Path(app.srcdir, folder)) for folder in app.config.locale_dirs]
    catalog, found = init_locale(folders, app.config.language, domain)
    if found:
        translate_toctree_captions(doctree, catalog.gettext)


def own_document(doctree) -> int:
    """Point every node of a page at the page's own document; return how many were not. Sphinx parses each
    translated message as a small document of its own, and the nodes it moves into the page keep a link to
    it, whose settings carry the whole build environment: pickled with the page, that made every translated
    page's doctree about 4 MB instead of 70 kB, and unpickling them all (Sphinx does, to number figures and
    exercises) cost half a minute per build."""
    moved = 0
    for node in doctree.findall(include_self=False):
        if getattr(node, "_document", None) not in (None, doctree):
            node.document = doctree
            moved += 1
    return moved


def _own_document(app, doctree) -> None:
    if _language(app) != "en":
        own_document(doctree)


def _constants_as_substitutions(app, config):
    from mmdp.render.format import constant_texts

    config.myst_substitutions = {**constant_texts(), **(config.myst_substitutions or {})}


def setup(app):
    app.connect("config-inited", _constants_as_substitutions)
    app.connect("config-inited", _search_scorer)
    app.connect("doctree-read", _chart_downloads, priority=400)  # before Sphinx collects the downloads
    app.connect("html-page-context", _footer)
    app.connect("builder-inited", _share_html_visitors)
    app.connect("html-page-context", _launch_in_jupyterlab, priority=502)
    app.connect("html-page-context", _accessible_page, priority=900)  # after the theme's toctree functions
    app.connect("html-page-context", _scripts_once, priority=900)
    app.connect("html-page-context", _download_pdf_links)
    app.connect("config-inited", _theme_catalog)
    app.connect("doctree-read", _toctree_captions)
    app.connect("doctree-read", _own_document, priority=900)  # last: before the page is pickled
    app.connect("html-page-context", _language_switcher, priority=600)  # above the PDF links
    return {"parallel_read_safe": True, "parallel_write_safe": True}
