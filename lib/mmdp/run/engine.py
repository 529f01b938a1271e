"""The papermill engine ``mmdp-warm``: papermill's nbclient engine on an already running warm kernel.

papermill finds it through the ``papermill.engine`` entry point (pyproject.toml), and loads its
entry points while papermill itself is being imported. When this module is the first to import
papermill, papermill therefore asks for ``WarmEngine`` before the module has finished: the
module-level ``__getattr__`` answers, and ``_warm_engine_class`` is re-entrant, so both paths give
the same class.
"""

from __future__ import annotations

_ENGINE_CLASS = None


def _define_warm_engine():
    from papermill.clientwrap import PapermillNotebookClient
    from papermill.engines import NBClientEngine

    class WarmEngine(NBClientEngine):
        """papermill engine ``mmdp-warm``: nbclient on an already running, warm kernel."""

        @classmethod
        def execute_managed_notebook(cls, nb_man, kernel_name, log_output=False, start_timeout=60, execution_timeout=None, kernel=None, **kwargs):
            if kernel is None:
                raise ValueError("the mmdp-warm engine needs kernel=WarmKernel(...)")
            client = PapermillNotebookClient(
                nb_man,
                km=kernel.km,
                timeout=execution_timeout,
                startup_timeout=start_timeout,
                kernel_name=kernel_name,
                log_output=log_output,
            )
            client.kc = kernel.kc  # reuse the warm client: setup_kernel starts nothing and cleans up nothing
            return client.execute(cleanup_kc=False)

    WarmEngine.__module__ = __name__
    return WarmEngine


def _warm_engine_class():
    global _ENGINE_CLASS
    if _ENGINE_CLASS is None:
        import papermill.engines  # noqa: F401  (may re-enter through __getattr__, which defines the class)
    if _ENGINE_CLASS is None:
        _ENGINE_CLASS = _define_warm_engine()
    return _ENGINE_CLASS


def __getattr__(name: str):
    if name == "WarmEngine":
        return _warm_engine_class()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


WarmEngine = _warm_engine_class()
