"""Shared fixtures: the raw data folder (optional) and a fresh data-folder override."""

from __future__ import annotations

import pytest

from mmdp.paths import raw_dir


@pytest.fixture(scope="session")
def raw():
    """The raw public sources; tests that rebuild from raw skip, saying why, when it is absent."""
    path = raw_dir()
    if not path.is_dir():
        pytest.skip(
            f"raw sources not found at {path} (set MMDP_RAW_DIR); the committed tables in data/ "
            "are tested by the other tests"
        )
    return path

