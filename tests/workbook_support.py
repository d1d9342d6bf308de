"""Helpers for the workbook tests: a canonical dump of a database, and small files by hand."""

from __future__ import annotations

import io
import sqlite3
from typing import Any

import xlsxwriter
from sqlalchemy import Engine

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
    """Every row of every table, as stored (JSON as its text, dates as SQLite holds them)."""
    conn = sqlite3.connect(engine.url.database)
    try:
        result: dict[str, list[tuple]] = {}
        for table in tables:
            columns = [
                row[1]
                for row in conn.execute(f"PRAGMA table_info({table})")
                if row[1] not in BOOKKEEPING.get(table, set())
            ]
            rows = conn.execute(f"SELECT {', '.join(columns)} FROM {table}").fetchall()
            result[table] = sorted(
                (tuple(zip(columns, row, strict=True)) for row in rows), key=repr
            )
        return result
    finally:
        conn.close()


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
