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
"""

from __future__ import annotations

import os
import uuid
import warnings
from pathlib import Path

from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.pool import NullPool

ENV = "CASEBOOK_TEST_DATABASE"
PREFIX = "casebook_test_"

_admin: Engine | None = None
_created: set[str] = set()


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


def new_database_url(folder: Path, name: str = "library") -> str:
    """The URL of a new, empty library (migrated by whoever opens it first)."""
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
