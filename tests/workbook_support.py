"""Helpers for the workbook tests: a canonical dump of a database, and small files by hand."""

from __future__ import annotations

import datetime as dt
import io
import random
import zipfile
from typing import Any

import xlsxwriter
from sqlalchemy import Engine, inspect

LIBRARY_TABLES = (
    "segment",
    "persona",
    "use_case",
    "benefit",
    "outcome",
    "question",
    "use_case_industry",
    "use_case_company_size",
    "use_case_persona",
)
EVERY_TABLE = (*LIBRARY_TABLES, "change_record", "library_state", "usage_event")
# Bookkeeping columns that say when and by whom a row was written, not what the library holds.
BOOKKEEPING = {"use_case": {"version", "updated_at", "updated_by"}}


def dump(engine: Engine, tables: tuple[str, ...] = LIBRARY_TABLES) -> dict[str, list[tuple]]:
    """Every row of every table, as the driver returns it, on SQLite and PostgreSQL alike.

    Raw SQL, not the models: two dumps must differ when anything stored differs, even in a
    column the models would convert or leave out.
    """
    columns_of = inspect(engine)
    result: dict[str, list[tuple]] = {}
    with engine.connect() as conn:
        for table in tables:
            columns = [
                column["name"]
                for column in columns_of.get_columns(table)
                if column["name"] not in BOOKKEEPING.get(table, set())
            ]
            rows = conn.exec_driver_sql(f"SELECT {', '.join(columns)} FROM {table}").fetchall()
            result[table] = sorted(
                (tuple(zip(columns, row, strict=True)) for row in rows), key=repr
            )
    return result


def xlsx(sheets: dict[str, list[list[Any]]]) -> bytes:
    """A workbook written cell by cell as given (strings stay strings, dates stay dates)."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    date = book.add_format({"num_format": "yyyy-mm-dd"})
    for name, rows in sheets.items():
        sheet = book.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value is None or value == "":
                    continue
                if isinstance(value, str):
                    sheet.write_string(r, c, value)
                elif hasattr(value, "isoformat"):
                    sheet.write_datetime(r, c, value, date)
                else:
                    sheet.write_number(r, c, value)
    book.close()
    return buffer.getvalue()


# --- files that are not workbooks at all -------------------------------------------------


def ole2(*streams: str) -> bytes:
    """The start of an OLE2 compound file naming the given streams (enough to sniff)."""
    names = b"".join(s.encode("utf-16-le") + b"\x00\x00" for s in streams)
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + names + b"\x00" * 512


def zip_of(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


# (file name, bytes, what the message must say): every file-level refusal of an import.
BAD_FILES: list[tuple[str, bytes, str]] = [
    ("empty.xlsx", b"", "empty.xlsx is empty"),
    ("locked.xlsx", ole2("EncryptionInfo", "EncryptedPackage"), "password-protected"),
    ("old.xls", ole2("Workbook", "SummaryInformation"), "legacy Excel 97-2003 (.xls)"),
    ("noise.xlsx", random.Random(7).randbytes(4096), "noise.xlsx is not a spreadsheet"),
    ("notes.xlsx", zip_of({"notes.txt": b"hello"}), "a zip file, not an Excel workbook"),
    (
        "bomb.xlsx",
        zip_of({"xl/workbook.xml": b"<workbook/>", "xl/worksheets/sheet1.xml": bytes(40 << 20)}),
        "would unpack to",
    ),
    ("personas.csv", "id,name\nCIO,Direktör Öberg\n".encode("latin-1"), "not UTF-8"),
    ("stuff.csv", b"id,name\n", "named after the sheet"),
    ("photo.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "not a spreadsheet"),
    ("other.xlsx", xlsx({"Sheet1": [["a", "b"]]}), "none of the library's sheets"),
]


# --- one workbook with a problem of every kind, and where each problem is -------------

USE_CASE_HEADER = ["id", "title", "status", "industries", "personas", "extensions", "last_reviewed"]
OUTCOME_HEADER = ["id", "customer", "use_case_id", "permission", "before", "date", "industry"]


def bad_workbook() -> bytes:
    return xlsx(
        {
            "Use cases": [
                USE_CASE_HEADER,
                ["UC-2", "Approve invoices", "approved", "Healthcare", "CIO", "", ""],  # row 2 ok
                ["UC-3", "", "done", "Atlantis", "", "", ""],  # row 3: title, status, industry
                ["UC-2", "Again", "draft", "", "", "", ""],  # row 4: duplicate id
                ["UC-4", "Track", "draft", "", "Wizard", "no label here", "next week"],  # row 5
                ["UC-5", "Refund", "approved", "SMB", "", "3a. [oops] Bad: x", ""],  # row 6
            ],
            "Outcomes": [
                OUTCOME_HEADER,
                ["O-9", "Acme Clinics", "UC-1", "maybe", 10, "", ""],  # row 2: permission
                ["O-10", "", "UC-404", "public", "ten", "31/12/2025", ""],  # row 3: four problems
                ["", "No id", "UC-1", "public", "", "", ""],  # row 4: missing id
                ["O-11", "Fine Ltd", "UC-2", "internal", 5, dt.date(2025, 1, 2), "SMB"],  # row 5
            ],
        }
    )


EXPECTED = {
    ("Use cases", 3, "title"),
    ("Use cases", 3, "status"),
    ("Use cases", 3, "industries"),
    ("Use cases", 4, "id"),
    ("Use cases", 5, "personas"),
    ("Use cases", 5, "extensions"),
    ("Use cases", 5, "last_reviewed"),
    ("Use cases", 6, "industries"),
    ("Use cases", 6, "extensions"),
    ("Outcomes", 2, "permission"),
    ("Outcomes", 3, "customer"),
    ("Outcomes", 3, "use_case_id"),
    ("Outcomes", 3, "before"),
    ("Outcomes", 3, "date"),
    ("Outcomes", 4, "id"),
    ("Outcomes", 5, "industry"),
}
