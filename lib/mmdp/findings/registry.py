"""The registry of finding ids that later stages may cite (Stage 2 priorities cite Stage 1 findings).

The tuple itself lives in ``mmdp.constants`` so that the inputs layer can check a priority's
citations in a notebook's first code cell; a test checks that every id the Stage 0 and 1
notebooks show is in it.
"""

from __future__ import annotations

from ..constants import FINDING_IDS

__all__ = ["FINDING_IDS"]
