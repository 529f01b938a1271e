"""The handbook's one plotting style: colour-blind-safe colours, women and men always alike,
a source line under every figure, and alt text on every figure.

Figures are returned as a :class:`~mmdp.render.display.Chart` (PNG, alt text, source line). The source
line is printed once, as text under the image (the Chart's caption), not inside the image.
"""

from __future__ import annotations

import hashlib
import io
import marshal
import pickle
import textwrap
import types
from collections import OrderedDict
from functools import cache

import matplotlib
import numpy as np
import pandas as pd

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.transforms import TransformNode  # noqa: E402

from ..i18n import language, t  # noqa: E402
from . import format as fmt  # noqa: E402
from .display import Chart  # noqa: E402

# Okabe-Ito palette (Okabe and Ito 2008): distinguishable with the common colour-vision deficiencies.
WOMEN = "#D55E00"  # vermillion
MEN = "#0072B2"  # blue
COUNTRY = "#009E73"  # bluish green: the country of the notebook
PEERS = ("#E69F00", "#56B4E9", "#CC79A7", "#F0E442", "#999999")
NEUTRAL = "#999999"
TARGET = "#CC79A7"  # reddish purple: targets and thresholds
ALERT = "#E69F00"  # orange: a gap or a missing item (never the women's vermillion)
MARK = "#000000"  # black: milestones and other single marks
# Categories that are not sex (monitoring rounds, institutions...): WOMEN and MEN stay reserved for women and men.
CATEGORIES = ("#56B4E9", "#009E73", "#E69F00", "#F0E442", "#999999", "#CC79A7")


DPI = 100
"""Pixels per inch of every figure (a chart's PNG is its size in inches times this)."""


def apply_style() -> None:
    """Matplotlib defaults shared by every figure of the handbook."""
    plt.rcParams.update(
        {
            "figure.figsize": (8, 4.2),
            "figure.dpi": DPI,
            "savefig.dpi": DPI,
            "font.size": 11.5,
            "axes.titlesize": 13,
            "axes.titleweight": "bold",
            "axes.titlelocation": "left",
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.grid": True,
            "grid.color": "#dddddd",
            "grid.linewidth": 0.6,
            "legend.frameon": False,
            "svg.hashsalt": "mmdp",
        }
    )


def new_figure(ncols: int = 1, width: float = 8, height: float = 4.2) -> tuple[Figure, list]:
    """A figure with ``ncols`` axes side by side, in the handbook style."""
    apply_style()
    fig, axes = plt.subplots(1, ncols, figsize=(width, height), squeeze=False)
    return fig, list(axes[0])


def thousands(ax, axis: str = "y", absolute: bool = False) -> None:
    """Format an axis in thousands or millions so that counts read easily (``absolute``: no minus
    sign, for the left half of a population pyramid); numbers with the current language's separators."""

    def label(value: float, _pos: int) -> str:
        value = abs(value) if absolute else value
        if abs(value) >= 1e6:
            return t("{value} M", value=fmt.local(f"{value / 1e6:,.1f}"))
        if abs(value) >= 1e3:
            return t("{value} k", value=fmt.local(f"{value / 1e3:,.0f}"))
        return fmt.local(f"{value:,.0f}")

    target = ax.yaxis if axis == "y" else ax.xaxis
    target.set_major_formatter(matplotlib.ticker.FuncFormatter(label))


def wrap(text: str, width: int = 30) -> str:
    """A long category label on several lines, whole (never cut with an ellipsis)."""
    return "\n".join(textwrap.wrap(text, width, break_long_words=False)) or text


YEAR_RANGE = (1900, 2100)
"""An x axis whose plotted values are all whole numbers in this range draws years."""


def _plotted_x(ax) -> np.ndarray:
    """The x values of the axes' lines and points in data coordinates (not reference lines such as axhline)."""
    values = [line.get_xdata() for line in ax.get_lines() if line.get_transform() == ax.transData]
    for c in ax.collections:
        if isinstance(c, matplotlib.collections.PathCollection) and len(c.get_offsets()):  # scatter points
            values.append(c.get_offsets()[:, 0])
        elif isinstance(c, matplotlib.collections.PolyCollection) and c.get_transform() == ax.transData:  # areas
            values += [path.vertices[:, 0] for path in c.get_paths()]
    try:
        return np.concatenate([np.asarray(v, dtype=float) for v in values]) if values else np.array([])
    except (TypeError, ValueError):  # dates or categories: not a year axis
        return np.array([])


def whole_year_ticks(ax) -> None:
    """Ticks at whole years only ("2008", never "2007.5"), written without a thousands separator."""
    ax.xaxis.set_major_locator(matplotlib.ticker.MaxNLocator(integer=True))
    ax.xaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda value, _pos: f"{value:.0f}"))


@cache
def _decimal_sign(lang: str) -> str:
    from babel.numbers import get_decimal_symbol

    return get_decimal_symbol(lang)


class LocalDecimalFormatter(matplotlib.ticker.ScalarFormatter):
    """Matplotlib's default tick labels with the current language's decimal sign (``2,5`` in French);
    never grouped, so that years drawn on an axis read ``2010``."""

    def __call__(self, x, pos=None) -> str:
        label = super().__call__(x, pos)
        return label.replace(".", _decimal_sign(language()))


def _localize_ticks(fig: Figure) -> None:
    """In French and Spanish, the default tick labels of every axis written with the language's decimal sign."""
    if language() == "en":
        return
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            if type(axis.get_major_formatter()) is matplotlib.ticker.ScalarFormatter:
                axis.set_major_formatter(LocalDecimalFormatter())


def _years_on_x(ax) -> bool:
    x = _plotted_x(ax)
    x = x[np.isfinite(x)]
    return bool(x.size) and bool(np.all(x == np.round(x))) and YEAR_RANGE[0] <= x.min() and x.max() <= YEAR_RANGE[1]


class _FigureContent(pickle.Pickler):
    """Serialises a figure into the bytes of its content (never read back): everything that decides its
    pixels, and nothing that differs between two identical figures.

    Matplotlib pickles a transform's parents keyed by ``id()``, which differs from figure to figure: they
    are written as a list. A function defined inside another (a tick formatter) is written as its code,
    defaults and closure, so two formatters with the same code and the same captured values are equal."""

    def reducer_override(self, obj):
        if isinstance(obj, TransformNode):
            state = obj.__getstate__()
            state["_parents"] = list(state["_parents"].values())
            return type(obj), (), state
        if isinstance(obj, types.FunctionType) and "<" in obj.__qualname__:
            closure = tuple(cell.cell_contents for cell in obj.__closure__ or ())
            return str, (obj.__module__, obj.__qualname__, marshal.dumps(obj.__code__), obj.__defaults__,
                         obj.__kwdefaults__, closure)
        return NotImplemented


def _content_key(fig: Figure) -> str | None:
    """A key of what decides ``fig``'s PNG: its content, the language of its tick labels and the style in
    force; None for a figure that cannot be serialised (it is then simply drawn)."""
    buffer = io.BytesIO()
    try:
        _FigureContent(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(fig)
    except (pickle.PicklingError, TypeError, AttributeError, ValueError):
        return None
    buffer.write(repr((language(), sorted(plt.rcParams.items()))).encode())
    return hashlib.sha256(buffer.getvalue()).hexdigest()


DRAWN_KEPT = 64
"""PNGs kept by content key in a kernel: a planning chart drawn from the same inputs for each of many
places (the illustrative example, in an all-country run) is drawn once per kernel."""

_drawn: OrderedDict[str, bytes] = OrderedDict()


def _png(fig: Figure, recurs: bool) -> bytes:
    """``fig`` as PNG bytes; a figure that ``recurs`` is drawn once per content (the most recent DRAWN_KEPT
    are kept)."""
    key = _content_key(fig) if recurs else None
    if key in _drawn:
        _drawn.move_to_end(key)
        return _drawn[key]
    fig.tight_layout()
    # tight_layout leaves a placeholder layout engine behind, and savefig draws a figure that has one
    # twice (a layout pass, then the PNG); the layout is final here, so one draw gives the same pixels.
    fig.set_layout_engine(None)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", metadata={"Software": None})
    if key is not None:
        _drawn[key] = buffer.getvalue()
        if len(_drawn) > DRAWN_KEPT:
            _drawn.popitem(last=False)
    return buffer.getvalue()


def render(fig: Figure, alt: str, source: str, data: pd.DataFrame | None = None, recurs: bool = False) -> Chart:
    """Close ``fig`` and return it as a Chart (the source line becomes its caption, under the image).

    An x axis that plots whole years gets whole-year ticks. ``data``: the values the figure draws (tidy,
    one row per year or category); a country pack ships them as CSV under the figure. ``recurs``: the same
    figure may come again in this kernel (a planning chart of inputs shared by many places, such as the
    illustrative example): its PNG is kept by content and drawn once. A chart of a place's data never
    recurs in a run, so it does not pay for the key (3-10 ms a figure)."""
    if not alt.strip() or not source.strip():
        raise ValueError("every figure needs alt text and a source line")
    for ax in fig.axes:
        if _years_on_x(ax):
            whole_year_ticks(ax)
    _localize_ticks(fig)
    png = _png(fig, recurs)
    plt.close(fig)
    return Chart(png, alt, source, data=None if data is None else data.reset_index(drop=True))


def no_data_chart(title: str, message: str, source: str) -> Chart:
    """A small figure that says plainly that the data are not available."""
    fig, (ax,) = new_figure(height=1.6)
    ax.axis("off")
    ax.set_title(title)
    ax.text(0.0, 0.4, message, fontsize=10, color="#444444", transform=ax.transAxes, wrap=True)
    return render(fig, t("{title}: {note}", title=title, note=message), source)
