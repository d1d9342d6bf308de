"""The floors the whole-process import and export are compared with, run as their own process.

    python -m benchmarks.floor import WORKBOOK SQLITE_FILE   # read + bulk insert, nothing else
    python -m benchmarks.floor export SQLITE_FILE WORKBOOK   # read every row + fastest writer
    python -m benchmarks.floor export-rust SQLITE_FILE WORKBOOK   # the same, Rust-backed writer

The import floor reads every sheet with python-calamine and inserts the same cells (blank as
NULL, list cells as their text, the use cases' industry, size and persona links split by line)
with raw `sqlite3.executemany` into an empty schema: what any import must at least do, without
checking a single value. The export floor reads every table with `sqlite3` and writes the
rows with xlsxwriter in constant_memory mode, without formats, dropdowns or a Read me sheet.
The second export floor writes the same rows with rustpy-xlsxwriter (a Python binding of the
Rust crate rust_xlsxwriter, from an independent maintainer; a development dependency only),
again without formats, dropdowns or a Read me sheet.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import sys
from typing import Any

SHEETS = {
    "Segments": "segment",
    "Personas": "persona",
    "Use cases": "use_case",
    "Benefits": "benefit",
    "Outcomes": "outcome",
    "Questions": "question",
}
LINKS = {
    "industries": ("use_case_industry", "segment_id"),
    "company_sizes": ("use_case_company_size", "segment_id"),
    "personas": ("use_case_persona", "persona_id"),
}


def _cell(value: Any, blank: Any = None) -> Any:
    if value == "":
        return blank
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _connect(path: str) -> sqlite3.Connection:
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA foreign_keys=ON")
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    return conn


def floor_import(workbook: str, database: str) -> None:
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(workbook)
    conn = _connect(database)
    with conn:
        for title in book.sheet_names:
            table = SHEETS.get(title)
            if table is None:
                continue
            rows = book.get_sheet_by_name(title).to_python()
            header = [str(h) for h in rows[0]]
            info = conn.execute(f"PRAGMA table_info({table})").fetchall()
            stored = {row[1] for row in info}
            # NOT NULL columns the sheet does not carry (version, ...) get a constant.
            filler = {
                row[1]: 0 if "INT" in row[2].upper() else ""
                for row in info
                if row[3] and row[4] is None and row[1] not in header
            }
            keep = [i for i, name in enumerate(header) if name in stored]
            required = {row[1] for row in info if row[3]}
            blanks = [("" if header[i] in required else None) for i in keep]
            columns = [header[i] for i in keep] + list(filler)
            marks = ", ".join("?" for _ in columns)
            extra = tuple(filler.values())
            conn.executemany(
                f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})",
                [
                    tuple(_cell(row[i], b) for i, b in zip(keep, blanks, strict=True)) + extra
                    for row in rows[1:]
                    if row[0] != ""
                ],
            )
            if table == "use_case":
                for name, (link, other) in LINKS.items():
                    at = header.index(name)
                    conn.executemany(
                        f"INSERT INTO {link} (use_case_id, {other}) VALUES (?, ?)",
                        [
                            (row[0], item)
                            for row in rows[1:]
                            if row[0] != ""
                            for item in str(row[at]).splitlines()
                            if item
                        ],
                    )
    conn.close()


def floor_export(database: str, workbook: str) -> None:
    import xlsxwriter

    conn = _connect(database)
    book = xlsxwriter.Workbook(workbook, {"constant_memory": True, "strings_to_formulas": False})
    for title, table in SHEETS.items():
        sheet = book.add_worksheet(title)
        cursor = conn.execute(f"SELECT * FROM {table}")
        sheet.write_row(0, 0, [d[0] for d in cursor.description])
        for r, row in enumerate(cursor, 1):
            for c, value in enumerate(row):
                if value is None or value == "":
                    continue
                if isinstance(value, str):
                    sheet.write_string(r, c, value)
                else:
                    sheet.write_number(r, c, value)
    book.close()
    conn.close()


def floor_export_rust(database: str, workbook: str) -> None:
    from rustpy_xlsxwriter import write_worksheets

    conn = _connect(database)
    tables = []
    for title, table in SHEETS.items():
        cursor = conn.execute(f"SELECT * FROM {table}")
        names = [d[0] for d in cursor.description]
        # Blank cells stay empty, as in the xlsxwriter floor; text is written as text.
        tables.append(
            (title, [{n: v for n, v in zip(names, row, strict=True) if v != ""} for row in cursor])
        )
    write_worksheets(tables, workbook)
    conn.close()


def main(argv: list[str]) -> int:
    if len(argv) == 3 and argv[0] == "import":
        floor_import(argv[1], argv[2])
    elif len(argv) == 3 and argv[0] == "export":
        floor_export(argv[1], argv[2])
    elif len(argv) == 3 and argv[0] == "export-rust":
        floor_export_rust(argv[1], argv[2])
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
