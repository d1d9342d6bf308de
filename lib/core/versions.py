"""Version history of use cases: every save keeps the whole use case as it then stood.

The editor, the import and a restore all write through `record_versions`, inside their own
transaction, so a version exists exactly when the change does. A version holds the use case's
fields, its industry/size/persona links, benefits, outcomes and questions as plain JSON, so two
versions can be compared in words (`differences`) and an old one brought back by the editor.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, func, insert, select
from sqlalchemy.orm import Session

from lib.core.models import (
    Benefit,
    Outcome,
    Question,
    UseCase,
    UseCaseVersion,
    use_case_company_size,
    use_case_industry,
    use_case_persona,
)

SKIPPED = ("version", "updated_at", "updated_by")  # bookkeeping, not content
CHUNK = 500
FIELD_LABELS = {
    "title": "Title",
    "goal": "Goal",
    "primary_actor": "Primary actor",
    "secondary_actors": "Secondary actors",
    "scope": "Scope",
    "level": "Level",
    "stakeholders": "Stakeholders",
    "preconditions": "Preconditions",
    "trigger": "Trigger",
    "success_guarantee": "Success guarantee",
    "minimal_guarantee": "Minimal guarantee",
    "status": "Status",
    "owner": "Owner",
    "last_reviewed": "Last reviewed",
    "tags": "Tags",
    "industries": "Industries",
    "company_sizes": "Company sizes",
    "personas": "Personas",
}


@dataclass(frozen=True)
class VersionInfo:
    number: int
    at: dt.datetime
    who: str
    action: str
    summary: str


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return value


def _chunks(ids: Sequence[str]) -> Iterable[Sequence[str]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


def contents(conn: Connection | Session, ids: Sequence[str]) -> dict[str, dict[str, Any]]:
    """The use cases `ids` as they are now in this transaction, as JSON-ready dicts."""
    wanted = list(dict.fromkeys(ids))
    out: dict[str, dict[str, Any]] = {}
    uc_table = UseCase.__table__
    columns = [c for c in uc_table.c if c.name not in SKIPPED]
    children: dict[str, dict[str, list[dict[str, Any]]]] = defaultdict(lambda: defaultdict(list))
    links: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for part in _chunks(wanted):
        for row in conn.execute(select(*columns).where(uc_table.c.id.in_(part))).mappings():
            out[row["id"]] = {k: _plain(v) for k, v in row.items()}
        for name, table, column in (
            ("industries", use_case_industry, use_case_industry.c.segment_id),
            ("company_sizes", use_case_company_size, use_case_company_size.c.segment_id),
            ("personas", use_case_persona, use_case_persona.c.persona_id),
        ):
            query = select(table.c.use_case_id, column).where(table.c.use_case_id.in_(part))
            for uc_id, other in conn.execute(query.order_by(column)):
                links[uc_id][name].append(other)
        for name, model in (("benefits", Benefit), ("outcomes", Outcome), ("questions", Question)):
            table = model.__table__
            query = select(table).where(table.c.use_case_id.in_(part)).order_by(table.c.id)
            for row in conn.execute(query).mappings():
                item = {k: _plain(v) for k, v in row.items() if k != "use_case_id"}
                children[row["use_case_id"]][name].append(item)
    for uc_id, data in out.items():
        for name in ("industries", "company_sizes", "personas"):
            data[name] = links[uc_id][name]
        for name in ("benefits", "outcomes", "questions"):
            data[name] = children[uc_id][name]
    return out


def record_versions(
    conn: Connection | Session,
    ids: Sequence[str],
    *,
    who: str,
    action: str,
    summary: str | Mapping[str, str] = "",
    at: dt.datetime | None = None,
) -> int:
    """Keep the current state of each use case in `ids` as its next version; returns how many.

    Call it inside the writing transaction, after the change is flushed.
    """
    now = at or dt.datetime.now()
    current = contents(conn, ids)
    if not current:
        return 0
    numbers: dict[str, int] = {}
    table = UseCaseVersion.__table__
    for part in _chunks(list(current)):
        query = (
            select(table.c.use_case_id, func.max(table.c.number))
            .where(table.c.use_case_id.in_(part))
            .group_by(table.c.use_case_id)
        )
        numbers.update({uc_id: int(n or 0) for uc_id, n in conn.execute(query)})
    rows = [
        {
            "use_case_id": uc_id,
            "number": numbers.get(uc_id, 0) + 1,
            "at": now,
            "who": who,
            "action": action,
            "summary": summary.get(uc_id, "") if isinstance(summary, Mapping) else summary,
            "content": data,
        }
        for uc_id, data in current.items()
    ]
    conn.execute(insert(table), rows)
    return len(rows)


def versions(engine: Engine, use_case_id: str) -> list[VersionInfo]:
    """The versions of one use case, newest first."""
    table = UseCaseVersion.__table__
    query = (
        select(table.c.number, table.c.at, table.c.who, table.c.action, table.c.summary)
        .where(table.c.use_case_id == use_case_id)
        .order_by(table.c.number.desc())
    )
    with engine.connect() as conn:
        return [VersionInfo(*row) for row in conn.execute(query)]


def version_content(engine: Engine, use_case_id: str, number: int) -> dict[str, Any] | None:
    table = UseCaseVersion.__table__
    query = select(table.c.content).where(
        table.c.use_case_id == use_case_id, table.c.number == number
    )
    with engine.connect() as conn:
        return conn.scalar(query)


def _show(value: Any) -> str:
    if value is None or value == "" or value == []:
        return "(empty)"
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    return str(value)


def _by_key(items: list[dict[str, Any]], key: str) -> dict[str, dict[str, Any]]:
    return {str(item.get(key, "")): item for item in items or []}


def differences(before: Mapping[str, Any], after: Mapping[str, Any]) -> list[str]:
    """What changed from `before` to `after`, one plain sentence per change: fields, steps by
    number, extensions by label, benefits, outcomes and questions by id."""
    lines: list[str] = []
    for name, label in FIELD_LABELS.items():
        if before.get(name) != after.get(name):
            lines.append(f"{label}: {_show(before.get(name))} → {_show(after.get(name))}")
    old_steps, new_steps = before.get("main_steps") or [], after.get("main_steps") or []
    for n in range(1, max(len(old_steps), len(new_steps)) + 1):
        old = old_steps[n - 1] if n <= len(old_steps) else None
        new = new_steps[n - 1] if n <= len(new_steps) else None
        if old == new:
            continue
        if old is None:
            lines.append(f"Step {n} added: {new}")
        elif new is None:
            lines.append(f"Step {n} removed: {old}")
        else:
            lines.append(f"Step {n}: {old} → {new}")
    old_ext = _by_key(before.get("extensions") or [], "step")
    new_ext = _by_key(after.get("extensions") or [], "step")
    for label in sorted(set(old_ext) | set(new_ext)):
        old, new = old_ext.get(label), new_ext.get(label)
        if old == new:
            continue

        def words(e: dict[str, Any]) -> str:
            kind = " [exception]" if e.get("kind") == "exception" else ""
            return f"{e.get('condition', '')}{kind}: {'; '.join(e.get('steps') or [])}"

        if old is None:
            lines.append(f"Extension {label} added: {words(new)}")  # type: ignore[arg-type]
        elif new is None:
            lines.append(f"Extension {label} removed: {words(old)}")
        else:
            lines.append(f"Extension {label}: {words(old)} → {words(new)}")
    children = (("benefits", "Benefit"), ("outcomes", "Outcome"), ("questions", "Question"))
    for name, title in children:
        old_items, new_items = _by_key(before.get(name), "id"), _by_key(after.get(name), "id")
        for item_id in sorted(set(old_items) | set(new_items)):
            old, new = old_items.get(item_id), new_items.get(item_id)
            if old == new:
                continue
            if old is None:
                lines.append(f"{title} {item_id} added")
            elif new is None:
                lines.append(f"{title} {item_id} removed")
            else:
                changed = [k for k in sorted(set(old) | set(new)) if old.get(k) != new.get(k)]
                parts = ", ".join(f"{k} {_show(old.get(k))} → {_show(new.get(k))}" for k in changed)
                lines.append(f"{title} {item_id}: {parts}")
    return lines


def version_rows(found: Sequence[VersionInfo]) -> list[dict[str, Any]]:
    """The versions as the Library and Manage pages list them."""
    return [
        {"Version": v.number, "When": v.at, "Who": v.who, "Action": v.action, "Summary": v.summary}
        for v in found
    ]


def compare(engine: Engine, use_case_id: str, older: int, newer: int) -> list[str]:
    """What changed from version `older` to version `newer`, in words (`differences`)."""
    before = version_content(engine, use_case_id, older)
    after = version_content(engine, use_case_id, newer)
    for number, content in ((older, before), (newer, after)):
        if content is None:
            return [f"{use_case_id} has no version {number}"]
    lines = differences(before or {}, after or {})
    return lines or [f"Versions {older} and {newer} hold the same content"]
