from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text

from lib.core import db
from tests.databases import on_postgresql


def _head() -> str:
    return ScriptDirectory.from_config(db.alembic_config()).get_current_head() or ""


def _current(engine) -> str:  # type: ignore[no-untyped-def]
    with engine.connect() as conn:
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one()


def test_database_url_picks_the_database(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    assert db.database_url().endswith("data/library.db")
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'team.db'}")
    assert db.database_url() == f"sqlite:///{tmp_path / 'team.db'}"
    assert db.describe(db.database_url()) == "SQLite · team.db"
    assert db.describe("postgresql://casebook:secret@db.internal/library") == (
        "postgresql · db.internal/library"
    )


def test_a_new_database_is_created_at_the_latest_schema(db_url: str) -> None:
    engine = db.make_engine(db_url)
    assert _current(engine) == _head()
    assert {"use_case", "outcome", "persona", "segment", "question", "benefit"} <= set(
        inspect(engine).get_table_names()
    )


def test_an_old_database_is_brought_up_to_date_on_start(db_url: str) -> None:
    engine = db.make_engine(db_url)
    command.downgrade(db.alembic_config(engine), "base")
    assert "use_case" not in inspect(engine).get_table_names()
    engine.dispose()
    again = db.make_engine(db_url)
    assert _current(again) == _head()
    assert "use_case" in inspect(again).get_table_names()


@pytest.mark.skipif(on_postgresql(), reason="SQLite settings")
def test_sqlite_runs_with_foreign_keys_wal_and_a_busy_timeout(db_url: str) -> None:
    engine = db.make_engine(db_url)
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() == 5000


def test_every_write_bumps_the_revision(db_url: str) -> None:
    engine = db.make_engine(db_url)
    before = db.revision(engine)
    with db.unit_of_work(engine) as session:
        db.bump_revision(session)
    with db.unit_of_work(engine) as session:
        db.bump_revision(session)
    assert db.revision(engine) == before + 2


def test_a_failed_unit_of_work_writes_nothing(db_url: str) -> None:
    engine = db.make_engine(db_url)
    with pytest.raises(RuntimeError), db.unit_of_work(engine) as session:
        db.bump_revision(session)
        raise RuntimeError("half-way")
    assert db.revision(engine) == 0


def test_the_migrations_build_exactly_the_models_schema(db_url: str) -> None:
    """A model changed without a new migration would leave old databases behind."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from lib.core.models import Base

    engine = db.make_engine(db_url)
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []


def test_json_list_lengths_are_counted_alike_on_every_database(engine) -> None:  # type: ignore[no-untyped-def]
    """A JSON `null` in a list column counts as no items, on SQLite and PostgreSQL alike."""
    from sqlalchemy import func, select

    from lib.core.models import UseCase

    with db.unit_of_work(engine) as session:
        session.add(UseCase(id="UC-3", title="Three", status="draft", main_steps=["a", "b", "c"]))
        session.add(UseCase(id="UC-0", title="None", status="draft", main_steps=None))
    with engine.connect() as conn:
        rows = conn.execute(
            select(UseCase.id, func.coalesce(db.json_array_length(UseCase.main_steps), 0))
        ).all()
    assert dict(rows) == {"UC-3": 3, "UC-0": 0}
