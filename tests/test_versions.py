"""Version history: every save keeps the whole use case; any two compare in words; an old one
comes back as a new save under the same lock."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from lib.core import versions
from lib.library.editing import (
    StaleEditError,
    load_draft,
    restore_version,
    retire_use_case,
    update_use_case,
)
from tests.builders import benefit, library, outcome, question, uc


def _seed(engine: Engine) -> None:
    library(
        engine,
        use_cases=[
            uc(
                "UC-1",
                "Pay an invoice",
                main_steps=["The clerk opens the invoice", "The system pays it"],
                extensions=[],
                benefits=[benefit("B-1")],
                industries=["Finance"],
            )
        ],
        outcomes=[outcome("O-1", "UC-1")],
        questions=[question("Q-1", "How do you pay?", use_case_id="UC-1")],
    )


def _save(engine: Engine, who: str = "Ana", **changes: object) -> int:
    draft, version = load_draft(engine, "UC-1")  # type: ignore[misc]
    for name, value in changes.items():
        setattr(draft, name, value)
    return update_use_case(engine, draft, version=version, who=who)


def test_every_save_keeps_a_whole_version_with_who_and_what(engine: Engine) -> None:
    _seed(engine)
    _save(engine, title="Pay a supplier invoice")
    _save(engine, who="Bo", main_steps=["The clerk opens the invoice", "The system schedules it"])
    found = versions.versions(engine, "UC-1")
    assert [(v.number, v.who) for v in found] == [(2, "Bo"), (1, "Ana")]
    first = versions.version_content(engine, "UC-1", 1)
    assert first is not None and first["title"] == "Pay a supplier invoice"
    assert first["industries"] == ["Finance"]
    assert [b["id"] for b in first["benefits"]] == ["B-1"]
    assert [o["id"] for o in first["outcomes"]] == ["O-1"]
    assert [q["id"] for q in first["questions"]] == ["Q-1"]


def test_differences_read_by_field_step_extension_and_child(engine: Engine) -> None:
    _seed(engine)
    _save(engine)
    _save(
        engine,
        title="Pay a supplier invoice",
        main_steps=["The clerk opens the invoice", "The system schedules it", "It is paid"],
        extensions=[
            {"step": "2a", "kind": "exception", "condition": "Bank down", "steps": ["Retry"]}
        ],
        industries=[],
        benefits=[],
    )
    before = versions.version_content(engine, "UC-1", 1)
    after = versions.version_content(engine, "UC-1", 2)
    lines = versions.differences(before or {}, after or {})
    assert "Title: Pay an invoice → Pay a supplier invoice" in lines
    assert "Step 2: The system pays it → The system schedules it" in lines
    assert "Step 3 added: It is paid" in lines
    assert "Extension 2a added: Bank down [exception]: Retry" in lines
    assert "Industries: Finance → (empty)" in lines
    assert "Benefit B-1 removed" in lines
    assert versions.differences(before or {}, before or {}) == []


def test_restoring_a_version_is_a_new_save_under_the_lock(engine: Engine) -> None:
    _seed(engine)
    _save(engine)
    version = _save(engine, title="Something else", benefits=[])
    stale = version - 1
    with pytest.raises(StaleEditError):
        restore_version(engine, "UC-1", 1, version=stale, who="Cy")
    restore_version(engine, "UC-1", 1, version=version, who="Cy")
    draft, _ = load_draft(engine, "UC-1")  # type: ignore[misc]
    assert draft.title == "Pay an invoice"
    assert [b["id"] for b in draft.benefits] == ["B-1"]
    newest = versions.versions(engine, "UC-1")[0]
    assert newest.number == 3 and newest.who == "Cy"


def test_a_status_change_is_a_version_too(engine: Engine) -> None:
    _seed(engine)
    _, version = load_draft(engine, "UC-1")  # type: ignore[misc]
    retire_use_case(engine, "UC-1", version=version, who="Ana")
    newest = versions.versions(engine, "UC-1")[0]
    assert newest.action == "retire"
    content = versions.version_content(engine, "UC-1", newest.number)
    assert content is not None and content["status"] == "retired"
