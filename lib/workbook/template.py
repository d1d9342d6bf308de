"""The empty workbook marketing fills in, with a "Read me" sheet explaining each column."""

from __future__ import annotations

import io

import xlsxwriter

from lib.core import xlsx
from lib.workbook import sheets
from lib.workbook.layout import Formats, formats, lay_out

READ_ME = "Read me"

INTRO = (
    "Casebook library workbook",
    "",
    "One sheet per kind of record. Row 1 holds the column names; every record needs an id "
    "that never changes (re-importing updates records by id).",
    "Columns marked required must be filled in. Columns with a dropdown accept only its values.",
    "Lists (industries, personas, tags, preconditions, ...): one item per line "
    "(Alt+Enter in Excel), or separated by ';' on one line.",
    "Steps: numbered lines, '1. The shopper opens the catalog'. The numbers are for you; the "
    "order of the lines is the order of the steps.",
    "Extensions: one per line, '3a. Card declined: the shopper picks another card; the order "
    "is kept'. Handling steps are separated by ';'. Write '[exception]' before the condition "
    "for an exception path: '3b. [exception] Payment service down: ...'. The number is the "
    "main step the extension branches from ('*a' for any step); each label is used once.",
    "Dates: a date cell or ISO text (2026-03-31). Numbers: plain numbers; blank means unknown.",
    "References (use_case_id, persona_id, industries, ...) must name an id from the matching "
    "sheet of this workbook or of the library already loaded.",
    "Import: python -m lib import FILE (add --dry-run to check only; --replace also removes "
    "records missing from the sheets in the file).",
    "",
)


def template_workbook() -> bytes:
    """An empty library workbook: Read me first, then every sheet with headers and dropdowns."""
    buffer = io.BytesIO()
    book = xlsx.new_workbook(buffer)
    fmt = formats(book)
    add_read_me(book, fmt, first=True)
    for spec in sheets.SHEETS:
        lay_out(book.add_worksheet(spec.name), spec, fmt)
    book.close()
    return buffer.getvalue()


def add_read_me(book: xlsxwriter.Workbook, fmt: Formats, *, first: bool) -> None:
    """The sheet that explains the format; import ignores it."""
    sheet = book.add_worksheet(READ_ME)
    sheet.set_column(0, 0, 22)
    sheet.set_column(1, 1, 12)
    sheet.set_column(2, 2, 90)
    row = 0
    for line in INTRO:
        if line:
            sheet.write_string(row, 0, line, fmt.header if row == 0 else fmt.text)
        row += 1
    for spec in sheets.SHEETS:
        sheet.write_string(row, 0, f"{spec.name}: {spec.help}", fmt.header)
        row += 1
        for f in spec.fields:
            notes = [f.help] if f.help else []
            if f.choices and f.kind == "list":
                notes.append("one or more of: " + ", ".join(f.choices))
            elif f.choices:
                notes.append("one of: " + ", ".join(f.choices))
            if f.ref:
                notes.append(f"an id from {f.ref}")
            if f.kind != "text":
                notes.append(f"({f.kind})")
            sheet.write_string(row, 0, f.name, fmt.text)
            sheet.write_string(row, 1, "required" if f.required else "", fmt.text)
            sheet.write_string(row, 2, "; ".join(notes), fmt.wrap)
            row += 1
        row += 1
    if first:
        sheet.activate()
