"""Cleaning a text with only the hidden names that can occur in it (`sharing._pattern_for`)
replaces exactly what the pattern of every hidden name replaces, in any text: spaced or
written together, in any case, with the few non-ASCII letters Python matches as ASCII ones."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from lib.core import sharing

WORDS = ("Customer", "7", "71", "Ltd", "Northwind", "Peak", "Zorblax", "O'Brien", "Smith-Jones",
         "St.", "Big", "B\u0130g", "\u212aelvin", "Acme", "&", "Caf\u00e9", "Bank", "Kzorb",
         "Zorblas", "Tilix")  # fmt: skip
PIECES = (*WORDS, "the", "nurses", "peak", "customer", "CUSTOMER", "zorblax", "acme", "big",
          "kelvin", "\u2192", "'s", "\u2019s", "-", "\u017f", "\u0130", "\u212a", "\u0131",
          "7ltd", "customer7", "71ltd", ".", "\u212azorb", "zorbla\u017f", "t\u0131l\u0131x",
          "T\u0130L\u0130X", "\u017ft.")  # fmt: skip
SEPARATORS = ("", " ", "  ", "\n", " & ", " and ", ", ", "\u00a0")

names = st.lists(st.sampled_from(WORDS), min_size=1, max_size=3).map(" ".join)
texts = st.lists(st.tuples(st.sampled_from(PIECES), st.sampled_from(SEPARATORS)), max_size=14).map(
    lambda parts: "".join(p + s for p, s in parts)
)


@settings(max_examples=400, deadline=None)
@given(hidden=st.lists(names, min_size=1, max_size=8, unique=True), text=texts)
def test_the_narrowed_pattern_replaces_what_the_whole_one_does(hidden, text) -> None:  # type: ignore[no-untyped-def]
    whole = sharing._compile(hidden)
    narrowed = sharing._pattern_for(tuple(hidden), text)
    expected = sharing._substitute(whole, text, "a customer")
    assert sharing._substitute(narrowed, text, "a customer") == expected


@settings(max_examples=300, deadline=None)
@given(hidden=st.lists(names, min_size=1, max_size=8, unique=True), data=st.data(), text=texts)
def test_names_an_output_may_use_are_left_as_written(hidden, data, text) -> None:  # type: ignore[no-untyped-def]
    """An output that names some of the library's private customers cleans as if only the
    others had been hidden, though it shares the library's index of all of them."""
    named = data.draw(st.lists(st.sampled_from(hidden), max_size=3, unique=True))
    library = sharing.LibraryNames(
        today=dt.date(2026, 11, 24),
        use="sales",
        private=tuple(sorted(hidden, key=lambda c: (-len(c), c))),
        references=frozenset(),
    )
    rest = tuple(c for c in library.private if c not in named)
    shared_index = sharing.Disclosure(
        today=library.today, hidden=rest, library=library, spared=frozenset(named)
    )
    own_index = sharing.Disclosure(today=library.today, hidden=rest)
    assert shared_index.clean(text) == own_index.clean(text)
    assert own_index.clean(text) == sharing._substitute(sharing._compile(rest), text, "a customer")
