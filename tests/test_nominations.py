"""Nominated wins: a rep's won deal becomes a draft outcome, internal, in marketing's queue."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from lib.callprep.candidates import load_candidates
from lib.callprep.packs import build_pack
from lib.callprep.packs.markdown import render
from lib.callprep.prospect import Prospect
from lib.core import db
from lib.core.access import Actor, NotAllowed
from lib.core.models import ChangeRecord, Outcome
from lib.library.nominations import (
    Completion,
    NominationError,
    WinDraft,
    complete_win,
    mark_done,
    nominate_win,
    open_nominations,
)
from tests.builders import library, outcome, uc


def _rep(role: str = "rep") -> Actor:
    return Actor(name="rey@acme.com", email="rey@acme.com", role=role, signed_in=True)


@pytest.fixture
def won(engine: Engine) -> Engine:
    return library(
        engine,
        use_cases=[uc("UC-1", "Find records fast", industries=["Healthcare"])],
        outcomes=[outcome("O-1", "UC-1", customer="Lakeshore Clinic")],
    )


def _draft(**fields: str) -> WinDraft:
    values = {
        "use_case_id": "UC-1",
        "customer": "Northwind Health",
        "what_changed": "Records lookup went from minutes to seconds",
        "numbers": "lookup 6 min -> 20 s; 3 FTE saved",
        "quote": "We stopped hunting for charts.",
        "permission_known": "not sure",
        "deal_id": "006XYZ",
        "industry": "Healthcare",
        "company_size": "Mid-market",  # not a size this library has
    }
    values.update(fields)
    return WinDraft(**values)


def test_a_nomination_creates_an_internal_draft_outcome_and_queues_it(won: Engine) -> None:
    revision = db.revision(won)
    outcome_id = nominate_win(won, _draft(), who=_rep())
    assert outcome_id == "WIN-001"
    with Session(won) as s:
        created = s.get(Outcome, outcome_id)
        assert created is not None
        assert (created.customer, created.use_case_id, created.permission) == (
            "Northwind Health", "UC-1", "internal",
        )  # fmt: skip
        assert (created.industry, created.company_size) == ("Healthcare", "")
        assert created.quote == "We stopped hunting for charts."
        assert "rey@acme.com" in created.source
        history = s.scalars(select(ChangeRecord).where(ChangeRecord.entity_id == "UC-1")).all()
        assert [(h.action, h.who) for h in history] == [("nominate win", "rey@acme.com")]
    assert db.revision(won) == revision + 1
    [queued] = open_nominations(won)
    assert (queued.outcome_id, queued.who, queued.use_case_title, queued.deal_id) == (
        "WIN-001", "rey@acme.com", "Find records fast", "006XYZ",
    )  # fmt: skip
    assert queued.numbers == "lookup 6 min -> 20 s; 3 FTE saved"
    assert nominate_win(won, _draft(customer="Bolt Care"), who="rey") == "WIN-002"
    assert [n.customer for n in open_nominations(won)] == ["Bolt Care", "Northwind Health"]


def test_a_nominated_customer_never_reaches_a_pack(won: Engine) -> None:
    nominate_win(won, _draft(customer="Vantorix Medical"), who=_rep())
    pack = build_pack(
        load_candidates(won), Prospect(company="Acme", industry="Healthcare"), ["UC-1"]
    )
    assert "Vantorix" not in render(pack)
    assert "WIN-001" not in pack.outcome_ids


@pytest.mark.parametrize(
    ("fields", "problem"),
    [
        ({"customer": "  "}, "customer: say which customer won"),
        ({"what_changed": ""}, "what changed: say in a sentence"),
        ({"permission_known": "maybe"}, "permission known: one of not sure, yes, no"),
        ({"customer": "x" * 201}, "customer: at most 200 characters"),
        ({"quote": "q" * 4001}, "quote: at most 4000 characters"),
        ({"use_case_id": "UC-404"}, "there is no use case 'UC-404'"),
    ],
)
def test_a_bad_nomination_says_what_to_fix_and_writes_nothing(
    won: Engine, fields: dict[str, str], problem: str
) -> None:
    with pytest.raises(NominationError) as refused:
        nominate_win(won, _draft(**fields), who=_rep())
    assert any(problem in p for p in refused.value.problems)
    assert open_nominations(won) == []
    with Session(won) as s:
        assert s.get(Outcome, "WIN-001") is None


def test_only_a_role_that_prepares_calls_may_nominate(won: Engine) -> None:
    with pytest.raises(NotAllowed):
        nominate_win(won, _draft(), who=_rep("none"))


def test_marketing_marks_a_nomination_done_and_it_leaves_the_queue(won: Engine) -> None:
    nominate_win(won, _draft(), who=_rep())
    [queued] = open_nominations(won)
    with pytest.raises(NotAllowed):
        mark_done(won, queued.id, who=_rep())
    mark_done(won, queued.id, who=_rep("marketing"))
    assert open_nominations(won) == []
    with Session(won) as s:  # the outcome stays, for marketing to keep completing
        assert s.get(Outcome, "WIN-001") is not None
    with pytest.raises(NominationError, match="no nominated win 99"):
        mark_done(won, 99, who="pat")


def test_nominations_are_listed_newest_first_with_when(won: Engine) -> None:
    before = dt.datetime.now() - dt.timedelta(seconds=1)
    nominate_win(won, _draft(), who=_rep())
    [queued] = open_nominations(won)
    assert queued.at >= before


def test_manage_lists_nominated_wins_with_who_and_marks_them_done(won: Engine) -> None:
    from tests.apptest import open_app, plain

    nominate_win(won, _draft(customer="Bolt **Care**"), who=_rep())
    at = open_app("manage")
    assert not at.exception
    [queue] = [e for e in at.expander if e.label.startswith("Nominated wins")]
    assert queue.label == "Nominated wins (1)"
    shown = " ".join(plain(m.value) for m in [*queue.markdown, *queue.caption])
    assert "Bolt **Care**" in shown and "· WIN-001 on UC-1 Find records fast" in shown
    assert any("Bolt \\*\\*Care\\*\\*" in m.value for m in queue.markdown)  # data, not bold
    assert "Nominated by rey@acme.com" in shown and "deal 006XYZ" in shown
    assert "Numbers: lookup 6 min -> 20 s; 3 FTE saved" in shown
    at.button(key=f"win-done-{open_nominations(won)[0].id}").click().run()
    assert not at.exception
    assert open_nominations(won) == []
    assert not [e for e in at.expander if e.label.startswith("Nominated wins")]


def test_marketing_completes_the_outcome_and_closes_the_nomination(won: Engine) -> None:
    nominate_win(won, _draft(), who=_rep())
    [queued] = open_nominations(won)
    done = Completion(
        metric="Records lookup time", before=6.0, after=0.3, unit="min", timeframe="3 months",
        permission="public", reference="yes",
    )  # fmt: skip
    with pytest.raises(NotAllowed):
        complete_win(won, queued.id, done, who=_rep())
    assert complete_win(won, queued.id, done, who="pat") == "WIN-001"  # local mode: at once
    assert open_nominations(won) == []
    with Session(won) as s:
        completed = s.get(Outcome, "WIN-001")
        assert completed is not None
        assert (completed.metric, completed.before, completed.after, completed.unit) == (
            "Records lookup time", 6.0, 0.3, "min",
        )  # fmt: skip
        assert (completed.permission, completed.reference) == ("public", "yes")
        actions = s.scalars(select(ChangeRecord.action).where(ChangeRecord.entity_id == "UC-1"))
        assert list(actions) == ["nominate win", "complete win"]
    pack = build_pack(
        load_candidates(won), Prospect(company="Acme", industry="Healthcare"), ["UC-1"]
    )
    assert "WIN-001" in pack.outcome_ids  # now public: it may go in front of prospects


@pytest.mark.parametrize(
    ("completion", "problem"),
    [
        (Completion(permission="shared"), "permission: one of public, anonymized, internal"),
        (Completion(before=float("nan")), "before: a finite number"),
        (Completion(unit="u" * 51), "unit: is 51 characters long; at most 50 fit"),
    ],
)
def test_a_bad_completion_changes_nothing(
    won: Engine, completion: Completion, problem: str
) -> None:
    nominate_win(won, _draft(), who=_rep())
    [queued] = open_nominations(won)
    with pytest.raises(NominationError) as refused:
        complete_win(won, queued.id, completion, who="pat")
    assert any(problem in p for p in refused.value.problems)
    assert len(open_nominations(won)) == 1
    with Session(won) as s:
        assert s.get(Outcome, "WIN-001").permission == "internal"  # type: ignore[union-attr]


def test_manage_completes_a_nominated_win_in_place(won: Engine) -> None:
    from tests.apptest import open_app

    nominate_win(won, _draft(), who=_rep())
    [queued] = open_nominations(won)
    at = open_app("manage")
    at.text_input(key=f"win-metric-{queued.id}").input("Records lookup time")
    at.number_input(key=f"win-before-{queued.id}").set_value(6.0)
    at.number_input(key=f"win-after-{queued.id}").set_value(0.5)
    at.text_input(key=f"win-unit-{queued.id}").input("min")
    at.selectbox(key=f"win-permission-{queued.id}").select("anonymized")
    at.text_input(key=f"win-label-{queued.id}").input("a regional health system")
    next(b for b in at.button if b.label == "Save and close").click().run()
    assert not at.exception
    assert open_nominations(won) == []
    with Session(won) as s:
        completed = s.get(Outcome, "WIN-001")
        assert completed is not None
        assert (completed.permission, completed.anonymized_label, completed.after) == (
            "anonymized", "a regional health system", 0.5,
        )  # fmt: skip


def test_in_team_mode_sharing_a_completed_win_waits_for_a_second_person(won: Engine) -> None:
    from lib.core import approvals

    nominate_win(won, _draft(), who=_rep())
    [queued] = open_nominations(won)
    marketer = _rep("marketing")
    complete_win(won, queued.id, Completion(metric="Lookup", permission="public"), who=marketer)
    with Session(won) as s:
        assert s.get(Outcome, "WIN-001").permission == "internal"  # type: ignore[union-attr]
    waiting = approvals.waiting(won, "outcome", "WIN-001")
    assert waiting is not None and waiting.value == "public"
    assert open_nominations(won) == []  # completed; the sharing is the approval queue's now
