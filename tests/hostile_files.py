"""A corpus of hostile and broken files for the import, each with what the import must answer.

    python -m tests.hostile_files OUT_FOLDER     # write every file, to try them by hand

Each case is a file name, a function that writes the file into a folder (big ones are made
cheaply, by writing the sheet XML or forging zip headers, never by building them in memory
cell by cell), the exit status `python -m lib import` must give, and a regular expression its
message must match. A case that must fail must also leave the database exactly as it was.
"""

from __future__ import annotations

import functools
import io
import random
import re
import struct
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import xlsxwriter

from tests import xlsx_parts
from tests.workbook_support import ole2, zip_of

HEADER = ["id", "title", "status"]
ROW = ["UC-H1", "Send a quote", "draft"]


@dataclass(frozen=True)
class Case:
    name: str  # the file's name: its suffix matters to the import
    make: Callable[[Path], None]  # writes the file at the given path
    status: int  # exit status of `python -m lib import`
    message: str  # regular expression the printed message must match

    def write(self, folder: Path) -> Path:
        path = folder / self.name
        self.make(path)
        return path


def _bytes(data: bytes) -> Callable[[Path], None]:
    return lambda path: path.write_bytes(data)


def _built(build: Callable[[], bytes]) -> Callable[[Path], None]:
    """A file whose bytes cost something to make (xlsxwriter writing a cell a million rows or
    16,000 columns out takes up to a third of a second): made by the first test that writes
    it, once per process, not by every process that imports the corpus."""
    made = functools.cache(build)
    return lambda path: path.write_bytes(made())


def workbook(
    sheets: dict[str, list[list[object]]], far_cell: tuple[int, int] | None = None
) -> bytes:
    """A small real workbook; `far_cell` adds one cell at (row, column), 0-based."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    for name, rows in sheets.items():
        sheet = book.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value is not None:
                    sheet.write(r, c, value)
        if far_cell is not None:
            sheet.write_string(*far_cell, "x")
    book.close()
    return buffer.getvalue()


def _rezip(data: bytes, change: Callable[[str, bytes], bytes | None]) -> bytes:
    """The same workbook with members changed (or dropped when `change` returns None)."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            content = change(info.filename, source.read(info))
            if content is not None:
                target.writestr(info.filename, content)
    return out.getvalue()


def _forged_size(data: bytes, member: str, size: int) -> bytes:
    """A zip whose central directory claims `member` unpacks to `size` bytes (a cheap bomb)."""
    data = bytearray(data)
    at = 0
    while (at := data.find(b"PK\x01\x02", at)) >= 0:
        name_length = struct.unpack_from("<H", data, at + 28)[0]
        if data[at + 46 : at + 46 + name_length].decode() == member:
            struct.pack_into("<I", data, at + 24, size)
        at += 4
    return bytes(data)


def _full_sheet(path: Path, rows: int = 1_048_576) -> None:
    """A workbook whose Use cases sheet has a value in every one of `rows` rows.

    Written as sheet XML straight into the zip, a few megabytes at a time.
    """
    base = workbook({"Use cases": [HEADER]})

    def keep(name: str, content: bytes) -> bytes | None:
        return None if name == "xl/worksheets/sheet1.xml" else content

    with zipfile.ZipFile(io.BytesIO(_rezip(base, keep))) as source:
        members = {i.filename: source.read(i) for i in source.infolist()}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(
                b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                + f'<dimension ref="A1:C{rows}"/><sheetData>'.encode()
                + b'<row r="1"><c r="A1" t="inlineStr"><is><t>id</t></is></c>'
                b'<c r="B1" t="inlineStr"><is><t>title</t></is></c></row>'
            )
            chunk: list[str] = []
            for r in range(2, rows + 1):
                chunk.append(
                    f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>U{r}</t></is></c></row>'
                )
                if len(chunk) == 50_000:
                    sheet.write("".join(chunk).encode())
                    chunk = []
            sheet.write("".join(chunk).encode() + b"</sheetData></worksheet>")


def _lying_dimension() -> bytes:
    """A sheet saying it spans A1:C2 while one cell sits at column XFD."""
    data = workbook({"Use cases": [HEADER, ROW]}, far_cell=(50, 16_383))

    def lie(name: str, content: bytes) -> bytes:
        if name.startswith("xl/worksheets/"):
            return re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:C2"', content)
        return content

    return _rezip(data, lie)


def _lying_dimension_spelled(spelling: bytes) -> bytes:
    """`_lying_dimension`, the far cell's reference attribute written another way XML allows
    (`r= "XFD51"`, `r = 'XFD51'`, ...): the cell reader follows every spelling."""

    def respell(name: str, content: bytes) -> bytes:
        if name.startswith("xl/worksheets/"):
            return content.replace(b'r="XFD51"', spelling % b"XFD51")
        return content

    return _rezip(_lying_dimension(), respell)


def _entity_bomb() -> bytes:
    """Shared strings that expand to gigabytes through nested XML entities."""
    entities = '<!ENTITY a0 "lol">' + "".join(
        f'<!ENTITY a{i} "{f"&a{i - 1};" * 10}">' for i in range(1, 10)
    )
    bomb = (
        f'<?xml version="1.0"?><!DOCTYPE sst [{entities}]>'
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" '
        'uniqueCount="1"><si><t>&a9;</t></si></sst>'
    ).encode()
    return _rezip(
        workbook({"Use cases": [HEADER, ROW]}),
        lambda name, content: bomb if name == "xl/sharedStrings.xml" else content,
    )


def _dropped(member_prefix: str) -> bytes:
    return _rezip(
        workbook({"Use cases": [HEADER, ROW]}),
        lambda name, content: None if name.startswith(member_prefix) else content,
    )


def _folder(path: Path) -> None:
    path.mkdir()
    (path / "inside.txt").write_text("not a workbook")


_GOOD = workbook({"Use cases": [HEADER, ROW]})
_RANDOM = random.Random(10)

CASES: list[Case] = [
    # --- not a workbook at all ------------------------------------------------------------
    Case("empty.xlsx", _bytes(b""), 1, r"empty\.xlsx is empty"),
    Case("use_cases.csv", _bytes(b"  \r\n \n"), 1, r"use_cases\.csv is empty"),
    Case("random.xlsx", _bytes(_RANDOM.randbytes(65_536)), 1, r"random\.xlsx is not a spreadsheet"),
    Case(
        "photo.png", _bytes(b"\x89PNG\r\n\x1a\n" + bytes(64)), 1, r"photo\.png is not a spreadsheet"
    ),
    Case("folder.xlsx", _folder, 1, r"folder\.xlsx is a folder, not a spreadsheet"),
    Case(
        "outcomes.csv",
        _bytes(_RANDOM.randbytes(4096) + b"\x00"),
        1,
        r"outcomes\.csv is not a spreadsheet \(it holds binary data\)",
    ),
    # --- other formats, locked or legacy ---------------------------------------------------
    Case(
        "locked.xlsx", _bytes(ole2("EncryptionInfo", "EncryptedPackage")), 1, r"password-protected"
    ),
    Case("legacy.xls", _bytes(ole2("Workbook", "SummaryInformation")), 1, r"legacy Excel 97-2003"),
    Case(
        "notes.xlsx",
        _bytes(zip_of({"notes.txt": b"hello"})),
        1,
        r"a zip file, not an Excel workbook",
    ),
    # --- damaged ---------------------------------------------------------------------------
    Case(
        "truncated.xlsx",
        _bytes(_GOOD[: len(_GOOD) // 2]),
        1,
        r"truncated\.xlsx is not a spreadsheet \(a damaged or unknown file\)",
    ),
    Case(
        "no-sheet-part.xlsx",
        _bytes(_dropped("xl/worksheets/")),
        1,
        r"no-sheet-part\.xlsx is damaged: it lists the sheet 'Use cases' but",
    ),
    Case("no-workbook-part.xlsx", _bytes(_dropped("xl/workbook.xml")), 1, r"not an Excel workbook"),
    # --- bombs -----------------------------------------------------------------------------
    Case(
        "zip-bomb.xlsx",
        lambda path: path.write_bytes(
            zip_of({"xl/workbook.xml": b"<workbook/>", "xl/worksheets/sheet1.xml": bytes(64 << 20)})
        ),
        1,
        r"would unpack to [\d,]+ MB",
    ),
    Case(
        "forged-size.xlsx",
        _bytes(_forged_size(_GOOD, "xl/worksheets/sheet1.xml", 0xFFFF_FFF0)),
        1,
        r"would unpack to 4,295 MB",
    ),
    Case(
        "entity-bomb.xlsx",
        _bytes(_entity_bomb()),
        1,
        r"entity-bomb\.xlsx holds XML with a DOCTYPE or ENTITY declaration",
    ),
    # --- huge sheets -----------------------------------------------------------------------
    Case(
        "last-row.xlsx",
        _built(lambda: workbook({"Use cases": [HEADER, ROW]}, far_cell=(1_048_575, 0))),
        1,
        r"sheet 'Use cases' reaches row 1,048,576; an import reads at most 300,000 rows",
    ),
    Case("full-sheet.xlsx", _full_sheet, 1, r"reaches row 1,048,576; an import reads at most"),
    Case(
        "far-column.xlsx",
        _built(lambda: workbook({"Use cases": [HEADER, ROW]}, far_cell=(100_000, 16_383))),
        1,
        r"sheet 'Use cases' reaches column XFD; an import reads at most 100 columns",
    ),
    Case("lying-dimension.xlsx", _built(_lying_dimension), 1, r"reaches column XFD"),
    *(
        Case(
            f"lying-dimension-{n}.xlsx",
            _built(functools.partial(_lying_dimension_spelled, spelling)),
            1,
            r"reaches column XFD",
        )
        for n, spelling in enumerate(
            (b'r= "%s"', b'r = "%s"', b'r\t=\t"%s"', b"r\n=\n'%s'", b"r='%s'")
        )
    ),
    Case(
        "use_cases.csv",
        lambda path: path.write_text("id,title,status\n" + "UC-X,T,draft\n" * 300_001),
        1,
        r"use_cases\.csv has more than 300,000 rows",
    ),
    # --- text encodings --------------------------------------------------------------------
    Case(
        "personas.csv",
        _bytes("id,name\nCIO,Direktör Öberg\n".encode("latin-1")),
        1,
        r"personas\.csv is not UTF-8 text; in Excel use Save As > 'CSV UTF-8",
    ),
    Case(
        "personas.csv",
        _bytes("id,name\nCIO,Chief Information Officer\n".encode("utf-16")),
        1,
        r"personas\.csv is UTF-16 text .*save it as UTF-8",
    ),
    # --- CSV quoting -----------------------------------------------------------------------
    Case(
        "use_cases.csv",
        _bytes(
            b"id,title,status,tags\n"
            b'UC-2,Approve,draft,"a\n'
            b"UC-3,Refund,draft,b\n"
            b'UC-4,Track,draft,c"\n'
            b"UC-5,Ship,draft,d\n"
        ),
        1,
        r"use_cases\.csv, row 2 \(line 2 of the file\): a quoted cell opens on this row and only "
        r"closes on line 4, so it swallows .* 2 row\(s\) of their own: line 3 \(UC-3\), "
        r"line 4 \(UC-4\)",
    ),
    Case(
        "use_cases.csv",
        _bytes(
            b"id,title,status,tags\n"
            b'UC-2,"Approve,draft,a\n'
            b'UC-3,Refund,draft,"b"\n'
            b"UC-4,Track,draft,c\n"
        ),
        1,
        r"row 2 \(line 2 of the file\): a quoted cell opens on this row and only closes on "
        r"line 3, so it swallows .*line 3 \(UC-3\)",
    ),
    # --- the wrong sheets ------------------------------------------------------------------
    Case(
        "other.xlsx", _bytes(workbook({"Sheet1": [["a", "b"]]})), 1, r"none of the library's sheets"
    ),
    Case("stuff.csv", _bytes(b"id,name\n"), 1, r"stuff\.csv: a CSV file is named after the sheet"),
    Case(
        "two-sheets.xlsx",
        _bytes(workbook({"Use cases": [HEADER, ROW], "use_cases": [HEADER, ROW]})),
        1,
        r"has two sheets for Use cases: 'Use cases' and 'use_cases'; keep one",
    ),
    # --- cells a reader would take for blank ---------------------------------------------
    Case(
        "error-cell.xlsx",
        _bytes(
            xlsx_parts.workbook({"Use cases": [HEADER, ["UC-H1", xlsx_parts.error(), "draft"]]})
        ),
        1,
        r"cell holds the Excel error #REF!",
    ),
    Case(
        "uncached-formula.xlsx",
        _bytes(
            xlsx_parts.workbook({"Use cases": [HEADER, ["UC-H1", xlsx_parts.formula(), "draft"]]})
        ),
        1,
        r"cell holds a formula with no saved value",
    ),
    # --- header rows -----------------------------------------------------------------------
    Case(
        "header-below-title.xlsx",
        _bytes(workbook({"Use cases": [["Our library"], [], [], HEADER, ROW]})),
        0,
        r"Use cases: 1 added",
    ),
    Case(
        "header-far-down.xlsx",
        _bytes(workbook({"Use cases": [*([["notes"]] * 30), HEADER, ROW]})),
        1,
        r"no header row with an 'id' column in the first 10 rows",
    ),
    # --- cells that are wrong --------------------------------------------------------------
    Case(
        "bad-cells.xlsx",
        _bytes(
            workbook({"Use cases": [HEADER, ["UC-B1", "", "approved"], ["UC-B2", "T", "maybe"]]})
        ),
        1,
        r"'maybe' is not one of",
    ),
    Case(
        "duplicate-ids.xlsx",
        _bytes(workbook({"Use cases": [HEADER, ROW, ROW]})),
        1,
        r"UC-H1",
    ),
]


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m tests.hostile_files OUT_FOLDER", file=sys.stderr)
        return 2
    folder = Path(argv[0])
    for index, case in enumerate(CASES):
        target = folder / f"{index:02d}"
        target.mkdir(parents=True, exist_ok=True)
        print(case.write(target))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
