"""Bad rows are all reported with row and column, and nothing is written; bad files are refused."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from lib.workbook import WorkbookError, apply_import, plan_import
from tests.builders import library, outcome, uc
from tests.workbook_support import BAD_FILES, EVERY_TABLE, EXPECTED, bad_workbook, dump, xlsx


@pytest.fixture
def stocked(engine: Engine) -> Engine:
    return library(
        engine,
        use_cases=[uc("UC-1", industries=["Healthcare"], company_sizes=["SMB"], personas=["CIO"])],
        outcomes=[outcome("O-1", "UC-1")],
    )


def test_every_bad_cell_is_reported_and_nothing_is_written(stocked: Engine) -> None:
    before = dump(stocked, EVERY_TABLE)
    plan = plan_import(stocked, bad_workbook(), "library.xlsx")

    found = {(p.sheet, p.row, p.column) for p in plan.problems}
    assert found == EXPECTED
    assert not plan.ok
    with pytest.raises(WorkbookError, match="nothing was imported"):
        apply_import(stocked, plan, who="test")
    assert dump(stocked, EVERY_TABLE) == before


def test_problem_messages_name_file_sheet_row_column_and_value(stocked: Engine) -> None:
    plan = plan_import(stocked, bad_workbook(), "library.xlsx")
    text = [str(p) for p in plan.problems]
    assert (
        "library.xlsx, sheet Outcomes, row 2, column permission: "
        "'maybe' is not one of public, anonymized, internal"
    ) in text
    assert "library.xlsx, sheet Use cases, row 4, column id: 'UC-2' is also on row 2" in text
    assert any("row 3, column use_case_id: 'UC-404' is not a use case" in t for t in text)
    assert any("row 3, column date: '31/12/2025' is not a date" in t for t in text)
    assert any("row 3, column before: 'ten' is not a number" in t for t in text)
    assert any("row 6, column extensions: extension 3a: 'oops' is not one of" in t for t in text)
    assert any("row 5, column industry: 'SMB' is a company size segment" in t for t in text)
    # sheet by sheet, row by row
    rows = [(p.sheet, p.row) for p in plan.problems]
    assert rows == sorted(rows, key=lambda r: (r[0] != "Use cases", r[1]))


def test_missing_required_column_is_a_problem(engine: Engine) -> None:
    data = xlsx({"Outcomes": [["id", "customer", "use_case_id"], ["O-1", "A", "UC-1"]]})
    plan = plan_import(engine, data, "o.xlsx")
    assert ("Outcomes", 1, "permission") in {(p.sheet, p.row, p.column) for p in plan.problems}
    assert any(p.message == "the column is missing" for p in plan.problems)


def test_text_longer_than_its_column_is_a_problem(engine: Engine) -> None:
    data = xlsx({"Personas": [["id", "name"], ["CIO", "x" * 201], ["CFO", "y" * 200]]})
    plan = plan_import(engine, data, "p.xlsx")
    assert [(p.row, p.column, p.message) for p in plan.problems] == [
        (2, "name", "is 201 characters long; at most 200 fit")
    ]


def test_reference_to_a_use_case_in_the_same_file_is_fine(engine: Engine) -> None:
    data = xlsx(
        {
            "Use cases": [["id", "title", "status"], ["UC-7", "Ship orders", "approved"]],
            "Outcomes": [
                ["id", "customer", "use_case_id", "permission"],
                ["O-7", "Acme", "UC-7", "public"],
            ],
        }
    )
    plan = plan_import(engine, data, "x.xlsx")
    assert plan.problems == []


# --- files that are not workbooks at all -------------------------------------------------


@pytest.mark.parametrize(("name", "data", "message"), BAD_FILES, ids=[f[0] for f in BAD_FILES])
def test_bad_files_get_a_plain_message(
    engine: Engine, name: str, data: bytes, message: str
) -> None:
    before = dump(engine, EVERY_TABLE)
    with pytest.raises(WorkbookError, match=None) as raised:
        plan_import(engine, data, name)
    assert message in str(raised.value)
    assert name in str(raised.value)
    assert dump(engine, EVERY_TABLE) == before


def test_csv_with_a_byte_order_mark_is_fine(engine: Engine) -> None:
    data = "\ufeffid,name,title\nCIO,Chief information officer,CIO\n".encode()
    plan = plan_import(engine, data, "personas.csv")
    assert plan.problems == []
    assert plan.changes["Personas"].added == ["CIO"]


def test_extensions_must_branch_from_a_main_step_once(engine: Engine) -> None:
    """The editor's rule: an imported use case must be one the editor can save as it is."""
    header = ["id", "title", "status", "main_steps", "extensions"]
    steps = "1. The rep opens the account\n2. The system shows the plan"
    data = xlsx(
        {
            "Use cases": [
                header,
                ["UC-1", "Fine", "draft", steps, "2a. Plan expired: renew it\n*a. Any time: stop"],
                ["UC-2", "Too far", "draft", steps, "3a. Past the end: nothing"],
                ["UC-3", "Twice", "draft", steps, "1a. One: x\n1a. Again: y"],
            ]
        }
    )
    plan = plan_import(engine, data, "lib.xlsx")
    assert [str(p) for p in plan.problems] == [
        "lib.xlsx, sheet Use cases, row 3, column extensions: "
        "extension 3a: there is no main step 3 (it has 2)",
        "lib.xlsx, sheet Use cases, row 4, column extensions: "
        "extension 1a appears twice; give each its own letter (1a, 1b, ...)",
    ]


def test_a_comma_separated_list_is_told_how_to_separate(engine: Engine) -> None:
    library(engine, use_cases=[uc("UC-1", industries=["Healthcare", "Finance"])])
    header = ["id", "title", "status", "industries"]
    data = xlsx({"Use cases": [header, ["UC-2", "Pay", "draft", "Healthcare, Finance"]]})
    [problem] = plan_import(engine, data, "lib.xlsx").problems
    assert problem.message == (
        "'Healthcare, Finance' is not a segment in the file or the library; "
        "separate several with ';' or put one per line"
    )
