"""Import is forgiving where a person would be: headers, title rows, spaces, dates, CSV names."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import Engine

from lib.workbook import apply_import, plan_import, sheets
from lib.workbook.stored import load_records
from tests.workbook_support import xlsx


def records(engine: Engine, spec: sheets.Sheet) -> dict:
    with engine.connect() as conn:
        return load_records(conn, spec)


def test_headers_in_any_case_and_spacing_below_title_rows(engine: Engine) -> None:
    data = xlsx(
        {
            "use cases": [
                ["Casebook library, exported for the Q3 review"],
                [],
                ["  ID ", "Title", "STATUS", "Primary Actor", "last reviewed", "Notes to self"],
                ["  UC-1  ", "  Check out a basket ", " Approved ", "Shopper", "2026-03-31", "x"],
            ],
            "SEGMENTS": [["Id", "Kind", "priority"], ["Retail", "Industry", "2"]],
        }
    )
    plan = plan_import(engine, data, "library.xlsx")
    assert plan.problems == []
    assert plan.ignored_columns == {"Use cases": ["Notes to self"]}
    apply_import(engine, plan, who="test")
    use_case = records(engine, sheets.USE_CASES)["UC-1"]
    assert use_case["title"] == "Check out a basket"
    assert use_case["status"] == "approved"
    assert use_case["primary_actor"] == "Shopper"
    assert use_case["last_reviewed"] == dt.date(2026, 3, 31)
    assert records(engine, sheets.SEGMENTS)["Retail"]["priority"] == 2.0


def test_problem_rows_count_the_title_rows(engine: Engine) -> None:
    data = xlsx({"Personas": [["Buyer personas"], ["id", "name"], ["CIO", "Chief"], ["CFO", ""]]})
    plan = plan_import(engine, data, "p.xlsx")
    assert [(p.row, p.column) for p in plan.problems] == [(4, "name")]


@pytest.mark.parametrize(
    "value", [dt.date(2025, 12, 1), "2025-12-01", " 2025-12-01 ", "2025-12-01T00:00:00"]
)
def test_dates_as_real_dates_or_iso_text(engine: Engine, value: object) -> None:
    data = xlsx(
        {
            "Use cases": [
                ["id", "title", "status", "last_reviewed"],
                ["UC-1", "Check out", "draft", value],
            ]
        }
    )
    plan = plan_import(engine, data, "d.xlsx")
    assert plan.problems == []
    assert plan.sheets["Use cases"].records["UC-1"]["last_reviewed"] == dt.date(2025, 12, 1)


def test_identifiers_stay_text(engine: Engine) -> None:
    data = xlsx({"Personas": [["id", "name"], ["00123", "Leading zeros"], [42, "A number"]]})
    plan = plan_import(engine, data, "p.xlsx")
    assert plan.changes["Personas"].added == ["00123", "42"]


def test_lists_one_per_line_or_semicolons(engine: Engine) -> None:
    data = xlsx(
        {
            "Personas": [
                ["id", "name", "goals", "pains"],
                ["CIO", "Chief", "Fewer systems\n  Less risk \n\n", "Cost; audits ; "],
            ]
        }
    )
    record = plan_import(engine, data, "p.xlsx").sheets["Personas"].records["CIO"]
    assert record["goals"] == ["Fewer systems", "Less risk"]
    assert record["pains"] == ["Cost", "audits"]


@pytest.mark.parametrize("name", ["outcomes.csv", "Outcomes.CSV", "OUT_COMES.csv", "outcome.csv"])
def test_csv_sheet_named_by_file_checked_against_the_library(engine: Engine, name: str) -> None:
    use_cases = "id,title,status\nUC-1,Check out,approved\n"
    apply_import(engine, plan_import(engine, use_cases.encode(), "Use cases.csv"), who="t")
    text = (
        "id,customer,use_case_id,permission,date\n"
        "O-1,Acme,UC-1,public,2025-01-02\n"
        "O-2,Bolt,UC-9,public,\n"
    )
    plan = plan_import(engine, text.encode(), name)
    assert [(p.sheet, p.row, p.column) for p in plan.problems] == [("Outcomes", 3, "use_case_id")]
    assert str(plan.problems[0]).startswith(f"{name}, sheet Outcomes, row 3, column use_case_id:")
    assert plan.sheets["Outcomes"].records["O-1"]["date"] == dt.date(2025, 1, 2)


def test_ragged_csv_rows(engine: Engine) -> None:
    text = "id,name,title\nCIO,Chief information officer\nCFO,Chief financial officer,CFO,,extra\n"
    plan = plan_import(engine, text.encode(), "personas.csv")
    assert plan.problems == []
    assert plan.sheets["Personas"].records["CIO"]["title"] == ""
    assert plan.sheets["Personas"].records["CFO"]["title"] == "CFO"


@pytest.mark.parametrize("separator", [";", "\t"])
def test_csv_saved_with_a_european_or_tab_separator(engine: Engine, separator: str) -> None:
    """Excel in much of Europe saves 'CSV UTF-8' with ';' between the cells."""
    lines = [
        ["Personas, exported for the Q3 review"],
        ["id", "name", "goals"],
        ["CIO", "Directeur, SI", "Fewer systems; less risk"],
    ]
    quoted = [[f'"{c}"' if set(c) & {",", ";"} else c for c in row] for row in lines]
    text = "\n".join(separator.join(row) for row in quoted)
    plan = plan_import(engine, text.encode(), "personas.csv")
    assert plan.problems == []
    record = plan.sheets["Personas"].records["CIO"]
    assert record["name"] == "Directeur, SI"
    assert record["goals"] == ["Fewer systems", "less risk"]
