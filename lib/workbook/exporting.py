"""Export: the whole library as one workbook in the import format.

Every text value is written with `write_string`, so text starting with `=`, `+`, `-` or `@`
stays text in Excel (never a formula) and reads back verbatim. A value too long for one cell
(stored before the editor and the import measured cells) stops the export with the records to
shorten, rather than being cut: a re-import of a cut cell would cut the library too.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from typing import Any

import xlsxwriter
from sqlalchemy import Engine, Text, cast, func, or_, select

from lib.core import xlsx
from lib.core.limits import CELL_CHARACTERS
from lib.workbook import bulk, cells, sheets
from lib.workbook.layout import Formats, cell_format, formats, lay_out
from lib.workbook.stored import load_records, table
from lib.workbook.template import add_read_me

_NOT_TEXT = ("date", "number", "count")
# A list is stored as JSON: each item costs at least its text and 2 quotes (and `, ` between
# items), and gains at most 8 characters once written ("12345. " and a line break), so no list
# whose JSON is shorter than a quarter of a cell can outgrow one.
_NEAR_LIST = CELL_CHARACTERS // 4
_LISTS = ("list", "steps", "extensions")
_CUT = -2  # what xlsxwriter's write_string returns for a string it cut to one cell's length


class TooLongForExport(Exception):
    """Some stored text does not fit in a workbook cell; the message names each one."""


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
    cut: list[str] = []
    for spec in sheets.SHEETS:
        cut += write_sheet(book, spec, list(records[spec.name].values()), fmt)
    add_read_me(book, fmt, first=False)
    book.close()
    if cut:
        raise TooLongForExport(too_long_message("The library was not exported", cut))
    return buffer.getvalue()


def too_long_to_export(engine: Engine) -> list[str]:
    """The stored values an export would refuse (see `export_workbook`), found without building
    the workbook: the database measures every text and list column, and only the rare record
    whose stored value could be near a cell's limit is written out and measured exactly."""
    cut: list[str] = []
    with engine.connect() as conn:
        for spec in sheets.SHEETS:
            t = table(spec)
            fields = [f for f in spec.fields if f.name in t.c and f.kind not in _NOT_TEXT]
            near = [
                func.length(cast(t.c[f.name], Text))
                > (_NEAR_LIST if f.kind in _LISTS else CELL_CHARACTERS)
                for f in fields
            ]
            if not near:
                continue
            ids = list(conn.scalars(select(t.c.id).where(or_(*near))))
            if not ids:
                continue
            records = load_records(conn, spec, ids)
            for record in records.values():
                for f in fields:
                    value = _writer(f)(record.get(f.name))
                    if type(value) is str and len(value) > CELL_CHARACTERS:
                        which = f"{record['id']}, {len(value):,} characters"
                        cut.append(f"sheet {spec.name}, column {f.name} ({which})")
    return cut


def too_long_message(lead: str, cut: list[str]) -> str:
    """What to shorten before the library can be exported, after `lead`."""
    shown = "; ".join(cut[:10]) + (f"; and {len(cut) - 10:,} more" if len(cut) > 10 else "")
    return (
        f"{lead}: {len(cut):,} stored value(s) are longer than the "
        f"{CELL_CHARACTERS:,} characters a workbook cell holds and would be cut ({shown}). "
        "Shorten them in Manage (or split them over several fields) and export again."
    )


def write_sheet(
    book: xlsxwriter.Workbook, spec: sheets.Sheet, records: list[dict[str, Any]], fmt: Formats
) -> list[str]:
    """Write one sheet; return the cells that were too long to write whole (sheet, row,
    column, record id), each as a person finds it."""
    cut: list[str] = []
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
                if write_string(row, col, value, cell_fmt) == _CUT:
                    which = f"{record.get('id') or 'no id'}, {len(value):,} characters"
                    cut.append(f"sheet {spec.name}, row {row + 1}, column {name} ({which})")
            elif isinstance(value, dt.date):
                write_datetime(row, col, value, cell_fmt)
            else:
                write_number(row, col, value, cell_fmt)
    if records:
        sheet.autofilter(0, 0, len(records), len(spec.fields) - 1)
    return cut


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
