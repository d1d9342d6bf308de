"""Applying a plan: history, versions, revision, progress, and refusing a stale plan."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from lib.core import db
from lib.core.models import ChangeRecord, UseCase
from lib.workbook import WorkbookError, apply_import, plan_import
from tests.builders import library, uc
from tests.workbook_support import xlsx


def use_cases(*rows: list[str]) -> bytes:
    return xlsx({"Use cases": [["id", "title", "status", "industries"], *rows]})


def test_apply_writes_history_bumps_versions_and_revision(engine: Engine) -> None:
    library(engine, use_cases=[uc("UC-1", title="Old title", industries=["Retail"])])
    start = db.revision(engine)
    plan = plan_import(
        engine,
        use_cases(["UC-1", "New title", "approved", "Retail"], ["UC-2", "Added", "draft", ""]),
        "lib.xlsx",
    )
    assert plan.differences["Use cases"] == {"UC-1": {"title": ("Old title", "New title")}}
    seen: list[tuple[float, str]] = []
    result = apply_import(engine, plan, who="Dana", progress=lambda f, m: seen.append((f, m)))

    assert result.revision == start + 1 == db.revision(engine)
    assert seen[-1][0] == 1.0 and all(0 <= f <= 1 for f, _ in seen)
    with Session(engine) as s:
        history = s.execute(
            select(
                ChangeRecord.entity_id, ChangeRecord.who, ChangeRecord.action, ChangeRecord.summary
            ).order_by(ChangeRecord.entity_id)
        ).all()
        changed = s.get(UseCase, "UC-1")
        assert changed is not None
        assert changed.version == 2 and changed.updated_by == "Dana"
        assert [i.id for i in changed.industries] == ["Retail"]
    assert [tuple(h) for h in history] == [
        ("UC-1", "Dana", "import", "changed title from lib.xlsx"),
        ("UC-2", "Dana", "import", "added from lib.xlsx"),
    ]


def test_changed_links_are_replaced(engine: Engine) -> None:
    library(
        engine,
        use_cases=[uc("UC-1", title="T", industries=["Retail", "Finance"])],
        segments=[{"id": "Health", "kind": "industry"}],
    )
    plan = plan_import(engine, use_cases(["UC-1", "T", "approved", "Health\nRetail"]), "l.xlsx")
    assert plan.differences["Use cases"]["UC-1"] == {
        "industries": (["Finance", "Retail"], ["Health", "Retail"])
    }
    apply_import(engine, plan, who="t")
    with Session(engine) as s:
        use_case = s.get(UseCase, "UC-1")
        assert use_case is not None
        assert [i.id for i in use_case.industries] == ["Health", "Retail"]


def test_a_plan_made_before_another_change_is_refused(engine: Engine) -> None:
    plan = plan_import(engine, use_cases(["UC-1", "T", "approved", ""]), "l.xlsx")
    library(engine, use_cases=[uc("UC-9")])
    with pytest.raises(WorkbookError, match=r"changed while l\.xlsx was being checked: check"):
        apply_import(engine, plan, who="t")
    with Session(engine) as s:
        assert s.get(UseCase, "UC-1") is None


def test_replace_refuses_references_to_records_it_would_remove(engine: Engine) -> None:
    library(engine, use_cases=[uc("UC-1")])
    data = xlsx(
        {
            "Use cases": [["id", "title", "status"], ["UC-2", "T", "approved"]],
            "Benefits": [["id", "use_case_id", "statement"], ["B-1", "UC-1", "Saves time"]],
        }
    )
    assert plan_import(engine, data, "l.xlsx").ok
    plan = plan_import(engine, data, "l.xlsx", replace=True)
    assert [(p.sheet, p.row, p.column) for p in plan.problems] == [("Benefits", 2, "use_case_id")]
    assert "--replace removes the rest" in plan.problems[0].message
