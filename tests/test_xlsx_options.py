"""Every workbook Casebook writes keeps library text as text: no formulas, links or numbers."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import Engine

from lib.core import xlsx
from lib.workbook import export_workbook, template_workbook
from tests.builders import library, uc

ROOT = Path(__file__).resolve().parents[1]
HOSTILE = ["=1+1", "http://evil.example/login", "00123", "+41 22 555", "@SUM(A1)"]


def test_text_written_through_the_safe_workbook_stays_text() -> None:
    buffer = io.BytesIO()
    book = xlsx.new_workbook(buffer)
    sheet = book.add_worksheet("S")
    for row, text in enumerate(HOSTILE):
        sheet.write(row, 0, text)
    book.close()
    ws = openpyxl.load_workbook(io.BytesIO(buffer.getvalue())).active
    assert [ws.cell(row + 1, 1).value for row in range(len(HOSTILE))] == HOSTILE
    assert all(ws.cell(row + 1, 1).data_type == "s" for row in range(len(HOSTILE)))
    assert ws._hyperlinks == []


@pytest.mark.parametrize("option", ["strings_to_formulas", "strings_to_urls", "strings_to_numbers"])
def test_a_writer_cannot_turn_a_safe_option_back_on(option: str) -> None:
    with pytest.raises(ValueError, match=option):
        xlsx.new_workbook(io.BytesIO(), **{option: True})


def test_no_workbook_is_made_outside_the_safe_constructor() -> None:
    makers = [
        path.relative_to(ROOT).as_posix()
        for path in (ROOT / "lib").rglob("*.py")
        if "xlsxwriter.Workbook(" in path.read_text(encoding="utf-8")
    ]
    assert makers == ["lib/core/xlsx.py"]


def test_the_library_export_keeps_a_link_like_title_as_text(engine: Engine) -> None:
    library(engine, use_cases=[uc("UC-1", "http://evil.example/login"), uc("UC-2", "=1+1")])
    book = openpyxl.load_workbook(io.BytesIO(export_workbook(engine)))
    sheet = book["Use cases"]
    titles = {row[0].value: row[1] for row in sheet.iter_rows(min_row=2)}
    assert titles["UC-1"].value == "http://evil.example/login" and titles["UC-1"].hyperlink is None
    assert titles["UC-2"].value == "=1+1" and titles["UC-2"].data_type == "s"
    assert openpyxl.load_workbook(io.BytesIO(template_workbook())).sheetnames[0] == "Read me"
