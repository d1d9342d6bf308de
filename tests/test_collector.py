"""The collector pause an import uses: what it made is left for later, never kept for ever."""

from __future__ import annotations

import gc
import os
import platform
import subprocess
import sys
import weakref
from collections.abc import Callable
from pathlib import Path

import pytest

from lib.core import collector
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


class _FakeLibc:
    """A C library that records `mallopt` calls (glibc's answer: 1 for success)."""

    def __init__(self) -> None:
        self.calls: list[tuple[int, int]] = []

    def mallopt(self, parameter: int, value: int) -> int:
        self.calls.append((parameter, value))
        return 1

    def malloc_trim(self, pad: int) -> int:
        return 1


@pytest.fixture
def fresh_arena_setting(monkeypatch: pytest.MonkeyPatch) -> _FakeLibc:
    """A process that has not decided its arena cap yet, with a recording C library."""
    libc = _FakeLibc()
    monkeypatch.setattr(collector, "_applied", {})
    monkeypatch.setattr(collector, "_libc", lambda: libc)
    monkeypatch.delenv("MALLOC_ARENA_MAX", raising=False)
    monkeypatch.delenv("MALLOC_MMAP_THRESHOLD_", raising=False)
    monkeypatch.delenv("GLIBC_TUNABLES", raising=False)
    return libc


def test_the_arena_cap_is_applied_once(fresh_arena_setting: _FakeLibc) -> None:
    assert collector.limit_malloc_arenas() == collector.ARENA_MAX
    assert collector.limit_malloc_arenas(5) == collector.ARENA_MAX  # decided already
    assert fresh_arena_setting.calls == [(-8, collector.ARENA_MAX)]  # M_ARENA_MAX, once


@pytest.mark.parametrize(
    ("setting", "variable", "value"),
    [
        (collector.limit_malloc_arenas, "MALLOC_ARENA_MAX", "8"),
        (collector.limit_malloc_arenas, "GLIBC_TUNABLES", "glibc.malloc.arena_max=4"),
        (collector.fix_mmap_threshold, "MALLOC_MMAP_THRESHOLD_", "65536"),
        (collector.fix_mmap_threshold, "GLIBC_TUNABLES", "glibc.malloc.mmap_threshold=65536"),
    ],
)
def test_the_environments_own_setting_wins(
    fresh_arena_setting: _FakeLibc,
    monkeypatch: pytest.MonkeyPatch,
    setting: Callable[[], int | None],
    variable: str,
    value: str,
) -> None:
    monkeypatch.setenv(variable, value)
    assert setting() is None
    assert fresh_arena_setting.calls == []


def test_the_server_caps_the_arenas_and_fixes_the_mmap_threshold_once(
    fresh_arena_setting: _FakeLibc,
) -> None:
    collector.tune_malloc()
    collector.tune_malloc()
    assert collector.fix_mmap_threshold(1 << 20) == collector.MMAP_THRESHOLD  # decided already
    assert fresh_arena_setting.calls == [(-8, collector.ARENA_MAX), (-3, collector.MMAP_THRESHOLD)]


def test_without_glibc_the_arena_cap_is_a_no_op(
    fresh_arena_setting: _FakeLibc, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(collector, "_libc", lambda: object())  # no mallopt (macOS, musl...)
    assert collector.limit_malloc_arenas() is None
    assert collector.fix_mmap_threshold() is None


def _in_a_fresh_interpreter(script: str, mode: str, unset: tuple[str, ...]) -> str:
    """What `script` prints, run with `mode` in a new interpreter without the malloc settings
    `unset` in its environment (glibc reads them as a process starts)."""
    env = {k: v for k, v in os.environ.items() if k not in unset}
    done = subprocess.run(
        [sys.executable, "-c", script, mode],
        cwd=Path(__file__).resolve().parents[1],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return done.stdout.strip()


# Run in a fresh interpreter: six threads allocate at once, each holding its memory until all
# have; glibc's `malloc_info` then lists the arenas they used.
_ARENAS_USED = """
import ctypes, sys, tempfile, threading
from lib.core import collector
if sys.argv[1] == "cap":
    collector.limit_malloc_arenas()
allocated, finish = threading.Barrier(7), threading.Event()
def work():
    held = [bytearray(64) for _ in range(1000)]
    allocated.wait(60)
    finish.wait(60)
threads = [threading.Thread(target=work) for _ in range(6)]
for t in threads:
    t.start()
allocated.wait(60)
libc = ctypes.CDLL("libc.so.6")
libc.fopen.restype = ctypes.c_void_p
libc.fopen.argtypes = [ctypes.c_char_p, ctypes.c_char_p]
libc.fclose.argtypes = [ctypes.c_void_p]
libc.malloc_info.argtypes = [ctypes.c_int, ctypes.c_void_p]
with tempfile.NamedTemporaryFile(suffix=".xml") as out:
    stream = libc.fopen(out.name.encode(), b"w")
    libc.malloc_info(0, stream)
    libc.fclose(stream)
    print(open(out.name).read().count("<heap nr="))
finish.set()
for t in threads:
    t.join()
"""


@pytest.mark.skipif(
    not sys.platform.startswith("linux") or platform.libc_ver()[0] != "glibc",
    reason="glibc only",
)
@pytest.mark.parametrize(("mode", "at_most"), [("cap", 2), ("no cap", None)])
def test_the_arena_cap_keeps_threads_to_two_arenas(mode: str, at_most: int | None) -> None:
    unset = ("MALLOC_ARENA_MAX", "GLIBC_TUNABLES")
    arenas = int(_in_a_fresh_interpreter(_ARENAS_USED, mode, unset))
    if at_most is None:
        assert arenas > 2  # without the cap each thread gets its own arena: the test can fail
    else:
        assert arenas <= at_most


# Run in a fresh interpreter: a large block is freed (glibc then raises its threshold to that
# size), and the next large block is taken either from a mapping of its own or from the heap.
_LARGE_BLOCK_MAPPED = """
import ctypes, sys
from lib.core import collector
if sys.argv[1] == "fixed":
    collector.fix_mmap_threshold()
class Info(ctypes.Structure):
    _fields_ = [(name, ctypes.c_size_t) for name in "abcdefghij"]  # mallinfo2; d: hblks
libc = ctypes.CDLL("libc.so.6")
libc.mallinfo2.restype = Info
libc.malloc.restype = ctypes.c_void_p
libc.malloc.argtypes = [ctypes.c_size_t]
libc.free.argtypes = [ctypes.c_void_p]
libc.free(libc.malloc(8 << 20))
before = libc.mallinfo2().d
block = libc.malloc(1 << 20)
print(libc.mallinfo2().d - before)
libc.free(block)
"""


@pytest.mark.skipif(
    not sys.platform.startswith("linux") or platform.libc_ver()[0] != "glibc",
    reason="glibc only",
)
@pytest.mark.parametrize(("mode", "mapped"), [("fixed", 1), ("dynamic", 0)])
def test_with_the_threshold_fixed_a_large_block_stays_in_a_mapping_of_its_own(
    mode: str, mapped: int
) -> None:
    """What a dropped revision's large blocks free goes back to the system at once, instead of
    staying in the malloc arena between blocks still in use."""
    found = _in_a_fresh_interpreter(_LARGE_BLOCK_MAPPED, mode, collector.MMAP_SETTINGS)
    assert int(found) == mapped  # "dynamic": the test can fail
