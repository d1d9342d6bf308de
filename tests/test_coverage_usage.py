from __future__ import annotations

import datetime as dt
import io
import json

import openpyxl
import pytest
from sqlalchemy import Engine

from lib.commands import main
from lib.core.usage import record_generation
from lib.coverage import model as coverage_data
from lib.coverage.report import coverage_report
from lib.coverage.snapshots import snapshot_history
from lib.coverage.usage import load_usage, most_used, never_used, overuse_warnings, quarter
from lib.coverage.workbook import SHEETS, coverage_workbook, file_name
from tests.builders import library, outcome, uc
from tests.coverage_library import TODAY, holey_library


def _events(engine: Engine, *when: dt.datetime, outcomes=("O-1",), uses=("UC-1",), first=0) -> None:  # type: ignore[no-untyped-def]
    for n, at in enumerate(when, start=first):
        record_generation(
            engine,
            kind="pack",
            format="pdf",
            use_case_ids=list(uses),
            outcome_ids=list(outcomes),
            prospect=f"Prospect {n}",
            industry="Healthcare",
            at=at,
        )


@pytest.fixture
def shown_library(engine: Engine) -> Engine:
    library(
        engine,
        use_cases=[
            uc("UC-1", industries=["Healthcare"], personas=["CIO"]),
            uc("UC-2", industries=["Healthcare"], personas=["CIO"]),
            uc("UC-3", industries=["Finance"], personas=["CIO"]),
        ],
        outcomes=[
            outcome("O-1", "UC-1", customer="Acme Health"),
            outcome("O-2", "UC-2", customer="Acme Health"),
            outcome("O-3", "UC-2", customer="Bright Bank"),
        ],
    )
    return engine


def test_three_packs_in_a_quarter_warn(shown_library: Engine) -> None:
    _events(
        shown_library, dt.datetime(2026, 4, 2), dt.datetime(2026, 5, 9), dt.datetime(2026, 6, 30)
    )
    warnings = overuse_warnings(coverage_data.load(shown_library), load_usage(shown_library))
    assert [(w.customer, w.quarter, w.times) for w in warnings] == [("Acme Health", "2026-Q2", 3)]
    assert warnings[0].prospects == ("Prospect 0", "Prospect 1", "Prospect 2")
    assert "shown to 3 prospects in 2026-Q2" in warnings[0].message


def test_two_packs_in_a_quarter_do_not_warn(shown_library: Engine) -> None:
    _events(shown_library, dt.datetime(2026, 4, 2), dt.datetime(2026, 5, 9))
    assert overuse_warnings(coverage_data.load(shown_library), load_usage(shown_library)) == []


def test_three_packs_across_a_quarter_boundary_do_not_warn(shown_library: Engine) -> None:
    _events(
        shown_library,
        dt.datetime(2026, 3, 20),
        dt.datetime(2026, 3, 31, 23),
        dt.datetime(2026, 4, 1),
    )
    assert overuse_warnings(coverage_data.load(shown_library), load_usage(shown_library)) == []


def test_one_pack_with_two_of_a_customers_outcomes_counts_once(shown_library: Engine) -> None:
    _events(
        shown_library,
        dt.datetime(2026, 4, 2),
        dt.datetime(2026, 4, 3),
        outcomes=("O-1", "O-2"),
    )
    assert overuse_warnings(coverage_data.load(shown_library), load_usage(shown_library)) == []
    _events(shown_library, dt.datetime(2026, 4, 4), outcomes=("O-2",), first=2)
    (warning,) = overuse_warnings(coverage_data.load(shown_library), load_usage(shown_library))
    assert warning.outcome_ids == ("O-1", "O-2") and warning.times == 3


def test_the_same_prospect_getting_a_pack_again_counts_once(shown_library: Engine) -> None:
    """A PDF and a Word copy, or a re-download, for one prospect is one showing, not two."""
    for n, name in enumerate(["Acme Health", "acme  health ", "Bright Clinic", "Bright Clinic"]):
        record_generation(
            shown_library, kind="pack", format="pdf" if n % 2 else "docx",
            use_case_ids=["UC-1"], outcome_ids=["O-1"], prospect=name,
            at=dt.datetime(2026, 5, 1 + n),
        )  # fmt: skip
    data = coverage_data.load(shown_library)
    assert overuse_warnings(data, load_usage(shown_library)) == []
    _events(shown_library, dt.datetime(2026, 5, 20), first=7)
    (warning,) = overuse_warnings(data, load_usage(shown_library))
    assert warning.times == 3
    assert warning.prospects == ("Acme Health", "Bright Clinic", "Prospect 7")


def test_quarter_names() -> None:
    assert [quarter(dt.date(2026, m, 1)) for m in (1, 3, 4, 6, 7, 10, 12)] == [
        "2026-Q1", "2026-Q1", "2026-Q2", "2026-Q2", "2026-Q3", "2026-Q4", "2026-Q4",
    ]  # fmt: skip


def test_most_and_never_used_by_segment(shown_library: Engine) -> None:
    _events(shown_library, dt.datetime(2026, 4, 2), dt.datetime(2026, 4, 3), uses=("UC-1",))
    _events(shown_library, dt.datetime(2026, 4, 4), uses=("UC-2", "UC-1"))
    data = coverage_data.load(shown_library)
    events = load_usage(shown_library)
    assert [(u.use_case_id, u.uses) for u in most_used(data, events, "Healthcare")] == [
        ("UC-1", 3),
        ("UC-2", 1),
    ]
    assert most_used(data, events, "Finance") == []
    assert [u.use_case_id for u in never_used(data, events)] == ["UC-3"]
    assert [u.use_case_id for u in never_used(data, events, "Finance")] == ["UC-3"]
    assert never_used(data, events, "Healthcare") == []


def test_snapshot_history_of_a_new_library_is_empty(engine: Engine) -> None:
    assert snapshot_history(engine).empty


def test_report_workbook_has_one_sheet_each_and_writes_text_as_text(engine: Engine) -> None:
    holey_library(engine)
    library(engine, use_cases=[uc("UC-X", title='=HYPERLINK("http://x")', last_reviewed=None)])
    report = coverage_report(coverage_data.load(engine), TODAY)
    assert file_name(report) == "casebook-coverage_2026-05-15.xlsx"
    sized = coverage_report(coverage_data.load(engine), TODAY, "Mid-market")
    assert file_name(sized) == "casebook-coverage_mid-market_2026-05-15.xlsx"
    book = openpyxl.load_workbook(io.BytesIO(coverage_workbook(report)))
    assert tuple(book.sheetnames) == SHEETS
    matrix = book["Matrix"]
    assert [c.value for c in matrix[1]] == ["Industry (all sizes)", "CFO", "CIO"]
    assert [c.value for c in matrix[3]] == ["Healthcare", 1, 2]
    assert matrix.freeze_panes == "B2"
    assert [c.value for c in book["Proof matrix"][2]] == ["Finance", 1, 0]
    gaps = book["Gaps"]
    assert gaps["A2"].value == "Finance" and gaps["B2"].value == "CIO" and gaps["I2"].value == 8
    assert gaps["J2"].value == "no use case; no shareable proof; no discovery questions for CIO"
    stale = {row[0].value: row for row in book["Stale"].iter_rows(min_row=2)}
    title = stale["UC-X"][1]
    assert title.value == '=HYPERLINK("http://x")' and title.data_type == "s"
    completeness = book["Completeness"]
    assert completeness["A1"].value == "Use case" and completeness["E1"].value == "Score"
    assert completeness.max_row == 1 + len(report.completeness)


def test_cli_prints_headline_matrix_and_gaps(engine: Engine, capsys) -> None:  # type: ignore[no-untyped-def]
    holey_library(engine)
    assert main(["coverage", "--top", "2"]) == 0
    out = capsys.readouterr().out
    assert "Approved use cases:" in out and "3" in out
    assert "Cells with a use case:      3 of 6 applicable (50%)" in out
    assert "Top gaps (2 of 5):" in out
    assert "1. Finance x CIO  (priority 2 x shortfall 4 = 8): no use case" in out
    assert "Retail x CIO" not in out  # third gap: cut by --top 2
    matrix_lines = [line for line in out.splitlines() if line.strip().startswith("Healthcare")]
    assert matrix_lines and matrix_lines[0].split()[-2:] == ["1", "2"]


def test_cli_json(engine: Engine, capsys) -> None:  # type: ignore[no-untyped-def]
    holey_library(engine)
    assert main(["coverage", "--json", "--measure", "proof"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert set(result) >= {"headline", "matrix", "gaps"}
    assert result["headline"]["approved_use_cases"] == 3
    assert result["matrix"]["measure"] == "proof"
    assert result["matrix"]["counts"]["Healthcare"] == {"CFO": 1, "CIO": 1}
    assert [(g["industry"], g["persona"], g["score"]) for g in result["gaps"]][:2] == [
        ("Finance", "CIO", 8),
        ("Healthcare", "CFO", 5),
    ]
    assert not snapshot_history(engine).empty  # the CLI records today's snapshot


def test_cli_size_filter_and_bad_size(engine: Engine, capsys) -> None:  # type: ignore[no-untyped-def]
    holey_library(engine)
    assert main(["coverage", "--json", "--size", "Enterprise"]) == 0
    counts = json.loads(capsys.readouterr().out)["matrix"]["counts"]
    assert counts["Healthcare"] == {"CFO": 0, "CIO": 1}
    assert main(["coverage", "--size", "Huge"]) == 1
    err = capsys.readouterr().err
    assert "unknown company size 'Huge'" in err and "Mid-market" in err


def test_cli_size_ignores_case_and_spacing(engine: Engine, capsys) -> None:  # type: ignore[no-untyped-def]
    holey_library(engine)
    assert main(["coverage", "--json", "--size", " enterprise "]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["company_size"] == "Enterprise"
    assert result["matrix"]["counts"]["Healthcare"] == {"CFO": 0, "CIO": 1}


def test_cli_on_an_empty_library_says_what_to_do(engine: Engine, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["coverage"]) == 0
    assert "python -m lib init" in capsys.readouterr().out
