"""Opening the file: what kind it is, whether it is safe to read, and its sheets as rows.

Everything wrong with the file as a whole is a `WorkbookError` with a plain message naming
the file; what is wrong inside a sheet is left to `validation`.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO
from xml.etree import ElementTree

from python_calamine import CalamineError, CalamineWorkbook, SheetVisibleEnum

from lib.core import file_checks, identifiers
from lib.workbook import sheets
from lib.workbook.cells import key
from lib.workbook.problems import WorkbookError
from lib.workbook.sheet_xml import (
    SheetMarks,
    check_declarations,
    part_digest,
    scan_sheet,
    sheet_parts,
)

# The largest sheet an import reads: 300,000 rows (a library of 100,000 use cases has about
# 250,000 outcomes) and 100 columns (the widest sheet has 21, plus room for notes). The reader
# holds a sheet as a full grid of rows x columns, so one stray cell at row 1,048,576 or column
# XFD would otherwise cost gigabytes (or abort the process) for a file of a few kilobytes.
MAX_ROWS = 300_000
MAX_COLUMNS = 100
HEADER_SEARCH_ROWS = 10  # the header row may sit below this many title or blank rows, less one
ADVICE = file_checks.Advice(
    expected="a spreadsheet",
    called="workbook",
    password="remove the password in Excel (File > Info > Protect Workbook), save it and "
    "import it again",
    legacy_xls="open it in Excel and save it as an Excel Workbook (.xlsx)",
    utf16=" (what Excel's 'Unicode Text' writes); save it as UTF-8 instead: in Excel use "
    "Save As > 'CSV UTF-8 (Comma delimited) (*.csv)'",
    not_utf8="in Excel use Save As > 'CSV UTF-8 (Comma delimited)'",
)

_SHEET_KEYS: dict[str, sheets.Sheet] = {}
for _sheet in sheets.SHEETS:
    for _name in (_sheet.name, _sheet.entity, _sheet.entity + "s"):
        _SHEET_KEYS[key(_name)] = _sheet


@dataclass
class RawSheet:
    """One sheet as read: `rows[i]` is Excel row `i + 1`, cells as the reader gives them."""

    spec: sheets.Sheet
    title: str  # the sheet's name in the file (or the CSV file's name)
    rows: list[list[Any]]
    # cells that read as blank but are not, by (row, column) from 0: what they hold
    bad: dict[tuple[int, int], str] = field(default_factory=dict)
    hidden: bool = False
    # the digest of the sheet's XML part (`sheet_xml.part_digest`) when its scan found it
    # clean: no error cell, no formula without a saved value, within the limits
    clean_part: str | None = None


def sheet_for(name: str) -> sheets.Sheet | None:
    """The library sheet a sheet or CSV file name means (`use_cases`, `Use Cases`, ...)."""
    return _SHEET_KEYS.get(key(name))


def load_bytes(source: Path | bytes | BinaryIO, filename: str) -> bytes:
    if isinstance(source, bytes | bytearray | memoryview):
        return bytes(source)
    if isinstance(source, str | Path):
        return file_checks.read_path(Path(source), filename, ADVICE, WorkbookError)
    return source.read()


def read_sheets(
    source: Path | bytes | BinaryIO, filename: str, clean: Mapping[str, str] | None = None
) -> list[RawSheet]:
    """The library sheets in the file; raises `WorkbookError` for anything unreadable.

    `clean` maps sheet names to the digest of a sheet part found clean before: a sheet whose
    part has that digest holds the very XML that was scanned, so it is not unpacked and
    scanned again (the cell reader still reads it, and everything else is checked as ever).
    """
    data = load_bytes(source, filename)
    file_checks.refuse_wrong_kind(data, filename, ADVICE, WorkbookError)
    if data.startswith(file_checks.ZIP_MAGIC):
        return _read_xlsx(data, filename, clean or {})
    if Path(filename).suffix.lower() == ".csv":
        return [_read_csv(data, filename)]
    raise WorkbookError(
        f"{filename} is not a spreadsheet; import an Excel workbook (.xlsx) or a CSV file "
        "named after its sheet (e.g. outcomes.csv)"
    )


def _check_zip(data: bytes, filename: str) -> None:
    members = file_checks.workbook_members(
        data, filename, WorkbookError, parts=("xl/workbook.xml", "xl/workbook.bin")
    )
    file_checks.refuse_zip_bomb(
        members, len(data), filename, WorkbookError,
        "that is not a normal workbook, so it was not opened",
    )  # fmt: skip


# What a sheet part's scan applies beside its markers: part of its digest.
_SCAN_LIMITS = f"{MAX_ROWS}x{MAX_COLUMNS}"


def _read_xlsx(data: bytes, filename: str, clean: Mapping[str, str]) -> list[RawSheet]:
    _check_zip(data, filename)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        check_declarations(archive, filename)
        parts = sheet_parts(archive, filename)
        for title, part in parts.items():
            if part is None and sheet_for(title) is not None:
                raise WorkbookError(
                    f"{filename} is damaged: it lists the sheet {title!r} but the sheet's cells "
                    "are missing from the file. Open it in Excel and save it again (Excel "
                    "repairs what it can), or export the workbook again from where it came from"
                )
        try:
            book = CalamineWorkbook.from_filelike(io.BytesIO(data))
            hidden = {m.name for m in book.sheets_metadata if m.visible != SheetVisibleEnum.Visible}
            found: dict[str, RawSheet] = {}
            for title in book.sheet_names:
                spec = sheet_for(title)
                if spec is None:
                    continue
                if spec.name in found:
                    raise WorkbookError(
                        f"{filename} has two sheets for {spec.name}: "
                        f"{found[spec.name].title!r} and {title!r}; keep one"
                    )
                part = parts.get(title)
                digest = part_digest(data, archive.getinfo(part), _SCAN_LIMITS) if part else None
                known = digest is not None and clean.get(spec.name) == digest
                # The sheet's XML is unpacked once, for its extent and its marked cells (not
                # at all when it is the very part found clean before).
                xml = archive.read(part) if part and not known else None
                if not part:
                    check_extent(data, title, filename)
                elif xml is not None:
                    _refuse_extent(_extent(xml), title, filename)
                sheet = book.get_sheet_by_name(title)
                rows = sheet.to_python(skip_empty_area=False)
                # merged ranges as the reader found them (rows and columns from 0)
                merged = [(*first, *last) for first, last in sheet.merged_cell_ranges or ()]
                del sheet  # the reader's copy of the cells, as large as the rows
                marks = scan_sheet(archive, part, xml) if xml is not None else SheetMarks()
                del xml
                _spread_merged(rows, merged)
                found[spec.name] = RawSheet(
                    spec,
                    title,
                    rows,
                    marks.bad,
                    title in hidden,
                    digest if digest is not None and not marks.bad else None,
                )
        except CalamineError as error:
            raise WorkbookError(file_checks.unreadable_workbook(filename, str(error))) from None
        except ElementTree.ParseError as error:
            raise WorkbookError(
                file_checks.unreadable_workbook(filename, f"damaged sheet XML: {error}")
            ) from None
    if not found:
        raise WorkbookError(
            f"{filename} has none of the library's sheets "
            f"({', '.join(s.name for s in sheets.SHEETS)})"
        )
    return [found[name] for name in sheets.BY_NAME if name in found]


def _spread_merged(rows: list[list[Any]], merged: list[tuple[int, int, int, int]]) -> None:
    """Give every row a merged range covers the range's value (the reader gives it blanks).

    Only down the rows: a range merged across columns is a title or a header spanning them,
    not one value for each column.
    """
    for first_row, column, last_row, _last_column in merged:
        if first_row >= len(rows) or column >= len(rows[first_row]):
            continue
        value = rows[first_row][column]
        for r in range(first_row + 1, min(last_row, len(rows) - 1) + 1):
            row = rows[r]
            if column < len(row) and row[column] in ("", None):
                row[column] = value


_SHEET = re.compile(rb"<(?:\w+:)?sheet\b[^>]*>")
_ATTRIBUTE = re.compile(rb"""([\w:]+)\s*=\s*("[^"]*"|'[^']*')""")
_RELATIONSHIP = re.compile(rb"<(?:\w+:)?Relationship\b[^>]*>")
_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\b[^>]*\bref\s*=\s*[\"']([^\"']+)[\"']")
_CELL_REF = re.compile(rb"([A-Z]{1,3})([0-9]{1,7})")
# A cell or row reference beyond the limits, found without reading every one: three-letter
# columns (past ZZ), two-letter ones from CW on, or rows of six digits or more; then checked
# exactly. The literal `r="` keeps the scan fast; other spellings of the attribute fall back
# to reading every reference.
_FAR = re.compile(rb'r="(?:[A-Z]{3}|C[W-Z]|[D-Z][A-Z]|[A-Z]{0,2}[0-9]{6})')
# The one pass over every reference: it passes over the common ones (at most one letter, at
# most five digits, the closing quote) in a single step each, and stops at every other `r="`
# (each `_FAR` match among them, checked with `_FAR` there) and at `r=` spelled with a single
# quote or a space after it. Spaces before the `=` are found by a second pass from the `=`
# (a literal first byte keeps it fast), then looked at closely only where there are some.
_UNUSUAL = re.compile(rb"""r=(?:"(?![A-Z]?+[0-9]{1,5}+")[A-Z0-9]|['\s])""")
_SPACED_EQUALS = re.compile(rb"=(?<=\s=)")
_SPACED_R = re.compile(rb"r\s+=")
_UNUSUAL_LOOKS = 64  # unusual references looked at one by one before `_FAR` takes over
_ROW_OR_CELL = re.compile(rb"""<(?:\w+:)?(?:row|c)\b[^>]*?\br\s*=\s*["']([A-Z]{0,3})([0-9]+)["']""")


def _attributes(tag: bytes) -> dict[str, str]:
    return {
        name.decode().rsplit(":", 1)[-1] if name != b"r:id" else "r:id": value[1:-1].decode()
        for name, value in _ATTRIBUTE.findall(tag)
    }


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


def _column_letters(number: int) -> str:
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _sheet_part(archive: zipfile.ZipFile, title: str) -> str | None:
    """The zip member holding sheet `title`, from the workbook and its relationships."""
    try:
        workbook = archive.read("xl/workbook.xml")
        rels = archive.read("xl/_rels/workbook.xml.rels")
    except KeyError:
        return None
    rid = None
    for tag in _SHEET.findall(workbook):
        attributes = _attributes(tag)
        if attributes.get("name") == title:
            rid = attributes.get("r:id") or attributes.get("id")
    for tag in _RELATIONSHIP.findall(rels):
        attributes = _attributes(tag)
        if rid is not None and attributes.get("Id") == rid:
            target = attributes.get("Target", "").lstrip("/")
            return target if target.startswith("xl/") else f"xl/{target}"
    return None


def _extent(xml: bytes) -> tuple[int, int]:
    """(last row, last column) of the cells and rows in a sheet's XML."""
    rows = columns = 0
    dimension = _DIMENSION.search(xml, 0, 4096)
    if dimension is not None and _only_near_references(xml):
        for letters, digits in _CELL_REF.findall(dimension.group(1)):
            rows = max(rows, int(digits))
            columns = max(columns, _column_number(letters.decode()))
        return rows, columns
    for letters, digits in _ROW_OR_CELL.findall(xml):
        rows = max(rows, int(digits))
        if letters:
            columns = max(columns, _column_number(letters.decode()))
    return rows, columns


def _only_near_references(xml: bytes) -> bool:
    """True when every `r` attribute is spelled `r="..."` and none could lie beyond the limits
    (so the sheet's stated dimension can be trusted)."""
    at = 0
    for _ in range(_UNUSUAL_LOOKS):
        found = _UNUSUAL.search(xml, at)
        if found is None:
            break
        if xml[found.end() - 1] in b"' \t\n\r\f\v" or _FAR.match(xml, found.start()):
            return False  # a reference spelled otherwise, or one far away
        at = found.start() + 1  # `header="0.3"` and the like
    else:
        if _FAR.search(xml, at):
            return False
    return not (_SPACED_EQUALS.search(xml) and _SPACED_R.search(xml))


def check_extent(data: bytes, title: str, filename: str) -> None:
    """Refuse a sheet reaching past `MAX_ROWS` rows or `MAX_COLUMNS` columns before reading it.

    The sheet's stated dimension is trusted only when no cell or row reference in the sheet
    could lie beyond the limits (one fast scan); otherwise every reference is read.
    """
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        part = _sheet_part(archive, title)
        if part is None or part not in archive.namelist():
            return  # the reader reports a workbook it cannot follow
        xml = archive.read(part)
    _refuse_extent(_extent(xml), title, filename)


def _refuse_extent(extent: tuple[int, int], title: str, filename: str) -> None:
    rows, columns = extent
    if rows > MAX_ROWS:
        raise WorkbookError(
            f"{filename}: sheet {title!r} reaches row {rows:,}; an import reads at most "
            f"{MAX_ROWS:,} rows per sheet. Delete the empty rows below your data (select them, "
            "right-click > Delete) or split the sheet across files"
        )
    if columns > MAX_COLUMNS:
        raise WorkbookError(
            f"{filename}: sheet {title!r} reaches column {_column_letters(columns)}; an import "
            f"reads at most {MAX_COLUMNS} columns per sheet (A to {_column_letters(MAX_COLUMNS)}). "
            "Delete the columns right of your data"
        )


def _read_csv(data: bytes, filename: str) -> RawSheet:
    spec = sheet_for(Path(filename).stem)
    if spec is None:
        names = ", ".join(f"{s.name.lower().replace(' ', '_')}.csv" for s in sheets.SHEETS)
        raise WorkbookError(f"{filename}: a CSV file is named after the sheet it holds ({names})")
    text = file_checks.decode_csv(data, filename, ADVICE, WorkbookError)
    rows = _csv_rows(text, filename)
    return RawSheet(spec, spec.name, rows)


def _csv_rows(text: str, filename: str) -> list[list[Any]]:
    """The rows of a CSV text; a quote that is never closed is reported where it opened.

    Read strictly first, since only a strict reader notices that the file ended inside a
    quoted cell (which a forgiving one reads as one cell swallowing every row after it);
    other strict complaints (text after a closing quote) keep the forgiving reading. Either
    way, a quoted cell whose lines read as rows of their own is a stray quote closed rows
    later, and is reported with the rows it swallowed.
    """
    delimiter = _delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows: list[list[Any]] = []
    spans: list[tuple[int, int]] = []  # the file lines (from 1) each row was read from
    last_line = 0
    try:
        for row in reader:
            rows.append(row)
            spans.append((last_line + 1, reader.line_num))
            last_line = reader.line_num
            if len(rows) > MAX_ROWS:
                raise WorkbookError(
                    f"{filename} has more than {MAX_ROWS:,} rows; an import reads at most "
                    f"{MAX_ROWS:,} rows per sheet. Split it across files"
                )
    except csv.Error as error:
        if "unexpected end of data" in str(error):
            raise WorkbookError(
                f"{filename}, row {len(rows) + 1} (line {last_line + 1} of the file): a quoted "
                "cell opens on this row and is never closed, so every row after it would be "
                'read into that one cell. Add the missing closing quote (") or remove the '
                "stray one, then import the file again"
            ) from None
        rows, spans = [], []
        last_line = 0
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        try:
            for row in reader:
                rows.append(row)
                spans.append((last_line + 1, reader.line_num))
                last_line = reader.line_num
        except csv.Error as error:
            raise WorkbookError(f"{filename} could not be read as CSV: {error}") from None
    _check_swallowed(text, delimiter, rows, spans, filename)
    return rows


def _check_swallowed(
    text: str,
    delimiter: str,
    rows: list[list[Any]],
    spans: list[tuple[int, int]],
    filename: str,
) -> None:
    """Refuse a quoted cell that swallowed whole rows: a stray quote closed rows later.

    A cell may rightly run over several lines (steps, lists), but not over lines that read,
    on their own, as a row of the sheet: as many cells as the header, and an id where the
    header has its `id` column. Only rows read from more than one line are looked at, so a
    file without multi-line cells costs one pass over the spans.
    """
    multi = [n for n, (first, last) in enumerate(spans) if last > first]
    if not multi:
        return
    header_at = next(
        (n for n, row in enumerate(rows[:HEADER_SEARCH_ROWS]) if any(key(c) == "id" for c in row)),
        None,
    )
    if header_at is None:
        return
    header = rows[header_at]
    width = len(header)
    id_column = next(i for i, c in enumerate(header) if key(c) == "id")
    lines = io.StringIO(text, newline="").readlines()
    for n in multi:
        if n <= header_at:
            continue
        first, last = spans[n]
        swallowed: list[tuple[int, str]] = []
        for number in range(first + 1, last + 1):
            fields = next(csv.reader([lines[number - 1]], delimiter=delimiter), [])
            if len(fields) == width and width >= 2:
                uid = fields[id_column].strip()
                if uid and not identifiers.name_id_problem(uid) and len(uid) <= 100:
                    swallowed.append((number, uid))
        if swallowed:
            shown = ", ".join(f"line {number} ({uid})" for number, uid in swallowed[:10])
            more = f" and {len(swallowed) - 10} more" if len(swallowed) > 10 else ""
            raise WorkbookError(
                f"{filename}, row {n + 1} (line {first} of the file): a quoted cell opens on "
                f"this row and only closes on line {last}, so it swallows what reads as "
                f"{len(swallowed)} row(s) of their own: {shown}{more}. Nothing was imported. "
                'Add the missing closing quote (") or remove the stray one, then import the '
                "file again"
            )


def _delimiter(text: str) -> str:
    """The separator under which a line near the top reads as a header with an `id` column."""
    top = text.splitlines()[:HEADER_SEARCH_ROWS]
    for delimiter in file_checks.CSV_DELIMITERS:
        for fields in csv.reader(top, delimiter=delimiter):
            if any(key(field) == "id" for field in fields):
                return delimiter
    return ","
