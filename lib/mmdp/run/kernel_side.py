"""Code that runs INSIDE a warm kernel (imported there, never by the runner's own process).

``warm()`` imports what every notebook needs once (pandas, matplotlib, seaborn, every mmdp
module) and records the state a fresh kernel starts with; ``reset()`` brings the kernel back to
that state between two runs, so that no run can see what another left behind:

- the user namespace, ``In``/``Out`` and the execution counter (a fresh kernel counts from 1);
- open matplotlib figures and ``rcParams`` (the plotting style sets them);
- every ``functools`` cache of the package whenever the data could differ (e.g. tables loaded
  under another ``MMDP_DATA_DIR``, or a data folder changed since); kept otherwise, and frozen
  (``gc.freeze``) with the rest of what survived, so that the next reset's full collection
  only walks what the run itself made;
- ``os.environ``, the working directory, ``sys.path``, warning filters and pandas options;
- mmdp modules imported after the warm-up are unloaded.

What this cannot undo (a module's own mutable globals changed by a notebook) is bounded by the
runner recycling each kernel after a number of runs.
"""

from __future__ import annotations

import gc
import os
import sys
import warnings

_BASELINE: dict = {}


def _package_modules() -> list:
    return [m for name, m in list(sys.modules.items()) if name == "mmdp" or name.startswith("mmdp.")]


def warm() -> None:
    """Import once what the notebooks use (pandas, matplotlib, seaborn, the package's analysis
    layers), then remember the clean state."""
    import pkgutil

    import matplotlib
    import matplotlib.pyplot  # noqa: F401  (activates the inline backend, as a notebook does)
    import pandas  # noqa: F401
    import seaborn  # noqa: F401

    import mmdp

    for info in pkgutil.walk_packages(mmdp.__path__, "mmdp."):
        if info.name == "mmdp.cli" or info.name.startswith("mmdp.run") or ".build" in info.name:
            continue  # the command line, the runner and the data builder are never used in a notebook
        try:
            __import__(info.name)
        except Exception:  # a module that fails to import fails in its notebook, with its traceback
            pass
    _BASELINE.update(
        environ=dict(os.environ),
        cwd=os.getcwd(),
        path=list(sys.path),
        filters=list(warnings.filters),
        rc=dict(matplotlib.rcParams),
        modules=set(sys.modules),
    )
    gc.collect()
    gc.freeze()  # the warm heap is permanent: IPython's reset (a full gc.collect) then skips it, 80 ms -> 3 ms


def clear_caches() -> int:
    """Empty every functools cache of the package; return how many were cleared."""
    cleared = 0
    for module in _package_modules():
        for value in list(vars(module).values()):
            target = value
            if isinstance(value, (staticmethod, classmethod)):
                target = value.__func__
            if callable(getattr(target, "cache_clear", None)) and hasattr(target, "cache_info"):
                target.cache_clear()
                cleared += 1
            elif isinstance(value, type):
                for member in vars(value).values():
                    member = getattr(member, "__func__", member)
                    if callable(getattr(member, "cache_clear", None)) and hasattr(member, "cache_info"):
                        member.cache_clear()
                        cleared += 1
    return cleared


_STATE: dict = {}


def reset(environ: dict[str, str] | None = None, data_key: str = "") -> None:
    """Back to the state after ``warm()``, with ``environ`` applied on top of the kernel's own.

    The package's caches are emptied unless the data they hold are certainly the same as the next
    run's: same ``data_key`` (the data folder's content hash, from the runner) and no run moved
    ``MMDP_DATA_DIR`` meanwhile. Keeping them saves re-reading and re-validating every table per run.
    """
    import matplotlib
    import matplotlib.pyplot as plt
    import pandas as pd

    moved = os.environ.get("MMDP_DATA_DIR") != _BASELINE["environ"].get("MMDP_DATA_DIR")
    stale = moved or not data_key or data_key != _STATE.get("data_key")
    shell = get_ipython()  # noqa: F821  (defined in a kernel)
    plt.close("all")  # before the reset, whose full collection then frees the figures too
    shell.reset(new_session=True)  # namespace, In/Out, execution_count = 1
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        matplotlib.rcParams.update(_BASELINE["rc"])
        pd.reset_option("all")
    warnings.filters[:] = _BASELINE["filters"]
    sys.path[:] = _BASELINE["path"]
    os.chdir(_BASELINE["cwd"])
    os.environ.clear()
    os.environ.update(_BASELINE["environ"])
    os.environ.update(environ or {})
    for name in set(sys.modules) - _BASELINE["modules"]:
        if name == "mmdp" or name.startswith("mmdp."):
            del sys.modules[name]
    if stale:
        gc.unfreeze()  # the emptied caches may hold reference cycles: let the collection see them
        clear_caches()
        gc.collect()
    _STATE["data_key"] = data_key
    gc.freeze()  # what survived is kept (tables, caches): the next reset's collection skips it too
