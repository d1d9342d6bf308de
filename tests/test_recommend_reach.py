"""The recommender's shortcuts change no answer: scoring only the use cases that can reach the
head of the order, the precomputed term scores, the day's shareable outcomes as one array
comparison, and the sharing rule's quick "cannot name" test.

Small libraries are generated in memory (no database), with a small pool so that the
narrowing really leaves use cases out.
"""

from __future__ import annotations

import datetime as dt
from unittest import mock

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine

from lib.callprep import recommend as recommend_module
from lib.callprep.candidates import Candidates, candidates_of, load_candidates
from lib.callprep.prospect import Prospect
from lib.callprep.recommend import _SegmentParts, recommend
from lib.callprep.terms import note_terms
from lib.core import sharing
from lib.core.reads import (
    BenefitRecord,
    Library,
    OutcomeRecord,
    PersonaRecord,
    SegmentRecord,
    UseCaseRecord,
)
from lib.core.win_signal import ALL_SIZES, WinSignal, WinSignals

TODAY = dt.date(2026, 11, 24)
INDUSTRIES = ("Healthcare", "Finance", "Retail")
SIZES = ("SMB", "Mid-market", "Enterprise")
PERSONAS = ("CIO", "CFO", "COO")
WORDS = ("records", "lookup", "time", "claims", "audit", "checkout", "churn", "invoice")

# Every strategy is built once, here: one built inside a draw is a new object that hypothesis
# validates again for each example (a third of these tests' CPU when the composites below
# built theirs per use case and per outcome). The draws themselves are unchanged.
days = st.integers(-800, 60).map(lambda d: TODAY + dt.timedelta(days=d))
maybe_days = st.none() | days
befores = st.none() | st.sampled_from([10.0, 40.0, 100.0])
customers = st.sampled_from(["Acme Health", "Zorblax Bank", "Peak Retail"])
outcome_industries = st.sampled_from((*INDUSTRIES, ""))
outcome_sizes = st.sampled_from((*SIZES, ""))
metric_words = st.lists(st.sampled_from(WORDS), min_size=1, max_size=3)
permissions = st.sampled_from(["public", "anonymized", "internal"])
scopes = st.sampled_from([(), ("sales",), ("web",)])
goal_words = st.lists(st.sampled_from(WORDS), max_size=6)
actors = st.sampled_from(["Nurse", "Clerk"])
step_words = st.lists(st.sampled_from(WORDS), max_size=3)
tag_lists = st.lists(st.sampled_from(WORDS[:3]), max_size=2, unique=True)
industry_lists = st.lists(st.sampled_from(INDUSTRIES), max_size=2, unique=True)
size_lists = st.lists(st.sampled_from(SIZES), max_size=2, unique=True)
persona_lists = st.lists(st.sampled_from(PERSONAS), max_size=2, unique=True)
benefit_personas = st.lists(st.sampled_from(PERSONAS), max_size=1)
outcome_counts = st.integers(0, 3)
library_sizes = st.integers(1, 30)


def _outcome(draw: st.DrawFn, use_case_id: str, n: int) -> OutcomeRecord:
    before = draw(befores)
    return OutcomeRecord(
        id=f"O-{use_case_id}-{n}",
        customer=draw(customers),
        industry=draw(outcome_industries),
        company_size=draw(outcome_sizes),
        use_case_id=use_case_id,
        metric=" ".join(draw(metric_words)),
        before=before,
        after=None if before is None else before / 2,
        unit="%",
        timeframe="",
        quote="",
        permission=draw(permissions),
        permission_expires=draw(maybe_days),
        anonymized_label="",
        date=draw(maybe_days),
        scope=draw(scopes),
    )


def _use_case(draw: st.DrawFn, i: int) -> UseCaseRecord:
    uid = f"UC-{i:03d}"
    return UseCaseRecord(
        id=uid,
        title=f"Use case {i}",
        goal=" ".join(draw(goal_words)),
        primary_actor=draw(actors),
        status="approved",
        owner="Pat",
        last_reviewed=draw(maybe_days),
        preconditions=(),
        trigger="",
        main_steps=tuple(draw(step_words)),
        extensions=(),
        success_guarantee="",
        tags=tuple(draw(tag_lists)),
        industries=tuple(draw(industry_lists)),
        company_sizes=tuple(draw(size_lists)),
        personas=tuple(draw(persona_lists)),
        benefits=tuple(
            BenefitRecord(f"B-{uid}-{k}", p, "Saves time", "time", 10.0, 5.0, -50.0, "%", "time")
            for k, p in enumerate(draw(benefit_personas))
        ),
        outcomes=tuple(_outcome(draw, uid, k) for k in range(draw(outcome_counts))),
    )


@st.composite
def libraries(draw: st.DrawFn) -> Candidates:
    items = tuple(_use_case(draw, i) for i in range(draw(library_sizes)))
    return candidates_of(
        Library(
            use_cases=items,
            segments=tuple(SegmentRecord(s, "industry", 1.0) for s in INDUSTRIES)
            + tuple(SegmentRecord(s, "company_size", 1.0) for s in SIZES),
            personas=tuple(PersonaRecord(p, p, p) for p in PERSONAS),
            all_outcomes=tuple(o for u in items for o in u.outcomes),
        )
    )


ids = st.integers(0, 35).map(lambda i: f"UC-{i:03d}")
prospects = st.builds(
    Prospect,
    industry=st.sampled_from((*INDUSTRIES, "", "Helthcare", "Aerospace")),
    company_size=st.sampled_from((*SIZES, "")),
    personas=st.lists(st.sampled_from(PERSONAS), max_size=3, unique=True).map(tuple),
    pains=st.lists(st.sampled_from((*WORDS, "the", "nurses")), max_size=5).map(" ".join),
    must_include=st.lists(ids, max_size=2).map(tuple),
    exclude=st.lists(ids, max_size=2).map(tuple),
)
wins_in_a_segment = st.integers(5, 12)
# The use counts of a segment's winning use cases, for each number of deals it won.
use_counts = {won: st.dictionaries(ids, st.integers(1, won), max_size=6) for won in range(5, 13)}


@st.composite
def signals(draw: st.DrawFn) -> WinSignals | None:
    if draw(st.booleans()):
        return None
    found = {}
    for industry in INDUSTRIES:
        for size in (ALL_SIZES, *SIZES):
            won = draw(wins_in_a_segment)
            used = draw(use_counts[won])
            found[(industry, size)] = WinSignal(f"{industry} {size}".strip(), won, used)
    return WinSignals(found)


def _full_scan(self: _SegmentParts, k: int) -> np.ndarray:
    """Every use case, as before the narrowing."""
    return np.arange(len(self.base))


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    candidates=libraries(),
    prospect=prospects,
    wins=signals(),
    top=st.integers(1, 4),
    pool=st.integers(1, 6),
)
def test_narrowing_gives_what_the_full_scan_gives(
    candidates: Candidates, prospect: Prospect, wins: WinSignals | None, top: int, pool: int
) -> None:
    """With any pool size, the picks, runners-up, scores, parts and reasons are the ones
    scoring every use case gives: narrowing never drops a use case the full scan would pick."""
    with mock.patch.object(recommend_module, "POOL", pool):
        narrowed = recommend(candidates, prospect, top=top, today=TODAY, wins=wins)
        with mock.patch.object(_SegmentParts, "reach", _full_scan):
            full = recommend(candidates, prospect, top=top, today=TODAY, wins=wins)
    assert narrowed == full


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(candidates=libraries(), prospect=prospects, wins=signals(), k=st.integers(1, 12))
def test_the_head_of_the_narrowed_order_is_the_head_of_the_full_order(
    candidates: Candidates, prospect: Prospect, wins: WinSignals | None, k: int
) -> None:
    """The first `k` use cases (ties included) and their scores, from the use cases that can
    reach them, are those of scoring every use case."""
    rec = recommend(candidates, prospect, today=TODAY, wins=wins)
    signal = wins.for_segment(rec.industry, rec.company_size) if wins else None
    segment = recommend_module._segment_parts(
        candidates, rec.industry, rec.company_size, rec.personas, TODAY, signal
    )
    text = candidates.text_scores(note_terms(prospect.pains).stems)
    best = max(float(text.max()), candidates.solid_match)
    every = np.arange(len(candidates.items))
    full = recommend_module._score(segment, every, [], text, best, rec.industry)
    narrowed = recommend_module._score(segment, segment.reach(k), [], text, best, rec.industry)
    head = narrowed.head(k)
    assert head[:k] == full.head(k)[:k]
    assert [narrowed.score(i) for i in head[:k]] == [full.score(i) for i in head[:k]]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(candidates=libraries(), prospect=prospects, wins=signals())
def test_every_score_lies_between_its_segment_base_and_ceiling(
    candidates: Candidates, prospect: Prospect, wins: WinSignals | None
) -> None:
    with mock.patch.object(_SegmentParts, "reach", _full_scan):
        rec = recommend(candidates, prospect, top=len(candidates.items), today=TODAY, wins=wins)
    signal = wins.for_segment(rec.industry, rec.company_size) if wins else None
    segment = recommend_module._segment_parts(
        candidates, rec.industry, rec.company_size, rec.personas, TODAY, signal
    )
    for p in rec.ranked:
        i = candidates.position[p.id]
        # The bounds are sums in another order, so they may differ from the score in the
        # last bits; the narrowing allows for that with the same margin.
        margin = recommend_module.REACH_MARGIN
        assert segment.base[i] - margin <= p.score <= segment.ceiling[i] + margin


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(candidates=libraries(), query=st.lists(st.sampled_from((*WORDS, "zzz")), max_size=6))
def test_frequent_term_columns_give_the_posting_sums_exactly(
    candidates: Candidates, query: list[str]
) -> None:
    dense = candidates.dense
    assert (
        dense
        or not candidates.items
        or all(len(rows) < 0.25 * len(candidates.items) for rows, _ in candidates.postings.values())
    )
    with_columns = candidates.text_scores(query)
    candidates.dense = {}
    try:
        postings_only = candidates.text_scores(query)
    finally:
        candidates.dense = dense
    assert np.array_equal(with_columns, postings_only)


@given(
    permission=st.sampled_from(["public", "anonymized", "internal", "draft"]),
    expires=st.none() | days,
    scope=st.sampled_from([(), ("sales",), ("web",), ("web", "sales")]),
    day=days,
)
def test_shareable_through_is_the_sharing_rule_for_every_day(
    permission: str, expires: dt.date | None, scope: tuple[str, ...], day: dt.date
) -> None:
    o = OutcomeRecord("O-1", "Acme", "", "", "UC-1", "time", None, None, "", "", "",
                      permission, expires, "", None, scope=scope)  # fmt: skip
    last = sharing.shareable_through(o)
    assert sharing.is_shareable(o, day) == (last is not None and day <= last)


def test_the_days_shareable_outcomes_are_the_sharing_rule() -> None:
    outcome = OutcomeRecord("O-1", "Acme", "", "", "UC-000", "time", None, None, "", "", "",
                            "public", TODAY, "", None)  # fmt: skip
    hidden = OutcomeRecord("O-2", "Acme", "", "", "UC-000", "time", None, None, "", "", "",
                           "internal", None, "", None)  # fmt: skip
    item = UseCaseRecord("UC-000", "One", "", "", "approved", "", None, (), "", (), (), "", (),
                         outcomes=(outcome, hidden))  # fmt: skip
    c = candidates_of(Library(use_cases=(item,), all_outcomes=(outcome, hidden)))
    assert c.shareable_mask(TODAY).tolist() == [True, False]
    assert c.shareable_mask(TODAY + dt.timedelta(days=1)).tolist() == [False, False]


NAMES = ["Acme Corp", "Peak Health", "Copperfield & Rowe Home", "O'Brien Labs", "Zorblax",
         "Élan Care", "The Co", ""]  # fmt: skip
TEXT_PARTS = ["Acme", "acme", "ACME's", "AcmeCorp", "Peak", "peak", "Rowe", "&", "and",
              "Copperfield", "-", " ", "'", "O'Brien", "zorblax", "Élan", "élan", "co", ".",
              "\n", "x"]  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(
    customer=st.sampled_from(NAMES),
    parts=st.lists(st.sampled_from(TEXT_PARTS), max_size=10),
)
def test_scrub_with_the_quick_test_is_scrub_by_the_full_pattern(
    customer: str, parts: list[str]
) -> None:
    text = "".join(parts)
    full = sharing._substitute(sharing._pattern(customer), text, "the customer")
    assert sharing.scrub(text, customer) == full
    pattern = sharing._pattern(customer)
    assert sharing._mentions(text, customer) == bool(pattern and pattern.search(text))


def test_a_generated_library_gets_the_full_scans_answers(engine: Engine) -> None:
    """Over 1,500 synthetic use cases and 120 varied prospects, with and without a won-deal
    signal: the narrowed recommender with its term columns gives every pick, runner-up,
    score, part and reason that scoring every use case from its postings gives."""
    from benchmarks import recommend_prospects, synthetic

    n = 1_500
    synthetic.load(engine, synthetic.build(n, n * 5 // 2))
    candidates = load_candidates(engine)
    assert candidates.dense  # the synthetic library's everyday words get columns
    profiles = recommend_prospects.prospects(120, n_use_cases=n)
    signal = recommend_prospects.win_signals(n)
    narrowed = {
        kind: recommend_prospects.answers(candidates, profiles, wins)
        for kind, wins in (("without", None), ("with", signal))
    }
    full_scan = load_candidates(engine)
    full_scan.dense = {}
    with mock.patch.object(_SegmentParts, "reach", _full_scan):
        for kind, wins in (("without", None), ("with", signal)):
            assert recommend_prospects.answers(full_scan, profiles, wins) == narrowed[kind]
    assert any(a["picks"] for a in narrowed["with"])
