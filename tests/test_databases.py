"""The libraries tests build are isolated from each other, on SQLite and on PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine, inspect, text

from lib.core import db
from tests.builders import library, uc
from tests.databases import SchemaCopy, drop_database, new_database_url, on_postgresql


def test_two_libraries_never_see_each_other(tmp_path: Path) -> None:
    first_url = new_database_url(tmp_path, "first")
    second_url = new_database_url(tmp_path, "second")
    assert first_url != second_url
    first, second = db.make_engine(first_url), db.make_engine(second_url)
    try:
        library(first, use_cases=[uc("UC-1")])
        assert db.revision(first) > 0
        assert db.revision(second) == 0
    finally:
        first.dispose()
        second.dispose()
        drop_database(first_url)
        drop_database(second_url)


@pytest.mark.skipif(not on_postgresql(), reason="a SQLite file goes with its test's folder")
def test_a_dropped_library_leaves_no_table_behind(tmp_path: Path) -> None:
    url = new_database_url(tmp_path)
    engine = db.make_engine(url)
    assert "use_case" in inspect(engine).get_table_names()
    drop_database(url)  # also ends the engine's open connections
    engine.dispose()
    again = db.make_engine(url, migrate=False)
    try:
        assert inspect(again).get_table_names() == []
    finally:
        again.dispose()


def test_a_url_with_percent_escapes_reaches_migrations_as_written(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Alembic's settings are ConfigParser text, where `%` starts an interpolation."""
    url = "postgresql+psycopg://casebook:p%40ss%25word@db.internal/casebook?options=-c%20x%3Dy"
    monkeypatch.setenv("DATABASE_URL", url)
    assert db.alembic_config().get_main_option("sqlalchemy.url") == url


def _shape(engine: Engine) -> dict[str, object]:
    """Everything the schema says about each table, and the migration it is at."""
    found = inspect(engine)
    shape: dict[str, object] = {}
    for table in sorted(found.get_table_names()):
        shape[table] = (
            [
                (c["name"], str(c["type"]), c["nullable"], c["default"])
                for c in found.get_columns(table)
            ],
            found.get_pk_constraint(table)["constrained_columns"],
            sorted(map(repr, found.get_foreign_keys(table))),
            sorted(map(repr, found.get_indexes(table))),
            sorted(map(repr, found.get_unique_constraints(table))),
            sorted(map(repr, found.get_check_constraints(table))),
        )
    with engine.connect() as conn:
        shape["alembic_version"] = conn.execute(
            text("SELECT version_num FROM alembic_version")
        ).all()
    return shape


def test_a_copied_schema_is_the_migrated_schema(tmp_path: Path, schema_copy: SchemaCopy) -> None:
    """The `engine` fixture copies one migrated library; the copy must be what migrating an
    empty library makes, table by table, down to the migration it is at."""
    migrated_url = new_database_url(tmp_path, "migrated")
    copied_url = new_database_url(tmp_path, "copied")
    schema_copy.fill(copied_url)
    migrated, copied = db.make_engine(migrated_url), db.make_engine(copied_url, migrate=False)
    try:
        assert "use_case" in _shape(copied)
        assert _shape(copied) == _shape(migrated)
        library(copied, use_cases=[uc("UC-1")])  # and it takes writes like any library
        assert db.revision(copied) > 0
    finally:
        migrated.dispose()
        copied.dispose()
        drop_database(migrated_url)
        drop_database(copied_url)
