"""Reading a whole column at once gives what reading it cell by cell gives, for mixed columns.

The import reads a clean column in one pass (text, numbers, dates, lists of items); a column
holding anything else (numbers among text, blanks, dates as text, line breaks beside `;`) must
come out exactly as the per-cell readers say, or fail so that it is read cell by cell.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from lib.workbook import sheets
from lib.workbook.problems import CellError
from lib.workbook.reading import RawSheet
from lib.workbook.validation import parse_sheet, read_column, reader

FIELDS = [(spec, f) for spec in sheets.SHEETS for f in spec.fields]
list_text = st.lists(
    st.sampled_from(["Healthcare", " CIO ", "a;b", "x\ny", "\r\n", ";", "", "  ", "Retail\u2028"]),
    max_size=4,
).map("".join)
mixed_cell = st.one_of(
    st.none(),
    st.just(""),
    list_text,
    st.text(max_size=12),
    st.floats(allow_nan=False, allow_infinity=False),
    st.integers(min_value=-1000, max_value=1000),
    st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2040, 1, 1)),
    st.sampled_from(["2026-03-31", "public", " Internal ", "approved", "3.5", "1e3"]),
)


def _cell_by_cell(spec: sheets.Sheet, f: sheets.Field, raw: list[object]) -> list[object]:
    read = reader(spec, f)
    return [read(value) for value in raw]


@pytest.mark.parametrize(("spec", "f"), FIELDS, ids=[f"{s.name}.{f.name}" for s, f in FIELDS])
@settings(max_examples=15, deadline=None)
@given(raw=st.lists(mixed_cell, max_size=6))
@example(raw=["Healthcare\nRetail", "CIO; CFO", "", None, 2.0, "b;a;a"])
def test_a_column_reads_as_its_cells_do(
    spec: sheets.Sheet, f: sheets.Field, raw: list[object]
) -> None:
    _reads_as_its_cells_do(spec, f, raw)


def _reads_as_its_cells_do(spec: sheets.Sheet, f: sheets.Field, raw: list[object]) -> None:
    try:
        expected = _cell_by_cell(spec, f, raw)
    except CellError:
        with pytest.raises(CellError):
            read_column(spec, f, list(raw))
        return
    assert read_column(spec, f, list(raw)) == expected


# Columns of text only, shaped like list, steps and extensions cells: the import reads such a
# column without a call per cell (one item per cell when no cell holds `;` or a line break).
text_cell = st.one_of(
    st.just(""),
    st.sampled_from(["  ", "Healthcare", " CIO ", "1. Open\n2) Pay", " 3.x", "2a. Card: retry"]),
    list_text,
    st.lists(
        st.sampled_from(["1. ", "2)", " 10 . ", "a", "b;c", "\n", "\r", "\u2028", "\x0b", " "]),
        max_size=6,
    ).map("".join),
    st.text(max_size=12),
)
TEXT_FIELDS = [(s, f) for s, f in FIELDS if f.kind in ("list", "steps", "extensions")]


@pytest.mark.parametrize(
    ("spec", "f"), TEXT_FIELDS, ids=[f"{s.name}.{f.name}" for s, f in TEXT_FIELDS]
)
@settings(max_examples=40, deadline=None)
@given(raw=st.lists(text_cell, max_size=8))
@example(raw=["CIO", " CFO ", "", "  "])
@example(raw=["CIO", "a;b"])
def test_a_text_column_reads_as_its_cells_do(
    spec: sheets.Sheet, f: sheets.Field, raw: list[object]
) -> None:
    _reads_as_its_cells_do(spec, f, raw)


@pytest.mark.parametrize(
    ("names", "too_long_rows"),
    [
        (["x" * 201, "y" * 200], [2]),  # every cell text: the longest as read decides
        ([12.0, "y" * 201, "z" * 200], [3]),  # a number among text: each value is measured
        ([" " + "z" * 200 + " ", "y" * 199], []),  # trimmed to 200 characters: it fits
        ([" " + "z" * 201 + " ", 7.0], [2]),
    ],
)
def test_the_length_check_reports_every_value_too_long_and_only_those(
    names: list[object], too_long_rows: list[int]
) -> None:
    rows: list[list[object]] = [["id", "name"]]
    rows += [[f"P{n}", name] for n, name in enumerate(names)]
    parsed, problems = parse_sheet(RawSheet(sheets.PERSONAS, "Personas", rows), "p.xlsx")
    assert [(p.row, p.column) for p in problems] == [(r, "name") for r in too_long_rows]
    assert all(p.message.endswith("at most 200 fit") for p in problems)
    assert len(parsed.records) == len(names)


@given(
    st.lists(
        st.one_of(
            st.none(),
            st.sampled_from(["", "CIO", "Healthcare"]),
            st.lists(st.sampled_from(["CIO", "CFO", "SMB"]), max_size=3),
        ),
        max_size=8,
    )
)
def test_the_ids_a_reference_column_names_are_gathered_whole_as_one_by_one(
    named: list[object],
) -> None:
    from lib.workbook.validation import _mentioned

    expected: set[object] = set()
    for value in named:
        if isinstance(value, list):
            expected.update(value)
        elif value:
            expected.add(value)
    assert _mentioned(named) == expected


@pytest.mark.parametrize(
    ("rows", "kept_whole"),
    [
        ([["id", "name", "goals"], ["CIO", "Chief", "a;b"], ["CFO", "Money", ""]], True),
        ([["id", "name", "goals"], ["CIO", "C", "a"], ["", "", ""], ["CFO", "M", "x\ny"]], True),
        ([["id", "name", "goals"], ["CIO", "Chief", "a"], ["CIO", "Again", "b"]], False),
    ],
)
def test_a_first_import_writes_the_columns_its_records_hold(
    rows: list[list[object]], kept_whole: bool
) -> None:
    """The columns kept from parsing, written as they are when every record is added, hold
    what the records say, column by column; a sheet with a repeated id keeps none."""
    from lib.workbook.bulk import as_columns
    from lib.workbook.importing import _columns_of

    parsed, _problems = parse_sheet(RawSheet(sheets.PERSONAS, "Personas", rows), "p.xlsx")
    ids = list(parsed.records)
    names = ["id", "name", "goals"]
    expected = as_columns([parsed.records[uid] for uid in ids], names)
    assert _columns_of(parsed, ids, names) == expected
    assert bool(parsed.by_column) == kept_whole
    assert _columns_of(parsed, ids[:1], names) == as_columns([parsed.records[ids[0]]], names)
