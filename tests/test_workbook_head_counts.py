"""Head-count ranges on company sizes in the workbook: imported, checked, exported, templated."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from lib.core.models import Segment
from lib.workbook import SAMPLE_LIBRARY, export_workbook, import_file, template_workbook
from tests.workbook_support import xlsx

HEADER = ["id", "kind", "priority", "description", "aliases", "min_employees", "max_employees"]


def _import(engine: Engine, tmp_path: Path, rows: list[list[Any]], name: str = "sizes.xlsx"):
    path = tmp_path / name
    path.write_bytes(xlsx({"Segments": [HEADER, *rows]}))
    return import_file(engine, path, who="test")


def _ranges(engine: Engine) -> dict[str, tuple[int | None, int | None]]:
    with Session(engine) as s:
        rows = s.execute(select(Segment.id, Segment.min_employees, Segment.max_employees))
        return {sid: (low, high) for sid, low, high in rows}


def test_ranges_are_imported_as_whole_numbers(engine: Engine, tmp_path: Path) -> None:
    plan, result = _import(
        engine,
        tmp_path,
        [
            ["SMB", "company_size", 3, "", "", 0, 199],
            ["Mid-market", "company_size", 5, "", "", "200", 1999.0],
            ["Enterprise", "company_size", 4, "", "", 2000, None],
            ["Healthcare", "industry", 4, "", "", None, None],
        ],
    )
    assert plan.problems == [] and result is not None
    assert _ranges(engine) == {
        "SMB": (0, 199),
        "Mid-market": (200, 1999),
        "Enterprise": (2000, None),
        "Healthcare": (None, None),
    }
    assert all(type(v) is int for pair in _ranges(engine).values() for v in pair if v is not None)


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        (-1, "is not a whole number of 0 or more"),
        (4.5, "is not a whole number of 0 or more"),
        ("many", "is not a number"),
    ],
)
def test_a_bad_head_count_is_reported_by_sheet_row_and_column(
    engine: Engine, tmp_path: Path, cell: Any, message: str
) -> None:
    plan, result = _import(
        engine,
        tmp_path,
        [
            ["SMB", "company_size", 3, "", "", 0, 199],
            ["Mid-market", "company_size", 5, "", "", cell, 1999],
        ],
    )
    assert result is None
    [problem] = plan.problems
    assert (problem.sheet, problem.row, problem.column) == ("Segments", 3, "min_employees")
    assert message in problem.message
    assert _ranges(engine) == {}  # nothing written


def test_a_minimum_above_the_maximum_is_refused(engine: Engine, tmp_path: Path) -> None:
    plan, result = _import(engine, tmp_path, [["SMB", "company_size", 3, "", "", 500, 199]])
    assert result is None
    [problem] = plan.problems
    assert (problem.row, problem.column, problem.value) == (2, "max_employees", 199)
    assert "below min_employees (500)" in str(problem)


def test_overlapping_sizes_are_refused_on_both_rows(engine: Engine, tmp_path: Path) -> None:
    plan, result = _import(
        engine,
        tmp_path,
        [
            ["SMB", "company_size", 3, "", "", 0, 250],
            ["Mid-market", "company_size", 5, "", "", 200, 1999],
            ["Enterprise", "company_size", 4, "", "", 2000, None],
        ],
    )
    assert result is None
    assert [(p.row, p.column) for p in plan.problems] == [
        (2, "min_employees"),
        (3, "min_employees"),
    ]
    assert "SMB's 0 to 250 employees overlaps Mid-market's 200 to 1,999" in str(plan.problems[0])


def test_a_range_on_an_industry_is_refused(engine: Engine, tmp_path: Path) -> None:
    plan, result = _import(engine, tmp_path, [["Healthcare", "industry", 4, "", "", None, 500]])
    assert result is None
    [problem] = plan.problems
    assert (problem.column, problem.value) == ("max_employees", 500)
    assert "only company sizes" in problem.message


def test_a_file_overlapping_a_size_already_in_the_library_is_refused(
    engine: Engine, tmp_path: Path
) -> None:
    _import(engine, tmp_path, [["SMB", "company_size", 3, "", "", 0, 199]], "first.xlsx")
    plan, result = _import(
        engine, tmp_path, [["Mid-market", "company_size", 5, "", "", 100, 999]], "second.xlsx"
    )
    assert result is None
    [problem] = plan.problems
    assert problem.row == 2 and "overlaps SMB's 0 to 199" in problem.message


def test_export_then_import_keeps_the_ranges(engine: Engine, tmp_path: Path) -> None:
    _import(
        engine,
        tmp_path,
        [
            ["SMB", "company_size", 3, "", "", 0, 199],
            ["Enterprise", "company_size", 4, "", "", 2000, None],
        ],
    )
    exported = tmp_path / "export.xlsx"
    exported.write_bytes(export_workbook(engine))
    sheet = openpyxl.load_workbook(exported)["Segments"]
    header = [c.value for c in sheet[1]]
    assert header[-2:] == ["min_employees", "max_employees"]
    plan, _ = import_file(engine, exported, dry_run=True, who="test")
    assert plan.problems == [] and not plan.has_changes


def test_the_template_has_the_columns_and_explains_them(tmp_path: Path) -> None:
    path = tmp_path / "template.xlsx"
    path.write_bytes(template_workbook())
    book = openpyxl.load_workbook(path)
    assert [c.value for c in book["Segments"][1]][-2:] == ["min_employees", "max_employees"]
    notes = {row[0]: row[2] for row in book["Read me"].iter_rows(values_only=True) if row[0]}
    assert "fewest employees" in notes["min_employees"]


@pytest.mark.skipif(not SAMPLE_LIBRARY.exists(), reason="no sample library")
def test_the_sample_library_ranges_cover_every_head_count_once(engine: Engine) -> None:
    plan, result = import_file(engine, SAMPLE_LIBRARY, who="test")
    assert plan.problems == [] and result is not None
    with Session(engine) as s:
        sizes = s.scalars(select(Segment).where(Segment.kind == "company_size")).all()
    ranges = sorted(((s.min_employees or 0, s.max_employees) for s in sizes), key=lambda r: r[0])
    assert ranges[0][0] == 0 and ranges[-1][1] is None
    for (_low, high), (next_low, _high) in itertools.pairwise(ranges):
        assert high is not None and next_low == high + 1
