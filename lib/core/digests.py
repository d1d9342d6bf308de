"""A digest per library record, so re-importing a workbook costs what it changes.

The import stores, for each record it writes from a sheet carrying every column, a digest of
the record's row as read from the file: its cells as the reader gave them, before any check,
in the sheet's column order. A later import digests each row the same way; a row whose digest
is the one stored for a record that still exists holds exactly what was checked and written
before, so its cells are neither checked again nor compared (only the cross-row checks still
see it); every other row is checked, and compared with the record it names.

A digest is only ever compared with a digest of a file record, never recomputed from the
database, so it must be forgotten whenever a record changes by any other way. Every ORM write
does that here (new, changed and deleted segments, personas, use cases, benefits, outcomes and
questions lose their digest in the same flush; removing a segment or persona forgets the
digests of every record that could link to it), and so does an ORM-enabled bulk update or
delete of those tables. A write that bypasses the ORM must call `forget` itself. A missing
digest only costs a full comparison of that record; a stale one would hide a change.
"""

from __future__ import annotations

import hashlib
import marshal
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from functools import partial
from itertools import repeat
from operator import itemgetter
from typing import Any

from sqlalchemy import Connection, Table, and_, bindparam, delete, event, select
from sqlalchemy.orm import ORMExecuteState, Session

from lib.core.models import Benefit, Outcome, Persona, Question, RecordDigest, Segment, UseCase

# Raise when the way a row is read, checked or serialised changes, so old digests stop
# matching (3: rows serialised with marshal instead of repr; 4: date columns as the repr of
# their cells, after the other cells).
DIGEST_VERSION = 4
# Cells marshal writes as themselves; anything else is converted first (`_plain`).
_MARSHALLED = frozenset({str, float, int, bool, type(None)})
_PERSON = f"casebook-row-v{DIGEST_VERSION}".encode()  # blake2b's personalisation: the version
_HEX = hashlib.blake2b.hexdigest
DIGESTED = {m.__tablename__: m for m in (Segment, Persona, UseCase, Benefit, Outcome, Question)}
# The same table keeps, under this kind, the digest of each sheet's XML part as the import last
# found it clean (id: the sheet's name): no record's, so nothing above forgets it; it names
# the file's bytes, never the library's data, so it can never go stale (see
# `lib.workbook.sheet_xml.part_digest`).
SHEET_PARTS = "sheet_xml"
# What can point at a segment or persona (links, persona_id, an outcome's industry text).
REFERRING = ("use_case", "benefit", "outcome", "question")
CHUNK = 500
STORE_CHUNK = 10_000
_TABLE = RecordDigest.__table__


def digest(values: Sequence[Any]) -> str:
    """The digest of one row given as its cells in a fixed column order."""
    return digest_all([tuple(values)])[0]


def digest_all(rows: Iterable[tuple[Any, ...]]) -> list[str]:
    """`digest` of many rows of the same length, each a tuple of its cells."""
    rows = list(rows)
    if not rows:
        return []
    return digest_rows(rows, range(len(rows[0])))


def digest_rows(
    rows: Sequence[Sequence[Any]], positions: Iterable[int], as_text: Collection[int] = ()
) -> list[str]:
    """`digest` of each row's cells at `positions`, in that order: the fast path for a whole
    sheet, taking its rows as the reader gives them (every row has every position).
    `as_text` names (by their place in `positions`) the columns serialised as their cells'
    `repr`: a sheet's date columns, whose cells `marshal` cannot hold.

    A row is serialised with `marshal` (format 2: no back-references, so equal rows give
    equal bytes whatever objects they are made of), which keeps the cells' types apart (the
    text '1' from the number 1, 1 from 1.0 and True) at a fraction of the cost of `repr`, as
    (the places of the `as_text` columns, its other cells, the `repr` of each `as_text`
    cell). A `repr` keeps types apart too (quotes around text, `datetime.date(...)`), and
    the places make a row read with other `as_text` columns a different row. Rows are
    picked, serialised and hashed in one chain of C-level `map`s, one serialised row alive
    at a time. A cell `marshal` cannot hold outside the `as_text` columns (a date typed in
    a text column) sends the whole sheet to the slow path, row by row, where such a cell
    becomes a (type name, repr) pair; no reader gives a tuple as a cell, so the pair cannot
    be mistaken for another cell, and each row serialises as it would on the fast path.
    """
    positions = list(positions)
    if not rows or not positions:
        return []
    places = tuple(i for i in range(len(positions)) if i in as_text)
    plain = _picker([p for i, p in enumerate(positions) if i not in as_text])
    shown = [itemgetter(positions[i]) for i in places]
    hasher = partial(hashlib.blake2b, digest_size=16, person=_PERSON)
    serialised = zip(repeat(places), map(plain, rows), *(map(repr, map(s, rows)) for s in shown))
    try:
        return list(map(_HEX, map(hasher, map(marshal.dumps, serialised, repeat(2)))))
    except ValueError:
        pass
    result = []
    for row in rows:
        cells = tuple(_plain(cell) for cell in plain(row))
        data = marshal.dumps((places, cells, *(repr(s(row)) for s in shown)), 2)
        result.append(hasher(data).hexdigest())
    return result


def _picker(positions: list[int]) -> Callable[[Sequence[Any]], tuple[Any, ...]]:
    """A function giving a row's cells at `positions` as a tuple (`itemgetter` gives a lone
    cell as itself)."""
    if len(positions) > 1:
        return itemgetter(*positions)
    if positions:
        only = itemgetter(positions[0])
        return lambda row: (only(row),)
    return lambda row: ()


def _plain(cell: Any) -> Any:
    """A cell `marshal` can hold: itself, or (type name, repr) for a date or time."""
    return cell if type(cell) in _MARSHALLED else (type(cell).__name__, repr(cell))


def load(conn: Connection, kind: str) -> dict[str, str]:
    """id -> stored digest, for the records of table `kind` that have one."""
    query = select(_TABLE.c.id, _TABLE.c.digest).where(_TABLE.c.kind == kind)
    return {uid: value for uid, value in conn.execute(query)}


def by_digest(conn: Connection, table: Table) -> dict[str, str]:
    """Stored digest -> id, for the records of `table` that still exist and have one."""
    return ids_and_digests(conn, table)[1]


def ids_and_digests(conn: Connection, table: Table) -> tuple[set[str], dict[str, str]]:
    """Every id of `table`, and stored digest -> id for those records that have one.

    One query (the table joined to its digests), its rows fetched as the driver's plain
    tuples: an import needs both, and at 100,000 records a second query, the ORM or even
    SQLAlchemy's result rows would cost more than the rows it skips (a third of this read).
    A digest whose record is gone is not returned (the join leaves it out).
    """
    joined = table.outerjoin(_TABLE, and_(_TABLE.c.kind == table.name, _TABLE.c.id == table.c.id))
    compiled = select(table.c.id, _TABLE.c.digest).select_from(joined).compile(dialect=conn.dialect)
    params: Any = (
        [compiled.params[name] for name in compiled.positiontup or ()]
        if compiled.positional
        else compiled.params
    )
    cursor = conn.connection.cursor()  # the connection's own, in its transaction
    try:
        cursor.execute(compiled.string, params)
        rows = cursor.fetchall()
    finally:
        cursor.close()
    return {uid for uid, _ in rows}, {value: uid for uid, value in rows if value is not None}


def forget(conn: Connection, kind: str, ids: Iterable[str] | None = None) -> None:
    """Drop the digests of `ids` (every record of `kind` when None)."""
    if ids is None:
        conn.execute(delete(_TABLE).where(_TABLE.c.kind == kind))
        return
    wanted = list(dict.fromkeys(ids))
    for start in range(0, len(wanted), CHUNK):
        part = wanted[start : start + CHUNK]
        conn.execute(delete(_TABLE).where(_TABLE.c.kind == kind, _TABLE.c.id.in_(part)))


def forget_missing(conn: Connection, table: Table) -> None:
    """Drop the digests of records of `table` that no longer exist (removed, or removed with
    the record they belonged to by the database's cascades)."""
    conn.execute(
        delete(_TABLE).where(
            _TABLE.c.kind == table.name, _TABLE.c.id.not_in(select(table.c.id).scalar_subquery())
        )
    )


def store(
    conn: Connection,
    kind: str,
    digests: Mapping[str, str],
    *,
    forgetting: Iterable[str] = (),
    fresh: Collection[str] = (),
) -> None:
    """Set the digests of these records (replacing what they had), and drop those of
    `forgetting`. `fresh` records are known to have none (records just added, after
    `forget_missing`), so nothing is deleted for them. One driver `executemany` each: an
    import stores a digest per record."""
    gone = list(dict.fromkeys([*forgetting, *(uid for uid in digests if uid not in fresh)]))
    if gone:
        statement = delete(_TABLE).where(
            _TABLE.c.kind == bindparam("kind"), _TABLE.c.id == bindparam("id")
        )
        _executemany(conn, statement, {"kind": [kind] * len(gone), "id": gone})
    if digests:
        statement = _TABLE.insert().values(
            kind=bindparam("kind"), id=bindparam("id"), digest=bindparam("digest")
        )
        columns = {
            "kind": [kind] * len(digests),
            "id": list(digests),
            "digest": [*digests.values()],
        }
        _executemany(conn, statement, columns)


def _executemany(conn: Connection, statement: Any, columns: dict[str, list[Any]]) -> None:
    """Run `statement` once per row (given column by column) through the driver's
    executemany, compiled once: Core's per-row parameter handling costs more than the writes
    themselves here."""
    compiled = statement.compile(dialect=conn.dialect)
    if compiled.positional:
        params: list[Any] = list(
            zip(*(columns[n] for n in compiled.positiontup or ()), strict=True)
        )
    else:
        names = list(columns)
        params = [dict(zip(names, row, strict=True)) for row in zip(*columns.values(), strict=True)]
    for start in range(0, len(params), STORE_CHUNK):
        conn.exec_driver_sql(compiled.string, params[start : start + STORE_CHUNK])


@event.listens_for(Session, "before_flush")
def _forget_flushed(session: Session, _context: Any, _instances: Any) -> None:
    """Records an ORM flush adds, changes or deletes lose their digest in the same transaction."""
    touched: dict[str, set[str]] = {}
    referred = False
    for obj in (*session.new, *session.dirty, *session.deleted):
        kind = getattr(type(obj), "__tablename__", None)
        if kind in DIGESTED and getattr(obj, "id", None) is not None:
            touched.setdefault(kind, set()).add(obj.id)
            referred = referred or (obj in session.deleted and kind in ("segment", "persona"))
    if not touched:
        return
    conn = session.connection()
    for kind, ids in touched.items():
        forget(conn, kind, sorted(ids))
    if referred:
        for kind in REFERRING:
            forget(conn, kind)


@event.listens_for(Session, "do_orm_execute")
def _forget_bulk(state: ORMExecuteState) -> None:
    """An ORM-enabled bulk UPDATE or DELETE of a library table forgets that table's digests."""
    if not (state.is_update or state.is_delete):
        return
    mapper = state.bind_mapper
    kind = getattr(mapper.class_, "__tablename__", None) if mapper is not None else None
    if kind not in DIGESTED:
        return
    conn = state.session.connection()
    forget(conn, kind)
    if state.is_delete and kind in ("segment", "persona"):
        for other in REFERRING:
            forget(conn, other)
