"""How a library sheet looks in Excel: bold frozen header, column widths, wrapped text and
dropdowns for the columns with fixed choices. Shared by the export and the template."""

from __future__ import annotations

from dataclasses import dataclass

from xlsxwriter.format import Format
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from lib.workbook import sheets

LAST_ROW = 1_048_575  # Excel's last row (0-based): dropdowns cover the whole column
WRAP_FROM_WIDTH = 28  # columns this wide hold sentences: wrap them


@dataclass
class Formats:
    header: Format
    text: Format
    wrap: Format
    date: Format
    number: Format


def formats(book: Workbook) -> Formats:
    return Formats(
        header=book.add_format(
            {"bold": True, "bg_color": "#DDE7F0", "border": 1, "valign": "top", "text_wrap": True}
        ),
        text=book.add_format({"valign": "top", "num_format": "@"}),
        wrap=book.add_format({"valign": "top", "text_wrap": True, "num_format": "@"}),
        date=book.add_format({"valign": "top", "num_format": "yyyy-mm-dd"}),
        number=book.add_format({"valign": "top"}),
    )


def cell_format(f: sheets.Field, fmt: Formats) -> Format:
    if f.kind == "date":
        return fmt.date
    if f.kind in ("number", "count"):
        return fmt.number
    if f.kind in ("list", "steps", "extensions") or f.width >= WRAP_FROM_WIDTH:
        return fmt.wrap
    return fmt.text


def lay_out(sheet: Worksheet, spec: sheets.Sheet, fmt: Formats) -> None:
    """Header row, widths, frozen panes and dropdowns for one library sheet."""
    for col, f in enumerate(spec.fields):
        sheet.write_string(0, col, f.name, fmt.header)
        sheet.set_column(col, col, f.width, cell_format(f, fmt))
        if f.choices and f.kind != "list":  # a list of choices is typed: notes say which
            sheet.data_validation(
                1,
                col,
                LAST_ROW,
                col,
                {
                    "validate": "list",
                    "source": list(f.choices),
                    "error_title": f"Unknown {f.name}",
                    "error_message": f"Pick one of: {', '.join(f.choices)}",
                },
            )
    sheet.freeze_panes(1, 1)
