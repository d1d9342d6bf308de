"""Approval by a second person: the asker cannot approve; the change happens on approval."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from lib.core import approvals, db, versions
from lib.core.access import Actor, NotAllowed, local_actor
from lib.core.models import ChangeRecord, Outcome, UseCase
from tests.builders import library, outcome, uc

MO = Actor(name="Mo", email="mo@acme.com", role="marketing", signed_in=True)
KAI = Actor(name="Kai", email="kai@acme.com", role="marketing", signed_in=True)
REY = Actor(name="Rey", email="rey@acme.com", role="rep", signed_in=True)


def _ask(engine: Engine, entity: str, entity_id: str, value: str, who: str) -> int:
    with db.unit_of_work(engine) as session:
        approvals.hold(session, entity, entity_id, value, who=who)
    return approvals.pending(engine)[-1].id


def _status(engine: Engine, uc_id: str) -> str:
    with Session(engine) as s:
        return s.get(UseCase, uc_id).status  # type: ignore[union-attr]


@pytest.fixture
def drafts(engine: Engine) -> Engine:
    library(
        engine,
        use_cases=[uc("UC-1", status="draft")],
        outcomes=[outcome("O-1", "UC-1", permission="internal")],
    )
    return engine


def test_the_asker_cannot_approve_their_own_change(drafts: Engine) -> None:
    request = _ask(drafts, "use_case", "UC-1", "approved", MO.who)
    with pytest.raises(approvals.ApprovalError, match="second person"):
        approvals.decide(drafts, request, MO, approve=True)
    assert _status(drafts, "UC-1") == "draft"
    assert [p.id for p in approvals.pending(drafts)] == [request]


def test_a_rep_cannot_approve(drafts: Engine) -> None:
    request = _ask(drafts, "use_case", "UC-1", "approved", MO.who)
    with pytest.raises(NotAllowed):
        approvals.decide(drafts, request, REY, approve=True)
    assert _status(drafts, "UC-1") == "draft"


def test_a_second_marketer_approves_and_history_says_who_asked_and_who_approved(
    drafts: Engine,
) -> None:
    revision = db.revision(drafts)
    request = _ask(drafts, "use_case", "UC-1", "approved", MO.who)
    approvals.decide(drafts, request, KAI, approve=True)
    assert _status(drafts, "UC-1") == "approved"
    assert approvals.pending(drafts) == []
    assert db.revision(drafts) == revision + 1
    with Session(drafts) as s:
        actions = [
            (r.who, r.action)
            for r in s.scalars(select(ChangeRecord).where(ChangeRecord.entity_id == "UC-1"))
        ]
    assert ("mo@acme.com", "ask approval") in actions and ("kai@acme.com", "approve") in actions
    assert versions.versions(drafts, "UC-1")[0].who == "kai@acme.com"


def test_sharing_an_outcome_waits_for_approval_and_a_decline_changes_nothing(
    drafts: Engine,
) -> None:
    request = _ask(drafts, "outcome", "O-1", "public", MO.who)
    approvals.decide(drafts, request, KAI, approve=False, note="no signed form yet")
    with Session(drafts) as s:
        assert s.get(Outcome, "O-1").permission == "internal"  # type: ignore[union-attr]
    request = _ask(drafts, "outcome", "O-1", "public", MO.who)
    approvals.decide(drafts, request, KAI, approve=True)
    with Session(drafts) as s:
        assert s.get(Outcome, "O-1").permission == "public"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("entity", "old", "new", "held"),
    [
        ("use_case", "draft", "approved", True),
        ("use_case", "approved", "approved", False),
        ("use_case", "approved", "retired", False),
        ("outcome", "internal", "public", True),
        ("outcome", None, "anonymized", True),
        ("outcome", "public", "anonymized", False),
        ("outcome", "public", "internal", False),
    ],
)
def test_which_changes_wait(entity: str, old: str | None, new: str, held: bool) -> None:
    assert approvals.is_held(entity, old, new) is held


def test_the_setting_turns_it_off_for_a_one_marketer_team(drafts: Engine) -> None:
    assert approvals.second_person_required(drafts, team_mode=True)
    assert not approvals.second_person_required(drafts, team_mode=False)
    approvals.set_second_person_required(drafts, local_actor(), False)
    assert not approvals.second_person_required(drafts, team_mode=True)
    with pytest.raises(NotAllowed):
        approvals.set_second_person_required(drafts, MO, True)
