"""The sample library reads into the same candidates on every database.

Tests that only work on those candidates (the `sample` fixture, with no library of their own)
therefore run on SQLite alone: on PostgreSQL they would repeat the same work on the same
input (tests/conftest.py leaves them out of that pass). This test is what runs there instead.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from lib.callprep.candidates import Candidates, load_candidates
from lib.core import db
from lib.workbook import SAMPLE_LIBRARY, import_file
from tests import databases


def test_the_sample_reads_as_from_a_sqlite_file(sample: Candidates, tmp_path: Path) -> None:
    """`sample` comes from the database under test; the same workbook is read again from a
    SQLite file. Everything a candidates object is built from, and its outcomes, agree."""
    engine = db.make_engine(f"sqlite:///{tmp_path / 'sample.db'}")
    try:
        plan, result = import_file(engine, SAMPLE_LIBRARY, who="test")
        assert plan.problems == [] and result is not None
        from_sqlite = load_candidates(engine)
    finally:
        engine.dispose()
    where = "PostgreSQL" if databases.on_postgresql() else "SQLite"
    fields = [f.name for f in dataclasses.fields(Candidates) if f.init]
    assert "items" in fields and "library_outcomes" in fields
    for name in [*fields, "outcome_records"]:
        assert getattr(sample, name) == getattr(from_sqlite, name), f"{name} differs on {where}"
