"""The floor a deals import is compared with, as its own process:

    python -m benchmarks.floor_deals EXPORT.xlsx SQLITE_FILE

python-calamine reads the export and raw `sqlite3.executemany` inserts the same cells into the
deal table: what any import must at least do, without checking or converting a single value
beyond dates to ISO text.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import sys
from typing import Any

COLUMNS = (
    "id", "name", "account", "stage", "amount", "close_date", "created_on", "won", "closed",
    "industry", "employees", "owner",
)  # fmt: skip


def _cell(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    return None if value == "" else value


def main(argv: list[str]) -> int:
    from python_calamine import CalamineWorkbook

    export, database = argv
    book = CalamineWorkbook.from_path(export)
    rows = book.get_sheet_by_index(0).to_python(skip_empty_area=False)
    conn = sqlite3.connect(database)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    marks = ", ".join("?" for _ in COLUMNS)
    with conn:
        conn.executemany(
            f"INSERT INTO deal ({', '.join(COLUMNS)}, currency, source) "
            f"VALUES ({marks}, '', 'salesforce')",
            ([_cell(v) for v in row[: len(COLUMNS)]] for row in rows[1:]),
        )
    conn.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
