"""The Manage page's import flow, stage by stage, without Streamlit."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from lib.core import db
from lib.workbook import UnlinkRefused, WorkbookError
from lib.workbook.flow import ImportFlow, Stage, Upload, check, run_import
from tests.builders import library, uc
from tests.workbook_support import EVERY_TABLE, dump, xlsx

HEADER = ["id", "title", "status"]
GOOD = xlsx({"Use cases": [HEADER, ["UC-1", "Pay an invoice", "draft"]]})
BAD = xlsx({"Use cases": [HEADER, ["UC-1", "Pay an invoice", "maybe"]]})


def _upload(engine: Engine, data: bytes, name: str = "lib.xlsx", replace: bool = False) -> Upload:
    return Upload(str(hash(data)), name, replace, db.revision(engine))


def test_a_new_flow_is_idle_and_holds_no_upload() -> None:
    flow = ImportFlow()
    assert flow.stage is Stage.IDLE and not flow.can_import
    assert not flow.is_for(Upload("f", "lib.xlsx", False, 0))


def test_a_clean_file_is_previewed_and_imported_once(engine: Engine) -> None:
    upload = _upload(engine, GOOD)
    flow = check(engine, upload, GOOD)
    assert flow.stage is Stage.PREVIEW and flow.can_import and flow.is_for(upload)
    assert flow.plan is not None and flow.plan.changes["Use cases"].added == ["UC-1"]

    done, result = run_import(engine, flow, who="Ana")
    assert done.stage is Stage.IMPORTED and not done.can_import
    assert result.revision == db.revision(engine)
    # the same file at the new revision is already handled: the page does not read it again
    assert done.is_for(_upload(engine, GOOD))
    again = check(engine, _upload(engine, GOOD), GOOD)
    assert again.stage is Stage.PREVIEW and not again.can_import  # nothing left to change


def test_a_file_with_problems_cannot_be_imported(engine: Engine) -> None:
    before = dump(engine, EVERY_TABLE)
    flow = check(engine, _upload(engine, BAD), BAD)
    assert flow.stage is Stage.PROBLEMS and not flow.can_import
    assert flow.plan is not None and "'maybe' is not one of" in flow.plan.problems[0].message
    with pytest.raises(WorkbookError, match="no checked file"):
        run_import(engine, flow, who="Ana")
    assert dump(engine, EVERY_TABLE) == before


def test_an_unreadable_file_says_why(engine: Engine) -> None:
    flow = check(engine, _upload(engine, b"not a workbook"), b"not a workbook")
    assert flow.stage is Stage.UNREADABLE and flow.plan is None and flow.error
    assert not flow.can_import


@pytest.mark.parametrize(
    "change", [{"filename": "other.xlsx"}, {"replace": True}, {"revision": 99}, {"file_id": "x"}]
)
def test_a_check_is_for_one_file_switch_and_revision(engine: Engine, change: dict) -> None:
    upload = _upload(engine, GOOD)
    flow = check(engine, upload, GOOD)
    assert not flow.is_for(Upload(**{**upload.__dict__, **change}))


def test_a_plan_checked_before_the_library_changed_is_refused(engine: Engine) -> None:
    flow = check(engine, _upload(engine, GOOD), GOOD)
    other = xlsx({"Use cases": [HEADER, ["UC-2", "Approve a claim", "draft"]]})
    run_import(engine, check(engine, _upload(engine, other), other), who="Bo")
    with pytest.raises(WorkbookError, match=r"changed while .* was being checked: check it again"):
        run_import(engine, flow, who="Ana")


def test_a_replace_that_strands_approved_use_cases_waits_for_the_confirmation(
    engine: Engine,
) -> None:
    library(engine, use_cases=[uc("UC-1", status="approved", industries=["Retail"])])
    segments = b"id,kind\nHealthcare,industry\n"
    upload = Upload("s", "segments.csv", True, db.revision(engine))
    flow = check(engine, upload, segments)
    assert flow.stage is Stage.PREVIEW and flow.plan is not None
    assert flow.plan.needs_unlink_confirmation
    before = dump(engine, EVERY_TABLE)
    with pytest.raises(UnlinkRefused):
        run_import(engine, flow, who="Ana")
    assert dump(engine, EVERY_TABLE) == before
    done, _result = run_import(engine, flow, who="Ana", allow_unlink=True)
    assert done.stage is Stage.IMPORTED
