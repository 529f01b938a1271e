"""Files of a run: the output folder, atomic writes, the lock, and the fingerprints stored in outputs.

A file with its final name is always complete (written to a temporary file, then renamed); leftovers
of a killed run are removed by the next run, which holds ``out/.mmdp-run.lock``.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import threading
from contextlib import contextmanager
from pathlib import Path

from ..errors import MmdpError

LOCK_NAME = ".mmdp-run.lock"
STATE_DIR = ".mmdp"
"""Folder in ``out`` for the kernels' logs (their noise never reaches the user's terminal)."""


def check_out(out: Path) -> Path:
    """The output folder, created if needed; MmdpError (one line) if it cannot be used."""
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise MmdpError(f"--out {out} is a file, not a folder; give a folder for the executed notebooks")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise MmdpError(f"--out {out} cannot be created: {exc.strerror or exc}") from None
    if not os.access(out, os.W_OK | os.X_OK):
        raise MmdpError(f"--out {out} is not writable; choose another folder")
    return out



def partial_name(target: Path) -> Path:
    """A temporary path beside ``target``, unique to this process and thread."""
    return target.parent / f".{target.stem}.{os.getpid()}-{threading.get_ident()}.partial{target.suffix}"


def atomic_write(target: Path, data: str | bytes) -> Path:
    """Write to a temporary file, then rename: a reader sees the old file or the new, never half."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = partial_name(target)
    try:
        if isinstance(data, str):
            partial.write_text(data, encoding="utf-8")
        else:
            partial.write_bytes(data)
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return target


def write_if_changed(target: Path, data: str | bytes) -> bool:
    """``atomic_write`` unless ``target`` already holds ``data``, so that its time stays and an incremental
    build (Sphinx) does not read it again; True if it was written."""
    data = data.encode("utf-8") if isinstance(data, str) else data
    if target.is_file() and target.read_bytes() == data:
        return False
    atomic_write(target, data)
    return True


def keep_only(folder: Path, names: set[str]) -> None:
    """Remove what ``folder`` holds besides ``names`` (files or links; a stale page of a former build)."""
    for entry in list(folder.iterdir()) if folder.is_dir() else []:
        if entry.name in names:
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry)
        else:
            entry.unlink()


@contextmanager
def out_lock(out: Path):
    """Hold ``out/.mmdp-run.lock`` for the duration of a run; a second run exits with a clear message."""
    path = out / LOCK_NAME
    handle = open(path, "a+")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.seek(0)
        holder = handle.read().strip() or "another process"
        handle.close()
        raise MmdpError(
            f"another mmdp run ({holder}) is writing into {out}; wait for it to finish, or use another --out"
        ) from None
    try:
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()}")
        handle.flush()
        yield
    finally:
        fcntl.flock(handle, fcntl.LOCK_UN)
        handle.close()


def clean_partials(out: Path) -> int:
    """Remove temporary files left by a run that was killed (only called under the lock)."""
    count = 0
    for path in list(out.glob(".*.partial*")) + list(out.glob("*/.*.partial*")):
        path.unlink(missing_ok=True)
        count += 1
    return count


def stored_fingerprint(path: Path) -> str | None:
    """The fingerprint in an executed notebook's metadata (None if absent or unreadable)."""
    try:
        with open(path, encoding="utf-8") as handle:
            meta = json.load(handle).get("metadata", {}).get("mmdp", {})
    except (OSError, ValueError):
        return None
    return meta.get("fingerprint") if isinstance(meta, dict) else None


def html_fingerprint(path: Path) -> str | None:
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            head = handle.read(4096)
    except OSError:
        return None
    marker = '<meta name="mmdp-fingerprint" content="'
    if marker not in head:
        return None
    return head.split(marker, 1)[1].split('"', 1)[0]
