"""Versions on the pages: Library and Manage list them and compare any two in words (as data,
never Markdown); Manage restores one as a new save; a rep's Library offers no restore."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine
from streamlit.testing.v1 import AppTest

from lib.core import access
from lib.library.editing import load_draft, update_use_case
from tests.apptest import APP, open_app, plain
from tests.builders import library, uc
from tests.signin_support import auth_secrets, discovery_server

HOSTILE = "**Pay** [now](https://evil.example) :red[fast]"


def _save(engine: Engine, who: str, **changes: object) -> None:
    draft, version = load_draft(engine, "UC-1")  # type: ignore[misc]
    for name, value in changes.items():
        setattr(draft, name, value)
    update_use_case(engine, draft, version=version, who=who)


@pytest.fixture
def edited(engine: Engine) -> Engine:
    library(engine, use_cases=[uc("UC-1", "Pay an invoice", main_steps=["Open", "Pay"])])
    _save(engine, "Ana")
    _save(engine, "Bo", title=HOSTILE, main_steps=["Open", "Schedule"])
    return engine


def _table(at: AppTest, column: str) -> list[dict[str, object]]:
    frame = next(d.value for d in at.dataframe if column in d.value.columns)
    return frame.to_dict("records")


def test_library_lists_versions_and_compares_two_as_plain_text(edited: Engine) -> None:
    at = open_app("library", uc="UC-1")
    assert not at.exception
    rows = _table(at, "Version")
    assert [(r["Version"], r["Who"], r["Action"]) for r in rows] == [
        (2, "Bo", "update"),
        (1, "Ana", "update"),
    ]
    changed = [r["What changed"] for r in _table(at, "What changed")]
    assert f"Title: Pay an invoice → {HOSTILE}" in changed
    assert "Step 2: Pay → Schedule" in changed
    assert not any(HOSTILE in str(m.value) for m in at.markdown), "differences are data"
    at.selectbox(key="library:UC-1:newer").select(1).run()
    assert [r["What changed"] for r in _table(at, "What changed")] == [
        "Versions 1 and 1 hold the same content"
    ]
    assert not any(b.label == "Restore this version" for b in at.button)


def test_manage_restores_an_older_version_as_a_new_save(edited: Engine) -> None:
    at = open_app("manage", uc="UC-1")
    assert not at.exception
    at.session_state["user_name"] = "Cy"
    at.selectbox(key="edit:UC-1:3:restore_number").select(1).run()
    at.button(key="edit:UC-1:3:restore_version").click().run()
    assert not at.exception and not at.error
    assert any("Restored version 1 of UC-1 as version 4" in plain(s.value) for s in at.success)
    draft, version = load_draft(edited, "UC-1")  # type: ignore[misc]
    assert (draft.title, draft.main_steps, version) == ("Pay an invoice", ["Open", "Pay"], 4)
    rows = _table(at, "Version")
    assert (rows[0]["Version"], rows[0]["Who"]) == (3, "Cy")
    assert at.text_input(key="edit:UC-1:4:title").value == "Pay an invoice"


def test_a_stale_restore_is_refused(edited: Engine) -> None:
    at = open_app("manage", uc="UC-1")
    _save(edited, "Bo", title="Someone else's title")
    at.selectbox(key="edit:UC-1:3:restore_number").select(1).run()
    at.button(key="edit:UC-1:3:restore_version").click().run()
    assert not at.exception
    assert any("changed by someone else" in e.value for e in at.error)
    assert load_draft(edited, "UC-1")[0].title == "Someone else's title"  # type: ignore[index]


@pytest.fixture
def provider() -> Iterator[str]:
    with discovery_server() as url:
        yield url


def test_a_rep_reads_versions_in_library_but_cannot_restore(edited: Engine, provider: str) -> None:
    access.grant(edited, None, "ana@acme.com", "admin")
    access.grant(edited, access.local_actor(), "rey@acme.com", "rep")
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.secrets["auth"] = auth_secrets(provider)
    at.user = {"is_logged_in": True, "email": "rey@acme.com", "name": "Rey"}
    at.query_params["uc"] = "UC-1"
    at.run()
    at.switch_page("app_pages/library.py").run()
    assert not at.exception
    assert [r["Version"] for r in _table(at, "Version")] == [2, 1]
    assert not any("restore" in str(b.key or "") for b in at.button)
