"""Bulk writes that keep the database's own value conversion but skip per-row overhead.

A 20,000-use-case import is a few hundred thousand values. Going through Core's `insert()`
with a list of dicts costs more in building parameters than the database spends writing, so
the statement is compiled once for the connection's dialect, every column is converted with
that dialect's bind processor (JSON to text, dates to what the driver wants), and the rows go
to the driver's `executemany` as plain tuples in the connection's transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import Connection, Table, bindparam, insert, update
from sqlalchemy.sql.elements import ColumnElement

# The pause lives in core (every bulk read and build uses it); the import calls it from here.
from lib.core.collector import collector_paused as collector_paused

CHUNK = 10_000  # rows per statement: keeps progress moving and statements a sane size


def _processor(conn: Connection, table: Table, name: str) -> Callable[[Any], Any] | None:
    column_type = table.c[name].type
    return column_type.dialect_impl(conn.dialect).bind_processor(conn.dialect)


def _run(
    conn: Connection,
    statement: Any,
    columns: dict[str, list[Any]],
    types: dict[str, tuple[Table, str]],
    on_chunk: Callable[[int], None] | None,
) -> None:
    compiled = statement.compile(dialect=conn.dialect)
    converted: dict[str, list[Any]] = {}
    for name, values in columns.items():
        table, column = types[name]
        process = _processor(conn, table, column)
        converted[name] = [process(v) for v in values] if process else values
    count = len(next(iter(converted.values()))) if converted else 0
    if compiled.positional:
        order = [converted[name] for name in compiled.positiontup or ()]
        rows: list[Any] = list(zip(*order, strict=True))
    else:
        names = list(converted)
        rows = [
            dict(zip(names, values, strict=True))
            for values in zip(*converted.values(), strict=True)
        ]
    for start in range(0, count, CHUNK):
        conn.exec_driver_sql(compiled.string, rows[start : start + CHUNK])
        if on_chunk:
            on_chunk(min(CHUNK, count - start))


def insert_columns(
    conn: Connection,
    table: Table,
    columns: dict[str, list[Any]],
    on_chunk: Callable[[int], None] | None = None,
) -> None:
    """Insert rows given column by column (`{"id": [...], "title": [...]}`)."""
    if not columns or not next(iter(columns.values())):
        return
    statement = insert(table).values({name: bindparam(name) for name in columns})
    _run(conn, statement, columns, {n: (table, n) for n in columns}, on_chunk)


def update_columns(
    conn: Connection,
    table: Table,
    key: str,
    columns: dict[str, list[Any]],
    also: dict[str, ColumnElement[Any] | Any] | None = None,
    on_chunk: Callable[[int], None] | None = None,
) -> None:
    """Update rows by primary key `key`; `columns` holds the key column and the new values.

    `also` sets the same expression on every row (e.g. `version = version + 1`).
    """
    if not columns or not columns[key]:
        return
    values: dict[str, Any] = {n: bindparam(f"v_{n}") for n in columns if n != key}
    values.update(also or {})
    statement = update(table).where(table.c[key] == bindparam(f"k_{key}")).values(values)
    renamed = {(f"k_{n}" if n == key else f"v_{n}"): v for n, v in columns.items()}
    types = {(f"k_{n}" if n == key else f"v_{n}"): (table, n) for n in columns}
    _run(conn, statement, renamed, types, on_chunk)


def as_columns(rows: Sequence[dict[str, Any]], names: Sequence[str]) -> dict[str, list[Any]]:
    return {name: [row[name] for row in rows] for name in names}
