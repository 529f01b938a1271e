"""Widgets for live notebooks in JupyterLab, with a headless stand-in for unattended runs.

Unattended runs (papermill via ``mmdp run``, nbval, the book build) set ``MMDP_HEADLESS=1``: a
kernel with no front end has nobody to answer a widget, so they get a one-line note instead.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence

from ..i18n import N_, _
from .display import Chart, Text

HEADLESS_ENV = "MMDP_HEADLESS"
"""Set (to 1) by unattended runs: papermill via ``mmdp run``, nbval, the book build."""


def headless() -> bool:
    """True in unattended runs."""
    return bool(os.environ.get(HEADLESS_ENV))


def country_explorer(draw: Callable[[str], Chart], choices: Sequence[tuple[str, str]], value: str):
    """A dropdown of (label, code) pairs that redraws ``draw(code)`` for another place in JupyterLab; a note when headless."""
    if headless():
        return Text(_("*Interactive explorer: open this notebook in JupyterLab to pick another country.*"))
    import ipywidgets as widgets
    from IPython.display import display

    choice = widgets.Dropdown(options=list(choices), value=value, description=_("Country"))
    return widgets.interactive(lambda other: display(draw(other)), other=choice)


def target_slider(
    draw: Callable[[float], object],
    value: float,
    minimum: float = 0.0,
    maximum: float = 10.0,
    step: float = 0.5,
    description: str = N_("Target cost %"),
):
    """A slider (per cent) that redraws ``draw(value)`` live in JupyterLab; a note when headless.

    ``draw`` returns anything IPython displays (a Finding, a Chart); the default value's output is
    what the notebook shows statically above the slider. ``description`` is translated where it is shown.
    """
    if headless():
        return Text(_(
            "*Interactive scenario: open this notebook in JupyterLab and move the slider to try another "
            "target cost; the figures and tables above use the default target.*"
        ))
    import ipywidgets as widgets
    from IPython.display import display

    slider = widgets.FloatSlider(
        value=value, min=minimum, max=maximum, step=step, description=_(description),
        continuous_update=False, readout_format=".1f", style={"description_width": "initial"},
    )
    return widgets.interactive(lambda target: display(draw(target)), target=slider)
