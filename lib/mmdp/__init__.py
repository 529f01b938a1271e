"""Mainstreaming Migration into Development Planning: the package behind the executable handbook.

Modules: ``data`` (load processed tables), ``countries`` (resolve names and codes),
``build`` (raw sources -> data/), ``factsheet`` (key figures of a country), ``cli`` (``mmdp``).
"""

from .countries import resolve
from .data import load
from .errors import MmdpError

__all__ = ["MmdpError", "load", "resolve"]
__version__ = "0.1.0"
