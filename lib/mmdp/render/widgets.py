"""Widgets for live notebooks in JupyterLab, with a headless stand-in for unattended runs.

Unattended runs (papermill via ``mmdp run``, nbval, the book build) set ``MMDP_HEADLESS=1``: a
kernel with no front end has nobody to answer a widget, so they get a one-line note instead.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence

from .display import Chart, Text

HEADLESS_ENV = "MMDP_HEADLESS"
"""Set (to 1) by unattended runs: papermill via ``mmdp run``, nbval, the book build."""


def headless() -> bool:
    """True in unattended runs."""
    return bool(os.environ.get(HEADLESS_ENV))


def country_explorer(draw: Callable[[str], Chart], choices: Sequence[str], value: str):
    """A dropdown that redraws ``draw(code)`` for another place in JupyterLab; a note when headless."""
    if headless():
        return Text("*Interactive explorer: open this notebook in JupyterLab to pick another country.*")
    import ipywidgets as widgets
    from IPython.display import display

    choice = widgets.Dropdown(options=list(choices), value=value, description="Country")
    return widgets.interactive(lambda other: display(draw(other)), other=choice)
