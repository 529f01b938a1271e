"""Mainstreaming Migration into Development Planning: the package behind the executable handbook.

Layers, each importing only from those below it:

- ``data``: raw sources -> processed tables (``build``), schemas, provenance, loaders, countries
  and groups (``places``), yearly-series helpers (``series``);
- ``inputs``: a country team's planning templates and the notebooks' parameters;
- ``render``: number formatting, the plotting style, display objects, widgets (no data access);
- ``findings``: one module per notebook topic; each finding's facts computed once;
- ``run``: the notebook runner and the country gallery;
- ``cli``: the ``mmdp`` command.

``paths``, ``constants`` and ``errors`` are shared by all.
"""

from .data.countries import resolve
from .data.loaders import load
from .errors import MmdpError

__all__ = ["MmdpError", "load", "resolve"]
__version__ = "0.2.0"
