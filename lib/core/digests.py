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
from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, Table, and_, bindparam, delete, event, select
from sqlalchemy.orm import ORMExecuteState, Session

from lib.core.models import Benefit, Outcome, Persona, Question, RecordDigest, Segment, UseCase

# Raise when the way a row is read, checked or serialised changes, so old digests stop
# matching (3: rows serialised with marshal instead of repr).
DIGEST_VERSION = 3
# Cells marshal writes as themselves; anything else is converted first (`_plain_at`).
_MARSHALLED = frozenset({str, float, int, bool, type(None)})
_PERSON = f"casebook-row-v{DIGEST_VERSION}".encode()  # blake2b's personalisation: the version
DIGESTED = {m.__tablename__: m for m in (Segment, Persona, UseCase, Benefit, Outcome, Question)}
# What can point at a segment or persona (links, persona_id, an outcome's industry text).
REFERRING = ("use_case", "benefit", "outcome", "question")
CHUNK = 500
STORE_CHUNK = 10_000
_TABLE = RecordDigest.__table__


def digest(values: Sequence[Any]) -> str:
    """The digest of one row given as its cells in a fixed column order."""
    return digest_all([tuple(values)])[0]


def digest_all(rows: Iterable[tuple[Any, ...]]) -> list[str]:
    """`digest` of many rows, each a tuple of its cells (the fast path for a whole sheet).

    Each row is serialised with `marshal` (format 2: no back-references, so equal rows give
    equal bytes whatever objects they are made of), which keeps the cells' types apart (the
    text '1' from the number 1, 1 from 1.0 and True) at a fraction of the cost of `repr`.
    Cells `marshal` cannot hold (dates and times) become a (type name, repr) pair first; no
    reader gives a tuple as a cell, so the pair cannot be mistaken for another cell. The
    positions holding such cells are learned from the first row that has one, so the rows
    after it are converted without a failed attempt first.
    """
    dumps = marshal.dumps
    blake2b = hashlib.blake2b
    person = _PERSON
    special: list[int] = []  # positions seen holding a cell marshal cannot hold
    result: list[str] = []
    append = result.append
    for values in rows:
        if special:
            values = _plain_at(values, special)
        try:
            data = dumps(values, 2)
        except ValueError:
            special = sorted(
                {*special, *(i for i, v in enumerate(values) if type(v) not in _MARSHALLED)}
            )
            data = dumps(_plain_at(values, special), 2)
        append(blake2b(data, digest_size=16, person=person).hexdigest())
    return result


def _plain_at(values: tuple[Any, ...], positions: list[int]) -> tuple[Any, ...]:
    """`values` with the cells at `positions` that marshal cannot hold as (type name, repr)."""
    cells = list(values)
    for i in positions:
        if i < len(cells) and type(cells[i]) not in _MARSHALLED:
            value = cells[i]
            cells[i] = (type(value).__name__, repr(value))
    return tuple(cells)


def load(conn: Connection, kind: str) -> dict[str, str]:
    """id -> stored digest, for the records of table `kind` that have one."""
    query = select(_TABLE.c.id, _TABLE.c.digest).where(_TABLE.c.kind == kind)
    return {uid: value for uid, value in conn.execute(query)}


def by_digest(conn: Connection, table: Table) -> dict[str, str]:
    """Stored digest -> id, for the records of `table` that still exist and have one."""
    return ids_and_digests(conn, table)[1]


def ids_and_digests(conn: Connection, table: Table) -> tuple[set[str], dict[str, str]]:
    """Every id of `table`, and stored digest -> id for those records that have one.

    One query (the table joined to its digests), as plain tuples: an import needs both, and
    at 100,000 records a second query and the ORM would cost more than the rows it skips.
    A digest whose record is gone is not returned (the join leaves it out).
    """
    joined = table.outerjoin(_TABLE, and_(_TABLE.c.kind == table.name, _TABLE.c.id == table.c.id))
    rows = conn.execute(select(table.c.id, _TABLE.c.digest).select_from(joined)).all()
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
