"""Export then import gives back the same library, value for value."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import Engine

from benchmarks import synthetic
from lib.core import db
from lib.workbook import (
    SAMPLE_LIBRARY,
    apply_import,
    export_workbook,
    import_file,
    plan_import,
)
from tests.builders import benefit, library, outcome, question, uc
from tests.databases import new_database_url
from tests.workbook_support import EVERY_TABLE, dump

FORMULA_LIKE = {
    "title": "=SUM(A1:A3) then HYPERLINK",
    "goal": "+44 20 7946 0000 calls back\nwithin a day",
    "trigger": "-5% churn alert",
    "owner": "@marketing",
}


def rich_library(engine: Engine) -> Engine:
    """A small library full of the values that break naive spreadsheet code."""
    return library(
        engine,
        segments=[{"id": "Healthcare", "kind": "industry", "priority": 2.5}],
        personas=[
            {
                "id": "CIO",
                "name": "Chief information officer",
                "title": "CIO",
                "department": "IT",
                "goals": ["Fewer systems", "Audit: always ready"],
                "pains": ["Shadow IT; spreadsheets everywhere"],
                "kpis": [],
            }
        ],
        use_cases=[
            uc(
                "00123",
                **FORMULA_LIKE,
                industries=["Healthcare", "Finance"],
                company_sizes=["SMB", "Enterprise"],
                personas=["CIO", "CFO"],
                secondary_actors=[],
                stakeholders=["Finance: wants an audit trail", "Patient: privacy"],
                preconditions=["zeta comes first", "alpha comes second"],
                main_steps=[
                    "The nurse opens the chart",
                    "3 retries happen; then the system gives up",
                    "1. looks numbered but is text",
                ],
                extensions=[
                    {
                        "step": "1a",
                        "kind": "alternate",
                        "condition": "Chart locked at 10:30",
                        "steps": ["The nurse asks for access", "The admin grants it"],
                    },
                    {
                        "step": "2a",
                        "kind": "exception",
                        "condition": "Network down",
                        "steps": [],
                    },
                    {
                        "step": "2b",
                        "kind": "alternate",
                        "condition": "[beta] clinic uses paper",
                        "steps": ["The nurse scans the page"],
                    },
                ],
                tags=["single; with semicolon"],
                status="draft",
                last_reviewed=dt.date(2025, 2, 28),
                benefits=[
                    benefit("B-1", persona_id="CIO", baseline=0.0, target=12.75, improvement=None),
                    benefit("B-2", improvement=-38.5, category=""),
                ],
            ),
            uc(
                "UC-E",
                "Réviser les données",
                status="retired",
                last_reviewed=None,
                tags=["b", "a", "c"],
            ),
        ],
        outcomes=[
            outcome(
                "O-1",
                "00123",
                industry="Healthcare",
                company_size="SMB",
                permission="anonymized",
                permission_expires=dt.date(2026, 1, 31),
                anonymized_label="a mid-market regional clinic",
                quote='=HYPERLINK("http://x")',
                before=1234567.891,
                after=0.001,
            ),
            outcome("O-2", "UC-E", permission="internal", date=None, before=None, after=None),
        ],
        questions=[
            question(
                "Q-1",
                "What happens when the chart is locked?",
                stage="need-payoff",
                use_case_id="00123",
                persona_id="CIO",
                listen_for="@ mentions",
            ),
            question("Q-2", "How do you track visits today?", stage="situation"),
        ],
    )


def fresh_engine(tmp_path: Path, name: str) -> Engine:
    return db.make_engine(new_database_url(tmp_path, name.removesuffix(".db")))


def test_export_then_import_gives_the_same_library(engine: Engine, tmp_path: Path) -> None:
    rich_library(engine)
    data = export_workbook(engine)

    copy = fresh_engine(tmp_path, "copy.db")
    plan = plan_import(copy, data, "library.xlsx")
    assert plan.problems == []
    apply_import(copy, plan, who="test")

    assert dump(copy) == dump(engine)
    assert export_workbook(copy) != b""  # and it exports again


def test_reimport_changes_nothing(engine: Engine) -> None:
    rich_library(engine)
    data = export_workbook(engine)
    before = dump(engine, EVERY_TABLE)

    plan = plan_import(engine, data, "library.xlsx")
    assert plan.ok and not plan.has_changes
    assert all(not c.added and not c.changed for c in plan.changes.values())
    assert plan.changes["Use cases"].unchanged == ["00123", "UC-E"]
    apply_import(engine, plan, who="test")
    assert dump(engine, EVERY_TABLE) == before


def test_formula_like_text_is_written_as_text(engine: Engine) -> None:
    rich_library(engine)
    book = openpyxl.load_workbook(io.BytesIO(export_workbook(engine)))
    sheet = book["Use cases"]
    header = [c.value for c in sheet[1]]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == "00123")
    for column, text in FORMULA_LIKE.items():
        cell = row[header.index(column)]
        assert cell.data_type == "s", column
        assert cell.value == text
    quote = book["Outcomes"]
    quote_col = [c.value for c in quote[1]].index("quote")
    assert quote.cell(2, quote_col + 1).value == '=HYPERLINK("http://x")'
    assert quote.cell(2, quote_col + 1).data_type == "s"


def test_exported_sheets_have_frozen_headers_and_dropdowns(engine: Engine) -> None:
    rich_library(engine)
    book = openpyxl.load_workbook(io.BytesIO(export_workbook(engine)))
    sheet = book["Outcomes"]
    assert sheet.freeze_panes == "B2"
    lists = [dv.formula1 for dv in sheet.data_validations.dataValidation]
    assert '"public,anonymized,internal"' in lists


def test_leading_zero_ids_stay_text(engine: Engine, tmp_path: Path) -> None:
    rich_library(engine)
    copy = fresh_engine(tmp_path, "copy.db")
    apply_import(copy, plan_import(copy, export_workbook(engine), "x.xlsx"), who="test")
    ids = [row[0][1] for row in dump(copy)["use_case"]]
    assert "00123" in ids


@pytest.mark.skipif(not SAMPLE_LIBRARY.exists(), reason="data/sample_library.xlsx not in repo")
def test_sample_library_round_trip(engine: Engine, tmp_path: Path) -> None:
    plan, result = import_file(engine, SAMPLE_LIBRARY, who="test")
    assert plan.problems == []
    assert result is not None
    assert plan.changes["Use cases"].added

    copy = fresh_engine(tmp_path, "copy.db")
    plan2 = plan_import(copy, export_workbook(engine), "export.xlsx")
    assert plan2.problems == []
    apply_import(copy, plan2, who="test")
    assert dump(copy) == dump(engine)

    again = plan_import(engine, SAMPLE_LIBRARY, SAMPLE_LIBRARY.name)
    assert not again.has_changes


def test_generated_library_round_trip(engine: Engine, tmp_path: Path) -> None:
    synthetic.load(engine, synthetic.build(120, 300, seed=3))
    copy = fresh_engine(tmp_path, "copy.db")
    plan = plan_import(copy, export_workbook(engine), "big.xlsx")
    assert plan.problems == []
    assert len(plan.changes["Outcomes"].added) == 300
    apply_import(copy, plan, who="test")
    assert dump(copy) == dump(engine)
