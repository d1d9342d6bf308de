"""The question workbook sets each row's height from its longest wrapped cell, so LibreOffice
(which does not grow rows on its own for such files) shows every line without overlap."""

from __future__ import annotations

import io
import math
import textwrap

import openpyxl
import pytest
from sqlalchemy import Engine

from lib.callprep.packs import build_pack, render
from lib.callprep.packs.questions_xlsx import (
    COLUMNS,
    LINE_HEIGHT,
    MIN_LINES,
    row_height,
    wrapped_lines,
)
from lib.callprep.prospect import Prospect
from tests.builders import library, question
from tests.callprep_data import TODAY, rep_library

LONG = (
    "When a clinician needs a patient's full history during a consultation, how many separate "
    "systems do they open, how long does each one take to load, and what do they do when two "
    "of them disagree about the current medication list or the latest lab results?"
)


@pytest.mark.parametrize(
    ("text", "width", "lines"),
    [
        ("", 60, 1),
        ("Short", 60, 1),
        ("a" * 10 + " " + "b" * 10, 12, 2),
        ("one\ntwo\nthree", 60, 3),
        (LONG, 60, len(textwrap.wrap(LONG, 59))),
    ],
)
def test_wrapped_lines(text: str, width: int, lines: int) -> None:
    assert wrapped_lines(text, width) == lines


def test_a_row_is_as_tall_as_its_longest_cell_and_never_below_the_minimum() -> None:
    widths = [w for _, w in COLUMNS]
    assert row_height(["1", "Situation", "Short?"], widths, MIN_LINES) == pytest.approx(
        MIN_LINES * LINE_HEIGHT + 3
    )
    tall = row_height(["1", "Problem", LONG, "x"], widths, MIN_LINES)
    assert tall >= wrapped_lines(LONG, 60) * LINE_HEIGHT


def test_the_sheet_rows_fit_their_wrapped_text(engine: Engine) -> None:
    rep_library(engine)
    library(engine, questions=[question("Q-LONG", LONG, stage="problem")])
    prospect = Prospect(
        company="Acme", industry="Healthcare", company_size="Mid-market", personas=("CIO",),
        pains="", objective="", date=TODAY,
    )  # fmt: skip
    pack = build_pack(engine, prospect, ["UC-REC"], today=TODAY)
    ws = openpyxl.load_workbook(io.BytesIO(render(pack, "xlsx").data)).active
    widths = [ws.column_dimensions[openpyxl.utils.get_column_letter(c)].width for c in range(1, 9)]
    for row in ws.iter_rows(min_row=1):
        height = ws.row_dimensions[row[0].row].height
        assert height is not None, f"row {row[0].row} has no height"
        for cell, width in zip(row, widths, strict=False):
            text = "" if cell.value is None else str(cell.value)
            # Every line of every cell fits: characters per line are at most the column width.
            needed = sum(max(1, math.ceil(len(p) / max(1, width - 1))) for p in text.split("\n"))
            assert height >= needed * LINE_HEIGHT, (row[0].row, text)
    long_row = next(r for r in ws.iter_rows(min_row=2) if r[2].value == LONG)
    assert ws.row_dimensions[long_row[0].row].height >= 4 * LINE_HEIGHT
