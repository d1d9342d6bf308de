"""The permission ledger in the workbook: read with clear problems, written back, explained."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
from sqlalchemy import Engine

from lib.core.reads import read_library
from lib.workbook import apply_import, export_workbook, plan_import, template_workbook
from tests.builders import library, outcome, uc
from tests.workbook_support import xlsx

HEADER = ["id", "customer", "use_case_id", "permission", "approved_by", "approved_on",
          "approval_ref", "scope", "quote_approved"]  # fmt: skip


def _stocked(engine: Engine) -> Engine:
    return library(engine, use_cases=[uc("UC-1")])


def _ledger(engine: Engine) -> dict[str, tuple]:
    return {
        o.id: (o.approved_by, o.approved_on, o.approval_ref, o.scope, o.quote_approved)
        for o in read_library(engine).all_outcomes
    }


def test_the_ledger_columns_are_imported(engine: Engine) -> None:
    data = xlsx({"Outcomes": [
        HEADER,
        ["O-1", "Acme", "UC-1", "public", "Dana Ruiz (VP Ops)", "2026-10-01",
         "https://files.example/approvals/acme.pdf", "Web; SALES", "yes"],
        ["O-2", "Bolt", "UC-1", "public", "", "", "", "", ""],
        ["O-3", "Crux", "UC-1", "anonymized", "Lee", "2026-09-30", "DOC-77", "press\nlogo", "No"],
    ]})  # fmt: skip
    plan = plan_import(_stocked(engine), data, "ledger.xlsx")
    assert plan.ok, [str(p) for p in plan.problems]
    apply_import(engine, plan, who="test")
    assert _ledger(engine) == {
        "O-1": ("Dana Ruiz (VP Ops)", dt.date(2026, 10, 1),
                "https://files.example/approvals/acme.pdf", ("sales", "web"), "yes"),
        "O-2": ("", None, "", (), ""),
        "O-3": ("Lee", dt.date(2026, 9, 30), "DOC-77", ("press", "logo"), "no"),
    }  # fmt: skip


def test_bad_ledger_cells_are_named_by_sheet_row_and_column(engine: Engine) -> None:
    data = xlsx({"Outcomes": [
        HEADER,
        ["O-1", "Acme", "UC-1", "public", "Dana", "last week", "", "sales; radio", "maybe"],
    ]})  # fmt: skip
    plan = plan_import(_stocked(engine), data, "ledger.xlsx")
    text = [str(p) for p in plan.problems]
    assert any("sheet Outcomes, row 2, column approved_on: 'last week' is not a date" in t
               for t in text), text  # fmt: skip
    assert any("sheet Outcomes, row 2, column scope: 'radio' is not one of sales, web, press, "
               "logo" in t for t in text), text  # fmt: skip
    assert any("sheet Outcomes, row 2, column quote_approved: 'maybe' is not one of yes, no" in t
               for t in text), text  # fmt: skip


def test_export_then_import_keeps_the_ledger(engine: Engine) -> None:
    library(
        engine,
        use_cases=[uc("UC-1")],
        outcomes=[
            outcome("O-1", "UC-1", approved_by="Dana", approved_on=dt.date(2026, 10, 1),
                    approval_ref="DOC-1", scope=["sales", "press"], quote_approved="no"),
            outcome("O-2", "UC-1"),
        ],
    )  # fmt: skip
    before = _ledger(engine)
    data = export_workbook(engine)
    sheet = openpyxl.load_workbook(io.BytesIO(data))["Outcomes"]
    header = [c.value for c in sheet[1]]
    row = {h: c.value for h, c in zip(header, sheet[2], strict=False)}
    assert row["scope"] == "sales\npress" and row["quote_approved"] == "no"
    plan = plan_import(engine, data, "export.xlsx")
    assert plan.ok and not plan.has_changes, plan.summary()
    assert _ledger(engine) == before


def test_the_template_explains_the_ledger_and_offers_a_dropdown() -> None:
    book = openpyxl.load_workbook(io.BytesIO(template_workbook()))
    notes = {
        row[0]: row[2] or ""
        for row in book["Read me"].iter_rows(values_only=True)
        if row and row[0]
    }
    assert "one or more of: sales, web, press, logo" in notes["scope"]
    assert "Blank: not recorded" in notes["scope"]
    assert "one of: yes, no" in notes["quote_approved"]
    outcomes = book["Outcomes"]
    header = [c.value for c in outcomes[1]]
    column = openpyxl.utils.get_column_letter(header.index("quote_approved") + 1)
    scope_column = openpyxl.utils.get_column_letter(header.index("scope") + 1)
    validated = [str(v.sqref) for v in outcomes.data_validations.dataValidation]
    assert any(v.startswith(f"{column}2") for v in validated), validated
    assert not any(v.startswith(f"{scope_column}2") for v in validated), validated


def test_the_sample_library_from_before_the_ledger_keeps_working(engine: Engine) -> None:
    """The sample library has no ledger columns: it imports, and its outcomes keep an empty
    ledger (no scope recorded: every use, as before)."""
    from lib.workbook import load_sample_if_empty

    assert load_sample_if_empty(engine)
    sample = read_library(engine).all_outcomes
    assert sample and all(o.scope == () and o.quote_approved == "" for o in sample)
    assert all(o.approved_by == "" and o.approved_on is None for o in sample)


def test_a_workbook_without_ledger_columns_leaves_the_ledger_alone(engine: Engine) -> None:
    library(
        engine,
        use_cases=[uc("UC-1")],
        outcomes=[outcome("O-1", "UC-1", customer="Acme", approved_by="Dana",
                          scope=["web"], quote_approved="no")],
    )  # fmt: skip
    old = xlsx({"Outcomes": [
        ["id", "customer", "use_case_id", "permission", "quote"],
        ["O-1", "Acme", "UC-1", "public", "A new quote"],
    ]})  # fmt: skip
    plan = plan_import(engine, old, "old.xlsx")
    assert plan.ok, [str(p) for p in plan.problems]
    apply_import(engine, plan, who="test")
    [o] = read_library(engine).all_outcomes
    assert o.quote == "A new quote"
    assert (o.approved_by, o.scope, o.quote_approved) == ("Dana", ("web",), "no")
