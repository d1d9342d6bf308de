"""The empty template: a Read me, every sheet with its header, dropdowns and frozen header."""

from __future__ import annotations

import io

import openpyxl
from sqlalchemy import Engine

from lib.workbook import plan_import, sheets, template_workbook


def test_template_has_read_me_headers_dropdowns_and_frozen_rows() -> None:
    book = openpyxl.load_workbook(io.BytesIO(template_workbook()))
    assert book.sheetnames == ["Read me", *(s.name for s in sheets.SHEETS)]
    assert "Extensions" in " ".join(str(c.value) for c in book["Read me"]["A"])
    for spec in sheets.SHEETS:
        sheet = book[spec.name]
        assert [c.value for c in sheet[1]] == spec.columns
        assert sheet.freeze_panes == "B2"
        validations = {
            next(iter(dv.sqref.ranges)).min_col: dv.formula1
            for dv in sheet.data_validations.dataValidation
        }
        # One choice per cell gets a dropdown; a list of choices (a scope) is typed, with notes.
        dropdowns = [f.choices and f.kind != "list" for f in spec.fields]
        for col, f in enumerate(spec.fields, 1):
            if dropdowns[col - 1]:
                assert validations[col] == '"' + ",".join(f.choices) + '"', (spec.name, f.name)
        assert len(validations) == sum(map(bool, dropdowns))
        width = sheet.column_dimensions[openpyxl.utils.get_column_letter(2)].width
        assert width > 8


def test_template_imports_as_an_empty_library(engine: Engine) -> None:
    plan = plan_import(engine, template_workbook(), "template.xlsx")
    assert plan.ok and not plan.has_changes
    assert set(plan.changes) == {s.name for s in sheets.SHEETS}
