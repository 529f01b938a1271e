"""The diagrams in other languages (``mmdp.run.diagrams``): what is a message of a diagram's source, how a
translation goes back into it, and that each diagram, translated, is still drawn by Graphviz."""

from __future__ import annotations

import html
import re
import shutil
import subprocess

import pytest

from mmdp.constants import LANGUAGES
from mmdp.i18n import book_messages, message_key
from mmdp.paths import REPO_ROOT
from mmdp.run.diagrams import DIAGRAM_CATALOG, DIAGRAMS, alt_texts, diagram_messages, dot_messages, translate_diagram, translate_dot

def label_lines(messages) -> set[str]:
    """The lines a diagram's SVG shows for ``messages`` (a cell's markup and Graphviz's ``\\l`` dropped)."""
    return {line.strip() for message in messages
            for line in re.split(r"\n|<BR/>|\\l", re.sub(r"</?(?:B|FONT)\b[^>]*>", "", message))} - {""}


SOURCES = sorted((REPO_ROOT / DIAGRAMS).glob("*.dot"))
SAMPLE = r'''digraph d {
  a [label="Is a new national\nplan being drafted?"];
  b [label="Screen the action\n(\"do no harm\" check)"];
  a -> b [label=" yes", xlabel="feeds the\nnext plan"];
  a -> c [label=" output_id"];
  m [label=<<TABLE><TR><TD BORDER="0">3</TD><TD BGCOLOR="#FFF"><B>Quick wins</B><BR/>adopt</TD></TR></TABLE>>];
}'''


def test_a_message_is_a_label_as_the_reader_reads_it():
    assert dot_messages(SAMPLE) == ["Is a new national\nplan being drafted?", 'Screen the action\n("do no harm" check)',
                                    "yes", "feeds the\nnext plan", "<B>Quick wins</B><BR/>adopt"]  # no score, no column code


def test_a_translation_goes_back_escaped_keeping_the_edge_labels_padding():
    french = {"Is a new national\nplan being drafted?": "Un nouveau plan\nest-il en préparation ?",
              'Screen the action\n("do no harm" check)': "Examiner l’action\n(« ne pas nuire »)", "yes": "oui",
              "<B>Quick wins</B><BR/>adopt": "<B>Gains rapides</B><BR/>adopter"}
    code = translate_dot(SAMPLE, lambda m: french.get(m, m))
    assert r'label="Un nouveau plan\nest-il en préparation ?"' in code
    assert 'label=" oui"' in code and 'label=" output_id"' in code
    assert '<TD BORDER="0">3</TD><TD BGCOLOR="#FFF"><B>Gains rapides</B><BR/>adopter</TD>' in code
    assert translate_dot('x [label="say \\"hi\\""];', lambda m: m.replace("hi", "«\u00a0salut\u00a0»")) == 'x [label="say \\"«\u00a0salut\u00a0»\\""];'


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.name)
def test_a_diagram_read_back_untranslated_is_unchanged(source):
    code = source.read_text(encoding="utf-8")
    assert dot_messages(code) and translate_dot(code, lambda message: message) == code


def test_every_diagram_of_the_chapters_has_its_alt_text_in_the_catalog():
    directives = sum(page.read_text(encoding="utf-8").count("```{graphviz}") for page in (REPO_ROOT / "chapters").rglob("*.md"))
    alts = alt_texts(REPO_ROOT)
    assert len(alts) == directives == len(SOURCES) and all(len(alt) > 40 for alt, _page in alts)
    messages = [message for message, _where in diagram_messages(REPO_ROOT)]
    assert {alt for alt, _page in alts} <= set(messages) and len(messages) > 100


@pytest.mark.parametrize("lang", LANGUAGES[1:])
def test_each_diagram_is_drawn_in_the_language(lang):
    """Every label and alt text has a translation, and every translated diagram is drawn by Graphviz, with
    the translated labels in its SVG (a cell's markup kept: Graphviz refuses a broken one)."""
    if not shutil.which("dot"):
        pytest.skip("Graphviz's dot is missing: make diagram-deps installs it")
    messages = book_messages(DIAGRAM_CATALOG, lang)
    missing = [m for m, _where in diagram_messages(REPO_ROOT) if message_key(m) not in messages]
    assert not missing, missing
    for source in SOURCES:
        code, _alt = translate_diagram(source.read_text(encoding="utf-8"), None, lang)
        drawn = subprocess.run(["dot", "-Tsvg"], input=code, capture_output=True, text=True)
        assert drawn.returncode == 0 and not drawn.stderr.strip(), (source.name, drawn.stderr)
        translated = label_lines([messages[message_key(m)] for m in dot_messages(source.read_text(encoding="utf-8"))])
        shown = set(re.findall(r"<text[^>]*>([^<]*)</text>", html.unescape(drawn.stdout)))
        assert {line.strip() for line in shown} >= translated, (source.name, translated - shown)
