"""The change history: the one place a recorded write leaves its trace, keeps the use cases'
versions and bumps the revision.

An edit in the app, an import from a workbook and a decision on an approval all say who changed
what, when and how; all go through `record`, inside their own transaction, so the history, the
version snapshots and the revision (which every cached read keys on) move together or not at all.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session

from lib.core import db, versions
from lib.core.models import ChangeRecord

USE_CASE = "use_case"


@dataclass(frozen=True)
class Entry:
    """One line of history: `action` ('update', 'import', ...) on `entity_id`, in words."""

    entity_id: str
    action: str
    summary: str
    entity: str = USE_CASE


def record(
    session: Session,
    entries: Sequence[Entry],
    *,
    who: str,
    at: dt.datetime | None = None,
    keep_versions: bool = False,
    bump: bool = True,
) -> int:
    """Write `entries` as ChangeRecords by `who`, inside the caller's transaction.

    `keep_versions` also keeps the current state of each use case named as that use case's
    next version (call it after the change itself). `bump` (the default) marks the library
    changed; a record that changes no content (a request for approval) passes False. Returns
    the library's revision after the write.
    """
    when = at or dt.datetime.now()
    if entries:  # an import writes one per use case: one driver executemany
        db.write_rows(
            session.connection(),
            ChangeRecord.__table__,  # type: ignore[arg-type]
            ("at", "who", "entity", "entity_id", "action", "summary"),
            [(when, who, e.entity, e.entity_id, e.action, e.summary) for e in entries],
        )
    if keep_versions:
        session.flush()
        by_action: dict[str, dict[str, str]] = defaultdict(dict)
        for e in entries:
            if e.entity == USE_CASE:
                by_action[e.action][e.entity_id] = e.summary
        for action, summaries in by_action.items():
            versions.record_versions(
                session, list(summaries), who=who, action=action, summary=summaries, at=when
            )
    return db.bump_revision(session) if bump else db.revision_in(session)
