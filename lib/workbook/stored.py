"""The library as the database holds it, in the workbook's shape: one dict per record.

Import compares the file against these records and export writes them, so both agree on what
a value looks like (blank text is "", a blank optional reference is None, lists are lists, the
industries/company sizes/personas of a use case are sorted ids).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from typing import Any

from sqlalchemy import Column, Connection, Table, select

from lib.core.models import Base, use_case_company_size, use_case_industry, use_case_persona
from lib.workbook import sheets

# Use-case list columns that are really links to other records: (link table, other column).
LINKS: dict[str, tuple[Table, str]] = {
    "industries": (use_case_industry, "segment_id"),
    "company_sizes": (use_case_company_size, "segment_id"),
    "personas": (use_case_persona, "persona_id"),
}

Record = dict[str, Any]
ID_CHUNK = 900  # ids per IN (...) list, under every database's bound-parameter limit


def table(spec: sheets.Sheet) -> Table:
    return Base.metadata.tables[spec.entity]


def stored_columns(spec: sheets.Sheet) -> list[str]:
    """The sheet's columns that are columns of its table (not links)."""
    t = table(spec)
    return [name for name in spec.columns if name in t.c]


def nullable(spec: sheets.Sheet, name: str) -> bool:
    column: Column[Any] | None = table(spec).c.get(name)
    return bool(column is not None and column.nullable)


def blank(spec: sheets.Sheet, name: str) -> Any:
    """What an empty cell means for this column."""
    field = next(f for f in spec.fields if f.name == name)
    if field.kind in ("list", "steps", "extensions"):
        return []
    if field.kind in ("date", "number", "count") or nullable(spec, name):
        return None
    return ""


def load_ids(conn: Connection, spec: sheets.Sheet) -> set[str]:
    return set(conn.scalars(select(table(spec).c.id)))


def load_segment_kinds(conn: Connection) -> dict[str, str]:
    t = table(sheets.SEGMENTS)
    return {uid: kind for uid, kind in conn.execute(select(t.c.id, t.c.kind))}


def load_records(
    conn: Connection, spec: sheets.Sheet, ids: Collection[str] | None = None
) -> dict[str, Record]:
    """Every record of one sheet (or only those in `ids`), keyed and ordered by id."""
    t = table(spec)
    names = stored_columns(spec)
    fixes = [(n, blank(spec, n)) for n in names if blank(spec, n) is not None]
    records: dict[str, Record] = {}
    query = select(*(t.c[n] for n in names)).order_by(t.c.id)
    if ids is None:
        rows: Iterable[Any] = conn.execute(query)
    else:
        wanted = sorted(ids)
        rows = [
            row
            for start in range(0, len(wanted), ID_CHUNK)
            for row in conn.execute(query.where(t.c.id.in_(wanted[start : start + ID_CHUNK])))
        ]
    for values in rows:
        record = dict(zip(names, values, strict=True))
        for name, empty in fixes:
            if record[name] is None:
                record[name] = list(empty) if isinstance(empty, list) else empty
        records[record["id"]] = record
    if spec is sheets.USE_CASES:
        for name, linked in load_links(conn, None if ids is None else list(records)).items():
            for uid, record in records.items():
                record[name] = linked.get(uid, [])
    return records


def load_links(
    conn: Connection, ids: Sequence[str] | None = None
) -> dict[str, dict[str, list[str]]]:
    """For each link column, use case id -> sorted linked ids (of `ids` only, when given)."""
    result: dict[str, dict[str, list[str]]] = {}
    for name, (link, other) in LINKS.items():
        grouped: dict[str, list[str]] = defaultdict(list)
        query = select(link.c.use_case_id, link.c[other]).order_by(
            link.c.use_case_id, link.c[other]
        )
        parts = (
            [query]
            if ids is None
            else [
                query.where(link.c.use_case_id.in_(ids[start : start + ID_CHUNK]))
                for start in range(0, len(ids), ID_CHUNK)
            ]
        )
        for part in parts:
            for uid, oid in conn.execute(part):
                grouped[uid].append(oid)
        result[name] = dict(grouped)
    return result
