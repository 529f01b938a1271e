"""The papermill engine ``mmdp-warm``: papermill's nbclient engine on an already running warm kernel.

It is registered with papermill when this module is imported (``kernel.py`` imports it), and only
there: it is not a papermill entry point, because it cannot run a notebook on its own. It needs the
``kernel=WarmKernel(...)`` that ``mmdp run`` passes, so ``papermill --engine mmdp-warm`` would only
fail; use ``mmdp run`` instead.
"""

from __future__ import annotations

from papermill.clientwrap import PapermillNotebookClient
from papermill.engines import NBClientEngine, papermill_engines

ENGINE = "mmdp-warm"


class WarmEngine(NBClientEngine):
    """papermill engine ``mmdp-warm``: nbclient on an already running, warm kernel."""

    @classmethod
    def execute_managed_notebook(cls, nb_man, kernel_name, log_output=False, start_timeout=60, execution_timeout=None, kernel=None, **kwargs):
        if kernel is None:
            raise ValueError("the mmdp-warm engine runs on a warm kernel that `mmdp run` starts; run notebooks with `mmdp run`, not `papermill --engine mmdp-warm`")
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


papermill_engines.register(ENGINE, WarmEngine)
