"""Values derived from one library revision, kept while that revision is current, then dropped.

Memory must not grow with every edit: a cache keyed on the revision with room for N entries
keeps N old revisions' libraries alive (hundreds of MiB each at 20,000 use cases). This cache
holds at most two revisions: the current one and, while the first value of a newer one is being
built, the one before it, which in-flight reruns may still be using. Once any value of the new
revision is ready, everything older is dropped explicitly, whatever the number of edits.

Each value is built once even when several sessions ask for it at the same moment: the first
builds it, the others wait for it, so the first view after an import pays one read.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any, TypeVar

T = TypeVar("T")

MAX_VIEWS_PER_REVISION = 32  # distinct (view, arguments) kept per revision; the oldest go first


@dataclass
class _Entry:
    lock: threading.Lock = field(default_factory=threading.Lock)
    done: bool = False
    value: Any = None


@dataclass
class _Generation:
    revision: int
    pinned: frozenset[Hashable]
    max_views: int
    lock: threading.Lock = field(default_factory=threading.Lock)
    entries: OrderedDict[Hashable, _Entry] = field(default_factory=OrderedDict)

    def entry(self, key: Hashable) -> _Entry:
        with self.lock:
            entry = self.entries.get(key)
            if entry is None:
                entry = self.entries[key] = _Entry()
                self._trim()
            else:
                self.entries.move_to_end(key)
            return entry

    def _trim(self) -> None:
        unpinned = [k for k in self.entries if k not in self.pinned]
        for key in unpinned[: max(0, len(unpinned) - self.max_views)]:
            del self.entries[key]


class RevisionCache:
    """`get(revision, key, build)`: `build()` once per revision and key, older revisions
    dropped as soon as a newer one has a value. Keys in `pinned` (the library read itself)
    are never pushed out by the per-revision limit."""

    def __init__(
        self,
        pinned: frozenset[Hashable] = frozenset(),
        max_views: int = MAX_VIEWS_PER_REVISION,
        *,
        drop_on_first_value: bool = True,
    ) -> None:
        """With `drop_on_first_value` off, older revisions stay until `drop_older_than` is
        called: a background build fills the new revision while the old one is still served,
        and says when the new one is complete."""
        self._drop_on_first_value = drop_on_first_value
        self._lock = threading.Lock()
        self._generations: dict[int, _Generation] = {}
        self._pinned = pinned
        self._max_views = max_views

    def get(self, revision: int, key: Hashable, build: Callable[[], T]) -> T:
        generation = self._generation(revision)
        if generation is None:  # a rerun that read the revision just before a newer one won
            return build()
        entry = generation.entry(key)
        with entry.lock:
            if not entry.done:
                entry.value = build()
                entry.done = True
            value: T = entry.value
        if self._drop_on_first_value:
            self.drop_older_than(revision)
        return value

    def revisions(self) -> list[int]:
        """The revisions held now (at most two), oldest first: for tests and benchmarks."""
        with self._lock:
            return sorted(self._generations)

    def entries(self, revision: int) -> int:
        with self._lock:
            generation = self._generations.get(revision)
        return 0 if generation is None else sum(e.done for e in generation.entries.values())

    def clear(self) -> None:
        with self._lock:
            self._generations.clear()

    def _generation(self, revision: int) -> _Generation | None:
        with self._lock:
            generation = self._generations.get(revision)
            if generation is not None:
                return generation
            newest = max(self._generations, default=None)
            if newest is not None and revision < newest:
                return None
            # Keep only the newest older revision while this one is being built.
            for old in [r for r in self._generations if r != newest]:
                del self._generations[old]
            generation = _Generation(revision, self._pinned, self._max_views)
            self._generations[revision] = generation
            return generation

    def drop_older_than(self, revision: int) -> None:
        """Forget every revision older than `revision`, explicitly."""
        with self._lock:
            for old in [r for r in self._generations if r < revision]:
                del self._generations[old]
