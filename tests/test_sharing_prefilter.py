"""The hidden-name rule with its fast path: in ASCII text only the names whose first word
starts a word of the text are tried, and that must never change what gets replaced."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lib.core import sharing

PARTS = ("Acme", "Corp", "Peak", "Rowe")
SEPARATORS = (" ", "", "", " & ", "'s ", "-", ", ", ". ", "\n", "(", "’s ")


def _cased(word: str, how: int) -> str:
    return (word, word.lower(), word.upper(), word.capitalize())[how]


names = st.lists(st.sampled_from(PARTS), min_size=1, max_size=3).map(" ".join)
texts = st.lists(
    st.tuples(st.sampled_from((*PARTS, "and", "nurses")), st.integers(0, 3),
              st.sampled_from(SEPARATORS)),
    max_size=6,
).map(lambda parts: "".join(_cased(w, how) + sep for w, how, sep in parts))  # fmt: skip


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hidden=st.lists(names, min_size=1, max_size=5, unique=True), text=texts)
def test_the_fast_path_replaces_exactly_what_the_whole_pattern_does(
    hidden: list[str], text: str
) -> None:
    order = tuple(sorted(hidden, key=len, reverse=True))
    disclosure = sharing.Disclosure(today=dt.date(2026, 11, 24), hidden=order)
    whole = sharing._substitute(sharing._compile(order), text, "a customer")
    assert disclosure.clean(text) == whole


def test_a_name_written_without_spaces_is_still_found() -> None:
    disclosure = sharing.Disclosure(today=dt.date(2026, 11, 24), hidden=("Acme Corp",))
    assert "Acme" not in disclosure.clean("We met AcmeCorp yesterday")


def test_non_ascii_text_takes_the_whole_pattern() -> None:
    disclosure = sharing.Disclosure(today=dt.date(2026, 11, 24), hidden=("Vantorix",))
    cleaned = disclosure.clean("São Paulo: VANTORIX cut returns")
    assert cleaned == "São Paulo: a customer cut returns"
