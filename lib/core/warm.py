"""Building a new revision's shared data in the background, so no visitor waits for it cold.

After a write (and when the server first serves a database) the library read and the views
every page starts from must be rebuilt for the new revision. Built on the first visitor's
request, that costs seconds at 20,000 use cases, paid again after every edit. A `Warmer`
instead builds the newest revision in one background thread, one revision at a time, while
pages keep being served the revision that is ready; it says which revision is ready and lets a
caller that must see the newest data (a person who just saved) wait for it on a condition.

Plain threading, no Streamlit: `lib.core.ui` runs one per database in the server process.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

WAIT_SECONDS = 600.0  # how long a caller waits for a build before building in its own thread


class Warmer:
    """`request(revision)` starts (or queues) a background build of `revision` or newer;
    `ready` is the newest revision fully built; `wait_for(revision)` blocks until it is.

    `build(revision)` must be safe to run in another thread. Builds never overlap: a revision
    requested while one is being built is built next, and only the newest requested one.
    """

    def __init__(self, build: Callable[[int], None], name: str = "casebook-warm") -> None:
        self._build = build
        self._name = name
        self._changed = threading.Condition()
        self._ready: int | None = None
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
