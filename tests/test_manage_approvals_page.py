"""Manage in team mode: a save that approves waits for a second person, the queue shows what
changes and who asked, the asker is refused, another marketer approves or declines with a note.
Local mode keeps approving directly and has no queue."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session
from streamlit.testing.v1 import AppTest

from lib.core import access, approvals
from lib.core.models import ApprovalRequest, Outcome, UseCase
from tests.apptest import APP, open_app, plain
from tests.builders import library, outcome, uc
from tests.signin_support import auth_secrets, discovery_server

QUEUE = "Waiting for approval"


@pytest.fixture
def provider() -> Iterator[str]:
    with discovery_server() as url:
        yield url


@pytest.fixture
def team(engine: Engine) -> Engine:
    library(
        engine,
        use_cases=[uc("UC-1", "Pay an invoice", status="draft")],
        outcomes=[outcome("O-1", "UC-1", customer="Lakeshore", permission="internal")],
    )
    access.grant(engine, None, "ana@acme.com", "admin")
    for email in ("mo@acme.com", "kai@acme.com"):
        access.grant(engine, access.local_actor(), email, "marketing")
    return engine


def _signed_in(provider: str, email: str, **query: str) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.secrets["auth"] = auth_secrets(provider)
    at.user = {"is_logged_in": True, "email": email, "name": email.split("@")[0]}
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    at.switch_page("app_pages/manage.py").run()
    assert not at.exception
    return at


def _status(engine: Engine) -> str:
    with Session(engine) as s:
        return s.get(UseCase, "UC-1").status  # type: ignore[union-attr]


def _shown(at: AppTest) -> str:
    return " ".join(plain(str(e.value)) for e in [*at.markdown, *at.caption, *at.success])


def test_a_save_that_approves_waits_and_the_asker_cannot_approve_it(
    team: Engine, provider: str
) -> None:
    at = _signed_in(provider, "mo@acme.com", uc="UC-1")
    at.selectbox(key="edit:UC-1:1:status").select("approved")
    at.text_input(key="edit:UC-1:1:title").set_value("Pay a supplier invoice")
    at.button(key="edit:UC-1:1:save").click().run()
    assert not at.exception and not at.error
    assert "waits for a second person's approval" in plain(at.success[0].value)
    assert _status(team) == "draft"
    assert [t.label for t in at.tabs][-1] == f"{QUEUE} (1)"
    assert "Use case UC-1 · Pay a supplier invoice" in _shown(at)
    assert "status draft → approved · asked by mo@acme.com" in _shown(at)
    [request] = approvals.pending(team)
    at.button(key=f"approve:{request.id}").click().run()
    assert not at.exception
    assert any("a second person must approve it" in plain(e.value) for e in at.error)
    assert _status(team) == "draft"


def test_a_second_marketer_approves_and_another_declines_with_a_note(
    team: Engine, provider: str
) -> None:
    with Session(team) as s, s.begin():
        approvals.hold(s, "use_case", "UC-1", "approved", who="mo@acme.com")
        approvals.hold(s, "outcome", "O-1", "public", who="mo@acme.com")
    use_case, shared = approvals.pending(team)
    at = _signed_in(provider, "kai@acme.com")
    assert "Outcome O-1 · Lakeshore, for UC-1" in _shown(at)
    assert "permission internal → public" in _shown(at)
    at.button(key=f"approve:{use_case.id}").click().run()
    assert not at.exception and not at.error
    assert _status(team) == "approved"
    assert "approved making it approved (asked by mo@acme.com)" in _shown(at)
    at.text_input(key=f"approval_note:{shared.id}").set_value("no signed release yet")
    at.button(key=f"decline:{shared.id}").click().run()
    assert not at.exception and not at.error
    with Session(team) as s:
        assert s.get(Outcome, "O-1").permission == "internal"  # type: ignore[union-attr]
        declined = s.get(ApprovalRequest, shared.id)
        assert declined is not None
        assert (declined.decision, declined.note) == ("declined", "no signed release yet")
    assert "Nothing is waiting for approval." in [i.value for i in at.info]


def test_local_mode_approves_directly_and_has_no_queue(engine: Engine) -> None:
    library(engine, use_cases=[uc("UC-1", "Pay an invoice", status="draft")])
    at = open_app("manage", uc="UC-1")
    assert [t.label for t in at.tabs][:3] == ["Edit a use case", "Import", "Export"]
    assert not any(QUEUE in t.label for t in at.tabs)
    at.selectbox(key="edit:UC-1:1:status").select("approved")
    at.button(key="edit:UC-1:1:save").click().run()
    assert not at.exception and not at.error
    assert _status(engine) == "approved"
    assert approvals.pending(engine) == []


def test_the_import_preview_says_which_changes_wait_and_the_import_holds_them(
    team: Engine, provider: str
) -> None:
    csv = b'id,title,status,main_steps,extensions\nUC-1,Pay it now,approved,"1. Open it",\n'
    at = _signed_in(provider, "mo@acme.com")
    at.file_uploader(key="upload").upload("use_cases.csv", csv, "text/csv").run()
    assert not at.exception
    assert any("wait for a second person's approval" in plain(i.value) for i in at.info)
    held = next(d.value for d in at.dataframe if "Asks for" in d.value.columns)
    assert held.to_dict("records") == [
        {
            "Sheet": "Use cases",
            "ID": "UC-1",
            "Title": "Pay it now",
            "Asks for": "approved",
            "Until approved": "draft",
        }
    ]
    at.button(key="do_import").click().run()
    assert not at.exception
    assert "Waiting for a second person's approval: 1 change(s)" in plain(at.success[0].value)
    assert _status(team) == "draft"
    with Session(team) as s:
        assert s.get(UseCase, "UC-1").title == "Pay it now"  # type: ignore[union-attr]
    assert [(p.entity_id, p.value) for p in approvals.pending(team)] == [("UC-1", "approved")]
