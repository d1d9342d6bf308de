from __future__ import annotations

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from lib.core import db
from lib.core.models import Benefit, Question, UseCase
from lib.library.editing import (
    STALE_MESSAGE,
    EditError,
    StaleEditError,
    UseCaseDraft,
    create_use_case,
    history,
    load_draft,
    restore_use_case,
    retire_use_case,
    update_use_case,
)
from tests.builders import benefit, library, question, uc


def _seed(engine: Engine) -> None:
    library(
        engine,
        use_cases=[uc("UC-1", "Pay an invoice", benefits=[benefit("B-1")], industries=["Finance"])],
        questions=[question("Q-1", "How do you pay?", use_case_id="UC-1")],
        personas=[{"id": "CFO"}],
        segments=[{"id": "SMB", "kind": "company_size"}],
    )


def _row(engine: Engine, uc_id: str = "UC-1") -> UseCase:
    with Session(engine) as s:
        return s.get(UseCase, uc_id)  # type: ignore[return-value]


def test_a_valid_save_bumps_the_version_and_records_who(engine: Engine) -> None:
    _seed(engine)
    draft, version = load_draft(engine, "UC-1")  # type: ignore[misc]
    rev = db.revision(engine)
    draft.title = "Pay a supplier invoice"
    draft.main_steps = [*draft.main_steps, "The system files the receipt"]
    draft.company_sizes = ["SMB"]
    draft.benefits.append(
        {"statement": "Fewer late fees", "improvement": "-20", "persona_id": "CFO"}
    )
    draft.questions = []
    new_version = update_use_case(engine, draft, version=version, who="Ana")
    assert new_version == version + 1
    row = _row(engine)
    assert row.title == "Pay a supplier invoice" and row.version == new_version
    assert row.updated_by == "Ana"
    assert db.revision(engine) == rev + 1
    with Session(engine) as s:
        benefits = {
            b.id: b for b in s.scalars(select(Benefit).where(Benefit.use_case_id == "UC-1"))
        }
        assert set(benefits) == {"B-1", "UC-1-B1"}
        assert benefits["UC-1-B1"].improvement == -20.0
        assert s.scalars(select(Question).where(Question.use_case_id == "UC-1")).all() == []
    changes = history(engine, "UC-1")
    assert changes[0].who == "Ana" and changes[0].action == "update"
    assert "title" in changes[0].summary and "benefits" in changes[0].summary
    assert "questions" in changes[0].summary and "goal" not in changes[0].summary


def test_a_stale_edit_is_refused_and_writes_nothing(engine: Engine) -> None:
    _seed(engine)
    first, version = load_draft(engine, "UC-1")  # type: ignore[misc]
    second, _ = load_draft(engine, "UC-1")  # type: ignore[misc]
    first.title = "First editor's title"
    update_use_case(engine, first, version=version, who="Ana")
    rev = db.revision(engine)
    second.title = "Second editor's title"
    second.benefits = []
    with pytest.raises(StaleEditError, match=STALE_MESSAGE):
        update_use_case(engine, second, version=version, who="Ben")
    row = _row(engine)
    assert row.title == "First editor's title"
    assert db.revision(engine) == rev
    assert [c.who for c in history(engine, "UC-1")] == ["Ana"]
    with Session(engine) as s:
        assert s.get(Benefit, "B-1") is not None


def test_invalid_drafts_name_every_problem_and_write_nothing(engine: Engine) -> None:
    _seed(engine)
    draft, version = load_draft(engine, "UC-1")  # type: ignore[misc]
    draft.title = "  "
    draft.status = "published"
    draft.extensions = [
        {"step": "9a", "kind": "alternate", "condition": "Too far", "steps": ["x"]},
        {"step": "two", "kind": "oops", "condition": "", "steps": []},
    ]
    draft.industries = ["Atlantis"]
    with pytest.raises(EditError) as err:
        update_use_case(engine, draft, version=version, who="Ana")
    text = " | ".join(err.value.problems)
    for expected in (
        "title is required",
        "status 'published'",
        "no main step 9",
        "step must look like '3a'",
        "kind 'oops'",
        "condition is required",
        "industry 'Atlantis'",
    ):
        assert expected in text
    assert _row(engine).version == version
    assert history(engine, "UC-1") == []


def test_create_retire_restore(engine: Engine) -> None:
    _seed(engine)
    draft = UseCaseDraft(
        id="UC-NEW",
        title="Approve a refund",
        primary_actor="Agent",
        main_steps=["Open the case", "Approve"],
        extensions=[
            {"step": "2a", "kind": "exception", "condition": "Over limit", "steps": ["Escalate"]}
        ],
        status="approved",
    )
    version = create_use_case(engine, draft, who="Ana")
    assert version == 1 and _row(engine, "UC-NEW").extensions[0]["step"] == "2a"
    with pytest.raises(EditError, match="already exists"):
        create_use_case(engine, draft, who="Ana")
    version = retire_use_case(engine, "UC-NEW", version=version, who="Ben")
    assert _row(engine, "UC-NEW").status == "retired"
    with pytest.raises(StaleEditError):
        restore_use_case(engine, "UC-NEW", version=version - 1, who="Cy")
    restore_use_case(engine, "UC-NEW", version=version, who="Cy")
    assert _row(engine, "UC-NEW").status == "draft"
    assert [(c.action, c.who) for c in history(engine, "UC-NEW")] == [
        ("restore", "Cy"),
        ("retire", "Ben"),
        ("create", "Ana"),
    ]


def test_a_benefit_id_of_another_use_case_is_refused(engine: Engine) -> None:
    _seed(engine)
    library(engine, use_cases=[uc("UC-2", benefits=[benefit("B-2")])])
    draft, version = load_draft(engine, "UC-1")  # type: ignore[misc]
    draft.benefits.append({"id": "B-2", "statement": "Stolen"})
    with pytest.raises(EditError, match="belongs to UC-2"):
        update_use_case(engine, draft, version=version, who="Ana")


def test_text_longer_than_its_column_is_refused_by_name(engine: Engine) -> None:
    _seed(engine)
    draft, version = load_draft(engine, "UC-1")  # type: ignore[misc]
    draft.title = "Pay " * 80  # 320 characters
    draft.owner = "São Paulo desk — €"  # Unicode within the limit is fine
    draft.benefits = [{"statement": "Faster", "unit": "x" * 51}]
    rev = db.revision(engine)
    with pytest.raises(EditError) as err:
        update_use_case(engine, draft, version=version, who="Ana")
    assert "title is 319 characters long; at most 300 fit" in err.value.problems
    assert "benefit 1: unit is 51 characters long; at most 50 fit" in err.value.problems
    assert len(err.value.problems) == 2
    assert _row(engine).title == "Pay an invoice" and db.revision(engine) == rev


def test_a_question_added_without_a_stage_asks_for_one(engine: Engine) -> None:
    _seed(engine)
    draft, version = load_draft(engine, "UC-1")  # type: ignore[misc]
    draft.questions = [*draft.questions, {"text": "Who approves payments?", "stage": None}]
    with pytest.raises(EditError) as err:
        update_use_case(engine, draft, version=version, who="Ana")
    assert err.value.problems == [
        "question 2: pick its stage (situation, problem, implication, need-payoff)"
    ]


def test_two_people_creating_the_same_id_at_once_get_a_message_not_a_crash(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    _seed(engine)
    real_get = Session.get

    def get_missing_the_other_save(self, entity, ident, **kw):  # type: ignore[no-untyped-def]
        # The other person's use case is committed just after our existence check.
        return None if entity is UseCase else real_get(self, entity, ident, **kw)

    monkeypatch.setattr(Session, "get", get_missing_the_other_save)
    rev = db.revision(engine)
    with pytest.raises(EditError) as err:
        create_use_case(engine, UseCaseDraft(id="UC-1", title="Mine"), who="Ben")
    assert err.value.problems == ["UC-1 already exists — pick another id"]
    monkeypatch.undo()
    assert _row(engine).title == "Pay an invoice" and db.revision(engine) == rev
