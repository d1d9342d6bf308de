"""The pack keeps what a pick was chosen for, whoever it is tagged for, and opens with what
the prospect said."""

from __future__ import annotations

from sqlalchemy import Engine

from lib.callprep.candidates import Candidates
from lib.callprep.packs import build_pack, render
from lib.callprep.packs.model import heard, key_steps
from lib.callprep.prospect import Prospect
from tests.callprep_data import SAMPLE_DAY, TODAY, rep_library
from tests.pack_text import docx_text, flat, pdf_text

HOSPITAL = Prospect(
    company="Mercy Hospital",
    industry="Healthcare",
    company_size="Mid-market",
    personas=("CIO", "COO"),
    pains="Records lookup time is slow for nurses.\nToo many denied claims this quarter.",
)


def test_what_matched_the_notes_stays_whatever_persona_it_is_for(sample: Candidates) -> None:
    """The issue's hospital prep: UC-HC-006 was picked for 'denied claims'; its CFO benefit,
    its CFO question and the eligibility step stay although the CFO is not attending."""
    pack = build_pack(sample, HOSPITAL, ["UC-HC-001", "UC-HC-006"], today=SAMPLE_DAY)
    section = pack.sections[1]
    assert section.id == "UC-HC-006"
    assert section.benefits[0].startswith("Eligibility checked before the visit means fewer denied")
    assert "Chief Financial Officer" in section.benefits[0]
    asked = [q.text for q in section.questions]
    assert asked[0] == "How many claims are denied for eligibility or registration errors?"
    assert "checks eligibility in real time" in section.scenario()
    md = render(pack, "md").data.decode()
    assert "fewer denied claims" in md and "How many claims are denied" in md


def test_proof_is_chosen_by_fit_to_the_notes_first(engine: Engine) -> None:
    """Without notes the same-size public result leads; with notes about charting, the
    (anonymized) result about charting does."""
    rep_library(engine)
    plain = Prospect(company="A", industry="Healthcare", company_size="Mid-market")
    assert build_pack(engine, plain, ["UC-REC"], today=TODAY).outcome_ids == ["O-PUB"]
    charting = Prospect(company="A", industry="Healthcare", company_size="Mid-market",
                        pains="charting eats the evening")  # fmt: skip
    pack = build_pack(engine, charting, ["UC-REC"], today=TODAY)
    assert pack.outcome_ids == ["O-ANON"]
    assert pack.sections[0].benefits[0].startswith("Fewer charting errors")


def test_the_pack_opens_with_what_we_heard(sample: Candidates) -> None:
    pack = build_pack(sample, HOSPITAL, ["UC-HC-006"], today=SAMPLE_DAY)
    assert pack.header.heard == (
        "Records lookup time is slow for nurses.",
        "Too many denied claims this quarter.",
    )
    md = render(pack, "md").data.decode()
    assert md.index("## What we heard") < md.index("## 1.")
    assert "“Records lookup time is slow for nurses.”" in md
    word = docx_text(render(pack, "docx").data)
    assert word.index("What we heard") < word.index("Check in for an appointment")
    _pages, text = pdf_text(render(pack, "pdf").data)
    assert flat(text).index("We heard") < flat(text).index("1. Check in")


def test_what_we_heard_is_shortened_at_a_word() -> None:
    said = heard("word " * 60 + "\n- second point; third point\nfourth point")
    assert len(said) == 3 and said[0].endswith("word…") and len(said[0]) <= 140
    assert said[1:] == ("second point", "third point")
    assert heard("") == ()


def test_key_steps_keep_the_matched_steps() -> None:
    steps = [f"step {n}" for n in range(1, 8)]
    assert [n for n, _ in key_steps(steps, 3)] == [1, 2, 7]
    assert [n for n, _ in key_steps(steps, 3, keep=(4,))] == [1, 4, 7]
    assert [n for n, _ in key_steps(steps, 2, keep=(4, 5))] == [4, 5]
