"""A pack's texts cleaned once per library revision and day, not once per pack.

Every text of a pack goes through the sharing rule (`Disclosure.clean`): some five hundred
texts per pack (steps, benefits, questions, extensions), each searched for every hidden
customer's name. A rep changing the prospect's profile gets a new pack of mostly the same
use cases, so the same texts were searched again on every change: most of a pack's cost.

What `clean` returns depends only on the library's hidden names for the day (the
`sharing.LibraryNames` the app keeps per revision), the customers this output may name
(`Disclosure.spared`) and the text. So the result is remembered on exactly that: per names
object (dropped with it), per spared set, per text. A pack that names a customer never shares
its results with one that does not.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable

from lib.core import sharing

MOST_TEXTS = 50_000  # remembered per names object and spared set; then started afresh

_lock = threading.Lock()
# id(LibraryNames) -> (a weak reference to it, spared set -> text -> cleaned text)
_Memo = dict[frozenset[str], dict[str, str]]
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
    by_spared = _memo_of(names)
    memo = by_spared.get(disclosure.spared)
    if memo is None:
        memo = by_spared.setdefault(disclosure.spared, {})
    clean = disclosure.clean

    def cleaned(text: str) -> str:
        found = memo.get(text)
        if found is None:
            found = clean(text)
            if len(memo) >= MOST_TEXTS:
                memo.clear()
            memo[text] = found
        return found

    return cleaned
