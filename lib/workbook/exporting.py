"""Export: the whole library as one workbook in the import format.

Every text value is written with `write_string`, so text starting with `=`, `+`, `-` or `@`
stays text in Excel (never a formula) and reads back verbatim.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from typing import Any

import xlsxwriter
from sqlalchemy import Engine

from lib.core import xlsx
from lib.workbook import bulk, cells, sheets
from lib.workbook.layout import Formats, cell_format, formats, lay_out
from lib.workbook.stored import load_records
from lib.workbook.template import add_read_me


def export_workbook(engine: Engine) -> bytes:
    """The whole library as `.xlsx` bytes, one sheet per record kind."""
    with bulk.collector_paused():  # millions of small objects, none in cycles
        return _export(engine)


def _export(engine: Engine) -> bytes:
    with engine.connect() as conn:
        records = {spec.name: load_records(conn, spec) for spec in sheets.SHEETS}
    buffer = io.BytesIO()
    # constant_memory: each row goes to a temporary file as soon as the next starts (rows are
    # written in order), so a 20,000-use-case export holds one row, not 1.3 million cells.
    book = xlsx.new_workbook(buffer, in_memory=False, constant_memory=True)
    fmt = formats(book)
    for spec in sheets.SHEETS:
        write_sheet(book, spec, list(records[spec.name].values()), fmt)
    add_read_me(book, fmt, first=False)
    book.close()
    return buffer.getvalue()


def write_sheet(
    book: xlsxwriter.Workbook, spec: sheets.Sheet, records: list[dict[str, Any]], fmt: Formats
) -> None:
    sheet = book.add_worksheet(spec.name)
    lay_out(sheet, spec, fmt)
    writers = [(col, f.name, _writer(f), cell_format(f, fmt)) for col, f in enumerate(spec.fields)]
    write_string = sheet.write_string
    write_number = sheet.write_number
    write_datetime = sheet.write_datetime
    for row, record in enumerate(records, 1):
        for col, name, to_cell, cell_fmt in writers:
            value = to_cell(record.get(name))
            if value is None or value == "":
                continue
            if type(value) is str:
                write_string(row, col, value, cell_fmt)
            elif isinstance(value, dt.date):
                write_datetime(row, col, value, cell_fmt)
            else:
                write_number(row, col, value, cell_fmt)
    if records:
        sheet.autofilter(0, 0, len(records), len(spec.fields) - 1)


def _as_is(value: Any) -> Any:
    return value


def _writer(f: sheets.Field) -> Callable[[Any], Any]:
    if f.kind == "list":
        return lambda v: cells.write_list(v) if v else None
    if f.kind == "steps":
        return lambda v: cells.write_steps(v) if v else None
    if f.kind == "extensions":
        return lambda v: cells.write_extensions(v) if v else None
    return _as_is
