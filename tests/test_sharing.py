from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from lib.core import sharing

TODAY = dt.date(2026, 11, 24)


def outcome(**fields: object) -> SimpleNamespace:
    data = {
        "id": "O-1",
        "customer": "Northwind Clinics",
        "industry": "Healthcare",
        "company_size": "Mid-market",
        "use_case_id": "UC-1",
        "metric": "records lookup time",
        "before": 12.0,
        "after": 7.44,
        "unit": "min",
        "timeframe": "6 months",
        "quote": "Northwind Clinics cut lookup time; Northwind's nurses love it.",
        "permission": "public",
        "permission_expires": None,
        "anonymized_label": "",
        "date": TODAY,
    }
    data.update(fields)
    return SimpleNamespace(**data)


@pytest.mark.parametrize(
    ("permission", "expires", "seen"),
    [
        ("public", None, "public"),
        ("anonymized", None, "anonymized"),
        ("internal", None, "hidden"),
        ("public", TODAY, "public"),
        ("public", TODAY - dt.timedelta(days=1), "hidden"),
        ("anonymized", TODAY - dt.timedelta(days=1), "hidden"),
        ("maybe", None, "hidden"),
    ],
)
def test_visibility_follows_permission_and_expiry(permission, expires, seen) -> None:  # type: ignore[no-untyped-def]
    assert (
        sharing.visibility(outcome(permission=permission, permission_expires=expires), TODAY)
        == seen
    )


def test_public_outcome_keeps_name_and_quote() -> None:
    shared = sharing.for_prospects(outcome(), TODAY)
    assert shared is not None and shared.named
    assert shared.customer == "Northwind Clinics"
    assert "Northwind" in shared.quote


def test_anonymized_outcome_never_names_the_customer() -> None:
    shared = sharing.for_prospects(
        outcome(permission="anonymized", anonymized_label="a regional clinic network"), TODAY
    )
    assert shared is not None and not shared.named
    assert shared.customer == "a regional clinic network"
    assert "northwind" not in repr(shared).lower()
    assert shared.quote == "The customer cut lookup time; the customer's nurses love it."


def test_anonymized_label_that_names_the_customer_is_replaced() -> None:
    shared = sharing.for_prospects(
        outcome(permission="anonymized", anonymized_label="Northwind's east region"), TODAY
    )
    assert shared is not None
    assert shared.customer == "a mid-market healthcare organization"


FALLBACK = "a mid-market healthcare organization"


@pytest.mark.parametrize(
    ("customer", "label", "shown"),
    [
        ("Calloway Regional Medical Center", "a regional medical center", "="),
        ("Lakeshore Orthopedic Partners", "a mid-market orthopedic practice", "="),
        ("Lakeshore Orthopedic Partners", "Lakeshore's clinics", FALLBACK),
        ("Lakeshore Orthopedic Partners", "an Orthopedic Partners site", FALLBACK),
    ],
)  # fmt: skip
def test_a_label_that_only_describes_the_customer_is_kept(
    customer: str, label: str, shown: str
) -> None:
    """Marketing's label is used unless it names the customer; a descriptive word shared
    with the name ("orthopedic") does not name it."""
    shared = sharing.for_prospects(
        outcome(customer=customer, permission="anonymized", anonymized_label=label), TODAY
    )
    assert shared is not None and shared.customer == (label if shown == "=" else shown)


def test_internal_and_expired_are_never_shared() -> None:
    items = [
        outcome(id="A", permission="internal"),
        outcome(id="B", permission_expires=TODAY - dt.timedelta(days=3)),
        outcome(id="C"),
    ]
    assert [s.id for s in sharing.shareable(items, TODAY)] == ["C"]


def test_internal_screens_mark_what_must_not_be_shared() -> None:
    assert (
        sharing.internal_label(outcome(permission="internal"), TODAY) == "internal — do not share"
    )
    expired = outcome(permission_expires=dt.date(2026, 1, 31))
    assert "expired 2026-01-31" in sharing.internal_label(expired, TODAY)


def test_result_reads_as_one_line() -> None:
    assert sharing.describe_result("records lookup time", 12, 7.44, "min", "6 months") == (
        "records lookup time 12 → 7.44 min (-38%) in 6 months"
    )
    assert sharing.describe_result("NPS", None, None, "", "") == "NPS"


@pytest.mark.parametrize(
    ("customer", "quote"),
    [
        ("Copperfield & Rowe Home", "Copperfield & Rowe Home shoppers love it. Ask Rowe's team."),
        ("Copperfield & Rowe Home", "At Copperfield and Rowe we cut delays."),
        ("Bayline Credit Union", "BAYLINE members noticed within a week."),
    ],
)
def test_every_distinctive_part_of_the_name_is_scrubbed(customer: str, quote: str) -> None:
    shared = sharing.for_prospects(
        outcome(customer=customer, quote=quote, permission="anonymized"), TODAY
    )
    assert shared is not None
    for word in ("copperfield", "rowe", "bayline"):
        assert word not in shared.quote.lower()


def test_generic_words_of_a_name_stay_in_the_quote() -> None:
    quote = "Bayline Credit Union halved credit check time."
    assert sharing.scrub(quote, "Bayline Credit Union") == "The customer halved credit check time."


@pytest.mark.parametrize(
    ("text", "scrubbed"),
    [
        ("Peak-season staffing: who covers it?", "Peak-season staffing: who covers it?"),
        ("How do you plan for peak season?", "How do you plan for peak season?"),
        ("As at Granite Peak, agents triage first.", "As at a customer, agents triage first."),
        ("As at granite peak outdoor, agents triage.", "As at a customer, agents triage."),
        ("Peak's agents triage first.", "A customer's agents triage first."),
    ],
)
def test_use_case_text_loses_the_name_but_keeps_ordinary_words(text: str, scrubbed: str) -> None:
    """A step or question is not about the customer: a word of the name that is also an
    ordinary word ("peak") stays unless written as the name."""
    assert sharing.scrub(text, "Granite Peak Outdoor", "a customer") == scrubbed
    assert sharing.scrub("before peak season", "Granite Peak Outdoor") == "before peak season"


@pytest.mark.parametrize(
    ("quote", "scrubbed"),
    [
        ("Lakeshore patients book at night.", "The customer's patients book at night."),
        ("Lakeshore project managers stopped.", "The customer's project managers stopped."),
        ("Lakeshore processes claims faster.", "The customer processes claims faster."),
        (
            "Patients call Lakeshore. Customers notice.",
            "Patients call the customer. Customers notice.",
        ),
    ],
)
def test_a_name_before_its_people_reads_as_a_possessive(quote: str, scrubbed: str) -> None:
    assert sharing.scrub(quote, "Lakeshore Orthopedic Partners") == scrubbed


@pytest.mark.parametrize(
    ("text", "customer", "scrubbed"),
    [
        ("ZORBLAX auditors asked.", "Zorblax Holdings", "A customer auditors asked."),
        ("the vantorix style", "Vantorix Medical", "the a customer style"),
        ("If quintrel's archive is big?", "Quintrel GmbH", "If a customer's archive is big?"),
        ("Ask Lakeshore\nOrthopedic Partners.", "Lakeshore Orthopedic Partners", "Ask a customer."),
        ("end-to-end auto claim time", "Summit Auto Insurance", "end-to-end auto claim time"),
        ("As Summit Auto showed", "Summit Auto Insurance", "As a customer showed"),
        ("the harbor view", "Harbor Point Bank", "the harbor view"),
    ],
)  # fmt: skip
def test_distinctive_words_go_in_any_case_everyday_words_only_as_the_name(
    text: str, customer: str, scrubbed: str
) -> None:
    assert sharing.scrub(text, customer, "a customer") == scrubbed


def test_a_label_naming_the_customer_in_capitals_is_replaced() -> None:
    shared = sharing.for_prospects(
        outcome(permission="anonymized", anonymized_label="a NORTHWIND site"), TODAY
    )
    assert shared is not None and shared.customer == "a mid-market healthcare organization"


def test_a_pack_never_ties_an_anonymized_result_to_its_customer() -> None:
    """Lakeshore's anonymized result and its public one in the same pack: both shown
    anonymized, its name hidden everywhere, no reference offered."""
    lake = "Lakeshore Orthopedic Partners"
    anon = outcome(id="A", customer=lake, permission="anonymized", quote="")
    public = outcome(id="P", customer=lake, quote="Lakeshore books faster.", reference="yes")
    secret = outcome(id="S", customer="Zorblax Holdings", permission="internal")
    other = outcome(id="C", customer="Contoso Clinic", quote="Like Zorblax, we moved.",
                    reference="yes")  # fmt: skip
    rule = sharing.disclose([anon, public, secret, other], [anon, public, other], TODAY)
    assert rule.named == {"Contoso Clinic"} and rule.anonymized == {lake}
    assert set(rule.hidden) == {lake, "Zorblax Holdings"}
    assert rule.references == ("Contoso Clinic",)
    shown = rule.show(public)
    assert shown is not None and not shown.named and "Lakeshore" not in repr(shown)
    assert shown.quote == "The customer books faster."
    contoso = rule.show(other)
    assert contoso is not None and contoso.named and contoso.quote == "Like a customer, we moved."
    assert rule.show(secret) is None


def test_a_reference_is_offered_only_when_marked() -> None:
    public = outcome(id="P", customer="Contoso Clinic")
    assert sharing.disclose([public], [public], TODAY).references == ()
    willing = outcome(id="P", customer="Contoso Clinic", reference="yes")
    assert sharing.disclose([willing], [willing], TODAY).references == ("Contoso Clinic",)
