"""Warm kernels: one long-lived IPython kernel per worker, reused across runs.

A fresh kernel costs about a second to start and two more to import pandas, matplotlib, seaborn
and the package; the notebooks' own code is often less than that. So each worker starts one
kernel, imports everything once (``kernel_side.warm``), and between two runs resets it
(``kernel_side.reset``): namespace, execution counter, figures, rcParams, the package's caches,
environment, working directory. After ``RECYCLE_AFTER`` runs the kernel is replaced anyway.

Execution goes through papermill: the notebook is parameterised by papermill and executed by
papermill's nbclient engine on the warm kernel (``engine.WarmEngine``, registered with papermill
as ``mmdp-warm`` when ``engine`` is imported), so the output notebook has papermill's format (injected-parameters cell, papermill metadata per
cell and per notebook, error markers).

Everything that touches one kernel runs in its worker's thread (zmq sockets and the asyncio
loop belong to that thread); only ``kill()`` may be called from another thread.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

from jupyter_client.manager import AsyncKernelManager
from jupyter_core.utils import ensure_event_loop
from papermill.engines import papermill_engines

from .engine import ENGINE
RECYCLE_AFTER = 200
"""Runs after which a kernel is replaced (bounds any state a reset cannot undo). A new kernel costs
about 4 s of CPU (start, imports, then its first place's tables loaded again): after 40 runs that
was a tenth of an all-country run."""
WARM_CODE = "import mmdp.run.kernel_side as _mmdp_kernel_side; _mmdp_kernel_side.warm(); del _mmdp_kernel_side"
HISTORY = ["--HistoryManager.hist_file=:memory:", "--HistoryManager.enabled=False"]


class KernelFailure(RuntimeError):
    """The kernel died, timed out or could not start: the run may be retried on a new kernel."""


class WarmKernel:
    """One kernel process with the imports done, reused for many runs in one thread."""

    def __init__(self, env: dict[str, str], cwd: Path, log: Path | None = None, start_timeout: float = 120):
        self.loop = ensure_event_loop()
        self.runs = 0
        self.km = AsyncKernelManager(kernel_name="python3")
        self.pid: int | None = None
        self._log = open(log, "ab") if log is not None else subprocess.DEVNULL  # kernel noise goes here, not to the user
        try:
            self._sync(
                self.km.start_kernel(
                    extra_arguments=HISTORY, env=env, cwd=str(cwd), stdout=self._log, stderr=self._log
                )
            )
            self.pid = self.km.provisioner.process.pid if self.km.provisioner else None
            if log is not None:
                self._log.write(f"mmdp: kernel pid {self.pid} started\n".encode())
                self._log.flush()
            self.kc = self.km.client()
            self.kc.start_channels()
            self._sync(self.kc.wait_for_ready(timeout=start_timeout))
            self.kc.allow_stdin = False
            self.run_silent(WARM_CODE, timeout=start_timeout)
        except Exception as exc:
            self.kill()
            raise KernelFailure(f"kernel did not start: {exc}") from exc

    def _sync(self, coroutine):
        return self.loop.run_until_complete(coroutine)

    def run_silent(self, code: str, timeout: float = 60) -> None:
        """Execute code without output or history; raise KernelFailure if it fails."""
        msg_id = self.kc.execute(code, silent=True, store_history=False)
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise KernelFailure(f"kernel did not answer within {timeout:.0f} s")
            if not self.alive():
                raise KernelFailure("kernel died")
            try:
                reply = self._sync(self.kc.get_shell_msg(timeout=min(remaining, 1.0)))
            except Exception:  # queue.Empty: poll again
                continue
            if reply["parent_header"].get("msg_id") != msg_id:
                continue
            content = reply["content"]
            if content.get("status") != "ok":
                raise KernelFailure(f"{content.get('ename')}: {content.get('evalue')}")
            return

    def reset(self, environ: dict[str, str], data_key: str = "") -> None:
        """Back to the clean warm state, with this run's environment (caches kept only for the same data)."""
        self.run_silent(
            f"__import__('mmdp.run.kernel_side', fromlist=['reset']).reset({environ!r}, {data_key!r})", timeout=60
        )

    def alive(self) -> bool:
        process = getattr(self.km.provisioner, "process", None) if self.km.provisioner else None
        return process is not None and process.poll() is None

    def execute(self, nb, **kwargs):
        """Run a parameterised notebook on this kernel through papermill's engine machinery."""
        self.runs += 1
        return papermill_engines.execute_notebook_with_engine(ENGINE, nb, kernel=self, **kwargs)

    def kill(self) -> None:
        """Stop the kernel process now (safe from any thread, idempotent)."""
        if self.pid:
            try:
                os.killpg(self.pid, signal.SIGKILL)  # the kernel leads its own session
            except (ProcessLookupError, PermissionError):
                pass
            try:
                os.kill(self.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass

    def shutdown(self) -> None:
        """Stop the kernel and release its sockets (call from the kernel's own thread)."""
        try:
            self.kc.stop_channels()
        except Exception:
            pass
        self.kill()
        try:
            process = self.km.provisioner.process if self.km.provisioner else None
            if process is not None:
                process.wait(timeout=5)
            self._sync(self.km.cleanup_resources())
        except Exception:
            pass
        if self._log is not subprocess.DEVNULL:
            self._log.close()

