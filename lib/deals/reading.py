"""Opening a CRM export (.xlsx or .csv) as rows of cells, or refusing it in plain words."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path
from typing import Any

from python_calamine import CalamineError, CalamineWorkbook

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
MAX_UNPACKED_BYTES = 1 << 30
MAX_ROWS = 500_000  # a CRM export of every deal a large company ever had fits
CSV_DELIMITERS = (",", ";", "\t")


class ExportFileError(ValueError):
    """The file as a whole cannot be read; the message names it and says what to do."""


def read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise ExportFileError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise ExportFileError(f"{path} is a folder, not a CRM export") from None
    except OSError as error:
        raise ExportFileError(f"{path} could not be opened: {error.strerror}") from None


def read_rows(data: bytes, filename: str) -> list[tuple[str, list[list[Any]]]]:
    """(sheet title, rows) for each sheet of the file: one for a CSV."""
    if not data.strip():
        raise ExportFileError(f"{filename} is empty")
    if data.startswith(OLE2_MAGIC):
        if "EncryptedPackage".encode("utf-16-le") in data:
            raise ExportFileError(
                f"{filename} is password-protected; remove the password in Excel, save it and "
                "import it again"
            )
        raise ExportFileError(
            f"{filename} is a legacy Excel 97-2003 (.xls) file; export the report again as "
            ".xlsx or .csv, or save it in Excel as an Excel Workbook (.xlsx)"
        )
    if data.startswith(ZIP_MAGIC):
        return _xlsx(data, filename)
    return [(Path(filename).name, _csv(data, filename))]


def _xlsx(data: bytes, filename: str) -> list[tuple[str, list[list[Any]]]]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise ExportFileError(
            f"{filename} is not a spreadsheet (a damaged or unknown file)"
        ) from None
    if "xl/workbook.xml" not in {m.filename for m in members}:
        raise ExportFileError(f"{filename} is a zip file, not an Excel workbook (.xlsx)")
    if sum(m.file_size for m in members) > MAX_UNPACKED_BYTES:
        raise ExportFileError(f"{filename} would unpack to more than 1 GB; it was not opened")
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
        raise ExportFileError(
            f"{filename} could not be read as a workbook ({error}); open it in Excel and save "
            "it again as an Excel Workbook (.xlsx)"
        ) from None


def _csv(data: bytes, filename: str) -> list[list[Any]]:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ExportFileError(
            f"{filename} is UTF-16 text; export it again as CSV (UTF-8), or in Excel use "
            "Save As > 'CSV UTF-8 (Comma delimited)'"
        )
    if b"\x00" in data:
        raise ExportFileError(f"{filename} is not a CSV or .xlsx file (it holds binary data)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:  # Salesforce's classic exports are often Windows-1252
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            raise ExportFileError(
                f"{filename} is not UTF-8 text; export it again as CSV (UTF-8)"
            ) from None
    lines = text.splitlines()[:10]
    delimiter = max(CSV_DELIMITERS, key=lambda d: sum(line.count(d) for line in lines))
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
