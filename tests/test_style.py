"""The one plotting style: whole-year ticks, the source line printed once, category labels never cut."""

import csv
import io
import re
from pathlib import Path

import matplotlib.pyplot as plt
import pytest

from mmdp.findings import costing, gender, priorities, profile, workplan
from mmdp.i18n import using
from mmdp.inputs.parameters import validate_parameters
from mmdp.render import style
from mmdp.render.display import Chart

EXAMPLES = Path(__file__).resolve().parents[1] / "data" / "examples"


def _rows(name: str) -> list[dict[str, str]]:
    with (EXAMPLES / f"{name}.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(autouse=True)
def nothing_drawn_yet(monkeypatch):
    """Each test draws its figures: none comes from a PNG another test drew (the tests read tick labels,
    which only a drawing sets)."""
    monkeypatch.setattr(style, "_drawn", type(style._drawn)())


@pytest.fixture
def drawn(monkeypatch):
    """The matplotlib figures that findings hand to style.render, kept after rendering."""
    figures, render = [], style.render

    def keep(fig, *args, **kwargs):
        figures.append(fig)
        return render(fig, *args, **kwargs)

    monkeypatch.setattr(style, "render", keep)
    return figures


def _visible_tick_labels(ax, axis: str = "x") -> list[str]:
    low, high = sorted(ax.get_xlim() if axis == "x" else ax.get_ylim())
    ticks = ax.get_xticklabels() if axis == "x" else ax.get_yticklabels()
    return [t.get_text() for t in ticks if low <= (t.get_position()[0] if axis == "x" else t.get_position()[1]) <= high]


@pytest.mark.parametrize("draw", ["plot", "scatter", "stackplot"])
def test_a_short_run_of_years_is_ticked_in_whole_years(draw):
    """Three years would get half-year ticks ('2007.5') from matplotlib's default locator."""
    fig, (ax,) = style.new_figure()
    getattr(ax, draw)([2007, 2008, 2009], [1.0, 2.0, 1.5])
    ax.axhline(1.2)  # a reference line in axes coordinates does not hide the years
    style.render(fig, "Line of a value over three years.", "Source: test.")
    labels = _visible_tick_labels(ax)
    assert labels and all(re.fullmatch(r"\d{4}", t) for t in labels), labels


def test_an_axis_that_is_not_years_keeps_its_ticks():
    fig, (ax,) = style.new_figure()
    ax.plot([0.5, 1.5, 2.5], [1, 2, 3])
    style.render(fig, "Line of scores.", "Source: test.")
    assert any("." in t for t in _visible_tick_labels(ax))


def test_the_source_line_is_printed_once_under_the_image():
    fig, (ax,) = style.new_figure()
    ax.bar(["a", "b"], [1, 2])
    chart = style.render(fig, "Bars of a and b.", "Source: a test source, 2024 edition.")
    assert not fig.texts, "the source line is drawn inside the image as well as under it"
    html = chart._repr_mimebundle_()["text/html"]
    assert html.count("Source: a test source, 2024 edition.") == 1 and "<figcaption" in html


def test_wrap_keeps_every_word():
    text = "Lower the cost of sending remittances to Kyrgyzstan towards the SDG 10.c target"
    wrapped = style.wrap(text, 20)
    assert "…" not in wrapped and wrapped.replace("\n", " ") == text and max(map(len, wrapped.splitlines())) <= 20


def test_costing_bars_name_their_outcomes(drawn):
    """The bars read 'OC1 Households receive ...', the statements from the results template, whole."""
    costing.totals(validate_parameters("KGZ"))
    labels = {t.replace("\n", " ") for t in _visible_tick_labels(drawn[0].axes[0], "y")}
    outcomes = {f"{r['result_id']} {r['statement']}" for r in _rows("results") if r["level"] == "outcome"}
    assert labels == outcomes


def test_ranked_objectives_are_not_cut(drawn):
    priorities.ranking(validate_parameters("KGZ"))
    labels = {t.replace("\n", " ") for t in _visible_tick_labels(drawn[0].axes[0], "y")}
    assert labels == {f"{r['priority_id']} {r['objective']}" for r in _rows("priorities")}


def _matplotlib_png(fig) -> bytes:
    """The PNG as matplotlib's own tight_layout() and savefig() give it (savefig drawing twice)."""
    for ax in fig.axes:
        if style._years_on_x(ax):
            style.whole_year_ticks(ax)
    fig.tight_layout()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", metadata={"Software": None})
    plt.close(fig)
    return buffer.getvalue()


@pytest.mark.parametrize("finding", [profile.migrant_stock, profile.corridors, profile.development_context, gender.displaced_sex_age,
                                     costing.totals, priorities.matrix, workplan.gantt])
def test_one_draw_gives_the_image_of_two(finding, monkeypatch):
    """render() draws a figure once after its layout; the PNG is byte for byte the one matplotlib's
    usual path gives (a layout draw inside savefig, then the drawing)."""
    params = validate_parameters("UKR")
    ours = [chart.png for chart in finding(params).charts]
    theirs: list[bytes] = []
    monkeypatch.setattr(style, "render", lambda fig, alt, source, data=None, recurs=False: Chart(theirs.append(_matplotlib_png(fig)) or theirs[-1], alt, source))
    finding(params)
    assert ours and ours == theirs


def _bars(values, formatter_step: float = 1.0):
    """A figure of three bars with a tick formatter defined in a function (a closure over its step)."""
    fig, (ax,) = style.new_figure()
    ax.bar(["a", "b", "c"], values)
    ax.yaxis.set_major_formatter(lambda v, _pos: f"{v * formatter_step:.1f}")
    return fig


def _drawings(monkeypatch) -> list[object]:
    """The figures savefig actually draws from now on."""
    drawings, savefig = [], plt.Figure.savefig
    monkeypatch.setattr(plt.Figure, "savefig", lambda fig, *a, **k: drawings.append(fig) or savefig(fig, *a, **k))
    return drawings


def test_a_figure_drawn_again_with_the_same_content_reuses_its_png(monkeypatch):
    """The same chart for another place (the illustrative inputs) is drawn once: the second render
    gives the first one's bytes without drawing, and they are the bytes a fresh drawing gives."""
    drawings = _drawings(monkeypatch)
    first = style.render(_bars([1.0, 2.0, 1.5]), "Bars.", "Source: test.", recurs=True).png
    second = style.render(_bars([1.0, 2.0, 1.5]), "Bars.", "Source: test.", recurs=True).png
    assert len(drawings) == 1 and first == second
    monkeypatch.setattr(style, "_drawn", type(style._drawn)())
    assert style.render(_bars([1.0, 2.0, 1.5]), "Bars.", "Source: test.", recurs=True).png == first


@pytest.mark.parametrize("other", [
    lambda: _bars([1.0, 2.0, 1.6]),                       # one value differs
    lambda: _bars([1.0, 2.0, 1.5], formatter_step=2.0),   # the same formatter code, another captured value
])
def test_a_figure_that_differs_in_anything_is_drawn(monkeypatch, other):
    drawings = _drawings(monkeypatch)
    first = style.render(_bars([1.0, 2.0, 1.5]), "Bars.", "Source: test.", recurs=True).png
    assert style.render(other(), "Bars.", "Source: test.", recurs=True).png != first and len(drawings) == 2


def test_a_figure_in_another_language_is_drawn_in_that_language(monkeypatch):
    """The decimal sign of tick labels is read when drawing: the language is part of the key."""
    def line():
        fig, (ax,) = style.new_figure()
        ax.plot([0.5, 1.5, 2.5], [1, 2, 3])
        return fig

    english = style.render(line(), "Line.", "Source: test.", recurs=True).png
    with using("fr"):
        french = style.render(line(), "Ligne.", "Source : test.", recurs=True).png
    assert french != english


def test_the_drawn_pngs_kept_are_bounded(monkeypatch):
    monkeypatch.setattr(style, "DRAWN_KEPT", 3)
    for value in range(5):
        style.render(_bars([1.0, 2.0, float(value)]), "Bars.", "Source: test.", recurs=True)
    assert len(style._drawn) == 3


def test_a_chart_of_a_places_data_is_drawn_without_a_key(monkeypatch):
    """Only a figure that recurs (a planning chart) is kept: a data chart is drawn each time, unkeyed."""
    drawings = _drawings(monkeypatch)
    monkeypatch.setattr(style, "_content_key", lambda fig: pytest.fail("a data chart was keyed"))
    first = style.render(_bars([1.0, 2.0, 1.5]), "Bars.", "Source: test.").png
    assert style.render(_bars([1.0, 2.0, 1.5]), "Bars.", "Source: test.").png == first
    assert len(drawings) == 2 and not style._drawn
