"""Opening a CRM export (.xlsx or .csv) as rows of cells, or refusing it in plain words."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from python_calamine import CalamineError, CalamineWorkbook

from lib.core import file_checks

MAX_ROWS = 500_000  # a CRM export of every deal a large company ever had fits
ADVICE = file_checks.Advice(
    expected="a CRM export",
    called="file",
    password="remove the password in Excel, save it and import it again",
    legacy_xls="export the report again as .xlsx or .csv, or save it in Excel as an Excel "
    "Workbook (.xlsx)",
    utf16="; export it again as CSV (UTF-8), or in Excel use Save As > 'CSV UTF-8 (Comma "
    "delimited)'",
    not_utf8="export it again as CSV (UTF-8)",
    binary="a CSV or .xlsx file",
    fallback_encoding="cp1252",  # Salesforce's classic exports are often Windows-1252
)


class ExportFileError(ValueError):
    """The file as a whole cannot be read; the message names it and says what to do."""


def read_bytes(path: Path) -> bytes:
    return file_checks.read_path(path, str(path), ADVICE, ExportFileError)


def read_rows(data: bytes, filename: str) -> list[tuple[str, list[list[Any]]]]:
    """(sheet title, rows) for each sheet of the file: one for a CSV."""
    file_checks.refuse_wrong_kind(data, filename, ADVICE, ExportFileError)
    if data.startswith(file_checks.ZIP_MAGIC):
        return _xlsx(data, filename)
    return [(Path(filename).name, _csv(data, filename))]


def _xlsx(data: bytes, filename: str) -> list[tuple[str, list[list[Any]]]]:
    members = file_checks.workbook_members(data, filename, ExportFileError)
    file_checks.refuse_zip_bomb(members, len(data), filename, ExportFileError, "it was not opened")
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheets = []
        for title in book.sheet_names:
            sheet = book.get_sheet_by_name(title)
            if sheet.height > MAX_ROWS:
                raise ExportFileError(
                    f"{filename}, sheet {title!r}, reaches row {sheet.height:,}; a deals "
                    f"import reads at most {MAX_ROWS:,} rows. Split the export"
                )
            sheets.append((title, sheet.to_python(skip_empty_area=False)))
        return sheets
    except CalamineError as error:
        raise ExportFileError(file_checks.unreadable_workbook(filename, str(error))) from None


def _csv(data: bytes, filename: str) -> list[list[Any]]:
    text = file_checks.decode_csv(data, filename, ADVICE, ExportFileError)
    lines = text.splitlines()[:10]
    delimiter = max(file_checks.CSV_DELIMITERS, key=lambda d: sum(line.count(d) for line in lines))
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True))
    except csv.Error as error:
        raise ExportFileError(
            f"{filename} could not be read as CSV ({error}); a quoted cell may be missing its "
            "closing quote"
        ) from None
    if len(rows) > MAX_ROWS:
        raise ExportFileError(
            f"{filename} has {len(rows):,} rows; a deals import reads at most {MAX_ROWS:,}. "
            "Split the export"
        )
    return rows
