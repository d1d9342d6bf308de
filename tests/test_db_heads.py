"""Start-up skips Alembic on a current database, and only then."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.script import ScriptDirectory

from lib.core import db


def test_the_heads_read_from_the_migration_files_are_alembics() -> None:
    script = ScriptDirectory.from_config(db.alembic_config())
    assert db._heads() == set(script.get_heads())


def test_a_database_behind_the_heads_is_still_migrated(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'library.db'}"
    engine = db.make_engine(url)
    assert db._at_heads(engine)
    command.downgrade(db.alembic_config(engine), "0008_deals")
    assert not db._at_heads(engine)

    db.make_engine(url).dispose()

    assert db._at_heads(engine)
    engine.dispose()


def test_a_database_without_a_version_table_is_not_taken_as_current(tmp_path: Path) -> None:
    engine = db.make_engine(f"sqlite:///{tmp_path / 'empty.db'}", migrate=False)
    assert not db._at_heads(engine)
    engine.dispose()
