"""The library's hidden and reference customers gathered once (`sharing.library_names`) give
every output the very disclosure and cleaned text that scanning the library for it gives."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lib.core import sharing

TODAY = dt.date(2026, 11, 24)
CUSTOMERS = ("Northwind Clinics", "Northwind", "Bayline Credit Union", "Customer 7 Ltd",
             "Customer 71 Ltd", "Zorblax", "Peak Foods", "")  # fmt: skip
TEXTS = (
    "Northwind Clinics and Bayline members cut lookup time.",
    "Customer 7 Ltd nurses, customer 71 ltd and a Customer said so.",
    "Peak season at Zorblax; ZORBLAX's team and peak foods.",
    "Nothing here names anyone.",
)


def _outcome(i: int, customer: str, permission: str, expired: bool, scope: str, ref: bool):  # type: ignore[no-untyped-def]
    return SimpleNamespace(
        id=f"O-{i}",
        customer=customer,
        permission=permission,
        permission_expires=TODAY - dt.timedelta(days=1) if expired else None,
        scope=(scope,) if scope else (),
        reference="yes" if ref else "",
    )


outcomes = st.lists(
    st.tuples(
        st.sampled_from(CUSTOMERS),
        st.sampled_from(("public", "anonymized", "internal")),
        st.booleans(),
        st.sampled_from(("", "sales", "web")),
        st.booleans(),
    ),
    max_size=12,
).map(lambda rows: [_outcome(i, *row) for i, row in enumerate(rows)])


def _scanned(library: list[SimpleNamespace], shown: list[SimpleNamespace]) -> sharing.Disclosure:
    """The rule as written before the names were gathered once: the oracle."""
    see = lambda o: sharing.visibility(o, TODAY)  # noqa: E731
    shown = [o for o in shown if see(o) != "hidden"]
    anonymized = {o.customer for o in shown if see(o) == "anonymized"}
    named = {o.customer for o in shown if see(o) == "public"} - anonymized
    private = {o.customer for o in [*library, *shown] if see(o) != "public"}
    hidden = sorted({c for c in private | anonymized if c} - named, key=lambda c: (-len(c), c))
    references = sorted(
        {o.customer for o in [*library, *shown] if o.customer in named and sharing.is_reference(o)}
    )
    return sharing.Disclosure(
        today=TODAY,
        named=frozenset(named),
        anonymized=frozenset(anonymized),
        hidden=tuple(hidden),
        references=tuple(references),
    )


@settings(max_examples=300, deadline=None)
@given(library=outcomes, extra=outcomes, data=st.data())
def test_gathered_names_disclose_and_clean_as_a_scan_does(library, extra, data) -> None:  # type: ignore[no-untyped-def]
    """For any library and any shown outcomes (in the library or not, as a nominated win's
    may be), the disclosure and every cleaned text are the scan's."""
    pool = library + extra
    shown = data.draw(st.lists(st.sampled_from(pool), max_size=5)) if pool else []
    expected = _scanned(library, shown)
    names = sharing.library_names(library, TODAY)
    for found in (sharing.disclose(names, shown, TODAY), sharing.disclose(library, shown, TODAY)):
        assert found == expected
        assert found.hidden == expected.hidden  # the order too: longer names first
        for text in TEXTS:
            assert found.clean(text) == expected.clean(text)


def test_names_answer_only_for_their_own_day_and_use() -> None:
    names = sharing.library_names([], TODAY)
    with pytest.raises(ValueError, match="gathered for sales on 2026-11-24, not for sales on"):
        sharing.disclose(names, [], TODAY + dt.timedelta(days=1))
    with pytest.raises(ValueError, match="not for web"):
        sharing.disclose(names, [], TODAY, use="web")


def test_a_named_customer_is_spared_while_the_rest_stay_hidden() -> None:
    library = [
        _outcome(1, "Northwind Clinics", "public", False, "", True),
        _outcome(2, "Northwind Clinics", "internal", False, "", False),
        _outcome(3, "Bayline Credit Union", "internal", False, "", False),
    ]
    rule = sharing.disclose(sharing.library_names(library, TODAY), [library[0]], TODAY)
    assert rule.hidden == ("Bayline Credit Union",)
    assert rule.references == ("Northwind Clinics",)
    assert rule.clean("Northwind Clinics met Bayline.") == "Northwind Clinics met a customer."
