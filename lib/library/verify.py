"""'Still accurate': one click that says a use case was checked today, recorded with who.

The owner's digest and the stale lists ask for a review; most reviews end with nothing to
change. This sets `last_reviewed` to today without an edit, through the change history (so it
is in the use case's history with who and when, a version is kept, and every cached view
sees it at once).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine

from lib.core import db
from lib.core.access import Actor, acting_as_owner, may_as_owner
from lib.core.changes import Entry, record
from lib.core.models import UseCase

MARK = "mark use cases still accurate"


class VerifyError(ValueError):
    """The use case cannot be marked; the message says why."""


def may_mark(who: Actor, owner: str) -> bool:
    """Marketing and admins may mark any use case; its owner may mark their own."""
    return may_as_owner(who, MARK, owner)


def _who(who: str | Actor, owner: str) -> str:
    return acting_as_owner(who, MARK, owner, owner_is="owner", ask="confirm this use case")


def mark_still_accurate(
    engine: Engine, use_case_id: str, *, who: str | Actor, today: dt.date | None = None
) -> int:
    """Set the use case's review date to today; returns the use case's new version (an open
    editor reloads to it rather than calling the next save a conflict)."""
    day = today or dt.date.today()
    with db.unit_of_work(engine) as session:
        uc = session.get(UseCase, use_case_id)
        if uc is None:
            raise VerifyError(f"there is no use case {use_case_id}")
        if uc.status == "retired":
            raise VerifyError(f"{use_case_id} is retired; restore it before reviewing it")
        name = _who(who, uc.owner or "")
        before = uc.last_reviewed
        uc.last_reviewed = day
        uc.updated_at = dt.datetime.now()
        uc.updated_by = name
        session.flush()
        was = before.isoformat() if before else "never"
        record(
            session,
            [Entry(use_case_id, "review", f"still accurate (last reviewed: {was})")],
            who=name,
            keep_versions=True,
        )
        return uc.version
