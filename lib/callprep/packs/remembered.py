"""A pack's texts cleaned once per library revision and day, not once per pack.

Every text of a pack goes through the sharing rule (`Disclosure.clean`): some five hundred
texts per pack (steps, benefits, questions, extensions), each searched for every hidden
customer's name. A rep changing the prospect's profile gets a new pack of mostly the same
use cases, so the same texts were searched again on every change: most of a pack's cost.

What `clean` returns depends only on the library's hidden names for the day (the
`sharing.LibraryNames` the app keeps per revision), the customers this output may name
(`Disclosure.spared`) and the text. So the result is remembered on exactly that: per names
object (dropped with it), by spared set and text. A pack that names a customer never shares
its results with one that does not.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable

from lib.core import sharing

# Remembered per names object (all spared sets together), then started afresh: some forty
# packs' distinct texts, a few megabytes, whatever the number of packs in a day.
MOST_TEXTS = 20_000

_lock = threading.Lock()
# id(LibraryNames) -> (a weak reference to it, its memo)
_Memo = dict[tuple[frozenset[str], str], str]  # (spared, text) -> cleaned text
_memos: dict[int, tuple[weakref.ref[sharing.LibraryNames], _Memo]] = {}


def _memo_of(names: sharing.LibraryNames) -> _Memo:
    """The memo kept for `names` while it lives (the revision cache drops old names)."""
    key = id(names)
    with _lock:
        found = _memos.get(key)
        if found is None or found[0]() is not names:
            gone = lambda _: _memos.pop(key, None)  # noqa: E731
            found = (weakref.ref(names, gone), {})
            _memos[key] = found
        return found[1]


def remembered_clean(disclosure: sharing.Disclosure) -> Callable[[str], str]:
    """`disclosure.clean`, remembered across the packs built from the same library names
    (as the app builds every pack of a day); the plain `clean` when the output hides a
    customer the library's names do not list (its rule is its own)."""
    names = disclosure.library
    if names is None:
        return disclosure.clean
    memo = _memo_of(names)
    spared = disclosure.spared
    clean = disclosure.clean

    def cleaned(text: str) -> str:
        key = (spared, text)
        found = memo.get(key)
        if found is None:
            found = clean(text)
            if len(memo) >= MOST_TEXTS:
                memo.clear()
            memo[key] = found
        return found

    return cleaned
