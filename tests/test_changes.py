"""One writer for the change history, which is also where recorded writes bump the revision."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from lib.core import changes, db
from lib.core.models import ChangeRecord

ROOT = Path(__file__).resolve().parents[1]
AT = dt.datetime(2026, 11, 24, 9, 30)


def _history(engine: Engine) -> list[tuple[str, str, str, str, str]]:
    with Session(engine) as s:
        rows = s.scalars(select(ChangeRecord).order_by(ChangeRecord.id)).all()
        return [(r.who, r.entity, r.entity_id, r.action, r.summary) for r in rows]


def test_recording_writes_each_entry_and_bumps_the_revision_once(engine: Engine) -> None:
    before = db.revision(engine)
    with db.unit_of_work(engine) as session:
        revision = changes.record(
            session,
            [changes.Entry("UC-1", "update", "changed title"), changes.Entry("UC-2", "import", "")],
            who="Ana",
            at=AT,
        )
        assert db.revision_in(session) == revision
    assert revision == before + 1 == db.revision(engine)
    assert _history(engine) == [
        ("Ana", "use_case", "UC-1", "update", "changed title"),
        ("Ana", "use_case", "UC-2", "import", ""),
    ]
    with Session(engine) as s:
        assert set(s.scalars(select(ChangeRecord.at))) == {AT}


def test_a_write_without_history_lines_still_moves_the_revision(engine: Engine) -> None:
    before = db.revision(engine)
    with db.unit_of_work(engine) as session:
        assert changes.record(session, [], who="Ana") == before + 1
    assert db.revision(engine) == before + 1 and _history(engine) == []


def test_a_failed_write_leaves_neither_history_nor_a_new_revision(engine: Engine) -> None:
    before = db.revision(engine)
    with pytest.raises(RuntimeError), db.unit_of_work(engine) as session:
        changes.record(session, [changes.Entry("UC-1", "update", "x")], who="Ana")
        raise RuntimeError("half-way")
    assert db.revision(engine) == before and _history(engine) == []


def test_only_the_history_module_writes_change_records_or_bumps_the_revision() -> None:
    writes = re.compile(r"(?<!class )ChangeRecord\(|ChangeRecord\.__table__|bump_revision\(")
    writers = sorted(
        path.relative_to(ROOT).as_posix()
        for path in (ROOT / "lib").rglob("*.py")
        if writes.search(path.read_text(encoding="utf-8"))
    )
    assert writers == ["lib/core/changes.py", "lib/core/db.py"]


def test_the_revision_is_read_in_one_place() -> None:
    readers = sorted(
        path.relative_to(ROOT).as_posix()
        for path in (ROOT / "lib").rglob("*.py")
        if "LibraryState.revision" in path.read_text(encoding="utf-8")
    )
    assert readers == ["lib/core/db.py"]
