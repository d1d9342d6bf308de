"""The libraries tests build are isolated from each other, on SQLite and on PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import inspect

from lib.core import db
from tests.builders import library, uc
from tests.databases import drop_database, new_database_url, on_postgresql


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
