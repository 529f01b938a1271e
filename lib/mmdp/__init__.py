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

import os as _os
import warnings as _warnings

STRICT_WARNINGS_ENV = "MMDP_STRICT_WARNINGS"
"""Set by the test run (tests/conftest.py), so that in every process it starts (papermill runs,
nbval and runner kernels) a DeprecationWarning or FutureWarning raised by our code is an error."""
if _os.environ.get(STRICT_WARNINGS_ENV):
    for _category in (DeprecationWarning, FutureWarning):
        _warnings.filterwarnings("error", category=_category, module=r"mmdp(\.|$)")

from .data.countries import resolve  # noqa: E402
from .data.loaders import load  # noqa: E402
from .errors import MmdpError  # noqa: E402

__all__ = ["MmdpError", "load", "resolve"]
__version__ = "0.2.0"
