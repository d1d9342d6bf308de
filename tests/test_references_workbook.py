"""The References sheet: imported with its limits, refused cell by cell, exported unchanged."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from lib.core.models import CustomerReference, UseCase
from lib.workbook import export_workbook, plan_import, template_workbook
from lib.workbook.importing import apply_import
from tests.builders import library, outcome, uc
from tests.workbook_support import xlsx

HEADER = [
    "id",
    "customer",
    "contact",
    "role",
    "activities",
    "industry",
    "max_asks_per_quarter",
    "rest_days",
    "do_not_ask_until",
    "at_risk",
    "account_owner",
]


def _stocked(engine: Engine) -> Engine:
    return library(
        engine,
        use_cases=[uc("UC-1", industries=["Healthcare"], company_sizes=["SMB"])],
        outcomes=[outcome("O-1", "UC-1", customer="Lakeshore Clinics")],
    )


def test_a_references_sheet_imports_with_its_limits(engine: Engine) -> None:
    _stocked(engine)
    row = ["R-1", "Lakeshore Clinics", "Dana Reyes", "CIO", "Call; Site visit", "Healthcare"]
    row += [2, 30, dt.date(2027, 1, 15), "no", "ana@acme.com"]
    plan = plan_import(engine, xlsx({"References": [HEADER, row]}), "refs.xlsx")
    assert plan.problems == []
    apply_import(engine, plan, who="test")
    with Session(engine) as s:
        ref = s.get(CustomerReference, "R-1")
        assert ref is not None
        assert ref.activities == ["call", "site visit"]
        assert (ref.max_asks_per_quarter, ref.rest_days) == (2, 30)
        assert ref.do_not_ask_until == dt.date(2027, 1, 15)
        assert ref.account_owner == "ana@acme.com"


def test_bad_reference_cells_are_named_by_sheet_row_and_column(engine: Engine) -> None:
    _stocked(engine)
    rows = [
        HEADER,
        ["R-1", "Lakeshore", "", "", "call; dinner", "", 1.5, "", "", "", ""],  # row 2
        ["R-2", "", "", "", "", "Atlantis", -1, "ten", "soon", "maybe", ""],  # row 3
    ]
    plan = plan_import(engine, xlsx({"References": rows}), "refs.xlsx")
    text = [str(p) for p in plan.problems]
    assert (
        "refs.xlsx, sheet References, row 2, column activities: "
        "'dinner' is not one of call, site visit, case study, press"
    ) in text
    assert any("row 2, column max_asks_per_quarter: " in t and "whole number" in t for t in text)
    found = {(p.row, p.column) for p in plan.problems}
    assert {
        (3, "customer"),
        (3, "industry"),
        (3, "max_asks_per_quarter"),
        (3, "rest_days"),
        (3, "do_not_ask_until"),
        (3, "at_risk"),
    } <= found


def test_references_and_review_intervals_export_and_import_back_unchanged(engine: Engine) -> None:
    _stocked(engine)
    row = ["R-1", "Lakeshore Clinics", "Dana", "CIO", "press; call", "Healthcare"]
    row += [3, 14, "", "yes", "ana@acme.com"]
    apply_import(
        engine, plan_import(engine, xlsx({"References": [HEADER, row]}), "r.xlsx"), who="t"
    )
    with Session(engine) as s, s.begin():
        s.get_one(UseCase, "UC-1").review_interval_days = 30
    exported = export_workbook(engine)
    book = openpyxl.load_workbook(io.BytesIO(exported))
    assert "References" in book.sheetnames
    again = plan_import(engine, exported, "library.xlsx")
    assert again.problems == []
    assert not any(c.added or c.changed or c.removed for c in again.changes.values())


def test_the_template_has_a_references_sheet() -> None:
    book = openpyxl.load_workbook(io.BytesIO(template_workbook()))
    header = [c.value for c in book["References"][1]]
    assert header[:5] == ["id", "customer", "contact", "role", "activities"]
    assert "review_interval_days" in [c.value for c in book["Use cases"][1]]


def test_a_review_interval_must_be_whole_days(engine: Engine) -> None:
    _stocked(engine)
    rows = [["id", "title", "status", "review_interval_days"], ["UC-1", "T", "approved", 7.5]]
    plan = plan_import(engine, xlsx({"Use cases": rows}), "lib.xlsx")
    assert [(p.row, p.column) for p in plan.problems] == [(2, "review_interval_days")]
    with Session(engine) as s:
        assert s.scalar(select(UseCase.review_interval_days)) is None
