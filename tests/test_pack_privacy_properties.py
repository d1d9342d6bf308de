"""No prospect-facing file names a customer it may not name, for any set of 1-6 use cases.

Two libraries: the sample one, and a generated one where customers share outcomes across use
cases, mention each other in quotes, use-case text, objections, questions and timeframes, in
capitals, lower case, possessives and across line breaks, and each outcome's permission is
drawn at random. Every format's whole text is checked (see `tests.pack_text`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lib.callprep.candidates import (
    BenefitRecord,
    Candidate,
    Candidates,
    OutcomeRecord,
    QuestionRecord,
)
from lib.callprep.packs import build_pack
from lib.callprep.prospect import Prospect
from tests.callprep_data import SAMPLE_DAY
from tests.pack_text import every_format, flat
from tests.privacy_oracle import leaks, may_name, must_not_name

TODAY = dt.date(2026, 11, 24)
PROPERTY = settings(
    max_examples=12,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# (outcome id, customer, use case, quote, timeframe, anonymized label)
OUTCOMES = [
    ("O-ZOR", "Zorblax Holdings", "UC-1", "Zorblax Holdings cut review time.",
     "since the Zorblax\nmerger", ""),
    ("O-QUI", "Quintrel GmbH", "UC-2", "QUINTREL's archive moved in a weekend.", "", ""),
    ("O-VAN", "Vantorix Medical", "UC-3", "Vantorix nurses got an hour back.", "6 months",
     "a vantorix-style clinic"),
    ("O-LAK1", "Lakeshore Orthopedic Partners", "UC-3", "Lakeshore patients book at night.",
     "", "a LAKESHORE site"),
    ("O-LAK2", "Lakeshore Orthopedic Partners", "UC-4", "Referrals arrive with imaging.", "", ""),
    ("O-GRA1", "Granite Peak Outdoor", "UC-5", "Granite Peak shoppers returned less.", "", ""),
    ("O-GRA2", "Granite Peak Outdoor", "UC-6", "Peak season was calm for once.", "", ""),
    ("O-SUM", "Summit Auto Insurance", "UC-1", "Summit Auto adjusters close faster.", "",
     "a regional auto insurer"),
    ("O-CON", "Contoso Clinic", "UC-2",
     "We copied Vantorix Medical and Zorblax after hearing from Quintrel GmbH's CIO.", "", ""),
    ("O-MER", "Meridian Freight", "UC-6",
     "Like granite peak outdoor, we moved fast; LAKESHORE\nOrthopedic did too.", "", ""),
    ("O-MER2", "Meridian Freight", "UC-5", "Meridian drivers love it.", "", ""),
]  # fmt: skip


def _uc(n: int, **text: Any) -> Candidate:
    fields: dict[str, Any] = {
        "id": f"UC-{n}",
        "title": f"Close the loop {n}",
        "goal": "The team finishes the work on time.",
        "primary_actor": "Analyst",
        "status": "approved",
        "owner": "Pat Owner",
        "preconditions": (),
        "trigger": "",
        "success_guarantee": "",
        "main_steps": ("The analyst opens the queue", "The system ranks the work"),
        "extensions": (),
        "industries": ("Healthcare",),
        "company_sizes": ("Mid-market",),
        "personas": ("CIO",),
        "tags": (),
        "last_reviewed": TODAY,
        "benefits": (),
        "questions": (),
    }
    fields.update(text)
    return Candidate(**fields)


def _q(id: str, text: str, use_case: str | None, listen_for: str = "") -> QuestionRecord:
    return QuestionRecord(id, text, use_case, None, "problem", listen_for)


USE_CASES = [
    _uc(1, main_steps=("The analyst applies the approach Zorblax Holdings pioneered",
                       "The system flags the auto claim for review"),
        extensions=({"step": "1a", "kind": "exception", "condition": "ZORBLAX auditors ask",
                     "steps": ["The analyst exports the trail"]},),
        benefits=(BenefitRecord("B-1", None, "Cut end-to-end auto claim cycle time",
                                "auto claim cycle time", None, None, -30.0, "%", "time"),)),
    _uc(2, goal="Plan for peak season the way Granite Peak did.",
        main_steps=("The team moves Quintrel\nGmbH's archive", "The team checks it"),
        questions=(_q("Q-2", "How do you compare to vantorix style?", "UC-2", "VANTORIX"),)),
    _uc(3, extensions=({"step": "2a", "kind": "alternate",
                        "condition": "Quintrel's archive is too large",
                        "steps": ["The system splits it"]},),
        main_steps=("The team copies Lakeshore\nOrthopedic Partners' intake form",)),
    _uc(4, title="Settle claims like Summit Auto",
        main_steps=("The adjuster reviews the auto claim", "Meridian Freight signs off")),
    _uc(5, goal="Shoppers return less, as at Contoso Clinic and vantorix medical."),
    _uc(6, questions=(_q("Q-6", "What did the Granite Peak team change?", "UC-6",
                         "lakeshore's numbers"),)),
    _uc(7, main_steps=("Peak-season staffing is planned", "The auto claim queue drains")),
]  # fmt: skip

GENERIC = (
    _q("Q-G1", "Have you looked at what Zorblax Holdings did?", None, "vantorix"),
    _q("Q-G2", "Who owns the auto claim backlog?", None, "Summit Auto's answer"),
)

PERMISSIONS = st.sampled_from(["public", "anonymized", "internal", "expired"])
# The permission ledger: no scope recorded (any use), or some of the uses, with or without sales.
SCOPES = st.one_of(
    st.just(()), st.lists(st.sampled_from(["sales", "web", "press", "logo"]), unique=True)
).map(tuple)
QUOTE_APPROVALS = st.sampled_from(["", "yes", "no"])


def generated_library(
    permissions: dict[str, str],
    references: dict[str, bool],
    scopes: dict[str, tuple[str, ...]] | None = None,
    quotes: dict[str, str] | None = None,
) -> Candidates:
    outcomes = [
        OutcomeRecord(
            id=oid,
            customer=customer,
            industry="Healthcare",
            company_size="Mid-market",
            use_case_id=use_case,
            metric="review time",
            before=10.0,
            after=6.0,
            unit="min",
            timeframe=timeframe,
            quote=quote,
            permission="public" if permissions[oid] == "expired" else permissions[oid],
            permission_expires=TODAY - dt.timedelta(days=1)
            if permissions[oid] == "expired"
            else None,
            anonymized_label=label,
            date=TODAY,
            reference="yes" if references[oid] else "",
            scope=(scopes or {}).get(oid, ()),
            quote_approved=(quotes or {}).get(oid, ""),
        )
        for oid, customer, use_case, quote, timeframe, label in OUTCOMES
    ]
    items = tuple(
        Candidate(**{**{f: getattr(c, f) for f in Candidate.__slots__},  # type: ignore[attr-defined]
                     "outcomes": tuple(o for o in outcomes if o.use_case_id == c.id)})
        for c in USE_CASES
    )  # fmt: skip
    return Candidates(
        items=items,
        industries=("Healthcare",),
        company_sizes=("Mid-market",),
        persona_names={"CIO": "Chief Information Officer"},
        generic_questions=GENERIC,
        library_outcomes=tuple(outcomes),
    )


def check(pack: Any, library: Any, today: dt.date) -> dict[str, str]:
    hidden = must_not_name(pack, library, today)
    texts = {fmt: flat(text) for fmt, text in every_format(pack).items()}
    for fmt, text in texts.items():
        found = leaks(text, hidden)
        assert not found, f"{fmt} of {pack.use_case_ids} names {', '.join(found)}"
    return texts


@PROPERTY
@given(
    ids=st.lists(st.sampled_from([c.id for c in USE_CASES]), min_size=1, max_size=6, unique=True),
    permissions=st.fixed_dictionaries({o[0]: PERMISSIONS for o in OUTCOMES}),
    references=st.fixed_dictionaries({o[0]: st.booleans() for o in OUTCOMES}),
)
def test_no_hidden_name_in_any_format_of_a_generated_library(
    ids: list[str], permissions: dict[str, str], references: dict[str, bool]
) -> None:
    candidates = generated_library(permissions, references)
    prospect = Prospect(company="Acme", industry="Healthcare", personas=("CIO",))
    pack = build_pack(candidates, prospect, ids, today=TODAY)
    texts = check(pack, candidates.library_outcomes, TODAY)
    # A reference call is offered only for a customer the pack names and who agreed to it.
    named = may_name(pack, candidates.library_outcomes, TODAY)
    willing = {o.customer for o in candidates.library_outcomes if o.reference == "yes"}
    offered = [s for s in pack.next_steps if "reference conversation" in s]
    assert bool(offered) == bool(named & willing), (pack.next_steps, named, willing)
    assert all(any(c in s for c in named & willing) for s in offered)
    # Everyday words are not names: the benefit and the generic question keep them.
    if "UC-1" in ids:
        assert "auto claim cycle time" in texts["md"]
    assert "Who owns the auto claim backlog?" in texts["xlsx"]


# A phrase only each quote holds, to tell whether the quote itself reached a file.
QUOTE_MARKS = {
    "O-ZOR": "cut review time", "O-QUI": "moved in a weekend", "O-VAN": "got an hour back",
    "O-LAK1": "book at night", "O-LAK2": "arrive with imaging", "O-GRA1": "returned less",
    "O-GRA2": "calm for once", "O-SUM": "close faster", "O-CON": "after hearing from",
    "O-MER": "we moved fast", "O-MER2": "love it",
}  # fmt: skip


@PROPERTY
@given(
    ids=st.lists(st.sampled_from([c.id for c in USE_CASES]), min_size=1, max_size=6, unique=True),
    permissions=st.fixed_dictionaries({o[0]: PERMISSIONS for o in OUTCOMES}),
    scopes=st.fixed_dictionaries({o[0]: SCOPES for o in OUTCOMES}),
    quotes=st.fixed_dictionaries({o[0]: QUOTE_APPROVALS for o in OUTCOMES}),
)
def test_the_ledger_holds_in_every_format_of_a_sales_pack(
    ids: list[str],
    permissions: dict[str, str],
    scopes: dict[str, tuple[str, ...]],
    quotes: dict[str, str],
) -> None:
    """An outcome approved only for web, press or logo is treated as internal in a sales pack
    (its customer named nowhere), and a quote the customer did not approve is in no file."""
    references = {o[0]: False for o in OUTCOMES}
    candidates = generated_library(permissions, references, scopes, quotes)
    prospect = Prospect(company="Acme", industry="Healthcare", personas=("CIO",))
    pack = build_pack(candidates, prospect, ids, today=TODAY)
    texts = check(pack, candidates.library_outcomes, TODAY)
    by_id = {o.id: o for o in candidates.library_outcomes}
    for oid in pack.outcome_ids:
        scope = by_id[oid].scope
        assert not scope or "sales" in scope, f"{oid} is approved for {scope} only"
        if quotes[oid] == "no":
            for fmt, text in texts.items():
                assert QUOTE_MARKS[oid] not in text, f"{fmt} quotes {oid}, not approved"
    assert any(s.proof is not None for s in pack.sections) == any(
        permissions[o.id] in ("public", "anonymized") and (not o.scope or "sales" in o.scope)
        for o in candidates.library_outcomes
        if o.use_case_id in ids
    )


@PROPERTY
@given(data=st.data())
def test_no_hidden_name_in_any_format_of_the_sample_library(
    sample: Candidates, data: st.DataObject
) -> None:
    ids = data.draw(
        st.lists(st.sampled_from([c.id for c in sample.items]), min_size=1, max_size=6, unique=True)
    )
    industry = data.draw(st.sampled_from(("", *sample.industries)))
    prospect = Prospect(company="Acme", industry=industry, personas=("CIO", "COO", "CFO"))
    pack = build_pack(sample, prospect, ids, today=SAMPLE_DAY)
    check(pack, sample.library_outcomes, SAMPLE_DAY)


@pytest.mark.parametrize(
    ("industry", "ids", "anonymized", "public"),
    [
        ("Healthcare", ["UC-HC-003", "UC-HC-005"], "OUT-028", "OUT-033"),  # Lakeshore
        ("E-commerce", ["UC-ECOM-005", "UC-ECOM-002"], "OUT-010", "OUT-006"),  # Granite Peak
    ],
)
def test_a_customer_shown_anonymized_is_named_nowhere_in_the_pack(
    sample: Candidates, industry: str, ids: list[str], anonymized: str, public: str
) -> None:
    """The issue's two packs: the anonymized result and the public one of the same customer
    sit side by side, so the public one is shown anonymized too, with no reference offer."""
    prospect = Prospect(company="Acme", industry=industry, company_size="Mid-market")
    pack = build_pack(sample, prospect, ids, today=SAMPLE_DAY)
    assert pack.outcome_ids == [anonymized, public]
    customer = next(o.customer for o in sample.library_outcomes if o.id == anonymized)
    assert [s.proof.named for s in pack.sections if s.proof is not None] == [False, False]
    for fmt, text in every_format(pack).items():
        assert customer.split()[0].lower() not in flat(text).lower(), fmt
    assert not any("reference conversation" in s for s in pack.next_steps)
