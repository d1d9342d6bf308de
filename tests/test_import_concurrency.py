"""Two imports of the same file at once: one writes, the other is told to check again.

Each side uses its own engine (its own connections), as two app sessions or two terminals do,
on the same database file.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from lib.core import db
from lib.core.models import ChangeRecord, UseCase
from lib.workbook import ImportPlan, WorkbookError, apply_import, plan_import
from tests.workbook_support import xlsx

ROOT = Path(__file__).resolve().parents[1]
N = 3_000  # enough rows that the two writes overlap in time


def big_workbook(n: int = N) -> bytes:
    rows = [["id", "title", "status", "tags"]]
    rows += [[f"UC-{i:05d}", f"Journey {i}", "approved", f"t{i % 7}"] for i in range(n)]
    return xlsx({"Use cases": rows})


def _counts(engine: Engine) -> tuple[int, int]:
    with Session(engine) as s:
        return (
            s.scalar(select(func.count()).select_from(UseCase)) or 0,
            s.scalar(select(func.count()).select_from(ChangeRecord)) or 0,
        )


def test_two_imports_of_the_same_file_at_once_one_wins_the_other_is_told(
    engine: Engine, db_url: str
) -> None:
    data = big_workbook()
    start = db.revision(engine)
    other = db.make_engine(db_url)
    plans: list[tuple[Engine, ImportPlan]] = [
        (engine, plan_import(engine, data, "big.xlsx")),
        (other, plan_import(other, data, "big.xlsx")),
    ]
    assert all(plan.revision == start for _, plan in plans)
    barrier = threading.Barrier(2)
    outcomes: list[object] = []

    def apply(target: Engine, plan: ImportPlan) -> None:
        barrier.wait()
        try:
            outcomes.append(apply_import(target, plan, who="t"))
        except Exception as error:  # the test inspects whatever was raised
            outcomes.append(error)

    threads = [threading.Thread(target=apply, args=pair) for pair in plans]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    other.dispose()

    errors = [o for o in outcomes if isinstance(o, Exception)]
    assert len(outcomes) == 2 and len(errors) == 1, outcomes
    assert isinstance(errors[0], WorkbookError), repr(errors[0])
    assert "the library changed while big.xlsx was being checked: check it again" in str(errors[0])
    assert db.revision(engine) == start + 1
    assert _counts(engine) == (N, N)


def test_a_write_waits_for_the_lock_then_sees_the_new_revision(
    engine: Engine, db_url: str
) -> None:
    """The lock is taken before the revision is read: a writer holding it makes others wait."""
    start = db.revision(engine)
    holding = threading.Event()
    release = threading.Event()
    seen: list[int] = []

    def first() -> None:
        with db.unit_of_work(engine) as session:
            db.lock_library(session.connection())
            db.bump_revision(session)
            holding.set()
            release.wait(timeout=60)

    def second() -> None:
        other = db.make_engine(db_url)
        try:
            with db.unit_of_work(other) as session:
                seen.append(db.lock_library(session.connection()))
        finally:
            other.dispose()

    a = threading.Thread(target=first)
    a.start()
    assert holding.wait(timeout=60)
    b = threading.Thread(target=second)
    b.start()
    b.join(timeout=2)  # still blocked: the first writer has not committed
    assert b.is_alive() and seen == []
    release.set()
    a.join(timeout=60)
    b.join(timeout=60)
    assert seen == [start + 1]


def test_two_import_commands_at_once_never_show_a_traceback(
    tmp_path: Path, db_url: str, engine: Engine
) -> None:
    path = tmp_path / "big.xlsx"
    path.write_bytes(big_workbook())
    env = {**os.environ, "DATABASE_URL": db_url}
    command = [sys.executable, "-m", "lib", "import", str(path), "--who", "t"]
    runs = [
        subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for _ in range(2)
    ]
    results = [(p.wait(timeout=600), p.stdout.read(), p.stderr.read()) for p in runs]  # type: ignore[union-attr]
    for status, _out, err in results:
        assert b"Traceback" not in err, err.decode()
        if status != 0:
            assert status == 1
            assert b"changed while big.xlsx was being checked: check it again" in err, err
    assert any(status == 0 for status, _, _ in results)
    # Whichever way they interleaved, the library holds the file once, recorded once.
    assert _counts(engine) == (N, N)
