"""A digest per library record, so re-importing a workbook costs what it changes.

The import stores, for each record it writes from a sheet carrying every column, a digest of
the record as read from the file. A later import reads each file record, digests it the same
way, and only loads and compares the records whose digest differs or is missing: an unchanged
library is re-imported without reading it back.

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
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, Table, delete, event, select
from sqlalchemy.orm import ORMExecuteState, Session

from lib.core.models import Benefit, Outcome, Persona, Question, RecordDigest, Segment, UseCase

# Raise when the way a file record is read changes, so old digests stop matching.
DIGEST_VERSION = 1
DIGESTED = {m.__tablename__: m for m in (Segment, Persona, UseCase, Benefit, Outcome, Question)}
# What can point at a segment or persona (links, persona_id, an outcome's industry text).
REFERRING = ("use_case", "benefit", "outcome", "question")
CHUNK = 500
_TABLE = RecordDigest.__table__


def digest(values: Sequence[Any]) -> str:
    """The digest of one record given as its values in a fixed column order."""
    return digest_all([tuple(values)])[0]


def digest_all(records: Iterable[tuple[Any, ...]]) -> list[str]:
    """`digest` of many records, each a tuple of its values (the fast path for a whole sheet)."""
    blake2b = hashlib.blake2b
    prefix = str(DIGEST_VERSION)
    return [
        blake2b((prefix + repr(values)).encode(), digest_size=16).hexdigest() for values in records
    ]


def load(conn: Connection, kind: str) -> dict[str, str]:
    """id -> stored digest, for the records of table `kind` that have one."""
    query = select(_TABLE.c.id, _TABLE.c.digest).where(_TABLE.c.kind == kind)
    return {uid: value for uid, value in conn.execute(query)}


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


def store(conn: Connection, kind: str, digests: Mapping[str, str]) -> None:
    """Set the digests of these records (replacing what they had)."""
    if not digests:
        return
    forget(conn, kind, digests)
    conn.execute(
        _TABLE.insert(), [{"kind": kind, "id": uid, "digest": d} for uid, d in digests.items()]
    )


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
