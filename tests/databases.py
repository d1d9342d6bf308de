"""Where a test's library lives: a SQLite file in the test's own folder, or a fresh schema on
the PostgreSQL server that `CASEBOOK_TEST_DATABASE` names.

The same tests run on both (`tests/run.sh` runs the suite twice), so that nothing
dialect-specific slips past `lib/core/db.py`. On PostgreSQL each library is its own schema: a
`CREATE SCHEMA` costs milliseconds where a `CREATE DATABASE` per test would cost far more, and
a dropped schema leaves nothing behind. The schema travels inside the URL (the connection's
`search_path`), so the app, the CLI and a `streamlit run` subprocess open the same library from
`DATABASE_URL` alone. The schema's name is also the connections' `application_name`, which lets
teardown end every connection still open on it (engines cached by the app under test) before
dropping it.

Most tests want a library at the latest schema, and migrating an empty one costs more than many
of those tests. `SchemaCopy` migrates one library per process with `make_engine`, exactly as the
app does, and gives each test a copy: the file itself on SQLite, and on PostgreSQL the
statements the migration sent, replayed in the test's own schema. tests/test_databases.py
checks that a copy and a freshly migrated library agree.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import uuid
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.pool import NullPool

ENV = "CASEBOOK_TEST_DATABASE"
PREFIX = "casebook_test_"

_admin: Engine | None = None
_created: set[str] = set()
_refusal: str | None = None  # why a new library is refused just now (see `refusing`)


def server_url() -> str | None:
    """The PostgreSQL server the tests use, or None for SQLite files."""
    return os.environ.get(ENV) or None


def on_postgresql() -> bool:
    return server_url() is not None


def _admin_engine() -> Engine:
    """One autocommit connection source per process for creating and dropping schemas."""
    global _admin
    if _admin is None:
        server = server_url()
        assert server is not None
        _admin = create_engine(server, poolclass=NullPool, isolation_level="AUTOCOMMIT")
    return _admin


@contextlib.contextmanager
def refusing(reason: str) -> Iterator[None]:
    """Within the block, asking for a new library fails with `reason`: tests/conftest.py runs
    a test the PostgreSQL pass leaves out in such a block, so a wrong verdict is seen."""
    global _refusal
    _refusal = reason
    try:
        yield
    finally:
        _refusal = None


def new_database_url(folder: Path, name: str = "library") -> str:
    """The URL of a new, empty library (migrated by whoever opens it first)."""
    if _refusal is not None:
        raise AssertionError(_refusal)
    server = server_url()
    if server is None:
        return f"sqlite:///{folder / f'{name}.db'}"
    schema = f"{PREFIX}{uuid.uuid4().hex[:20]}"
    with _admin_engine().connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    _created.add(schema)
    url = make_url(server).update_query_dict(
        {"options": f"-c search_path={schema}", "application_name": schema}
    )
    return url.render_as_string(hide_password=False)


def _schema_of(url: str) -> str | None:
    name = make_url(url).query.get("application_name")
    return name if isinstance(name, str) and name.startswith(PREFIX) else None


def _drop(schema: str) -> None:
    try:
        with _admin_engine().connect() as conn:
            conn.execute(
                text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE application_name = :schema AND pid <> pg_backend_pid()"
                ),
                {"schema": schema},
            )
            conn.execute(text("SET lock_timeout = '20s'"))
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    except SQLAlchemyError as error:  # a leftover schema is litter, not a test failure
        warnings.warn(f"could not drop test schema {schema}: {error}", stacklevel=2)
    _created.discard(schema)


def drop_database(url: str) -> None:
    """Remove a library made by `new_database_url` (a SQLite file goes with its tmp folder)."""
    schema = _schema_of(url)
    if schema is not None:
        _drop(schema)


def drop_all() -> None:
    """Remove every library this process made and has not dropped yet."""
    for schema in sorted(_created):
        _drop(schema)
    if _admin is not None:
        _admin.dispose()


# Statements of a migration that only read (Alembic looking at the catalogue and at its version
# table): replaying them into a copy would change nothing.
_READS = ("SELECT", "SHOW")


class SchemaCopy:
    """Puts the latest schema into a new, empty library by copying one migrated library.

    `folder` holds the migrated SQLite file; `close` drops the PostgreSQL original.
    """

    def __init__(self, folder: Path) -> None:
        self._folder = folder
        self._original: str | None = None
        self._sqlite_file: Path | None = None
        self._statements: list[tuple[str, Any, bool]] = []

    def _migrate_the_original(self) -> None:
        from lib.core import db

        url = new_database_url(self._folder, "schema")
        engine = db.make_engine(url, migrate=False)
        try:
            if server_url() is None:
                db.upgrade(engine)
                with engine.connect() as conn:  # everything into the file, none in its WAL
                    conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
                self._sqlite_file = Path(str(make_url(url).database))
            else:

                @event.listens_for(engine, "before_cursor_execute")
                def record(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
                    if statement.lstrip().split(None, 1)[0].upper() not in _READS:
                        self._statements.append((statement, parameters, executemany))

                db.upgrade(engine)
                schema = _schema_of(url)
                assert schema is not None and self._statements, "the migration sent nothing"
                named = [s for s, _, _ in self._statements if schema in s]
                assert not named, f"a migration names its schema, a copy cannot replay it: {named}"
        finally:
            engine.dispose()
        self._original = url

    def fill(self, url: str) -> None:
        """Bring the empty library at `url` (from `new_database_url`) to the latest schema."""
        if self._original is None:
            self._migrate_the_original()
        if self._sqlite_file is not None:
            target = Path(str(make_url(url).database))
            assert not target.exists(), f"{target} is not a new library"
            shutil.copyfile(self._sqlite_file, target)
            return
        copier = create_engine(url, poolclass=NullPool)
        try:
            with copier.begin() as conn:
                cursor = conn.connection.cursor()
                script: list[str] = []  # statements without parameters go in one round trip
                for statement, parameters, many in self._statements:
                    if not parameters and not many:
                        script.append(statement)
                        continue
                    if script:
                        cursor.execute(";\n".join(script))
                        script = []
                    if many:
                        cursor.executemany(statement, parameters)
                    else:
                        cursor.execute(statement, parameters)
                if script:
                    cursor.execute(";\n".join(script))
        finally:
            copier.dispose()

    def close(self) -> None:
        if self._original is not None:
            drop_database(self._original)
