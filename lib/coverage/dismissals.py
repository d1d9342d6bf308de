"""Gaps marketing decided not to fill: dismissed with a reason, recorded, and undoable.

A cell such as Education x CISO may be a real cell that the business has chosen not to sell
into this year; dismissing it keeps it out of the gap list and the gap count, while the
reason, who dismissed it and when stay visible on the page, and restoring it brings it back.
Each dismissal and restore goes through the one change-history writer, which also bumps the
library revision so every cached coverage view updates at once.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from lib.core import changes, db
from lib.core.access import Actor, ensure
from lib.core.models import GapDismissal, Persona, Segment

MAX_REASON = 500
ACTION = "dismiss coverage gaps"  # the right it needs (lib.core.access)
GAP = "gap"  # the change history's entity for a coverage cell


class DismissalError(ValueError):
    """A dismissal or restore that cannot be done; the message says what is wrong."""


@dataclass(frozen=True)
class Dismissal:
    industry: str
    persona: str
    reason: str
    who: str
    at: dt.datetime


def load_dismissals(engine: Engine) -> list[Dismissal]:
    """Every dismissed gap, the most recent first."""
    with Session(engine) as session:
        rows = session.scalars(
            select(GapDismissal).order_by(
                GapDismissal.at.desc(), GapDismissal.industry, GapDismissal.persona
            )
        ).all()
        return [Dismissal(r.industry, r.persona, r.reason, r.who, r.at) for r in rows]


def dismissed_cells(dismissals: list[Dismissal]) -> frozenset[tuple[str, str]]:
    """The (industry, persona) cells to leave out of the gaps, for `coverage_report`."""
    return frozenset((d.industry, d.persona) for d in dismissals)


def _cell_name(industry: str, persona: str) -> str:
    return f"{industry} × {persona}"


def dismiss_gap(
    engine: Engine,
    industry: str,
    persona: str,
    reason: str,
    *,
    actor: Actor,
    now: dt.datetime | None = None,
) -> Dismissal:
    """Dismiss the industry x persona gap for `reason`, as `actor` (marketing or admin).

    Refuses (`NotAllowed`) a role that may not, and (`DismissalError`) a blank reason, an
    unknown industry or persona, or a gap already dismissed.
    """
    ensure(actor, ACTION)
    reason = " ".join((reason or "").split())
    who = actor.who
    cell = _cell_name(industry, persona)
    if not reason:
        raise DismissalError(f"Say why the gap {cell} is dismissed: the reason is empty.")
    if len(reason) > MAX_REASON:
        raise DismissalError(
            f"The reason for dismissing {cell} is {len(reason)} characters long; "
            f"keep it to {MAX_REASON}."
        )
    at = now or dt.datetime.now().replace(microsecond=0)
    with db.unit_of_work(engine) as session:
        segment = session.get(Segment, industry)
        if segment is None or segment.kind != "industry":
            raise DismissalError(f"{industry!r} is not an industry of the library.")
        if session.get(Persona, persona) is None:
            raise DismissalError(f"{persona!r} is not a persona of the library.")
        row = session.get(GapDismissal, (industry, persona))
        if row is not None:
            raise DismissalError(
                f"The gap {cell} was already dismissed by {row.who} on {row.at:%Y-%m-%d}."
            )
        session.add(GapDismissal(industry=industry, persona=persona, reason=reason, who=who, at=at))
        session.flush()
        changes.record(session, [changes.Entry(cell, "dismiss", reason, GAP)], who=who, at=at)
    return Dismissal(industry, persona, reason, who, at)


def restore_gap(
    engine: Engine, industry: str, persona: str, *, actor: Actor, now: dt.datetime | None = None
) -> None:
    """Undo a dismissal as `actor`: the gap counts again. Refuses a cell that is not dismissed."""
    ensure(actor, ACTION)
    who = actor.who
    cell = _cell_name(industry, persona)
    at = now or dt.datetime.now().replace(microsecond=0)
    with db.unit_of_work(engine) as session:
        row = session.get(GapDismissal, (industry, persona))
        if row is None:
            raise DismissalError(f"The gap {cell} is not dismissed, so there is nothing to undo.")
        summary = f"dismissed by {row.who} on {row.at:%Y-%m-%d}: {row.reason}"
        session.delete(row)
        session.flush()
        changes.record(session, [changes.Entry(cell, "restore", summary, GAP)], who=who, at=at)
