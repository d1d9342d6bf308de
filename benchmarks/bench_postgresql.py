"""PostgreSQL beside SQLite: the import and the first view of each page, on the same library.

A 20,000-use-case / 50,000-outcome workbook is imported into an empty SQLite file and into an
empty PostgreSQL schema, then each page is opened once (the first view after the import, in
the order listed: later pages may reuse reads an earlier one made).

Needs a PostgreSQL server: `CASEBOOK_TEST_DATABASE=postgresql+psycopg://user@host/db` (the one
the tests use; a schema is created for the run and dropped after). `bash tests/run.sh` starts
a throwaway one only for the length of the tests; without a server this check says so.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from unittest.mock import patch

from benchmarks import synthetic
from lib.core import db
from lib.workbook import apply_import, export_workbook, plan_import
from tests import databases

N_USE_CASES = 20_000
N_OUTCOMES = 50_000
PAGES = ("library", "call-prep", "coverage")


def _measure(url: str, workbook: Path) -> list[tuple[str, float]]:
    """(what, seconds) for one database: the import, then the first view of each page."""
    from tests.apptest import open_app

    engine = db.make_engine(url)
    start = time.perf_counter()
    plan = plan_import(engine, workbook, workbook.name)
    assert plan.ok, plan.problems[:5]
    apply_import(engine, plan, who="benchmark")
    seconds = time.perf_counter() - start
    figures = [(f"import of {N_USE_CASES:,} use cases (check + write)", seconds)]
    engine.dispose()
    with patch.dict(os.environ, {"DATABASE_URL": url}):  # the pages read this library
        for page in PAGES:
            start = time.perf_counter()
            at = open_app(page, timeout=600)
            seconds = time.perf_counter() - start
            assert not at.exception, at.exception
            figures.append((f"first view of {page} after it", seconds))
    return figures


def run(workdir: Path) -> list[tuple[str, float, str]]:
    if not databases.on_postgresql():
        print(f"  skipped: set {databases.ENV}=postgresql+psycopg://user@host/db to compare")
        return []
    source = synthetic.library_engine(f"sqlite:///{workdir / 'source.db'}", N_USE_CASES, N_OUTCOMES)
    workbook = workdir / "library.xlsx"
    workbook.write_bytes(export_workbook(source))
    source.dispose()

    sqlite = _measure(f"sqlite:///{workdir / 'library.db'}", workbook)
    url = databases.new_database_url(workdir)
    try:
        postgresql = _measure(url, workbook)
    finally:
        databases.drop_database(url)
    rows: list[tuple[str, float, str]] = []
    for (what, on_sqlite), (_same, on_postgresql) in zip(sqlite, postgresql, strict=True):
        rows.append((f"{what}: SQLite", on_sqlite, "s"))
        rows.append((f"{what}: PostgreSQL", on_postgresql, "s"))
    return rows
