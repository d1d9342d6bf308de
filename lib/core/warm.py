"""Building a new revision's shared data in the background, so no visitor waits for it cold.

After a write (and when the server first serves a database) the library read and the views
every page starts from must be rebuilt for the new revision. Built on the first visitor's
request, that costs seconds at 20,000 use cases, paid again after every edit. A `Warmer`
instead builds the newest revision in one background thread, one revision at a time, while
pages keep being served the revision that is ready; it says which revision is ready and lets a
caller that must see the newest data (a person who just saved) wait for it on a condition.

The build runs at low priority, cooperatively: pages and the build share one interpreter (and
its lock), so a page viewed while a build runs would take up to twice its warm time. The app
frame says when a script run starts and ends (`Attendance`), and the build, at small steps
(`pause`, `courteous`), waits while any run is in progress, so a view runs at its warm speed
and the build resumes when the server is idle. It never waits for ever: at most
`STEP_WAIT_SECONDS` per step and `BUILD_WAIT_SECONDS` per build, so a constant stream of reruns
delays a build but cannot stop it.

Plain threading, no Streamlit: `lib.core.ui` runs one per database in the server process.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import TypeVar

T = TypeVar("T")

WAIT_SECONDS = 600.0  # how long a caller waits for a build before building in its own thread
STEP_WAIT_SECONDS = 5.0  # the longest a build waits at one step for the runs to finish
BUILD_WAIT_SECONDS = 60.0  # the longest a build waits in all; after that it shares the CPU
EVERY = 1000  # items between two pauses in a long loop (a few milliseconds of work at most)
_POLL_SECONDS = 0.05  # a run whose thread ended without saying so is noticed this fast


class Attendance:
    """The script runs in progress in this process, by thread.

    `enter()` at the start of a run and `leave()` at its end. A run stopped early (`st.stop`,
    a rerun, an error) may never reach its `leave()`: a run whose thread has ended counts as
    left, and a thread that enters again is still one run. `stepped_aside()` marks the
    current run as not running while it waits for the build itself (the person who saved
    waits for their write's build: the build must not wait for them in turn).
    """

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._runs: dict[int, threading.Thread] = {}

    def enter(self) -> None:
        thread = threading.current_thread()
        with self._changed:
            self._runs[thread.ident or 0] = thread

    def leave(self) -> None:
        with self._changed:
            self._runs.pop(threading.get_ident(), None)
            self._changed.notify_all()

    @contextmanager
    def stepped_aside(self) -> Iterator[None]:
        """While the block runs, the current run (if any) does not count as in progress."""
        with self._changed:
            thread = self._runs.pop(threading.get_ident(), None)
            self._changed.notify_all()
        try:
            yield
        finally:
            if thread is not None:
                with self._changed:
                    self._runs[thread.ident or 0] = thread

    def busy(self) -> bool:
        """Whether any script run is in progress now."""
        with self._changed:
            return self._busy()

    def _busy(self) -> bool:
        for ident in [i for i, t in self._runs.items() if not t.is_alive()]:
            del self._runs[ident]
        return bool(self._runs)

    def wait_idle(self, timeout: float) -> bool:
        """Wait until no run is in progress, at most `timeout` seconds: whether it is idle."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while self._busy():
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._changed.wait(min(left, _POLL_SECONDS))
            return True


class Courtesy:
    """How one build gives way to script runs: `pause()` waits while a run is in progress, at
    most `step_wait` seconds per pause and `build_wait` seconds over the whole build."""

    def __init__(
        self,
        attendance: Attendance,
        step_wait: float = STEP_WAIT_SECONDS,
        build_wait: float = BUILD_WAIT_SECONDS,
    ) -> None:
        self.attendance = attendance
        self.step_wait = step_wait
        self.budget = build_wait  # seconds of waiting left for this build
        self.pauses = 0  # how many times it gave way (for tests and benchmarks)
        self.waiting = threading.Event()  # set while it is giving way (for tests)

    def pause(self) -> None:
        if self.budget <= 0 or not self.attendance.busy():
            return
        self.pauses += 1
        started = time.monotonic()
        self.waiting.set()
        try:
            self.attendance.wait_idle(min(self.step_wait, self.budget))
        finally:
            self.waiting.clear()
            self.budget -= time.monotonic() - started


_local = threading.local()


@contextmanager
def giving_way(courtesy: Courtesy) -> Iterator[Courtesy]:
    """Make `pause()` in this thread give way as `courtesy` says, for the block."""
    previous = getattr(_local, "courtesy", None)
    _local.courtesy = courtesy
    try:
        yield courtesy
    finally:
        _local.courtesy = previous


def pause() -> None:
    """A point where a background build may give way to script runs in progress; does nothing
    elsewhere (in a page, the command line, the tests), so any long loop may call it."""
    courtesy: Courtesy | None = getattr(_local, "courtesy", None)
    if courtesy is not None:
        courtesy.pause()


def courteous(items: Iterable[T], every: int = EVERY) -> Iterator[T]:
    """`items`, with a `pause()` before the first and after every `every` of them."""
    for i, item in enumerate(items):
        if i % every == 0:
            pause()
        yield item


class Warmer:
    """`request(revision)` starts (or queues) a background build of `revision` or newer;
    `ready` is the newest revision fully built; `wait_for(revision)` blocks until it is.

    `build(revision)` must be safe to run in another thread. Builds never overlap: a revision
    requested while one is being built is built next, and only the newest requested one.
    """

    def __init__(
        self,
        build: Callable[[int], None],
        name: str = "casebook-warm",
        attendance: Attendance | None = None,
        settle: Callable[[int], None] | None = None,
    ) -> None:
        """With `attendance`, each build gives way to the script runs it counts.

        `settle(revision)` runs in the build's thread once `revision` is ready and its waiters
        are told: only then is the previous revision out of use by new runs, so dropping it
        (and collecting, and handing its memory back) before would make a run still served
        the previous revision build it all again in its own thread."""
        self._build = build
        self._settle = settle
        self._name = name
        self._attendance = attendance
        self._changed = threading.Condition()
        self._ready: int | None = None
        self._settled: int | None = None
        self._wanted = -1
        self._failed: tuple[int, BaseException] | None = None
        self._thread: threading.Thread | None = None

    @property
    def ready(self) -> int | None:
        """The newest revision whose build finished, or None before the first one."""
        with self._changed:
            return self._ready

    @property
    def building(self) -> bool:
        with self._changed:
            return self._thread is not None

    def request(self, revision: int) -> None:
        """Make sure `revision` (or a newer one) gets built, in the background."""
        with self._changed:
            if self._ready is not None and self._ready >= revision:
                return
            self._wanted = max(self._wanted, revision)
            if self._thread is None:
                self._failed = None  # a new attempt: its waiters wait for it
                self._thread = threading.Thread(target=self._run, name=self._name, daemon=True)
                self._thread.start()

    def wait_for(self, revision: int, timeout: float = WAIT_SECONDS) -> bool:
        """Block until `revision` (or newer) is ready: True, or False when its build failed
        or took longer than `timeout` (the caller then builds what it needs itself)."""
        self.request(revision)
        with self._changed:
            self._changed.wait_for(
                lambda: (
                    (self._ready is not None and self._ready >= revision)
                    or (self._failed is not None and self._failed[0] >= revision)
                ),
                timeout,
            )
            return self._ready is not None and self._ready >= revision

    def wait_settled(self, revision: int, timeout: float = WAIT_SECONDS) -> bool:
        """Block until `revision` (or newer) is ready and settled (see `settle`): for tests
        and benchmarks that look at what is left once older revisions are dropped."""
        if not self.wait_for(revision, timeout):
            return False
        with self._changed:
            return self._changed.wait_for(
                lambda: (
                    (self._settled is not None and self._settled >= revision)
                    or self._thread is None
                ),
                timeout,
            ) and self._settled is not None and self._settled >= revision

    @property
    def failure(self) -> BaseException | None:
        """Why the last build failed (kept until the next attempt starts)."""
        with self._changed:
            return None if self._failed is None else self._failed[1]

    def _run(self) -> None:
        while True:
            with self._changed:
                target = self._wanted
                if self._ready is not None and self._ready >= target:
                    self._thread = None
                    return
            try:
                with self._giving_way():
                    self._build(target)
            except BaseException as error:
                with self._changed:
                    self._failed = (target, error)
                    self._thread = None
                    self._changed.notify_all()
                return
            with self._changed:
                self._ready = target if self._ready is None else max(self._ready, target)
                self._failed = None
                self._changed.notify_all()
            if self._settle is not None:
                try:
                    with self._giving_way():
                        self._settle(target)
                except BaseException:
                    with self._changed:
                        self._thread = None
                        self._changed.notify_all()
                    raise
            with self._changed:
                self._settled = target if self._settled is None else max(self._settled, target)
                self._changed.notify_all()

    @contextmanager
    def _giving_way(self) -> Iterator[None]:
        if self._attendance is None:
            yield
        else:
            with giving_way(Courtesy(self._attendance)):
                yield
