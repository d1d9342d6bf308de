"""The collector pause an import uses: what it made is left for later, never kept for ever."""

from __future__ import annotations

import gc
import weakref

from lib.core.collector import collector_paused


class _Node:
    """Something weakly referable that can sit in a reference cycle."""

    def __init__(self) -> None:
        self.other: _Node | None = None


def _cycle() -> weakref.ref[_Node]:
    a, b = _Node(), _Node()
    a.other, b.other = b, a
    return weakref.ref(a)


def test_garbage_made_during_a_settled_pause_is_still_collected() -> None:
    assert gc.isenabled()
    with collector_paused(settle_as_old=True):
        assert not gc.isenabled()
        dead = _cycle()
        kept = [[n] for n in range(1000)]
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0  # nothing is kept out of the collector's sight
    gc.collect()
    assert dead() is None
    assert kept[-1] == [999]


def test_a_settled_pause_leaves_what_someone_else_froze_frozen() -> None:
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        assert frozen > 0
        with collector_paused(settle_as_old=True):
            dead = _cycle()
        assert gc.get_freeze_count() == frozen
        gc.collect()
        assert dead() is None
    finally:
        gc.unfreeze()


def test_pauses_nest_and_only_the_outermost_resumes() -> None:
    with collector_paused():
        with collector_paused(settle_as_old=True):
            pass
        assert not gc.isenabled()
    assert gc.isenabled()
