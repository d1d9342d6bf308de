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
    NominationError,
    WinDraft,
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
