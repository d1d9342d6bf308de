"""When a use case is due for a review: one rule for Library, Coverage and the CLI.

The Library's "due for a review" count and Coverage's stale list must agree on the same day,
so both ask this module rather than comparing dates themselves.
"""

from __future__ import annotations

import datetime as dt

from lib.core.reads import is_stale
from lib.core.vocab import STALE_AFTER_DAYS

__all__ = ["due_for_review", "is_stale"]


def due_for_review(
    status: str,
    last_reviewed: dt.date | None,
    today: dt.date,
    days: int = STALE_AFTER_DAYS,
    interval: int | None = None,
) -> bool:
    """A stale draft or approved use case (by its own review `interval` when it has one); a
    retired one is out of circulation, never due."""
    return status != "retired" and is_stale(last_reviewed, today, days, interval)
