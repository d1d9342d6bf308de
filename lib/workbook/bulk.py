"""Bulk writes that keep the database's own value conversion but skip per-row overhead.

A 20,000-use-case import is a few hundred thousand values. Going through Core's `insert()`
with a list of dicts costs more in building parameters than the database spends writing, so
the statement is compiled once for the connection's dialect, every column is converted with
that dialect's bind processor (JSON to text, dates to what the driver wants), and the rows go
to the driver's `executemany` as plain tuples in the connection's transaction.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from json.encoder import encode_basestring_ascii  # type: ignore[attr-defined]
from operator import itemgetter
from typing import Any

from sqlalchemy import JSON, Connection, Date, DateTime, Table, Time, bindparam, insert, update
from sqlalchemy.sql.elements import ColumnElement

# The pause lives in core (every bulk read and build uses it); the import calls it from here.
from lib.core.collector import collector_paused as collector_paused

CHUNK = 10_000  # rows per statement: keeps progress moving and statements a sane size


def _converter(
    conn: Connection, table: Table, name: str
) -> Callable[[list[Any]], list[Any]] | None:
    """What turns a whole column into what the driver takes, or None when it takes it as is."""
    column_type = table.c[name].type
    process = column_type.dialect_impl(conn.dialect).bind_processor(conn.dialect)
    if process is None:
        return None
    if isinstance(column_type, JSON) and process(_PROBE) == _PROBE_TEXT:
        return _json_text(process)  # bound as its JSON text: lists of text are encoded faster
    if isinstance(column_type, Date | DateTime | Time):
        return lambda values: _each_distinct(process, values)
    if process(None) is None:  # blanks need no conversion
        return lambda values: [None if value is None else process(value) for value in values]
    return lambda values: list(map(process, values))


def _each_distinct(process: Callable[[Any], Any], values: list[Any]) -> list[Any]:
    """`process` of each date or time, worked out once per distinct value: a column of them
    holds few (days, and one time stamp for every row an import writes). Equal dates and times
    convert alike, and none equals a value of another type; blanks stay blank."""
    done = {value: process(value) for value in set(values) if value is not None}
    done[None] = None
    return list(map(done.__getitem__, values))


# A list of text as `json.dumps` writes it: the import's list columns are nearly all this.
_PROBE = ["a", 'é\n"']
_PROBE_TEXT = json.dumps(_PROBE)


def _json_text(process: Callable[[Any], Any]) -> Callable[[list[Any]], list[Any]]:
    """`process` (a JSON column's own conversion) for a whole column, with lists of text
    encoded directly: the same text `json.dumps` gives, without its per-call overhead."""
    quote = encode_basestring_ascii

    def encode(value: Any) -> Any:
        if type(value) is list and all(type(item) is str for item in value):
            return "[" + ", ".join(map(quote, value)) + "]"
        return process(value)

    def encode_column(values: list[Any]) -> list[Any]:
        try:  # a column of lists of text, in one pass; `quote` refuses anything but text
            return [
                "[" + ", ".join(map(quote, value)) + "]" if type(value) is list else process(value)
                for value in values
            ]
        except TypeError:  # lists of something else (steps' extensions): value by value
            return list(map(encode, values))

    return encode_column


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
        convert = _converter(conn, table, column)
        converted[name] = convert(values) if convert else values
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
    """Records (dicts) as columns of the given names, picked a whole row at a time."""
    if len(names) < 2 or not rows:
        return {name: [row[name] for row in rows] for name in names}
    picked = zip(*map(itemgetter(*names), rows), strict=True)
    return dict(zip(names, map(list, picked), strict=True))
