"""In team mode the editor and the import ask a second person instead of approving or sharing
themselves; everything else they change is written as usual. Local mode writes directly."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from lib.core import approvals
from lib.core.access import Actor, local_actor
from lib.core.models import Outcome, UseCase
from lib.library.editing import UseCaseDraft, create_use_case, load_draft, update_use_case
from lib.workbook import apply_import, plan_import
from lib.workbook.report import held_table
from tests.builders import library, outcome, uc

MO = Actor(name="Mo", email="mo@acme.com", role="marketing", signed_in=True)
KAI = Actor(name="Kai", email="kai@acme.com", role="marketing", signed_in=True)

USE_CASES_CSV = (
    b"id,title,status,main_steps,extensions\n"
    b'UC-1,Pay a supplier invoice,approved,"1. Open the invoice\n2. Pay it",\n'
    b'UC-NEW,Send a quote,approved,"1. Draft the quote",\n'
)
OUTCOMES_HEADER = "id,customer,use_case_id,permission\n"


def _row(engine: Engine, model: type, key: str) -> UseCase | Outcome:
    with Session(engine) as s:
        found = s.get(model, key)
        assert found is not None
        s.expunge(found)
        return found


@pytest.fixture
def drafts(engine: Engine) -> Engine:
    library(
        engine,
        use_cases=[uc("UC-1", "Pay an invoice", status="draft")],
        outcomes=[
            outcome("O-1", "UC-1", permission="internal"),
            outcome("O-2", "UC-1", permission="internal"),
        ],
    )
    return engine


def _save_as_approved(engine: Engine, who: str | Actor) -> int:
    draft, version = load_draft(engine, "UC-1")  # type: ignore[misc]
    draft.status = "approved"
    draft.title = "Pay a supplier invoice"
    return update_use_case(engine, draft, version=version, who=who)


def test_an_editor_save_in_team_mode_asks_for_approval_and_saves_the_rest(drafts: Engine) -> None:
    _save_as_approved(drafts, MO)
    saved = _row(drafts, UseCase, "UC-1")
    assert (saved.status, saved.title) == ("draft", "Pay a supplier invoice")
    [request] = approvals.pending(drafts)
    assert (request.entity_id, request.value, request.requested_by) == (
        "UC-1",
        "approved",
        "mo@acme.com",
    )
    assert "draft → approved" in request.summary
    with pytest.raises(approvals.ApprovalError, match="second person"):
        approvals.decide(drafts, request.id, MO, approve=True)
    approvals.decide(drafts, request.id, KAI, approve=True)
    assert _row(drafts, UseCase, "UC-1").status == "approved"


def test_local_mode_and_a_one_marketer_team_approve_directly(drafts: Engine) -> None:
    _save_as_approved(drafts, local_actor("Ana"))
    assert _row(drafts, UseCase, "UC-1").status == "approved"
    assert approvals.pending(drafts) == []


def test_the_setting_off_lets_a_signed_in_marketer_approve_directly(drafts: Engine) -> None:
    approvals.set_second_person_required(drafts, local_actor(), False)
    _save_as_approved(drafts, MO)
    assert _row(drafts, UseCase, "UC-1").status == "approved"
    assert approvals.pending(drafts) == []


def test_a_new_use_case_created_as_approved_starts_as_a_draft_waiting(drafts: Engine) -> None:
    draft = UseCaseDraft(id="UC-2", title="Send a quote", status="approved")
    create_use_case(drafts, draft, who=MO)
    assert _row(drafts, UseCase, "UC-2").status == "draft"
    assert [(p.entity_id, p.value) for p in approvals.pending(drafts)] == [("UC-2", "approved")]


def test_an_import_in_team_mode_holds_approvals_and_writes_everything_else(
    drafts: Engine,
) -> None:
    plan = plan_import(drafts, USE_CASES_CSV, "use_cases.csv")
    assert plan.ok, plan.problems
    assert [(r["ID"], r["Asks for"], r["Until approved"]) for r in held_table(plan)] == [
        ("UC-NEW", "approved", "draft"),
        ("UC-1", "approved", "draft"),
    ]
    result = apply_import(drafts, plan, who=MO)
    assert _row(drafts, UseCase, "UC-1").title == "Pay a supplier invoice"
    assert _row(drafts, UseCase, "UC-1").status == "draft"
    assert _row(drafts, UseCase, "UC-NEW").status == "draft"
    assert sorted((p.entity_id, p.value) for p in approvals.pending(drafts)) == [
        ("UC-1", "approved"),
        ("UC-NEW", "approved"),
    ]
    summary = "\n".join(result.summary())
    assert "Waiting for a second person's approval: 2 change(s)" in summary
    assert "use case UC-1: status approved waits for approval (stays draft" in summary


def test_an_import_that_only_shares_outcomes_changes_nothing_until_approved(
    drafts: Engine,
) -> None:
    csv = (OUTCOMES_HEADER + "O-1,Customer O-1,UC-1,public\nO-2,Customer O-2,UC-1,anonymized\n")
    plan = plan_import(drafts, csv.encode(), "outcomes.csv")
    result = apply_import(drafts, plan, who=MO)
    assert result.changes["Outcomes"].changed == []
    assert [_row(drafts, Outcome, o).permission for o in ("O-1", "O-2")] == ["internal"] * 2
    requests = {p.entity_id: p for p in approvals.pending(drafts)}
    assert {k: p.value for k, p in requests.items()} == {"O-1": "public", "O-2": "anonymized"}
    approvals.decide(drafts, requests["O-2"].id, KAI, approve=True)
    assert _row(drafts, Outcome, "O-2").permission == "anonymized"
    assert _row(drafts, Outcome, "O-1").permission == "internal"


def test_an_import_in_local_mode_writes_approvals_directly(drafts: Engine) -> None:
    result = apply_import(drafts, plan_import(drafts, USE_CASES_CSV, "use_cases.csv"), who="Ana")
    assert result.held == []
    assert _row(drafts, UseCase, "UC-NEW").status == "approved"
    assert approvals.pending(drafts) == []


def test_the_command_line_in_team_mode_says_what_waits_for_approval(
    drafts: Engine,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from lib.commands import import_workbook, main
    from lib.core import access

    monkeypatch.setattr(import_workbook, "team_mode", lambda: True)
    access.grant(drafts, None, "mo@acme.com", "admin")
    path = tmp_path / "use_cases.csv"
    path.write_bytes(USE_CASES_CSV)
    assert main(["import", str(path), "--dry-run"]) == 0
    dry = capsys.readouterr().out
    assert "Waiting for a second person's approval: 2 change(s)" in dry
    assert approvals.pending(drafts) == []
    assert main(["import", str(path), "--as", "mo@acme.com"]) == 0
    assert "use case UC-NEW: status approved waits for approval" in capsys.readouterr().out
    assert _row(drafts, UseCase, "UC-NEW").status == "draft"


def test_restoring_an_approved_version_in_team_mode_waits_for_approval(drafts: Engine) -> None:
    from lib.core import versions
    from lib.library.editing import restore_version

    _save_as_approved(drafts, local_actor("Ana"))  # version 1: approved
    draft, version = load_draft(drafts, "UC-1")  # type: ignore[misc]
    draft.status, draft.title = "draft", "Pay it later"
    version = update_use_case(drafts, draft, version=version, who=MO)
    assert [v.number for v in versions.versions(drafts, "UC-1")] == [2, 1]
    restore_version(drafts, "UC-1", 1, version=version, who=MO)
    restored = _row(drafts, UseCase, "UC-1")
    assert (restored.title, restored.status) == ("Pay a supplier invoice", "draft")
    assert [(p.entity_id, p.value) for p in approvals.pending(drafts)] == [("UC-1", "approved")]
