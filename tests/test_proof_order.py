"""The proof a pick leads with, on the page and in the pack: the outcome that speaks to the
prospect's notes and to the people attending first, then the strongest.

Checked on generated libraries (use cases with several outcomes of random strength, the one the
notes name made the weakest on purpose) and on the sample's UC-HC-001.
"""

from __future__ import annotations

import datetime as dt
import random

import pytest
from sqlalchemy import Engine

from lib.callprep.candidates import Candidates, load_candidates
from lib.callprep.packs import build_pack
from lib.callprep.proof import kinds_of, lead_proof, strength_key
from lib.callprep.prospect import Prospect
from lib.callprep.recommend import headline_result, recommend
from lib.callprep.terms import tokens
from lib.core import sharing
from lib.workbook import load_sample_if_empty
from tests.builders import benefit, library, outcome, uc
from tests.callprep_data import SAMPLE_DAY, TODAY

# Words no two generated metrics share, so notes naming one metric name no other.
NOUNS = (
    "pallet", "invoice", "tender", "manifest", "customs", "crate", "ledger", "voucher",
    "rebate", "warranty", "gasket", "turbine", "ticket", "badge", "locker", "permit",
)  # fmt: skip
MEASURES = ("errors", "rework", "exceptions", "write-ups")


def _generated(engine: Engine, seed: int) -> tuple[Candidates, dict[str, dict]]:  # type: ignore[type-arg]
    """A library of 4 use cases with 2-4 public outcomes each; returns, per use case, its
    outcomes (as built) by id."""
    rng = random.Random(seed)
    nouns = list(NOUNS)
    rng.shuffle(nouns)
    cases, outcomes, by_case = [], [], {}
    for n in range(4):
        uid = f"UC-G{n}"
        cases.append(uc(uid, f"Generated flow {n}", industries=["Logistics"], benefits=[]))
        by_case[uid] = {}
        for k in range(rng.randint(2, 4)):
            before = rng.randint(50, 500)
            o = outcome(
                f"OUT-G{n}{k}",
                uid,
                customer=f"Customer {seed}-{n}-{k}",
                industry="Logistics",
                metric=f"{nouns.pop()} {rng.choice(MEASURES)}",
                before=float(before),
                after=float(rng.randint(1, before - 1)),
                unit="per month",
                date=TODAY - dt.timedelta(days=rng.randint(1, 300)),
            )
            outcomes.append(o)
            by_case[uid][o["id"]] = o
    library(engine, use_cases=cases, outcomes=outcomes)
    return load_candidates(engine), by_case


def _weakest(outcomes: dict[str, dict]) -> str:  # type: ignore[type-arg]
    """The outcome every strength rule puts last: the oldest, then the smallest change."""
    return max(outcomes.values(), key=lambda o: (-o["date"].toordinal(), o["after"] / o["before"]))[
        "id"
    ]


def _page_headline(candidates: Candidates, prospect: Prospect, use_case_id: str) -> str:
    """The proof the page's reasons quote for one use case (a pick or a runner-up)."""
    rec = recommend(candidates, prospect, top=len(candidates.items), today=TODAY)
    pick = next(p for p in rec.ranked if p.id == use_case_id)
    return next(r for r in pick.reasons if "shareable outcome" in r)


@pytest.mark.parametrize("seed", range(5))
def test_the_outcome_the_notes_name_leads_even_when_weakest(engine: Engine, seed: int) -> None:
    candidates, by_case = _generated(engine, seed)
    for uid, outcomes in by_case.items():
        target = outcomes[_weakest(outcomes)]
        prospect = Prospect(company="Acme", industry="Logistics", pains=f"our {target['metric']}")
        pack = build_pack(candidates, prospect, [uid], today=TODAY)
        assert pack.sections[0].proof is not None
        assert pack.sections[0].proof.id == target["id"], (seed, uid)
        c = candidates.get(uid)
        assert c is not None
        shown = sharing.shareable(list(c.outcomes), TODAY)
        lead = next(o for o in shown if o.id == target["id"])
        assert headline_result(lead) in _page_headline(candidates, prospect, uid)


@pytest.mark.parametrize("seed", range(5))
def test_without_notes_or_people_the_strongest_leads(engine: Engine, seed: int) -> None:
    candidates, by_case = _generated(engine, seed)
    prospect = Prospect(company="Acme", industry="Logistics")
    for uid in by_case:
        c = candidates.get(uid)
        assert c is not None
        shown = sharing.shareable(list(c.outcomes), TODAY)
        strongest = min(shown, key=lambda o: strength_key(o, "Logistics", ""))
        assert strongest.id != _weakest(by_case[uid]) or len(shown) == 1
        pack = build_pack(candidates, prospect, [uid], today=TODAY)
        assert pack.sections[0].proof is not None and pack.sections[0].proof.id == strongest.id
        assert headline_result(strongest) in _page_headline(candidates, prospect, uid)


def test_the_proof_for_a_persona_attending_leads_over_a_stronger_one(engine: Engine) -> None:
    library(
        engine,
        use_cases=[
            uc(
                "UC-P",
                "Pay suppliers on time",
                benefits=[
                    benefit(
                        "B-P-1", metric="Duplicate payments", persona_id="CFO", category="cost"
                    ),
                    benefit(
                        "B-P-2",
                        metric="Supplier portal logins",
                        persona_id="CIO",
                        category="experience",
                    ),
                ],
            )
        ],
        outcomes=[
            outcome(
                "OUT-STRONG",
                "UC-P",
                metric="supplier portal logins",
                before=100.0,
                after=2.0,
                date=TODAY,
            ),
            outcome(
                "OUT-CFO",
                "UC-P",
                metric="duplicate payments",
                before=100.0,
                after=80.0,
                date=TODAY - dt.timedelta(days=200),
            ),
        ],
    )
    candidates = load_candidates(engine)
    for attending, lead in ((("CFO",), "OUT-CFO"), (("CIO",), "OUT-STRONG"), ((), "OUT-STRONG")):
        pack = build_pack(candidates, Prospect(personas=attending), ["UC-P"], today=TODAY)
        assert pack.sections[0].proof is not None
        assert pack.sections[0].proof.id == lead, attending


@pytest.mark.parametrize(
    ("notes", "kinds"),
    [
        ("records lookup takes ages", {"time"}),
        ("audit findings and privacy", {"risk"}),
        ("overtime costs", {"cost"}),
        ("too many complaints", {"experience"}),
        ("records lookup", set()),
    ],
)
def test_the_kind_of_result_the_notes_talk_about(notes: str, kinds: set[str]) -> None:
    assert kinds_of(tokens(notes)) == kinds


def test_a_hospital_asking_about_records_lookup_time_hears_of_chart_review_time(
    engine: Engine,
) -> None:
    """UC-HC-001 leads with Alderbrook's -46% chart review time, not the -94% record accesses
    found in audit (a privacy result), unless the notes are about audits."""
    assert load_sample_if_empty(engine)
    candidates = load_candidates(engine)
    hospital = Prospect(company="Acme Health", industry="Healthcare", company_size="Mid-market",
                        personas=("CIO", "COO"), pains="records lookup time")  # fmt: skip
    pack = build_pack(candidates, hospital, ["UC-HC-001"], today=SAMPLE_DAY)
    assert "chart review time" in pack.sections[0].proof_line
    rec = recommend(candidates, hospital, today=SAMPLE_DAY)
    reasons = next(p.reasons for p in rec.ranked if p.id == "UC-HC-001")
    assert any("-46% chart review time" in r for r in reasons), reasons
    audit = Prospect(industry="Healthcare", pains="audit findings on record access")
    pack = build_pack(candidates, audit, ["UC-HC-001"], today=SAMPLE_DAY)
    assert "record accesses found in audit" in pack.sections[0].proof_line


def test_lead_proof_of_nothing_is_nothing(engine: Engine) -> None:
    library(engine, use_cases=[uc("UC-N", "Nothing to show")])
    c = load_candidates(engine).get("UC-N")
    assert c is not None and lead_proof(c, [], notes=("time",)) is None
