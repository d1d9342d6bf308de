"""What was used on which deal, and how it landed: the usage log with the rep and the deal, a
rep's recent preps, and the feedback given after the call."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from lib.callprep.candidates import load_candidates
from lib.callprep.packs import build_pack, export
from lib.callprep.prospect import Prospect
from lib.commands import main
from lib.core.access import NotAllowed, local_actor
from lib.core.models import PrepFeedback
from lib.core.usage import (
    UsageError,
    clean_deal_id,
    recent_preps,
    record_feedback,
    record_generation,
    usage_events,
)
from tests.builders import library, outcome, uc
from tests.callprep_data import rep_library

MORNING = dt.datetime(2026, 11, 30, 9, 0)


def _prep(engine: Engine, who: str, at: dt.datetime, fmt: str = "pdf", **fields: object) -> None:
    values: dict[str, object] = {"prospect": "Acme", "use_case_ids": ["UC-1"], "deal_id": ""}
    values.update(fields)
    record_generation(engine, kind="pack", format=fmt, who=who, at=at, **values)  # type: ignore[arg-type]


def _actor(name: str, role: str = "rep"):  # type: ignore[no-untyped-def]
    from lib.core.access import Actor

    return Actor(name=name, email=name, role=role, signed_in=True)


def test_a_pack_is_logged_with_the_rep_the_deal_the_use_cases_and_the_outcomes(
    engine: Engine,
) -> None:
    library(
        engine,
        use_cases=[uc("UC-1", industries=["Healthcare"])],
        outcomes=[
            outcome("O-1", "UC-1", permission="public"),
            outcome("O-2", "UC-1", permission="internal"),
        ],
    )
    pack = build_pack(
        load_candidates(engine), Prospect(company="Acme", industry="Healthcare"), ["UC-1"]
    )
    export(engine, pack, "md", who="rey@acme.com", deal_id=" 006Dn00000XYZ ")
    [event] = usage_events(engine)
    assert (event.who, event.deal_id, event.use_case_ids) == (
        "rey@acme.com",
        "006Dn00000XYZ",
        ["UC-1"],
    )
    assert event.outcome_ids == ["O-1"]  # the internal outcome never went out


def test_the_pack_command_records_the_deal(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rep_library(engine)
    monkeypatch.setenv("CASEBOOK_USER", "rey@acme.com")
    code = main(["pack", "--use-case", "UC-REC", "--prospect", "Acme", "--format", "md",
                 "--deal", "006XYZ", "-o", str(tmp_path / "p.md")])  # fmt: skip
    assert code == 0
    assert [(e.who, e.deal_id) for e in usage_events(engine)] == [("rey@acme.com", "006XYZ")]


@pytest.mark.parametrize("bad", ["x" * 121])
def test_a_deal_id_longer_than_a_crm_id_is_refused(bad: str) -> None:
    with pytest.raises(UsageError, match="at most 120"):
        clean_deal_id(bad)


def test_control_characters_leave_a_deal_id() -> None:
    assert clean_deal_id("006\x00XYZ\x1b ") == "006XYZ"


def test_recent_preps_are_the_reps_own_newest_first_with_copies_as_one(engine: Engine) -> None:
    _prep(engine, "rey", MORNING, "pdf", deal_id="D-1", prospect="Acme")
    _prep(engine, "rey", MORNING + dt.timedelta(minutes=2), "docx", deal_id="D-1", prospect="Acme")
    later = MORNING + dt.timedelta(hours=3)
    _prep(
        engine, "rey", later, "pdf", deal_id="D-2", prospect="Bolt", use_case_ids=["UC-2", "UC-1"]
    )
    _prep(engine, "sam", MORNING + dt.timedelta(hours=4), "pdf", deal_id="D-3", prospect="Core")
    preps = recent_preps(engine, "rey")
    assert [(p.prospect, p.deal_id, p.use_case_ids) for p in preps] == [
        ("Bolt", "D-2", ("UC-2", "UC-1")),
        ("Acme", "D-1", ("UC-1",)),
    ]
    assert preps[1].formats == ("pdf", "docx") and len(preps[1].event_ids) == 2
    assert preps[1].at == MORNING + dt.timedelta(minutes=2)
    assert recent_preps(engine, "") == []


def test_recent_preps_stop_at_the_limit(engine: Engine) -> None:
    for n in range(5):
        _prep(engine, "rey", MORNING + dt.timedelta(days=n), prospect=f"P{n}")
    assert [p.prospect for p in recent_preps(engine, "rey", limit=3)] == ["P4", "P3", "P2"]


def test_feedback_is_stored_with_who_and_when_and_the_newest_counts(engine: Engine) -> None:
    _prep(engine, "rey", MORNING, deal_id="D-1")
    [prep] = recent_preps(engine, "rey")
    record_feedback(
        engine, prep.event_id, who="rey", landed="not used", at=MORNING + dt.timedelta(hours=1)
    )
    record_feedback(
        engine,
        prep.event_id,
        who="rey",
        landed="Used",
        reference_asked=True,
        objection="  Worried about the EHR integration\x07 ",
        at=MORNING + dt.timedelta(hours=2),
    )  # fmt: skip
    [prep] = recent_preps(engine, "rey")
    assert prep.feedback is not None
    assert (prep.feedback.landed, prep.feedback.reference_asked, prep.feedback.objection) == (
        "used", True, "Worried about the EHR integration",
    )  # fmt: skip
    assert (prep.feedback.who, prep.feedback.at) == ("rey", MORNING + dt.timedelta(hours=2))
    with Session(engine) as s:
        assert len(s.scalars(select(PrepFeedback)).all()) == 2  # the first word stays as history


def test_feedback_on_any_copy_of_a_prep_shows_on_the_prep(engine: Engine) -> None:
    _prep(engine, "rey", MORNING, "pdf")
    _prep(engine, "rey", MORNING + dt.timedelta(minutes=1), "docx")
    first_copy = min(recent_preps(engine, "rey")[0].event_ids)
    record_feedback(engine, first_copy, who="rey", landed="used")
    assert recent_preps(engine, "rey")[0].feedback.landed == "used"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"landed": "maybe"}, "one of used, not used, not 'maybe'"),
        ({"objection": "x" * 2001}, "keep it under 2000"),
        ({"who": "sam"}, "made by rey; only they can say"),
    ],
)
def test_bad_feedback_is_refused_with_a_reason_and_nothing_is_written(
    engine: Engine, kwargs: dict[str, object], message: str
) -> None:
    _prep(engine, "rey", MORNING)
    [prep] = recent_preps(engine, "rey")
    arguments: dict[str, object] = {"who": "rey", **kwargs}
    with pytest.raises(UsageError, match=message):
        record_feedback(engine, prep.event_id, **arguments)  # type: ignore[arg-type]
    assert recent_preps(engine, "rey")[0].feedback is None


def test_feedback_on_a_prep_that_does_not_exist_is_refused(engine: Engine) -> None:
    with pytest.raises(UsageError, match="no prep 999"):
        record_feedback(engine, 999, who="rey", landed="used")


def test_feedback_needs_a_role_that_prepares_calls(engine: Engine) -> None:
    _prep(engine, "nobody@acme.com", MORNING)
    [prep] = recent_preps(engine, "nobody@acme.com")
    with pytest.raises(NotAllowed):
        record_feedback(engine, prep.event_id, who=_actor("nobody@acme.com", "none"), landed="used")
    record_feedback(engine, prep.event_id, who=local_actor("nobody@acme.com"), landed="used")
    assert recent_preps(engine, "nobody@acme.com")[0].feedback is not None
