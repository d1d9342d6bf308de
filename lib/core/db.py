"""Engine, sessions, schema migrations and the library revision.

`DATABASE_URL` picks the database (PostgreSQL for a team); the default is a SQLite file in
`data/`. Every entry point calls `get_engine()`, which brings the schema up to date first, so an
old database file never meets new code.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    Connection,
    Engine,
    Integer,
    create_engine,
    event,
    insert,
    select,
    text,
    update,
)
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError, OperationalError
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement
from sqlalchemy.sql.schema import Table

from lib.core import digests as _digests  # noqa: F401 - keeps record digests right on writes
from lib.core.models import LibraryState

if TYPE_CHECKING:
    from alembic.config import Config

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_URL = f"sqlite:///{ROOT / 'data' / 'library.db'}"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"


EXAMPLE_URLS = "sqlite:///data/library.db or postgresql+psycopg://user:pass@host/casebook"

# How long a writer waits for another writer's transaction to finish before giving up. A
# 100,000-use-case import holds the lock for tens of seconds; waiting is better than failing.
LOCK_WAIT_SECONDS = 300
SQLITE_BUSY_MS = 5000
# Any fixed number: the key of the PostgreSQL advisory lock that serialises library writes.
ADVISORY_LOCK_KEY = 0x0CA5EB00C


# Connections one app server keeps open for reuse (`CASEBOOK_DB_POOL_SIZE`), and how many more
# it may open for a moment at a peak. SQLAlchemy's default keeps 5: with 25 reps rerunning at
# once on one server, every connection beyond those was opened and closed again around a single
# query (on PostgreSQL a new server process each time, about one per profile change). Kept
# connections are opened only when needed. A team's PostgreSQL must allow app servers x
# (POOL_SIZE + POOL_OVERFLOW) connections (100 by default: five servers).
POOL_SIZE_SETTING = "CASEBOOK_DB_POOL_SIZE"
DEFAULT_POOL_SIZE = 15
POOL_OVERFLOW = 5
MOST_POOL_SIZE = 1000


class DatabaseUnavailable(Exception):
    """The database `DATABASE_URL` names cannot be opened; the message says why, plainly,
    without the URL's password."""


def database_url() -> str:
    """The database in use: `DATABASE_URL`, or the SQLite file beside the sample library."""
    return os.environ.get("DATABASE_URL") or DEFAULT_URL


def describe(url: str) -> str:
    """A short, password-free name of the database for the page header."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return f"SQLite · {Path(parsed.database or ':memory:').name}"
    return f"{parsed.get_backend_name()} · {parsed.host or ''}/{parsed.database or ''}"


def pool_size() -> int:
    """The connections each app server keeps open: `CASEBOOK_DB_POOL_SIZE`, else 15."""
    text = os.environ.get(POOL_SIZE_SETTING, "").strip()
    if not text:
        return DEFAULT_POOL_SIZE
    if not text.isdigit() or not 1 <= int(text) <= MOST_POOL_SIZE:
        raise DatabaseUnavailable(
            f"{POOL_SIZE_SETTING} is the number of database connections each app server keeps "
            f"open, a whole number from 1 to {MOST_POOL_SIZE}, not {text!r}"
        )
    return int(text)


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_MS}")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def make_engine(url: str | None = None, *, migrate: bool = True) -> Engine:
    """Create an engine for `url` (default: `database_url()`) with a current schema.

    Raises `DatabaseUnavailable` when the URL is not a database URL, its driver is not
    installed, or the database cannot be reached.
    """
    url = url or database_url()
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise DatabaseUnavailable(
            f"DATABASE_URL is not a database URL; use one like {EXAMPLE_URLS}"
        ) from None
    try:
        if parsed.get_backend_name() == "sqlite":
            if parsed.database and parsed.database != ":memory:":
                Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
            engine = create_engine(
                url, connect_args={"check_same_thread": False}, **_pool_options(parsed)
            )
            event.listen(engine, "connect", _sqlite_pragmas)
        else:
            engine = create_engine(url, pool_pre_ping=True, **_pool_options(parsed))
    except NoSuchModuleError:
        raise DatabaseUnavailable(
            f"DATABASE_URL names a database type Casebook cannot use "
            f"({parsed.drivername!r}); use one like {EXAMPLE_URLS}"
        ) from None
    except ImportError as error:
        raise DatabaseUnavailable(
            f"the driver for {parsed.drivername} is not installed ({error.name or error}); "
            "install it with pip"
        ) from None
    except OSError as error:
        raise DatabaseUnavailable(
            f"the database folder for {describe(url)} cannot be created: {error.strerror}"
        ) from None
    if migrate:
        try:
            upgrade(engine)
        except OperationalError as error:
            engine.dispose()
            raise DatabaseUnavailable(
                f"the database {describe(url)} cannot be opened: {error.orig}"
            ) from None
    return engine


def _pool_options(parsed: Any) -> dict[str, int]:
    """The pool's size (`pool_size`) for a database served to many sessions; an in-memory
    SQLite database has a pool of its own kind, which takes no size."""
    if parsed.get_backend_name() == "sqlite" and parsed.database in (None, "", ":memory:"):
        return {}
    return {"pool_size": pool_size(), "max_overflow": POOL_OVERFLOW}


def alembic_config(engine: Engine | None = None) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    # ConfigParser reads `%` as interpolation: a URL-encoded password or query (`p%40ss`,
    # `options=-c%20search_path%3Dx`) must reach Alembic as written.
    cfg.set_main_option("sqlalchemy.url", database_url().replace("%", "%%"))
    if engine is not None:
        cfg.attributes["engine"] = engine
    return cfg


def upgrade(engine: Engine) -> None:
    """Apply every pending migration; a no-op on a current database.

    A database already at the migrations' heads is recognised without loading Alembic (a
    tenth of a second or more of every command's start-up); anything else goes to Alembic.
    """
    if _at_heads(engine):
        return
    from alembic import command

    command.upgrade(alembic_config(engine), "head")


_REVISION = re.compile(r"^revision\s*(?::[^=]*)?=\s*[\"']([^\"']+)[\"']\s*$", re.MULTILINE)
_DOWN_REVISION = re.compile(r"^down_revision\s*(?::[^=]*)?=\s*(.*)$", re.MULTILINE)
_QUOTED = re.compile(r"[\"']([^\"']+)[\"']")


def _heads() -> set[str] | None:
    """The revisions no migration builds on, read from the migration files' own lines
    (`revision = "..."`, `down_revision = ...`); None when a file does not say them plainly."""
    revisions: set[str] = set()
    below: set[str] = set()
    for path in (MIGRATIONS / "versions").glob("*.py"):
        text = path.read_text(encoding="utf-8")
        revision, down = _REVISION.findall(text), _DOWN_REVISION.findall(text)
        if len(revision) != 1 or len(down) != 1:
            return None
        revisions.add(revision[0])
        below.update(_QUOTED.findall(down[0]))
    return (revisions - below) or None


def _at_heads(engine: Engine) -> bool:
    """True when the database's Alembic version is exactly the migrations' heads."""
    heads = _heads()
    if heads is None:
        return False
    try:
        with engine.connect() as conn:
            stored = set(conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalars())
    except DBAPIError:  # no version table yet, or no database: Alembic says what is wrong
        return False
    return stored == heads


@contextmanager
def unit_of_work(engine: Engine) -> Iterator[Session]:
    """One transaction: everything inside commits together or not at all."""
    with Session(engine, expire_on_commit=False) as session, session.begin():
        yield session


def lock_library(conn: Connection) -> int:
    """Take the library's write lock for the rest of this transaction; return the revision.

    Call first in a writing transaction, then compare the revision with the one a plan or an
    edit was based on. Reading the revision before holding the lock lets two writers both see
    the same revision and both write (the second then fails half-way with a duplicate key);
    under the lock the second writer waits for the first to commit and then sees its revision.
    SQLite: `BEGIN IMMEDIATE` (the database's one write lock, taken before any read);
    PostgreSQL: a transaction-scoped advisory lock (held until commit or rollback, and it
    works before the library_state row exists).
    """
    if conn.dialect.name == "sqlite":
        driver = conn.connection.dbapi_connection
        conn.exec_driver_sql(f"PRAGMA busy_timeout={LOCK_WAIT_SECONDS * 1000}")
        try:
            if driver is not None and not driver.in_transaction:
                conn.exec_driver_sql("BEGIN IMMEDIATE")
            else:  # already inside a transaction: a write takes the same lock
                conn.execute(
                    update(LibraryState)
                    .where(LibraryState.id == 1)
                    .values(revision=LibraryState.revision)
                )
        finally:
            conn.exec_driver_sql(f"PRAGMA busy_timeout={SQLITE_BUSY_MS}")
    elif conn.dialect.name == "postgresql":
        conn.exec_driver_sql(f"SET LOCAL lock_timeout = '{LOCK_WAIT_SECONDS}s'")
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": ADVISORY_LOCK_KEY})
    return revision_in(conn)


@contextmanager
def reading(engine: Engine) -> Iterator[Connection]:
    """A connection for reads that need no transaction of their own (what every rerun asks:
    the revision, the signed-in person's role, a rep's recent preps).

    On PostgreSQL each statement commits by itself (autocommit): a transaction would cost a
    `BEGIN` and a `ROLLBACK` round trip per connection, and under READ COMMITTED it would not
    make several statements see one snapshot anyway. SQLite's driver never opens a
    transaction for a read (it begins before a write), so there the connection is as it was.
    The isolation level is the connection's own and goes back to the pool's default when the
    connection is returned: nothing changes for writers."""
    with engine.connect() as conn:
        if conn.dialect.name == "postgresql":
            conn.execution_options(isolation_level="AUTOCOMMIT")
        yield conn


def revision_column() -> Any:
    """The library's revision as a scalar subquery, to read in one statement with other small
    values a rerun needs (`read_row`)."""
    return select(LibraryState.revision).where(LibraryState.id == 1).scalar_subquery()


def read_row(engine: Engine, *columns: Any) -> tuple[Any, ...]:
    """Several scalar subqueries read in one statement, on one connection (`reading`): one
    round trip instead of one per value."""
    with reading(engine) as conn:
        return tuple(conn.execute(select(*columns)).one())


def revision(engine: Engine) -> int:
    """The library's revision; caches key on it so a write is visible at once."""
    with reading(engine) as conn:
        return revision_in(conn)


def revision_in(conn: Connection | Session) -> int:
    """The revision as seen inside an open connection or transaction (0 for a new library).

    Read through the table, not the mapped class: naming a mapped attribute sets up every
    mapper (a tenth of a second), which a process that only reads, like an import that
    changes nothing, never needs otherwise.
    """
    state = LibraryState.__table__
    value = conn.scalar(select(state.c.revision).where(state.c.id == 1))
    return value or 0


_bump_listeners: list[Callable[[int], None]] = []


def on_revision_bump(listener: Callable[[int], None]) -> None:
    """Call `listener(new_revision)` in the writing thread whenever a write bumps the revision.

    The app uses it to know that a session wrote, so that session sees its own write at once
    instead of the previous revision that is still being served to everyone else."""
    if listener not in _bump_listeners:
        _bump_listeners.append(listener)


def bump_revision(session: Session) -> int:
    """Mark the library changed and return the new revision; call inside the writing
    transaction (recorded writes do it through `lib.core.changes.record`).

    Written through the table, as `revision_in` reads it: an import or edit that otherwise
    only writes through tables does not set up every mapper for it."""
    state: Any = LibraryState.__table__
    result = session.execute(
        update(state).where(state.c.id == 1).values(revision=state.c.revision + 1)
    )
    if result.rowcount == 0:  # type: ignore[attr-defined]
        session.execute(insert(state).values(id=1, revision=1))
        new = 1
    else:
        new = revision_in(session)
    for listener in _bump_listeners:
        listener(new)
    return new


class json_array_length(FunctionElement[int]):
    """The length of a JSON list column, in SQL, on every database Casebook runs on.

    SQLite's `json_array_length` counts a JSON `null` as 0; PostgreSQL's refuses anything
    but an array ("cannot get array length of a scalar"), so there it is asked only of
    arrays and gives NULL otherwise: wrap it in `coalesce(..., 0)` for the same answer.
    """

    type = Integer()
    inherit_cache = True
    name = "json_array_length"


@compiles(json_array_length)
def _json_array_length(element: json_array_length, compiler: SQLCompiler, **kw: Any) -> str:
    return f"json_array_length({compiler.process(element.clauses, **kw)})"


@compiles(json_array_length, "postgresql")
def _json_array_length_pg(element: json_array_length, compiler: SQLCompiler, **kw: Any) -> str:
    value = compiler.process(element.clauses, **kw)
    return (
        f"CASE WHEN json_typeof(CAST({value} AS json)) = 'array' "
        f"THEN json_array_length(CAST({value} AS json)) END"
    )


def _driver_column(values: tuple[Any, ...], sqlite: bool) -> tuple[Any, ...] | list[Any]:
    """A column's values as the driver binds them, the way SQLAlchemy stores them (dates as
    ISO text on SQLite); columns without dates are passed through untouched."""
    kinds = set(map(type, values))
    if not sqlite or not any(issubclass(kind, dt.date) for kind in kinds):
        return values
    if kinds <= {dt.date, type(None)}:  # a column of dates: each distinct one written once
        text = {v: v.isoformat() for v in set(values) if v is not None}
        return [text[v] if v is not None else None for v in values]
    return [
        v.isoformat(" ", "microseconds")
        if isinstance(v, dt.datetime)
        else v.isoformat()
        if isinstance(v, dt.date)
        else v
        for v in values
    ]


def write_rows(
    conn: Connection,
    table: Table,
    columns: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    key: str | None = None,
) -> None:
    """Insert (or, with `key`, update by that column) many plain rows in one driver
    executemany: for imports of 100,000 rows, where SQLAlchemy's per-row parameter building
    costs more than the database does. Values are bound as SQLAlchemy would store them."""
    if not rows:
        return
    sqlite = conn.dialect.name == "sqlite"
    mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    names = [c for c in columns if c != key]
    if key is None:
        sql = (
            f"INSERT INTO {table.name} ({', '.join(columns)}) "
            f"VALUES ({', '.join(mark for _ in columns)})"
        )
        order = list(range(len(columns)))
    else:
        sql = (
            f"UPDATE {table.name} SET {', '.join(f'{c} = {mark}' for c in names)} "
            f"WHERE {key} = {mark}"
        )
        index = {c: i for i, c in enumerate(columns)}
        order = [index[c] for c in names] + [index[key]]
    by_column = list(zip(*rows, strict=True))
    bound = [_driver_column(by_column[i], sqlite) for i in order]
    conn.exec_driver_sql(sql, list(zip(*bound, strict=True)))


def driver_values(conn: Connection, values: Sequence[Any]) -> Sequence[Any]:
    """A column's values as the driver binds them and reads them back (dates as ISO text on
    SQLite): what `write_columns` writes and `driver_rows` returns, so the two compare equal
    for a value stored unchanged."""
    return _driver_column(tuple(values), conn.dialect.name == "sqlite")


def write_columns(
    conn: Connection,
    table: Table,
    columns: Mapping[str, Sequence[Any]],
    *,
    key: str | None = None,
) -> None:
    """`write_rows` for values held column by column (every column as long), already in
    driver form (`driver_values`): one driver executemany, no row-by-row conversion."""
    names = list(columns)
    if not names or not len(columns[names[0]]):
        return
    mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    if key is None:
        sql = (
            f"INSERT INTO {table.name} ({', '.join(names)}) "
            f"VALUES ({', '.join(mark for _ in names)})"
        )
    else:
        names = [c for c in names if c != key] + [key]
        sql = (
            f"UPDATE {table.name} SET {', '.join(f'{c} = {mark}' for c in names[:-1])} "
            f"WHERE {key} = {mark}"
        )
    conn.exec_driver_sql(sql, list(zip(*(columns[c] for c in names), strict=True)))


def raw_columns(conn: Connection, statement: Any, width: int) -> list[Sequence[Any]]:
    """A query's result column by column, as the driver returns each value (no SQLAlchemy
    conversion: dates may be ISO text), for reading 100,000s of rows into arrays."""
    result = conn.execute(statement)
    try:
        rows = result.cursor.fetchall() if result.cursor else []
    finally:
        result.close()
    return list(zip(*rows, strict=True)) if rows else [()] * width


def driver_rows(
    conn: Connection,
    table: Table,
    columns: Sequence[str],
    *,
    where_in: tuple[str, Sequence[Any]] | None = None,
) -> list[tuple[Any, ...]]:
    """The rows of `table` (these columns; with `where_in`, only those whose column holds one
    of the values) as the driver returns them, without SQLAlchemy's per-value conversion: for
    comparing 100,000 stored rows with `driver_values`."""
    sql = f"SELECT {', '.join(columns)} FROM {table.name}"
    parameters: tuple[Any, ...] = ()
    if where_in is not None:
        column, values = where_in
        if not values:
            return []
        mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
        sql += f" WHERE {column} IN ({', '.join(mark for _ in values)})"
        parameters = tuple(values)
    result = conn.exec_driver_sql(sql, parameters)
    try:
        return list(result.cursor.fetchall()) if result.cursor else []
    finally:
        result.close()
