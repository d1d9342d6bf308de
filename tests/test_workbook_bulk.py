"""The bulk writer binds every value exactly as SQLAlchemy itself would, only faster."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy import Engine

from lib.core.models import Base
from lib.workbook import bulk

VALUES: list[Any] = [
    None,
    [],
    ["Healthcare"],
    ["a", 'é\n"', "x\\y", "\u200b", "=SUM(A1)", "\ud83d\ude00"],
    [{"step": "3a", "kind": "alternate", "condition": "Card declined", "steps": ["Retry"]}],
    ["mixed", 1],
    {"not": "a list"},
    "",
    "text",
    0,
    1.5,
    dt.date(2026, 3, 31),
    dt.datetime(2026, 3, 31, 12, 30, 5, 123456),
]


COLUMNS = [
    (t.name, c.name)
    for t in Base.metadata.sorted_tables
    if t.name in ("use_case", "outcome", "benefit", "question", "segment", "persona")
    for c in t.columns
]


def test_every_column_binds_as_sqlalchemy_does(engine: Engine) -> None:
    with engine.connect() as conn:
        for table, column in COLUMNS:
            t = Base.metadata.tables[table]
            convert = bulk._converter(conn, t, column)
            theirs = t.c[column].type.dialect_impl(conn.dialect).bind_processor(conn.dialect)
            if theirs is None:
                assert convert is None, column
                continue
            assert convert is not None, column
            for value in VALUES:
                _same_binding(convert, theirs, value, f"{table}.{column}")
            _same_column(convert, theirs, f"{table}.{column}")


def _same_binding(convert: Any, theirs: Any, value: Any, where: str) -> None:
    try:
        expected = theirs(value)
    except Exception as error:  # a value this type refuses is refused alike
        with pytest.raises(type(error)):
            convert([value])
        return
    got = convert([value])
    assert [_bound(v) for v in got] == [_bound(expected)], (where, value, got, expected)


def _same_column(convert: Any, theirs: Any, where: str) -> None:
    """A column mixing every value the type takes (lists of text beside lists of dicts, of
    numbers, blanks): converted whole, each value comes out as it does alone."""
    accepted = []
    for value in VALUES:
        try:
            theirs(value)
        except Exception:  # refused values are checked one by one above
            continue
        accepted.append(value)
    for column in (accepted, accepted[::-1]):
        got = convert(column)
        assert [_bound(v) for v in got] == [_bound(theirs(v)) for v in column], where


def _bound(value: Any) -> Any:
    """A bound value as it compares: psycopg wraps JSON in `Json`/`Jsonb` objects, which do
    not compare equal to one another, so their type and payload stand for them."""
    if type(value).__name__ in ("Json", "Jsonb") and hasattr(value, "obj"):
        return type(value), value.obj
    return value
