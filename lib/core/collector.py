"""Pausing Python's cyclic garbage collector around bulk work, for every feature that does it."""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused(*, settle_as_old: bool = False) -> Iterator[None]:
    """Pause Python's cyclic garbage collector during a bulk read, build or write.

    Reading the library or importing a workbook creates a few million small objects and none
    of them form cycles; the collector would otherwise walk them over and over, which costs a
    third of a library read and doubles the time to parse a large sheet. Nests safely: only
    the outermost pause turns the collector back on.

    `settle_as_old`: what was made meanwhile and outlives the pause (an import's plan, its
    hundred thousand records) joins the oldest generation instead of being walked by the
    young collection that would otherwise run right after the pause (a third of a second at
    20,000 use cases); it is still collected, at the next full collection. Skipped while
    anything is frozen (the server's shared data): unfreezing that would undo its freeze.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            if settle_as_old and not gc.get_freeze_count():
                gc.freeze()  # every tracked object, young ones included...
                gc.unfreeze()  # ...back, into the oldest generation
            gc.enable()


def freeze_survivors() -> None:
    """Collect once, then move every surviving object out of the collector's sight.

    Called in the server after a revision's shared data is built (and the previous revision's
    dropped): millions of long-lived records that the collector would otherwise walk again on
    every full collection, pausing every visitor's page. Unfreezing first lets the collection
    reclaim cyclic garbage of the revisions dropped since the last freeze, so nothing leaks.
    """
    gc.unfreeze()
    gc.collect()
    gc.freeze()


def release_freed_memory() -> bool:
    """Hand memory freed by a dropped revision back to the system (glibc's `malloc_trim`).

    The background build allocates from its own thread's malloc arena; without a trim, what the
    previous revision freed there stays in the process's resident memory after every edit.
    Returns whether anything could be asked (False where the C library has no such call).
    """
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        trim = libc.malloc_trim
    except (OSError, AttributeError):
        return False
    trim(0)
    return True
