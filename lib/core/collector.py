"""Pausing Python's cyclic garbage collector around bulk work, for every feature that does it."""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from typing import Any


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


@cache
def _libc() -> Any:
    """The C library, or None where it cannot be loaded."""
    try:
        return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
    except OSError:
        return None


def release_freed_memory() -> bool:
    """Hand memory freed by a dropped revision back to the system (glibc's `malloc_trim`).

    The background build allocates from its own thread's malloc arena; without a trim, what the
    previous revision freed there stays in the process's resident memory after every edit.
    Returns whether anything could be asked (False where the C library has no such call).
    """
    trim = getattr(_libc(), "malloc_trim", None)
    if trim is None:
        return False
    trim(0)
    return True


# glibc's malloc gives each thread that allocates while another holds an arena's lock a new
# arena, up to eight per core, and memory freed in one arena serves only that arena's later
# requests. The server's threads (the background build, every script run) thus spread each
# revision's freed memory over many arenas, and resident memory crept up with every edit
# although Python's live objects stayed flat. Two arenas: the main thread's and one shared by
# the others. The environment's own setting wins (glibc reads it as the process starts).
ARENA_MAX = 2
_M_ARENA_MAX = -8  # mallopt's parameter number, from glibc's malloc.h

_settings_lock = threading.Lock()
_applied: dict[int, int | None] = {}  # mallopt parameter -> what this process applied, once


def _set_once(parameter: int, value: int, variable: str, tunable: str) -> int | None:
    """Set one of glibc's malloc parameters for this process, once: later calls return what
    the first applied. None when the environment sets it itself (`variable`, or `tunable` in
    `GLIBC_TUNABLES`) or the C library is not glibc (no `mallopt`): there it is a no-op."""
    with _settings_lock:
        if parameter in _applied:
            return _applied[parameter]
        _applied[parameter] = None
        if os.environ.get(variable) or tunable in os.environ.get("GLIBC_TUNABLES", ""):
            return None
        libc = _libc()
        mallopt = getattr(libc, "mallopt", None)
        if mallopt is None or not hasattr(libc, "malloc_trim"):  # glibc has both
            return None
        if mallopt(parameter, value) != 1:
            return None
        _applied[parameter] = value
        return value


def limit_malloc_arenas(arenas: int = ARENA_MAX) -> int | None:
    """Cap glibc's malloc arenas for this process at `arenas`, once, before threads multiply.

    Called as the server starts (`serve.py`) and at the top of the app frame (for `streamlit
    run app.py`); later calls change nothing. Returns the cap applied, or None when the
    environment sets one itself (`MALLOC_ARENA_MAX`, or `arena_max` in `GLIBC_TUNABLES`) or
    the C library has no `mallopt` (not glibc): there it is a no-op.
    """
    return _set_once(_M_ARENA_MAX, arenas, "MALLOC_ARENA_MAX", "arena_max")


# glibc serves a block of at least the mmap threshold (128 KiB to start with) from a mapping of
# its own, handed back to the system when freed. But freeing such a block raises the threshold
# to its size (up to 32 MiB), so after the first dropped revision the build's large blocks (the
# arrays of the Library frame and the candidates, the tables of big dicts and sets, lists of
# 20,000 records) were carved out of the malloc arenas instead, and what they freed stayed
# there, scattered between blocks still in use: the arena the build allocates from grew from
# about 50 to 120 MiB over 20 edits, half of it free. A fixed threshold keeps every large block
# in a mapping of its own. The environment's own setting wins, as for the arena cap.
MMAP_THRESHOLD = 128 * 1024  # glibc's default starting value, kept
MMAP_SETTINGS = ("MALLOC_MMAP_THRESHOLD_", "GLIBC_TUNABLES")  # ...=glibc.malloc.mmap_threshold=N
_M_MMAP_THRESHOLD = -3  # mallopt's parameter number, from glibc's malloc.h


def fix_mmap_threshold(threshold: int = MMAP_THRESHOLD) -> int | None:
    """Keep glibc's mmap threshold at `threshold` for this process, once (see above).

    Called with `limit_malloc_arenas` as the server starts and at the top of the app frame.
    Returns the threshold applied, or None when the environment sets one itself
    (`MALLOC_MMAP_THRESHOLD_`, or `mmap_threshold` in `GLIBC_TUNABLES`) or the C library is
    not glibc: there it is a no-op.
    """
    return _set_once(_M_MMAP_THRESHOLD, threshold, "MALLOC_MMAP_THRESHOLD_", "mmap_threshold")


def tune_malloc() -> None:
    """The server's malloc settings, applied once per process before its threads multiply:
    the arena cap and the fixed mmap threshold. Called by `serve.py` as it starts and by the
    app frame (`streamlit run app.py`)."""
    limit_malloc_arenas()
    fix_mmap_threshold()
